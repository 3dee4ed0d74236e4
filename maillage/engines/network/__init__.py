"""Network engine: the member graph, its figures over time, and an anonymous drawing.

Pure Python on networkx. Give it people, their ties (contacts, referrals, shared groups) and
the closing dates of editions; ask for the figures of a set of people at a date
(``network_figures``), over several dates (``network_timeline``), or for a drawing
(``network_drawing``). The definitions are in the docstrings of ``graph`` and ``drawing``.
"""

from maillage.engines.network.drawing import Drawing, DrawnEdge, DrawnNode, network_drawing
from maillage.engines.network.graph import (
    NetworkFigures,
    member_graph,
    network_figures,
    network_timeline,
    shared_group_ties,
)
from maillage.engines.network.model import (
    ALL_KINDS,
    EXCHANGE_KINDS,
    Edition,
    Person,
    Tie,
    TieKind,
)

__all__ = [
    "ALL_KINDS",
    "EXCHANGE_KINDS",
    "Drawing",
    "DrawnEdge",
    "DrawnNode",
    "Edition",
    "NetworkFigures",
    "Person",
    "Tie",
    "TieKind",
    "member_graph",
    "network_drawing",
    "network_figures",
    "network_timeline",
    "shared_group_ties",
]
