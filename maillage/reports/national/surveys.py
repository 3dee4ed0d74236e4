"""The surveys app's part: for each edition the baseline, mid-term, final and alumni surveys
whose date has come, sent to its leaders; about two thirds answer (fewer later), isolation
falling from about 3.4 to 2.4 over the programme, with the answers item by item."""

from __future__ import annotations

import datetime

from maillage.editions.models import add_months
from maillage.reports.national.world import World
from maillage.reports.national.writer import Writer
from maillage.surveys.models import (
    Answer,
    Respondent,
    Response,
    Survey,
    SurveyInvitation,
)
from maillage.surveys.questionnaires import (
    ISOLATION_CODES,
    MONTHS_FROM_OPENING,
    SENT_KINDS,
    Kind,
)

ANSWER_RATE = {Kind.BASELINE: 0.75, Kind.MIDTERM: 0.65, Kind.FINAL: 0.6, Kind.ALUMNI: 0.35}
ISOLATION_MEAN = {Kind.BASELINE: 3.4, Kind.MIDTERM: 2.8, Kind.FINAL: 2.4}


def build(world: World, w: Writer) -> None:
    rng = world.rng("surveys")
    keys: dict[int, str] = {}
    surveys, invitations, responses, answers = [], [], [], []
    for edition in world.editions:
        if not edition.groups:
            continue
        leaders = [(g, m) for g in edition.groups for m in g.leaders]
        for kind in SENT_KINDS:
            opens_day = add_months(edition.opening, MONTHS_FROM_OPENING[kind])
            opens_at = datetime.datetime.combine(opens_day, datetime.time(8), tzinfo=datetime.UTC)
            if opens_at > world.now:
                continue
            survey_id = w.next_id(Survey)
            closes_at = opens_at + datetime.timedelta(days=21)
            surveys.append((survey_id, edition.id, kind.value, opens_at, closes_at, opens_at))
            for group, member in leaders:
                if not member.in_group_on(opens_day) and kind != Kind.ALUMNI:
                    continue
                answered = rng.random() < ANSWER_RATE[kind]
                answered_at = opens_at + datetime.timedelta(hours=rng.randrange(24 * 20))
                if answered_at > world.now:
                    answered = False
                invitations.append(
                    (
                        survey_id,
                        member.person.id,
                        group.id,
                        opens_at,
                        answered_at if answered else None,
                    )
                )
                if not answered:
                    continue
                key = keys.setdefault(member.person.id, f"{rng.getrandbits(128):032x}")
                response_id = w.next_id(Response)
                items: list[tuple[str, int | None, str]] = []
                isolation = None
                if kind in ISOLATION_MEAN:
                    values = [
                        max(1, min(5, round(rng.gauss(ISOLATION_MEAN[kind], 0.9))))
                        for _ in ISOLATION_CODES
                    ]
                    items += [(c, v, "") for c, v in zip(ISOLATION_CODES, values, strict=True)]
                    isolation = sum(values) / len(values)
                satisfaction = nps = ideas = None
                business: bool | None = None
                in_touch = ""
                if kind in (Kind.MIDTERM, Kind.FINAL):
                    satisfaction = rng.choices([2, 3, 4, 5], [5, 15, 45, 35])[0]
                    ideas = rng.choice([0, 1, 3, 6])
                    business = rng.random() < 0.45
                    items += [
                        ("satisfaction", satisfaction, ""),
                        ("ideas_adopted", None, str(ideas)),
                        ("business_done", None, "yes" if business else "no"),
                    ]
                if kind in (Kind.MIDTERM, Kind.FINAL, Kind.ALUMNI):
                    nps = rng.choices(range(11), [1, 1, 1, 1, 2, 3, 4, 8, 20, 30, 29])[0]
                    items.append(("nps", nps, ""))
                if kind == Kind.ALUMNI:
                    in_touch = rng.choices(["often", "sometimes", "no"], [30, 50, 20])[0]
                    business = rng.random() < 0.35
                    items += [
                        ("still_in_touch", None, in_touch),
                        ("business_since", None, "yes" if business else "no"),
                    ]
                if kind == Kind.BASELINE:
                    items += [("expectations", None, "isolation"), ("practices", None, "peers")]
                responses.append(
                    (
                        response_id,
                        survey_id,
                        key,
                        group.id,
                        isolation,
                        satisfaction,
                        nps,
                        ideas,
                        business,
                        in_touch,
                    )
                )
                answers += [(response_id, code, number, text) for code, number, text in items]
    w.insert(Survey, ["id", "edition", "kind", "opens_at", "closes_at", "created_at"], surveys)
    w.insert(SurveyInvitation, ["survey", "person", "group", "sent_at", "answered_at"], invitations)
    w.insert(Respondent, ["person", "key"], sorted(keys.items()))
    w.insert(
        Response,
        [
            "id",
            "survey",
            "respondent",
            "group",
            "isolation",
            "satisfaction",
            "nps",
            "ideas_adopted",
            "business",
            "in_touch",
        ],
        responses,
    )
    w.insert(Answer, ["response", "question", "number", "text"], answers)
