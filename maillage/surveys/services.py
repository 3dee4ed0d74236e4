"""Writes of the surveys app: create and send a survey, remind, answer, add questions, choose
quotes. Keyword-only, atomic, audited.

Sending is per person: each invitation gets a fresh random token (only its hash is kept) and an
email in the person's language, from a task (`tasks.survey_invitation_send_task`).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import hash_token
from maillage.core.audit import audit
from maillage.editions.models import Edition, Group
from maillage.editions.permissions import roles_of
from maillage.surveys.models import (
    Answer,
    Respondent,
    Response,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyState,
)
from maillage.surveys.questionnaires import SENT_KINDS, AnswerType, Question, isolation_score
from maillage.surveys.selectors import expected_people
from maillage.territories.models import Person, Territory


def _require_staff(by: Any, territory_id: int) -> None:
    if by is not None and territory_id not in roles_of(by).staff.territory_ids:
        raise PermissionDenied


# Surveys -----------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    edition: Edition,
    kind: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    group: Group | None = None,
    by: Any,
) -> Survey:
    """A survey of `kind` for the edition's leaders (or one group's)."""
    _require_staff(by, edition.territory_id)
    if kind not in SENT_KINDS:
        raise ValidationError(_("Ce questionnaire ne s'envoie pas."), code="kind")
    if closes_at <= opens_at:
        raise ValidationError(_("La clôture doit suivre l'ouverture."), code="dates")
    if closes_at <= timezone.now():  # closed at birth: nobody could answer it
        raise ValidationError(_("La clôture doit être à venir."), code="closed")
    if group is not None and group.edition_id != edition.pk:
        raise ValidationError(_("Ce groupe n'est pas de cette édition."), code="group")
    survey = Survey.objects.create(
        edition=edition,
        group=group,
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    audit(by, "surveys.survey.created", obj=survey, territory_id=edition.territory_id, kind=kind)
    return survey


def survey_invite(*, survey: Survey, by: Any, now: datetime.datetime | None = None) -> list[int]:
    """Invite every leader the survey is for who is not invited yet; the new invitations' ids.

    The emails go from a task, one per person, once the transaction has committed."""
    from maillage.surveys.tasks import survey_invitation_send_task

    _require_staff(by, survey.edition.territory_id)
    now = now or timezone.now()
    if survey.state_at(now) == SurveyState.CLOSED:
        raise ValidationError(_("Ce questionnaire est clos."), code="closed")
    with transaction.atomic():
        invited = survey.invitations.values("person_id")
        # One invitation per person (a leader of two groups of the edition: the latest group).
        group_of = dict(
            expected_people(survey, timezone.localdate(now))
            .exclude(person_id__in=invited)
            .order_by("person_id", "joined_on", "pk")
            .values_list("person_id", "group_id")
        )
        rows = [
            SurveyInvitation(survey=survey, person_id=person_id, group_id=group_id)
            for person_id, group_id in group_of.items()
        ]
        ids = [row.pk for row in SurveyInvitation.objects.bulk_create(rows)]
        audit(
            by,
            "surveys.survey.sent",
            obj=survey,
            territory_id=survey.edition.territory_id,
            count=len(ids),
        )
        for invitation_id in ids:
            transaction.on_commit(
                partial(
                    survey_invitation_send_task.enqueue, invitation_id=invitation_id, reminder=False
                )
            )
    return ids


def survey_remind(*, survey: Survey, by: Any, now: datetime.datetime | None = None) -> list[int]:
    """Remind only those who have not answered (a new link replaces the old one)."""
    from maillage.surveys.tasks import survey_invitation_send_task

    _require_staff(by, survey.edition.territory_id)
    now = now or timezone.now()
    if survey.state_at(now) != SurveyState.OPEN:
        raise ValidationError(_("On ne relance qu'un questionnaire ouvert."), code="state")
    with transaction.atomic():
        ids = list(
            survey.invitations.filter(answered_at__isnull=True, sent_at__isnull=False).values_list(
                "pk", flat=True
            )
        )
        audit(
            by,
            "surveys.survey.reminded",
            obj=survey,
            territory_id=survey.edition.territory_id,
            count=len(ids),
        )
        for invitation_id in ids:
            transaction.on_commit(
                partial(
                    survey_invitation_send_task.enqueue, invitation_id=invitation_id, reminder=True
                )
            )
    return ids


def invitation_new_token(*, invitation: SurveyInvitation, reminder: bool) -> str:
    """A fresh token for the invitation (the previous link stops working); the raw token."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = hash_token(token)
    fields = ["token_hash"]
    if reminder:
        invitation.reminded_at = now
        invitation.reminders += 1
        fields += ["reminded_at", "reminders"]
    else:
        invitation.sent_at = now
        fields.append("sent_at")
    invitation.save(update_fields=fields)
    return token


# Answering -----------------------------------------------------------------------------------


def respondent_key(person: Person) -> str:
    """The person's respondent key, created on first use."""
    respondent, _created = Respondent.objects.get_or_create(person=person)
    return respondent.key


def _number(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def response_submit(
    *,
    invitation: SurveyInvitation,
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    quote_consent: bool = False,
    now: datetime.datetime | None = None,
) -> Response:
    """Record the answers of an invitation, once, while the survey is open.

    `answers` maps a question code to its cleaned value: a string (choice, yes/no, text), a
    list of strings (multiple choice), an int (scale, NPS). The audit entry names the survey,
    never the person's answers."""
    now = now or timezone.now()
    survey = invitation.survey
    if survey.state_at(now) != SurveyState.OPEN:
        raise ValidationError(_("Ce questionnaire n'est pas ouvert."), code="state")
    with transaction.atomic():
        locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.answered_at is not None:
            raise ValidationError(_("Vous avez déjà répondu à ce questionnaire."), code="answered")
        values: dict[str, int] = {}
        rows: list[Answer] = []
        for question in questions:
            value = answers.get(question.code)
            if value in (None, "", []):
                continue
            if question.type == AnswerType.MULTI:
                rows += [Answer(question=question.code, text=str(v)) for v in value]
            elif question.type in (AnswerType.SCALE, AnswerType.NPS):
                values[question.code] = int(value)
                rows.append(Answer(question=question.code, number=int(value)))
            elif question.type == AnswerType.TEXT:
                if question.code != "comment":
                    rows.append(Answer(question=question.code, text=str(value)[:2000]))
            else:
                rows.append(Answer(question=question.code, text=str(value)))
        comment = str(answers.get("comment") or "").strip()[:2000]
        business = answers.get("business_done") or answers.get("business_since")
        try:
            response = Response.objects.create(
                survey=survey,
                respondent=respondent_key(locked.person),
                group_id=locked.group_id,
                isolation=isolation_score(values),
                satisfaction=values.get("satisfaction"),
                nps=values.get("nps"),
                ideas_adopted=_number(answers.get("ideas_adopted")),
                business=None if business in (None, "") else business == "yes",
                in_touch=str(answers.get("still_in_touch") or ""),
                comment=comment,
                quote_consent=bool(quote_consent and comment),
            )
        except IntegrityError as error:
            raise ValidationError(_("Vous avez déjà répondu."), code="answered") from error
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        locked.answered_at = now
        locked.save(update_fields=["answered_at"])
        audit(
            None, "surveys.response.recorded", obj=survey, territory_id=survey.edition.territory_id
        )
    invitation.answered_at = now
    return response


# The territory's own questions -----------------------------------------------------------------


@transaction.atomic
def question_add(
    *,
    territory: Territory,
    kind: str,
    label: str,
    type: str,
    options: Sequence[str] = (),
    by: Any,
) -> SurveyQuestion:
    _require_staff(by, territory.pk)
    if kind not in SENT_KINDS:
        raise ValidationError(_("On n'ajoute pas de question à ce questionnaire."), code="kind")
    if type not in SurveyQuestion.TYPES:
        raise ValidationError(_("Type de réponse inconnu."), code="type")
    if type == AnswerType.CHOICE and len(options) < 2:
        raise ValidationError(_("Proposez au moins deux choix."), code="options")
    last = SurveyQuestion.objects.filter(territory=territory, kind=kind).count()
    question = SurveyQuestion.objects.create(
        territory=territory,
        kind=kind,
        label=label.strip(),
        type=type,
        options="\n".join(o.strip() for o in options if o.strip()),
        position=last,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    audit(by, "surveys.question.added", obj=question, territory_id=territory.pk, kind=kind)
    return question


@transaction.atomic
def question_withdraw(*, question: SurveyQuestion, by: Any) -> None:
    """Stop asking a question (its past answers stay)."""
    _require_staff(by, question.territory_id)
    question.active = False
    question.save(update_fields=["active"])
    audit(by, "surveys.question.withdrawn", obj=question, territory_id=question.territory_id)


# Quotes --------------------------------------------------------------------------------------


@transaction.atomic
def quote_choose(*, response: Response, chosen: bool, by: Any) -> Response:
    """The project manager chooses (or drops) a consented comment for the bilan."""
    territory_id = response.survey.edition.territory_id
    _require_staff(by, territory_id)
    if chosen and not (response.quote_consent and response.comment):
        raise ValidationError(_("Ce commentaire ne peut pas être cité."), code="consent")
    response.quoted_at = timezone.now() if chosen else None
    response.save(update_fields=["quoted_at"])
    audit(
        by,
        "surveys.quote.chosen" if chosen else "surveys.quote.dropped",
        obj=response.survey,
        territory_id=territory_id,
    )
    return response
