"""Ideas to put into practice, contacts between members, referrals, and offers and needs.

Ideas are group content (confidential to the group). Contacts and referrals belong to their
two parties: nobody else reads them; staff see counts and sums only (`selectors`).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Group
from maillage.meetings.models import Meeting
from maillage.territories.models import ActivityCode, Person


class Idea(models.Model):
    """An idea heard at a meeting that a member tries in their firm.

    to try → tried → adopted / dropped (an idea may also be dropped before it is tried).
    Transitions are guarded in `services.idea_update`.
    """

    class Status(models.TextChoices):
        TO_TRY = "to_try", pgettext_lazy("idea status", "à essayer")
        TRIED = "tried", pgettext_lazy("idea status", "essayée")
        ADOPTED = "adopted", pgettext_lazy("idea status", "adoptée")
        DROPPED = "dropped", pgettext_lazy("idea status", "abandonnée")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("rencontre")
    )
    # The meeting's group, kept on the row: "the group's open ideas" is one indexed query.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("idée"), max_length=200)
    description = models.TextField(_("précisions"), blank=True, max_length=2000)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.TO_TRY
    )
    result = models.TextField(_("résultat"), blank=True, max_length=2000)
    created_on = models.DateField(_("notée le"), default=timezone.localdate)
    follow_up_on = models.DateField(_("à revoir le"), null=True, blank=True)
    tried_on = models.DateField(_("essayée le"), null=True, blank=True)
    closed_on = models.DateField(_("conclue le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    OPEN = (Status.TO_TRY, Status.TRIED)
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.TO_TRY: frozenset({Status.TRIED, Status.DROPPED}),
        Status.TRIED: frozenset({Status.ADOPTED, Status.DROPPED}),
        Status.ADOPTED: frozenset(),
        Status.DROPPED: frozenset(),
    }

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("idée à transposer")
        verbose_name_plural = _("idées à transposer")
        indexes = [models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def next_statuses(self) -> list[Idea.Status]:
        return [
            self.Status(value) for value in self.Status if value in self.TRANSITIONS[self.status]
        ]


class Contact(models.Model):
    """A call, visit or help between two members, logged by one of them (`author`).

    `direction` is the author's: given (the author called, visited or helped) or received.
    The other side may confirm it.
    """

    class Kind(models.TextChoices):
        CALL = "call", pgettext_lazy("contact kind", "appel")
        VISIT = "visit", pgettext_lazy("contact kind", "visite")
        HELP = "help", pgettext_lazy("contact kind", "coup de main")

    class Direction(models.TextChoices):
        GIVEN = "given", pgettext_lazy("contact direction", "donné")
        RECEIVED = "received", pgettext_lazy("contact direction", "reçu")

    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts_logged")
    other = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="contacts_named", verbose_name=_("avec")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("échange")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(author=models.F("other")), name="contact_between_two"
            )
        ]
        indexes = [
            models.Index(fields=["author", "happened_on"]),
            models.Index(fields=["other", "happened_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.author_id}-{self.other_id} on {self.happened_on}"

    @property
    def confirmed_by_other_side(self) -> bool:
        return self.confirmed_at is not None


class Referral(models.Model):
    """Member A (`referrer`) recommends member B (`referee`) to a client or prospect.

    given → contacted → won / lost (B may go straight to won or lost); B updates it, with the
    amount when won. A is told by email (links only) and B may thank A.
    """

    class Status(models.TextChoices):
        GIVEN = "given", pgettext_lazy("referral status", "transmise")
        CONTACTED = "contacted", pgettext_lazy("referral status", "contact pris")
        WON = "won", pgettext_lazy("referral status", "gagnée")
        LOST = "lost", pgettext_lazy("referral status", "perdue")

    class Warmth(models.IntegerChoices):
        KNOWS_NAME = 1, _("Le prospect connaît votre nom")
        TOLD_ABOUT = 2, _("Je lui ai parlé de vous")
        EXPECTS_CALL = 3, _("Il attend votre appel")
        INTRODUCED_WRITING = 4, _("Je vous ai présentés par écrit")
        INTRODUCED_PERSON = 5, _("Je vous ai présentés en personne")

    referrer = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals_given", verbose_name=_("de")
    )
    referee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals_received", verbose_name=_("à")
    )
    client = models.CharField(_("client ou prospect"), max_length=200)
    what = models.CharField(_("pour quoi"), max_length=500)
    given_on = models.DateField(_("date"), default=timezone.localdate)
    warmth = models.PositiveSmallIntegerField(_("chaleur"), choices=Warmth.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.GIVEN
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    contacted_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    thanks_message = models.CharField(_("mot de remerciement"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.GIVEN: frozenset({Status.CONTACTED, Status.WON, Status.LOST}),
        Status.CONTACTED: frozenset({Status.WON, Status.LOST}),
        Status.WON: frozenset(),
        Status.LOST: frozenset(),
    }

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("recommandation")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(referrer=models.F("referee")), name="referral_between_two"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(status="won", amount__gte=0),
                name="referral_amount_when_won",
            ),
            models.CheckConstraint(
                condition=models.Q(warmth__gte=1, warmth__lte=5), name="referral_warmth_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["referrer", "given_on"]),
            models.Index(fields=["referee", "given_on"]),
        ]

    def __str__(self) -> str:
        return f"referral {self.referrer_id}→{self.referee_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.GIVEN, self.Status.CONTACTED)

    def next_statuses(self) -> list[Referral.Status]:
        return [
            self.Status(value) for value in self.Status if value in self.TRANSITIONS[self.status]
        ]


class OfferNeed(models.Model):
    """What a member's firm offers and what it needs, in their words, with NAF codes."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="offer_need")
    offer = models.TextField(_("ce que mon entreprise propose"), blank=True, max_length=1000)
    offer_activity = models.ForeignKey(
        ActivityCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code NAF de l'offre"),
    )
    need = models.TextField(_("ce dont mon entreprise a besoin"), blank=True, max_length=1000)
    need_activity = models.ForeignKey(
        ActivityCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code NAF du besoin"),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offres et besoins")
        verbose_name_plural = _("offres et besoins")

    def __str__(self) -> str:
        return f"offers and needs of {self.person_id}"
