"""A territory's calendar settings are checked against what the scheduling engine knows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

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
