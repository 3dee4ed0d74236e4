"""The editions part of the demo: four editions of the Roannais, their groups and who is in them.

Edition 4 opened on the latest 26 March on or before the day the demo is loaded; editions 1 to
3 opened on 26 March six, four and two years before, and each closed when the next opened.
Groups have 10 to 12 leaders (mostly 11 or 12) of distinct NAF classes and 3 facilitators from
distinct large companies; a few leaders leave during an edition; nobody is in two groups at once.

Edition 4 was formed by the formation engine from its applications, and edition 5 recruits
(it opens on the next 26 March): see `maillage.editions.recruitment.demo`.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from maillage.core.roles import bump_roles
from maillage.editions.models import (
    Application,
    Edition,
    EditionStatus,
    FormationRun,
    Group,
    Membership,
)
from maillage.editions.recruitment import demo as recruitment_demo
from maillage.territories.demo import (
    DEMO_EMAIL_DOMAIN,
    DemoAccount,
    DemoPerson,
    TerritoryDemo,
    demo_user,
)
from maillage.territories.models import Network

OPENING_MONTH, OPENING_DAY = 3, 26
YEARS_BETWEEN_EDITIONS = 2
GROUPS_PER_EDITION = (3, 4, 4, 3)
RETURNING_LEADERS = 3  # alumni of editions 1 and 2 who enrolled again in edition 4
GROUP_NAMES = ("Loire", "Renaison", "Rhins", "Sornin", "Teyssonne", "Madeleine", "Lignon", "Aix")
# Monthly rules of the groups, in turn: (nth weekday of the month, weekday, start, end).
GROUP_RULES = (
    (2, Group.Weekday.THURSDAY, datetime.time(18, 0), datetime.time(21, 0)),
    (3, Group.Weekday.TUESDAY, datetime.time(18, 30), datetime.time(21, 30)),
    (1, Group.Weekday.FRIDAY, datetime.time(8, 30), datetime.time(12, 0)),
    (2, Group.Weekday.MONDAY, datetime.time(18, 0), datetime.time(21, 0)),
    (3, Group.Weekday.THURSDAY, datetime.time(8, 30), datetime.time(12, 0)),
)

FACILITATOR_EMAIL = f"animateur@{DEMO_EMAIL_DOMAIN}"
LEADER_EMAIL = f"dirigeant@{DEMO_EMAIL_DOMAIN}"
OTHER_GROUP_LEADER_EMAIL = f"dirigeante@{DEMO_EMAIL_DOMAIN}"
ALUMNUS_EMAIL = f"ancien@{DEMO_EMAIL_DOMAIN}"
ACCOUNT_EMAILS = (FACILITATOR_EMAIL, LEADER_EMAIL, OTHER_GROUP_LEADER_EMAIL, ALUMNUS_EMAIL)


@dataclass
class DemoMember:
    who: DemoPerson
    membership: Membership

    def active_on(self, day: datetime.date) -> bool:
        left_on = self.membership.left_on
        return self.membership.joined_on <= day and (left_on is None or day < left_on)


@dataclass
class DemoGroup:
    group: Group
    edition: Edition
    ordinal: int  # the group meets on the `ordinal`-th `group.meeting_weekday` of each month
    ends_at: datetime.time
    leaders: list[DemoMember] = field(default_factory=list)
    facilitators: list[DemoMember] = field(default_factory=list)

    @property
    def members(self) -> list[DemoMember]:
        return self.leaders + self.facilitators


@dataclass
class EditionsDemo:
    editions: list[Edition]  # editions 1 to 4, with their groups
    groups: list[DemoGroup]
    accounts: list[DemoAccount]
    recruiting: Edition | None = None  # edition 5: applications, no group yet


def edition_opening_dates(today: datetime.date) -> list[datetime.date]:
    """Opening dates of editions 1 to 4: the last one is the latest 26 March on or before today."""
    year = today.year
    if (today.month, today.day) < (OPENING_MONTH, OPENING_DAY):
        year -= 1
    count = len(GROUPS_PER_EDITION)
    return [
        datetime.date(
            year - YEARS_BETWEEN_EDITIONS * (count - 1 - index), OPENING_MONTH, OPENING_DAY
        )
        for index in range(count)
    ]


def group_sizes(total: int, groups: int, rng: random.Random) -> list[int]:
    """`groups` sizes adding up to `total`, 11 or 12 when possible, never outside 10 to 12."""
    sizes = [11] * groups
    order = rng.sample(range(groups), groups)
    for index in order[: max(0, total - 11 * groups)]:
        sizes[index] = 12
    for index in order[: max(0, 11 * groups - total)]:
        sizes[index] = 10
    if sum(sizes) != total:
        raise ValueError(f"{total} leaders do not make {groups} groups of 10 to 12.")
    return sizes


def _deal(people: list[DemoPerson], sizes: list[int], rng: random.Random) -> list[list[DemoPerson]]:
    """Share people among groups of the given sizes, no two of the same NAF class in a group.

    The most frequent classes are dealt first, round the groups, so that two firms of a class
    land in different groups whenever there are fewer of them than groups."""
    counts = Counter(who.company.activity.naf_class for who in people)
    ordered = sorted(
        people,
        key=lambda who: (-counts[who.company.activity.naf_class], who.company.activity.naf_class),
    )
    groups: list[list[DemoPerson]] = [[] for _ in sizes]
    turn = 0
    for who in ordered:
        while len(groups[turn % len(sizes)]) >= sizes[turn % len(sizes)]:
            turn += 1
        groups[turn % len(sizes)].append(who)
        turn += 1
    for members in groups:
        classes = [who.company.activity.naf_class for who in members]
        if len(set(classes)) != len(classes):
            raise ValueError("The demo could not keep the NAF classes of a group distinct.")
        rng.shuffle(members)
    return groups


def _link_account(who: DemoPerson, email: str, password_hash: str) -> None:
    person = who.person
    person.email = email
    person.directory_consent = True
    person.user = demo_user(email=email, display_name=person.full_name, password_hash=password_hash)
    person.save(update_fields=["email", "directory_consent", "user"])
    Application.objects.filter(person=person).update(email=email)


def build(
    territory_demo: TerritoryDemo,
    *,
    today: datetime.date,
    rng: random.Random,
    password_hash: str,
) -> EditionsDemo:
    territory = territory_demo.territory
    openings = edition_opening_dates(today)
    editions = [
        Edition.objects.create(
            territory=territory,
            number=number,
            opening_date=opening,
            preparation_status=EditionStatus.FORMING,
        )
        for number, opening in enumerate(openings, start=1)
    ]

    # The last firms of the territory only apply (edition 4's waiting list, edition 5).
    member_firms = territory_demo.leaders[: -recruitment_demo.APPLICANT_FIRMS]
    applicant_firms = territory_demo.leaders[-recruitment_demo.APPLICANT_FIRMS :]
    applications_rng = random.Random(0)  # seeded from `rng` when edition 4 comes
    total_slots = len(member_firms) + RETURNING_LEADERS
    sizes = group_sizes(total_slots, sum(GROUPS_PER_EDITION), rng)
    fresh_leaders = iter(member_firms)
    facilitator_uses: Counter[int] = Counter()
    facilitator_pool = list(territory_demo.facilitators)
    rng.shuffle(facilitator_pool)
    returning: set[int] = set()
    leavers: set[int] = set()
    demo_groups: list[DemoGroup] = []
    rule_turn = 0

    for index, (edition, group_count) in enumerate(zip(editions, GROUPS_PER_EDITION, strict=True)):
        edition_sizes, sizes = sizes[:group_count], sizes[group_count:]
        is_last = index == len(editions) - 1
        newcomers = sum(edition_sizes) - (RETURNING_LEADERS if is_last else 0)
        pool = [next(fresh_leaders) for _ in range(newcomers)]
        if is_last:  # a few alumni of the first two editions enrol again
            alumni = [
                member.who
                for demo_group in demo_groups
                if demo_group.edition.number <= 2
                for member in demo_group.leaders
                if member.membership.left_on is None
            ]
            again = rng.sample(alumni, RETURNING_LEADERS)
            returning.update(id(who) for who in again)
            pool += again
        # Facilitators: those who facilitated least so far, one person in one group at a time.
        replacement_needed = edition.number == 2
        needed = 3 * group_count + (1 if replacement_needed else 0)
        chosen = sorted(facilitator_pool, key=lambda who: facilitator_uses[id(who)])[:needed]
        for who in chosen:
            facilitator_uses[id(who)] += 1
        if is_last:  # formed by the engine from the applications
            applications_rng.seed(rng.random())
            waiting = applicant_firms[
                : recruitment_demo.EDITION_4_WAITLISTED + recruitment_demo.EDITION_4_DECLINED
            ]
            formed = recruitment_demo.form_edition_4(
                edition, pool, chosen, waiting, applications_rng
            )
            dealt, seated = formed.leaders, formed.facilitators
        else:
            dealt = _deal(pool, edition_sizes, rng)
            seated = [chosen[3 * k : 3 * k + 3] for k in range(group_count)]

        names = [GROUP_NAMES[(2 * index + k) % len(GROUP_NAMES)] for k in range(group_count)]
        for position, (name, leaders) in enumerate(zip(names, dealt, strict=True)):
            ordinal, weekday, start, end = GROUP_RULES[rule_turn % len(GROUP_RULES)]
            rule_turn += 1
            group = Group(
                edition=edition, name=f"Groupe {name}", meeting_weekday=weekday, meeting_time=start
            )
            demo_group = DemoGroup(group=group, edition=edition, ordinal=ordinal, ends_at=end)
            for who in leaders:
                demo_group.leaders.append(
                    DemoMember(who, _membership(who, group, Membership.Role.LEADER, edition))
                )
            for who in seated[position]:
                demo_group.facilitators.append(
                    DemoMember(who, _membership(who, group, Membership.Role.FACILITATOR, edition))
                )
            demo_groups.append(demo_group)

        edition_groups = demo_groups[-group_count:]
        if replacement_needed:  # a facilitator changed jobs; another manager took over
            first = edition_groups[0]
            gone = first.facilitators[0].membership
            gone.left_on = edition.opening_date + datetime.timedelta(days=rng.randint(250, 400))
            who = chosen[-1]
            first.facilitators.append(
                DemoMember(
                    who,
                    _membership(
                        who, first.group, Membership.Role.FACILITATOR, edition, gone.left_on
                    ),
                )
            )
        _leave(edition, edition_groups, today, rng, exclude=returning, leavers=leavers)

    Group.objects.bulk_create([demo_group.group for demo_group in demo_groups])
    Membership.objects.bulk_create(
        [member.membership for demo_group in demo_groups for member in demo_group.members]
    )
    bump_roles()  # bulk_create sends no signal
    accounts = _accounts(demo_groups, password_hash, returning | leavers)
    recruiting = _recruiting(
        editions,
        demo_groups,
        applicant_firms,
        facilitator_pool,
        today=today,
        rng=applications_rng,
        not_again=returning | leavers,
    )
    return EditionsDemo(
        editions=editions, groups=demo_groups, accounts=accounts, recruiting=recruiting
    )


def _recruiting(
    editions: list[Edition],
    groups: list[DemoGroup],
    applicant_firms: list[DemoPerson],
    facilitator_pool: list[DemoPerson],
    *,
    today: datetime.date,
    rng: random.Random,
    not_again: set[int],
) -> Edition:
    """Edition 5 and its applicants: new firms, edition 4's waiting list, a few alumni of the
    first editions; managers who do not facilitate in edition 4."""
    latest = editions[-1]
    in_latest = {id(m.who) for g in groups if g.edition.pk == latest.pk for m in g.members}
    alumni = [
        m.who
        for g in groups
        if g.edition.number <= 2
        for m in g.leaders
        if id(m.who) not in in_latest and id(m.who) not in not_again
    ]
    free = [who for who in facilitator_pool if id(who) not in in_latest]
    return recruitment_demo.recruiting_edition(
        editions,
        new_firms=applicant_firms[-recruitment_demo.EDITION_5_NEW_FIRMS :],
        waitlisted=applicant_firms[: recruitment_demo.EDITION_4_WAITLISTED],
        alumni=rng.sample(alumni, recruitment_demo.EDITION_5_ALUMNI),
        facilitators=rng.sample(free, recruitment_demo.EDITION_5_FACILITATORS),
        today=today,
        rng=rng,
    )


def _membership(
    who: DemoPerson,
    group: Group,
    role: str,
    edition: Edition,
    joined_on: datetime.date | None = None,
) -> Membership:
    return Membership(
        person=who.person, group=group, role=role, joined_on=joined_on or edition.opening_date
    )


def _leave(
    edition: Edition,
    groups: list[DemoGroup],
    today: datetime.date,
    rng: random.Random,
    *,
    exclude: set[int],
    leavers: set[int],
) -> None:
    """One or two leaders of groups of 11 or more leave during the edition (never after today)."""
    last_day = min(edition.closing_date, today) - datetime.timedelta(days=1)
    earliest = edition.opening_date + datetime.timedelta(days=120)
    if last_day <= earliest:
        return
    candidates = [group for group in groups if len(group.leaders) >= 11]
    for group in rng.sample(candidates, min(len(candidates), rng.randint(1, 2))):
        member = rng.choice([m for m in group.leaders if id(m.who) not in exclude])
        days = rng.randint(0, min(420, (last_day - earliest).days))
        member.membership.left_on = earliest + datetime.timedelta(days=days)
        leavers.add(id(member.who))


def _accounts(
    groups: list[DemoGroup], password_hash: str, not_for_accounts: set[int]
) -> list[DemoAccount]:
    """Give the demo's personal accounts to members who fit their description."""
    latest = max(group.edition.number for group in groups)
    current = [group for group in groups if group.edition.number == latest]
    previous = [group for group in groups if group.edition.number == latest - 1]

    def pick(candidates: list[DemoMember], *, feminine: bool) -> DemoPerson:
        fitting = [m.who for m in candidates if id(m.who) not in not_for_accounts]
        preferred = [who for who in fitting if who.feminine == feminine]
        return (preferred or fitting)[0]

    # The facilitator account goes to a manager who facilitates for the first time.
    groups_of = Counter(id(m.who) for group in groups for m in group.facilitators)
    facilitator = next(
        (m.who for m in current[0].facilitators if groups_of[id(m.who)] == 1),
        current[0].facilitators[0].who,
    )
    chosen = [
        (facilitator, FACILITATOR_EMAIL, "animateur, édition 4"),
        (
            pick(current[0].leaders, feminine=False),
            LEADER_EMAIL,
            "dirigeant, groupe de l'animateur",
        ),
        (
            pick(current[1].leaders, feminine=True),
            OTHER_GROUP_LEADER_EMAIL,
            "dirigeante, autre groupe de l'édition 4",
        ),
        (
            pick([m for g in previous for m in g.leaders], feminine=False),
            ALUMNUS_EMAIL,
            "ancien de l'édition 3",
        ),
    ]
    accounts = []
    for who, email, role in chosen:
        _link_account(who, email, password_hash)
        accounts.append(DemoAccount(email, role))
    return accounts


def delete(network: Network) -> None:
    """Remove the editions part of the demo (after the meetings were removed)."""
    editions = Edition.objects.filter(territory__network=network)
    FormationRun.objects.filter(edition__in=editions).delete()
    Application.objects.filter(edition__in=editions).delete()
    Membership.objects.filter(group__edition__in=editions).delete()
    Group.objects.filter(edition__in=editions).delete()
    editions.delete()
