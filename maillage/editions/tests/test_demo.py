"""The dates of the demo's editions (the demo itself is tested in maillage/reports)."""

from __future__ import annotations

import datetime
import random

import pytest

from maillage.editions.demo import edition_opening_dates, group_sizes


@pytest.mark.parametrize(
    ("today", "opening"),
    [
        ("2026-11-26", "2026-03-26"),
        ("2027-02-01", "2026-03-26"),
        ("2027-03-25", "2026-03-26"),
        ("2027-03-26", "2027-03-26"),
    ],
)
def test_edition_4_opens_on_the_latest_26_march_on_or_before_today(
    today: str, opening: str
) -> None:
    openings = edition_opening_dates(datetime.date.fromisoformat(today))

    assert openings[-1] == datetime.date.fromisoformat(opening)


def test_editions_1_to_3_opened_six_four_and_two_years_before_edition_4() -> None:
    assert edition_opening_dates(datetime.date(2026, 11, 26)) == [
        datetime.date(2020, 3, 26),
        datetime.date(2022, 3, 26),
        datetime.date(2024, 3, 26),
        datetime.date(2026, 3, 26),
    ]


def test_group_sizes_add_up_and_stay_between_10_and_12() -> None:
    sizes = group_sizes(159, 14, random.Random(1))

    assert sum(sizes) == 159
    assert set(sizes) <= {11, 12}


def test_group_sizes_refuse_what_groups_of_10_to_12_cannot_hold() -> None:
    with pytest.raises(ValueError, match="do not make"):
        group_sizes(200, 14, random.Random(1))
