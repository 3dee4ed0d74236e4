"""A geographic start: balanced clusters of leaders, then facilitators, by min-cost flows.

1. Leaders go to k centres by a min-cost flow (km to the centre) in which every group takes
   L // k or L // k + 1 leaders and at most one leader per NAF class (each class reaches a group
   through a (class, group) node of capacity 1); the centres move to their leaders' mean and the
   flow is solved again (a capacitated k-means).
2. Facilitators go to the clusters by a min-cost flow (km to the cluster's leaders) in which a
   group takes facilitators_per_group of them, at most one per employer ((group, employer) nodes
   of capacity 1), never one a leader of the cluster refuses.
3. The state is built from both; a leader who breaks a declared conflict there waits and is
   then placed in the nearest group where it fits, ejecting someone if needed.
"""

from __future__ import annotations

import random

import numpy as np
from ortools.graph.python import min_cost_flow

from .objective import EARTH_RADIUS_KM, Compiled, FloatMatrix
from .search import State, seat_facilitators, seat_leaders

LLOYD_ROUNDS = 6


def geographic_start(c: Compiled, k: int, rng: random.Random) -> State | None:
    clusters = cluster_leaders(c, k, rng)
    if clusters is None:
        return None
    state = State(c, k)
    seats = seat_facilitators_by_flow(c, k, clusters)
    if seats is None:
        if not seat_facilitators(state, rng):
            return None
    else:
        for f, g in enumerate(seats):
            if g >= 0:
                state.add_fac(f, g)
    # leaders in their cluster when it fits; the others wait
    pending = []
    for i in range(c.L):
        g = clusters[i]
        if state.leader_fits(i, g):
            state.add_leader(i, g)
        else:
            pending.append(i)
    if pending:

        def nearest(s: State, i: int, room: list[int]) -> int:
            return min(room, key=lambda g: s.kmto.item(g, i) / max(len(s.mem[g]), 1))

        if not seat_leaders(state, rng, nearest):
            return None
    return state


def _km(lat: FloatMatrix, lon: FloatMatrix, clat: FloatMatrix, clon: FloatMatrix) -> FloatMatrix:
    """Haversine km from each point to each centre."""
    p1, p2 = np.radians(lat)[:, None], np.radians(clat)[None, :]
    dl = np.radians(clon)[None, :] - np.radians(lon)[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km: FloatMatrix = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return km


def cluster_leaders(c: Compiled, k: int, rng: random.Random) -> list[int] | None:
    inst = c.instance
    lat = np.array([x.lat for x in inst.leaders])
    lon = np.array([x.lon for x in inst.leaders])
    # k-means++ seeding, deterministic under the seed
    first = rng.randrange(c.L)
    centres = [first]
    d2 = c.dist[first, : c.L] ** 2
    while len(centres) < k:
        total = float(d2.sum())
        if total <= 0:
            centres.append(rng.randrange(c.L))
        else:
            r, acc, pick = rng.random() * total, 0.0, c.L - 1
            for i, w in enumerate(d2.tolist()):
                acc += w
                if acc >= r:
                    pick = i
                    break
            centres.append(pick)
        d2 = np.minimum(d2, c.dist[centres[-1], : c.L] ** 2)
    clat, clon = lat[centres].copy(), lon[centres].copy()
    assign: list[int] | None = None
    for _ in range(LLOYD_ROUNDS):
        new = _assign(c, k, _km(lat, lon, clat, clon))
        if new is None:
            return assign
        if new == assign:
            break
        assign = new
        groups = np.asarray(assign)
        for g in range(k):
            members = groups == g
            if members.any():
                clat[g], clon[g] = lat[members].mean(), lon[members].mean()
    return assign


def _assign(c: Compiled, k: int, km: FloatMatrix) -> list[int] | None:
    """Leaders to groups: balanced sizes, one leader per NAF class and group, least km."""
    L = c.L
    base, extra = divmod(L, k)
    class_ids: dict[str, int] = {}
    cls = [class_ids.setdefault(x, len(class_ids)) for x in c.naf_class]
    n_cls = len(class_ids)
    # nodes: leaders [0, L), (class, group) [L, L + n_cls * k), groups, spare, sink
    cg0 = L
    g0 = cg0 + n_cls * k
    spare, sink = g0 + k, g0 + k + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails, heads, costs = [], [], []
    cost = np.floor(km * 1000).astype(np.int64)
    for i in range(L):
        fixed = c.fixed_leader[i]
        for g in [fixed] if fixed >= 0 else range(k):
            tails.append(i)
            heads.append(cg0 + cls[i] * k + g)
            costs.append(int(cost[i, g]))
    flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, np.int32),
        np.asarray(heads, np.int32),
        np.ones(len(tails), np.int64),
        np.asarray(costs, np.int64),
    )
    for x in range(n_cls):
        for g in range(k):
            flow.add_arc_with_capacity_and_unit_cost(cg0 + x * k + g, g0 + g, 1, 0)
    for g in range(k):
        flow.add_arc_with_capacity_and_unit_cost(g0 + g, sink, base, 0)
        if extra:
            flow.add_arc_with_capacity_and_unit_cost(g0 + g, spare, 1, 0)
    if extra:
        flow.add_arc_with_capacity_and_unit_cost(spare, sink, extra, 0)
    for i in range(L):
        flow.set_node_supply(i, 1)
    flow.set_node_supply(sink, -L)
    if flow.solve() != flow.OPTIMAL:
        return None
    assign = [-1] * L
    flows = flow.flows(np.arange(len(tails)))
    for a in np.nonzero(flows)[0].tolist():
        assign[tails[a]] = (heads[a] - cg0) % k
    return assign


def seat_facilitators_by_flow(c: Compiled, k: int, clusters: list[int]) -> list[int] | None:
    """Facilitators to clusters: fpg per group from distinct employers, least km to the leaders."""
    fpg, F, L = c.fpg, c.F, c.L
    if fpg == 0:
        return [-1] * F
    E = max(c.fac_emp, default=-1) + 1
    groups = np.asarray(clusters)
    # km from each facilitator to each cluster's leaders, summed
    to_cluster = np.zeros((F, k))
    fd = c.dist[L:, :L]
    for g in range(k):
        to_cluster[:, g] = fd[:, groups == g].sum(axis=1)
    refused = [0] * k
    for i, g in enumerate(clusters):
        refused[g] |= c.cemp[i]
    # nodes: source, facilitators [1, 1 + F), (group, employer), groups, sink
    source = 0
    ge0 = 1 + F
    g0 = ge0 + k * E
    sink = g0 + k
    flow = min_cost_flow.SimpleMinCostFlow()
    tails, heads, costs = [], [], []
    for f in range(F):
        e = c.fac_emp[f]
        fixed = c.fixed_fac[f]
        for g in [fixed] if fixed >= 0 else range(k):
            if refused[g] >> e & 1:
                continue
            tails.append(1 + f)
            heads.append(ge0 + g * E + e)
            costs.append(int(to_cluster[f, g] * 1000) - (10**12 if fixed >= 0 else 0))
    if not tails:
        return None
    flow.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, np.int32),
        np.asarray(heads, np.int32),
        np.ones(len(tails), np.int64),
        np.asarray(costs, np.int64),
    )
    for f in range(F):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + f, 1, 0)
    for g in range(k):
        for e in range(E):
            flow.add_arc_with_capacity_and_unit_cost(ge0 + g * E + e, g0 + g, 1, 0)
        flow.add_arc_with_capacity_and_unit_cost(g0 + g, sink, fpg, 0)
    flow.set_node_supply(source, k * fpg)
    flow.set_node_supply(sink, -k * fpg)
    if flow.solve() != flow.OPTIMAL:
        return None
    seats = [-1] * F
    flows = flow.flows(np.arange(len(tails)))
    for a in np.nonzero(flows)[0].tolist():
        seats[tails[a] - 1] = (heads[a] - ge0) // E
    if any(c.fixed_fac[f] >= 0 and seats[f] != c.fixed_fac[f] for f in range(F)):
        return None
    return seats
