"""What makes a day unsuitable for a meeting in a territory, and what we cannot know about it.

Sources: the `holidays` package (France, with an optional subdivision: "57" Moselle and "6AE"
Alsace add Good Friday and 26 December; overseas departments and collectivities add their own
days) and `vacances-scolaires-france` (metropolitan zones A, B and C only: the overseas academies
and Corsica have their own school calendars, which that package does not hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from holidays import country_holidays
from holidays.countries.france import France
from vacances_scolaires_france import SchoolHolidayDates

from .errors import SchedulingError

ConflictKind = Literal["public_holiday", "school_holiday", "august", "same_day"]
DataSource = Literal["public_holidays", "school_holidays"]

SCHOOL_ZONES = ("A", "B", "C")
AUGUST_LABEL = "août"
# Subdivisions of `holidays` that are overseas: no metropolitan school zone applies to them.
_OVERSEAS = frozenset({"971", "972", "973", "974", "976", "BL", "MF", "NC", "PF", "PM", "TF", "WF"})


@dataclass(frozen=True)
class TerritoryCalendar:
    """The calendar a territory meets in, and what a schedule must avoid there.

    `timezone` is an IANA name ("Europe/Paris", "America/Martinique", "Indian/Reunion").
    `holiday_subdivision` is a France subdivision code or alias of the `holidays` package
    ("57", "6AE", "Alsace", "972", "La Réunion"...), None for the national days only.
    `school_zone` is "A", "B" or "C", None where no metropolitan zone applies.
    Public holidays are always avoided; school holidays and August only when asked.
    `language` is the one public holidays are named in, a language of the `holidays` package
    for France ("fr", "en_US"...: `France.supported_languages`).
    """

    timezone: str = "Europe/Paris"
    holiday_subdivision: str | None = None
    school_zone: str | None = None
    avoid_school_holidays: bool = False
    avoid_august: bool = False
    language: str = "fr"

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise SchedulingError(
                f"Unknown time zone {self.timezone!r}: use an IANA name such as "
                "'Europe/Paris' or 'America/Martinique'.",
                code="time_zone",
                value=self.timezone,
            ) from error
        if self.holiday_subdivision is not None:
            code = France.subdivisions_aliases.get(
                self.holiday_subdivision, self.holiday_subdivision
            )
            if code not in France.subdivisions:
                raise SchedulingError(
                    f"Unknown France holiday subdivision {self.holiday_subdivision!r}: use one "
                    f"of {', '.join(France.subdivisions)} or an alias such as 'Alsace', "
                    "'Moselle', 'Martinique'.",
                    code="holiday_subdivision",
                    value=self.holiday_subdivision,
                )
            object.__setattr__(self, "holiday_subdivision", code)
        if self.school_zone is not None:
            if self.school_zone not in SCHOOL_ZONES:
                raise SchedulingError(
                    f"Unknown school zone {self.school_zone!r}: use 'A', 'B' or 'C' "
                    "(metropolitan zones), or None.",
                    code="school_zone",
                    value=self.school_zone,
                )
            if self.holiday_subdivision in _OVERSEAS:
                raise SchedulingError(
                    f"The overseas subdivision {self.holiday_subdivision!r} has its own school "
                    "calendar, not the metropolitan zone "
                    f"{self.school_zone!r}: leave the school zone empty.",
                    code="overseas_school_zone",
                    subdivision=self.holiday_subdivision,
                    zone=self.school_zone,
                )
        if self.language not in France.supported_languages:
            # The application chooses it, not the person: a programming error.
            raise ValueError(
                f"Public holidays are not named in {self.language!r}: use one of "
                f"{', '.join(France.supported_languages)}."
            )
        if self.avoid_school_holidays and self.school_zone is None:
            raise SchedulingError(
                "Avoiding school holidays needs a school zone ('A', 'B' or 'C'); the school "
                "calendars of the overseas academies and of Corsica are not in our data.",
                code="school_zone_needed",
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Conflict:
    """Why a day does not suit: kind and label ("Ascension", "vacances d'hiver zone A", "août").

    A public holiday's label is its name in the calendar's `language`; the other labels are
    French, and `params` let the application say them in the user's language: a school
    holiday's `name` as our data spells it ("Vacances d'hiver") and its `zone`, the `number` of
    the other meeting on the same day."""

    kind: ConflictKind
    label: str
    params: dict[str, str | int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CoverageWarning:
    """Our holiday data says nothing about that day: it was kept, unverified.

    `message` is English; `source` and `params` (the dates our data covers, the school zone)
    let the application say it in the user's language."""

    day: date
    source: DataSource
    message: str
    params: dict[str, str | date] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class DayCheck:
    day: date
    conflicts: tuple[Conflict, ...]
    warnings: tuple[CoverageWarning, ...]

    @property
    def acceptable(self) -> bool:
        return not self.conflicts


def check_day(day: date, calendar: TerritoryCalendar) -> DayCheck:
    """The conflicts of a local day in the territory, and what our data does not cover."""
    conflicts: list[Conflict] = []
    warnings: list[CoverageWarning] = []
    if France.start_year <= day.year <= France.end_year:
        names = _public_holidays(calendar.holiday_subdivision, day.year, calendar.language).get(
            day, ()
        )
        conflicts.extend(Conflict("public_holiday", name) for name in names)
    else:
        warnings.append(
            CoverageWarning(
                day,
                "public_holidays",
                f"Public holidays are known from {France.start_year} to {France.end_year} "
                f"only: {day.isoformat()} was not checked.",
                {
                    "known_from": date(France.start_year, 1, 1),
                    "known_to": date(France.end_year, 12, 31),
                },
            )
        )
    if calendar.avoid_school_holidays and calendar.school_zone is not None:
        first, last, by_day = _school_holidays(calendar.school_zone)
        if first <= day <= last:
            name = by_day.get(day)
            if name is not None:
                label = f"{name[:1].lower()}{name[1:]} zone {calendar.school_zone}"
                params: dict[str, str | int] = {"name": name, "zone": calendar.school_zone}
                conflicts.append(Conflict("school_holiday", label, params))
        else:
            warnings.append(
                CoverageWarning(
                    day,
                    "school_holidays",
                    f"School holidays of zone {calendar.school_zone} are known from "
                    f"{first.isoformat()} to {last.isoformat()} only: {day.isoformat()} "
                    "was not checked.",
                    {"known_from": first, "known_to": last, "zone": calendar.school_zone},
                )
            )
    if calendar.avoid_august and day.month == 8:
        conflicts.append(Conflict("august", AUGUST_LABEL))
    return DayCheck(day, tuple(conflicts), tuple(warnings))


@lru_cache(maxsize=256)
def _public_holidays(
    subdivision: str | None, year: int, language: str
) -> dict[date, tuple[str, ...]]:
    days = country_holidays("FR", subdiv=subdivision, years=year, language=language)
    return {day: tuple(days.get_list(day)) for day in sorted(days)}


@lru_cache(maxsize=4)
def _school_holidays(zone: str) -> tuple[date, date, dict[date, str]]:
    """The covered span of the zone's data and its holiday names by day.

    The package answers for whole years up to its last one, but the last year holds only the
    holidays published so far (e.g. up to the summer): past the zone's last listed holiday day,
    nothing is known, so the span ends there.
    """
    data = SchoolHolidayDates()
    min_year = cast(int, data.min_year)
    max_year = cast(int, data.max_year)
    by_day: dict[date, str] = {}
    for year in range(min_year, max_year + 1):
        rows = cast(dict[date, dict[str, object]], data.holidays_for_year_and_zone(year, zone))
        for day, row in rows.items():
            by_day[day] = str(row["nom_vacances"])
    return date(min_year, 1, 1), max(by_day), by_day
