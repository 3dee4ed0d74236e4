"""Forms of the meetings pages: input checking only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from maillage.core.api_input import EARLIEST_DAY, LATEST_DAY, MAX_INTEGER
from maillage.core.uploads import Kind, accepted_extensions, check_upload
from maillage.meetings import formats
from maillage.meetings.models import Attendance, Expert, Meeting, Rsvp


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)
    reason = forms.CharField(label=_("Motif (facultatif)"), max_length=200, required=False)


class AttendanceRowForm(forms.Form):
    person = forms.IntegerField(min_value=1, max_value=MAX_INTEGER)
    status = forms.ChoiceField(choices=Attendance.Status.choices)


# A meeting's day, within years the time zones handle (core.api_input).
MEETING_DAY_VALIDATORS = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]


class MoveForm(forms.Form):
    day = forms.DateField(
        label=_("Nouvelle date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=MEETING_DAY_VALIDATORS,
    )
    start = forms.TimeField(
        label=_("Début"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class ShiftForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Décaler cette rencontre et les suivantes de (semaines)"),
        min_value=-8,
        max_value=8,
        initial=1,
    )

    def clean_weeks(self) -> int:
        weeks: int = self.cleaned_data["weeks"]
        if weeks == 0:
            raise forms.ValidationError(_("Décalez d'au moins une semaine."))
        return weeks


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=200, required=False)
    # Cancelling tells every member at once and cannot be undone: one more tick, not one click.
    confirm = forms.BooleanField(
        label=_("Je confirme l'annulation : les membres en sont prévenus."),
        error_messages={"required": _("Cochez la case pour confirmer l'annulation.")},
    )


class VenueForm(forms.Form):
    host = forms.TypedChoiceField(label=_("Chez un membre"), coerce=int, required=False)
    venue_name = forms.CharField(label=_("Ou un autre lieu"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Adresse"), max_length=300, required=False)

    def __init__(self, *args: Any, hosts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", "—"), *hosts]  # type: ignore[attr-defined]


class AddMeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Meeting.Kind.choices)
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=MEETING_DAY_VALIDATORS,
    )
    start = forms.TimeField(label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}))
    venue_name = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Adresse"), max_length=300, required=False)


class ScheduleForm(forms.Form):
    rule = forms.CharField(
        label=_("Règle"),
        max_length=60,
        help_text=_("Par exemple « 3 THU 18:00-21:00 » : le 3e jeudi du mois, de 18 h à 21 h."),
    )
    count = forms.IntegerField(label=_("Nombre de rencontres"), min_value=1, max_value=60)
    avoid_school_holidays = forms.BooleanField(
        label=_("Éviter les vacances scolaires"), required=False
    )
    avoid_august = forms.BooleanField(label=_("Pas de rencontre en août"), required=False)


class AgendaItemForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=formats.CHOICES)
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=1, max_value=480, required=False
    )
    details = forms.CharField(
        label=_("Détails"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expert = forms.ModelChoiceField(
        label=_("Expert invité"), queryset=Expert.objects.none(), required=False
    )

    def __init__(self, *args: Any, territory_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(  # type: ignore[attr-defined]
            territory_id=territory_id
        )


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Nom du modèle"), max_length=100)


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Compte rendu (confidentiel au groupe)"), widget=forms.Textarea(attrs={"rows": 12})
    )
    takeaways = forms.CharField(
        label=_("Enseignements partageables (sans nom ni détail identifiant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=150)
    organisation = forms.CharField(label=_("Organisme"), max_length=200, required=False)
    topics = forms.CharField(label=_("Sujets"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, DOCX, XLSX ou ODT, 10 Mo au plus. Seul le groupe y aura accès."),
        widget=forms.FileInput(attrs={"accept": accepted_extensions(Kind.DOCUMENT)}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload, Kind.DOCUMENT)
        return upload
