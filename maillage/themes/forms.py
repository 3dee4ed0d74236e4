"""Forms of the catalogue, the group's programme, ballots and the after-meeting pulse."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.territories.models import Network
from maillage.themes.models import Ballot, Theme, Wish

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_FREE_WISHES = 5


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une ou deux phrases : ce que le groupe y travaille."),
    )


class NewThemeForm(ThemeForm):
    network = forms.ModelChoiceField(
        label=_("Réseau"), queryset=Network.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network_field: Any = self.fields["network"]
        network_field.queryset = networks
        if networks.count() == 1:
            network_field.widget = forms.HiddenInput()
            network_field.initial = networks.first()


class ProposalForm(ThemeForm):
    """A member proposes a theme for the catalogue (their group may vote on it at once)."""


class WishForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Dans le catalogue"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.CharField(
        label=_("Avec vos mots"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un souhait par ligne, cinq au plus."),
    )

    def __init__(
        self,
        *args: Any,
        themes: QuerySet[Theme],
        shown: list[Theme] | None = None,
        **kwargs: Any,
    ) -> None:
        """`themes` checks the answer; `shown`, when the page has them already read, are the
        same themes in the order offered (no query to draw the form)."""
        super().__init__(*args, **kwargs)
        themes_field: Any = self.fields["themes"]
        themes_field.queryset = themes
        if shown is not None:
            themes_field.choices = [(theme.pk, str(theme)) for theme in shown]

    def clean_free(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["free"].splitlines() if line.strip()]
        if len(lines) > MAX_FREE_WISHES:
            raise forms.ValidationError(_("Cinq souhaits au plus, un par ligne."), code="too_many")
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError(_("300 caractères au plus par souhait."), code="long")
        return lines


class MergeForm(forms.Form):
    """Facilitators merge free-text wishes into a candidate theme: one of the catalogue (or the
    group's proposals), or a new one."""

    wishes = forms.ModelMultipleChoiceField(
        label=_("Souhaits à regrouper"),
        queryset=Wish.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.ModelChoiceField(
        label=_("Dans un thème existant"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("— un nouveau thème —"),
    )
    title = forms.CharField(label=_("Ou sous un nouveau thème"), max_length=200, required=False)

    def __init__(
        self, *args: Any, wishes: QuerySet[Wish], themes: QuerySet[Theme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        wishes_field: Any = self.fields["wishes"]
        wishes_field.queryset = wishes
        wishes_field.label_from_instance = lambda wish: wish.text
        theme_field: Any = self.fields["theme"]
        theme_field.queryset = themes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("theme") and not data.get("title", "").strip():
            raise forms.ValidationError(
                _("Choisissez un thème existant ou donnez un titre au nouveau."), code="target"
            )
        return data


class BallotForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Étape"), choices=Ballot.Kind.choices)
    method = forms.ChoiceField(
        label=_("Méthode"), choices=Ballot.Method.choices, widget=forms.RadioSelect
    )
    dots_per_member = forms.IntegerField(
        label=_("Gommettes par membre (vote par gommettes)"), min_value=1, max_value=50, initial=8
    )
    opens_at = forms.DateTimeField(label=_("Ouverture"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Clôture"), widget=DateTimeLocalInput())
    candidates = forms.ModelMultipleChoiceField(
        label=_("Thèmes candidats"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Au moins deux."),
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates_field: Any = self.fields["candidates"]
        candidates_field.queryset = themes
        if not self.is_bound and "opens_at" not in self.initial:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("closes_at", now + datetime.timedelta(days=14))
            self.initial.setdefault("method", Ballot.Method.SCHULZE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("La clôture doit suivre l'ouverture."))
        return data


USEFULNESS_CHOICES = [
    (5, _("5 – très utile")),
    (4, _("4 – utile")),
    (3, _("3 – moyennement")),
    (2, _("2 – peu utile")),
    (1, _("1 – pas utile")),
]


class AfterMeetingPulseForm(forms.Form):
    """The one short form after a meeting: the surveys' after-meeting questionnaire starts from
    it (and does not ask again what it holds)."""

    usefulness = forms.TypedChoiceField(
        label=_("Le thème de la séance vous a-t-il été utile ?"),
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    to_apply = forms.CharField(
        label=_("Une chose que vous allez appliquer (facultatif)"),
        max_length=300,
        required=False,
    )
    comment = forms.CharField(
        label=_("Un commentaire (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lu par le groupe, sans votre nom."),
    )
