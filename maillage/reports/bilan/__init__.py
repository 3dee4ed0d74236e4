"""The bilan: what the programme did and what it changed, for a group, an edition, a territory
or the whole network. `scope.py` says what a bilan is about, `figures.py` computes it with a
fixed number of aggregate queries, `stats.py` holds the confidence interval."""

from maillage.reports.bilan.figures import Bilan, bilan
from maillage.reports.bilan.scope import (
    Level,
    Scope,
    edition_scope,
    group_scope,
    network_scope,
    territory_scope,
)

__all__ = [
    "Bilan",
    "Level",
    "Scope",
    "bilan",
    "edition_scope",
    "group_scope",
    "network_scope",
    "territory_scope",
]
