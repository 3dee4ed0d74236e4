"""A small world whose bilan is computed by hand (see test_bilan_figures.py for the sums).

Territory "Roannais" covers Roanne, Riorges and Mably. Its 2nd edition (opened 26 March 2024,
closed 26 March 2026) has one group, "Loire", of six leaders L0–L5 and one facilitator; its 1st
edition (closed 2023) had two leaders A0, A1, alumni. Today is 15 June 2026.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from maillage.business.models import Idea, Referral
from maillage.business.tests.factories import ContactFactory, IdeaFactory, ReferralFactory
from maillage.editions.models import Edition, Group
from maillage.editions.tests.factories import (
    EditionFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
)
from maillage.meetings.models import Attendance, Meeting
from maillage.meetings.tests.factories import AttendanceFactory, MeetingFactory
from maillage.surveys.models import Respondent, Response, Survey, SurveyInvitation
from maillage.territories.models import Person, Territory
from maillage.territories.tests.factories import (
    ActivityCodeFactory,
    CommuneFactory,
    CompanyFactory,
    PersonFactory,
    TerritoryFactory,
)
from maillage.themes.models import MeetingRating, MeetingTheme, Theme

TODAY = datetime.date(2026, 6, 15)
PARIS = ZoneInfo("Europe/Paris")

BASELINE = [4.0, 3.6, 3.8, 4.2, 3.0, 3.4]
FINAL = [3.0, 3.0, 3.2, 3.0, 2.6, 2.8]
NPS = [10, 9, 8, 6, 10, 7]
SATISFACTION = [5, 4, 4, 3, 5, 4]
BUSINESS = [True, True, False, True, False, True]


@dataclass
class World:
    territory: Territory
    edition: Edition
    group: Group
    old_edition: Edition
    leaders: list[Person]
    facilitator: Person
    alumni: list[Person]
    meetings: list[Meeting] = field(default_factory=list)
    final: Survey | None = None


def at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def meeting(group: Group, day: datetime.date, status: str = Meeting.Status.HELD) -> Meeting:
    return MeetingFactory(
        group=group, starts_at=at(day), ends_at=at(day, 21), status=status
    )  # three hours


def build(*, final_respondents: int = 5, winners: int = 5, slug: str = "roannais") -> World:
    territory = TerritoryFactory(name=slug.capitalize(), slug=slug)
    roanne = CommuneFactory(insee_code="42187", name="Roanne", latitude=46.036, longitude=4.068)
    riorges = CommuneFactory(insee_code="42184", name="Riorges", latitude=46.043, longitude=4.04)
    mably = CommuneFactory(insee_code="42127", name="Mably", latitude=46.065, longitude=4.06)
    territory.communes.add(roanne, riorges, mably)
    making = ActivityCodeFactory(code="25.62A", section="C", section_label="Industrie")
    trade = ActivityCodeFactory(code="47.11B", section="G", section_label="Commerce")
    old = EditionFactory(territory=territory, number=1, opening_date=datetime.date(2021, 3, 26))
    edition = EditionFactory(territory=territory, number=2, opening_date=datetime.date(2024, 3, 26))
    old_group = GroupFactory(edition=old, name="Charlieu")
    group = GroupFactory(edition=edition, name="Loire" if slug == "roannais" else slug.title())
    leaders = []
    for index in range(6):
        company = CompanyFactory(
            activity=making if index < 4 else trade, commune=roanne if index < 3 else riorges
        )
        person = PersonFactory(company=company, first_name=f"L{index}", last_name="Dirigeant")
        MembershipFactory(group=group, person=person)
        leaders.append(person)
    facilitator = FacilitatorMembershipFactory(group=group).person
    alumni = [
        MembershipFactory(
            group=old_group, person=PersonFactory(company=CompanyFactory(commune=roanne))
        ).person
        for _ in range(2)
    ]
    world = World(territory, edition, group, old, leaders, facilitator, alumni)
    _meetings(world)
    _exchanges(world, winners)
    _surveys(world, final_respondents)
    return world


def _meetings(world: World) -> None:
    group, leaders = world.group, world.leaders
    m1 = meeting(group, datetime.date(2024, 4, 10))
    m2 = meeting(group, datetime.date(2024, 10, 10))
    m3 = meeting(group, datetime.date(2025, 5, 10))
    meeting(group, datetime.date(2025, 6, 10), Meeting.Status.CANCELLED)
    world.meetings = [m1, m2, m3]
    present, late, absent, excused = (
        Attendance.Status.PRESENT,
        Attendance.Status.LATE,
        Attendance.Status.ABSENT,
        Attendance.Status.EXCUSED,
    )
    statuses = {
        m1: [present] * 6,
        m2: [present] * 4 + [late, absent],
        m3: [present] * 3 + [excused] * 3,
    }
    for held, row in statuses.items():
        for person, status in zip(leaders, row, strict=True):
            AttendanceFactory(meeting=held, person=person, status=status)
    network = world.territory.network
    prospecting, _ = Theme.objects.get_or_create(
        network=network, slug="prospection", defaults={"title": "Prospection"}
    )
    hiring, _ = Theme.objects.get_or_create(
        network=network, slug="recrutement", defaults={"title": "Recrutement"}
    )
    MeetingTheme.objects.create(meeting=m1, theme=prospecting)
    MeetingTheme.objects.create(meeting=m2, theme=hiring)
    for person, usefulness in zip(leaders, [4, 4, 5, 3, 4], strict=False):
        MeetingRating.objects.create(meeting=m1, person=person, usefulness=usefulness)
    for person, usefulness in zip(leaders, [5, 5, 4, 4], strict=False):
        MeetingRating.objects.create(meeting=m2, person=person, usefulness=usefulness)
    IdeaFactory(
        meeting=m1,
        author=leaders[0],
        status=Idea.Status.ADOPTED,
        created_on=datetime.date(2024, 4, 10),
    )
    IdeaFactory(meeting=m1, author=leaders[1], created_on=datetime.date(2024, 4, 10))
    IdeaFactory(
        meeting=m3,
        author=leaders[2],
        status=Idea.Status.DROPPED,
        created_on=datetime.date(2025, 5, 10),
    )


def _exchanges(world: World, winners: int) -> None:
    L, A0 = world.leaders, world.alumni[0]
    ContactFactory(author=L[0], other=L[1], happened_on=datetime.date(2024, 5, 1))
    ContactFactory(author=L[1], other=L[2], happened_on=datetime.date(2025, 1, 15))
    ContactFactory(author=L[0], other=A0, happened_on=datetime.date(2024, 6, 1))
    ContactFactory(author=L[2], other=L[3], happened_on=datetime.date(2026, 5, 1))
    ContactFactory(author=A0, other=L[0], happened_on=datetime.date(2024, 7, 1))

    def won(
        referrer: Person, referee: Person, given: datetime.date, closed: datetime.date, amount: int
    ) -> None:
        ReferralFactory(
            referrer=referrer,
            referee=referee,
            given_on=given,
            closed_on=closed,
            status=Referral.Status.WON,
            amount=Decimal(amount),
        )

    won(L[0], L[1], datetime.date(2024, 6, 1), datetime.date(2024, 9, 1), 1000)
    won(L[1], L[2], datetime.date(2024, 11, 1), datetime.date(2025, 2, 1), 2000)
    won(L[2], L[3], datetime.date(2025, 3, 1), datetime.date(2025, 4, 1), 500)
    won(L[3], L[4], datetime.date(2025, 6, 1), datetime.date(2025, 8, 1), 1500)
    ReferralFactory(
        referrer=L[4],
        referee=L[0],
        given_on=datetime.date(2025, 7, 1),
        status=Referral.Status.LOST,
        closed_on=datetime.date(2025, 8, 1),
    )
    if winners >= 5:
        won(A0, L[5], datetime.date(2025, 9, 1), datetime.date(2025, 10, 1), 3000)


def _surveys(world: World, final_respondents: int) -> None:
    edition, group = world.edition, world.group
    baseline = Survey.objects.create(
        edition=edition,
        kind="baseline",
        opens_at=at(datetime.date(2024, 3, 26)),
        closes_at=at(datetime.date(2024, 4, 30)),
    )
    final = Survey.objects.create(
        edition=edition,
        kind="final",
        opens_at=at(datetime.date(2026, 3, 1)),
        closes_at=at(datetime.date(2026, 4, 15)),
    )
    world.final = final
    keys = [Respondent.objects.create(person=person).key for person in world.leaders]
    for index, person in enumerate(world.leaders):
        SurveyInvitation.objects.create(
            survey=baseline, person=person, group=group, answered_at=at(datetime.date(2024, 4, 1))
        )
        Response.objects.create(
            survey=baseline, respondent=keys[index], group=group, isolation=BASELINE[index]
        )
        answered = index < final_respondents
        SurveyInvitation.objects.create(
            survey=final,
            person=person,
            group=group,
            answered_at=at(datetime.date(2026, 3, 10)) if answered else None,
        )
        if answered:
            Response.objects.create(
                survey=final,
                respondent=keys[index],
                group=group,
                isolation=FINAL[index],
                nps=NPS[index],
                satisfaction=SATISFACTION[index],
                business=BUSINESS[index],
                comment=[
                    "Enfin des pairs.",
                    "Très utile.",
                    "Secret : L2 a failli fermer.",
                    "",
                    "",
                    "",
                ][index],
                quote_consent=index in (0, 1),
                quoted_at=at(datetime.date(2026, 4, 20)) if index == 0 else None,
            )
