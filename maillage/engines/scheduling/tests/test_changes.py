from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from maillage.engines.scheduling import (
    Conflict,
    MeetingConflict,
    ProposedMeeting,
    ScheduledMeeting,
    TerritoryCalendar,
    move_meeting,
    parse_rule,
    propose_schedule,
    shift_meetings,
)

PARIS = TerritoryCalendar()


@pytest.fixture
def meetings() -> tuple[ProposedMeeting, ...]:
    """3rd Thursdays: 19 March, 16 April, 21 May, 18 June, 16 July, 20 August 2026."""
    rule = parse_rule("3 THU 18:00-21:00")
    return propose_schedule(opening=date(2026, 3, 1), rule=rule, calendar=PARIS, count=6).meetings


def days(meetings: tuple[ScheduledMeeting, ...]) -> list[tuple[int, date]]:
    return [(m.number, m.start.date()) for m in meetings]


def test_moving_a_meeting_changes_its_day_only(meetings: tuple[ProposedMeeting, ...]) -> None:
    result = move_meeting(meetings, 3, date(2026, 5, 28), PARIS)
    assert days(result.meetings)[2] == (3, date(2026, 5, 28))
    assert days(result.meetings)[:2] + days(result.meetings)[3:] == [
        (m.number, m.start.date()) for m in meetings if m.number != 3
    ]
    assert result.changed == (3,)


def test_moving_a_meeting_to_a_free_day_reports_no_conflict(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    assert move_meeting(meetings, 3, date(2026, 5, 28), PARIS).conflicts == ()


def test_moving_a_meeting_keeps_its_local_times(meetings: tuple[ProposedMeeting, ...]) -> None:
    moved = move_meeting(meetings, 3, date(2026, 5, 28), PARIS).meetings[2]
    assert (moved.start.time(), moved.end.time()) == (time(18), time(21))


def test_moving_a_meeting_can_change_its_times(meetings: tuple[ProposedMeeting, ...]) -> None:
    result = move_meeting(meetings, 3, date(2026, 5, 28), PARIS, start=time(12), end=time(14))
    moved = result.meetings[2]
    assert (moved.start.time(), moved.end.time()) == (time(12), time(14))


def test_moving_a_meeting_onto_a_holiday_reports_it(meetings: tuple[ProposedMeeting, ...]) -> None:
    result = move_meeting(meetings, 3, date(2026, 5, 14), PARIS)
    assert result.conflicts == (
        MeetingConflict(3, date(2026, 5, 14), Conflict("public_holiday", "Ascension")),
    )
    assert days(result.meetings)[2] == (3, date(2026, 5, 14))


def test_a_move_onto_a_holiday_names_it_in_the_calendars_language(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    english = replace(PARIS, language="en_US")
    result = move_meeting(meetings, 3, date(2026, 5, 14), english)
    assert [c.conflict.label for c in result.conflicts] == ["Ascension Day"]


def test_moving_a_meeting_onto_another_meeting_day_reports_it(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    result = move_meeting(meetings, 3, date(2026, 6, 18), PARIS)
    assert [(c.number, c.conflict.kind) for c in result.conflicts] == [(3, "same_day")]
    assert "4" in result.conflicts[0].conflict.label
    assert result.conflicts[0].conflict.params == {"number": 4}


def test_moved_meetings_come_back_sorted_by_start(meetings: tuple[ProposedMeeting, ...]) -> None:
    result = move_meeting(meetings, 2, date(2026, 6, 25), PARIS)
    assert [m.number for m in result.meetings] == [1, 3, 4, 2, 5, 6]


def test_moving_a_meeting_over_a_clock_change_keeps_its_wall_time(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    moved = move_meeting(meetings, 1, date(2026, 4, 2), PARIS).meetings[0]
    assert moved.start.hour == 18
    assert moved.start.utcoffset() == timedelta(hours=2)


def test_moving_an_unknown_meeting_is_refused(meetings: tuple[ProposedMeeting, ...]) -> None:
    with pytest.raises(ValueError, match="no meeting number 9"):
        move_meeting(meetings, 9, date(2026, 5, 28), PARIS)


def test_moving_to_an_end_before_the_start_is_refused(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    with pytest.raises(ValueError, match="end after it starts"):
        move_meeting(meetings, 3, date(2026, 5, 28), PARIS, start=time(22))


def test_moving_into_the_hour_the_clocks_skip_is_refused(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    """On 28 March 2027 Paris skips 02:00-03:00: 02:30-03:30 would start and end at 03:30."""
    with pytest.raises(ValueError, match="clocks change"):
        move_meeting(meetings, 3, date(2027, 3, 28), PARIS, start=time(2, 30), end=time(3, 30))


def test_shifting_moves_that_meeting_and_the_following_ones(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    result = shift_meetings(meetings, 4, 1, PARIS)
    assert days(result.meetings) == [
        (1, date(2026, 3, 19)),
        (2, date(2026, 4, 16)),
        (3, date(2026, 5, 21)),
        (4, date(2026, 6, 25)),
        (5, date(2026, 7, 23)),
        (6, date(2026, 8, 27)),
    ]
    assert result.changed == (4, 5, 6)


def test_shifting_reports_the_holidays_it_lands_on(meetings: tuple[ProposedMeeting, ...]) -> None:
    result = shift_meetings(meetings, 3, -1, PARIS)
    assert result.conflicts == (
        MeetingConflict(3, date(2026, 5, 14), Conflict("public_holiday", "Ascension")),
    )


def test_shifting_rechecks_school_holidays_when_asked(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)
    result = shift_meetings(meetings, 6, 1, calendar)
    assert [c.conflict.label for c in result.conflicts] == ["vacances d'été zone A"]


def test_shifting_earlier_onto_an_earlier_meeting_reports_it(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    result = shift_meetings(meetings, 2, -4, PARIS)
    assert [(c.number, c.conflict.kind) for c in result.conflicts] == [(2, "same_day")]


def test_shifting_over_a_clock_change_keeps_the_wall_time(
    meetings: tuple[ProposedMeeting, ...],
) -> None:
    shifted = shift_meetings(meetings, 1, 2, PARIS).meetings[0]
    assert shifted.start.date() == date(2026, 4, 2)
    assert (shifted.start.hour, shifted.start.utcoffset()) == (18, timedelta(hours=2))


def test_shifting_by_zero_weeks_is_refused(meetings: tuple[ProposedMeeting, ...]) -> None:
    with pytest.raises(ValueError, match="at least one week"):
        shift_meetings(meetings, 1, 0, PARIS)


def test_shifting_works_on_the_local_day_of_the_territory() -> None:
    martinique = TerritoryCalendar("America/Martinique", holiday_subdivision="972")
    # 18:30-21:00 in Martinique on Friday 15 May 2026, given in UTC (the end is on 16 May UTC).
    meeting = ScheduledMeeting(
        1, datetime(2026, 5, 15, 22, 30, tzinfo=UTC), datetime(2026, 5, 16, 1, 0, tzinfo=UTC)
    )
    result = shift_meetings([meeting], 1, 1, martinique)
    shifted = result.meetings[0]
    assert shifted.start.tzinfo == ZoneInfo("America/Martinique")
    assert (shifted.start.date(), shifted.start.time()) == (date(2026, 5, 22), time(18, 30))
    assert [c.conflict.label for c in result.conflicts] == ["Abolition de l'esclavage"]


def test_naive_datetimes_are_refused() -> None:
    meeting = ScheduledMeeting(1, datetime(2026, 5, 15, 18), datetime(2026, 5, 15, 21))
    with pytest.raises(ValueError, match="naive"):
        move_meeting([meeting], 1, date(2026, 5, 22), PARIS)


def test_duplicated_meeting_numbers_are_refused(meetings: tuple[ProposedMeeting, ...]) -> None:
    with pytest.raises(ValueError, match="appears twice"):
        shift_meetings([*meetings, meetings[0]], 1, 1, PARIS)
