"""Forms: the answer form (built from a questionnaire's questions), creating a survey, adding a
question for the territory."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.editions.models import Edition, Group
from maillage.surveys.models import SurveyQuestion
from maillage.surveys.questionnaires import (
    ISOLATION_CODES,
    SENT_KINDS,
    AnswerType,
    Question,
    scale_choices,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class AnswerForm(forms.Form):
    """One field per question, in order; the comment is followed by the consent to quote it."""

    def __init__(self, *args: Any, questions: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.code] = self._field(question)
            if question.code == "comment":
                self.fields["quote_consent"] = forms.BooleanField(
                    label=_("J'accepte que ce commentaire soit cité, sans mon nom, dans le bilan."),
                    required=False,
                )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.label,
            "required": question.required,
            "help_text": question.help,
        }
        if question.type == AnswerType.TEXT:
            return forms.CharField(
                max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common
            )
        choices = [(str(value), label) for value, label in scale_choices(question)]
        if question.type == AnswerType.MULTI:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)

    def answers(self) -> dict[str, Any]:
        return {question.code: self.cleaned_data.get(question.code) for question in self.questions}

    def blocks(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in blocks for the page: the isolation scale together, then the others."""
        scale = [self[code] for code in ISOLATION_CODES if code in self.fields]
        rest = [self[name] for name in self.fields if name not in ISOLATION_CODES]
        blocks: list[tuple[str, list[forms.BoundField]]] = []
        if scale:
            blocks.append(("scale", scale))
        blocks.append(("other", rest))
        return blocks


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class SurveyForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Édition"), queryset=Edition.objects.none())
    group = forms.ModelChoiceField(
        label=_("Groupe"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("Tous les groupes de l'édition"),
    )
    kind = forms.ChoiceField(
        label=_("Questionnaire"), choices=[(k.value, k.label) for k in SENT_KINDS]
    )
    opens_at = forms.DateTimeField(label=_("Ouverture"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Clôture"), widget=DateTimeLocalInput())
    send = forms.BooleanField(
        label=_("Envoyer les invitations dès maintenant"), required=False, initial=True
    )

    def __init__(self, *args: Any, editions: QuerySet[Edition], **kwargs: Any) -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        kwargs.setdefault(
            "initial", {"opens_at": now, "closes_at": now + datetime.timedelta(days=21)}
        )
        super().__init__(*args, **kwargs)
        edition_field: Any = self.fields["edition"]
        edition_field.queryset = editions
        group_field: Any = self.fields["group"]
        group_field.queryset = Group.objects.filter(edition__in=editions).select_related("edition")
        group_field.label_from_instance = lambda group: f"{group.edition.number} · {group.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("La clôture doit suivre l'ouverture."))
        group, edition = data.get("group"), data.get("edition")
        if group is not None and edition is not None and group.edition_id != edition.pk:
            self.add_error("group", _("Ce groupe n'est pas de cette édition."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Questionnaire"), choices=[(k.value, k.label) for k in SENT_KINDS]
    )
    label = forms.CharField(label=_("Question"), max_length=300)
    type = forms.ChoiceField(
        label=_("Type de réponse"), choices=[(t.value, t.label) for t in SurveyQuestion.TYPES]
    )
    options = forms.CharField(
        label=_("Choix proposés"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour un choix dans une liste : un choix par ligne."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = [line.strip() for line in data.get("options", "").splitlines() if line.strip()]
        if data.get("type") == AnswerType.CHOICE and len(options) < 2:
            self.add_error("options", _("Proposez au moins deux choix."))
        data["options"] = options
        return data
