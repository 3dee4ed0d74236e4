"""Recruitment's data: the territory's rules, the applications, the formation runs.

Re-exported by `maillage.editions.models` (the app's models module), where Django and readers
look for them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Edition, Membership
from maillage.territories.models import ActivityCode, Commune, Company, Person, Territory

# The themes offered on the application form until the territory sets its own: the themes
# groups took most often (DESIGN.md). Stored as labels: this app sits below the themes app.
DEFAULT_THEME_CHOICES = [
    "Développement commercial",
    "Communication interne",
    "Financement de la stratégie commerciale",
    "Entretien annuel d'évaluation",
    "Business plan",
    "Motivation des salariés",
    "Gestion du stress",
    "Recrutement",
    "Transformation numérique",
    "Transmission d'entreprise",
]


def default_theme_choices() -> list[str]:
    return list(DEFAULT_THEME_CHOICES)


# Each formation criterion's weight, at most (only the ratios of the weights matter).
MAX_WEIGHT = 100.0


class RecruitmentSettings(models.Model):
    """What a territory asks of its applicants (eligibility) and offers them (themes).

    A territory without a row uses the defaults (`settings_for`)."""

    territory = models.OneToOneField(
        Territory, on_delete=models.CASCADE, related_name="recruitment_settings"
    )
    min_firm_age_years = models.PositiveSmallIntegerField(
        _("âge minimal de l'entreprise (années)"), default=3
    )
    must_have_hired = models.BooleanField(_("l'entreprise doit avoir déjà embauché"), default=True)
    max_headcount = models.PositiveIntegerField(
        _("effectif maximal"),
        null=True,
        blank=True,
        default=249,
        help_text=_("Vide : pas de limite."),
    )
    territory_communes_only = models.BooleanField(
        _("entreprise installée sur une commune du territoire"), default=False
    )
    theme_choices = models.JSONField(_("thématiques proposées"), default=default_theme_choices)

    class Meta:
        verbose_name = _("règles de recrutement")
        verbose_name_plural = _("règles de recrutement")

    def __str__(self) -> str:
        return f"recruitment settings of {self.territory_id}"


def settings_for(territory: Territory) -> RecruitmentSettings:
    """The territory's rules, or the defaults (unsaved) when it has not set any."""
    found = RecruitmentSettings.objects.filter(territory=territory).first()
    return found or RecruitmentSettings(territory=territory)


class Application(models.Model):
    """A person applies to an edition, as leader (with their firm) or facilitator (lent by their
    employer). The project manager accepts, waitlists or declines it; accepting links it to a
    `Person` (and `Company`) of the programme, created when needed."""

    Role = Membership.Role

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application status", "à examiner")
        ACCEPTED = "accepted", pgettext_lazy("application status", "acceptée")
        WAITLISTED = "waitlisted", pgettext_lazy("application status", "en liste d'attente")
        DECLINED = "declined", pgettext_lazy("application status", "refusée")

    class Source(models.TextChoices):
        FORM = "form", _("formulaire")
        IMPORT = "import", _("import")
        API = "api", _("API")

    class Moment(models.TextChoices):
        MORNING = "morning", _("matin")
        LUNCH = "lunch", _("midi")
        EVENING = "evening", _("soir")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="applications")
    role = models.CharField(_("rôle"), max_length=12, choices=Membership.Role.choices)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # Identity
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    # The firm (a leader's own, a facilitator's employer)
    company_name = models.CharField(_("entreprise"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14)
    activity = models.ForeignKey(
        ActivityCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code NAF"),
    )
    headcount = models.PositiveIntegerField(_("effectif salarié"), null=True, blank=True)
    creation_year = models.PositiveSmallIntegerField(_("année de création"), null=True, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    # Eligibility answers (the rules are the territory's: RecruitmentSettings)
    has_hired = models.BooleanField(_("a déjà embauché"), null=True, blank=True)
    # Needs and themes (labels: the themes app sits above this one)
    needs = models.TextField(_("besoins"), blank=True)
    wished_themes = models.JSONField(_("thématiques souhaitées"), default=list, blank=True)
    expertise = models.JSONField(_("thématiques d'expertise"), default=list, blank=True)
    # Availability
    available_weekdays = models.JSONField(_("jours possibles"), default=list, blank=True)
    available_moments = models.JSONField(_("moments possibles"), default=list, blank=True)
    # Declared competitors or conflicts of interest: firm names or SIREN/SIRET, one a line
    declared_conflicts = models.TextField(_("concurrents ou conflits d'intérêts"), blank=True)

    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices)
    submitted_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    decision_message = models.TextField(_("message au candidat"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )

    class Meta:
        ordering = ["edition", "-submitted_at", "pk"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="unique_application_email")
        ]
        indexes = [models.Index(fields=["edition", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def headcount_band(self) -> str:
        return headcount_band(self.headcount)

    def position(self) -> tuple[float, float] | None:
        """Where the person meets from: their firm once linked, else the commune."""
        company = self.person.company if self.person is not None else None
        if company is not None and company.latitude is not None and company.longitude is not None:
            return company.latitude, company.longitude
        if self.commune.latitude is not None and self.commune.longitude is not None:
            return self.commune.latitude, self.commune.longitude
        return None


def headcount_band(headcount: int | None) -> str:
    """The band of a headcount (TPE under 10, PME under 250, ETI under 5,000, else GE)."""
    if headcount is None or headcount < 10:
        return Company.HeadcountBand.TPE
    if headcount < 250:
        return Company.HeadcountBand.PME
    if headcount < 5000:
        return Company.HeadcountBand.ETI
    return Company.HeadcountBand.GE


class FormationRun(models.Model):
    """One run of the formation engine on an edition's accepted applications, then the project
    manager's adjustments (moves, locks) until it is published as groups.

    `instance` is the engine's JSON input (ids are application ids); `result` its JSON output,
    kept current through the manual moves (scores recomputed); `locked` the application ids the
    next run keeps in their group.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("formation run", "en attente")
        RUNNING = "running", pgettext_lazy("formation run", "en cours")
        DONE = "done", pgettext_lazy("formation run", "proposée")
        FAILED = "failed", pgettext_lazy("formation run", "sans solution")
        PUBLISHED = "published", pgettext_lazy("formation run", "publiée")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="formation_runs")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    seed = models.IntegerField(default=0)
    time_limit_s = models.FloatField(default=10.0)
    max_iterations = models.PositiveIntegerField(null=True, blank=True)
    instance = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    engine_objective = models.FloatField(null=True, blank=True)
    locked = models.JSONField(default=list)
    moves = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["edition", "-created_at", "-pk"]
        verbose_name = _("constitution des groupes")
        verbose_name_plural = _("constitutions des groupes")

    def __str__(self) -> str:
        return f"formation run {self.pk} of {self.edition_id}"

    @property
    def groups(self) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = self.result.get("groups", [])
        return groups

    @property
    def is_open(self) -> bool:
        """Still adjustable: proposed, not published."""
        return self.status == self.Status.DONE
