"""Meeting scheduling engine: pure Python, no Django.

- `propose_schedule`: a group's ~24 monthly meetings from the opening date and a `MeetingRule`,
  avoiding the territory's public holidays and, when asked, school holidays and August; each
  moved meeting says why, each day our data does not cover carries a warning.
- `move_meeting`, `shift_meetings`: changes over a list of meetings, with their conflicts.
- `propose_hosts`: a host rotation where nobody hosts twice before every willing member hosted.
"""

from .calendars import (
    Conflict,
    ConflictKind,
    CoverageWarning,
    DayCheck,
    TerritoryCalendar,
    check_day,
)
from .changes import (
    MeetingConflict,
    MeetingTimes,
    Rescheduled,
    ScheduledMeeting,
    move_meeting,
    shift_meetings,
)
from .errors import SchedulingError
from .hosts import HostAssignment, HostCandidate, HostPlan, HostSlot, MemberId, propose_hosts
from .proposal import Move, ProposedMeeting, Schedule, local_datetime, propose_schedule
from .rules import LAST, MeetingRule, Weekday, format_rule, nth_weekday, parse_rule

__all__ = [
    "LAST",
    "Conflict",
    "ConflictKind",
    "CoverageWarning",
    "DayCheck",
    "HostAssignment",
    "HostCandidate",
    "HostPlan",
    "HostSlot",
    "MeetingConflict",
    "MeetingRule",
    "MeetingTimes",
    "MemberId",
    "Move",
    "ProposedMeeting",
    "Rescheduled",
    "Schedule",
    "ScheduledMeeting",
    "SchedulingError",
    "TerritoryCalendar",
    "Weekday",
    "check_day",
    "format_rule",
    "local_datetime",
    "move_meeting",
    "nth_weekday",
    "parse_rule",
    "propose_hosts",
    "propose_schedule",
    "shift_meetings",
]
