from dataclasses import replace
from datetime import date

import pytest

from maillage.engines.scheduling import Conflict, TerritoryCalendar, check_day

PARIS = TerritoryCalendar()
MOSELLE = TerritoryCalendar(holiday_subdivision="57")
ZONE_A_SCHOOL = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 5, 1), "Fête du Travail"),
        (date(2026, 5, 8), "Fête de la Victoire"),
        (date(2026, 5, 14), "Ascension"),
        (date(2026, 7, 14), "Fête nationale"),
        (date(2026, 8, 15), "Assomption"),
        (date(2026, 11, 11), "Armistice"),
    ],
)
def test_national_public_holidays_conflict(day: date, label: str) -> None:
    assert check_day(day, PARIS).conflicts == (Conflict("public_holiday", label),)


def test_an_ordinary_day_is_acceptable() -> None:
    assert check_day(date(2026, 5, 21), PARIS).acceptable


def test_saint_stephen_is_a_holiday_in_moselle() -> None:
    assert check_day(date(2026, 12, 26), MOSELLE).conflicts == (
        Conflict("public_holiday", "Saint-Étienne"),
    )


def test_good_friday_is_a_holiday_in_alsace() -> None:
    alsace = TerritoryCalendar(holiday_subdivision="Alsace")
    assert check_day(date(2026, 4, 3), alsace).conflicts == (
        Conflict("public_holiday", "Vendredi saint"),
    )


def test_saint_stephen_and_good_friday_are_ordinary_days_elsewhere() -> None:
    assert check_day(date(2026, 12, 26), PARIS).acceptable
    assert check_day(date(2026, 4, 3), PARIS).acceptable


def test_subdivision_alias_is_stored_as_its_code() -> None:
    assert TerritoryCalendar(holiday_subdivision="Moselle").holiday_subdivision == "57"


def test_martinique_has_its_abolition_day() -> None:
    martinique = TerritoryCalendar("America/Martinique", holiday_subdivision="972")
    assert check_day(date(2026, 5, 22), martinique).conflicts == (
        Conflict("public_holiday", "Abolition de l'esclavage"),
    )


def test_reunion_abolition_day_is_20_december() -> None:
    reunion = TerritoryCalendar("Indian/Reunion", holiday_subdivision="974")
    assert check_day(date(2026, 12, 20), reunion).conflicts == (
        Conflict("public_holiday", "Abolition de l'esclavage"),
    )


def test_two_holidays_on_one_day_are_both_reported() -> None:
    labels = [c.label for c in check_day(date(2008, 5, 1), PARIS).conflicts]
    assert labels == ["Ascension", "Fête du Travail"]


def test_school_holidays_conflict_with_zone_and_period_name() -> None:
    assert check_day(date(2027, 2, 18), ZONE_A_SCHOOL).conflicts == (
        Conflict("school_holiday", "vacances d'hiver zone A"),
    )


def test_a_school_holiday_gives_its_name_and_zone_for_the_application_to_translate() -> None:
    (conflict,) = check_day(date(2027, 2, 18), ZONE_A_SCHOOL).conflicts
    assert conflict.params == {"name": "Vacances d'hiver", "zone": "A"}


@pytest.mark.parametrize(
    ("day", "calendar", "french", "english"),
    [
        (date(2026, 5, 14), PARIS, "Ascension", "Ascension Day"),
        (date(2026, 5, 8), PARIS, "Fête de la Victoire", "Victory Day"),
        (date(2026, 12, 26), MOSELLE, "Saint-Étienne", "Saint Stephen's Day"),
    ],
)
def test_a_public_holiday_is_named_in_the_calendars_language(
    day: date, calendar: TerritoryCalendar, french: str, english: str
) -> None:
    in_english = replace(calendar, language="en_US")
    assert check_day(day, calendar).conflicts == (Conflict("public_holiday", french),)
    assert check_day(day, in_english).conflicts == (Conflict("public_holiday", english),)


def test_public_holidays_are_named_in_a_language_the_holidays_package_knows() -> None:
    with pytest.raises(ValueError, match="not named in 'de'"):
        TerritoryCalendar(language="de")


def test_school_holidays_are_ignored_unless_asked() -> None:
    asked_not = TerritoryCalendar(school_zone="A")
    assert check_day(date(2027, 2, 18), asked_not).acceptable


def test_school_holidays_differ_between_zones() -> None:
    zone_b = TerritoryCalendar(school_zone="B", avoid_school_holidays=True)
    assert check_day(date(2027, 2, 18), zone_b).acceptable


def test_august_conflicts_when_asked() -> None:
    calendar = TerritoryCalendar(avoid_august=True)
    assert check_day(date(2026, 8, 20), calendar).conflicts == (Conflict("august", "août"),)


def test_day_past_the_school_holiday_data_is_warned_about() -> None:
    result = check_day(date(2028, 10, 19), ZONE_A_SCHOOL)
    assert result.acceptable
    assert [(w.source, w.day) for w in result.warnings] == [("school_holidays", date(2028, 10, 19))]
    assert "2028-08-31" in result.warnings[0].message


def test_last_day_of_school_holiday_data_is_covered() -> None:
    assert check_day(date(2028, 8, 31), ZONE_A_SCHOOL).warnings == ()


def test_day_past_the_public_holiday_data_is_warned_about() -> None:
    result = check_day(date(2101, 5, 1), PARIS)
    assert [w.source for w in result.warnings] == ["public_holidays"]
    assert result.conflicts == ()


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown time zone 'Europe/Roanne'"):
        TerritoryCalendar("Europe/Roanne")


def test_unknown_subdivision_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown France holiday subdivision '42'"):
        TerritoryCalendar(holiday_subdivision="42")


def test_unknown_school_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown school zone 'D'"):
        TerritoryCalendar(school_zone="D")


def test_overseas_territory_with_a_metropolitan_school_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="own school calendar"):
        TerritoryCalendar("Indian/Reunion", holiday_subdivision="974", school_zone="C")


def test_avoiding_school_holidays_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a school zone"):
        TerritoryCalendar(avoid_school_holidays=True)
