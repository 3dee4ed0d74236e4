"""Reminders through a real SMTP conversation (aiosmtpd on 127.0.0.1): due dates, content,
language, exactly once across runs and workers, and a failing server."""

from __future__ import annotations

import datetime
import logging
import threading
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from maillage.core import agenda as agenda_registry
from maillage.editions.models import Group, Membership
from maillage.editions.services import membership_end
from maillage.meetings.models import Meeting, ReminderDelivery
from maillage.meetings.services import agenda, attendance, reminders, schedule
from maillage.meetings.tests.conftest import Sink, evening_in
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person

pytestmark = pytest.mark.django_db

State = ReminderDelivery.State


@pytest.fixture
def soon(group: Group) -> Meeting:
    """A meeting in six days (18:00 in Paris), at a leader's firm."""
    host = group.memberships.filter(role=Membership.Role.LEADER).first().person
    return MeetingFactory(
        group=group,
        number=6,
        status=Meeting.Status.PLANNED,
        starts_at=evening_in(days=6),
        host=host,
        host_company=host.company,
    )


def members(group: Group) -> list[Person]:
    return [m.person for m in group.memberships.select_related("person")]


def test_each_member_receives_the_week_reminder_over_smtp(
    smtp_sink: Sink, soon: Meeting, group: Group
) -> None:
    reminders.reminders_dispatch()
    assert len(smtp_sink.received) == 15
    for person in members(group):
        (message,) = smtp_sink.to(person.email)
        assert "rencontre dans 6 jours" in message["Subject"]
        assert message["Content-Language"] == "fr"


def test_the_reminder_gives_the_date_the_venue_and_a_link(
    smtp_sink: Sink, soon: Meeting, group: Group
) -> None:
    reminders.reminders_dispatch()
    person = members(group)[3]
    body = smtp_sink.to(person.email)[0].get_payload(decode=True).decode()
    local = timezone.localtime(soon.starts_at)
    assert f"{local.day} " in body
    assert local.strftime("%H:%M") in body
    assert soon.host_company.name in body
    assert f"http://127.0.0.1:8000/rencontres/{soon.pk}/" in body


def test_the_reminder_names_the_themes_never_the_agenda_or_minutes(
    smtp_sink: Sink, soon: Meeting, group: Group, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        agenda_registry,
        "_theme_providers",
        [lambda ids: {i: ["Développement commercial"] for i in ids}],
    )
    agenda.agenda_item_add(
        meeting=soon, format_code="challenge", title="Le défi de Paul : sa trésorerie", by=None
    )
    reminders.reminders_dispatch()
    body = smtp_sink.received[0][2].get_payload(decode=True).decode()
    assert "Développement commercial" in body
    assert "trésorerie" not in body


def test_a_meeting_tomorrow_gets_the_day_reminder_only(
    smtp_sink: Sink, soon: Meeting, group: Group
) -> None:
    # Tomorrow in Paris and less than a day ahead, whatever the hour the tests run at: 18:00
    # tomorrow, seen from 20:00 today.
    with time_machine.travel(evening_in(days=0) + datetime.timedelta(hours=2), tick=False):
        Meeting.objects.filter(pk=soon.pk).update(starts_at=evening_in(days=1))
        reminders.reminders_dispatch()
    assert {d.kind for d in ReminderDelivery.objects.all()} == {ReminderDelivery.Kind.DAY}
    assert smtp_sink.received
    assert all("demain" in message["Subject"] for _, _, message in smtp_sink.received)


def test_the_week_and_the_day_reminders_are_both_sent_in_turn(
    smtp_sink: Sink, soon: Meeting, group: Group
) -> None:
    reminders.reminders_dispatch()
    dispatch_at(soon.starts_at - datetime.timedelta(hours=23))
    person = members(group)[0]
    subjects = [message["Subject"] for message in smtp_sink.to(person.email)]
    assert len(subjects) == 2
    assert "dans 6 jours" in subjects[0]
    assert "demain" in subjects[1]


def test_a_member_who_will_not_come_is_not_reminded(
    smtp_sink: Sink, soon: Meeting, group: Group
) -> None:
    person = members(group)[2]
    attendance.rsvp_answer(meeting=soon, person=person, answer="no", by=None)
    reminders.reminders_dispatch()
    assert smtp_sink.to(person.email) == []
    assert len(smtp_sink.received) == 14


def test_a_meeting_more_than_a_week_ahead_is_not_reminded_yet(
    smtp_sink: Sink, planned_meeting: Meeting
) -> None:
    reminders.reminders_dispatch()
    assert smtp_sink.received == []


def test_the_reminder_is_written_in_the_members_language(
    smtp_sink: Sink, soon: Meeting, group: Group, django_user_model: Any
) -> None:
    person = members(group)[1]
    person.user = django_user_model.objects.create_user(email=person.email, language="en")
    person.save()
    reminders.reminders_dispatch()
    (message,) = smtp_sink.to(person.email)
    assert message["Content-Language"] == "en"
    assert message["Subject"].startswith("Reminder: meeting in 6 days")
    weekday = timezone.localtime(soon.starts_at).strftime("%A")
    assert weekday in message.get_payload(decode=True).decode()


def test_two_runs_send_each_reminder_once(smtp_sink: Sink, soon: Meeting) -> None:
    reminders.reminders_dispatch()
    reminders.reminders_dispatch()
    call_command("send_reminders", verbosity=0)
    assert len(smtp_sink.received) == 15
    assert set(ReminderDelivery.objects.values_list("state", "attempts")) == {(State.SENT, 1)}


def test_two_database_workers_send_each_reminder_once(
    transactional_db: None, smtp_sink: Sink, soon: Meeting, settings: Any
) -> None:
    """The production set-up: the periodic job runs twice (each row handed twice), then two
    `db_worker` processes drain the queue. (A worker closes its database connection between
    batches, which a test wrapped in a transaction cannot survive: no wrapping here.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("send_reminders", verbosity=0)
    call_command("send_reminders", verbosity=0)
    assert smtp_sink.received == []  # queued, not sent yet
    for worker in ("worker-a", "worker-b"):
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            reload=False,
            worker_id=worker,
            max_tasks=20,
            verbosity=0,
        )
    assert len(smtp_sink.received) == 15
    assert len({rcpts[0] for _, rcpts, _ in smtp_sink.received}) == 15


def test_a_worker_that_died_while_sending_is_replaced_and_sends_that_message_once_more(
    smtp_sink: Sink, soon: Meeting
) -> None:
    reminders.reminders_due()
    lost = ReminderDelivery.objects.first()
    claimed_at = timezone.now() - reminders.LEASE - datetime.timedelta(minutes=1)
    ReminderDelivery.objects.filter(pk=lost.pk).update(
        state=State.SENDING, attempts=1, claimed_at=claimed_at
    )
    reminders.reminders_dispatch()
    reminders.reminders_dispatch()
    assert len(smtp_sink.to(lost.person.email)) == 1
    lost.refresh_from_db()
    assert (lost.state, lost.attempts) == (State.SENT, 2)


def test_a_message_being_sent_by_a_live_worker_is_left_to_it(
    smtp_sink: Sink, soon: Meeting
) -> None:
    reminders.reminders_due()
    busy = ReminderDelivery.objects.first()
    ReminderDelivery.objects.filter(pk=busy.pk).update(
        state=State.SENDING, attempts=1, claimed_at=timezone.now()
    )
    reminders.reminders_dispatch()
    assert smtp_sink.to(busy.person.email) == []
    assert len(smtp_sink.received) == 14


def test_a_refusing_smtp_server_is_reported_not_retried_and_the_worker_goes_on(
    smtp_sink: Sink, soon: Meeting, caplog: Any
) -> None:
    smtp_sink.refuse = True
    with caplog.at_level(logging.ERROR, logger="maillage.meetings.services.reminders"):
        reminders.reminders_dispatch()
    assert smtp_sink.received == []
    rows = list(ReminderDelivery.objects.values_list("state", "attempts"))
    assert set(rows) == {(State.FAILED, 1)}
    assert len(rows) == 15
    assert "550" in ReminderDelivery.objects.first().last_error
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 15


def dispatch_at(moment: datetime.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        reminders.reminders_dispatch()


def test_a_server_that_is_down_is_retried_a_bounded_number_of_times_then_reported(
    smtp_down: int, soon: Meeting, caplog: Any
) -> None:
    now = timezone.now()
    dispatch_at(now)
    assert set(ReminderDelivery.objects.values_list("state", "attempts")) == {(State.PENDING, 1)}
    dispatch_at(now + datetime.timedelta(minutes=1))  # too early: waits
    assert set(ReminderDelivery.objects.values_list("attempts", flat=True)) == {1}
    dispatch_at(now + datetime.timedelta(minutes=6))
    with caplog.at_level(logging.ERROR, logger="maillage.meetings.services.reminders"):
        dispatch_at(now + datetime.timedelta(minutes=40))
    assert set(ReminderDelivery.objects.values_list("state", "attempts")) == {(State.FAILED, 3)}
    assert "Connection" in ReminderDelivery.objects.first().last_error
    dispatch_at(now + datetime.timedelta(hours=5))
    assert set(ReminderDelivery.objects.values_list("attempts", flat=True)) == {3}
    assert any("failed after 3 attempt" in r.getMessage() for r in caplog.records)


def test_a_server_back_up_receives_the_retried_messages_once(
    settings: Any, soon: Meeting, smtp_down: int
) -> None:
    from aiosmtpd.controller import Controller

    now = timezone.now()
    dispatch_at(now)
    sink = Sink(port=smtp_down)
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_down)
    controller.start()
    try:
        dispatch_at(now + datetime.timedelta(minutes=6))
        dispatch_at(now + datetime.timedelta(minutes=60))
    finally:
        controller.stop()
    assert len(sink.received) == 15
    assert set(ReminderDelivery.objects.values_list("state", "attempts")) == {(State.SENT, 2)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_message_at_once_send_it_once(smtp_sink: Sink) -> None:
    from conftest import fill_group
    from maillage.editions.tests.factories import GroupFactory

    group = GroupFactory()
    fill_group(group, leaders=1, facilitators=0)
    MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    reminders.reminders_due()
    delivery = ReminderDelivery.objects.get()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def deliver() -> None:
        try:
            barrier.wait()
            outcomes.append(reminders.reminder_deliver(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["not claimed"] * 3 + ["sent"]
    assert len(smtp_sink.received) == 1


def test_a_member_who_left_after_the_reminder_was_due_is_not_reminded(
    soon: Meeting, group: Group
) -> None:
    reminders.reminders_due()
    membership = group.memberships.filter(role=Membership.Role.LEADER).first()
    membership_end(membership=membership, by=None)
    delivery = ReminderDelivery.objects.get(meeting=soon, person=membership.person)
    assert reminders.reminder_deliver(delivery_id=delivery.pk) == "skipped"
    other = ReminderDelivery.objects.exclude(person=membership.person).first()
    assert reminders.reminder_deliver(delivery_id=other.pk) == "sent"


@pytest.fixture
def evening(group: Group) -> Meeting:
    """A meeting in six days, 18:00–21:00 in Paris (a move keeps its hours: at the hour the
    tests run, it could end after midnight)."""
    return MeetingFactory(
        group=group, number=6, status=Meeting.Status.PLANNED, starts_at=evening_in(days=6)
    )


def test_a_meeting_moved_after_its_day_reminder_is_reminded_again_the_day_before_its_new_date(
    smtp_sink: Sink, evening: Meeting, group: Group, facilitator: Any
) -> None:
    dispatch_at(evening.starts_at - datetime.timedelta(hours=20))
    person = members(group)[0]
    assert len(smtp_sink.to(person.email)) == 1  # the day reminder
    new_day = timezone.localtime(evening.starts_at).date() + datetime.timedelta(days=14)
    with time_machine.travel(evening.starts_at - datetime.timedelta(hours=19), tick=False):
        schedule.meeting_move(meeting=evening, day=new_day, by=facilitator)
    evening.refresh_from_db()
    dispatch_at(evening.starts_at - datetime.timedelta(days=6))
    dispatch_at(evening.starts_at - datetime.timedelta(hours=20))
    subjects = [message["Subject"] for message in smtp_sink.to(person.email)]
    assert len(subjects) == 4  # day reminder, change notice, then week and day reminders again
    assert "dans 6 jours" in subjects[2]
    assert "demain" in subjects[3]


def test_a_week_reminder_waiting_for_a_meeting_moved_weeks_later_waits_for_the_new_date(
    smtp_down: int, evening: Meeting, group: Group, facilitator: Any, settings: Any
) -> None:
    dispatch_at(timezone.now())  # the server is down: the week reminders wait to be retried
    new_day = timezone.localtime(evening.starts_at).date() + datetime.timedelta(days=21)
    schedule.meeting_move(meeting=evening, day=new_day, by=facilitator)
    assert not ReminderDelivery.objects.filter(meeting=evening).exists()


def test_a_meeting_moved_by_an_hour_after_its_day_reminder_is_not_reminded_twice(
    smtp_sink: Sink, evening: Meeting, group: Group, facilitator: Any
) -> None:
    dispatch_at(evening.starts_at - datetime.timedelta(hours=20))
    local = timezone.localtime(evening.starts_at)
    with time_machine.travel(evening.starts_at - datetime.timedelta(hours=19), tick=False):
        schedule.meeting_move(
            meeting=evening,
            day=local.date(),
            start=(local + datetime.timedelta(hours=1)).time(),
            end=(local + datetime.timedelta(hours=3)).time(),
            by=facilitator,
        )
    dispatch_at(evening.starts_at - datetime.timedelta(hours=18))
    person = members(group)[0]
    assert len(smtp_sink.to(person.email)) == 2  # the day reminder and the change notice


def test_the_week_reminder_sent_seven_days_ahead_says_in_a_week(
    smtp_sink: Sink, evening: Meeting, group: Group
) -> None:
    dispatch_at(evening.starts_at - datetime.timedelta(days=7) + datetime.timedelta(minutes=5))
    (message,) = smtp_sink.to(members(group)[0].email)
    assert "rencontre dans une semaine" in message["Subject"]
    assert "a lieu dans une semaine" in message.get_payload(decode=True).decode()


def test_a_meeting_added_three_days_ahead_is_said_to_be_in_three_days_not_a_week(
    smtp_sink: Sink, group: Group, django_user_model: Any
) -> None:
    MeetingFactory(group=group, number=7, status=Meeting.Status.PLANNED, starts_at=evening_in(3))
    english = members(group)[1]
    english.user = django_user_model.objects.create_user(email=english.email, language="en")
    english.save()
    reminders.reminders_dispatch()
    (french,) = smtp_sink.to(members(group)[0].email)
    assert "rencontre dans 3 jours" in french["Subject"]
    assert "a lieu dans 3 jours" in french.get_payload(decode=True).decode()
    (message,) = smtp_sink.to(english.email)
    assert message["Subject"].startswith("Reminder: meeting in 3 days")
    assert "takes place in 3 days" in message.get_payload(decode=True).decode()


def test_a_meeting_added_for_this_evening_is_said_to_be_today(
    smtp_sink: Sink, group: Group
) -> None:
    with time_machine.travel(evening_in(0) - datetime.timedelta(hours=8), tick=False):
        MeetingFactory(
            group=group, number=7, status=Meeting.Status.PLANNED, starts_at=evening_in(0)
        )
        reminders.reminders_dispatch()
    (message,) = smtp_sink.to(members(group)[0].email)
    assert "rencontre aujourd'hui" in message["Subject"]


def test_a_reminder_made_before_its_meeting_moved_later_waits_for_the_new_date(
    smtp_sink: Sink, evening: Meeting, group: Group
) -> None:
    """The periodic job made the rows while a move was being saved: the worker finds the
    meeting three weeks off, sends nothing and leaves the reminder to be made when due."""
    reminders.reminders_due()
    Meeting.objects.filter(pk=evening.pk).update(
        starts_at=evening.starts_at + datetime.timedelta(days=21),
        ends_at=evening.ends_at + datetime.timedelta(days=21),
    )
    delivery = ReminderDelivery.objects.filter(meeting=evening).first()
    assert reminders.reminder_deliver(delivery_id=delivery.pk) == "not due"
    assert smtp_sink.received == []
    assert not ReminderDelivery.objects.filter(pk=delivery.pk).exists()
    dispatch_at(evening.starts_at + datetime.timedelta(days=21) - datetime.timedelta(days=6))
    assert len(smtp_sink.to(delivery.person.email)) == 1
