"""Propose a group's monthly meetings from the edition's opening date and the group's rule.

Policy, for each month from the first one whose rule date falls on or after the opening date:

1. The meeting is on the rule's date (e.g. the 3rd Thursday) if that day has no conflict: public
   holiday of the territory, and when asked, school holidays of its zone or August.
2. Otherwise it moves to the nearest acceptable same weekday *in the same month*, trying one
   week later, then one week earlier, then two weeks later, two weeks earlier, and so on (never
   before the opening date).
3. If no such day exists in that month (August when August is avoided, a month covered by school
   holidays), the month has no meeting and the series goes on the next month: the meeting is
   reported as moved, for the reasons of its rule date. The series thus keeps its `count`
   meetings and ends later.

A day our holiday data does not cover (years past the data) is kept, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .calendars import Conflict, CoverageWarning, DayCheck, TerritoryCalendar, check_day
from .errors import SchedulingError
from .rules import MeetingRule

MAX_COUNT = 120
# A calendar that blocks this many months in a row is an error, not a schedule.
_MAX_SKIPPED_MONTHS = 12


@dataclass(frozen=True)
class ProposedMeeting:
    """One meeting: number (1-based), timezone-aware local start and end in the territory.

    `planned_day` is the rule's date for the meeting; when the meeting was moved, `reasons`
    says why (the conflicts of `planned_day`). `warnings` tells what could not be checked.
    """

    number: int
    start: datetime
    end: datetime
    planned_day: date
    reasons: tuple[Conflict, ...] = ()
    warnings: tuple[CoverageWarning, ...] = ()

    @property
    def moved(self) -> bool:
        return self.start.date() != self.planned_day


@dataclass(frozen=True)
class Move:
    number: int
    planned_day: date
    day: date
    reasons: tuple[Conflict, ...]

    @property
    def reason_labels(self) -> str:
        return ", ".join(conflict.label for conflict in self.reasons)


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[ProposedMeeting, ...]

    @property
    def moves(self) -> tuple[Move, ...]:
        return tuple(
            Move(meeting.number, meeting.planned_day, meeting.start.date(), meeting.reasons)
            for meeting in self.meetings
            if meeting.moved
        )

    @property
    def warnings(self) -> tuple[CoverageWarning, ...]:
        return tuple(warning for meeting in self.meetings for warning in meeting.warnings)


def propose_schedule(
    *,
    opening: date,
    rule: MeetingRule,
    calendar: TerritoryCalendar,
    count: int = 24,
) -> Schedule:
    """The `count` monthly meetings from `opening` on, by `rule`, in `calendar` (see module doc)."""
    if not 1 <= count <= MAX_COUNT:
        raise SchedulingError(
            f"The number of meetings must be 1 to {MAX_COUNT}, not {count}.",
            code="count_range",
            max=MAX_COUNT,
            count=count,
        )
    zone = calendar.zone
    year, month = opening.year, opening.month
    if rule.day_in(year, month) < opening:
        year, month = _next_month(year, month)
    meetings: list[ProposedMeeting] = []
    # The rule date of the first month left without meeting, and the conflicts of all of them.
    skipped: tuple[date, tuple[Conflict, ...]] | None = None
    skipped_in_a_row = 0
    while len(meetings) < count:
        planned = rule.day_in(year, month)
        planned_check = check_day(planned, calendar)
        chosen = _choose_day(planned, planned_check, opening, calendar)
        if chosen is None:
            skipped_in_a_row += 1
            if skipped_in_a_row > _MAX_SKIPPED_MONTHS:
                raise SchedulingError(
                    f"No acceptable day in {_MAX_SKIPPED_MONTHS} months in a row from "
                    f"{planned:%Y-%m}: the calendar's constraints leave no room for meetings.",
                    code="no_room",
                    months=_MAX_SKIPPED_MONTHS,
                    from_day=planned.replace(day=1),
                )
            if skipped is None:
                skipped = (planned, planned_check.conflicts)
            else:
                skipped = (skipped[0], _merge(skipped[1], planned_check.conflicts))
        else:
            day, day_check = chosen
            first_planned = skipped[0] if skipped is not None else planned
            reasons = skipped[1] if skipped is not None else ()
            if day != planned:
                reasons = _merge(reasons, planned_check.conflicts)
            meetings.append(
                _meeting(len(meetings) + 1, day, rule, zone, first_planned, reasons, day_check)
            )
            skipped = None
            skipped_in_a_row = 0
        year, month = _next_month(year, month)
    return Schedule(tuple(meetings))


def local_datetime(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware datetime of a wall-clock time in a zone; a time skipped by a DST change is
    pushed forward by the gap, as the clocks are."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(zone)


def _choose_day(
    planned: date, planned_check: DayCheck, opening: date, calendar: TerritoryCalendar
) -> tuple[date, DayCheck] | None:
    if planned_check.acceptable:
        return planned, planned_check
    for weeks in (1, -1, 2, -2, 3, -3, 4, -4):
        candidate = planned + timedelta(weeks=weeks)
        if candidate.month != planned.month or candidate < opening:
            continue
        candidate_check = check_day(candidate, calendar)
        if candidate_check.acceptable:
            return candidate, candidate_check
    return None


def _meeting(
    number: int,
    day: date,
    rule: MeetingRule,
    zone: ZoneInfo,
    planned: date,
    reasons: tuple[Conflict, ...],
    day_check: DayCheck,
) -> ProposedMeeting:
    return ProposedMeeting(
        number=number,
        start=local_datetime(day, rule.start, zone),
        end=local_datetime(day, rule.end, zone),
        planned_day=planned,
        reasons=reasons,
        warnings=day_check.warnings,
    )


def _merge(first: tuple[Conflict, ...], then: tuple[Conflict, ...]) -> tuple[Conflict, ...]:
    return first + tuple(conflict for conflict in then if conflict not in first)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
