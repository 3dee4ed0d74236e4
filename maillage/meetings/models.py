"""Meetings of a group (and edition events), who attended, and the confidential minutes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.uploads import delete_after_commit, extension_of, generated_name
from maillage.editions.models import Edition, Group
from maillage.meetings import formats
from maillage.territories.models import Company, Person, Territory


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
    # The member whose firm hosts the meeting (host_company is then that member's company).
    host = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("hôte"),
    )
    # iCalendar SEQUENCE: incremented on each change members must know of (date, venue, status).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(_("modifiée le"), default=timezone.now, editable=False)
    # A member the facilitators named to write the minutes (facilitators always may).
    minutes_writer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rédacteur du compte rendu"),
    )
    # The run view: the agenda item under way and since when (None: not started).
    run_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    run_item_started_at = models.DateTimeField(null=True, blank=True)

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

    @property
    def is_group_meeting(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def venue_label(self) -> str:
        """Where: the venue's name, or the host's company."""
        if self.venue_name:
            return self.venue_name
        return self.host_company.name if self.host_company is not None else ""

    @property
    def venue_full_address(self) -> str:
        """The venue's address, or the host company's (street and commune)."""
        if self.venue_address:
            return self.venue_address
        company = self.host_company
        if company is None:
            return ""
        parts = [company.address]
        if company.commune is not None:
            parts.append(f"{company.commune.postal_code} {company.commune.name}".strip())
        return ", ".join(part for part in parts if part)


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


class Rsvp(models.Model):
    """A member's answer before the meeting: coming or not (with a reason)."""

    class Answer(models.TextChoices):
        YES = "yes", _("je viens")
        NO = "no", _("je ne viens pas")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(_("réponse"), max_length=3, choices=Answer.choices)
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse à une invitation")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="unique_rsvp")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.answer} to {self.meeting_id}"


class AbsenceAlert(models.Model):
    """Facilitators and the project manager were told that a member missed N meetings in a row;
    one alert per meeting that reached the threshold."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absence_alerts")
    absences = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "meeting"], name="unique_absence_alert")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} absent {self.absences} times up to {self.meeting_id}"


class HostingPreference(models.Model):
    """A member who does not wish to host (no row: willing)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    willing = models.BooleanField(_("accepte d'accueillir"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="unique_hosting_preference")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} willing={self.willing} in {self.group_id}"


class Minutes(models.Model):
    """The meeting's minutes: confidential to the group (members and facilitators).

    Every save through `minutes_write` adds a `MinutesRevision`. The shareable takeaways are
    de-identified lessons the group may publish (`takeaways_shared`) to the territory's staff.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("compte rendu"))
    takeaways = models.TextField(_("enseignements partageables"), blank=True)
    takeaways_shared = models.BooleanField(_("enseignements partagés"), default=False)
    takeaways_shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"


class MinutesRevision(models.Model):
    """One saved version of the minutes: text, takeaways, who and when."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    takeaways = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.minutes_id} at {self.created_at:%Y-%m-%d %H:%M}"


def document_path(document: MeetingDocument, filename: str) -> str:
    """A document is stored under a random name; its title is kept in the database."""
    return generated_name("meeting-documents", extension_of(filename))


class MeetingDocument(models.Model):
    """A file shared with the group for a meeting (slides, a handout): confidential to the group
    like the minutes. Checked by core.uploads (PDF, DOCX, XLSX, ODT); served by the
    `meetings:document` view only, as an attachment."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=200)
    size = models.PositiveIntegerField(_("taille"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document de rencontre")
        verbose_name_plural = _("documents de rencontre")

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return extension_of(self.file.name or "")


@receiver(post_delete, sender=MeetingDocument)
def _document_file_delete(sender: Any, instance: MeetingDocument, **kwargs: Any) -> None:
    """However the row goes (removed, or with its meeting), its file goes once that commits."""
    delete_after_commit(instance.file)


class Expert(models.Model):
    """An invited expert, in the directory shared by the territory's groups."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("nom"), max_length=150)
    organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    topics = models.CharField(_("sujets"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    """One timed item of a meeting's agenda, built from a session format."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    format = models.CharField(_("format"), max_length=20, choices=formats.CHOICES)
    title = models.CharField(_("titre"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    position = models.PositiveSmallIntegerField(default=0)
    details = models.TextField(_("détails"), blank=True)
    expert = models.ForeignKey(
        Expert, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("point de l'ordre du jour")
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="agenda_item_timed")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def session_format(self) -> formats.SessionFormat:
        return formats.get_format(self.format)


class AgendaTemplate(models.Model):
    """A group's saved agenda: a list of {format, title, minutes, details}."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="agenda_templates")
    name = models.CharField(_("nom"), max_length=100)
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="unique_agenda_template")
        ]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A person's private calendar feed: the URL holds a secret whose hash only is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.person_id}"


class ReminderDelivery(models.Model):
    """One email to one person about one meeting, sent exactly once.

    The row is created (unique per meeting, person and kind) before anything is sent; a worker
    claims it with one conditional UPDATE (pending → sending, attempts + 1), sends, then marks it
    sent. A worker that dies while sending leaves it `sending`: after `LEASE` it may be claimed
    again, so that one message may be sent twice at most. A failed send goes back to pending
    (retried later) until MAX_ATTEMPTS, then stays failed.
    """

    class Kind(models.TextChoices):
        WEEK = "week", _("rappel à 7 jours")
        DAY = "day", _("rappel la veille")
        CATCH_UP = "catch_up", _("séance de rattrapage")

    class State(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")
        SKIPPED = "skipped", _("sans objet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind"], name="unique_reminder_delivery"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.person_id} for {self.meeting_id}: {self.state}"
