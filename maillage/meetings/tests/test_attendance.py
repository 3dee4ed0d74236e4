"""Answers before the meeting, presences during it, rates, absence alerts, the catch-up digest."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.editions.models import Group, Membership
from maillage.meetings.models import AbsenceAlert, Attendance, Meeting, ReminderDelivery, Rsvp
from maillage.meetings.selectors import attendance_rates
from maillage.meetings.services import attendance, minutes
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person

pytestmark = pytest.mark.django_db

ABSENT, EXCUSED, PRESENT, LATE = "absent", "excused", "present", "late"


def a_leader(group: Group, index: int = 0) -> Person:
    return group.memberships.filter(role=Membership.Role.LEADER)[index].person


def series(group: Group, count: int) -> list[Meeting]:
    """`count` past meetings of the group, ten days apart (since its opening), oldest first."""
    now = timezone.now()
    return [
        MeetingFactory.create(
            group=group,
            number=index + 1,
            status=Meeting.Status.PLANNED,
            starts_at=now - datetime.timedelta(days=10 * (count - index)),
        )
        for index in range(count)
    ]


def record(meetings: list[Meeting], person: Person, statuses: list[str]) -> None:
    for meeting, status in zip(meetings, statuses, strict=True):
        attendance.attendance_record(meeting=meeting, person=person, status=status, by=None)


def test_a_member_answers_that_they_will_come(planned_meeting: Meeting, group: Group) -> None:
    person = a_leader(group)
    attendance.rsvp_answer(meeting=planned_meeting, person=person, answer="yes", by=None)
    assert Rsvp.objects.get(meeting=planned_meeting, person=person).answer == "yes"


def test_a_member_who_will_not_come_may_give_a_reason(
    planned_meeting: Meeting, group: Group
) -> None:
    person = a_leader(group)
    attendance.rsvp_answer(
        meeting=planned_meeting, person=person, answer="no", reason="Salon à Lyon", by=None
    )
    attendance.rsvp_answer(meeting=planned_meeting, person=person, answer="no", by=None)
    rsvp = Rsvp.objects.get(meeting=planned_meeting, person=person)
    assert (rsvp.answer, rsvp.reason) == ("no", "")


def test_someone_outside_the_group_cannot_answer(
    planned_meeting: Meeting, other_group: Group
) -> None:
    with pytest.raises(ValidationError):
        attendance.rsvp_answer(
            meeting=planned_meeting, person=a_leader(other_group), answer="yes", by=None
        )


def test_recording_attendance_marks_the_meeting_held(todays_meeting: Meeting, group: Group) -> None:
    attendance.attendance_record(
        meeting=todays_meeting, person=a_leader(group), status=PRESENT, by=None
    )
    todays_meeting.refresh_from_db()
    assert todays_meeting.status == Meeting.Status.HELD


def test_presence_is_recorded_from_the_meetings_day_on(
    planned_meeting: Meeting, group: Group
) -> None:
    with pytest.raises(ValidationError, match="jour de la rencontre"):
        attendance.attendance_record(
            meeting=planned_meeting, person=a_leader(group), status=PRESENT, by=None
        )
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.PLANNED
    the_day = planned_meeting.starts_at + datetime.timedelta(minutes=5)
    with time_machine.travel(the_day, tick=False):
        attendance.attendance_record(
            meeting=planned_meeting, person=a_leader(group), status=PRESENT, by=None
        )
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.HELD


def test_recording_nobody_changes_nothing(planned_meeting: Meeting) -> None:
    assert attendance.attendance_record_many(meeting=planned_meeting, statuses={}, by=None) == []
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.PLANNED


def test_recording_twice_keeps_one_row_with_the_last_status(
    held_meeting: Meeting, group: Group
) -> None:
    person = a_leader(group)
    attendance.attendance_record(meeting=held_meeting, person=person, status=ABSENT, by=None)
    attendance.attendance_record(meeting=held_meeting, person=person, status=LATE, by=None)
    assert list(Attendance.objects.filter(meeting=held_meeting).values_list("status")) == [(LATE,)]


def test_an_unknown_status_is_refused(held_meeting: Meeting, group: Group) -> None:
    with pytest.raises(ValidationError):
        attendance.attendance_record(
            meeting=held_meeting, person=a_leader(group), status="asleep", by=None
        )


def test_rates_count_late_as_present_per_member_and_for_the_group(group: Group) -> None:
    meetings = series(group, 4)
    first, second = a_leader(group, 0), a_leader(group, 1)
    record(meetings, first, [PRESENT, LATE, ABSENT, PRESENT])
    record(meetings[:2], second, [EXCUSED, PRESENT])
    rates, total = attendance_rates(group)
    assert (rates[first.pk].attended, rates[first.pk].recorded) == (3, 4)
    assert rates[first.pk].percent == 75
    assert rates[second.pk].percent == 50
    assert (total.attended, total.recorded) == (4, 6)


def test_three_absences_in_a_row_alert_the_facilitators_and_the_project_manager(
    group: Group, project_manager: Any
) -> None:
    meetings = series(group, 3)
    member = a_leader(group)
    record(meetings, member, [ABSENT, EXCUSED, ABSENT])
    assert AbsenceAlert.objects.filter(person=member).count() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    facilitators = set(
        group.memberships.filter(role=Membership.Role.FACILITATOR).values_list(
            "person__email", flat=True
        )
    )
    assert recipients == facilitators | {project_manager.email}
    assert member.full_name in mail.outbox[0].subject


def test_two_absences_do_not_alert(group: Group, project_manager: Any) -> None:
    meetings = series(group, 3)
    record(meetings, a_leader(group), [ABSENT, PRESENT, ABSENT])
    assert not AbsenceAlert.objects.exists()
    assert mail.outbox == []


def test_a_streak_is_reported_once(group: Group) -> None:
    meetings = series(group, 5)
    member = a_leader(group)
    record(meetings, member, [ABSENT] * 5)
    record(meetings[2:3], member, [ABSENT])  # corrected again: still the same streak
    assert AbsenceAlert.objects.filter(person=member).count() == 1


def test_a_new_streak_after_a_presence_is_reported_again(group: Group) -> None:
    meetings = series(group, 7)
    member = a_leader(group)
    record(meetings, member, [ABSENT, ABSENT, ABSENT, PRESENT, ABSENT, ABSENT, ABSENT])
    assert AbsenceAlert.objects.filter(person=member).count() == 2


def test_three_absences_recorded_out_of_order_alert_once(
    group: Group, project_manager: Any
) -> None:
    """Presences caught up after the fact, the latest meeting first: the run is the same."""
    meetings = series(group, 4)
    member = a_leader(group)
    record(meetings[:1], member, [PRESENT])
    record(meetings[:0:-1], member, [ABSENT, EXCUSED, ABSENT])
    (alert,) = AbsenceAlert.objects.filter(person=member)
    assert (alert.meeting_id, alert.absences) == (meetings[3].pk, 3)
    assert "3 rencontres de suite" in mail.outbox[-1].subject


def test_the_threshold_is_set_per_edition(group: Group) -> None:
    group.edition.absence_alert_threshold = 2
    group.edition.save()
    meetings = series(group, 2)
    record(meetings, a_leader(group), [ABSENT, ABSENT])
    assert AbsenceAlert.objects.count() == 1


def test_absentees_get_the_catch_up_digest_once_when_takeaways_are_shared(
    held_meeting: Meeting, group: Group, facilitator: Any
) -> None:
    absent, present = a_leader(group, 0), a_leader(group, 1)
    attendance.attendance_record(meeting=held_meeting, person=absent, status=ABSENT, by=None)
    attendance.attendance_record(meeting=held_meeting, person=present, status=PRESENT, by=None)
    minutes.minutes_write(
        meeting=held_meeting,
        text="Paul parle de sa trésorerie.",
        takeaways="Relancer les impayés à J+15.",
        by=facilitator,
    )
    mail.outbox.clear()
    minutes.takeaways_share(meeting=held_meeting, shared=True, by=facilitator)
    attendance.catch_up_queue(meeting=held_meeting, by=facilitator)  # a second time: nothing
    assert [m.to for m in mail.outbox] == [[absent.email]]
    assert "Relancer les impayés à J+15." in mail.outbox[0].body
    assert "trésorerie" not in mail.outbox[0].body
    assert ReminderDelivery.objects.get(person=absent).state == ReminderDelivery.State.SENT


def test_in_noumea_a_member_who_joined_on_the_day_of_a_morning_meeting_is_expected_at_it(
    group: Group, facilitator: Any
) -> None:
    """08:00 in Nouméa (UTC+11) is the evening before in UTC: the meeting's day is its day
    there, for who is expected and who is reminded."""
    from zoneinfo import ZoneInfo

    from maillage.editions.tests.factories import MembershipFactory
    from maillage.meetings.services import reminders

    territory = group.edition.territory
    territory.time_zone = "Pacific/Noumea"
    territory.save(update_fields=["time_zone"])
    noumea = ZoneInfo("Pacific/Noumea")
    day = timezone.localdate(timezone=noumea) + datetime.timedelta(days=3)
    meeting = cast(
        Meeting,
        MeetingFactory(
            group=group,
            status=Meeting.Status.PLANNED,
            starts_at=datetime.datetime.combine(day, datetime.time(8), tzinfo=noumea),
        ),
    )
    newcomer = MembershipFactory(group=group, joined_on=day).person
    leaving = a_leader(group)
    Membership.objects.filter(group=group, person=leaving).update(
        left_on=day + datetime.timedelta(days=1)
    )

    reminders.reminders_due()

    reminded = set(
        ReminderDelivery.objects.filter(meeting=meeting).values_list("person_id", flat=True)
    )
    assert {newcomer.pk, leaving.pk} <= reminded
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=5), tick=False):
        attendance.attendance_record_many(
            meeting=meeting, statuses={newcomer.pk: PRESENT, leaving.pk: PRESENT}, by=facilitator
        )
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_a_facilitator_who_left_the_group_is_not_told_of_absences(
    group: Group, project_manager: Any
) -> None:
    gone = group.memberships.filter(role=Membership.Role.FACILITATOR).first()
    Membership.objects.filter(pk=gone.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    meetings = series(group, 3)
    record(meetings, a_leader(group), [ABSENT, ABSENT, ABSENT])
    recipients = {address for message in mail.outbox for address in message.to}
    assert gone.person.email not in recipients
    assert len(recipients) == 3  # the two facilitators left, and the project manager
