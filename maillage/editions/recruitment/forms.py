"""Recruitment's forms. `ApplicationForm` is the one validator of an application: the public
form, each row of an imported file and the API all go through it, so they accept and refuse the
same things with the same messages (in the user's language)."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Edition, Group, Membership
from maillage.editions.recruitment.models import (
    MAX_WEIGHT,
    Application,
    RecruitmentSettings,
    settings_for,
)
from maillage.territories.models import ActivityCode, Commune
from maillage.territories.validators import compact_number, validate_siret

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


def fold(text: str) -> str:
    """Lower case without accents nor surrounding spaces: how labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def find_activity(code: str) -> ActivityCode | None:
    """A NAF rev. 2 sub-class from "25.62A", "2562A" or "25.62 a"."""
    compact = compact_number(code).upper().replace(".", "")
    if len(compact) != 5:
        return None
    return ActivityCode.objects.filter(
        nomenclature=ActivityCode.Nomenclature.NAF_REV2, code=f"{compact[:2]}.{compact[2:]}"
    ).first()


def find_communes(value: str, territory_commune_ids: set[int] | None = None) -> list[Commune]:
    """Communes matching an INSEE code or a name, accents and case aside (several when the name
    is ambiguous; the territory's own first)."""
    value = value.strip()
    if len(value) == 5 and value[:2].isalnum() and value[2:].isdigit():
        return list(Commune.objects.filter(insee_code=value.upper()))
    folded = fold(value)
    if not folded:
        return []
    # Names are compared without accents: narrow by length, then compare in Python.
    candidates = Commune.objects.annotate(name_length=Length("name")).filter(name_length=len(value))
    matches: list[Commune] = [c for c in candidates if fold(c.name) == folded]
    if territory_commune_ids and len(matches) > 1:
        matches = [c for c in matches if c.pk in territory_commune_ids] or matches
    return matches


class Lookups:
    """NAF codes and communes looked up once per distinct value (an import asks many times)."""

    def __init__(self) -> None:
        self._activities: dict[str, ActivityCode | None] = {}
        self._communes: dict[str, list[Commune]] = {}
        self.territory_commune_ids: dict[int, set[int]] = {}

    def activity(self, code: str) -> ActivityCode | None:
        key = code.strip().upper()
        if key not in self._activities:
            self._activities[key] = find_activity(key)
        return self._activities[key]

    def communes(self, value: str, territory_commune_ids: set[int]) -> list[Commune]:
        key = fold(value)
        if key not in self._communes:
            self._communes[key] = find_communes(value, territory_commune_ids)
        return self._communes[key]

    def commune_ids_of_territory(self, territory_id: int) -> set[int]:
        if territory_id not in self.territory_commune_ids:
            self.territory_commune_ids[territory_id] = set(
                Commune.objects.filter(territories=territory_id).values_list("id", flat=True)
            )
        return self.territory_commune_ids[territory_id]

    def commune_ids_of(self, edition: Edition) -> set[int]:
        return self.commune_ids_of_territory(edition.territory_id)


class ApplicationForm(forms.Form):
    """An application to `edition`, checked against the territory's rules."""

    role = forms.ChoiceField(label=_("Vous candidatez comme"), choices=Membership.Role.choices)
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Adresse e-mail"))
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    job_title = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    company_name = forms.CharField(label=_("Entreprise"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres : le numéro de l'établissement où vous travaillez."),
    )
    naf = forms.CharField(
        label=_("Code NAF (APE)"),
        max_length=10,
        required=False,
        help_text=_("Par exemple 25.62A. Pour un animateur : celui de son employeur."),
    )
    headcount = forms.IntegerField(
        label=_("Effectif salarié"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Obligatoire pour les dirigeants."),
    )
    creation_year = forms.IntegerField(
        label=_("Année de création de l'entreprise"),
        min_value=1800,
        required=False,
        help_text=_("Obligatoire pour les dirigeants."),
    )
    commune = forms.CharField(
        label=_("Commune de l'entreprise"),
        max_length=200,
        help_text=_("Son nom ou son code INSEE."),
    )
    has_hired = forms.ChoiceField(
        label=_("L'entreprise a-t-elle déjà embauché ?"),
        choices=[("", "—"), *YES_NO],
        required=False,
    )
    needs = forms.CharField(
        label=_("Vos besoins, ce que vous attendez du programme"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wished_themes = forms.MultipleChoiceField(
        label=_("Thématiques souhaitées"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expertise = forms.MultipleChoiceField(
        label=_("Thématiques où vous apportez une expertise (animateurs)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_weekdays = forms.TypedMultipleChoiceField(
        label=_("Jours possibles pour les rencontres"),
        choices=Group.Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_moments = forms.MultipleChoiceField(
        label=_("Moments possibles"),
        choices=Application.Moment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    declared_conflicts = forms.CharField(
        label=_("Concurrents ou conflits d'intérêts"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Les entreprises (nom, SIREN ou SIRET) avec lesquelles vous ne souhaitez pas être "
            "dans le même groupe, une par ligne."
        ),
    )

    LEADER_ONLY = ("headcount", "creation_year")

    def __init__(
        self,
        *args: Any,
        edition: Edition,
        rules: RecruitmentSettings | None = None,
        taken_emails: set[str] | None = None,
        lookups: Lookups | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.rules = rules or settings_for(edition.territory)
        self.taken_emails = taken_emails
        self.lookups = lookups or Lookups()
        themes = [(label, label) for label in self.rules.theme_choices]
        for name in ("wished_themes", "expertise"):
            cast(forms.MultipleChoiceField, self.fields[name]).choices = themes
        self.fields["siret"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        self.fields["phone"].widget.attrs.update(autocomplete="tel")
        self.fields["company_name"].widget.attrs.update(autocomplete="organization")
        if self.rules.must_have_hired:
            self.fields["has_hired"].help_text = _("Obligatoire pour les dirigeants.")
        else:
            del self.fields["has_hired"]

    @property
    def territory_commune_ids(self) -> set[int]:
        return self.lookups.commune_ids_of(self.edition)

    # Fields ----------------------------------------------------------------------------------

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if self.taken_emails is not None:
            taken = email in self.taken_emails
        else:
            taken = Application.objects.filter(edition=self.edition, email__iexact=email).exists()
        if taken:
            raise ValidationError(
                _("Une candidature avec cette adresse existe déjà pour cette édition."),
                code="duplicate",
            )
        return email

    def clean_siret(self) -> str:
        siret = compact_number(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_naf(self) -> ActivityCode | None:
        code = (self.cleaned_data.get("naf") or "").strip()
        if not code:
            return None
        activity = self.lookups.activity(code)
        if activity is None:
            raise ValidationError(
                _("« %(code)s » n'est pas un code NAF rév. 2 (par exemple 25.62A)."),
                code="naf",
                params={"code": code},
            )
        return activity

    def clean_creation_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("creation_year")
        if year is not None and year > datetime.date.today().year:
            raise ValidationError(_("Cette année n'est pas encore arrivée."), code="future")
        return year

    def clean_commune(self) -> Commune:
        value = self.cleaned_data["commune"]
        matches = self.lookups.communes(value, self.territory_commune_ids)
        if not matches:
            raise ValidationError(
                _("Commune inconnue : « %(value)s » (nom ou code INSEE)."),
                code="commune",
                params={"value": value},
            )
        if len(matches) > 1:
            raise ValidationError(
                _("Plusieurs communes s'appellent « %(value)s » : donnez son code INSEE."),
                code="ambiguous_commune",
                params={"value": value},
            )
        return matches[0]

    def clean_has_hired(self) -> bool | None:
        value = self.cleaned_data.get("has_hired")
        return {"yes": True, "no": False}.get(value or "")

    # Eligibility -----------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Membership.Role.LEADER:
            self._check_leader(data)
        elif "naf" not in self.errors and data.get("naf") is None:
            # Accepting a facilitator may create their employer, which needs its NAF code.
            self.add_error(
                "naf",
                ValidationError(
                    _("Indiquez le code NAF (APE) de votre employeur."), code="required"
                ),
            )
        return data

    def _check_leader(self, data: dict[str, Any]) -> None:
        required = {
            "naf": _("Indiquez le code NAF de votre entreprise."),
            "headcount": _("Indiquez l'effectif salarié de votre entreprise."),
            "creation_year": _("Indiquez l'année de création de votre entreprise."),
        }
        if "has_hired" in self.fields:
            required["has_hired"] = _("Répondez : l'entreprise a-t-elle déjà embauché ?")
        for name, message in required.items():
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, ValidationError(message, code="required"))
        rules = self.rules
        year = data.get("creation_year")
        if year is not None and "creation_year" not in self.errors:
            age = self.edition.opening_date.year - year
            if age < rules.min_firm_age_years:
                self.add_error(
                    "creation_year",
                    ValidationError(
                        _(
                            "L'entreprise doit avoir au moins %(years)d ans à l'ouverture du "
                            "programme (créée en %(year)d)."
                        ),
                        code="too_young",
                        params={"years": rules.min_firm_age_years, "year": year},
                    ),
                )
        if rules.must_have_hired and data.get("has_hired") is False:
            self.add_error(
                "has_hired",
                ValidationError(
                    _("Le programme s'adresse aux dirigeants qui ont déjà embauché."),
                    code="never_hired",
                ),
            )
        headcount = data.get("headcount")
        if (
            rules.max_headcount is not None
            and headcount is not None
            and headcount > rules.max_headcount
        ):
            self.add_error(
                "headcount",
                ValidationError(
                    _("Le programme s'adresse aux entreprises de %(max)d salariés au plus."),
                    code="too_large",
                    params={"max": rules.max_headcount},
                ),
            )
        commune = data.get("commune")
        if (
            rules.territory_communes_only
            and commune is not None
            and commune.pk not in self.territory_commune_ids
        ):
            self.add_error(
                "commune",
                ValidationError(
                    _("L'entreprise doit être installée sur le territoire (%(territory)s)."),
                    code="outside",
                    params={"territory": self.edition.territory.name},
                ),
            )

    def application_fields(self) -> dict[str, Any]:
        """The cleaned data as Application fields."""
        data = self.cleaned_data
        is_leader = data["role"] == Membership.Role.LEADER
        return {
            "role": data["role"],
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "email": data["email"],
            "phone": data.get("phone", "").strip(),
            "job_title": data.get("job_title", "").strip(),
            "company_name": data["company_name"].strip(),
            "siret": data["siret"],
            "activity": data.get("naf"),
            "headcount": data.get("headcount"),
            "creation_year": data.get("creation_year"),
            "commune": data["commune"],
            "has_hired": data.get("has_hired") if is_leader else None,
            "needs": data.get("needs", "").strip(),
            "wished_themes": list(data.get("wished_themes") or []),
            "expertise": list(data.get("expertise") or []) if not is_leader else [],
            "available_weekdays": sorted(data.get("available_weekdays") or []),
            "available_moments": list(data.get("available_moments") or []),
            "declared_conflicts": data.get("declared_conflicts", "").strip(),
        }


class PublicApplicationForm(ApplicationForm):
    """The public form adds the consent and a field people do not see (bots fill it in)."""

    consent = forms.BooleanField(
        label=_(
            "J'accepte que la CCI traite ces informations pour examiner ma candidature et "
            "constituer les groupes."
        ),
    )
    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The territory's communes are suggested as one types (a <datalist> on the page).
        self.fields["commune"].widget.attrs.update(list="communes", autocomplete="off")

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Laissez ce champ vide."), code="honeypot")
        return ""


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            (Application.Status.ACCEPTED, pgettext_lazy("decision", "Accepter")),
            (Application.Status.WAITLISTED, pgettext_lazy("decision", "Mettre en liste d'attente")),
            (Application.Status.DECLINED, pgettext_lazy("decision", "Refuser")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message au candidat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Joint à l'e-mail qui annonce la décision."),
    )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Nom, entreprise ou e-mail"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Application.Status.choices]
    )
    role = forms.ChoiceField(
        label=_("Rôle"), required=False, choices=[("", _("Tous")), *Membership.Role.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RecruitmentSettingsForm(forms.ModelForm[RecruitmentSettings]):
    themes = forms.CharField(
        label=_("Thématiques proposées"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Une par ligne."),
    )

    class Meta:
        model = RecruitmentSettings
        fields = [
            "min_firm_age_years",
            "must_have_hired",
            "max_headcount",
            "territory_communes_only",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["themes"].initial = "\n".join(self.instance.theme_choices)

    def clean_themes(self) -> list[str]:
        labels: list[str] = []
        for line in self.cleaned_data["themes"].splitlines():
            label = " ".join(line.split())
            if label and fold(label) not in {fold(x) for x in labels}:
                labels.append(label[:100])
        if not labels:
            raise ValidationError(_("Proposez au moins une thématique."), code="empty")
        return labels

    def save(self, commit: bool = True) -> RecruitmentSettings:
        self.instance.theme_choices = self.cleaned_data["themes"]
        return super().save(commit)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class HistoryUploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Un classeur Excel (.xlsx) ou plusieurs fichiers CSV"),
        help_text=_(
            "Une feuille (ou un fichier CSV) par sorte : editions, groupes, membres, "
            "rencontres, presences."
        ),
    )


class FormationRunForm(forms.Form):
    num_groups = forms.IntegerField(
        label=_("Nombre de groupes"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Vide : le plus petit nombre que permettent les tailles de groupe."),
    )
    time_limit = forms.IntegerField(
        label=_("Temps de calcul maximal (secondes)"), min_value=1, max_value=120, initial=10
    )
    seed = forms.IntegerField(
        label=_("Graine"),
        min_value=0,
        max_value=2**31 - 1,
        initial=1,
        help_text=_("La même graine redonne les mêmes groupes."),
    )
    # Only the ratios of the weights matter; a cap keeps their sum finite (1e308 each was taken).
    w_div = forms.FloatField(
        label=_("Poids : diversité des secteurs"), min_value=0, max_value=MAX_WEIGHT, initial=0.30
    )
    w_geo = forms.FloatField(
        label=_("Poids : proximité géographique"), min_value=0, max_value=MAX_WEIGHT, initial=0.30
    )
    w_size = forms.FloatField(
        label=_("Poids : mélange des tailles"), min_value=0, max_value=MAX_WEIGHT, initial=0.15
    )
    w_cov = forms.FloatField(
        label=_("Poids : thématiques couvertes par les animateurs"),
        min_value=0,
        max_value=MAX_WEIGHT,
        initial=0.25,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(f"w_{k}") for k in ("div", "geo", "size", "cov")]
        if all(w is not None for w in weights) and not sum(w for w in weights if w):
            raise ValidationError(_("Donnez un poids non nul à au moins un critère."))
        return data

    def weights(self) -> dict[str, float]:
        return {k: float(self.cleaned_data[f"w_{k}"]) for k in ("div", "geo", "size", "cov")}
