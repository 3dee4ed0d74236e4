"""The objective and the hard constraints, evaluated from scratch on a whole assignment.

The search keeps these figures up to date move by move (search.py); this module is the reference
it is tested against, and what reports a solution.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import Components, Id, Instance, naf_levels

FloatMatrix = npt.NDArray[np.float64]

EARTH_RADIUS_KM = 6371.0088


def unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    a, b = math.radians(lat), math.radians(lon)
    return (math.cos(a) * math.cos(b), math.cos(a) * math.sin(b), math.sin(a))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(points: Sequence[tuple[float, float]]) -> FloatMatrix:
    """Great-circle km between every two points (chord formula, exact to the metre)."""
    if not points:
        return np.zeros((0, 0))
    rad = np.radians(np.asarray(points, dtype=np.float64))
    lat, lon = rad[:, 0], rad[:, 1]
    xyz = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
    diff = xyz[:, None, :] - xyz[None, :, :]
    chord = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    dist: FloatMatrix = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, chord / 2))
    return dist


def sector_distance(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """1 different NAF section, .75 same section, .5 same division, .25 same group, 0 same class."""
    return 1.0 - 0.25 * sum(1 for x, y in zip(a, b, strict=True) if x == y)


class Compiled:
    """The instance turned into integer indices, bitmasks and a distance matrix.

    People are numbered leaders first (0..L-1), then facilitators (L..L+F-1) in `dist`.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        leaders, facs = instance.leaders, instance.facilitators
        self.L, self.F = len(leaders), len(facs)
        self.leader_index = {x.id: i for i, x in enumerate(leaders)}
        self.fac_index = {x.id: i for i, x in enumerate(facs)}
        self.employer_index = {e.id: i for i, e in enumerate(instance.employers)}
        self.employer_names = [e.name or str(e.id) for e in instance.employers]
        theme_index = {t.id: i for i, t in enumerate(instance.themes)}
        bands = list(instance.size_bands)
        for x in leaders:
            if x.size_band not in bands:
                bands.append(x.size_band)
        self.bands = bands
        band_index = {b: i for i, b in enumerate(bands)}

        self.codes = [naf_levels(x.naf) for x in leaders]
        self.naf_class = [c[3] for c in self.codes]
        self.band = [band_index[x.size_band] for x in leaders]
        self.need = [_mask(theme_index[t] for t in x.needs) for x in leaders]
        self.nneeds = [m.bit_count() for m in self.need]
        conf: list[set[int]] = [set() for _ in leaders]
        for i, x in enumerate(leaders):
            for other in x.conflicts:
                j = self.leader_index[other]
                if j != i:
                    conf[i].add(j)
                    conf[j].add(i)
        self.conf = [tuple(sorted(s)) for s in conf]
        self.cemp = [_mask(self.employer_index[e] for e in x.conflict_employers) for x in leaders]
        self.fac_emp = [self.employer_index[x.employer] for x in facs]
        self.expertise = [_mask(theme_index[t] for t in x.expertise) for x in facs]
        self.fixed_leader = [-1 if x.fixed_group is None else x.fixed_group for x in leaders]
        self.fixed_fac = [-1 if x.fixed_group is None else x.fixed_group for x in facs]

        points = [(x.lat, x.lon) for x in leaders] + [(x.lat, x.lon) for x in facs]
        self.dist = distance_matrix(points)

        counts = [0] * len(bands)
        for b in self.band:
            counts[b] += 1
        self.band_share = [c / self.L if self.L else 0.0 for c in counts]
        self.total_needs = sum(self.nneeds)
        w = instance.weights
        total = w.total
        self.w_div, self.w_geo = w.div / total, w.geo / total
        self.w_size, self.w_cov = w.size / total, w.cov / total
        self.fpg = instance.params.facilitators_per_group
        self.geo_ref = instance.params.geo_ref_km

    # per-group formulas, shared by evaluate() and the search

    def div_value(self, pair_sum: float, n: int) -> float:
        return pair_sum / (n * (n - 1) / 2) if n >= 2 else 1.0

    def geo_value(self, pair_km: float, m: int) -> float:
        return 1.0 - pair_km / (m * (m - 1) / 2) / self.geo_ref if m >= 2 else 1.0

    def size_value(self, band_counts: Sequence[int], n: int) -> float:
        if n == 0:
            return 1.0
        share = self.band_share
        return 1.0 - 0.5 * sum(abs(c / n - share[b]) for b, c in enumerate(band_counts))

    def score(self, div: float, geo: float, size: float, cov: float) -> float:
        return 100.0 * (self.w_div * div + self.w_geo * geo + self.w_size * size + self.w_cov * cov)


def _mask(indices: Iterable[int]) -> int:
    m = 0
    for i in indices:
        m |= 1 << i
    return m


@dataclass(frozen=True)
class Evaluation:
    objective: float
    components: Components
    group_scores: tuple[float, ...]
    group_components: tuple[Components, ...]


def evaluate(c: Compiled, groups: Sequence[tuple[Sequence[int], Sequence[int]]]) -> Evaluation:
    """Objective of groups given as (leader indices, facilitator indices), from scratch."""
    k = len(groups)
    scores, comps = [], []
    covered_total = 0
    sums = [0.0, 0.0, 0.0]
    for leaders, facs in groups:
        n = len(leaders)
        div_sum = sum(
            sector_distance(c.codes[a], c.codes[b])
            for x, a in enumerate(leaders)
            for b in leaders[x + 1 :]
        )
        members = list(leaders) + [c.L + f for f in facs]
        km = float(c.dist[np.ix_(members, members)].sum()) / 2
        counts = [0] * len(c.bands)
        for i in leaders:
            counts[c.band[i]] += 1
        cover = 0
        for f in facs:
            cover |= c.expertise[f]
        covered = sum((c.need[i] & cover).bit_count() for i in leaders)
        wished = sum(c.nneeds[i] for i in leaders)
        covered_total += covered
        div = c.div_value(div_sum, n)
        geo = c.geo_value(km, len(members))
        size = c.size_value(counts, n)
        cov = covered / wished if wished else 1.0
        sums[0] += div
        sums[1] += geo
        sums[2] += size
        comps.append(Components(div, geo, size, cov))
        scores.append(c.score(div, geo, size, cov))
    if k == 0:
        return Evaluation(0.0, Components(0.0, 0.0, 0.0, 0.0), (), ())
    cov_all = covered_total / c.total_needs if c.total_needs else 1.0
    total = Components(sums[0] / k, sums[1] / k, sums[2] / k, cov_all)
    return Evaluation(
        objective=c.score(total.div, total.geo, total.size, total.cov),
        components=total,
        group_scores=tuple(scores),
        group_components=tuple(comps),
    )


def violations(
    c: Compiled,
    groups: Sequence[tuple[Sequence[int], Sequence[int]]],
    num_groups: int,
) -> list[str]:
    """Every hard constraint the groups break, in words (empty when feasible)."""
    inst = c.instance
    p = inst.params
    out: list[str] = []
    name_l = [x.id for x in inst.leaders]
    name_f = [x.id for x in inst.facilitators]
    if len(groups) != num_groups:
        out.append(f"{len(groups)} groups instead of {num_groups}")
    seen_l: dict[int, int] = {}
    seen_f: dict[int, int] = {}
    for g, (leaders, facs) in enumerate(groups):
        if not p.group_size_min <= len(leaders) <= p.group_size_max:
            out.append(
                f"group {g} has {len(leaders)} leaders "
                f"(bounds {p.group_size_min}-{p.group_size_max})"
            )
        if len(facs) != c.fpg:
            out.append(f"group {g} has {len(facs)} facilitators instead of {c.fpg}")
        for i in leaders:
            if i in seen_l:
                out.append(f"leader {name_l[i]!r} is in groups {seen_l[i]} and {g}")
            seen_l[i] = g
            if c.fixed_leader[i] >= 0 and c.fixed_leader[i] != g:
                out.append(f"leader {name_l[i]!r} is fixed to group {c.fixed_leader[i]}, not {g}")
        for f in facs:
            if f in seen_f:
                out.append(f"facilitator {name_f[f]!r} is in groups {seen_f[f]} and {g}")
            seen_f[f] = g
            if c.fixed_fac[f] >= 0 and c.fixed_fac[f] != g:
                out.append(f"facilitator {name_f[f]!r} is fixed to group {c.fixed_fac[f]}, not {g}")
        employers: dict[int, int] = {}
        for f in facs:
            e = c.fac_emp[f]
            if e in employers:
                out.append(
                    f"group {g}: facilitators {name_f[employers[e]]!r} and {name_f[f]!r} "
                    f"have the same employer {c.employer_names[e]!r}"
                )
            employers[e] = f
        classes: dict[str, int] = {}
        for i in leaders:
            cls = c.naf_class[i]
            if cls in classes:
                out.append(
                    f"group {g}: leaders {name_l[classes[cls]]!r} and {name_l[i]!r} "
                    f"share the NAF class {cls}"
                )
            classes[cls] = i
        members = set(leaders)
        for i in leaders:
            for j in c.conf[i]:
                if j in members and i < j:
                    out.append(
                        f"group {g}: leaders {name_l[i]!r} and {name_l[j]!r} declared a conflict"
                    )
            for f in facs:
                if c.cemp[i] >> c.fac_emp[f] & 1:
                    out.append(
                        f"group {g}: leader {name_l[i]!r} declared a conflict with the employer "
                        f"of facilitator {name_f[f]!r}"
                    )
    for i in range(c.L):
        if i not in seen_l:
            out.append(f"leader {name_l[i]!r} is in no group")
    for f in range(c.F):
        if c.fixed_fac[f] >= 0 and f not in seen_f:
            out.append(f"facilitator {name_f[f]!r} is fixed to group {c.fixed_fac[f]} but unused")
    return out


def groups_by_ids(
    c: Compiled, groups: Sequence[tuple[Sequence[Id], Sequence[Id]]]
) -> list[tuple[list[int], list[int]]]:
    """Groups given by ids turned into groups of indices."""
    return [
        ([c.leader_index[x] for x in leaders], [c.fac_index[x] for x in facs])
        for leaders, facs in groups
    ]
