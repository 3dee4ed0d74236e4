"""The monthly meeting rule ("3rd Thursday, 18:00-21:00"): the dataclass, its compact string form
("3 THU 18:00-21:00", "last TUE 12:00-14:00") and the nth-weekday computation."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import IntEnum

from .errors import SchedulingError


class Weekday(IntEnum):
    """Days of the week, numbered as `date.weekday()` does (Monday is 0)."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


LAST = -1
"""The ordinal of "the last <weekday> of the month"."""

_ORDINALS = (1, 2, 3, 4, LAST)
# French three-letter abbreviations are accepted on input as well; output is always English.
_WEEKDAY_NAMES: dict[str, Weekday] = {day.name: day for day in Weekday} | {
    "LUN": Weekday.MON,
    "MAR": Weekday.TUE,
    "MER": Weekday.WED,
    "JEU": Weekday.THU,
    "VEN": Weekday.FRI,
    "SAM": Weekday.SAT,
    "DIM": Weekday.SUN,
}
_LAST_NAMES = ("LAST", "DERNIER", "-1")
_TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})$")
_EXAMPLES = "e.g. '3 THU 18:00-21:00' or 'last TUE 12:00-14:00'"


@dataclass(frozen=True)
class MeetingRule:
    """The nth (1 to 4, or LAST) given weekday of each month, from `start` to `end` local time.

    Times are naive wall-clock times of the territory; its time zone is given separately.
    A fifth weekday does not exist in every month, hence LAST rather than 5.
    """

    ordinal: int
    weekday: Weekday
    start: time
    end: time

    def __post_init__(self) -> None:
        if self.ordinal not in _ORDINALS:
            raise ValueError(
                f"The ordinal must be 1, 2, 3, 4 or LAST (-1), not {self.ordinal!r}; "
                "a fifth weekday does not exist in every month."
            )
        if not isinstance(self.weekday, int) or not 0 <= self.weekday <= 6:
            raise ValueError(f"The weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday!r}.")
        object.__setattr__(self, "weekday", Weekday(self.weekday))
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise ValueError(f"The {name} must be a datetime.time, not {value!r}.")
            if value.tzinfo is not None:
                raise ValueError(
                    f"The {name} time must be naive (local to the territory), not {value!r}."
                )
        if self.end <= self.start:
            raise SchedulingError(
                f"The meeting must end after it starts on the same day "
                f"({self.start:%H:%M}-{self.end:%H:%M}).",
                code="end_before_start",
                start=f"{self.start:%H:%M}",
                end=f"{self.end:%H:%M}",
            )

    def day_in(self, year: int, month: int) -> date:
        """The date this rule gives in that month."""
        return nth_weekday(year, month, self.ordinal, self.weekday)


def nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date:
    """The `ordinal`-th `weekday` (0 = Monday) of the month; ordinal LAST (-1) for the last one.

    >>> nth_weekday(2026, 3, 3, Weekday.THU)
    datetime.date(2026, 3, 19)
    >>> nth_weekday(2026, 3, LAST, Weekday.TUE)
    datetime.date(2026, 3, 31)
    """
    if ordinal not in _ORDINALS:
        raise ValueError(
            f"The ordinal must be 1, 2, 3, 4 or LAST (-1), not {ordinal!r}; "
            "a fifth weekday does not exist in every month."
        )
    if not 0 <= weekday <= 6:
        raise ValueError(f"The weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}.")
    if ordinal == LAST:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def parse_rule(text: str) -> MeetingRule:
    """Read the compact form "<1-4|last> <weekday> <HH:MM>-<HH:MM>", e.g. "3 THU 18:00-21:00".

    Case-insensitive; weekdays as MON..SUN (or LUN..DIM); "18h00" and an en dash are accepted.
    """
    parts = text.replace("\u2013", "-").split()
    if len(parts) == 3 and "-" not in parts[2]:
        raise SchedulingError(
            f"Missing the end time in rule {text!r} ({_EXAMPLES}).", code="rule_no_end", rule=text
        )
    if len(parts) == 5 and parts[3] == "-":  # "18:00 - 21:00"
        parts = [parts[0], parts[1], parts[2] + "-" + parts[4]]
    if len(parts) != 3:
        raise SchedulingError(
            f"A rule has three parts, ordinal, weekday and time range ({_EXAMPLES}), not {text!r}.",
            code="rule_parts",
            rule=text,
        )
    ordinal_text, weekday_text, times_text = parts
    ordinal = _parse_ordinal(ordinal_text, text)
    weekday = _WEEKDAY_NAMES.get(weekday_text.upper()[:3]) if len(weekday_text) >= 3 else None
    if weekday is None:
        raise SchedulingError(
            f"Unknown weekday {weekday_text!r} in rule {text!r}: "
            "use MON, TUE, WED, THU, FRI, SAT or SUN.",
            code="rule_weekday",
            rule=text,
            value=weekday_text,
        )
    start_text, _, end_text = times_text.partition("-")
    start = _parse_time(start_text, text)
    end = _parse_time(end_text, text)
    return MeetingRule(ordinal=ordinal, weekday=weekday, start=start, end=end)


def format_rule(rule: MeetingRule) -> str:
    """The compact form of a rule, which `parse_rule` reads back: "3 THU 18:00-21:00"."""
    ordinal = "last" if rule.ordinal == LAST else str(rule.ordinal)
    return f"{ordinal} {rule.weekday.name} {rule.start:%H:%M}-{rule.end:%H:%M}"


def _parse_ordinal(value: str, text: str) -> int:
    lowered = value.upper().rstrip(".")
    if lowered in _LAST_NAMES:
        return LAST
    digits = re.match(r"^(\d+)(ST|ND|RD|TH|E|ER|EME|ÈME)?$", lowered)
    if digits is None:
        raise SchedulingError(
            f"Unknown ordinal {value!r} in rule {text!r}: use 1, 2, 3, 4 or last.",
            code="rule_ordinal",
            rule=text,
            value=value,
        )
    number = int(digits.group(1))
    if number not in (1, 2, 3, 4):
        raise SchedulingError(
            f"The ordinal {value!r} in rule {text!r} must be 1 to 4 or last "
            "(a fifth weekday does not exist in every month).",
            code="rule_ordinal_range",
            rule=text,
            value=value,
        )
    return number


def _parse_time(value: str, text: str) -> time:
    match = _TIME.match(value)
    if match is None:
        raise SchedulingError(
            f"Unreadable time {value!r} in rule {text!r}: write it as HH:MM.",
            code="rule_time",
            rule=text,
            value=value,
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise SchedulingError(
            f"Impossible time {value!r} in rule {text!r}.",
            code="rule_time_range",
            rule=text,
            value=value,
        )
    return time(hour, minute)
