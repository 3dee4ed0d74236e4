"""Editions of the programme, their groups and who is in them (memberships)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.territories.models import Person, Territory


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # The 31st of a 30-day month is the 30th: clamp to the month's last day.
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class EditionStatus(models.TextChoices):
    RECRUITING = "recruiting", pgettext_lazy("edition status", "recrutement")
    FORMING = "forming", pgettext_lazy("edition status", "constitution des groupes")
    RUNNING = "running", pgettext_lazy("edition status", "en cours")
    CLOSED = "closed", pgettext_lazy("edition status", "terminée")


class EditionQuerySet(models.QuerySet["Edition"]):
    def with_status(self, today: datetime.date | None = None) -> EditionQuerySet:
        """Annotate `status_db`: the derived status, usable in filters and ordering."""
        today = today or timezone.localdate()
        return self.annotate(
            status_db=models.Case(
                models.When(closing_date__lte=today, then=models.Value(EditionStatus.CLOSED)),
                models.When(opening_date__lte=today, then=models.Value(EditionStatus.RUNNING)),
                default=models.F("preparation_status"),
                output_field=models.CharField(),
            )
        )


def edition_title(number: int, territory_name: str) -> str:
    """How an edition is named everywhere: "4e programme en Roannais" ("1er", the first)."""
    if number == 1:
        return _("1er programme en %(territory)s") % {"territory": territory_name}
    return _("%(number)se programme en %(territory)s") % {
        "number": number,
        "territory": territory_name,
    }


def edition_label(number: int) -> str:
    """An edition by its number alone: "4e programme", "1er programme"."""
    if number == 1:
        return str(_("1er programme"))
    return _("%(number)se programme") % {"number": number}


class Edition(models.Model):
    """One two-year programme in a territory ("4e programme en Roannais").

    Its status is derived from its dates: before the opening it is recruiting or forming (the
    project manager moves it on), from the opening running, from the closing date closed.
    """

    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(_("numéro"))
    opening_date = models.DateField(_("date d'ouverture"))
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), default=24)
    closing_date = models.DateField(_("date de clôture"), editable=False)
    preparation_status = models.CharField(
        _("étape de préparation"),
        max_length=10,
        choices=[
            (EditionStatus.RECRUITING.value, EditionStatus.RECRUITING.label),
            (EditionStatus.FORMING.value, EditionStatus.FORMING.label),
        ],
        default=EditionStatus.RECRUITING,
    )
    min_leaders = models.PositiveSmallIntegerField(_("dirigeants par groupe (min.)"), default=10)
    max_leaders = models.PositiveSmallIntegerField(_("dirigeants par groupe (max.)"), default=12)
    facilitators_per_group = models.PositiveSmallIntegerField(_("animateurs par groupe"), default=3)
    absence_alert_threshold = models.PositiveSmallIntegerField(
        _("alerte après absences consécutives"),
        default=3,
        help_text=_(
            "Les animateurs et le chef de projet sont alertés quand un membre manque autant "
            "de rencontres de suite."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["territory", "-number"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="unique_edition_number"),
            models.CheckConstraint(
                condition=models.Q(min_leaders__lte=models.F("max_leaders")),
                name="edition_leader_bounds_ordered",
            ),
        ]
        indexes = [models.Index(fields=["opening_date", "closing_date"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.closing_date = add_months(self.opening_date, self.duration_months)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def title(self) -> str:
        return edition_title(self.number, self.territory.name)

    def status_on(self, today: datetime.date) -> EditionStatus:
        if today >= self.closing_date:
            return EditionStatus.CLOSED
        if today >= self.opening_date:
            return EditionStatus.RUNNING
        return EditionStatus(self.preparation_status)

    @property
    def status(self) -> EditionStatus:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.status.label)


class Group(models.Model):
    """10–12 leaders and 3 facilitators who meet once a month for two years."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("nom"), max_length=100)
    meeting_weekday = models.PositiveSmallIntegerField(
        _("jour de rencontre"), choices=Weekday.choices, null=True, blank=True
    )
    meeting_time = models.TimeField(_("heure de rencontre"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "name"]
        verbose_name = _("groupe")
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person in a group, as leader or facilitator. Alumni: active members of a closed edition."""

    class Role(models.TextChoices):
        LEADER = "leader", _("dirigeant")
        FACILITATOR = "facilitator", _("animateur")

    class Status(models.TextChoices):
        ACTIVE = "active", _("actif")
        LEFT = "left", _("parti")
        ALUMNI = "alumni", _("ancien")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices)
    joined_on = models.DateField(_("arrivé le"))
    left_on = models.DateField(_("parti le"), null=True, blank=True)

    class Meta:
        ordering = ["group", "role", "person__last_name"]
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(fields=["person", "group"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["group", "role"])]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.group_id} ({self.role})"

    def status_on(self, today: datetime.date) -> Membership.Status:
        if self.left_on is not None and self.left_on <= today:
            return self.Status.LEFT
        if today >= self.group.edition.closing_date:
            return self.Status.ALUMNI
        return self.Status.ACTIVE

    @property
    def status(self) -> Membership.Status:
        return self.status_on(timezone.localdate())


class CharterAcceptance(models.Model):
    """A member accepted the group's confidentiality charter, in this version, at this time.

    One row per version: accepting a new version adds a row, the old ones stay as the record.
    The charter itself, its version and the check live in `editions.charter`.
    """

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="charter_acceptances"
    )
    version = models.CharField(_("version de la charte"), max_length=20)
    accepted_at = models.DateTimeField(_("acceptée le"), default=timezone.now)

    class Meta:
        ordering = ["membership", "-accepted_at"]
        verbose_name = _("acceptation de la charte")
        verbose_name_plural = _("acceptations de la charte")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "version"], name="unique_charter_acceptance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} accepted charter {self.version}"


class Invitation(models.Model):
    """An emailed invitation to join as leader or facilitator of a group, or as project manager
    of a territory. Single use, valid 14 days; only the hash of its token is stored.

    The services are in `editions.invitations`: staff of the territory send them; accepting
    creates the account if needed and the role row (a membership, or a project manager).
    """

    class Role(models.TextChoices):
        LEADER = "leader", _("dirigeant")
        FACILITATOR = "facilitator", _("animateur")
        PROJECT_MANAGER = "project_manager", _("chef de projet")

    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="project_manager", group__isnull=True)
                    | models.Q(role__in=["leader", "facilitator"], group__isnull=False)
                ),
                name="invitation_group_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.role})"


# Recruitment (applications, the territory's rules, formation runs): maillage/editions/recruitment.
from maillage.editions.recruitment.models import Application as Application  # noqa: E402
from maillage.editions.recruitment.models import FormationRun as FormationRun  # noqa: E402
from maillage.editions.recruitment.models import (  # noqa: E402
    RecruitmentSettings as RecruitmentSettings,
)
