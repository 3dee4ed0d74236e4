"""The scheduling adapter: the engine's proposal written as meetings, moves, shifts, cancellations
and additions, each telling the members."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.editions.models import Edition, Group
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.meetings.models import Meeting
from maillage.meetings.services import schedule
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# The spring group's meetings are from March 2026 on; they are moved and added before that (a
# meeting may not be placed in the past).
BEFORE_THE_OPENING = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def before_the_opening(time_machine: time_machine.TimeMachineFixture) -> None:
    time_machine.move_to(BEFORE_THE_OPENING, tick=False)


@pytest.fixture
def spring_group(territory: Territory) -> Group:
    """A group of an edition opening on 1 March 2026, meeting on the 2nd Thursday."""
    from conftest import fill_group

    edition = EditionFactory(territory=territory, number=5, opening_date=datetime.date(2026, 3, 1))
    group = GroupFactory(edition=edition, name="Groupe Printemps")
    fill_group(group, leaders=10, facilitators=3)
    return group


def schedule_group(group: Group, rule: str = "2 THU 18:00-21:00", **options: Any) -> Any:
    return schedule.meetings_schedule(group=group, rule=rule, by=None, **options)


def local_days(group: Group) -> list[datetime.date]:
    return [m.starts_at.astimezone(PARIS).date() for m in group.meetings.order_by("starts_at")]


def test_scheduling_creates_the_groups_24_numbered_planned_meetings(spring_group: Group) -> None:
    schedule_group(spring_group)
    meetings = list(spring_group.meetings.order_by("starts_at"))
    assert [m.number for m in meetings] == list(range(1, 25))
    assert {m.status for m in meetings} == {Meeting.Status.PLANNED}
    first = meetings[0].starts_at.astimezone(PARIS)
    assert (first.date(), first.time()) == (datetime.date(2026, 3, 12), datetime.time(18, 0))


def test_scheduling_moves_a_meeting_off_a_public_holiday_and_says_why(spring_group: Group) -> None:
    _meetings, proposal = schedule_group(spring_group)
    # The 2nd Thursday of May 2026 is Ascension Day: one week later.
    assert datetime.date(2026, 5, 14) not in local_days(spring_group)
    assert datetime.date(2026, 5, 21) in local_days(spring_group)
    move = next(m for m in proposal.moves if m.planned_day == datetime.date(2026, 5, 14))
    assert "Ascension" in move.reason_labels


def test_scheduling_uses_the_territorys_holiday_subdivision(territory: Territory) -> None:
    from conftest import fill_group

    territory.holiday_subdivision = "57"  # Moselle: Good Friday is a holiday there
    territory.save()
    edition = EditionFactory(territory=territory, number=6, opening_date=datetime.date(2027, 1, 1))
    group = GroupFactory(edition=edition)
    fill_group(group, leaders=10)
    schedule_group(group, rule="last FRI 12:00-14:00", count=4)
    assert datetime.date(2027, 3, 26) not in local_days(group)  # Vendredi saint
    assert datetime.date(2027, 3, 19) in local_days(group)


def test_scheduling_skips_august_when_asked(spring_group: Group) -> None:
    schedule_group(spring_group, avoid_august=True)
    assert not [day for day in local_days(spring_group) if day.month == 8]
    assert len(local_days(spring_group)) == 24


def test_scheduling_uses_the_territorys_time_zone(territory: Territory) -> None:
    territory.time_zone = "America/Martinique"
    territory.holiday_subdivision = "972"
    territory.save()
    edition = EditionFactory(territory=territory, number=7, opening_date=datetime.date(2026, 3, 1))
    group = GroupFactory(edition=edition)
    schedule_group(group, count=2)
    first = group.meetings.order_by("starts_at").first()
    assert first.starts_at.astimezone(ZoneInfo("America/Martinique")).hour == 18
    assert first.starts_at.astimezone(datetime.UTC).hour == 22


def test_an_unknown_territory_setting_is_refused_with_its_reason(territory: Territory) -> None:
    territory.school_zone = "Z"
    territory.save()
    edition = EditionFactory(territory=territory, number=8)
    group = GroupFactory(edition=edition)
    with pytest.raises(ValidationError, match="zone scolaire du territoire"):
        schedule_group(group)


def test_a_group_is_not_scheduled_twice(spring_group: Group) -> None:
    schedule_group(spring_group)
    with pytest.raises(ValidationError):
        schedule_group(spring_group)
    assert spring_group.meetings.count() == 24


def test_scheduling_a_calendar_sends_no_email(spring_group: Group) -> None:
    schedule_group(spring_group)
    assert mail.outbox == []


def test_moving_a_meeting_changes_its_day_keeps_its_times_and_bumps_its_sequence(
    spring_group: Group,
) -> None:
    schedule_group(spring_group)
    meeting = spring_group.meetings.get(number=3)
    schedule.meeting_move(meeting=meeting, day=datetime.date(2026, 6, 4), by=None)
    meeting.refresh_from_db()
    local = meeting.starts_at.astimezone(PARIS)
    assert (local.date(), local.time()) == (datetime.date(2026, 6, 4), datetime.time(18, 0))
    assert meeting.sequence == 1


def test_moving_a_meeting_onto_a_holiday_reports_the_conflict(spring_group: Group) -> None:
    schedule_group(spring_group)
    meeting = spring_group.meetings.get(number=3)
    result = schedule.meeting_move(meeting=meeting, day=datetime.date(2026, 5, 14), by=None)
    assert [c.conflict.kind for c in result.conflicts] == ["public_holiday"]


def test_moving_a_meeting_tells_each_member_once(spring_group: Group) -> None:
    schedule_group(spring_group)
    meeting = spring_group.meetings.get(number=3)
    schedule.meeting_move(meeting=meeting, day=datetime.date(2026, 6, 4), by=None)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted(m.person.email for m in spring_group.memberships.select_related("person"))
    assert recipients == expected
    assert "4 juin 2026" in mail.outbox[0].body


def test_moving_a_meeting_renumbers_the_series_by_date(spring_group: Group) -> None:
    schedule_group(spring_group)
    third = spring_group.meetings.get(number=3)
    schedule.meeting_move(meeting=third, day=datetime.date(2026, 7, 16), by=None)
    third.refresh_from_db()
    assert third.number == 5  # after June 11 and July 9
    assert list(spring_group.meetings.order_by("starts_at").values_list("number", flat=True)) == (
        list(range(1, 25))
    )


def test_shifting_moves_this_meeting_and_all_the_following_ones(spring_group: Group) -> None:
    schedule_group(spring_group)
    before = {m.number: m.starts_at for m in spring_group.meetings.all()}
    fifth = spring_group.meetings.get(number=5)
    schedule.meetings_shift(meeting=fifth, weeks=1, by=None)
    after = {m.number: (m.starts_at, m.sequence) for m in spring_group.meetings.all()}
    for number in range(1, 5):
        assert after[number] == (before[number], 0)
    for number in range(5, 25):
        start, sequence = after[number]
        assert start.astimezone(PARIS).date() == (
            before[number].astimezone(PARIS).date() + datetime.timedelta(weeks=1)
        )
        assert start.astimezone(PARIS).time() == datetime.time(18, 0)
        assert sequence == 1


def test_shifting_sends_one_email_per_member_listing_the_new_dates(spring_group: Group) -> None:
    schedule_group(spring_group)
    schedule.meetings_shift(meeting=spring_group.meetings.get(number=22), weeks=1, by=None)
    assert len(mail.outbox) == spring_group.memberships.count()
    assert mail.outbox[0].body.count("Rencontre n°") == 3


def test_a_held_meeting_cannot_be_moved(spring_group: Group) -> None:
    schedule_group(spring_group, count=2)
    meeting = spring_group.meetings.first()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        schedule.meeting_move(meeting=meeting, day=datetime.date(2026, 4, 2), by=None)


def test_cancelling_a_meeting_bumps_its_sequence_and_tells_the_members(
    spring_group: Group,
) -> None:
    schedule_group(spring_group, count=3)
    meeting = spring_group.meetings.get(number=2)
    schedule.meeting_cancel(meeting=meeting, reason="Grève", by=None)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (Meeting.Status.CANCELLED, 1)
    assert len(mail.outbox) == spring_group.memberships.count()
    assert "annul" in mail.outbox[0].subject.lower()
    assert list(
        spring_group.meetings.exclude(status="cancelled").values_list("number", flat=True)
    ) == [1, 2]


def test_a_meeting_renumbered_moves_its_sequence(spring_group: Group) -> None:
    """Meeting 3 becomes n° 2 when n° 2 is cancelled: its title changes in calendars, which
    take it only from a higher SEQUENCE."""
    schedule_group(spring_group, count=3)
    third = spring_group.meetings.get(number=3)
    first = spring_group.meetings.get(number=1)
    schedule.meeting_cancel(meeting=spring_group.meetings.get(number=2), reason="", by=None)
    third.refresh_from_db()
    first.refresh_from_db()
    assert (third.number, third.sequence) == (2, 1)
    assert (first.number, first.sequence) == (1, 0)


def test_an_edition_event_is_announced_to_every_group_of_the_edition(
    spring_group: Group,
) -> None:
    from conftest import fill_group

    second = GroupFactory(edition=spring_group.edition, name="Groupe Été")
    fill_group(second, leaders=10)
    mail.outbox.clear()
    schedule.meeting_add(
        edition=spring_group.edition,
        kind=Meeting.Kind.PLENARY,
        starts_at=datetime.datetime(2026, 6, 25, 18, tzinfo=PARIS),
        venue_name="CCI",
        by=None,
    )
    assert len(mail.outbox) == spring_group.memberships.count() + second.memberships.count()


def test_a_change_email_is_written_in_the_members_language(
    spring_group: Group, django_user_model: Any
) -> None:
    schedule_group(spring_group, count=3)
    person = spring_group.memberships.first().person
    person.user = django_user_model.objects.create_user(email=person.email, language="en")
    person.save()
    schedule.meeting_move(
        meeting=spring_group.meetings.get(number=2), day=datetime.date(2026, 4, 16), by=None
    )
    message = next(m for m in mail.outbox if m.to == [person.email])
    assert message.extra_headers["Content-Language"] == "en"
    assert "Thursday 16 April 2026" in message.body


def test_a_change_email_holds_links_only_never_the_minutes(held_meeting: Meeting) -> None:
    from maillage.meetings.tests.factories import MinutesFactory

    MinutesFactory(meeting=held_meeting, text="Confidentiel : la trésorerie de Paul.")
    edition: Edition = held_meeting.edition
    meeting = schedule.meeting_add(
        edition=edition,
        group=held_meeting.group,
        starts_at=held_meeting.starts_at + datetime.timedelta(days=60),
        by=None,
    )
    assert mail.outbox
    for message in mail.outbox:
        assert "trésorerie" not in message.body
        assert f"/rencontres/{meeting.pk}/" in message.body


# Nothing is placed in the past ----------------------------------------------------------------


def test_a_meeting_cannot_be_added_in_the_past(spring_group: Group) -> None:
    with pytest.raises(ValidationError, match="ne peut pas être placée dans le passé") as error:
        schedule.meeting_add(
            edition=spring_group.edition,
            group=spring_group,
            starts_at=BEFORE_THE_OPENING - datetime.timedelta(minutes=1),
            by=None,
        )
    assert error.value.code == schedule.PAST
    assert not spring_group.meetings.exists()
    assert mail.outbox == []


def test_a_meeting_later_today_may_be_added(spring_group: Group) -> None:
    meeting = schedule.meeting_add(
        edition=spring_group.edition,
        group=spring_group,
        starts_at=BEFORE_THE_OPENING + datetime.timedelta(minutes=1),
        by=None,
    )
    assert (meeting.number, meeting.status) == (1, Meeting.Status.PLANNED)


def test_a_meeting_cannot_be_moved_into_the_past(
    spring_group: Group, time_machine: time_machine.TimeMachineFixture
) -> None:
    schedule_group(spring_group, count=3)
    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, tzinfo=PARIS), tick=False)
    meeting = spring_group.meetings.get(number=2)  # 9 April
    before = (meeting.starts_at, meeting.sequence)
    with pytest.raises(ValidationError, match="ne peut pas être placée dans le passé"):
        schedule.meeting_move(meeting=meeting, day=datetime.date(2026, 3, 19), by=None)
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == before
    assert mail.outbox == []


def test_a_meeting_may_be_moved_to_later_today_not_to_earlier_today(spring_group: Group) -> None:
    schedule_group(spring_group, count=2)
    meeting = spring_group.meetings.get(number=1)
    today = BEFORE_THE_OPENING.date()
    with pytest.raises(ValidationError, match="dans le passé"):
        schedule.meeting_move(meeting=meeting, day=today, start=datetime.time(8, 0), by=None)
    schedule.meeting_move(meeting=meeting, day=today, by=None)  # 18:00, as the rule says
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime.datetime(2026, 2, 2, 18, tzinfo=PARIS)


def test_a_shift_that_would_put_one_meeting_in_the_past_changes_nothing(
    spring_group: Group, time_machine: time_machine.TimeMachineFixture
) -> None:
    schedule_group(spring_group, count=5)
    time_machine.move_to(datetime.datetime(2026, 4, 20, 9, tzinfo=PARIS), tick=False)
    before = list(
        spring_group.meetings.order_by("pk").values_list("pk", "number", "starts_at", "sequence")
    )
    third = spring_group.meetings.get(number=3)  # 21 May: six weeks earlier is 9 April, past
    with pytest.raises(ValidationError) as error:
        schedule.meetings_shift(meeting=third, weeks=-6, by=None)
    assert error.value.messages == [
        "Une rencontre ne peut pas être placée dans le passé\u00a0: "
        "celle du 21 mai 2026 tomberait le 9 avril 2026."
    ]
    after = list(
        spring_group.meetings.order_by("pk").values_list("pk", "number", "starts_at", "sequence")
    )
    assert after == before
    assert mail.outbox == []
