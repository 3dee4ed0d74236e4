"""Notification emails carry links, never the group's confidential content: the catch-up digest
carries the takeaways only once the group has shared them (staff may read them too)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.editions.models import Group, Membership
from maillage.editions.services import membership_end
from maillage.meetings.models import Attendance, Meeting, ReminderDelivery
from maillage.meetings.services import attendance, minutes
from maillage.meetings.services.reminders import reminder_deliver


def absent_with_takeaways(meeting: Meeting, group: Group, facilitator: Any) -> None:
    absent = Membership.objects.filter(group=group, role="leader").first().person
    attendance.attendance_record(
        meeting=meeting, person=absent, status=Attendance.Status.ABSENT, by=None
    )
    minutes.minutes_write(
        meeting=meeting,
        text="Paul parle de sa trésorerie.",
        takeaways="Relancer les impayés à J+15.",
        by=facilitator,
    )


def test_takeaways_not_shared_are_never_emailed(
    held_meeting: Meeting, group: Group, facilitator: Any
) -> None:
    absent_with_takeaways(held_meeting, group, facilitator)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        attendance.catch_up_queue(meeting=held_meeting, by=facilitator)
    assert mail.outbox == []


def test_takeaways_withdrawn_before_sending_are_not_emailed(
    held_meeting: Meeting, group: Group, facilitator: Any, settings: Any
) -> None:
    absent_with_takeaways(held_meeting, group, facilitator)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    minutes.takeaways_share(meeting=held_meeting, shared=True, by=facilitator)
    minutes.takeaways_share(meeting=held_meeting, shared=False, by=facilitator)
    queued = ReminderDelivery.objects.filter(kind=ReminderDelivery.Kind.CATCH_UP)
    assert queued.exists()
    mail.outbox.clear()
    for delivery in queued:
        reminder_deliver(delivery_id=delivery.pk)
    assert mail.outbox == []


def test_a_member_who_left_gets_no_catch_up_of_takeaways_shared_after(
    held_meeting: Meeting, group: Group, facilitator: Any
) -> None:
    absent_with_takeaways(held_meeting, group, facilitator)
    membership = Membership.objects.filter(group=group, role="leader").first()
    membership_end(membership=membership, by=None)
    mail.outbox.clear()
    minutes.takeaways_share(meeting=held_meeting, shared=True, by=facilitator)
    assert mail.outbox == []
    assert not ReminderDelivery.objects.filter(person=membership.person).exists()


def test_a_member_who_left_after_the_catch_up_was_queued_is_not_sent_it(
    held_meeting: Meeting, group: Group, facilitator: Any, settings: Any
) -> None:
    absent_with_takeaways(held_meeting, group, facilitator)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    minutes.takeaways_share(meeting=held_meeting, shared=True, by=facilitator)
    membership = Membership.objects.filter(group=group, role="leader").first()
    membership_end(membership=membership, by=None)
    mail.outbox.clear()
    delivery = ReminderDelivery.objects.get(person=membership.person)
    assert reminder_deliver(delivery_id=delivery.pk) == "skipped"
    assert mail.outbox == []


def test_an_absence_recorded_after_the_takeaways_were_shared_gets_the_catch_up(
    todays_meeting: Meeting, group: Group, facilitator: Any
) -> None:
    """Minutes written and takeaways shared at the end of the meeting, presences taken after:
    the absentee still gets the digest, once."""
    minutes.minutes_write(
        meeting=todays_meeting,
        text="Paul parle de sa trésorerie.",
        takeaways="Relancer les impayés à J+15.",
        by=facilitator,
    )
    minutes.takeaways_share(meeting=todays_meeting, shared=True, by=facilitator)
    absent, present = [m.person for m in Membership.objects.filter(group=group, role="leader")[:2]]
    mail.outbox.clear()
    attendance.attendance_record_many(
        meeting=todays_meeting,
        statuses={absent.pk: Attendance.Status.ABSENT, present.pk: Attendance.Status.PRESENT},
        by=facilitator,
    )
    attendance.attendance_record(
        meeting=todays_meeting, person=absent, status=Attendance.Status.EXCUSED, by=facilitator
    )
    assert [message.to for message in mail.outbox] == [[absent.email]]
    assert "Relancer les impayés" in mail.outbox[0].body
    assert "trésorerie" not in mail.outbox[0].body


def test_an_absence_recorded_before_the_takeaways_are_shared_waits_for_them(
    todays_meeting: Meeting, group: Group, facilitator: Any
) -> None:
    absent_with_takeaways(todays_meeting, group, facilitator)
    assert not ReminderDelivery.objects.filter(kind=ReminderDelivery.Kind.CATCH_UP).exists()
