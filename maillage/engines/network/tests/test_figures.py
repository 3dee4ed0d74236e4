"""Figures on the small world of ``world.py``, each computed by hand in the comment."""

import pytest

from maillage.engines.network import EXCHANGE_KINDS, network_figures, network_timeline
from maillage.engines.network.tests.world import (
    ALL_TIES,
    EDITIONS,
    END_2023,
    EVERYONE,
    EXCHANGES,
    GROUP_10,
    GROUP_20,
    PEOPLE,
    D,
)


def test_exchanges_of_the_alumni_group_at_the_end_of_2023() -> None:
    # Ties inside {1,2,3}: 1-2, 2-3; outside: 3-4. Density 2/3, average degree 2*2/3,
    # overall (2*2+1)/3. Across sectors: 1-2 (C/F) and 3-4 (F/G) out of 3; across editions:
    # 3-4 out of 3. Edition 1 closed: 1-2 and 2-3 were tied at close, 1-2 exchanged after.
    figures = network_figures(
        PEOPLE, EXCHANGES, GROUP_10, at=END_2023, editions=EDITIONS, kinds=EXCHANGE_KINDS
    )

    assert (figures.people, figures.ties, figures.outside_ties) == (3, 2, 1)
    assert figures.density == pytest.approx(2 / 3)
    assert figures.average_degree == pytest.approx(4 / 3)
    assert figures.average_degree_overall == pytest.approx(5 / 3)
    assert figures.cross_sector_share == pytest.approx(2 / 3)
    assert figures.cross_edition_share == pytest.approx(1 / 3)
    assert (figures.ties_at_close, figures.still_active_after_close) == (2, 1)
    assert figures.still_active_share == pytest.approx(1 / 2)


def test_shared_groups_make_a_group_complete() -> None:
    # With group ties, {1,2,3} has its 3 possible ties: density 1, average degree 2.
    figures = network_figures(PEOPLE, ALL_TIES, GROUP_10, at=END_2023, editions=EDITIONS)

    assert figures.density == 1.0
    assert figures.average_degree == 2.0


def test_shared_groups_count_among_the_ties_at_close() -> None:
    # 1-2, 1-3 and 2-3 shared group 10 before edition 1 closed; only 1-2 exchanged after.
    figures = network_figures(PEOPLE, ALL_TIES, GROUP_10, at=END_2023, editions=EDITIONS)

    assert (figures.ties_at_close, figures.still_active_after_close) == (3, 1)
    assert figures.still_active_share == pytest.approx(1 / 3)


def test_shares_count_ties_inside_and_outside_the_set() -> None:
    # Set's ties: 1-2 (C/F), 1-3 (C/F), 2-3 (F/F), 3-4 (F/G, editions 1/2).
    figures = network_figures(PEOPLE, ALL_TIES, GROUP_10, at=END_2023, editions=EDITIONS)

    assert figures.cross_sector_share == pytest.approx(3 / 4)
    assert figures.cross_edition_share == pytest.approx(1 / 4)


def test_exchanges_of_the_whole_territory_in_mid_2024() -> None:
    # Five ties among six people: density 5/15, average degree 10/6; across sectors all but
    # 2-3 (F/F); across editions only 3-4.
    figures = network_figures(
        PEOPLE, EXCHANGES, EVERYONE, at=D(2024, 6, 30), editions=EDITIONS, kinds=EXCHANGE_KINDS
    )

    assert (figures.ties, figures.outside_ties) == (5, 0)
    assert figures.density == pytest.approx(1 / 3)
    assert figures.average_degree == pytest.approx(5 / 3)
    assert figures.cross_sector_share == pytest.approx(4 / 5)
    assert figures.cross_edition_share == pytest.approx(1 / 5)


def test_an_exchange_on_the_closing_day_does_not_count_as_after_it() -> None:
    # On 2022-06-30, edition 1 has just closed; the 1-2 exchange of 2022-09-01 is to come.
    figures = network_figures(
        PEOPLE, EXCHANGES, GROUP_10, at=D(2022, 6, 30), editions=EDITIONS, kinds=EXCHANGE_KINDS
    )

    assert (figures.ties_at_close, figures.still_active_after_close) == (2, 0)
    assert figures.still_active_share == 0.0


def test_nothing_is_after_close_while_the_edition_runs() -> None:
    figures = network_figures(
        PEOPLE, EXCHANGES, GROUP_10, at=D(2022, 1, 1), editions=EDITIONS, kinds=EXCHANGE_KINDS
    )

    assert figures.ties_at_close == 0
    assert figures.still_active_share is None


def test_an_edition_without_closing_date_counts_as_running() -> None:
    figures = network_figures(PEOPLE, EXCHANGES, GROUP_10, at=END_2023, kinds=EXCHANGE_KINDS)

    assert figures.ties_at_close == 0


def test_a_set_without_ties_has_no_shares() -> None:
    figures = network_figures(PEOPLE, [], GROUP_20, at=END_2023)

    assert (figures.density, figures.average_degree) == (0.0, 0.0)
    assert figures.cross_sector_share is None
    assert figures.cross_edition_share is None


def test_an_empty_set_has_zero_figures() -> None:
    figures = network_figures(PEOPLE, EXCHANGES, set(), at=END_2023)

    assert (figures.people, figures.density, figures.average_degree_overall) == (0, 0.0, 0.0)


def test_a_single_person_has_zero_density() -> None:
    figures = network_figures(PEOPLE, EXCHANGES, {1}, at=END_2023)

    assert (figures.density, figures.outside_ties) == (0.0, 1)


def test_a_set_naming_an_unknown_person_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown person 9"):
        network_figures(PEOPLE, EXCHANGES, {1, 9}, at=END_2023)


def test_the_timeline_follows_the_ties_as_they_come() -> None:
    # Group 20: no exchange by the end of 2022, 4-5 from April 2023, 5-6 from January 2024.
    dates = [D(2022, 12, 31), D(2023, 6, 30), D(2024, 6, 30)]

    timeline = network_timeline(PEOPLE, EXCHANGES, GROUP_20, dates=dates, kinds=EXCHANGE_KINDS)

    assert [(f.at, f.ties) for f in timeline] == [(dates[0], 0), (dates[1], 1), (dates[2], 2)]
