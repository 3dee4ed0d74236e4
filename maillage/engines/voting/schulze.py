"""Ranked-choice ballots decided by the Schulze method (winning votes).

Definitions, after M. Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011):

- A ballot ranks some candidates from most to least preferred. Candidates left out of a ballot
  are tied with each other, below every candidate the ballot ranks.
- ``d[a][b]`` is the number of ballots that strictly prefer ``a`` to ``b``.
- There is a *link* from ``a`` to ``b`` when ``a`` wins the duel: ``d[a][b] > d[b][a]``. Its
  strength is measured in *winning votes*: primarily by its support ``d[a][b]`` (more is
  stronger), secondarily by its opposition ``d[b][a]`` (less is stronger). A draw or a defeat is
  no link at all, weaker than any link. With complete ballots the opposition is the number of
  ballots minus the support, so only the support ever matters; the opposition only separates
  links of equal support when some ballots leave candidates out.
- A *path* from ``a`` to ``b`` is a chain of links; it is as strong as its weakest link.
  ``p[a][b]`` is the strength of the strongest path from ``a`` to ``b`` (0 when there is none).
- ``a`` *beats* ``b`` when ``p[a][b]`` is stronger than ``p[b][a]``. Schulze proves this relation
  transitive, so among any set of candidates at least one is beaten by none.
- The ranking is built in tiers: the first tier is the candidates that no candidate beats;
  remove them and take again the remaining candidates that no remaining candidate beats; and so
  on. Inside a tier candidates keep the order in which they were given. Two candidates share a
  tier only when neither beats the other, that is when their strongest paths are equally strong
  both ways: the tie is then real, and the facilitators decide (see ``Tie``).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from maillage.engines.voting._validation import check_candidates, check_choices

# Strength of a link or path, compared as a tuple: (support, -opposition). "No path" is (0, 0),
# weaker than any link, since a link's support is at least 1.
type _Strength = tuple[int, int]
_NO_PATH: _Strength = (0, 0)


class TieReason(StrEnum):
    """Why two candidates of the same tier could not be separated."""

    NO_PATH = "no_path"
    """Neither candidate has a path to the other: for instance as many ballots prefer each one to
    the other, and no third candidate links them."""

    EQUAL_PATHS = "equal_paths"
    """Each has a path to the other, and the two strongest paths have equally strong weakest
    links (same support, same opposition)."""


@dataclass(frozen=True)
class TiedPair[C: Hashable]:
    """Two candidates of one tier, with the figures that left them tied.

    ``prefer_first`` and ``prefer_second`` are the direct duel (``d[first][second]`` and
    ``d[second][first]``); ``path_support`` and ``path_opposition`` describe the weakest link of
    the strongest path, the same both ways (0 and 0 when there is no path).
    """

    first: C
    second: C
    reason: TieReason
    prefer_first: int
    prefer_second: int
    path_support: int
    path_opposition: int


@dataclass(frozen=True)
class Tie[C: Hashable]:
    """A tier holding several candidates: ``place`` is its 1-based place in the ranking."""

    place: int
    candidates: tuple[C, ...]
    pairs: tuple[TiedPair[C], ...]


@dataclass(frozen=True)
class SchulzeResult[C: Hashable]:
    """Everything the results page shows for a ranked ballot.

    ``d[a][b]``: ballots preferring ``a`` to ``b``. ``p[a][b]``: support of the weakest link on
    the strongest path from ``a`` to ``b`` (0: no path), and ``p_opposition[a][b]`` that link's
    opposition. The diagonal is 0. ``tiers`` is the ranking, ``ties`` explains every tier holding
    more than one candidate.
    """

    candidates: tuple[C, ...]
    ballot_count: int
    d: dict[C, dict[C, int]]
    p: dict[C, dict[C, int]]
    p_opposition: dict[C, dict[C, int]]
    tiers: list[list[C]]
    ties: tuple[Tie[C], ...]

    def beats(self, a: C, b: C) -> bool:
        """Whether ``a``'s strongest path to ``b`` is stronger than ``b``'s to ``a``."""
        return _strength(self, a, b) > _strength(self, b, a)

    @property
    def winners(self) -> list[C]:
        """The first tier (several candidates when the first place is tied)."""
        return list(self.tiers[0]) if self.tiers else []


def _strength[C: Hashable](result: SchulzeResult[C], a: C, b: C) -> _Strength:
    return (result.p[a][b], -result.p_opposition[a][b])


def schulze[C: Hashable](ballots: Sequence[Sequence[C]], candidates: Sequence[C]) -> list[list[C]]:
    """Rank ``candidates`` from ranked ``ballots`` by the Schulze method; return the tiers.

    Each ballot lists candidate ids from most to least preferred; the ones it leaves out are tied
    below. Raises ``ValueError`` for a candidate listed twice, or a ballot naming an unknown
    candidate or the same candidate twice. See the module docstring for the definitions.
    """
    return schulze_result(ballots, candidates).tiers


def schulze_result[C: Hashable](
    ballots: Sequence[Sequence[C]], candidates: Sequence[C]
) -> SchulzeResult[C]:
    """Like ``schulze``, with the matrices and the explanation of ties for the results page."""
    cands = check_candidates(candidates)
    known = frozenset(cands)
    for number, ballot in enumerate(ballots, start=1):
        check_choices(ballot, known, ballot=number, what="ranks")

    n = len(cands)
    index = {c: i for i, c in enumerate(cands)}
    d = [[0] * n for _ in range(n)]
    for ballot in ballots:
        # Rank of each candidate on this ballot; the unranked share the rank after the last.
        rank = [len(ballot)] * n
        for position, choice in enumerate(ballot):
            rank[index[choice]] = position
        for i in range(n):
            for j in range(n):
                if rank[i] < rank[j]:
                    d[i][j] += 1

    p: list[list[_Strength]] = [
        [(d[i][j], -d[j][i]) if d[i][j] > d[j][i] else _NO_PATH for j in range(n)] for i in range(n)
    ]
    # Strongest paths: Floyd-Warshall with (max, min) in place of (min, +).
    for i in range(n):
        for j in range(n):
            if j == i:
                continue
            for k in range(n):
                if k in (i, j):
                    continue
                through = min(p[j][i], p[i][k])
                if through > p[j][k]:
                    p[j][k] = through

    def beats(i: int, j: int) -> bool:
        return p[i][j] > p[j][i]

    tier_indices: list[list[int]] = []
    remaining = list(range(n))
    while remaining:
        tier = [j for j in remaining if not any(beats(i, j) for i in remaining if i != j)]
        # Schulze's relation is transitive, so some remaining candidate is always unbeaten.
        assert tier, "the Schulze relation must leave an unbeaten candidate"
        tier_indices.append(tier)
        remaining = [j for j in remaining if j not in tier]

    ties: list[Tie[C]] = []
    for place, tier in enumerate(tier_indices, start=1):
        if len(tier) < 2:
            continue
        pairs = tuple(
            TiedPair(
                first=cands[i],
                second=cands[j],
                reason=TieReason.NO_PATH if p[i][j] == _NO_PATH else TieReason.EQUAL_PATHS,
                prefer_first=d[i][j],
                prefer_second=d[j][i],
                path_support=p[i][j][0],
                path_opposition=-p[i][j][1],
            )
            for a, i in enumerate(tier)
            for j in tier[a + 1 :]
        )
        ties.append(Tie(place=place, candidates=tuple(cands[i] for i in tier), pairs=pairs))

    return SchulzeResult(
        candidates=cands,
        ballot_count=len(ballots),
        d={a: {b: d[i][j] for j, b in enumerate(cands)} for i, a in enumerate(cands)},
        p={a: {b: p[i][j][0] for j, b in enumerate(cands)} for i, a in enumerate(cands)},
        p_opposition={
            a: {b: -p[i][j][1] for j, b in enumerate(cands)} for i, a in enumerate(cands)
        },
        tiers=[[cands[i] for i in tier] for tier in tier_indices],
        ties=tuple(ties),
    )
