"""Fixtures of the themes tests: the members' charter accepted, the network's catalogue,
ballots, meetings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import accept_charter
from maillage.meetings.models import Attendance, Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person, Territory
from maillage.themes.catalogue import starter_catalogue_load
from maillage.themes.models import Ballot, Theme
from maillage.themes.services import ballot_create


@pytest.fixture
def leader(leader: Any) -> Any:
    """The root persona, who accepted the group's confidentiality charter."""
    return accept_charter(leader)


@pytest.fixture
def facilitator(facilitator: Any) -> Any:
    return accept_charter(facilitator)


@pytest.fixture
def other_group_leader(other_group_leader: Any) -> Any:
    return accept_charter(other_group_leader)


@pytest.fixture
def catalogue(territory: Territory) -> list[Theme]:
    return starter_catalogue_load(network=territory.network)


def person_of(user: Any) -> Person:
    return Person.objects.get(user=user)


def make_ballot(
    group: Group,
    themes: list[Theme],
    *,
    method: str = Ballot.Method.SCHULZE,
    opens_in: datetime.timedelta = datetime.timedelta(days=-1),
    closes_in: datetime.timedelta = datetime.timedelta(days=7),
    dots: int = 8,
    by: Any = None,
) -> Ballot:
    now = timezone.now()
    return ballot_create(
        group=group,
        title="Choix des thèmes",
        method=method,
        dots_per_member=dots,
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        candidates=themes,
        by=by,
    )


@pytest.fixture
def ballot(group: Group, catalogue: list[Theme], facilitator: Any) -> Ballot:
    """An open Schulze ballot on four themes of the catalogue."""
    return make_ballot(group, catalogue[:4], by=facilitator)


def held_meeting(group: Group, *, days_ago: int = 10, attendees: tuple[Any, ...] = ()) -> Meeting:
    meeting: Any = MeetingFactory(
        group=group,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        status=Meeting.Status.HELD,
    )
    for user in attendees:
        Attendance.objects.create(
            meeting=meeting, person=person_of(user), status=Attendance.Status.PRESENT
        )
    return meeting


def planned_meeting(group: Group, *, days_ahead: int, number: int | None = None) -> Meeting:
    return MeetingFactory(
        group=group,
        starts_at=timezone.now() + datetime.timedelta(days=days_ahead),
        status=Meeting.Status.PLANNED,
        number=number or days_ahead // 30 + 1,
    )


def members_of(group: Group) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(group=group).select_related("person").order_by("pk")
    ]
