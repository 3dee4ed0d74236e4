import pytest

from maillage.engines.voting import approval, approval_result


def test_candidates_are_ranked_by_number_of_approvals() -> None:
    ballots = [["A", "B"], ["B"], ["B", "C"], ["C"]]

    assert approval(ballots, ["A", "B", "C"]) == [["B"], ["C"], ["A"]]


def test_equal_approvals_share_a_tier_in_the_order_of_the_candidates() -> None:
    assert approval([["C"], ["A"]], ["C", "B", "A"]) == [["C", "A"], ["B"]]


def test_a_candidate_nobody_approves_is_ranked_last() -> None:
    assert approval([["A"]], ["B", "A"]) == [["A"], ["B"]]


def test_no_ballots_tie_every_candidate() -> None:
    assert approval([], ["A", "B"]) == [["A", "B"]]


def test_the_result_gives_the_scores_and_the_ballot_count() -> None:
    result = approval_result([["A", "B"], ["B"]], ["A", "B"])

    assert result.scores == {"A": 1, "B": 2}
    assert result.ballot_count == 2


def test_the_result_explains_a_tie_by_the_shared_score() -> None:
    result = approval_result([["A", "B"], ["C"]], ["A", "B", "C"])

    (tie,) = result.ties
    assert (tie.place, tie.candidates, tie.score) == (1, ("A", "B", "C"), 1)


def test_an_unknown_candidate_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 1 approves unknown candidate 'Z'"):
        approval([["Z"]], ["A"])


def test_approving_a_candidate_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 1 approves candidate 'A' twice"):
        approval([["A", "A"]], ["A"])
