"""The group page: who may see it, what it shows, and its query budget."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import fill_group
from maillage.editions.models import Group, Membership
from maillage.meetings.models import Attendance, Meeting
from maillage.meetings.tests.factories import AttendanceFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]


def group_url(group: Group) -> str:
    return reverse("meetings:group", args=[group.pk])


def add_meetings(group: Group, count: int) -> None:
    for index in range(count):
        meeting = MeetingFactory(
            group=group, starts_at=timezone.now() - datetime.timedelta(days=30 * (index + 1))
        )
        for membership in group.memberships.all()[:5]:
            AttendanceFactory(meeting=meeting, person=membership.person)


@pytest.mark.parametrize("persona", ["leader", "facilitator", "project_manager", "network_admin"])
def test_group_page_opens_for_its_members_and_the_territory_staff(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(group_url(group)).status_code == 200


@pytest.mark.parametrize(
    "persona", ["other_group_leader", "alumnus", "other_project_manager", "outsider"]
)
def test_group_page_is_not_found_for_everyone_else(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(group_url(group)).status_code == 404


def test_group_page_sends_anonymous_visitors_to_the_login(client: Any, group: Group) -> None:
    response = client.get(group_url(group))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_group_page_lists_leaders_with_company_sector_and_commune(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(group_url(group)).content.decode()
    membership = group.memberships.filter(role=Membership.Role.LEADER).last()
    company = membership.person.company
    company.activity.section_label = "Industrie manufacturière"
    company.activity.save()
    page = client.get(group_url(group)).content.decode()
    assert membership.person.full_name in page
    assert company.name in page
    assert "Industrie manufacturière" in page
    assert company.commune.name in page


def test_group_page_lists_facilitators_with_their_employer(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(group_url(group)).content.decode()
    for membership in group.memberships.filter(role=Membership.Role.FACILITATOR):
        assert membership.person.full_name in page
        assert membership.person.company.name in page
    assert "3 animateurs" in page
    assert "12 dirigeants" in page


def test_group_page_lists_the_meetings_with_their_date_and_status(
    client: Any, leader: Any, group: Group
) -> None:
    MeetingFactory(
        group=group,
        number=7,
        starts_at=timezone.make_aware(datetime.datetime(2026, 3, 26, 18, 0)),
        status=Meeting.Status.HELD,
    )
    MeetingFactory(group=group, number=8, status=Meeting.Status.PLANNED)
    client.force_login(leader)
    page = client.get(group_url(group)).content.decode()
    assert "26/03/2026 18:00" in page
    assert "tenue" in page
    assert "prévue" in page


def test_group_page_counts_who_came_to_a_held_meeting(
    client: Any, leader: Any, group: Group
) -> None:
    meeting = MeetingFactory(group=group, status=Meeting.Status.HELD)
    people = [m.person for m in group.memberships.all()[:4]]
    for person in people[:3]:
        AttendanceFactory(meeting=meeting, person=person)
    AttendanceFactory(meeting=meeting, person=people[3], status=Attendance.Status.EXCUSED)
    client.force_login(leader)
    response = client.get(group_url(group))
    assert [m.present_count for m in response.context["meetings"]] == [3]


@pytest.mark.parametrize("persona", ["leader", "facilitator", "project_manager"])
def test_group_page_shows_contact_details_to_the_group_and_its_staff(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    person = group.memberships.filter(role=Membership.Role.LEADER).last().person
    person.phone = "04 77 71 00 00"
    person.save()
    client.force_login(request.getfixturevalue(persona))
    page = client.get(group_url(group)).content.decode()
    assert person.email in page
    assert "04 77 71 00 00" in page


def test_group_page_shows_an_empty_state_when_no_meeting_is_planned(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(group_url(group)).content.decode()
    assert "Aucune rencontre planifiée." in page


def test_group_page_is_translated_to_english(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    page = client.get(group_url(group)).content.decode()
    assert '<html lang="en"' in page
    assert "12 leaders" in page


# Query budget -------------------------------------------------------------------------------


def test_group_page_query_budget(
    client: Any, leader: Any, group: Group, django_assert_num_queries: Any
) -> None:
    add_meetings(group, 3)
    client.force_login(leader)
    # session, user, the group (with edition and territory); roles: network admin rows,
    # project manager rows, memberships, person; the members (with company, activity, commune);
    # the meetings (with host and attendance count)
    with django_assert_num_queries(9):
        client.get(group_url(group))


def test_group_page_queries_do_not_grow_with_the_group(
    client: Any, leader: Any, group: Group
) -> None:
    add_meetings(group, 2)
    client.force_login(leader)
    with CaptureQueriesContext(connection) as before:
        client.get(group_url(group))
    fill_group(group)
    add_meetings(group, 4)
    with CaptureQueriesContext(connection) as after:
        client.get(group_url(group))
    assert len(after) == len(before)
