"""Properties of the Schulze ranking, checked on random ballots (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.engines.voting import schulze, schulze_result

CANDIDATES = ["A", "B", "C", "D", "E"]

# A ballot ranks any number of the candidates, in any order: the rest are left out.
ballot = st.permutations(CANDIDATES).flatmap(
    lambda order: st.integers(0, len(order)).map(lambda k: list(order[:k]))
)
ballots = st.lists(ballot, max_size=15)

fast = settings(max_examples=150, deadline=None)


@fast
@given(ballots, st.sampled_from(CANDIDATES))
def test_a_condorcet_winner_always_wins(others: list[list[str]], favourite: str) -> None:
    # More ballots ranking the favourite alone on top than all the others: it wins every duel.
    profile = others + [[favourite]] * (len(others) + 1)

    assert schulze(profile, CANDIDATES)[0] == [favourite]


@fast
@given(ballots)
def test_any_condorcet_winner_found_in_random_ballots_wins(profile: list[list[str]]) -> None:
    result = schulze_result(profile, CANDIDATES)
    condorcet = [
        a for a in CANDIDATES if all(result.d[a][b] > result.d[b][a] for b in CANDIDATES if b != a)
    ]

    for winner in condorcet:
        assert result.tiers[0] == [winner]


@fast
@given(st.data(), ballots)
def test_the_result_does_not_depend_on_the_order_of_ballots(
    data: st.DataObject, profile: list[list[str]]
) -> None:
    shuffled = data.draw(st.permutations(profile))

    assert schulze(shuffled, CANDIDATES) == schulze(profile, CANDIDATES)


@fast
@given(ballots)
def test_adding_a_ballot_ranking_a_winner_alone_first_never_makes_it_lose(
    profile: list[list[str]],
) -> None:
    # Such a ballot strengthens every link out of the winner and weakens every link into it,
    # leaving the other links alone: no path to the winner gains, no path from it loses.
    # (A ballot ranking the winner first and others below it can make it lose: see Woodall's
    # example in test_schulze_examples.py.)
    for winner in schulze(profile, CANDIDATES)[0]:
        assert winner in schulze([*profile, [winner]], CANDIDATES)[0]


@fast
@given(ballots)
def test_every_candidate_is_ranked_exactly_once(profile: list[list[str]]) -> None:
    tiers = schulze(profile, CANDIDATES)

    assert sorted(c for tier in tiers for c in tier) == sorted(CANDIDATES)


@fast
@given(ballots)
def test_no_candidate_beats_another_of_its_tier_or_of_a_tier_above(
    profile: list[list[str]],
) -> None:
    result = schulze_result(profile, CANDIDATES)

    for place, tier in enumerate(result.tiers):
        above = [c for t in result.tiers[: place + 1] for c in t]
        for lower in tier:
            assert not any(result.beats(lower, upper) for upper in above)
