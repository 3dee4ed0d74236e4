"""Business tests: the root personas, each member's charter accepted, a held meeting of the
group, and shortcuts to the persons behind the accounts."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import accept_charter
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person


def person_of(user: Any) -> Person:
    return Person.objects.get(user=user)


@pytest.fixture
def meeting(group: Group) -> Meeting:
    return MeetingFactory(group=group, number=2)


@pytest.fixture
def members(leader: Any, facilitator: Any, other_group_leader: Any, alumnus: Any) -> None:
    """Every member persona exists and has accepted their group's charter."""
    for user in (leader, facilitator, other_group_leader, alumnus):
        accept_charter(user)


def group_neighbour(group: Group) -> Person:
    """A leader of `group` without an account, who keeps out of the directory."""
    membership = (
        Membership.objects.filter(group=group, role="leader", person__user__isnull=True)
        .select_related("person")
        .first()
    )
    assert membership is not None
    Person.objects.filter(pk=membership.person_id).update(directory_consent=False)
    return Person.objects.get(pk=membership.person_id)
