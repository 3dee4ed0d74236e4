"""The catalogue of themes, the meeting ↔ theme link, the group's wishes and ballots, and the
after-meeting ratings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Group
from maillage.meetings.models import Meeting
from maillage.territories.models import Network, Person


class Theme(models.Model):
    """A practical theme of the network's catalogue, or a group's proposal to add one.

    A proposal (status `proposed`) is made from a group; that group may already put it to a
    ballot while project managers decide whether it joins the catalogue (`active`) or not
    (`declined`: it stays the group's own). A catalogue theme is retired rather than deleted:
    meetings and ratings keep pointing at it.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("theme status", "proposée")
        ACTIVE = "active", pgettext_lazy("theme status", "au catalogue")
        DECLINED = "declined", pgettext_lazy("theme status", "non retenue")
        RETIRED = "retired", pgettext_lazy("theme status", "retirée")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Where a proposal came from (empty for the starter catalogue and staff's own themes).
    proposed_in = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_themes",
        verbose_name=_("proposée par le groupe"),
    )
    proposed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("thématique")
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="unique_theme_slug")
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def in_catalogue(self) -> bool:
        return self.status == self.Status.ACTIVE


class MeetingTheme(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meeting_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="meeting_themes")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "theme"], name="unique_meeting_theme")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} at {self.meeting_id}"


class Wish(models.Model):
    """One wish of a member for the group's programme: a catalogue pick or a free text.

    Facilitators merge similar wishes into a candidate theme (`candidate`); a pick is its own
    candidate from the start.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="theme_wishes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="theme_wishes")
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="picks"
    )
    text = models.CharField(_("souhait"), max_length=300, blank=True)
    candidate = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_wishes"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("souhait de thème")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(theme__isnull=False) & models.Q(text=""))
                | (models.Q(theme__isnull=True) & ~models.Q(text="")),
                name="wish_is_pick_or_text",
            ),
            models.UniqueConstraint(
                fields=["group", "person", "theme"],
                condition=models.Q(theme__isnull=False),
                name="unique_wish_pick",
            ),
        ]

    def __str__(self) -> str:
        return f"wish of {self.person_id} in {self.group_id}"


class BallotState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("ballot state", "en préparation")
    OPEN = "open", pgettext_lazy("ballot state", "ouvert")
    CLOSED = "closed", pgettext_lazy("ballot state", "clos")


class BallotQuerySet(models.QuerySet["Ballot"]):
    def with_state(self, now: datetime.datetime | None = None) -> BallotQuerySet:
        """Annotate `state_db`: the derived state, usable in filters and ordering."""
        now = now or timezone.now()
        return self.annotate(
            state_db=models.Case(
                models.When(closes_at__lte=now, then=models.Value(BallotState.CLOSED)),
                models.When(opens_at__lte=now, then=models.Value(BallotState.OPEN)),
                default=models.Value(BallotState.DRAFT),
                output_field=models.CharField(),
            )
        )

    def open_at(self, now: datetime.datetime | None = None) -> BallotQuerySet:
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class Ballot(models.Model):
    """A vote of the group on candidate themes, open between two dates.

    The state is derived from the dates, never stored: draft before `opens_at`, open until
    `closes_at`, then closed. Closing early moves `closes_at` to now (`close()`).
    """

    class Method(models.TextChoices):
        SCHULZE = "schulze", _("classement (méthode de Schulze)")
        APPROVAL = "approval", _("vote par approbation")
        DOTS = "dots", _("vote par gommettes")

    class Kind(models.TextChoices):
        LAUNCH = "launch", _("programme de lancement")
        MIDTERM = "midterm", _("mi-parcours")
        OTHER = "other", _("autre")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ballots")
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("étape"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    method = models.CharField(
        _("méthode"), max_length=10, choices=Method.choices, default=Method.SCHULZE
    )
    dots_per_member = models.PositiveSmallIntegerField(
        _("gommettes par membre"), default=8, validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    candidates = models.ManyToManyField(
        Theme, through="BallotCandidate", related_name="ballots", verbose_name=_("candidats")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the facilitators laid the result on the group's meetings (None: not yet).
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("scrutin")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="ballot_closes_after"
            )
        ]
        indexes = [models.Index(fields=["group", "opens_at"])]

    def __str__(self) -> str:
        return self.title

    def state_at(self, now: datetime.datetime) -> BallotState:
        if now >= self.closes_at:
            return BallotState.CLOSED
        if now >= self.opens_at:
            return BallotState.OPEN
        return BallotState.DRAFT

    @property
    def state(self) -> BallotState:
        return self.state_at(timezone.now())

    def get_state_display(self) -> str:
        return str(self.state.label)

    def close(self, now: datetime.datetime | None = None) -> None:
        """Close an open ballot now (sets `closes_at`; the caller saves). Refuses a draft or a
        closed ballot."""
        now = now or timezone.now()
        if self.state_at(now) != BallotState.OPEN:
            raise ValidationError(_("Seul un scrutin ouvert peut être clos."), code="not_open")
        self.closes_at = now

    def open(self, now: datetime.datetime | None = None) -> None:
        """Open a draft ballot now (sets `opens_at`; the caller saves)."""
        now = now or timezone.now()
        if self.state_at(now) != BallotState.DRAFT:
            raise ValidationError(
                _("Seul un scrutin en préparation peut être ouvert."), code="not_draft"
            )
        self.opens_at = now


class BallotCandidate(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="ballot_candidates")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "theme"], name="unique_ballot_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} on {self.ballot_id}"


class Vote(models.Model):
    """A member's ballot paper, changeable until the close. `choice` holds, by method:
    `{"ranking": [theme ids, most preferred first]}`, `{"approvals": [theme ids]}` or
    `{"dots": {"<theme id>": dots}}`."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="theme_votes")
    choice = models.JSONField(default=dict)
    cast_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="unique_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"vote of {self.person_id} on {self.ballot_id}"


class MeetingRating(models.Model):
    """The after-meeting pulse: how useful the theme session was (1–5), an optional comment and
    one thing to apply. One per attendee and meeting; the surveys' after-meeting questionnaire
    reads it rather than asking again."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_ratings")
    usefulness = models.PositiveSmallIntegerField(
        _("utilité"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("commentaire"), blank=True)
    to_apply = models.CharField(_("une chose à appliquer"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("avis sur une rencontre")
        verbose_name_plural = _("avis sur les rencontres")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="unique_meeting_rating"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="rating_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.usefulness}/5 by {self.person_id} on {self.meeting_id}"
