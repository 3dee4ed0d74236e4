"""Which themes to suggest to a group preparing a ballot, from what groups like it rated.

Pure Python (no Django): `selectors.recommendations` feeds it from the database, and
`bench/themes_recommender.py` measures it on the demo's past editions.

- A group is described by the mix of its leaders' sectors (NAF sections) and firm sizes
  (headcount bands). Two groups are similar when their sector mixes point the same way (cosine)
  and their size mixes overlap; similarity is between 0 and 1.
- The *stage* of a meeting is the half-year of the two-year programme it falls in (0 to 3).
- Each past session (one group, one theme, one meeting) has its attendees' mean usefulness.
  A theme's score for the target group at a stage is the weighted mean of its sessions, each
  weighted by the similarity of its group (squared, so that close groups count more) and by
  how near its stage is, shrunk towards the theme's overall mean, itself shrunk towards the mean
  of all sessions: a theme rated once is not trusted as one rated forty times.
- The reason shown is the plainest true figure behind the score: the theme's mean among groups
  at the same stage when at least `MIN_GROUPS_FOR_REASON` of them rated it, else among all
  groups.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

STAGES = 4
MONTHS_PER_STAGE = 6
MIN_GROUPS_FOR_REASON = 3
STAGE_WEIGHTS = (1.0, 0.35, 0.15, 0.1)  # by distance between stages
SECTOR_WEIGHT = 0.6  # the rest goes to firm sizes
SHRINK_TO_THEME = 1.5  # pseudo-sessions at the theme's overall mean
SHRINK_TO_ALL = 3.0  # pseudo-sessions at the mean of all sessions


@dataclass(frozen=True)
class GroupProfile:
    """Shares of the group's leaders by NAF section and by headcount band (each sums to 1)."""

    group_id: int
    sectors: Mapping[str, float]
    sizes: Mapping[str, float]


@dataclass(frozen=True)
class Session:
    """One group's ratings of one theme at one meeting: their sum and count."""

    group_id: int
    theme_id: int
    stage: int
    total: int
    count: int

    @property
    def mean(self) -> float:
        return self.total / self.count


class Basis(StrEnum):
    SAME_STAGE = "same_stage"  # the mean among groups at the same stage
    ALL_GROUPS = "all_groups"  # the mean among every group that rated it
    UNRATED = "unrated"  # nobody rated it yet


@dataclass(frozen=True)
class Recommendation:
    theme_id: int
    score: float
    basis: Basis
    mean: float | None  # the figure of the reason (None when unrated)
    groups: int  # distinct groups behind that figure


def stage_of(months_since_opening: int) -> int:
    """The half-year (0 to 3) of a meeting held that many months after the opening."""
    return max(0, min(STAGES - 1, months_since_opening // MONTHS_PER_STAGE))


def stage_at(opening: datetime.date, day: datetime.date) -> int:
    """The stage of a day of a programme opened on `opening`."""
    return stage_of((day.year - opening.year) * 12 + day.month - opening.month)


def profile_of(group_id: int, sectors: Sequence[str], sizes: Sequence[str]) -> GroupProfile:
    """A group's profile from its leaders' sections and bands (one entry per leader)."""

    def shares(values: Sequence[str]) -> dict[str, float]:
        counts: dict[str, float] = defaultdict(float)
        for value in values:
            counts[value] += 1
        total = sum(counts.values())
        return {key: count / total for key, count in counts.items()} if total else {}

    return GroupProfile(group_id, shares(sectors), shares(sizes))


def similarity(a: GroupProfile, b: GroupProfile) -> float:
    """Between 0 and 1: cosine of the sector mixes and overlap of the size mixes."""
    dot = sum(share * b.sectors.get(key, 0.0) for key, share in a.sectors.items())
    norms = math.sqrt(sum(v * v for v in a.sectors.values())) * math.sqrt(
        sum(v * v for v in b.sectors.values())
    )
    sectors = dot / norms if norms else 0.0
    keys = set(a.sizes) | set(b.sizes)
    sizes = 1.0 - sum(abs(a.sizes.get(k, 0.0) - b.sizes.get(k, 0.0)) for k in keys) / 2
    return SECTOR_WEIGHT * sectors + (1 - SECTOR_WEIGHT) * sizes


def recommend(
    target: GroupProfile,
    stage: int,
    profiles: Mapping[int, GroupProfile],
    sessions: Sequence[Session],
    candidates: Sequence[int],
) -> list[Recommendation]:
    """Score every candidate theme for `target` at `stage`, best first (ties: given order).

    Sessions of the target group itself are left out: what it lived, it knows.
    """
    history = [s for s in sessions if s.group_id != target.group_id and s.count > 0]
    overall = sum(s.mean for s in history) / len(history) if history else 0.0
    by_theme: dict[int, list[Session]] = defaultdict(list)
    for session in history:
        by_theme[session.theme_id].append(session)
    weight_of_group = {
        group_id: similarity(target, profile) ** 2
        for group_id, profile in profiles.items()
        if group_id != target.group_id
    }

    results = []
    for order, theme_id in enumerate(candidates):
        theme_sessions = by_theme.get(theme_id, [])
        theme_mean = (sum(s.mean for s in theme_sessions) + SHRINK_TO_ALL * overall) / (
            len(theme_sessions) + SHRINK_TO_ALL
        )
        weighted = total = 0.0
        for session in theme_sessions:
            distance = min(abs(session.stage - stage), len(STAGE_WEIGHTS) - 1)
            weight = weight_of_group.get(session.group_id, 0.0) * STAGE_WEIGHTS[distance]
            weighted += weight * session.mean
            total += weight
        score = (weighted + SHRINK_TO_THEME * theme_mean) / (total + SHRINK_TO_THEME)
        results.append((order, _reason(theme_id, score, stage, theme_sessions)))
    results.sort(key=lambda item: (-item[1].score, item[0]))
    return [recommendation for _order, recommendation in results]


def _reason(theme_id: int, score: float, stage: int, sessions: Sequence[Session]) -> Recommendation:
    same = [s for s in sessions if s.stage == stage]
    for basis, chosen in ((Basis.SAME_STAGE, same), (Basis.ALL_GROUPS, sessions)):
        groups = {s.group_id for s in chosen}
        if len(groups) >= MIN_GROUPS_FOR_REASON or (basis is Basis.ALL_GROUPS and groups):
            mean = sum(s.total for s in chosen) / sum(s.count for s in chosen)
            return Recommendation(theme_id, score, basis, mean, len(groups))
    return Recommendation(theme_id, score, Basis.UNRATED, None, 0)
