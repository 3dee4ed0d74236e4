"""The small-number rule for sums shown beside their total."""

from __future__ import annotations

from maillage.core.disclosure import disjoint_parts_shown, parts_shown


def test_parts_resting_on_enough_people_show() -> None:
    assert parts_shown([{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}], 5) == [True, True]


def test_a_part_resting_on_no_one_is_hidden_and_hides_nothing_else() -> None:
    assert parts_shown([{1, 2, 3, 4, 5}, set(), {6, 7, 8, 9, 10}], 5) == [True, False, True]


def test_one_hidden_part_hides_the_smallest_shown_one_too() -> None:
    """Else the total less the shown parts gives the lone winner's amount."""
    parts = [set(range(10)), {20}, set(range(30, 36))]
    assert parts_shown(parts, 5) == [True, False, False]


def test_secondary_hiding_goes_on_until_the_hidden_people_are_enough() -> None:
    """The smallest shown part shares its people with the hidden one: one more is hidden."""
    parts = [{1, 2, 3, 4, 5}, {1, 2, 3, 4, 6}, set(range(10, 20)), {1}]
    assert parts_shown(parts, 5) == [False, True, True, False]
    parts = [{1, 2, 3, 4}, {1, 2, 3, 4, 5, 6}, set(range(10, 20)), {1}]
    assert parts_shown(parts, 5) == [False, False, True, False]


def test_hidden_parts_resting_on_enough_people_together_need_no_more() -> None:
    parts = [{1, 2}, {3, 4, 5}, set(range(10, 20))]
    assert parts_shown(parts, 5) == [False, False, True]


def test_an_unlisted_part_counts_among_the_hidden() -> None:
    assert parts_shown([set(range(5)), set(range(10, 20))], 5, unlisted=[{42}]) == [False, True]


def test_disjoint_parts_are_given_by_their_sizes() -> None:
    """Three ratings shown in one territory, one in another: the overall mean less the first
    would give that one rating; the first is hidden too."""
    assert disjoint_parts_shown([3, 1], 3) == [False, False]
    assert disjoint_parts_shown([3, 1, 2], 3) == [True, False, False]
    assert disjoint_parts_shown([4, 3], 3) == [True, True]
