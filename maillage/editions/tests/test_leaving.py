"""A member who leaves the group keeps nothing of its later content; what they wrote stays."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from maillage.accounts.models import User
from maillage.editions.models import Group, Membership
from maillage.editions.permissions import get_group_for_user, visible_people
from maillage.editions.services import membership_end
from maillage.meetings.models import Minutes
from maillage.meetings.tests.factories import MeetingFactory, MinutesFactory

TODAY = datetime.date.today()


def leave(user: Any, group: Group, on: datetime.date = TODAY) -> User:
    membership = Membership.objects.get(person__user=user, group=group)
    membership_end(membership=membership, by=None, left_on=on)
    return User.objects.get(pk=user.pk)  # a fresh object: roles are cached per user object


def test_a_leader_who_left_loses_the_group_page(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leave(leader, group))
    assert client.get(reverse("meetings:group", args=[group.pk])).status_code == 404


def test_a_leader_who_left_loses_the_group_in_the_api(api: Any, leader: Any, group: Group) -> None:
    response = api(leave(leader, group)).get(f"/groups/{group.pk}")
    assert response.status_code == 404


def test_a_leader_who_left_loses_the_groups_content(leader: Any, group: Group) -> None:
    user = leave(leader, group)
    with pytest.raises(Http404):
        get_group_for_user(user, group.pk, content=True)


def test_a_facilitator_who_left_loses_the_group(client: Any, facilitator: Any, group: Group):
    client.force_login(leave(facilitator, group))
    assert client.get(reverse("meetings:group", args=[group.pk])).status_code == 404


def test_a_departure_planned_later_keeps_access_until_then(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leave(leader, group, on=TODAY + datetime.timedelta(days=30)))
    assert client.get(reverse("meetings:group", args=[group.pk])).status_code == 200


def test_a_leader_who_left_no_longer_sees_the_members_who_keep_to_their_group(
    leader: Any, group: Group
) -> None:
    private = Membership.objects.filter(group=group, person__user__isnull=True).first()
    assert private is not None
    private.person.directory_consent = False
    private.person.save()
    assert visible_people(leader).filter(pk=private.person_id).exists()
    assert not visible_people(leave(leader, group)).filter(pk=private.person_id).exists()


def test_what_a_member_who_left_wrote_stays_in_the_group(leader: Any, group: Group) -> None:
    minutes = MinutesFactory(meeting=MeetingFactory(group=group), updated_by=leader)
    leave(leader, group)
    assert Minutes.objects.get(pk=minutes.pk).updated_by_id == leader.pk
