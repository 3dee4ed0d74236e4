from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.engines.scheduling import (
    LAST,
    MeetingRule,
    SchedulingError,
    Weekday,
    format_rule,
    nth_weekday,
    parse_rule,
)

rules = st.builds(
    MeetingRule,
    ordinal=st.sampled_from([1, 2, 3, 4, LAST]),
    weekday=st.sampled_from(list(Weekday)),
    start=st.times(max_value=time(22, 59)).map(lambda t: time(t.hour, t.minute)),
    end=st.just(time(23, 59)),
)


def test_third_thursday_of_march_2026_is_the_19th() -> None:
    assert nth_weekday(2026, 3, 3, Weekday.THU) == date(2026, 3, 19)


def test_first_weekday_can_be_the_first_of_the_month() -> None:
    assert nth_weekday(2026, 5, 1, Weekday.FRI) == date(2026, 5, 1)


def test_last_tuesday_of_march_2026_is_the_31st() -> None:
    assert nth_weekday(2026, 3, LAST, Weekday.TUE) == date(2026, 3, 31)


def test_last_weekday_of_february_in_a_leap_year() -> None:
    assert nth_weekday(2028, 2, LAST, Weekday.TUE) == date(2028, 2, 29)


@settings(deadline=None)
@given(
    year=st.integers(1990, 2100),
    month=st.integers(1, 12),
    ordinal=st.integers(1, 4),
    weekday=st.sampled_from(list(Weekday)),
)
def test_nth_weekday_is_that_weekday_in_the_nth_week_of_the_month(
    year: int, month: int, ordinal: int, weekday: Weekday
) -> None:
    day = nth_weekday(year, month, ordinal, weekday)
    assert (day.year, day.month, day.weekday()) == (year, month, weekday)
    assert 7 * (ordinal - 1) < day.day <= 7 * ordinal


@settings(deadline=None)
@given(year=st.integers(1990, 2100), month=st.integers(1, 12), weekday=st.sampled_from(Weekday))
def test_last_weekday_is_within_the_last_seven_days(year: int, month: int, weekday: int) -> None:
    day = nth_weekday(year, month, LAST, weekday)
    assert day.weekday() == weekday
    assert day.month == month
    assert (day + timedelta(days=7)).month != month


def test_a_fifth_weekday_is_refused() -> None:
    with pytest.raises(ValueError, match="fifth"):
        nth_weekday(2026, 3, 5, Weekday.THU)


def test_compact_rule_is_parsed() -> None:
    assert parse_rule("3 THU 18:00-21:00") == MeetingRule(3, Weekday.THU, time(18), time(21))


def test_last_rule_is_parsed() -> None:
    assert parse_rule("last TUE 12:00-14:00") == MeetingRule(LAST, Weekday.TUE, time(12), time(14))


def test_parsing_accepts_lowercase_french_weekdays_en_dash_and_h_times() -> None:
    assert parse_rule("3e jeu 18h00–21h30") == MeetingRule(3, Weekday.THU, time(18), time(21, 30))


def test_parsing_accepts_spaces_around_the_dash() -> None:
    assert parse_rule("1 mon 9:00 - 12:00") == MeetingRule(1, Weekday.MON, time(9), time(12))


def test_rule_is_formatted_compactly() -> None:
    assert format_rule(MeetingRule(LAST, Weekday.TUE, time(12), time(14))) == (
        "last TUE 12:00-14:00"
    )


@settings(deadline=None)
@given(rules)
def test_formatted_rule_parses_back_to_itself(rule: MeetingRule) -> None:
    assert parse_rule(format_rule(rule)) == rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3 THR 18:00-21:00", "Unknown weekday 'THR'"),
        ("5 THU 18:00-21:00", "1 to 4 or last"),
        ("third THU 18:00-21:00", "Unknown ordinal 'third'"),
        ("3 THU 18:00", "Missing the end time"),
        ("3 THU", "three parts"),
        ("3 THU 18-21", "Unreadable time '18'"),
        ("3 THU 25:00-26:00", "Impossible time '25:00'"),
        ("3 THU 21:00-18:00", "end after it starts"),
    ],
)
def test_unreadable_rules_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rule(text)


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("3 THR 18:00-21:00", "rule_weekday", {"rule": "3 THR 18:00-21:00", "value": "THR"}),
        ("5 THU 18:00-21:00", "rule_ordinal_range", {"rule": "5 THU 18:00-21:00", "value": "5"}),
        ("3 THU 18:00", "rule_no_end", {"rule": "3 THU 18:00"}),
        ("3 THU 21:00-18:00", "end_before_start", {"start": "21:00", "end": "18:00"}),
    ],
)
def test_a_refused_rule_carries_a_code_and_its_values_for_the_application_to_translate(
    text: str, code: str, params: dict[str, str]
) -> None:
    with pytest.raises(SchedulingError) as caught:
        parse_rule(text)
    assert (caught.value.code, caught.value.params) == (code, params)


def test_rule_with_an_aware_time_is_refused() -> None:
    from datetime import UTC

    with pytest.raises(ValueError, match="naive"):
        MeetingRule(3, Weekday.THU, time(18, tzinfo=UTC), time(21, tzinfo=UTC))


def test_rule_accepts_a_plain_weekday_number() -> None:
    assert MeetingRule(3, 3, time(18), time(21)).weekday is Weekday.THU
