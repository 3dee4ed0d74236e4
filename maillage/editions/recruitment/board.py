"""What the formation screen shows of a run: its groups with their members and scores, the
rules they break, and a map of where everyone is (server-rendered SVG, with a table as its
text alternative). Reads only."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from maillage.editions.recruitment import formation
from maillage.editions.recruitment.models import Application, FormationRun
from maillage.editions.recruitment.runs import names_of

MAP_WIDTH, MAP_HEIGHT, MAP_PADDING = 640, 420, 28
EARTH_RADIUS_KM = 6371.0
COMPONENTS = ("div", "geo", "size", "cov")


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dlat, dlon = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


@dataclass
class Member:
    id: int
    name: str
    role: str
    company: str
    naf: str
    band: str
    commune: str
    themes: list[str]
    locked: bool
    position: tuple[float, float]
    km: float = 0.0  # to the group's centre
    problem: bool = False


@dataclass
class BoardGroup:
    index: int
    label: str
    score: float | None
    components: dict[str, float]
    leaders: list[Member] = field(default_factory=list)
    facilitators: list[Member] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def members(self) -> list[Member]:
        return self.leaders + self.facilitators

    @property
    def colour(self) -> int:
        return self.index % 8


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    member: Member
    group: BoardGroup

    @property
    def left(self) -> float:  # of a facilitator's 12-unit square
        return round(self.x - 6, 1)

    @property
    def top(self) -> float:
        return round(self.y - 6, 1)


@dataclass
class Board:
    run: FormationRun
    groups: list[BoardGroup]
    problems: list[str]
    objective: float | None
    components: dict[str, float]
    points: list[MapPoint]
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT

    @property
    def publishable(self) -> bool:
        return self.run.is_open and not self.problems

    @property
    def leader_choices(self) -> list[tuple[int, str]]:
        return [(group.index, group.label) for group in self.groups]


def _percent(value: Any) -> float:
    return round(100 * float(value), 1)


def build_board(run: FormationRun) -> Board | None:
    """The run's proposal for the screen, or None while it has none (queued, running, failed)."""
    if not run.groups:
        return None
    ids = list(formation.placement(run.groups))
    applications = {
        a.pk: a
        for a in Application.objects.filter(pk__in=ids).select_related("activity", "commune")
    }
    positions = {
        x["id"]: (float(x["lat"]), float(x["lon"]))
        for x in [*run.instance["leaders"], *run.instance["facilitators"]]
    }
    names = names_of(run)
    found = formation.problems(run.instance, run.groups, names)
    troubled = {person for problem in found for person in problem.people}
    locked = set(run.locked)
    groups = []
    for index, proposed in enumerate(run.groups):
        group = BoardGroup(
            index=index,
            label=formation.group_label(index),
            score=proposed.get("score"),
            components={k: _percent(proposed.get("components", {}).get(k, 0)) for k in COMPONENTS},
            problems=[p.message for p in found if p.group == index],
        )
        for key, target in (("leaders", group.leaders), ("facilitators", group.facilitators)):
            for pk in proposed[key]:
                application = applications.get(pk)
                if application is None:
                    continue
                target.append(
                    Member(
                        id=pk,
                        name=application.full_name,
                        role=application.role,
                        company=application.company_name,
                        naf=application.activity.code if application.activity else "",
                        band=application.headcount_band,
                        commune=application.commune.name,
                        themes=list(application.wished_themes or application.expertise),
                        locked=pk in locked,
                        position=positions.get(pk, (0.0, 0.0)),
                        problem=pk in troubled,
                    )
                )
        if group.members:
            centre = (
                sum(m.position[0] for m in group.members) / len(group.members),
                sum(m.position[1] for m in group.members) / len(group.members),
            )
            for member in group.members:
                member.km = round(km_between(member.position, centre), 1)
        groups.append(group)
    components = run.result.get("components", {})
    return Board(
        run=run,
        groups=groups,
        problems=[p.message for p in found],
        objective=run.result.get("objective"),
        components={k: _percent(components.get(k, 0)) for k in COMPONENTS},
        points=_project(groups),
    )


def _project(groups: list[BoardGroup]) -> list[MapPoint]:
    """An equirectangular projection of everyone's position into the map's box."""
    members = [(m, g) for g in groups for m in g.members]
    if not members:
        return []
    lat0 = math.radians(sum(m.position[0] for m, _ in members) / len(members))
    xs = [m.position[1] * math.cos(lat0) for m, _ in members]
    ys = [-m.position[0] for m, _ in members]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scales = [
        (size - 2 * MAP_PADDING) / span
        for size, span in ((MAP_WIDTH, span_x), (MAP_HEIGHT, span_y))
        if span > 1e-9
    ]
    scale = min(scales) if scales else 0.0
    off_x = (MAP_WIDTH - scale * span_x) / 2
    off_y = (MAP_HEIGHT - scale * span_y) / 2
    return [
        MapPoint(
            x=round(off_x + scale * (x - min(xs)), 1),
            y=round(off_y + scale * (y - min(ys)), 1),
            member=member,
            group=group,
        )
        for (member, group), x, y in zip(members, xs, ys, strict=True)
    ]
