"""Published examples with known Schulze results.

Examples 1 to 4 are the worked examples Markus Schulze publishes with the method (Electowiki,
"Schulze method"; example 1 is also the 45-voter example of Wikipedia). Their pairwise matrices
and results were checked by hand; example 1 also checks the published strongest-path table.
"""

from maillage.engines.voting import TieReason, schulze, schulze_result


def expand(profile: list[tuple[int, str]]) -> list[list[str]]:
    """``[(5, "ACB")]`` is five ballots ranking A, then C, then B."""
    return [list(order) for count, order in profile for _ in range(count)]


EXAMPLE_1 = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]
EXAMPLE_2 = [
    (5, "ACBD"),
    (2, "ACDB"),
    (3, "ADCB"),
    (4, "BACD"),
    (3, "CBDA"),
    (3, "CDBA"),
    (1, "DACB"),
    (5, "DBAC"),
    (4, "DCBA"),
]
EXAMPLE_3 = [
    (3, "ABDEC"),
    (5, "ADEBC"),
    (1, "ADECB"),
    (2, "BADEC"),
    (2, "BDECA"),
    (4, "CABDE"),
    (6, "CBADE"),
    (2, "DBECA"),
    (5, "DECAB"),
]
EXAMPLE_4 = [(3, "ABCD"), (2, "DABC"), (2, "DBCA"), (2, "CBDA")]


def test_example_1_ranks_e_a_c_b_d() -> None:
    assert schulze(expand(EXAMPLE_1), list("ABCDE")) == [["E"], ["A"], ["C"], ["B"], ["D"]]


def test_example_1_pairwise_matrix_is_the_published_one() -> None:
    result = schulze_result(expand(EXAMPLE_1), list("ABCDE"))

    assert [[result.d[a][b] for b in "ABCDE"] for a in "ABCDE"] == [
        [0, 20, 26, 30, 22],
        [25, 0, 16, 33, 18],
        [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14],
        [23, 27, 21, 31, 0],
    ]


def test_example_1_strongest_paths_are_the_published_ones() -> None:
    result = schulze_result(expand(EXAMPLE_1), list("ABCDE"))

    assert [[result.p[a][b] for b in "ABCDE"] for a in "ABCDE"] == [
        [0, 28, 28, 30, 24],
        [25, 0, 28, 33, 24],
        [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24],
        [25, 28, 28, 31, 0],
    ]


def test_example_2_ranks_d_a_c_b() -> None:
    # Links: A>C 20, B>A 19, C>B 21, C>D 17, D>A 16, D>B 18. D reaches A through B at 18
    # while A reaches D only through C at 17, and so on for each pair.
    assert schulze(expand(EXAMPLE_2), list("ABCD")) == [["D"], ["A"], ["C"], ["B"]]


def test_example_3_ranks_b_a_d_e_c() -> None:
    assert schulze(expand(EXAMPLE_3), list("ABCDE")) == [["B"], ["A"], ["D"], ["E"], ["C"]]


def test_example_4_ties_b_with_d_then_a_with_c() -> None:
    # Links: A>B 5, A>C 5, B>C 7, B>D 5, C>D 5, D>A 6. B and D reach each other at 5 both
    # ways; D beats A (6 against 5) and B beats C (7 against 5); A and C reach each other at 5.
    assert schulze(expand(EXAMPLE_4), list("ABCD")) == [["B", "D"], ["A", "C"]]


def test_example_4_explains_the_first_place_tie_by_equal_paths() -> None:
    result = schulze_result(expand(EXAMPLE_4), list("ABCD"))

    first = result.ties[0]
    assert first.place == 1
    assert first.candidates == ("B", "D")
    (pair,) = first.pairs
    assert pair.reason is TieReason.EQUAL_PATHS
    assert (pair.prefer_first, pair.prefer_second) == (5, 4)
    assert (pair.path_support, pair.path_opposition) == (5, 4)


def test_woodall_example_elects_b_with_winning_votes() -> None:
    # D. R. Woodall, "Monotonicity of single-seat preferential election rules", Discrete
    # Applied Mathematics 77 (1997): 11 A>B, 7 B, 12 C. Links A>B 11, B>C 18, C>A 12.
    ballots = [["A", "B"]] * 11 + [["B"]] * 7 + [["C"]] * 12

    assert schulze(ballots, ["A", "B", "C"]) == [["B"], ["C"], ["A"]]


def test_adding_ballots_that_rank_the_winner_first_can_make_it_lose() -> None:
    # Woodall's example again: two more ballots B>A make A the Condorcet winner (A>B 11 to 9,
    # A>C 13 to 12). Winning votes cannot satisfy "mono-add-top" together with Condorcet and
    # Woodall's plurality criterion; the property tests check the form that does hold.
    ballots = [["A", "B"]] * 11 + [["B"]] * 7 + [["C"]] * 12 + [["B", "A"]] * 2

    assert schulze(ballots, ["A", "B", "C"])[0] == ["A"]
