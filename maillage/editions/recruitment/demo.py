"""The recruitment part of the demo (called by `maillage/editions/demo.py`).

Edition 4 was formed by the engine from its applications: its accepted leaders and
facilitators go through the same adapter and engine as in the app (fixed seed and number of
iterations, so the same day gives the same groups), the run is kept as published, and the
editions part builds the groups from it. A few others applied and were waitlisted or declined.

Edition 5 recruits (it opens on the next 26 March): 36 applications, most accepted, some still
to review, so that a project manager can run the formation on the demo.
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass

from django.utils import timezone

from maillage.editions.models import Edition, EditionStatus, Membership
from maillage.editions.recruitment import formation
from maillage.editions.recruitment.models import (
    DEFAULT_THEME_CHOICES,
    Application,
    FormationRun,
)
from maillage.territories.demo import DemoPerson

# The engine's run for edition 4: reproducible (max_iterations) and quick (a fraction of a
# second for 33 leaders); the time limit is only a safety net, never reached.
ENGINE_SEED = 4
ENGINE_ITERATIONS = 20_000
ENGINE_TIME_LIMIT_S = 60.0
EDITION_4_WAITLISTED = 3
EDITION_4_DECLINED = 2
# Edition 5: leaders (new firms, edition 4's waiting list, alumni) and facilitators.
EDITION_5_NEW_FIRMS = 23
EDITION_5_ALUMNI = 2
EDITION_5_ACCEPTED_LEADERS = 22  # two groups of 11
EDITION_5_FACILITATORS = 8  # 7 accepted (one to spare), 1 to review
# Firms the territories part creates for recruitment only (after the members' firms).
APPLICANT_FIRMS = EDITION_4_WAITLISTED + EDITION_4_DECLINED + EDITION_5_NEW_FIRMS

FOUNDED = re.compile(r"Fondée en (\d{4}), (\d+) salarié")
NEEDS = (
    "Sortir de l'isolement du dirigeant, échanger avec des pairs.",
    "Structurer l'équipe commerciale et trouver de nouveaux clients.",
    "Recruter et fidéliser, déléguer davantage.",
    "Préparer une croissance ou une transmission.",
    "Prendre du recul sur la stratégie.",
)


@dataclass
class Formed:
    """Edition 4's groups as the engine formed them: leaders and facilitators per group."""

    run: FormationRun
    leaders: list[list[DemoPerson]]
    facilitators: list[list[DemoPerson]]


def _firm_facts(who: DemoPerson, rng: random.Random) -> tuple[int, int]:
    """(creation year, headcount) from the firm's description, else plausible ones."""
    match = FOUNDED.search(who.company.description)
    if match:
        return int(match.group(1)), int(match.group(2))
    return rng.randint(1960, 2012), rng.randint(300, 3000)


def _application(
    who: DemoPerson,
    edition: Edition,
    role: str,
    status: str,
    rng: random.Random,
    *,
    submitted: datetime.datetime,
) -> Application:
    person = who.person
    company = who.company
    year, headcount = _firm_facts(who, rng)
    themes = rng.sample(DEFAULT_THEME_CHOICES, rng.randint(2, 3))
    decided = status != Application.Status.SUBMITTED
    return Application(
        edition=edition,
        role=role,
        status=status,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        phone=person.phone,
        job_title=person.job_title,
        company_name=company.name,
        siret=company.siret,
        activity=company.activity,
        headcount=headcount,
        creation_year=year if role == Membership.Role.LEADER else None,
        commune=company.commune,
        has_hired=True if role == Membership.Role.LEADER else None,
        needs=rng.choice(NEEDS) if role == Membership.Role.LEADER else "",
        wished_themes=themes if role == Membership.Role.LEADER else [],
        expertise=rng.sample(DEFAULT_THEME_CHOICES, rng.randint(3, 4))
        if role == Membership.Role.FACILITATOR
        else [],
        available_weekdays=sorted(rng.sample(range(5), rng.randint(2, 4))),
        available_moments=sorted(rng.sample(["morning", "lunch", "evening"], rng.randint(1, 2))),
        language="fr",
        source=Application.Source.FORM if rng.random() < 0.7 else Application.Source.IMPORT,
        submitted_at=submitted,
        decided_at=submitted + datetime.timedelta(days=rng.randint(5, 20)) if decided else None,
        person=person if status == Application.Status.ACCEPTED else None,
    )


def _moment(day: datetime.date, days_before: int) -> datetime.datetime:
    moment = datetime.datetime.combine(
        day - datetime.timedelta(days=days_before), datetime.time(10, 0)
    )
    return timezone.make_aware(moment)


def _declare_conflicts(
    applications: list[Application], rng: random.Random, *, leader_pairs: int
) -> None:
    """A few leaders name a competitor or a partner among the others, one names the bank of
    a facilitator (their own bank: they would rather not)."""
    leaders = [a for a in applications if a.role == Membership.Role.LEADER]
    facilitators = [a for a in applications if a.role == Membership.Role.FACILITATOR]
    for first, second in zip(
        rng.sample(leaders, leader_pairs), rng.sample(leaders, leader_pairs), strict=True
    ):
        if first is not second:
            first.declared_conflicts = second.company_name
    if facilitators:
        chooser = rng.choice([a for a in leaders if not a.declared_conflicts])
        chooser.declared_conflicts = rng.choice(facilitators).company_name


def form_edition_4(
    edition: Edition,
    leaders: list[DemoPerson],
    facilitators: list[DemoPerson],
    others: list[DemoPerson],
    rng: random.Random,
) -> Formed:
    """Applications for edition 4 (the leaders and facilitators to place, `others` waitlisted or
    declined), the engine's run on the accepted ones, its groups."""
    opening = edition.opening_date
    applications = [
        _application(
            who,
            edition,
            Membership.Role.LEADER,
            Application.Status.ACCEPTED,
            rng,
            submitted=_moment(opening, rng.randint(90, 160)),
        )
        for who in leaders
    ]
    applications += [
        _application(
            who,
            edition,
            Membership.Role.FACILITATOR,
            Application.Status.ACCEPTED,
            rng,
            submitted=_moment(opening, rng.randint(90, 160)),
        )
        for who in facilitators
    ]
    _declare_conflicts(applications, rng, leader_pairs=2)
    others_status = [Application.Status.WAITLISTED] * EDITION_4_WAITLISTED + [
        Application.Status.DECLINED
    ] * EDITION_4_DECLINED
    applications += [
        _application(
            who,
            edition,
            Membership.Role.LEADER,
            status,
            rng,
            submitted=_moment(opening, rng.randint(60, 120)),
        )
        for who, status in zip(others, others_status, strict=True)
    ]
    Application.objects.bulk_create(applications)
    accepted = [a for a in applications if a.status == Application.Status.ACCEPTED]
    instance = formation.build_instance(edition, num_groups=None, applications=accepted)
    result = formation.run_engine(
        instance,
        seed=ENGINE_SEED,
        time_limit_s=ENGINE_TIME_LIMIT_S,
        max_iterations=ENGINE_ITERATIONS,
    )
    if result["status"] == "infeasible":
        raise ValueError(f"The demo's edition 4 cannot be formed: {result['reason']}")
    started = _moment(opening, 30)
    run = FormationRun.objects.create(
        edition=edition,
        created_at=started,
        started_at=started,
        finished_at=started + datetime.timedelta(seconds=1),
        status=FormationRun.Status.PUBLISHED,
        progress=100,
        seed=ENGINE_SEED,
        time_limit_s=ENGINE_TIME_LIMIT_S,
        max_iterations=ENGINE_ITERATIONS,
        instance=instance,
        result=result,
        engine_objective=result["objective"],
        published_at=_moment(opening, 25),
    )
    by_application = {
        a.pk: who
        for a, who in zip(applications, [*leaders, *facilitators], strict=False)
        if a.status == Application.Status.ACCEPTED
    }
    return Formed(
        run=run,
        leaders=[[by_application[pk] for pk in group["leaders"]] for group in result["groups"]],
        facilitators=[
            [by_application[pk] for pk in group["facilitators"]] for group in result["groups"]
        ],
    )


def recruiting_edition(
    editions: list[Edition],
    *,
    new_firms: list[DemoPerson],
    waitlisted: list[DemoPerson],
    alumni: list[DemoPerson],
    facilitators: list[DemoPerson],
    today: datetime.date,
    rng: random.Random,
) -> Edition:
    """Edition 5, recruiting: it opens on the next 26 March (a year after edition 4)."""
    latest = editions[-1]
    opening = latest.opening_date.replace(year=latest.opening_date.year + 1)
    edition = Edition.objects.create(
        territory=latest.territory,
        number=latest.number + 1,
        opening_date=opening,
        preparation_status=EditionStatus.RECRUITING,
    )
    candidates = [*waitlisted, *alumni, *new_firms]
    rng.shuffle(candidates)
    per_class: dict[str, int] = {}
    statuses: list[str] = []
    accepted = 0
    for who in candidates:
        naf_class = who.company.activity.naf_class
        if accepted < EDITION_5_ACCEPTED_LEADERS and per_class.get(naf_class, 0) < 2:
            statuses.append(Application.Status.ACCEPTED)
            per_class[naf_class] = per_class.get(naf_class, 0) + 1
            accepted += 1
        else:
            statuses.append("")
    rest = [
        Application.Status.WAITLISTED,
        Application.Status.WAITLISTED,
        Application.Status.DECLINED,
    ]
    statuses = [s or (rest.pop(0) if rest else Application.Status.SUBMITTED) for s in statuses]
    days_left = max(1, (opening - today).days)

    def submitted() -> datetime.datetime:
        return _moment(today, rng.randint(1, min(60, days_left + 60)))

    applications = [
        _application(who, edition, Membership.Role.LEADER, status, rng, submitted=submitted())
        for who, status in zip(candidates, statuses, strict=True)
    ]
    applications += [
        _application(
            who,
            edition,
            Membership.Role.FACILITATOR,
            Application.Status.ACCEPTED if index < EDITION_5_FACILITATORS - 1 else "submitted",
            rng,
            submitted=submitted(),
        )
        for index, who in enumerate(facilitators)
    ]
    _declare_conflicts(
        [a for a in applications if a.status == Application.Status.ACCEPTED],
        rng,
        leader_pairs=2,
    )
    for application in applications:
        if application.decided_at is not None and application.decided_at.date() > today:
            application.decided_at = timezone.make_aware(
                datetime.datetime.combine(today, datetime.time(9, 0))
            )
    Application.objects.bulk_create(applications)
    return edition
