"""Voting engine: Schulze (ranked), approval and dot voting; pure Python.

Each method takes the ballots and the candidate ids (any hashable ids; their order is the order
kept inside a tied tier) and returns the ranking as a list of tiers, each a list of candidate
ids tied at that place. The ``*_result`` functions add what the results page shows: the
pairwise-preference and strongest-path matrices for Schulze, the scores for the others, and an
explanation of every tie.
"""

from maillage.engines.voting.schulze import (
    SchulzeResult,
    Tie,
    TiedPair,
    TieReason,
    schulze,
    schulze_result,
)
from maillage.engines.voting.tallies import (
    TallyResult,
    TallyTie,
    approval,
    approval_result,
    dot_vote,
    dot_vote_result,
)

__all__ = [
    "SchulzeResult",
    "TallyResult",
    "TallyTie",
    "Tie",
    "TieReason",
    "TiedPair",
    "approval",
    "approval_result",
    "dot_vote",
    "dot_vote_result",
    "schulze",
    "schulze_result",
]
