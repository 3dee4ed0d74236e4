"""Approval and dot voting: count, then rank by the count.

- Approval: each ballot lists the candidates it approves (in any order, each at most once);
  a candidate's score is the number of ballots approving it.
- Dot voting: each member spreads dots over the candidates (8 by default in the app, checked
  here when ``dots_per_member`` is given); a candidate's score is the sum of its dots.

The ranking is a list of tiers: candidates with equal scores share a tier, higher scores first,
and inside a tier candidates keep the order in which they were given. A candidate nobody chose
scores 0 and is ranked, tied with the other zeros, last.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from maillage.engines.voting._validation import check_candidates, check_choices


@dataclass(frozen=True)
class TallyTie[C: Hashable]:
    """A tier of several candidates with the same score; ``place`` is 1-based."""

    place: int
    candidates: tuple[C, ...]
    score: int


@dataclass(frozen=True)
class TallyResult[C: Hashable]:
    """Scores, ranking and ties of an approval or dot vote."""

    candidates: tuple[C, ...]
    ballot_count: int
    scores: dict[C, int]
    tiers: list[list[C]]
    ties: tuple[TallyTie[C], ...]

    @property
    def winners(self) -> list[C]:
        """The first tier (several candidates when the first place is tied)."""
        return list(self.tiers[0]) if self.tiers else []


def approval[C: Hashable](ballots: Sequence[Sequence[C]], candidates: Sequence[C]) -> list[list[C]]:
    """Rank ``candidates`` by the number of ballots approving each; return the tiers.

    Raises ``ValueError`` for a candidate listed twice, or a ballot approving an unknown candidate
    or the same candidate twice.
    """
    return approval_result(ballots, candidates).tiers


def approval_result[C: Hashable](
    ballots: Sequence[Sequence[C]], candidates: Sequence[C]
) -> TallyResult[C]:
    """Like ``approval``, with the scores and ties for the results page."""
    cands = check_candidates(candidates)
    known = frozenset(cands)
    scores = dict.fromkeys(cands, 0)
    for number, ballot in enumerate(ballots, start=1):
        check_choices(ballot, known, ballot=number, what="approves")
        for choice in ballot:
            scores[choice] += 1
    return _ranked(cands, len(ballots), scores)


def dot_vote[C: Hashable](
    allocations: Sequence[Mapping[C, int]],
    candidates: Sequence[C],
    *,
    dots_per_member: int | None = None,
) -> list[list[C]]:
    """Rank ``candidates`` by the dots they received; return the tiers.

    Each allocation maps candidate ids to a whole, non-negative number of dots; when
    ``dots_per_member`` is given, an allocation may not spend more. Raises ``ValueError`` for a
    candidate listed twice, an unknown candidate, a negative or non-integer number of dots, or an
    allocation over budget.
    """
    return dot_vote_result(allocations, candidates, dots_per_member=dots_per_member).tiers


def dot_vote_result[C: Hashable](
    allocations: Sequence[Mapping[C, int]],
    candidates: Sequence[C],
    *,
    dots_per_member: int | None = None,
) -> TallyResult[C]:
    """Like ``dot_vote``, with the scores and ties for the results page."""
    cands = check_candidates(candidates)
    if dots_per_member is not None and dots_per_member < 1:
        raise ValueError(f"dots_per_member must be at least 1, not {dots_per_member}")
    known = frozenset(cands)
    scores = dict.fromkeys(cands, 0)
    for number, allocation in enumerate(allocations, start=1):
        check_choices(allocation.keys(), known, ballot=number, what="gives dots to")
        for choice, dots in allocation.items():
            # bool is an int subclass; True dots are a caller's mistake, not one dot.
            if isinstance(dots, bool) or not isinstance(dots, int):
                raise ValueError(
                    f"ballot {number} gives {dots!r} dots to {choice!r}: dots are whole numbers"
                )
            if dots < 0:
                raise ValueError(f"ballot {number} gives a negative number of dots to {choice!r}")
        spent = sum(allocation.values())
        if dots_per_member is not None and spent > dots_per_member:
            raise ValueError(
                f"ballot {number} spends {spent} dots, more than the {dots_per_member} allowed"
            )
        for choice, dots in allocation.items():
            scores[choice] += dots
    return _ranked(cands, len(allocations), scores)


def _ranked[C: Hashable](
    cands: tuple[C, ...], ballot_count: int, scores: dict[C, int]
) -> TallyResult[C]:
    tiers: list[list[C]] = []
    tier_scores: list[int] = []
    for score in sorted(set(scores.values()), reverse=True):
        tiers.append([c for c in cands if scores[c] == score])
        tier_scores.append(score)
    ties = tuple(
        TallyTie(place=place, candidates=tuple(tier), score=score)
        for place, (tier, score) in enumerate(zip(tiers, tier_scores, strict=True), start=1)
        if len(tier) > 1
    )
    return TallyResult(
        candidates=cands, ballot_count=ballot_count, scores=scores, tiers=tiers, ties=ties
    )
