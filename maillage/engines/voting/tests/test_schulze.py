import pytest

from maillage.engines.voting import TieReason, schulze, schulze_result


def test_candidates_left_out_are_ranked_below_the_ranked_ones() -> None:
    assert schulze([["B"]], ["A", "B", "C"]) == [["B"], ["A", "C"]]


def test_candidates_left_out_count_as_tied_with_each_other() -> None:
    result = schulze_result([["B"]], ["A", "B", "C"])

    assert (result.d["A"]["C"], result.d["C"]["A"]) == (0, 0)


def test_no_ballots_tie_every_candidate_in_one_tier() -> None:
    assert schulze([], ["A", "B", "C"]) == [["A", "B", "C"]]


def test_no_candidates_give_an_empty_ranking() -> None:
    assert schulze([], []) == []


def test_a_tier_keeps_the_order_of_the_candidates() -> None:
    assert schulze([["C", "A"], ["A", "C"]], ["C", "B", "A"]) == [["C", "A"], ["B"]]


def test_candidate_ids_may_be_integers() -> None:
    assert schulze([[3, 1], [3, 2]], [1, 2, 3]) == [[3], [1, 2]]


def test_a_ballot_naming_an_unknown_candidate_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 2 ranks unknown candidate 'Z'"):
        schulze([["A"], ["Z", "A"]], ["A", "B"])


def test_a_ballot_ranking_a_candidate_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="ballot 1 ranks candidate 'A' twice"):
        schulze([["A", "B", "A"]], ["A", "B"])


def test_a_candidate_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="candidate 'A' is listed twice"):
        schulze([], ["A", "B", "A"])


def test_the_opposition_separates_links_of_equal_support() -> None:
    # d: A>B 4 to 2, B>C 4 to 3, C>A 4 to 2: a cycle of equal supports. The link B>C has the
    # largest opposition, so it is the weakest: C beats A and B, A beats B.
    ballots = [["B"], ["C"], ["A", "B", "C"], ["A", "B", "C"], ["B", "C", "A"]]
    ballots += [["C", "A", "B"], ["C", "A", "B"]]

    assert schulze(ballots, ["A", "B", "C"]) == [["C"], ["A"], ["B"]]


def test_the_result_reports_the_opposition_of_the_weakest_link() -> None:
    ballots = [["B"], ["C"], ["A", "B", "C"], ["A", "B", "C"], ["B", "C", "A"]]
    ballots += [["C", "A", "B"], ["C", "A", "B"]]

    result = schulze_result(ballots, ["A", "B", "C"])

    assert (result.p["A"]["C"], result.p_opposition["A"]["C"]) == (4, 3)


def test_a_draw_between_two_candidates_is_explained_as_no_path() -> None:
    result = schulze_result([["A", "B"], ["B", "A"]], ["A", "B"])

    (tie,) = result.ties
    (pair,) = tie.pairs
    assert (tie.place, tie.candidates) == (1, ("A", "B"))
    assert pair.reason is TieReason.NO_PATH
    assert (pair.prefer_first, pair.prefer_second, pair.path_support) == (1, 1, 0)


def test_a_ranking_without_ties_has_no_tie_to_explain() -> None:
    assert schulze_result([["A", "B"]], ["A", "B"]).ties == ()


def test_the_result_counts_the_ballots() -> None:
    assert schulze_result([["A"], [], ["B"]], ["A", "B"]).ballot_count == 3


def test_the_result_names_the_winners() -> None:
    assert schulze_result([["B", "A"]], ["A", "B"]).winners == ["B"]


def test_beats_compares_the_strongest_paths() -> None:
    result = schulze_result([["B", "A"]], ["A", "B"])

    assert result.beats("B", "A")
    assert not result.beats("A", "B")
