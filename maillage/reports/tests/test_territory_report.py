"""The territory's bilan figures, computed by hand on a small world."""

from __future__ import annotations

import datetime

import pytest

from maillage.editions.tests.factories import (
    EditionFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
)
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.reports.selectors import territory_report
from maillage.territories.tests.factories import CompanyFactory, PersonFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def build_world() -> dict[str, object]:
    territory = TerritoryFactory()
    old = EditionFactory(
        territory=territory, number=1, opening_date=TODAY - datetime.timedelta(days=1000)
    )
    new = EditionFactory(
        territory=territory, number=2, opening_date=TODAY - datetime.timedelta(days=30)
    )
    old_group = GroupFactory(edition=old)
    new_group = GroupFactory(edition=new)
    shared_company = CompanyFactory()
    # Old edition: 3 leaders (two from the same firm), 2 facilitators.
    MembershipFactory(group=old_group, person=PersonFactory(company=shared_company))
    MembershipFactory(group=old_group, person=PersonFactory(company=shared_company))
    returning = MembershipFactory(group=old_group).person
    FacilitatorMembershipFactory.create_batch(2, group=old_group)
    # New edition: the returning leader and one more.
    MembershipFactory(group=new_group, person=returning)
    MembershipFactory(group=new_group)
    FacilitatorMembershipFactory(group=new_group)
    MeetingFactory.create_batch(3, group=old_group)
    MeetingFactory(group=old_group, status=Meeting.Status.CANCELLED)
    MeetingFactory(group=None, edition=old, kind=Meeting.Kind.PLENARY)
    MeetingFactory(group=new_group)
    MeetingFactory(group=new_group, status=Meeting.Status.PLANNED)
    return {"territory": territory, "old": old, "new": new}


def test_report_counts_per_edition() -> None:
    world = build_world()
    report = territory_report(world["territory"])
    old, new = report.editions
    assert (old.leaders, old.facilitators, old.companies, old.groups, old.meetings_held) == (
        3,
        2,
        2,
        1,
        3,
    )
    assert (new.leaders, new.facilitators, new.companies, new.groups, new.meetings_held) == (
        2,
        1,
        2,
        1,
        1,
    )
    assert old.status == "closed"
    assert new.status == "running"


def test_report_totals_count_distinct_people_across_editions() -> None:
    world = build_world()
    totals = territory_report(world["territory"]).totals
    assert totals.leaders == 4  # the returning leader counts once
    assert totals.facilitators == 3
    assert totals.companies == 3
    assert totals.meetings_held == 4  # group meetings held only: no plenary, no cancelled


def test_report_runs_a_constant_number_of_queries(django_assert_num_queries) -> None:
    world = build_world()
    # editions with group counts, people per edition, meetings held per edition, totals
    with django_assert_num_queries(4):
        territory_report(world["territory"])
    for _ in range(3):
        EditionFactory(territory=world["territory"])
    with django_assert_num_queries(4):
        territory_report(world["territory"])
