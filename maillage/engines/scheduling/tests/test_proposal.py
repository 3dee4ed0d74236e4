from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from maillage.engines.scheduling import (
    Conflict,
    Move,
    ProposedMeeting,
    TerritoryCalendar,
    parse_rule,
    propose_schedule,
)

PARIS = TerritoryCalendar()
THIRD_THURSDAY = parse_rule("3 THU 18:00-21:00")


def first_meeting(rule: str, opening: date, calendar: TerritoryCalendar) -> ProposedMeeting:
    schedule = propose_schedule(opening=opening, rule=parse_rule(rule), calendar=calendar, count=1)
    return schedule.meetings[0]


def test_a_schedule_has_24_meetings_by_default() -> None:
    schedule = propose_schedule(opening=date(2026, 3, 26), rule=THIRD_THURSDAY, calendar=PARIS)
    assert [m.number for m in schedule.meetings] == list(range(1, 25))


def test_meetings_fall_in_consecutive_months() -> None:
    schedule = propose_schedule(opening=date(2026, 3, 26), rule=THIRD_THURSDAY, calendar=PARIS)
    months = [(m.start.year, m.start.month) for m in schedule.meetings]
    assert months[0] == (2026, 4)
    assert months[-1] == (2028, 3)
    assert len(set(months)) == 24


def test_first_meeting_is_the_first_rule_date_after_the_opening() -> None:
    meeting = first_meeting("3 THU 18:00-21:00", date(2026, 3, 26), PARIS)
    assert meeting.start.date() == date(2026, 4, 16)


def test_first_meeting_may_fall_on_the_opening_day() -> None:
    meeting = first_meeting("3 THU 18:00-21:00", date(2026, 3, 19), PARIS)
    assert meeting.start.date() == date(2026, 3, 19)


def test_meetings_carry_the_rule_times_as_aware_local_datetimes() -> None:
    meeting = first_meeting("3 THU 18:00-21:00", date(2026, 3, 1), PARIS)
    assert meeting.start.tzinfo == ZoneInfo("Europe/Paris")
    assert (meeting.start.time(), meeting.end.time()) == (time(18), time(21))


def test_a_meeting_on_its_rule_date_is_not_a_move() -> None:
    schedule = propose_schedule(
        opening=date(2026, 3, 1), rule=THIRD_THURSDAY, calendar=PARIS, count=3
    )
    assert schedule.moves == ()
    assert schedule.meetings[0].reasons == ()


@pytest.mark.parametrize(
    ("rule", "planned", "moved_to", "reason"),
    [
        ("2 FRI 18:00-21:00", date(2026, 5, 8), date(2026, 5, 15), "Fête de la Victoire"),
        ("2 THU 18:00-21:00", date(2026, 5, 14), date(2026, 5, 21), "Ascension"),
        ("2 TUE 18:00-21:00", date(2026, 7, 14), date(2026, 7, 21), "Fête nationale"),
        ("3 SAT 09:00-12:00", date(2026, 8, 15), date(2026, 8, 22), "Assomption"),
        ("2 WED 18:00-21:00", date(2026, 11, 11), date(2026, 11, 18), "Armistice"),
    ],
)
def test_a_public_holiday_moves_the_meeting_one_week_later(
    rule: str, planned: date, moved_to: date, reason: str
) -> None:
    meeting = first_meeting(rule, planned.replace(day=1), PARIS)
    assert (meeting.planned_day, meeting.start.date()) == (planned, moved_to)
    assert meeting.reasons == (Conflict("public_holiday", reason),)


def test_a_move_skips_a_week_that_is_a_holiday_too() -> None:
    # 1 May 2026 is a Friday; 8 May, the next Friday, is a holiday as well.
    meeting = first_meeting("1 FRI 18:00-21:00", date(2026, 4, 15), PARIS)
    assert meeting.start.date() == date(2026, 5, 15)
    assert [c.label for c in meeting.reasons] == ["Fête du Travail"]


def test_good_friday_moves_the_meeting_in_alsace_moselle() -> None:
    meeting = first_meeting(
        "1 FRI 18:00-21:00", date(2026, 4, 1), TerritoryCalendar(holiday_subdivision="6AE")
    )
    assert meeting.start.date() == date(2026, 4, 10)
    assert [c.label for c in meeting.reasons] == ["Vendredi saint"]


def test_good_friday_keeps_the_meeting_outside_alsace_moselle() -> None:
    meeting = first_meeting("1 FRI 18:00-21:00", date(2026, 4, 1), PARIS)
    assert meeting.start.date() == date(2026, 4, 3)


def test_saint_stephen_moves_the_last_friday_a_week_earlier_in_moselle() -> None:
    # 26 December 2025 is the last Friday; a week later is January, so the week before.
    meeting = first_meeting(
        "last FRI 18:00-21:00", date(2025, 12, 1), TerritoryCalendar(holiday_subdivision="57")
    )
    assert meeting.start.date() == date(2025, 12, 19)
    assert [c.label for c in meeting.reasons] == ["Saint-Étienne"]


def test_a_move_never_goes_before_the_opening_date() -> None:
    meeting = first_meeting(
        "last FRI 18:00-21:00", date(2025, 12, 20), TerritoryCalendar(holiday_subdivision="57")
    )
    assert meeting.start.date() == date(2026, 1, 30)
    assert meeting.planned_day == date(2025, 12, 26)


def test_school_holidays_move_the_meeting_when_asked() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)
    meeting = first_meeting("3 THU 18:00-21:00", date(2027, 2, 1), calendar)
    # 18 and 25 February 2027 are both in zone A's winter holidays.
    assert meeting.start.date() == date(2027, 2, 11)
    assert meeting.reasons == (Conflict("school_holiday", "vacances d'hiver zone A"),)


def test_school_holidays_keep_the_meeting_when_not_asked() -> None:
    meeting = first_meeting(
        "3 THU 18:00-21:00", date(2027, 2, 1), TerritoryCalendar(school_zone="A")
    )
    assert meeting.start.date() == date(2027, 2, 18)


def test_august_is_skipped_when_asked() -> None:
    calendar = TerritoryCalendar(avoid_august=True)
    schedule = propose_schedule(
        opening=date(2026, 8, 1), rule=THIRD_THURSDAY, calendar=calendar, count=2
    )
    assert [m.start.date() for m in schedule.meetings] == [date(2026, 9, 17), date(2026, 10, 15)]
    assert schedule.moves == (
        Move(1, date(2026, 8, 20), date(2026, 9, 17), (Conflict("august", "août"),)),
    )


def test_skipping_august_keeps_the_count_and_ends_later() -> None:
    calendar = TerritoryCalendar(avoid_august=True)
    schedule = propose_schedule(opening=date(2026, 3, 26), rule=THIRD_THURSDAY, calendar=calendar)
    assert len(schedule.meetings) == 24
    assert all(m.start.month != 8 for m in schedule.meetings)
    assert schedule.meetings[-1].start.date() == date(2028, 5, 18)


def test_every_move_of_a_full_schedule_is_reported_with_its_reason() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True, avoid_august=True)
    schedule = propose_schedule(opening=date(2026, 3, 26), rule=THIRD_THURSDAY, calendar=calendar)
    assert [(m.number, m.reason_labels) for m in schedule.moves] == [
        (1, "vacances de printemps zone A"),
        (4, "vacances d'été zone A"),
        (5, "vacances d'été zone A, août"),
        (10, "vacances d'hiver zone A"),
        (12, "vacances de printemps zone A"),
        (15, "vacances d'été zone A"),
        (16, "vacances d'été zone A, août"),
    ]


def test_days_past_the_school_holiday_data_are_kept_with_a_warning_each() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)
    schedule = propose_schedule(
        opening=date(2028, 6, 1), rule=THIRD_THURSDAY, calendar=calendar, count=4
    )
    uncovered = [m for m in schedule.meetings if m.start.date() > date(2028, 8, 31)]
    assert [m.start.date() for m in uncovered] == [
        date(2028, 9, 21),
        date(2028, 10, 19),
        date(2028, 11, 16),
    ]
    assert [(w.day, w.source) for w in schedule.warnings] == [
        (m.start.date(), "school_holidays") for m in uncovered
    ]


def test_a_meeting_pushed_over_several_months_gives_the_reasons_of_each() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True, avoid_august=True)
    schedule = propose_schedule(
        opening=date(2028, 7, 1), rule=THIRD_THURSDAY, calendar=calendar, count=1
    )
    assert schedule.moves == (
        Move(
            1,
            date(2028, 7, 20),
            date(2028, 9, 21),
            (Conflict("school_holiday", "vacances d'été zone A"), Conflict("august", "août")),
        ),
    )


def test_days_within_the_data_carry_no_warning() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)
    schedule = propose_schedule(opening=date(2026, 3, 26), rule=THIRD_THURSDAY, calendar=calendar)
    assert schedule.warnings == ()


def test_times_are_local_to_martinique() -> None:
    calendar = TerritoryCalendar("America/Martinique", holiday_subdivision="972")
    meeting = first_meeting("3 THU 18:00-21:00", date(2026, 3, 1), calendar)
    assert meeting.start.time() == time(18)
    assert meeting.start.utcoffset() == timedelta(hours=-4)


def test_times_are_local_to_reunion() -> None:
    calendar = TerritoryCalendar("Indian/Reunion", holiday_subdivision="974")
    meeting = first_meeting("3 THU 18:00-21:00", date(2026, 3, 1), calendar)
    assert meeting.start.time() == time(18)
    assert meeting.start.utcoffset() == timedelta(hours=4)


def test_local_time_stays_the_same_across_daylight_saving_time() -> None:
    schedule = propose_schedule(
        opening=date(2026, 3, 1), rule=THIRD_THURSDAY, calendar=PARIS, count=2
    )
    march, april = schedule.meetings
    assert (march.start.hour, april.start.hour) == (18, 18)
    assert (march.start.utcoffset(), april.start.utcoffset()) == (
        timedelta(hours=1),
        timedelta(hours=2),
    )


def test_an_overseas_holiday_moves_the_meeting_there_only() -> None:
    martinique = TerritoryCalendar("America/Martinique", holiday_subdivision="Martinique")
    there = first_meeting("4 FRI 18:00-21:00", date(2026, 5, 1), martinique)
    here = first_meeting("4 FRI 18:00-21:00", date(2026, 5, 1), PARIS)
    assert there.start.date() == date(2026, 5, 29)
    assert [c.label for c in there.reasons] == ["Abolition de l'esclavage"]
    assert here.start.date() == date(2026, 5, 22)


@pytest.mark.parametrize("count", [0, -1, 121])
def test_a_count_out_of_range_is_refused(count: int) -> None:
    with pytest.raises(ValueError, match="number of meetings must be 1 to 120"):
        propose_schedule(opening=date(2026, 3, 1), rule=THIRD_THURSDAY, calendar=PARIS, count=count)
