"""A territory's calendar settings are checked against what the scheduling engine knows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from maillage.territories.models import Territory
from maillage.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def errors_of(territory: Territory) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        territory.clean()
    return caught.value.message_dict


def test_a_metropolitan_territory_with_its_zone_is_valid() -> None:
    TerritoryFactory.build(holiday_subdivision="57", school_zone="B").clean()


def test_an_overseas_territory_with_its_own_time_zone_is_valid() -> None:
    TerritoryFactory.build(time_zone="America/Martinique", holiday_subdivision="972").clean()


def test_an_unknown_time_zone_is_refused_on_its_field() -> None:
    assert list(errors_of(TerritoryFactory.build(time_zone="Europe/Roanne"))) == ["time_zone"]


def test_an_unknown_subdivision_is_refused_on_its_field() -> None:
    territory = TerritoryFactory.build(holiday_subdivision="99")
    assert list(errors_of(territory)) == ["holiday_subdivision"]


def test_a_metropolitan_school_zone_overseas_is_refused_on_the_zone() -> None:
    territory = TerritoryFactory.build(holiday_subdivision="974", school_zone="A")
    assert list(errors_of(territory)) == ["school_zone"]


def test_an_unknown_time_zone_is_said_in_french_by_default() -> None:
    with translation.override("fr"):
        errors = errors_of(TerritoryFactory.build(time_zone="Europe/Roanne"))
    assert errors["time_zone"] == [
        "Le fuseau horaire du territoire, «\u00a0Europe/Roanne\u00a0», est inconnu\u00a0: "
        "donnez un nom IANA comme Europe/Paris ou America/Martinique."
    ]


def test_an_unknown_time_zone_is_said_in_english_to_an_english_user() -> None:
    with translation.override("en"):
        errors = errors_of(TerritoryFactory.build(time_zone="Europe/Roanne"))
    assert errors["time_zone"] == [
        "The territory's time zone, “Europe/Roanne”, is unknown: "
        "give an IANA name such as Europe/Paris or America/Martinique."
    ]


def test_a_metropolitan_school_zone_overseas_is_said_in_english_to_an_english_user() -> None:
    with translation.override("en"):
        errors = errors_of(TerritoryFactory.build(holiday_subdivision="974", school_zone="A"))
    assert errors["school_zone"] == [
        "The overseas subdivision “974” has its own school calendar, not that of zone A: "
        "leave the school zone empty."
    ]
