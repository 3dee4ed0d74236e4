"""Lay out the graph of a set of people for an SVG drawing, anonymous but for the viewer.

The drawing shows the people of the set and the ties between them (the graph of
``graph.member_graph``, restricted to the set). Positions come from a force-directed layout
(Fruchterman-Reingold, networkx's ``spring_layout``) with a fixed seed, then are scaled into
the unit square ``[0, 1] × [0, 1]`` keeping proportions: the same people, ties, date and seed
always give the same drawing, whatever the order of the inputs. Sets of 500 people or more are
placed on a circle instead (the force layout needs SciPy at that size, and such a drawing is
not readable anyway: show the figures and the table).

Privacy: the drawing names no one by default. Each node has a ``key`` (its rank in the drawing,
ordered by position) that carries no identity. Only when ``viewer`` is in the set does the
drawing give a ``person_id``, to the viewer and to the people the viewer is tied to, so that
the caller can print their names; everyone else stays anonymous. A tie between two people the
viewer is tied to is left out of the drawing: it is not the viewer's tie, and with both ends
named it would tell who is tied to whom. Other ties are drawn between anonymous or
half-anonymous ends. In a very small set, anonymous nodes may still be guessed by elimination;
the caller decides from which size a drawing is shown.
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import networkx as nx

from maillage.engines.network.graph import member_graph
from maillage.engines.network.model import ALL_KINDS, Person, Tie, TieKind

FORCE_LAYOUT_LIMIT = 500


@dataclass(frozen=True)
class DrawnNode:
    """A person in the drawing: ``x`` and ``y`` in ``[0, 1]`` (``y`` grows downwards in SVG,
    which is fine: the layout has no up). ``person_id`` is ``None`` for anonymous people."""

    key: int
    x: float
    y: float
    person_id: int | None
    is_viewer: bool


@dataclass(frozen=True)
class DrawnEdge:
    """A tie between the nodes of keys ``source`` < ``target``; ``own`` when the viewer's."""

    source: int
    target: int
    own: bool


@dataclass(frozen=True)
class Drawing:
    """Nodes ordered by key, edges ordered by (source, target)."""

    nodes: tuple[DrawnNode, ...]
    edges: tuple[DrawnEdge, ...]


def network_drawing(
    people: Iterable[Person],
    ties: Iterable[Tie],
    members: Collection[int],
    *,
    at: datetime.date,
    viewer: int | None = None,
    seed: int = 0,
    kinds: Collection[TieKind] = ALL_KINDS,
) -> Drawing:
    """Lay out the set ``members`` as tied at ``at``, named only around ``viewer``.

    Raises ``ValueError`` when ``members`` names an unknown person (and for the input errors
    of ``member_graph``).
    """
    full = member_graph(people, ties, at=at, kinds=kinds)
    inside = sorted(frozenset(members))
    for person in inside:
        if person not in full:
            raise ValueError(f"the set names unknown person {person}")
    # A fresh graph with nodes and edges in sorted order: the layout depends on that order.
    graph = nx.Graph()
    graph.add_nodes_from(inside)
    graph.add_edges_from(
        sorted(
            (min(a, b), max(a, b))
            for a, b in full.subgraph(inside).edges()  # both ends in the set
        )
    )

    positions = _unit_square(_raw_positions(graph, seed))
    order = sorted(inside, key=lambda p: (positions[p], p))
    key_of = {person: key for key, person in enumerate(order)}

    named: set[int] = set()
    if viewer is not None and viewer in graph:
        named = {viewer, *graph.neighbors(viewer)}

    nodes = tuple(
        DrawnNode(
            key=key_of[person],
            x=positions[person][0],
            y=positions[person][1],
            person_id=person if person in named else None,
            is_viewer=person == viewer,
        )
        for person in order
    )
    edges = []
    for a, b in graph.edges():
        own = viewer in (a, b)
        if not own and a in named and b in named:
            continue
        source, target = sorted((key_of[a], key_of[b]))
        edges.append(DrawnEdge(source=source, target=target, own=own))
    edges.sort(key=lambda e: (e.source, e.target))
    return Drawing(nodes=nodes, edges=tuple(edges))


def _raw_positions(graph: nx.Graph, seed: int) -> dict[int, tuple[float, float]]:
    if len(graph) >= FORCE_LAYOUT_LIMIT:
        raw = nx.circular_layout(graph)
    else:
        raw = nx.spring_layout(graph, seed=seed)
    return {int(node): (float(xy[0]), float(xy[1])) for node, xy in raw.items()}


def _unit_square(
    positions: dict[int, tuple[float, float]],
) -> dict[int, tuple[float, float]]:
    """Scale into ``[0, 1]²`` with one factor for both axes, centring the narrower one."""
    if not positions:
        return {}
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    left, top = min(xs), min(ys)
    width, height = max(xs) - left, max(ys) - top
    span = max(width, height)
    if span == 0:
        return {node: (0.5, 0.5) for node in positions}
    dx = (1 - width / span) / 2
    dy = (1 - height / span) / 2
    return {
        node: (
            round((x - left) / span + dx, 4),
            round((y - top) / span + dy, 4),
        )
        for node, (x, y) in positions.items()
    }
