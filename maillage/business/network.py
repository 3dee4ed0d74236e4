"""The network engine's adapter: rows in, figures and an anonymous drawing out.

The engine (`maillage/engines/network/`) is given the people of a set (a group, an edition, a
territory) and everyone they exchanged with, their ties (contacts and referrals, either
direction) and the closing dates of the editions. Shared groups are not ties here: a group's
members all share it, so its density would be 1 by construction; they give each person's
editions and groups, from which the engine tells ties across editions and ties still active
after an edition closed.

Privacy: figures are for everyone who may see the set (staff included). The drawing names the
viewer and the people the viewer exchanged with, no one else; staff see anonymous nodes only.
A set smaller than `MIN_PEOPLE` is not drawn (anonymous nodes would be guessed).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.business.models import Contact, Referral
from maillage.editions.models import Edition, Membership, add_months
from maillage.engines import network as engine
from maillage.territories.models import Person

MIN_PEOPLE = 5
SVG_SIZE = 600
SVG_MARGIN = 40
ISOLATES_PER_ROW = 12
ROW_HEIGHT = 0.08
OWN_COLOUR = "#0b6e4f"  # the viewer and their ties


@dataclass(frozen=True)
class Node:
    key: int
    x: float
    y: float
    label: str  # the person's name when named, else "" (the template says "anonymous")
    person_id: int | None
    is_viewer: bool
    ties: int

    @property
    def anchor(self) -> str:
        """Where a label hangs from the node, so that it stays inside the drawing."""
        if self.x > SVG_SIZE * 0.75:
            return "end"
        if self.x < SVG_SIZE * 0.25:
            return "start"
        return "middle"


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    x1: float
    y1: float
    x2: float
    y2: float
    own: bool


@dataclass(frozen=True)
class NetworkView:
    people: int
    figures: engine.NetworkFigures
    timeline: list[engine.NetworkFigures]
    drawn: bool  # False when the set is too small to draw
    nodes: list[Node]
    edges: list[Edge]
    size: int = SVG_SIZE

    @property
    def node_radius(self) -> int:
        """Smaller nodes for larger sets, so that they do not cover each other."""
        count = len(self.nodes)
        return 8 if count <= 40 else 5 if count <= 120 else 4

    @cached_property
    def shapes(self) -> SafeString:
        """The drawing's lines, circles and names as SVG, built once per view: a territory's has
        hundreds of them, too many to go through the template language on every request (the
        view itself is prepared in the background and kept by each process)."""
        radius = self.node_radius
        parts = [
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
                edge.x1,
                edge.y1,
                edge.x2,
                edge.y2,
                OWN_COLOUR if edge.own else "#767676",
                3 if edge.own else 1.5,
            )
            for edge in self.edges
        ]
        for node in self.nodes:
            fill = OWN_COLOUR if node.is_viewer else "#7cc4a9" if node.person_id else "#ffffff"
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#1b1b1b" '
                    'stroke-width="1.5"/>',
                    node.x,
                    node.y,
                    radius + 3 if node.is_viewer else radius,
                    fill,
                )
            )
            if node.label:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" dy="-15" text-anchor="{}" font-size="15" '
                        'fill="#1b1b1b" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" '
                        'paint-order="stroke">{}</text>',
                        node.x,
                        node.y,
                        node.anchor,
                        node.label,
                    )
                )
        return mark_safe("".join(parts))  # every part went through format_html

    @property
    def rows(self) -> list[tuple[str, int]]:
        """The drawing as a table (who, how many ties), in the page's language; built once per
        view and language, like `shapes`."""
        language = get_language() or ""
        built: dict[str, list[tuple[str, int]]] = self.__dict__.setdefault("_rows", {})
        if language not in built:
            built[language] = [
                (
                    _("Vous")
                    if node.is_viewer
                    else node.label or _("Membre anonyme n° %(number)s") % {"number": node.key + 1},
                    node.ties,
                )
                for node in self.nodes
            ]
        return built[language]


def set_members(
    memberships: Collection[tuple[int, datetime.date | None]], today: datetime.date
) -> set[int]:
    """The people of a set: its memberships not left by `today`."""
    return {person for person, left_on in memberships if left_on is None or left_on > today}


def engine_inputs(
    members: Collection[int], today: datetime.date
) -> tuple[list[engine.Person], list[engine.Tie], list[engine.Edition]]:
    """People (the set and whoever they exchanged with), exchange ties up to `today`, and the
    editions they took part in with their closing dates (four queries)."""
    member_ids = list(members)
    ties: list[engine.Tie] = []
    for a, b, day in Contact.objects.filter(
        Q(author_id__in=member_ids) | Q(other_id__in=member_ids), happened_on__lte=today
    ).values_list("author_id", "other_id", "happened_on"):
        ties.append(engine.Tie(a=a, b=b, kind=engine.TieKind.CONTACT, on=day))
    for a, b, day in Referral.objects.filter(
        Q(referrer_id__in=member_ids) | Q(referee_id__in=member_ids), given_on__lte=today
    ).values_list("referrer_id", "referee_id", "given_on"):
        ties.append(engine.Tie(a=a, b=b, kind=engine.TieKind.REFERRAL, on=day))
    everyone = set(member_ids) | {t.a for t in ties} | {t.b for t in ties}

    editions_of: dict[int, set[int]] = {person: set() for person in everyone}
    groups_of: dict[int, set[int]] = {person: set() for person in everyone}
    closings: dict[int, datetime.date] = {}
    for person, group, edition, closing in Membership.objects.filter(
        person_id__in=everyone
    ).values_list("person_id", "group_id", "group__edition_id", "group__edition__closing_date"):
        editions_of[person].add(edition)
        groups_of[person].add(group)
        closings[edition] = closing
    sectors = dict(
        Person.objects.filter(pk__in=everyone).values_list("pk", "company__activity__section")
    )
    people = [
        engine.Person(
            id=person,
            sector=sectors.get(person) or "",
            editions=frozenset(editions_of[person]),
            groups=frozenset(groups_of[person]),
        )
        for person in sorted(everyone)
    ]
    editions = [
        engine.Edition(id=edition, closed_on=closing if closing <= today else None)
        for edition, closing in sorted(closings.items())
    ]
    return people, ties, editions


def timeline_dates(
    start: datetime.date, today: datetime.date, step_months: int
) -> list[datetime.date]:
    """Every `step_months` from `start`, then `today` (the last point)."""
    dates = []
    day = start
    index = 0
    while day < today:
        dates.append(day)
        index += 1
        day = add_months(start, index * step_months)
    dates.append(today)
    return dates


def network_view(
    members: Collection[int],
    *,
    today: datetime.date,
    start: datetime.date,
    viewer_person_id: int | None,
    step_months: int = 3,
) -> NetworkView:
    """Figures now and over time, and the drawing (named around the viewer) of a set."""
    people, ties, editions = engine_inputs(members, today)
    kinds = engine.EXCHANGE_KINDS
    timeline = engine.network_timeline(
        people,
        ties,
        members,
        dates=timeline_dates(start, today, step_months),
        editions=editions,
        kinds=kinds,
    )
    figures = timeline[-1]
    if len(members) < MIN_PEOPLE:
        return NetworkView(len(members), figures, timeline, False, [], [])
    viewer = viewer_person_id if viewer_person_id in members else None
    drawing = engine.network_drawing(people, ties, members, at=today, viewer=viewer, kinds=kinds)
    named = [node.person_id for node in drawing.nodes if node.person_id is not None]
    names = {
        pk: f"{first} {last}"
        for pk, first, last in Person.objects.filter(pk__in=named).values_list(
            "pk", "first_name", "last_name"
        )
    }
    degree: dict[int, int] = {}
    for edge in drawing.edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    span = SVG_SIZE - 2 * SVG_MARGIN
    spots = arrange({node.key: (node.x, node.y) for node in drawing.nodes}, degree)

    def place(value: float) -> float:
        return round(SVG_MARGIN + value * span, 1)

    nodes = [
        Node(
            key=node.key,
            x=place(spots[node.key][0]),
            y=place(spots[node.key][1]),
            label=names.get(node.person_id, "") if node.person_id is not None else "",
            person_id=node.person_id,
            is_viewer=node.is_viewer,
            ties=degree.get(node.key, 0),
        )
        for node in drawing.nodes
    ]
    by_key = {node.key: node for node in nodes}
    edges = [
        Edge(
            source=edge.source,
            target=edge.target,
            x1=by_key[edge.source].x,
            y1=by_key[edge.source].y,
            x2=by_key[edge.target].x,
            y2=by_key[edge.target].y,
            own=edge.own,
        )
        for edge in drawing.edges
    ]
    return NetworkView(len(members), figures, timeline, True, nodes, edges)


def arrange(
    positions: dict[int, tuple[float, float]], degree: dict[int, int]
) -> dict[int, tuple[float, float]]:
    """Readable spots in the unit square: the force layout pushes people without a drawn tie
    to the edges and squeezes everyone else in the middle. Those without a tie go in rows at
    the bottom, in the order of their keys; the others are stretched to fill the space above."""
    alone = sorted(key for key in positions if not degree.get(key))
    tied = [key for key in positions if degree.get(key)]
    per_row = ISOLATES_PER_ROW
    rows = -(-len(alone) // per_row)  # ceiling
    band = 0.0 if not tied else min(0.5, ROW_HEIGHT * rows)
    spots: dict[int, tuple[float, float]] = {}
    top = 1.0 - band if tied else 0.0
    for index, key in enumerate(alone):
        row, column = divmod(index, per_row)
        in_row = min(per_row, len(alone) - row * per_row)
        x = (column + 0.5) / in_row
        y = 1.0 if rows == 1 and tied else top + (row + 0.5) * (1.0 - top) / max(rows, 1)
        spots[key] = (round(x, 4), round(y, 4))
    if tied:
        xs = [positions[key][0] for key in tied]
        ys = [positions[key][1] for key in tied]
        width = (max(xs) - min(xs)) or 1.0
        height = (max(ys) - min(ys)) or 1.0
        room = top - (ROW_HEIGHT if alone else 0.0)
        for key in tied:
            x = (positions[key][0] - min(xs)) / width if max(xs) > min(xs) else 0.5
            y = (positions[key][1] - min(ys)) / height if max(ys) > min(ys) else 0.5
            spots[key] = (round(x, 4), round(y * room, 4))
    return spots


def group_members(group_id: int, today: datetime.date) -> set[int]:
    return set_members(
        list(Membership.objects.filter(group_id=group_id).values_list("person_id", "left_on")),
        today,
    )


def edition_members(edition: Edition, today: datetime.date) -> set[int]:
    return set_members(
        list(Membership.objects.filter(group__edition=edition).values_list("person_id", "left_on")),
        today,
    )


def territory_members(territory_id: int, today: datetime.date) -> set[int]:
    return set_members(
        list(
            Membership.objects.filter(group__edition__territory_id=territory_id).values_list(
                "person_id", "left_on"
            )
        ),
        today,
    )
