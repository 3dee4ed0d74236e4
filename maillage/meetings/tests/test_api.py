"""The meetings API: lists, a meeting, attendance (written by facilitators), minutes (the group
only), with the same permission rules as the pages and a constant query count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.editions.models import Group, Membership
from maillage.meetings.models import Attendance, Meeting
from maillage.meetings.services import agenda, attendance, minutes
from maillage.meetings.tests.factories import AttendanceFactory, MeetingFactory
from maillage.territories.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]


@pytest.fixture
def with_minutes(held_meeting: Meeting, facilitator: Any) -> Meeting:
    minutes.minutes_write(
        meeting=held_meeting,
        text="Paul a parlé de sa trésorerie.",
        takeaways="Relancer à J+15.",
        by=facilitator,
    )
    return held_meeting


def test_a_groups_meetings_are_listed_with_items_and_count(
    api: Any, leader: Any, group: Group, planned_meeting: Meeting, held_meeting: Meeting
) -> None:
    body = api(leader).get(f"/groups/{group.pk}/meetings").json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [held_meeting.pk, planned_meeting.pk]
    item = body["items"][1]
    assert item["venue"]["name"] == planned_meeting.host_company.name
    assert item["status"] == "planned"
    assert item["themes"] == []


def test_another_groups_meetings_are_not_found(
    api: Any, other_group_leader: Any, group: Group
) -> None:
    assert api(other_group_leader).get(f"/groups/{group.pk}/meetings").status_code == 404


def add_meetings(group: Group, count: int) -> None:
    for index in range(count):
        meeting = MeetingFactory(
            group=group, starts_at=timezone.now() - datetime.timedelta(days=index + 1)
        )
        for membership in group.memberships.all()[:4]:
            AttendanceFactory(meeting=meeting, person=membership.person)


def test_the_list_costs_the_same_queries_whatever_the_number_of_meetings(
    api: Any, leader: Any, group: Group
) -> None:
    client = api(leader)
    client.get("/me")  # the token's first use is recorded once: out of the count
    add_meetings(group, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/groups/{group.pk}/meetings")
    add_meetings(group, 10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/groups/{group.pk}/meetings").json()["count"] == 15
    assert len(many) == len(few)


def test_a_meeting_gives_its_agenda_wording_to_the_group_only(
    api: Any, leader: Any, project_manager: Any, planned_meeting: Meeting
) -> None:
    agenda.agenda_item_add(
        meeting=planned_meeting, format_code="challenge", title="Le défi de Marie", by=None
    )
    mine = api(leader).get(f"/meetings/{planned_meeting.pk}").json()
    staff = api(project_manager).get(f"/meetings/{planned_meeting.pk}").json()
    assert mine["agenda"][0]["title"] == "Le défi de Marie"
    assert staff["agenda"][0] == {
        "position": 0,
        "format": "challenge",
        "format_label": "Défi d'un membre",
        "minutes": 30,
        "title": None,
        "details": None,
        "expert": None,
    }


def test_staff_see_when_minutes_were_written_and_shared_takeaways_only(
    api: Any, project_manager: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    before = api(project_manager).get(f"/meetings/{with_minutes.pk}").json()
    assert before["minutes_updated_at"] is not None
    assert before["takeaways"] is None
    minutes.takeaways_share(meeting=with_minutes, shared=True, by=facilitator)
    after = api(project_manager).get(f"/meetings/{with_minutes.pk}").json()
    assert after["takeaways"] == "Relancer à J+15."


def test_attendance_is_read_by_the_group_and_staff(
    api: Any, project_manager: Any, held_meeting: Meeting, group: Group
) -> None:
    person = group.memberships.first().person
    AttendanceFactory(meeting=held_meeting, person=person, status="excused")
    body = api(project_manager).get(f"/meetings/{held_meeting.pk}/attendance").json()
    assert body["recorded"] == 1
    entry = next(e for e in body["entries"] if e["person_id"] == person.pk)
    assert entry["status"] == "excused"


def test_a_facilitator_records_attendance_through_the_api(
    api: Any, facilitator: Any, todays_meeting: Meeting, group: Group
) -> None:
    people = [m.person_id for m in group.memberships.filter(role=Membership.Role.LEADER)[:2]]
    response = api(facilitator).put(
        f"/meetings/{todays_meeting.pk}/attendance",
        {
            "entries": [
                {"person_id": people[0], "status": "present"},
                {"person_id": people[1], "status": "absent"},
            ]
        },
    )
    assert response.status_code == 200
    assert response.json()["recorded"] == 2
    assert Attendance.objects.get(meeting=todays_meeting, person_id=people[1]).status == "absent"


def test_presence_is_not_recorded_before_the_meetings_day(
    api: Any, facilitator: Any, planned_meeting: Meeting, group: Group
) -> None:
    person = group.memberships.filter(role=Membership.Role.LEADER).first().person
    response = api(facilitator).put(
        f"/meetings/{planned_meeting.pk}/attendance",
        {"entries": [{"person_id": person.pk, "status": "present"}]},
    )
    assert response.status_code == 400
    assert "jour de la rencontre" in response.json()["detail"]
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.PLANNED
    assert not planned_meeting.attendances.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("project_manager", 403), ("other_group_leader", 404), ("outsider", 404)],
)
def test_only_facilitators_write_attendance(
    api: Any, request: Any, persona: str, status: int, planned_meeting: Meeting
) -> None:
    response = api(request.getfixturevalue(persona)).put(
        f"/meetings/{planned_meeting.pk}/attendance", {"entries": []}
    )
    assert response.status_code == status


def test_an_unknown_status_answers_400(
    api: Any, facilitator: Any, planned_meeting: Meeting, group: Group
) -> None:
    person = group.memberships.first().person
    response = api(facilitator).put(
        f"/meetings/{planned_meeting.pk}/attendance",
        {"entries": [{"person_id": person.pk, "status": "asleep"}]},
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_the_group_reads_the_minutes_through_the_api(
    api: Any, leader: Any, with_minutes: Meeting
) -> None:
    body = api(leader).get(f"/meetings/{with_minutes.pk}/minutes").json()
    assert body["text"] == "Paul a parlé de sa trésorerie."
    assert len(body["revisions"]) == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("project_manager", 403),
        ("network_admin", 403),
        ("other_group_leader", 404),
        ("other_project_manager", 404),
        ("outsider", 404),
    ],
)
def test_nobody_else_reads_the_minutes_through_the_api(
    api: Any, request: Any, persona: str, status: int, with_minutes: Meeting
) -> None:
    response = api(request.getfixturevalue(persona)).get(f"/meetings/{with_minutes.pk}/minutes")
    assert response.status_code == status
    assert "trésorerie" not in response.content.decode()


def test_a_member_without_the_charter_accepted_gets_charter_required(
    api: Any, group: Group, with_minutes: Meeting
) -> None:
    from conftest import member_user

    newcomer = member_user(group, Membership.Role.LEADER, "newcomer@example.test")
    response = api(newcomer).get(f"/meetings/{with_minutes.pk}/minutes")
    assert response.status_code == 403
    assert response.json() == {"detail": "charter_required"}


def test_a_facilitator_writes_and_shares_through_the_api(
    api: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    response = api(facilitator).put(
        f"/meetings/{with_minutes.pk}/minutes",
        {"text": "Version 2.", "takeaways": "Relancer à J+10.", "takeaways_shared": True},
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["text"], body["takeaways_shared"]) == ("Version 2.", True)
    assert len(body["revisions"]) == 2


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("project_manager", 403), ("outsider", 404)]
)
def test_others_cannot_write_the_minutes_through_the_api(
    api: Any, request: Any, persona: str, status: int, with_minutes: Meeting
) -> None:
    response = api(request.getfixturevalue(persona)).put(
        f"/meetings/{with_minutes.pk}/minutes", {"text": "Piratage."}
    )
    assert response.status_code == status


def test_minutes_with_a_nul_character_are_refused_with_400(
    api: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    """PostgreSQL cannot store U+0000 in text: the API refuses it before the database does."""
    response = api(facilitator).put(f"/meetings/{with_minutes.pk}/minutes", {"text": "a\x00b"})
    assert response.status_code == 400
    assert "detail" in response.json()
    with_minutes.minutes.refresh_from_db()
    assert with_minutes.minutes.text == "Paul a parlé de sa trésorerie."


def test_staff_read_attendance_but_not_each_persons_answer(
    api: Any, project_manager: Any, leader: Any, planned_meeting: Meeting, group: Group
) -> None:
    person = Person.objects.get(user=leader)
    attendance.rsvp_answer(meeting=planned_meeting, person=person, answer="no", by=leader)
    url = f"/meetings/{planned_meeting.pk}/attendance"
    staff_entry = next(
        e for e in api(project_manager).get(url).json()["entries"] if e["person_id"] == person.pk
    )
    assert staff_entry["rsvp"] is None
    own_entry = next(
        e for e in api(leader).get(url).json()["entries"] if e["person_id"] == person.pk
    )
    assert own_entry["rsvp"] == "no"
