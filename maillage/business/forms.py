"""Short forms, made for a phone: a few fields, sensible defaults."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.business.models import Contact, Idea, Referral
from maillage.editions.permissions import roles_of, visible_people
from maillage.meetings.models import Meeting
from maillage.territories.models import ActivityCode, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        company = obj.company.name if obj.company_id and obj.company else ""
        return f"{obj.full_name} ({company})" if company else obj.full_name


def _others(user: Any) -> Any:
    """The members the user may name: the directory's people (their groups, and those of the
    network who agreed to appear), not themselves."""
    people = visible_people(user)
    person_id = roles_of(user).person_id
    if person_id is not None:
        people = people.exclude(pk=person_id)
    return (
        people.filter(memberships__isnull=False)
        .distinct()
        .select_related("company")
        .order_by("last_name", "first_name")
    )


class ContactForm(forms.Form):
    other = PersonChoiceField(queryset=Person.objects.none(), label=_("Avec qui"))
    kind = forms.ChoiceField(
        label=_("Quoi"), choices=Contact.Kind.choices, widget=forms.RadioSelect, initial="call"
    )
    direction = forms.ChoiceField(
        label=_("Dans quel sens"),
        choices=[
            (Contact.Direction.GIVEN, _("J'ai appelé, visité ou aidé")),
            (Contact.Direction.RECEIVED, _("On m'a appelé, visité ou aidé")),
        ],
        widget=forms.RadioSelect,
        initial=Contact.Direction.GIVEN,
    )
    happened_on = forms.DateField(label=_("Quand"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = _others(user)  # type: ignore[attr-defined]


class ReferralForm(forms.Form):
    referee = PersonChoiceField(queryset=Person.objects.none(), label=_("Membre recommandé"))
    client = forms.CharField(label=_("Client ou prospect"), max_length=200)
    what = forms.CharField(label=_("Pour quoi"), max_length=500)
    given_on = forms.DateField(label=_("Quand"), widget=DateInput(), initial=timezone.localdate)
    warmth = forms.TypedChoiceField(
        label=_("À quel point le contact est chaud"),
        choices=Referral.Warmth.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=Referral.Warmth.TOLD_ABOUT,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referee"].queryset = _others(user)  # type: ignore[attr-defined]


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Referral.Status.choices)
    amount = forms.DecimalField(
        label=_("Montant (€), si gagnée"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label) for status in referral.next_statuses()
        ]


class ThanksForm(forms.Form):
    message = forms.CharField(label=_("Un mot (facultatif)"), max_length=300, required=False)


class IdeaForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label=_("Rencontre"))
    title = forms.CharField(label=_("L'idée à essayer"), max_length=200)
    description = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_on = forms.DateField(
        label=_("À revoir le (facultatif)"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m} · {m.starts_at:%d/%m/%Y}"  # type: ignore[attr-defined]


class IdeaUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), choices=Idea.Status.choices, required=False)
    result = forms.CharField(
        label=_("Résultat"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_on = forms.DateField(label=_("À revoir le"), required=False, widget=DateInput())


class OfferNeedForm(forms.Form):
    offer = forms.CharField(
        label=_("Ce que mon entreprise propose"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En quelques phrases, avec les mots de vos clients."),
    )
    need = forms.CharField(
        label=_("Ce dont mon entreprise a besoin"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need_activity = forms.CharField(
        label=_("Code NAF de l'activité recherchée (facultatif)"),
        max_length=10,
        required=False,
        help_text=_("Par exemple 69.20Z pour un expert-comptable."),
    )

    def clean_need_activity(self) -> ActivityCode | None:
        code = self.cleaned_data["need_activity"].strip().upper()
        if not code:
            return None
        activity = ActivityCode.objects.filter(code=code).order_by("-nomenclature").first()
        if activity is None:
            raise forms.ValidationError(_("Code NAF inconnu."))
        return activity


class SuggestionForm(forms.Form):
    need = forms.CharField(label=_("Votre besoin"), max_length=1000)
