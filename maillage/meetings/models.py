"""Meetings of a group (and edition events), who attended, and the confidential minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Edition, Group
from maillage.territories.models import Company, Person


class Meeting(models.Model):
    """A monthly group meeting, or an edition event (opening, plenary, closing)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("rencontre du groupe")
        OPENING = "opening", _("cérémonie d'ouverture")
        PLENARY = "plenary", _("plénière")
        CLOSING = "closing", _("clôture")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "prévue")
        HELD = "held", pgettext_lazy("meeting status", "tenue")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "annulée")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="meetings")
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.GROUP)
    number = models.PositiveSmallIntegerField(_("numéro"), null=True, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    host_company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("entreprise d'accueil"),
    )
    venue_name = models.CharField(_("lieu"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse du lieu"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("rencontre")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="group", group__isnull=False) | ~models.Q(kind="group"),
                name="group_meeting_has_group",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
            models.Index(fields=["edition", "kind", "status"]),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.GROUP:
            return _("Rencontre n° %(number)s") % {"number": self.number}
        return str(self.get_kind_display())


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("présent")
        LATE = "late", _("en retard")
        EXCUSED = "excused", _("excusé")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("présence"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("présence")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} at {self.meeting_id}"


class Minutes(models.Model):
    """The meeting's minutes: confidential to the group (members and facilitators)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("compte rendu"))
    takeaways = models.TextField(_("enseignements partageables"), blank=True)
    takeaways_shared = models.BooleanField(_("enseignements partagés"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"
