"""The editions app's part: five editions per territory, two years each (the last one running,
one more recruiting in some territories), groups of 10 to 12 leaders and 3 facilitators, the
people who join them (with their firm and, for most, an account), their charter acceptances and
their applications.

Some leaders come back in the next edition and some facilitators are lent again; a few leaders
leave during an edition. More accepted applicants are added, not yet in a group, until the
network has its number of people.
"""

from __future__ import annotations

import datetime
import random

from maillage.accounts.models import User
from maillage.editions.charter import CHARTER_VERSION
from maillage.editions.models import (
    Application,
    CharterAcceptance,
    Edition,
    EditionStatus,
    Group,
    Membership,
    add_months,
)
from maillage.reports.national.territories import write_users
from maillage.reports.national.world import (
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    TRADES,
    EditionPlan,
    GroupPlan,
    MemberPlan,
    PersonPlan,
    TerritoryPlan,
    World,
    ascii_slug,
    siren_from,
)
from maillage.reports.national.writer import Writer
from maillage.territories.models import Company, Person

GROUP_NAMES = [
    "Loire",
    "Rhône",
    "Saône",
    "Allier",
    "Dordogne",
    "Garonne",
    "Seine",
    "Marne",
    "Meuse",
    "Moselle",
    "Vienne",
    "Creuse",
    "Cher",
    "Indre",
    "Lot",
    "Tarn",
    "Aveyron",
    "Isère",
    "Drôme",
    "Ardèche",
    "Durance",
    "Doubs",
    "Ain",
    "Oise",
    "Aisne",
    "Somme",
    "Orne",
    "Sarthe",
]
BANDS = (("TPE", 0.58), ("PME", 0.40), ("ETI", 0.02))
HEADCOUNTS = {"TPE": (1, 9), "PME": (10, 120), "ETI": (250, 600)}


def build(world: World, w: Writer) -> None:
    rng = world.rng("editions")
    _plan(world, w, rng)
    _fill_people(world, w, rng)
    _write(world, w, rng)


# Plan ----------------------------------------------------------------------------------------


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` groups over `parts` editions, at least one each, about even."""
    sizes = [1] * parts
    for _ in range(total - parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _new_person(
    world: World,
    w: Writer,
    rng: random.Random,
    territory: TerritoryPlan,
    company_id: int,
    *,
    account: float,
) -> PersonPlan:
    person_id = w.next_id(Person)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{ascii_slug(first)}.{ascii_slug(last)}.{person_id}@{EMAIL_DOMAIN}"
    person = PersonPlan(
        person_id,
        first,
        last,
        email,
        company_id,
        territory,
        user_id=w.next_id(User) if rng.random() < account else None,
        quote_consent=rng.random() < 0.3,
        directory_consent=rng.random() < 0.45,
    )
    world.people.append(person)
    return person


def _new_firm(world: World, w: Writer, rng: random.Random, territory: TerritoryPlan) -> int:
    company_id = w.next_id(Company)
    band = rng.choices([b for b, _ in BANDS], [p for _, p in BANDS])[0]
    k = rng.randrange(len(territory.commune_ids))
    lat, lon = territory.commune_points[k]
    world.companies.append(
        (
            company_id,
            f"{rng.choice(TRADES)} {rng.choice(LAST_NAMES)}",
            siren_from(company_id + 300_000_000),
            rng.choice(world.activity_ids),
            band,
            territory.commune_ids[k],
            lat + rng.uniform(-0.02, 0.02),
            lon + rng.uniform(-0.02, 0.02),
        )
    )
    return company_id


def _plan(world: World, w: Writer, rng: random.Random) -> None:
    shape, today = world.shape, world.today
    for territory in world.territories:
        phase = rng.randrange(24)  # months since the running edition opened
        last_opening = add_months(today.replace(day=1), -phase) + datetime.timedelta(
            days=rng.randrange(20)
        )
        if last_opening > today:
            last_opening = today
        sizes = _split(shape.groups_per_territory, shape.editions_per_territory, rng)
        previous: EditionPlan | None = None
        for k, size in enumerate(sizes, start=1):
            opening = add_months(last_opening, -(shape.editions_per_territory - k) * 24)
            edition = EditionPlan(w.next_id(Edition), territory, k, opening)
            territory.editions.append(edition)
            names = rng.sample(GROUP_NAMES, size)
            for name in names:
                group = GroupPlan(
                    w.next_id(Group),
                    edition,
                    name,
                    rng.randrange(5),
                    rng.choices(
                        [datetime.time(8, 0), datetime.time(12, 0), datetime.time(18, 30)],
                        [0.3, 0.2, 0.5],
                    )[0],
                )
                edition.groups.append(group)
                _members(world, w, rng, group, previous)
            previous = edition
        if phase >= 18:  # the next edition recruits
            edition = EditionPlan(
                w.next_id(Edition),
                territory,
                shape.editions_per_territory + 1,
                add_months(last_opening, 24),
            )
            territory.editions.append(edition)


def _members(
    world: World, w: Writer, rng: random.Random, group: GroupPlan, previous: EditionPlan | None
) -> None:
    edition, today = group.edition, world.today
    territory = edition.territory
    in_edition = {m.person.id for g in edition.groups for m in g.members}
    returning: list[PersonPlan] = []
    lent: list[PersonPlan] = []
    if previous is not None:
        returning = [
            m.person for g in previous.groups for m in g.leaders if m.person.id not in in_edition
        ]
        lent = [
            m.person
            for g in previous.groups
            for m in g.facilitators
            if m.person.id not in in_edition
        ]
    leaders = rng.choices([10, 11, 12], [0.15, 0.35, 0.50])[0]
    closing = edition.closing
    for role, count in (("leader", leaders), ("facilitator", 3)):
        pool = returning if role == "leader" else lent
        chance = 0.06 if role == "leader" else 0.25
        for _ in range(count):
            person: PersonPlan | None = None
            if pool and rng.random() < chance:
                person = pool.pop(rng.randrange(len(pool)))
            if person is None:
                if role == "leader":
                    person = _new_person(
                        world, w, rng, territory, _new_firm(world, w, rng, territory), account=0.85
                    )
                else:
                    employer = rng.choice(territory.employer_ids)
                    person = _new_person(world, w, rng, territory, employer, account=0.95)
            left_on = None
            if role == "leader" and rng.random() < 0.06:
                day = edition.opening + datetime.timedelta(
                    days=rng.randrange(60, (closing - edition.opening).days - 30)
                )
                left_on = day if day < today else None
            assiduity = min(
                0.98, 0.6 + 0.35 * rng.random() + (0.05 if role == "facilitator" else 0)
            )
            group.members.append(
                MemberPlan(w.next_id(Membership), person, role, edition.opening, left_on, assiduity)
            )


def _fill_people(world: World, w: Writer, rng: random.Random) -> None:
    """Accepted applicants waiting for a group, until the network has its number of people."""
    recruiting = [e for e in world.editions if e.opening > world.today]
    waiting = recruiting or [t.editions[-1] for t in world.territories]
    missing = world.shape.people - len(world.people)
    for n in range(max(0, missing)):
        edition = waiting[n % len(waiting)]
        person = _new_person(
            world,
            w,
            rng,
            edition.territory,
            _new_firm(world, w, rng, edition.territory),
            account=0.3,
        )
        edition.applicant_ids.append(person.id)


# Write ---------------------------------------------------------------------------------------


def _write(world: World, w: Writer, rng: random.Random) -> None:
    employers = {c for t in world.territories for c in t.employer_ids}
    w.insert(
        Company,
        [
            "id",
            "name",
            "siren",
            "siret",
            "activity",
            "headcount_band",
            "commune",
            "latitude",
            "longitude",
            "address",
        ],
        (
            (
                cid,
                name,
                siren,
                f"{siren}00017",
                activity,
                band,
                commune,
                lat,
                lon,
                f"{1 + cid % 120} rue de l'Industrie",
            )
            for cid, name, siren, activity, band, commune, lat, lon in world.companies
        ),
    )
    write_users(
        w,
        [(p.user_id, p.email, p.full_name) for p in world.people if p.user_id is not None],
        world,
    )
    w.insert(
        Person,
        [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "company",
            "user",
            "directory_consent",
            "quote_consent",
        ],
        (
            (
                p.id,
                p.first_name,
                p.last_name,
                p.email,
                f"06{p.id % 100_000_000:08d}",
                "Manager" if p.company_id in employers else "Dirigeant",
                p.company_id,
                p.user_id,
                p.directory_consent,
                p.quote_consent,
            )
            for p in world.people
        ),
    )
    w.insert(
        Edition,
        ["id", "territory", "number", "opening_date", "closing_date", "preparation_status"],
        (
            (
                e.id,
                e.territory.id,
                e.number,
                e.opening,
                e.closing,
                EditionStatus.RECRUITING if e.opening > world.today else EditionStatus.FORMING,
            )
            for e in world.editions
        ),
    )
    w.insert(
        Group,
        ["id", "edition", "name", "meeting_weekday", "meeting_time"],
        ((g.id, g.edition.id, g.name, g.weekday, g.time) for g in world.groups),
    )
    w.insert(
        Membership,
        ["id", "person", "group", "role", "joined_on", "left_on"],
        (
            (m.id, m.person.id, g.id, m.role, m.joined_on, m.left_on)
            for g in world.groups
            for m in g.members
        ),
    )
    w.insert(
        CharterAcceptance,
        ["membership", "version", "accepted_at"],
        (
            (m.id, CHARTER_VERSION, _at(m.joined_on))
            for g in world.groups
            for m in g.members
            if m.person.user_id is not None
        ),
    )
    _applications(world, w, rng)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def _applications(world: World, w: Writer, rng: random.Random) -> None:
    """Each member applied to their edition; a quarter more were declined or waitlisted; the
    recruiting editions have their applications under review."""
    companies = {c[0]: c for c in world.companies}
    people = {p.id: p for p in world.people}
    rows = []
    for edition in world.editions:
        seen: set[int] = set()
        entries: list[tuple[PersonPlan | None, str, str]] = []
        for group in edition.groups:
            for m in group.members:
                if m.person.id not in seen:
                    seen.add(m.person.id)
                    entries.append((m.person, m.role, Application.Status.ACCEPTED))
        for pid in edition.applicant_ids:
            entries.append((people[pid], "leader", Application.Status.ACCEPTED))
        others = len(entries) // 4 if edition.opening <= world.today else 25 + rng.randrange(20)
        for _ in range(others):
            status: str = (
                Application.Status.SUBMITTED
                if edition.opening > world.today and rng.random() < 0.7
                else rng.choice([Application.Status.DECLINED, Application.Status.WAITLISTED])
            )
            entries.append((None, "leader", status))
        submitted = _at(edition.opening - datetime.timedelta(days=90))
        for n, (person, role, status) in enumerate(entries):
            if person is not None:
                _cid, company_name, siren, activity, band, commune, _lat, _lon = companies[
                    person.company_id
                ]
                first, last, email = person.first_name, person.last_name, person.email
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = f"candidat{n}.{edition.id}@{EMAIL_DOMAIN}"
                company_name = f"{rng.choice(TRADES)} {last}"
                siren = siren_from(edition.id * 1000 + n + 700_000_000)
                activity = rng.choice(world.activity_ids)
                band = "TPE"
                commune = rng.choice(edition.territory.commune_ids)
            low, high = {"TPE": (1, 9), "PME": (10, 120)}.get(band, (250, 600))
            decided = status != Application.Status.SUBMITTED
            rows.append(
                (
                    edition.id,
                    role,
                    status,
                    first,
                    last,
                    email,
                    company_name,
                    f"{siren}00017",
                    activity,
                    rng.randint(low, high),
                    edition.opening.year - rng.randint(3, 25),
                    commune,
                    True,
                    ["Développement commercial", "Gestion du stress"],
                    "form",
                    submitted + datetime.timedelta(hours=n),
                    submitted + datetime.timedelta(days=30) if decided else None,
                    person.id if person is not None else None,
                )
            )
    w.insert(
        Application,
        [
            "edition",
            "role",
            "status",
            "first_name",
            "last_name",
            "email",
            "company_name",
            "siret",
            "activity",
            "headcount",
            "creation_year",
            "commune",
            "has_hired",
            "wished_themes",
            "source",
            "submitted_at",
            "decided_at",
            "person",
        ],
        rows,
    )
