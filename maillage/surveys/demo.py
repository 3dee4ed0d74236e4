"""The surveys part of the demo: each edition's questionnaires, sent when they were due, and
answered as leaders would.

Each leader has an isolation score on joining (about 3.5 out of 5) and a change by the end
that depends on how often they came (regular members gain the most): about −0.8 on average,
half of it by mid-term. Their items scatter around their score. Satisfaction and the NPS follow
the change; a few write a comment, most of whom allow quoting, and the project manager chose
two or three per edition for the bilan. Not everyone answers (about four in five; alumni less).
Everything is written with bulk_create.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from maillage.editions.demo import DemoGroup, DemoMember, EditionsDemo
from maillage.editions.models import Edition, add_months
from maillage.surveys.models import (
    Answer,
    Respondent,
    Response,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
)
from maillage.surveys.questionnaires import (
    EXPECTATIONS,
    ISOLATION_CODES,
    MONTHS_FROM_OPENING,
    OPEN_DAYS,
    PRACTICES,
    SENT_KINDS,
    Kind,
)
from maillage.territories.models import Network

ANSWER_RATE = {Kind.BASELINE: 0.88, Kind.MIDTERM: 0.74, Kind.FINAL: 0.8, Kind.ALUMNI: 0.55}
COMMENT_RATE = 0.4
CONSENT_RATE = 0.65
QUOTES_PER_EDITION = 3

COMMENTS: dict[str, list[str]] = {
    Kind.MIDTERM: [
        "On attend la rencontre du mois avec impatience : le seul moment où je lève le nez.",
        "J'ai enfin des pairs à qui poser les questions que je ne peux pas poser à mes salariés.",
        "Le groupe m'a aidé à préparer mon premier entretien annuel. Je n'aurais pas osé seul.",
        "Des échanges très concrets, on repart toujours avec une idée à essayer.",
        "Parfois difficile de me libérer, mais je ne regrette jamais d'être venu.",
        "Les animateurs apportent un regard de grande entreprise qui nous manquait.",
    ],
    Kind.FINAL: [
        "Deux ans qui ont changé ma façon de diriger : je ne décide plus seul dans mon coin.",
        "J'ai trouvé un expert-comptable et deux clients dans le groupe, mais surtout des amis.",
        "Le programme m'a sorti de l'isolement au moment où j'en avais le plus besoin.",
        "Je recommande à tout dirigeant de TPE : on gagne un conseil bienveillant.",
        "Le thème sur la gestion du stress a été un tournant pour moi.",
        "On continue à se voir tous les mois, même sans l'animateur.",
        "Moins de théorie, plus de cas pratiques : c'est ce qui fait la force du groupe.",
        "J'aurais aimé davantage de rencontres entre les groupes.",
    ],
    Kind.ALUMNI: [
        "Un an après, j'appelle encore deux membres du groupe avant chaque décision importante.",
        "Nous avons monté un projet commun avec une entreprise rencontrée dans le programme.",
        "Le réseau des anciens est précieux, il faudrait l'animer davantage.",
    ],
}


@dataclass
class SurveysDemo:
    surveys: int
    responses: int


@dataclass
class _Leader:
    member: DemoMember
    group: DemoGroup
    baseline: float
    change: float  # by the end (negative: less isolated)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _items(score: float, rng: random.Random) -> list[int]:
    return [int(_clamp(round(score + rng.gauss(0, 0.55)), 1, 5)) for _ in ISOLATION_CODES]


def _moment(day: datetime.date, zone: ZoneInfo, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def build(
    editions_demo: EditionsDemo,
    *,
    zone: ZoneInfo,
    today: datetime.date,
    rng: random.Random,
) -> SurveysDemo:
    """Surveys due by `today` for each edition, their invitations and answers."""
    groups_of: dict[int, list[DemoGroup]] = {}
    for group in editions_demo.groups:
        groups_of.setdefault(group.edition.pk, []).append(group)
    leaders_of: dict[int, list[_Leader]] = {}
    people = {}
    for edition in editions_demo.editions:
        leaders = []
        for group in groups_of.get(edition.pk, []):
            for member in group.leaders:
                regular = member.who.reliability
                leaders.append(
                    _Leader(
                        member=member,
                        group=group,
                        baseline=_clamp(rng.gauss(3.55, 0.6), 1.6, 5.0),
                        change=-_clamp(rng.gauss(0.25 + 0.7 * regular, 0.45), -0.6, 2.2),
                    )
                )
                people[member.who.person.pk] = member.who.person
        leaders_of[edition.pk] = leaders
    keys = {
        respondent.person_id: respondent.key
        for respondent in Respondent.objects.bulk_create(
            [Respondent(person=person) for person in people.values()]
        )
    }
    _territory_question(editions_demo)
    surveys, invitations, responses, answers = [], [], [], []
    for edition in editions_demo.editions:
        for kind in SENT_KINDS:
            due = add_months(edition.opening_date, MONTHS_FROM_OPENING[kind])
            if due + datetime.timedelta(days=OPEN_DAYS) > today:
                continue  # not due yet, or still open: the project manager sends it
            survey = Survey(
                edition=edition,
                kind=kind,
                opens_at=_moment(due, zone),
                closes_at=_moment(due + datetime.timedelta(days=OPEN_DAYS), zone, 18),
            )
            surveys.append(survey)
            for leader in leaders_of[edition.pk]:
                if not leader.member.active_on(
                    due if kind != Kind.ALUMNI else edition.closing_date
                ):
                    continue
                answered = rng.random() < ANSWER_RATE[kind]
                reminded = 0 if answered and rng.random() < 0.6 else 1
                invitations.append(
                    SurveyInvitation(
                        survey=survey,
                        person=leader.member.who.person,
                        group=leader.group.group,
                        sent_at=survey.opens_at,
                        reminders=reminded,
                        reminded_at=survey.opens_at + datetime.timedelta(days=10)
                        if reminded
                        else None,
                        answered_at=survey.opens_at
                        + datetime.timedelta(days=rng.randint(0, OPEN_DAYS - 1), hours=3)
                        if answered
                        else None,
                    )
                )
                if answered:
                    response, rows = _response(
                        survey, kind, leader, keys[leader.member.who.person.pk], rng
                    )
                    responses.append(response)
                    answers.append(rows)
    Survey.objects.bulk_create(surveys)
    for invitation in invitations:
        invitation.survey_id = invitation.survey.pk
    SurveyInvitation.objects.bulk_create(invitations)
    for response in responses:
        response.survey_id = response.survey.pk
    Response.objects.bulk_create(responses)
    for response, rows in zip(responses, answers, strict=True):
        for row in rows:
            row.response = response
    Answer.objects.bulk_create([row for rows in answers for row in rows])
    _choose_quotes(responses, rng)
    return SurveysDemo(surveys=len(surveys), responses=len(responses))


def _response(
    survey: Survey, kind: str, leader: _Leader, key: str, rng: random.Random
) -> tuple[Response, list[Answer]]:
    rows: list[Answer] = []
    response = Response(survey=survey, respondent=key, group=leader.group.group)
    progress = {"baseline": 0.0, "midterm": 0.5, "final": 1.0}.get(kind)
    if progress is not None:
        items = _items(leader.baseline + progress * leader.change, rng)
        rows += [
            Answer(question=code, number=value)
            for code, value in zip(ISOLATION_CODES, items, strict=True)
        ]
        response.isolation = sum(items) / len(items)
    if kind == Kind.BASELINE:
        for question, picks in ((EXPECTATIONS, (1, 3)), (PRACTICES, (1, 2))):
            values = [value for value, _label in question.choices if value != "none"]
            for value in rng.sample(values, rng.randint(*picks)):
                rows.append(Answer(question=question.code, text=value))
        return response, rows
    gain = -leader.change  # positive: less isolated
    response.nps = int(_clamp(round(7.4 + 1.3 * gain + rng.gauss(0, 1.3)), 0, 10))
    rows.append(Answer(question="nps", number=response.nps))
    if kind in (Kind.MIDTERM, Kind.FINAL):
        response.satisfaction = int(_clamp(round(3.5 + 0.7 * gain + rng.gauss(0, 0.6)), 1, 5))
        rows.append(Answer(question="satisfaction", number=response.satisfaction))
        ideas = rng.choices(
            ["0", "1", "3", "6"], [10, 40, 35, 15] if kind == Kind.FINAL else [25, 50, 20, 5]
        )[0]
        response.ideas_adopted = int(ideas)
        rows.append(Answer(question="ideas_adopted", text=ideas))
        response.business = rng.random() < (0.52 if kind == Kind.FINAL else 0.33)
        rows.append(Answer(question="business_done", text="yes" if response.business else "no"))
    else:
        response.in_touch = rng.choices(["often", "sometimes", "no"], [35, 45, 20])[0]
        rows.append(Answer(question="still_in_touch", text=response.in_touch))
        response.business = rng.random() < 0.4
        rows.append(Answer(question="business_since", text="yes" if response.business else "no"))
    if rng.random() < COMMENT_RATE:
        response.comment = rng.choice(COMMENTS[kind])
        response.quote_consent = rng.random() < CONSENT_RATE
    return response, rows


def _choose_quotes(responses: list[Response], rng: random.Random) -> None:
    """The project manager chose a few consented comments per edition, the day it closed."""
    by_edition: dict[int, list[Response]] = {}
    for response in responses:
        if response.quote_consent and response.comment:
            by_edition.setdefault(response.survey.edition_id, []).append(response)
    chosen = []
    for candidates in by_edition.values():
        unique = list({r.comment: r for r in candidates}.values())
        for response in rng.sample(unique, min(QUOTES_PER_EDITION, len(unique))):
            response.quoted_at = response.survey.closes_at
            chosen.append(response)
    Response.objects.bulk_update(chosen, ["quoted_at"])


def _territory_question(editions_demo: EditionsDemo) -> None:
    """The territory asks one question of its own at the end."""
    if not editions_demo.editions:
        return
    territory = editions_demo.editions[0].territory
    SurveyQuestion.objects.create(
        territory=territory,
        kind=Kind.FINAL,
        label="Seriez-vous prêt à parrainer un dirigeant de la prochaine édition ?",
        type="yes_no",
    )


def delete(network: Network) -> None:
    """Remove the surveys part of the demo (before the editions and the people)."""
    editions = Edition.objects.filter(territory__network=network)
    Survey.objects.filter(edition__in=editions).delete()
    SurveyQuestion.objects.filter(territory__network=network).delete()
    Respondent.objects.filter(person__memberships__group__edition__in=editions).delete()
