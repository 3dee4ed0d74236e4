"""The member graph, and the figures that describe it for a set of people at a date.

The graph at a date ``at`` is undirected and simple: one node per person, and an edge between
two people when at least one tie of the chosen kinds links them on or before ``at``. Ties add
up over time: two people who once called each other stay tied. Several ties between the same
two people make one edge (the edge keeps the kinds, the first date, and the date of the latest
exchange, that is of the latest contact or referral).

For a set ``S`` of people (a group, an edition, a territory), with ``n = |S|``:

- *ties*: edges with both people in ``S``; *outside ties*: edges with exactly one of them in
  ``S``. The *set's ties* are both together.
- *density*: ties divided by the ``n(n-1)/2`` possible pairs of ``S`` (0 when ``n < 2``).
- *average degree*: ``2 × ties / n``, how many people of ``S`` a member of ``S`` is tied to on
  average (0 when ``S`` is empty). *Average degree overall*: ``(2 × ties + outside ties) / n``,
  counting as well the people outside ``S``.
- *share across sectors*: among the set's ties, the share joining two people of different
  sectors. *Share across editions*: among the set's ties, the share joining two people who took
  part in no edition together. Both are ``None`` when the set has no tie.
- *still active after close*: consider the set's ties joining two people who took part in the
  same edition, closed on or before ``at`` (with several such editions, the latest closing
  counts). Such a tie is *at close* when the two were already tied on the closing day, and
  *still active* when, moreover, they exchanged again (a contact or a referral) after that day
  and on or before ``at``. The share is still active / at close (``None`` when none was tied at
  close). A shared group is not an exchange: it ties people at close, it never keeps them
  active.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from maillage.engines.network.model import (
    ALL_KINDS,
    EXCHANGE_KINDS,
    Edition,
    Person,
    Tie,
    TieKind,
)


@dataclass(frozen=True)
class NetworkFigures:
    """The figures of a set of people at a date; see the module docstring for definitions."""

    at: datetime.date
    people: int
    ties: int
    outside_ties: int
    density: float
    average_degree: float
    average_degree_overall: float
    cross_sector_share: float | None
    cross_edition_share: float | None
    ties_at_close: int
    still_active_after_close: int
    still_active_share: float | None


def shared_group_ties(
    people: Iterable[Person], group_started: Mapping[int, datetime.date]
) -> list[Tie]:
    """One ``GROUP`` tie for each pair of people sharing a group, dated when the group started.

    ``group_started`` gives the start date of every group the people belong to (the opening of
    its edition); a group missing from it is a ``ValueError``. Two people who shared several
    groups get one tie per group.
    """
    members: dict[int, list[int]] = {}
    for person in sorted(people, key=lambda p: p.id):
        for group in person.groups:
            members.setdefault(group, []).append(person.id)
    ties = []
    for group in sorted(members):
        if group not in group_started:
            raise ValueError(f"group {group} has no start date")
        for a, b in combinations(members[group], 2):
            ties.append(Tie(a=a, b=b, kind=TieKind.GROUP, on=group_started[group]))
    return ties


def member_graph(
    people: Iterable[Person],
    ties: Iterable[Tie],
    *,
    at: datetime.date,
    kinds: Collection[TieKind] = ALL_KINDS,
) -> nx.Graph:
    """Build the graph at ``at`` from the ties of the given kinds (all by default).

    Nodes are person ids with the attributes ``sector``, ``editions`` and ``groups``; edges have
    ``kinds`` (a frozenset), ``first`` (date of the first tie) and ``last_exchange`` (date of
    the latest contact or referral, ``None`` if none). Raises ``ValueError`` for a person listed
    twice, a tie of a person with themself, or a tie naming an unknown person.
    """
    graph = nx.Graph()
    for person in sorted(people, key=lambda p: p.id):
        if person.id in graph:
            raise ValueError(f"person {person.id} is listed twice")
        graph.add_node(
            person.id, sector=person.sector, editions=person.editions, groups=person.groups
        )
    wanted = frozenset(kinds)
    for tie in sorted(ties, key=lambda t: (t.on, min(t.a, t.b), max(t.a, t.b), t.kind)):
        if tie.a == tie.b:
            raise ValueError(f"a tie links person {tie.a} with themself")
        for end in (tie.a, tie.b):
            if end not in graph:
                raise ValueError(f"a tie names unknown person {end}")
        if tie.on > at or tie.kind not in wanted:
            continue
        exchange = tie.on if tie.kind in EXCHANGE_KINDS else None
        if graph.has_edge(tie.a, tie.b):
            edge = graph.edges[tie.a, tie.b]
            edge["kinds"] = edge["kinds"] | {tie.kind}
            if exchange is not None:
                edge["last_exchange"] = exchange  # ties come sorted by date
        else:
            graph.add_edge(
                tie.a, tie.b, kinds=frozenset({tie.kind}), first=tie.on, last_exchange=exchange
            )
    return graph


def network_figures(
    people: Iterable[Person],
    ties: Iterable[Tie],
    members: Collection[int],
    *,
    at: datetime.date,
    editions: Sequence[Edition] = (),
    kinds: Collection[TieKind] = ALL_KINDS,
) -> NetworkFigures:
    """Compute the figures of the set ``members`` at ``at`` (definitions: module docstring).

    ``editions`` gives the closing dates; an edition absent from it counts as still running.
    ``kinds`` chooses which ties make the graph: all by default; pass ``EXCHANGE_KINDS`` to
    measure only what people did (a group's density is otherwise 1 by construction).
    """
    graph = member_graph(people, ties, at=at, kinds=kinds)
    return _figures(graph, members, at=at, editions=editions)


def network_timeline(
    people: Iterable[Person],
    ties: Iterable[Tie],
    members: Collection[int],
    *,
    dates: Sequence[datetime.date],
    editions: Sequence[Edition] = (),
    kinds: Collection[TieKind] = ALL_KINDS,
) -> list[NetworkFigures]:
    """``network_figures`` at each of ``dates``, in the order given."""
    people = list(people)
    ties = list(ties)
    return [
        network_figures(people, ties, members, at=at, editions=editions, kinds=kinds)
        for at in dates
    ]


def _figures(
    graph: nx.Graph,
    members: Collection[int],
    *,
    at: datetime.date,
    editions: Sequence[Edition],
) -> NetworkFigures:
    inside = frozenset(members)
    for person in inside:
        if person not in graph:
            raise ValueError(f"the set names unknown person {person}")
    closed = {e.id: e.closed_on for e in editions if e.closed_on is not None and e.closed_on <= at}

    n = len(inside)
    internal = 0
    outside = 0
    cross_sector = 0
    cross_edition = 0
    at_close = 0
    still_active = 0
    for a, b, edge in graph.edges(data=True):
        ends_inside = (a in inside) + (b in inside)
        if ends_inside == 0:
            continue
        if ends_inside == 2:
            internal += 1
        else:
            outside += 1
        node_a, node_b = graph.nodes[a], graph.nodes[b]
        if node_a["sector"] != node_b["sector"]:
            cross_sector += 1
        shared = node_a["editions"] & node_b["editions"]
        if not shared:
            cross_edition += 1
        closings = [closed[e] for e in shared if e in closed]
        if closings:
            closing = max(closings)
            if edge["first"] <= closing:
                at_close += 1
                last = edge["last_exchange"]
                if last is not None and last > closing:
                    still_active += 1

    set_ties = internal + outside
    return NetworkFigures(
        at=at,
        people=n,
        ties=internal,
        outside_ties=outside,
        density=internal / (n * (n - 1) / 2) if n >= 2 else 0.0,
        average_degree=2 * internal / n if n else 0.0,
        average_degree_overall=(2 * internal + outside) / n if n else 0.0,
        cross_sector_share=cross_sector / set_ties if set_ties else None,
        cross_edition_share=cross_edition / set_ties if set_ties else None,
        ties_at_close=at_close,
        still_active_after_close=still_active,
        still_active_share=still_active / at_close if at_close else None,
    )
