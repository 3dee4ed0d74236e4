"""Each figure of the bilan on the small world of `bilan_world`, computed by hand."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest

from maillage.business.models import Referral
from maillage.business.tests.factories import ContactFactory, ReferralFactory
from maillage.editions.tests.factories import MembershipFactory
from maillage.reports.bilan import bilan, edition_scope, group_scope, territory_scope
from maillage.reports.bilan.figures import Bilan
from maillage.reports.bilan.scope import network_scope
from maillage.reports.tests.bilan_world import TODAY, World, at, build
from maillage.surveys.models import Respondent, Response, Survey
from maillage.territories.tests.factories import CommuneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def group_bilan(world: World) -> Bilan:
    return bilan(group_scope(world.group, TODAY))


def test_people_firms_sectors_and_communes(world: World) -> None:
    activity = group_bilan(world).activity

    assert (activity.leaders, activity.facilitators, activity.companies) == (6, 1, 6)
    assert (activity.sectors, activity.communes) == (2, 2)
    assert [(s.code, s.firms) for s in activity.sector_breakdown] == [("C", 4), ("G", 2)]


def test_the_map_places_the_firms_and_the_covered_communes(world: World) -> None:
    places = {
        p.name: p.firms for p in bilan(territory_scope(world.territory, TODAY)).activity.places
    }

    assert places == {"Roanne": 5, "Riorges": 3, "Mably": 0}


def test_the_network_map_places_each_territory_at_the_middle_of_its_communes(
    world: World,
) -> None:
    forez = TerritoryFactory(network=world.territory.network, name="Forez", slug="forez")
    forez.communes.add(
        CommuneFactory(insee_code="42218", name="Saint-Étienne", latitude=45.43, longitude=4.39)
    )
    activity = bilan(network_scope(world.territory.network, TODAY)).activity

    assert activity.places_are_territories
    places = {p.name: p for p in activity.places}
    assert {name: p.firms for name, p in places.items()} == {"Roannais": 8, "Forez": 0}
    assert places["Roannais"].latitude == pytest.approx((46.036 + 46.043 + 46.065) / 3)
    assert places["Forez"].longitude == pytest.approx(4.39)
    assert activity.communes == 2  # the figure still counts the communes of the firms


def test_meetings_held_and_attendance_rate(world: World) -> None:
    activity = group_bilan(world).activity

    assert activity.meetings_held == 3  # the cancelled one does not count
    assert activity.attendance_recorded == 18
    assert activity.attendance_rate == pytest.approx(14 / 18)  # present or late


def test_themes_and_their_ratings_from_five_raters(world: World) -> None:
    themes = {t.title: t for t in group_bilan(world).activity.themes}

    assert themes["Prospection"].rating == pytest.approx(4.0)  # (4+4+5+3+4) / 5
    assert themes["Prospection"].raters == 5
    assert themes["Recrutement"].rating is None  # four raters only
    assert themes["Recrutement"].meetings == 1


def test_usefulness_of_meetings(world: World) -> None:
    activity = group_bilan(world).activity

    assert activity.usefulness == pytest.approx(38 / 9)  # nine ratings by five people
    assert activity.usefulness_raters == 5


def test_ideas_contacts_across_groups_and_among_alumni(world: World) -> None:
    exchanges = group_bilan(world).exchanges

    assert (exchanges.ideas_noted, exchanges.ideas_adopted) == (3, 1)
    assert exchanges.contacts == 4  # logged by the group's people (not the alumnus' call)
    assert exchanges.contacts_across_groups == 1  # L0 called A0
    assert exchanges.contacts_among_alumni == 1  # L2 called L3 after the closing


def test_referrals_given_won_and_amount(world: World) -> None:
    business = group_bilan(world).business

    assert business.referrals_given == 5
    assert business.referrals_won == 5  # four among them, one from an alumnus
    assert business.winners == 5
    assert business.amount_won == Decimal(8000)
    assert business.business_share == pytest.approx(3 / 5)  # final survey


def test_isolation_before_after_and_paired_change_with_its_interval(world: World) -> None:
    change = group_bilan(world).change

    assert change.isolation_before == pytest.approx(22 / 6)
    assert change.isolation_after == pytest.approx(14.8 / 5)
    assert change.pairs == 5
    paired = change.isolation_change
    assert paired is not None
    # differences −1.0 −0.6 −0.6 −1.2 −0.4: mean −0.76, s² = 0.432 / 4, t(0.975, 4) = 2.776445
    half = 2.776445 * math.sqrt(0.108 / 5)
    assert paired.mean == pytest.approx(-0.76)
    assert paired.low == pytest.approx(-0.76 - half, abs=1e-5)
    assert paired.high == pytest.approx(-0.76 + half, abs=1e-5)


def test_nps_satisfaction_and_response_rate(world: World) -> None:
    change = group_bilan(world).change

    assert change.nps == pytest.approx(40.0)  # promoters 10, 9, 10; detractor 6: (3 − 1) / 5
    assert change.nps_respondents == 5
    assert change.satisfaction == pytest.approx(4.2)
    assert (change.invited, change.answered) == (12, 11)


@pytest.mark.parametrize(("answers", "share"), [(5, 0.6), (4, None)])
def test_alumni_still_in_touch_from_five_answers(
    world: World, answers: int, share: float | None
) -> None:
    alumni = Survey.objects.create(
        edition=world.edition,
        kind="alumni",
        opens_at=at(datetime.date(2026, 6, 1)),
        closes_at=at(datetime.date(2026, 6, 30)),
    )
    for person, in_touch in zip(
        world.leaders[:answers], ["often", "sometimes", "no", "often", "no"], strict=False
    ):
        Response.objects.create(
            survey=alumni,
            respondent=Respondent.objects.get(person=person).key,
            group=world.group,
            in_touch=in_touch,
        )

    stages = {stage.kind: stage for stage in group_bilan(world).change.stages}

    assert stages["alumni"].respondents == answers
    assert stages["alumni"].in_touch_share == (pytest.approx(share) if share else None)
    assert stages["final"].in_touch_share is None  # not asked there


def test_network_density_at_start_and_end(world: World) -> None:
    change = group_bilan(world).change

    assert change.network_people == 7
    assert (change.ties_start, change.ties_end) == (0, 5)  # a ring L0–L1–L2–L3–L4–L0
    assert change.density_start == 0.0
    assert change.density_end == pytest.approx(5 / 21)


def test_quotes_are_the_chosen_consented_comments(world: World) -> None:
    quotes = group_bilan(world).quotes

    assert [q.text for q in quotes] == ["Enfin des pairs."]


def test_figures_per_year(world: World) -> None:
    years = {row.year: row for row in group_bilan(world).years}

    assert sorted(years) == [2024, 2025, 2026]
    assert (years[2024].meetings_held, years[2025].meetings_held) == (2, 1)
    assert years[2024].attendance_rate == pytest.approx(11 / 12)
    assert years[2025].attendance_rate == pytest.approx(3 / 6)
    assert (years[2024].ideas_noted, years[2024].ideas_adopted) == (2, 1)
    assert [years[y].contacts for y in (2024, 2025, 2026)] == [2, 1, 1]
    assert [years[y].referrals_given for y in (2024, 2025, 2026)] == [2, 3, 0]
    assert [years[y].referrals_won for y in (2024, 2025, 2026)] == [1, 4, 0]
    assert years[2025].amount_won is None  # four winners that year


def test_a_returning_participants_earlier_exchanges_stay_in_the_earlier_editions_bilan(
    world: World,
) -> None:
    """L0 took part in the 1st edition too: what they exchanged then (2022) is not the 2nd
    edition's, but the territory's bilan counts it; and while the 2nd runs, L0's contacts are
    not its alumni's."""
    L0, A1 = world.leaders[0], world.alumni[1]
    MembershipFactory(group=world.old_edition.groups.get(), person=L0)
    ContactFactory(author=L0, other=A1, happened_on=datetime.date(2022, 5, 1))
    ReferralFactory(
        referrer=L0,
        referee=A1,
        given_on=datetime.date(2022, 2, 1),
        closed_on=datetime.date(2022, 6, 1),
        status=Referral.Status.WON,
        amount=Decimal(700),
    )
    ReferralFactory(  # given before, won during the 2nd edition: L0's win counts there
        referrer=A1,
        referee=L0,
        given_on=datetime.date(2023, 12, 1),
        closed_on=datetime.date(2024, 5, 1),
        status=Referral.Status.WON,
        amount=Decimal(400),
    )

    for scope in (group_scope(world.group, TODAY), edition_scope(world.edition, TODAY)):
        report = bilan(scope)
        assert report.exchanges.contacts == 4
        assert report.exchanges.contacts_among_alumni == 1  # L2's, after this one closed
        assert report.business.referrals_given == 5
        assert report.business.referrals_won == 6
        assert sorted(row.year for row in report.years) == [2024, 2025, 2026]
    territory = bilan(territory_scope(world.territory, TODAY))
    assert territory.exchanges.contacts == 6  # the alumnus' call and L0's of 2022 too
    assert territory.exchanges.contacts_among_alumni == 4  # L0 was an alumnus of the 1st
    assert territory.business.referrals_given == 8  # the alumnus A0 referred L5 too
    assert 2022 in [row.year for row in territory.years]


def test_the_edition_bilan_lists_its_groups(world: World) -> None:
    parts = bilan(edition_scope(world.edition, TODAY)).parts

    assert [(p.name, p.leaders, p.facilitators, p.meetings_held) for p in parts] == [
        ("Loire", 6, 1, 3)
    ]


def test_the_territory_bilan_lists_its_editions(world: World) -> None:
    report = bilan(territory_scope(world.territory, TODAY))

    assert [(p.name, p.leaders) for p in report.parts] == [(1, 2), (2, 6)]
    assert report.activity.leaders == 8
