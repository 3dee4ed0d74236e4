"""Move one meeting, or shift a meeting and all the following ones, over a list of meetings.

Pure functions: they return the new list and do not resolve conflicts; they report them
(holidays of the territory as `check_day` sees them, another meeting on the same day) so that
the person who moves a meeting decides. Times stay the same wall-clock times in the territory
(18:00 stays 18:00 across a change of daylight-saving time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from .calendars import Conflict, CoverageWarning, TerritoryCalendar, check_day
from .errors import SchedulingError
from .proposal import local_datetime


class MeetingTimes(Protocol):
    """What the changes need of a meeting: `ProposedMeeting` has it, an adapter's rows may too."""

    @property
    def number(self) -> int: ...

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


@dataclass(frozen=True)
class ScheduledMeeting:
    number: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class MeetingConflict:
    number: int
    day: date
    conflict: Conflict


@dataclass(frozen=True)
class Rescheduled:
    """The meetings after the change, sorted by start; what changed and what it runs into."""

    meetings: tuple[ScheduledMeeting, ...]
    changed: tuple[int, ...]
    conflicts: tuple[MeetingConflict, ...]
    warnings: tuple[CoverageWarning, ...]

    @property
    def has_conflicts(self) -> bool:
        return bool(self.conflicts)


def move_meeting(
    meetings: Sequence[MeetingTimes],
    number: int,
    day: date,
    calendar: TerritoryCalendar,
    *,
    start: time | None = None,
    end: time | None = None,
) -> Rescheduled:
    """Meeting `number` on local `day` of the territory, at its former local times unless
    `start`/`end` are given."""
    current = _by_number(meetings)
    if number not in current:
        raise ValueError(f"There is no meeting number {number} to move.")
    meeting = current[number]
    zone = calendar.zone
    new_start = start if start is not None else meeting.start.astimezone(zone).time()
    new_end = end if end is not None else meeting.end.astimezone(zone).time()
    if new_end <= new_start:
        raise SchedulingError(
            f"The meeting must end after it starts on the same day "
            f"({new_start:%H:%M}-{new_end:%H:%M}).",
            code="end_before_start",
            start=f"{new_start:%H:%M}",
            end=f"{new_end:%H:%M}",
        )
    moved = ScheduledMeeting(
        number, local_datetime(day, new_start, zone), local_datetime(day, new_end, zone)
    )
    return _result(meetings, {number: moved}, calendar)


def shift_meetings(
    meetings: Sequence[MeetingTimes],
    from_number: int,
    weeks: int,
    calendar: TerritoryCalendar,
) -> Rescheduled:
    """Meeting `from_number` and every meeting starting after it, `weeks` weeks later
    (earlier when negative), at the same local times."""
    if weeks == 0:
        raise SchedulingError(
            "Shift by at least one week (or a negative number of weeks).", code="shift_zero"
        )
    current = _by_number(meetings)
    if from_number not in current:
        raise ValueError(f"There is no meeting number {from_number} to shift from.")
    zone = calendar.zone
    threshold = current[from_number].start
    shifted: dict[int, ScheduledMeeting] = {}
    for meeting in meetings:
        if meeting.start >= threshold:
            start = meeting.start.astimezone(zone)
            end = meeting.end.astimezone(zone)
            shifted[meeting.number] = ScheduledMeeting(
                meeting.number,
                local_datetime(start.date() + timedelta(weeks=weeks), start.time(), zone),
                local_datetime(end.date() + timedelta(weeks=weeks), end.time(), zone),
            )
    return _result(meetings, shifted, calendar)


def _by_number(meetings: Sequence[MeetingTimes]) -> dict[int, MeetingTimes]:
    by_number: dict[int, MeetingTimes] = {}
    for meeting in meetings:
        if meeting.number in by_number:
            raise ValueError(f"Meeting number {meeting.number} appears twice.")
        if meeting.start.tzinfo is None or meeting.end.tzinfo is None:
            raise ValueError(f"Meeting {meeting.number} has a naive datetime: give its zone.")
        by_number[meeting.number] = meeting
    return by_number


def _result(
    meetings: Sequence[MeetingTimes],
    changes: dict[int, ScheduledMeeting],
    calendar: TerritoryCalendar,
) -> Rescheduled:
    zone = calendar.zone
    after = sorted(
        (changes.get(m.number, ScheduledMeeting(m.number, m.start, m.end)) for m in meetings),
        key=lambda m: (m.start, m.number),
    )
    for meeting in changes.values():
        if meeting.end <= meeting.start:
            # The wall-clock times were valid, but the day's daylight-saving change swallowed
            # them (02:30-03:30 on the spring-forward night both become 03:30).
            raise SchedulingError(
                f"Meeting {meeting.number} would end when it starts, "
                f"{meeting.start.astimezone(zone):%Y-%m-%d %H:%M}: the clocks change that night.",
                code="clocks_change",
                day=meeting.start.astimezone(zone).date(),
                time=f"{meeting.start.astimezone(zone):%H:%M}",
            )
    conflicts: list[MeetingConflict] = []
    warnings: list[CoverageWarning] = []
    for meeting in after:
        if meeting.number not in changes:
            continue
        day = meeting.start.astimezone(zone).date()
        day_check = check_day(day, calendar)
        conflicts.extend(MeetingConflict(meeting.number, day, c) for c in day_check.conflicts)
        warnings.extend(day_check.warnings)
        for other in after:
            if other.number != meeting.number and other.start.astimezone(zone).date() == day:
                label = f"réunion n° {other.number} le même jour"
                same_day = Conflict("same_day", label, {"number": other.number})
                conflicts.append(MeetingConflict(meeting.number, day, same_day))
    return Rescheduled(
        meetings=tuple(after),
        changed=tuple(m.number for m in after if m.number in changes),
        conflicts=tuple(conflicts),
        warnings=tuple(warnings),
    )
