"""A valid upper bound on the objective (docs/formation.md explains why each part is valid).

The objective is a weighted sum, so the sum of upper bounds on each component bounds it:

- DIV: a group's mean sector distance is 1 - .25 * (same-section + same-division + same-group
  pairs) / (its leader pairs). Same-level pairs are fewest when each code's leaders are spread
  as evenly as possible over the groups, which gives a lower bound on their total.
- GEO: the km summed over same-group pairs is at least half the cost of a min-cost fractional
  b-matching where everyone has (smallest group - 1) partners and facilitators may be left out,
  solved as a min-cost flow (bipartite double cover, costs rounded down to the metre).
- SIZE: for each possible group size, the band mix closest to the cohort's (largest remainders).
- COV: each leader's wished themes covered by the best team of facilitators they may sit with.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from .model import Components
from .objective import Compiled


@dataclass(frozen=True)
class Bound:
    objective: float
    components: Components


def upper_bound(c: Compiled, k: int) -> Bound:
    p = c.instance.params
    n_lo = max(p.group_size_min, c.L - (k - 1) * p.group_size_max)
    n_hi = min(p.group_size_max, c.L - (k - 1) * n_lo)
    div = div_bound(c, k, n_hi)
    geo = geo_bound(c, k, n_lo, n_hi)
    size = size_bound(c, n_lo, n_hi)
    cov = cov_bound(c)
    comps = Components(div, geo, size, cov)
    return Bound(c.score(div, geo, size, cov), comps)


def _spread_pairs(count: int, k: int) -> int:
    """Fewest same-group pairs among `count` people spread over k groups."""
    q, r = divmod(count, k)
    return r * (q + 1) * q // 2 + (k - r) * q * (q - 1) // 2


def div_bound(c: Compiled, k: int, n_hi: int) -> float:
    if n_hi < 2:
        return 1.0
    same = 0
    for level in range(3):  # section, division, NAF group; classes never share a group
        counts: dict[str, int] = {}
        for codes in c.codes:
            counts[codes[level]] = counts.get(codes[level], 0) + 1
        same += sum(_spread_pairs(n, k) for n in counts.values())
    return 1.0 - 0.25 * same / (k * n_hi * (n_hi - 1) / 2)


def geo_bound(c: Compiled, k: int, n_lo: int, n_hi: int) -> float:
    """Same-group km: leader pairs + leader-facilitator pairs + facilitator pairs, each bounded
    by a min-cost flow on the pairs that may share a group."""
    fpg = c.fpg
    m_hi = n_hi + fpg
    if m_hi < 2:
        return 1.0
    L = c.L
    class_ids: dict[str, int] = {}
    classes = np.asarray([class_ids.setdefault(x, len(class_ids)) for x in c.naf_class])
    leaders_ok = classes[:, None] != classes[None, :]
    for i in range(L):
        for j in c.conf[i]:
            leaders_ok[i, j] = False
    ll = _b_matching(c, people=list(range(L)), degree=n_lo - 1, used=L, allowed=leaders_ok)
    employers = np.asarray(c.fac_emp)
    ff = _b_matching(
        c,
        people=[L + f for f in range(c.F)],
        degree=fpg - 1,
        used=k * fpg,
        allowed=employers[:, None] != employers[None, :],
    )
    lf = _transport(c, n_hi) if fpg > 0 else 0
    if ll is None or ff is None or lf is None:
        return 1.0  # no finite bound from the flows (the instance is then infeasible anyway)
    km_pairs = (ll / 2 + ff / 2 + lf) / 1000
    return 1.0 - km_pairs / (k * m_hi * (m_hi - 1) / 2) / c.geo_ref


def _b_matching(
    c: Compiled,
    *,
    people: list[int],
    degree: int,
    used: int,
    allowed: npt.NDArray[np.bool_],
) -> int | None:
    """Twice the least metres of a fractional b-matching: `used` of `people` get `degree` partners
    each, among the allowed pairs (bipartite double cover, costs rounded down to the metre)."""
    if degree <= 0 or not people:
        return 0
    n = len(people)
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 2 * n, 2 * n + 1
    ok = allowed & ~np.eye(n, dtype=bool)
    tails, heads = np.nonzero(ok)
    idx = np.asarray(people)
    costs = np.floor(c.dist[np.ix_(idx, idx)][tails, heads] * 1000).astype(np.int64)
    if len(tails):
        flow.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32),
            (heads + n).astype(np.int32),
            np.ones(len(tails), np.int64),
            costs,
        )
    if used >= n:
        for x in range(n):
            flow.set_node_supply(x, degree)
            flow.set_node_supply(n + x, -degree)
    else:
        for x in range(n):
            flow.add_arc_with_capacity_and_unit_cost(source, x, degree, 0)
            flow.add_arc_with_capacity_and_unit_cost(n + x, sink, degree, 0)
        flow.set_node_supply(source, used * degree)
        flow.set_node_supply(sink, -used * degree)
    if flow.solve() != flow.OPTIMAL:
        return None
    return int(flow.optimal_cost())


def _transport(c: Compiled, n_hi: int) -> int | None:
    """Least metres between leaders and their facilitators: each leader has fpg facilitators
    from different employers, each facilitator at most n_hi leaders, never one the leader refuses.

    Nodes: leaders, then (leader, employer) pairs carrying at most one unit, then facilitators.
    """
    L, F = c.L, c.F
    E = max(c.fac_emp, default=-1) + 1
    fac_emp = np.asarray(c.fac_emp, dtype=np.int64)
    refused = np.array([[c.cemp[i] >> e & 1 for e in range(E)] for i in range(L)], dtype=bool)
    flow = min_cost_flow.SimpleMinCostFlow()
    pair0, fac0 = L, L + L * E
    sink = fac0 + F
    # leader -> (leader, employer), capacity 1, where the employer is not refused
    li, le = np.nonzero(~refused)
    flow.add_arcs_with_capacity_and_unit_cost(
        li.astype(np.int32),
        (pair0 + li * E + le).astype(np.int32),
        np.ones(len(li), np.int64),
        np.zeros(len(li), np.int64),
    )
    # (leader, employer) -> facilitator of that employer
    ii = np.repeat(np.arange(L), F)
    ff = np.tile(np.arange(F), L)
    keep = ~refused[ii, fac_emp[ff]]
    ii, ff = ii[keep], ff[keep]
    costs = np.floor(c.dist[: c.L, c.L :][ii, ff] * 1000).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        (pair0 + ii * E + fac_emp[ff]).astype(np.int32),
        (fac0 + ff).astype(np.int32),
        np.ones(len(ii), np.int64),
        costs,
    )
    for f in range(F):
        flow.add_arc_with_capacity_and_unit_cost(fac0 + f, sink, n_hi, 0)
    for i in range(L):
        flow.set_node_supply(i, c.fpg)
    flow.set_node_supply(sink, -L * c.fpg)
    if flow.solve() != flow.OPTIMAL:
        return None
    return int(flow.optimal_cost())


def size_bound(c: Compiled, n_lo: int, n_hi: int) -> float:
    best = 0.0
    share = c.band_share
    for n in range(max(n_lo, 1), n_hi + 1):
        ideal = [s * n for s in share]
        counts = [math.floor(x) for x in ideal]
        order = sorted(range(len(share)), key=lambda b: counts[b] - ideal[b])
        for b in order[: n - sum(counts)]:
            counts[b] += 1
        best = max(best, c.size_value(counts, n))
    return best


def cov_bound(c: Compiled) -> float:
    if not c.total_needs:
        return 1.0
    covered = 0
    for i in range(c.L):
        need = c.need[i]
        profiles = {c.expertise[f] & need for f in range(c.F) if not c.cemp[i] >> c.fac_emp[f] & 1}
        profiles.discard(0)
        covered += _best_union(need, sorted(profiles), c.fpg)
    return covered / c.total_needs


def _best_union(need: int, profiles: list[int], r: int) -> int:
    full = need.bit_count()
    union = 0
    for p in profiles:
        union |= p
    if r <= 0 or not profiles:
        return 0
    if len(profiles) <= r:
        return union.bit_count()
    best = 0
    for team in itertools.combinations(profiles, r):
        got = 0
        for p in team:
            got |= p
        best = max(best, got.bit_count())
        if best == full:
            break
    return best
