"""Reads of the surveys app: questionnaires with their questions, response rates, aggregate
results (never an individual's answers), the comments one may quote.

Small numbers: a figure drawn from answers that rests on fewer than `MIN_PEOPLE` people is not
given (`None`); counts of people are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from maillage.editions.models import Membership
from maillage.surveys.models import Answer, Response, Survey, SurveyInvitation, SurveyQuestion
from maillage.surveys.questionnaires import (
    STANDARD,
    AnswerType,
    Kind,
    Question,
    scale_choices,
)

MIN_PEOPLE = 5


def shown[T](value: T, people: int) -> T | None:
    """`value` when it rests on at least MIN_PEOPLE people, else None."""
    return value if people >= MIN_PEOPLE else None


# Questions -----------------------------------------------------------------------------------


def territory_questions(territory_id: int, kind: str) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.filter(territory_id=territory_id, kind=kind, active=True).order_by(
            "position", "pk"
        )
    )


def extra_as_question(extra: SurveyQuestion) -> Question:
    options = tuple((option, option) for option in extra.option_list)
    return Question(
        extra.code,
        AnswerType(extra.type),
        extra.label,
        choices=options,
        required=False,
    )


def questions_of(survey: Survey) -> list[Question]:
    """The standard questions of the survey's kind, then its territory's own (1 query)."""
    extras = territory_questions(survey.edition.territory_id, survey.kind)
    return [*STANDARD[survey.kind], *(extra_as_question(extra) for extra in extras)]


# Invitations ---------------------------------------------------------------------------------


def pending_invitations(person_id: int, now: datetime.datetime | None = None) -> list[Survey]:
    """Open surveys the person was invited to and has not answered (1 query)."""
    now = now or timezone.now()
    return list(
        Survey.objects.filter(
            invitations__person_id=person_id,
            invitations__answered_at__isnull=True,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .select_related("edition__territory")
        .order_by("closes_at")
    )


def expected_people(survey: Survey, today: datetime.date | None = None) -> QuerySet[Membership]:
    """The leaders a survey is for: its group's or its edition's, not left by `today`."""
    today = today or timezone.localdate()
    memberships = Membership.objects.filter(role=Membership.Role.LEADER).exclude(left_on__lte=today)
    if survey.group_id is not None:
        return memberships.filter(group_id=survey.group_id)
    return memberships.filter(group__edition_id=survey.edition_id)


# Response rates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    invited: int
    answered: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None

    @property
    def waiting(self) -> int:
        return self.invited - self.answered


def with_rates(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """Annotate `invited` and `answered` (one query for the list)."""
    return surveys.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count(
            "invitations", filter=Q(invitations__answered_at__isnull=False), distinct=True
        ),
    )


def rates_by_group(survey: Survey) -> list[tuple[str, Rate]]:
    """The response rate of each group of the survey (1 query). A count, not an answer: it is
    shown whatever the number."""
    rows = (
        SurveyInvitation.objects.filter(survey=survey)
        .values("group__name")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by("group__name")
    )
    return [(row["group__name"] or "", Rate(row["invited"], row["answered"])) for row in rows]


# Aggregate results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    people: int  # how many answered it
    options: list[OptionCount] | None  # None: fewer than MIN_PEOPLE answered, or free text
    mean: float | None


def survey_results(survey: Survey, questions: Sequence[Question]) -> list[QuestionResult]:
    """Counts per option of each closed question, over the survey's responses (3 queries).

    Free-text answers are never listed (they are individual); a question answered by fewer
    than MIN_PEOPLE people shows its count of answers only."""
    answers = Answer.objects.filter(response__survey=survey)
    people = dict(
        answers.values("question")
        .annotate(n=Count("response", distinct=True))
        .values_list("question", "n")
    )
    # The comment is kept on the response (it may be quoted), not as an answer row.
    people["comment"] = Response.objects.filter(survey=survey).exclude(comment="").count()
    counts: dict[tuple[str, str], int] = {
        (row["question"], row["value"]): row["n"]
        for row in answers.exclude(text="", number__isnull=True)
        .annotate(value=_value_expression())
        .values("question", "value")
        .annotate(n=Count("pk"))
    }
    results = []
    for question in questions:
        answered = people.get(question.code, 0)
        if question.type == AnswerType.TEXT:
            results.append(QuestionResult(question, answered, None, None))
            continue
        choices = scale_choices(question)
        options = [
            OptionCount(str(value), str(label), counts.get((question.code, str(value)), 0))
            for value, label in choices
        ]
        mean = None
        if question.type in (AnswerType.SCALE, AnswerType.NPS):
            total = sum(int(o.value) * o.count for o in options)
            counted = sum(o.count for o in options)
            mean = total / counted if counted else None
        results.append(
            QuestionResult(
                question,
                answered,
                shown(options, answered),
                shown(mean, answered),
            )
        )
    return results


def _value_expression() -> F:
    from django.db.models import Case, CharField, When
    from django.db.models.functions import Cast

    return Case(  # type: ignore[return-value]
        When(number__isnull=False, then=Cast("number", output_field=CharField())),
        default=F("text"),
        output_field=CharField(),
    )


# Quotes ------------------------------------------------------------------------------------------


def quotable(responses: QuerySet[Response]) -> QuerySet[Response]:
    """Comments whose authors allowed quoting (no name: the edition and the stage only)."""
    return (
        responses.filter(quote_consent=True)
        .exclude(comment="")
        .select_related("survey__edition__territory")
        .order_by("-survey__opens_at", "pk")
    )


def responses_of_territories(territory_ids: Iterable[int]) -> QuerySet[Response]:
    return Response.objects.filter(survey__edition__territory_id__in=list(territory_ids))


def kind_label(kind: str) -> str:
    return str(Kind(kind).label)
