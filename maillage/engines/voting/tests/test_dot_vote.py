import pytest

from maillage.engines.voting import dot_vote, dot_vote_result


def test_candidates_are_ranked_by_their_dots() -> None:
    allocations = [{"A": 5, "B": 3}, {"B": 4, "C": 4}, {"C": 8}]

    assert dot_vote(allocations, ["A", "B", "C"]) == [["C"], ["B"], ["A"]]


def test_equal_dots_share_a_tier_in_the_order_of_the_candidates() -> None:
    assert dot_vote([{"A": 2, "C": 2}], ["C", "B", "A"]) == [["C", "A"], ["B"]]


def test_zero_dots_rank_like_no_dots() -> None:
    assert dot_vote([{"A": 0, "B": 1}], ["A", "B", "C"]) == [["B"], ["A", "C"]]


def test_the_result_gives_the_scores_and_the_ties() -> None:
    result = dot_vote_result([{"A": 4, "B": 4}, {"C": 1}], ["A", "B", "C"])

    assert result.scores == {"A": 4, "B": 4, "C": 1}
    assert [(t.place, t.candidates, t.score) for t in result.ties] == [(1, ("A", "B"), 4)]


def test_a_negative_number_of_dots_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 2 gives a negative number of dots to 'B'"):
        dot_vote([{"A": 1}, {"B": -1}], ["A", "B"])


def test_a_fractional_number_of_dots_is_refused() -> None:
    with pytest.raises(ValueError, match="dots are whole numbers"):
        dot_vote([{"A": 1.5}], ["A"])  # type: ignore[dict-item]


def test_an_unknown_candidate_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 1 gives dots to unknown candidate 'Z'"):
        dot_vote([{"Z": 1}], ["A"])


def test_spending_more_than_the_dots_per_member_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 1 spends 9 dots, more than the 8 allowed"):
        dot_vote([{"A": 5, "B": 4}], ["A", "B"], dots_per_member=8)


def test_spending_exactly_the_dots_per_member_is_accepted() -> None:
    assert dot_vote([{"A": 5, "B": 3}], ["A", "B"], dots_per_member=8) == [["A"], ["B"]]
