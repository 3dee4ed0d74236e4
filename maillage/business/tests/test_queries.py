"""List pages and endpoints read a fixed number of queries whatever the rows: the count is the
same when the data doubles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.business.tests.conftest import person_of
from maillage.business.tests.factories import ContactFactory, IdeaFactory, ReferralFactory
from maillage.editions.models import Group, Membership
from maillage.meetings.models import Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members"), pytest.mark.pages_made]


def add_rows(group: Group, meeting: Meeting, leader: Any, count: int) -> None:
    """`count` ideas, contacts and referrals of the leader with groupmates."""
    me = person_of(leader)
    mates = [
        m.person
        for m in Membership.objects.filter(group=group).exclude(person=me).select_related("person")
    ]
    for index in range(count):
        mate = mates[index % len(mates)]
        IdeaFactory(meeting=meeting, author=mate if index % 2 else me)
        ContactFactory(author=me, other=mate)
        ContactFactory(author=mate, other=me)
        ReferralFactory(referrer=mate, referee=me)
        ReferralFactory(referrer=me, referee=mate)


def queries(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return len(captured)


PAGES = [
    ("business:exchanges", False),
    ("business:contacts", False),
    ("business:referrals", False),
    ("business:group_ideas", True),
    ("business:group_network", True),
    ("home", False),
]


@pytest.mark.parametrize(("name", "with_group"), PAGES)
def test_list_pages_take_as_many_queries_when_the_data_doubles(
    client: Any, leader: Any, group: Group, meeting: Meeting, name: str, with_group: bool
) -> None:
    client.force_login(leader)
    url = reverse(name, args=[group.pk] if with_group else [])
    add_rows(group, meeting, leader, 6)
    client.get(url)  # warm the caches (content types, sessions)
    before = queries(lambda: client.get(url))
    add_rows(group, meeting, leader, 6)
    assert queries(lambda: client.get(url)) == before


@pytest.mark.parametrize("path", ["/ideas", "/contacts", "/referrals"])
def test_api_lists_take_as_many_queries_when_the_data_doubles(
    api: Any, leader: Any, group: Group, meeting: Meeting, path: str
) -> None:
    caller = api(leader)
    add_rows(group, meeting, leader, 6)
    caller.get(path)
    before = queries(lambda: caller.get(path))
    add_rows(group, meeting, leader, 6)
    assert queries(lambda: caller.get(path)) == before


def test_the_territory_figures_take_as_many_queries_when_the_data_doubles(
    client: Any, project_manager: Any, group: Group, meeting: Meeting, leader: Any
) -> None:
    client.force_login(project_manager)
    url = reverse("business:territory_network", args=[group.edition.territory.slug])
    add_rows(group, meeting, leader, 6)
    client.get(url)
    before = queries(lambda: client.get(url))
    add_rows(group, meeting, leader, 6)
    assert queries(lambda: client.get(url)) == before
