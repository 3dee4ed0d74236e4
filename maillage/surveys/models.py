"""Surveys sent to an edition's leaders, their invitations, and the pseudonymous answers.

Who answered and what they answered are kept apart. An invitation names its person (to send,
remind and count the response rate); a response names a *respondent key*, a random string that
only `Respondent` ties to a person. Reports, pages and exports read responses in aggregate only;
the key lets the bilan pair a person's answers before and after (the isolation change) without
anyone reading them. Erasing a person deletes their `Respondent` row: their answers stay in the
figures, tied to nobody.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.editions.models import Edition, Group
from maillage.surveys.questionnaires import AnswerType, Kind
from maillage.territories.models import Person, Territory


class SurveyState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey state", "en préparation")
    OPEN = "open", pgettext_lazy("survey state", "ouvert")
    CLOSED = "closed", pgettext_lazy("survey state", "clos")


class Survey(models.Model):
    """One questionnaire sent to the leaders of an edition (or of one of its groups).

    Its state is derived from its dates, never stored: draft before `opens_at`, open until
    `closes_at`, then closed.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="surveys")
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("groupe (toute l'édition si vide)"),
    )
    kind = models.CharField(
        _("questionnaire"),
        max_length=15,
        choices=[(k.value, k.label) for k in Kind if k != Kind.AFTER_MEETING],
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("questionnaire envoyé")
        verbose_name_plural = _("questionnaires envoyés")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after"
            )
        ]
        indexes = [models.Index(fields=["edition", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.edition}"

    def state_at(self, now: datetime.datetime) -> SurveyState:
        if now >= self.closes_at:
            return SurveyState.CLOSED
        if now >= self.opens_at:
            return SurveyState.OPEN
        return SurveyState.DRAFT

    @property
    def state(self) -> SurveyState:
        return self.state_at(timezone.now())

    def close(self, now: datetime.datetime | None = None) -> None:
        """Close an open survey now (the caller saves)."""
        now = now or timezone.now()
        if self.state_at(now) != SurveyState.OPEN:
            raise ValidationError(_("Seul un questionnaire ouvert peut être clos."), code="state")
        self.closes_at = now


class SurveyQuestion(models.Model):
    """A question a territory adds to one of the standard questionnaires (asked after them)."""

    TYPES = (AnswerType.SCALE, AnswerType.YES_NO, AnswerType.CHOICE, AnswerType.TEXT)

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="survey_questions"
    )
    kind = models.CharField(
        _("questionnaire"),
        max_length=15,
        choices=[(k.value, k.label) for k in Kind if k != Kind.AFTER_MEETING],
    )
    label = models.CharField(_("question"), max_length=300)
    type = models.CharField(
        _("type de réponse"), max_length=10, choices=[(t.value, t.label) for t in TYPES]
    )
    # For a choice: one option per line.
    options = models.TextField(_("choix proposés (un par ligne)"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("posée"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("question du territoire")
        verbose_name_plural = _("questions du territoire")

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"extra_{self.pk}"

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class SurveyInvitation(models.Model):
    """A person asked to answer a survey. The link's token is random; only its hash is kept,
    and each sending (the first and every reminder) replaces it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_invitations")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à répondre")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="unique_survey_invitation")
        ]
        indexes = [models.Index(fields=["survey", "answered_at"])]

    def __str__(self) -> str:
        return f"invitation of {self.person_id} to survey {self.survey_id}"


def new_respondent_key() -> str:
    return secrets.token_hex(16)


class Respondent(models.Model):
    """The only link between a person and their answers (see the module docstring)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="respondent")
    key = models.CharField(max_length=32, unique=True, default=new_respondent_key)

    def __str__(self) -> str:
        return f"respondent of {self.person_id}"


class Response(models.Model):
    """One person's answers to a survey, under their respondent key.

    The scores the bilan aggregates are kept on the row (the isolation score is the mean of the
    five items); each item is an `Answer`. A comment is quoted only when its author allowed it
    (`quote_consent`) and a project manager chose it for the bilan (`quoted_at`).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=32, db_index=True)
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    isolation = models.FloatField(
        _("score d'isolement"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    nps = models.PositiveSmallIntegerField(null=True, blank=True)
    ideas_adopted = models.PositiveSmallIntegerField(null=True, blank=True)
    business = models.BooleanField(null=True, blank=True)  # business done (or since, alumni)
    in_touch = models.CharField(max_length=10, blank=True)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    quote_consent = models.BooleanField(_("accepte d'être cité"), default=False)
    quoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="unique_response"),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__lte=10), name="nps_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(quoted_at__isnull=True) | models.Q(quote_consent=True),
                name="quoted_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"response {self.pk} to survey {self.survey_id}"


class Answer(models.Model):
    """One answer to one question (`question` is its code; a territory's question is
    `extra_<id>`). A multiple choice gives one row per option ticked."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self) -> str:
        return f"{self.question} of response {self.response_id}"
