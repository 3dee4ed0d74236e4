"""Incremental state, greedy construction and simulated annealing over moves and swaps.

The state keeps, per group, the sums the objective is made of (sector-distance pair sum through
NAF code counters, km pair sum, size-band counts, theme coverage), so that a move or a swap is
evaluated in O(group size) and never breaks a hard constraint: the search only visits feasible
assignments.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

import numpy as np

from .objective import Compiled, FloatMatrix

NEAR = 24  # nearest leaders (and facilitators) a move prefers to look at
P_NEAR = 0.6  # share of leader moves made with one of the NEAR nearest leaders


class Codes:
    """NAF codes of every level numbered together, so that a group counts them in one list."""

    def __init__(self, c: Compiled) -> None:
        index: dict[str, int] = {}
        self.of: list[tuple[int, int, int, int]] = []
        for codes in c.codes:
            ids = [index.setdefault(code, len(index)) for code in codes]
            self.of.append((ids[0], ids[1], ids[2], ids[3]))
        self.size = len(index)


class State:
    """A complete or partial assignment with its objective kept up to date."""

    def __init__(self, c: Compiled, k: int) -> None:
        self.c = c
        self.k = k
        self.codes = Codes(c)
        L, F = c.L, c.F
        self.where = [-1] * L
        self.fwhere = [-1] * F
        self.lead: list[list[int]] = [[] for _ in range(k)]
        self.fac: list[list[int]] = [[] for _ in range(k)]
        self.mem: list[list[int]] = [[] for _ in range(k)]  # leaders i and facilitators L+f
        self.cnt = [[0] * self.codes.size for _ in range(k)]
        self.psum = [0.0] * k  # sector-distance pair sum among leaders
        self.km = [0.0] * k  # km pair sum among members
        # kmto[g, p]: km from person p to the members of group g, updated as members come and go
        self.kmto = np.zeros((k, L + F))
        self.kmget = self.kmto.item
        self.bands = [[0] * len(c.bands) for _ in range(k)]
        self.cover = [0] * k  # themes the facilitators know
        self.covered = [0] * k  # (leader, wished theme) pairs covered
        self.emp = [0] * k  # employers of the facilitators
        self.forbid = [0] * k  # employers a leader of the group refuses
        self.vdiv = [1.0] * k
        self.vgeo = [1.0] * k
        self.vsize = [1.0] * k
        self.tdiv = float(k)
        self.tgeo = float(k)
        self.tsize = float(k)
        self.tcov = 0
        self.any_cemp = any(c.cemp)
        self.wd = c.w_div / k
        self.wg = c.w_geo / k
        self.ws = c.w_size / k
        self.wc = c.w_cov / c.total_needs if c.total_needs else 0.0
        self.cov_free = 0.0 if c.total_needs else c.w_cov  # nobody wished a theme: COV = 1

    # --- bookkeeping ----------------------------------------------------------------------

    def objective(self) -> float:
        """Normalised objective (0-1) of the current state."""
        return (
            self.wd * self.tdiv
            + self.wg * self.tgeo
            + self.ws * self.tsize
            + self.wc * self.tcov
            + self.cov_free
        )

    def _refresh(self, g: int) -> None:
        c = self.c
        n, m = len(self.lead[g]), len(self.mem[g])
        d, ge, s = c.div_value(self.psum[g], n), c.geo_value(self.km[g], m), 0.0
        s = c.size_value(self.bands[g], n)
        self.tdiv += d - self.vdiv[g]
        self.tgeo += ge - self.vgeo[g]
        self.tsize += s - self.vsize[g]
        self.vdiv[g], self.vgeo[g], self.vsize[g] = d, ge, s

    def _sector_sum(self, i: int, g: int) -> float:
        """Sector distances between leader i and the leaders of g other than i."""
        a, b, cc, d = self.codes.of[i]
        cnt = self.cnt[g]
        same = cnt[a] + cnt[b] + cnt[cc] + cnt[d]
        n = len(self.lead[g])
        if self.where[i] == g:
            return (n - 1) - 0.25 * (same - 4)
        return n - 0.25 * same

    def add_leader(self, i: int, g: int) -> None:
        c = self.c
        self.psum[g] += self._sector_sum(i, g)
        self.km[g] += self.kmget(g, i)
        self.kmto[g] += c.dist[i]
        self.where[i] = g
        self.lead[g].append(i)
        self.mem[g].append(i)
        for code in self.codes.of[i]:
            self.cnt[g][code] += 1
        self.bands[g][c.band[i]] += 1
        got = (c.need[i] & self.cover[g]).bit_count()
        self.covered[g] += got
        self.tcov += got
        self.forbid[g] |= c.cemp[i]
        self._refresh(g)

    def remove_leader(self, i: int) -> None:
        c = self.c
        g = self.where[i]
        self.psum[g] -= self._sector_sum(i, g)
        self.lead[g].remove(i)
        self.mem[g].remove(i)
        self.kmto[g] -= c.dist[i]
        self.km[g] -= self.kmget(g, i)
        for code in self.codes.of[i]:
            self.cnt[g][code] -= 1
        self.where[i] = -1
        self.bands[g][c.band[i]] -= 1
        got = (c.need[i] & self.cover[g]).bit_count()
        self.covered[g] -= got
        self.tcov -= got
        if c.cemp[i]:
            self._reforbid(g)
        self._refresh(g)

    def _reforbid(self, g: int) -> None:
        m = 0
        for i in self.lead[g]:
            m |= self.c.cemp[i]
        self.forbid[g] = m

    def _recover(self, g: int) -> None:
        c = self.c
        cover = 0
        for f in self.fac[g]:
            cover |= c.expertise[f]
        covered = sum((c.need[i] & cover).bit_count() for i in self.lead[g])
        self.tcov += covered - self.covered[g]
        self.cover[g], self.covered[g] = cover, covered

    def add_fac(self, f: int, g: int) -> None:
        c = self.c
        p = c.L + f
        self.km[g] += self.kmget(g, p)
        self.kmto[g] += c.dist[p]
        self.fwhere[f] = g
        self.fac[g].append(f)
        self.mem[g].append(p)
        self.emp[g] |= 1 << c.fac_emp[f]
        self._recover(g)
        self._refresh(g)

    def remove_fac(self, f: int) -> None:
        c = self.c
        g = self.fwhere[f]
        p = c.L + f
        self.fac[g].remove(f)
        self.mem[g].remove(p)
        self.kmto[g] -= c.dist[p]
        self.km[g] -= self.kmget(g, p)
        self.fwhere[f] = -1
        self.emp[g] &= ~(1 << c.fac_emp[f])
        self._recover(g)
        self._refresh(g)

    # --- hard constraints -------------------------------------------------------------------

    def leader_fits(self, i: int, g: int, without: int = -1) -> bool:
        """Leader i may sit in g (ignoring its size), leader `without` leaving g if given."""
        c = self.c
        cls = self.codes.of[i][3]
        clash = self.cnt[g][cls]
        if without >= 0 and self.codes.of[without][3] == cls:
            clash -= 1
        if self.where[i] == g:
            clash -= 1
        if clash > 0 or c.cemp[i] & self.emp[g]:
            return False
        where = self.where
        return all(where[j] != g or j == without for j in c.conf[i])

    def fac_fits(self, f: int, g: int, without: int = -1) -> bool:
        """Facilitator f may join g, facilitator `without` leaving it if given."""
        c = self.c
        e = 1 << c.fac_emp[f]
        emp = self.emp[g]
        if without >= 0:
            emp &= ~(1 << c.fac_emp[without])
        return not (emp & e or self.forbid[g] & e)

    # --- move evaluation ----------------------------------------------------------------------

    def delta_move(self, i: int, b: int) -> float:
        """Objective change of moving leader i to group b (constraints checked by the caller)."""
        c = self.c
        a = self.where[i]
        na, nb = len(self.lead[a]), len(self.lead[b])
        ma, mb = len(self.mem[a]), len(self.mem[b])
        da = c.div_value(self.psum[a] - self._sector_sum(i, a), na - 1)
        db = c.div_value(self.psum[b] + self._sector_sum(i, b), nb + 1)
        km = self.kmget
        ga = c.geo_value(self.km[a] - km(a, i), ma - 1)
        gb = c.geo_value(self.km[b] + km(b, i), mb + 1)
        band = c.band[i]
        ba, bb = self.bands[a], self.bands[b]
        ba[band] -= 1
        bb[band] += 1
        sa, sb = c.size_value(ba, na - 1), c.size_value(bb, nb + 1)
        ba[band] += 1
        bb[band] -= 1
        need = c.need[i]
        dc = (need & self.cover[b]).bit_count() - (need & self.cover[a]).bit_count()
        return (
            self.wd * (da + db - self.vdiv[a] - self.vdiv[b])
            + self.wg * (ga + gb - self.vgeo[a] - self.vgeo[b])
            + self.ws * (sa + sb - self.vsize[a] - self.vsize[b])
            + self.wc * dc
        )

    def apply_move(self, i: int, b: int) -> None:
        self.remove_leader(i)
        self.add_leader(i, b)

    def delta_swap(self, i: int, j: int) -> float:
        """Objective change of swapping leaders i and j (in different groups)."""
        c = self.c
        a, b = self.where[i], self.where[j]
        codes = self.codes.of
        ci, cj = codes[i], codes[j]
        sec_ij = 1.0 - 0.25 * (
            (ci[0] == cj[0]) + (ci[1] == cj[1]) + (ci[2] == cj[2]) + (ci[3] == cj[3])
        )
        na, nb = len(self.lead[a]), len(self.lead[b])
        ma, mb = len(self.mem[a]), len(self.mem[b])
        pa = self.psum[a] - self._sector_sum(i, a) + self._sector_sum(j, a) - sec_ij
        pb = self.psum[b] - self._sector_sum(j, b) + self._sector_sum(i, b) - sec_ij
        da, db = c.div_value(pa, na), c.div_value(pb, nb)
        km = self.kmget
        dij = c.dist.item(i, j)
        ka = self.km[a] - km(a, i) + km(a, j) - dij
        kb = self.km[b] - km(b, j) + km(b, i) - dij
        ga, gb = c.geo_value(ka, ma), c.geo_value(kb, mb)
        ds = 0.0
        bi, bj = c.band[i], c.band[j]
        if bi != bj:
            ba, bb = self.bands[a], self.bands[b]
            ba[bi] -= 1
            ba[bj] += 1
            bb[bj] -= 1
            bb[bi] += 1
            ds = c.size_value(ba, na) + c.size_value(bb, nb) - self.vsize[a] - self.vsize[b]
            ba[bi] += 1
            ba[bj] -= 1
            bb[bj] += 1
            bb[bi] -= 1
        ni, nj = c.need[i], c.need[j]
        cva, cvb = self.cover[a], self.cover[b]
        dc = (
            (nj & cva).bit_count()
            - (ni & cva).bit_count()
            + (ni & cvb).bit_count()
            - (nj & cvb).bit_count()
        )
        return (
            self.wd * (da + db - self.vdiv[a] - self.vdiv[b])
            + self.wg * (ga + gb - self.vgeo[a] - self.vgeo[b])
            + self.ws * ds
            + self.wc * dc
        )

    def apply_swap(self, i: int, j: int) -> None:
        a, b = self.where[i], self.where[j]
        self.remove_leader(i)
        self.remove_leader(j)
        self.add_leader(i, b)
        self.add_leader(j, a)

    def delta_fswap(self, f: int, h: int) -> float:
        """Objective change of facilitator h taking the seat of f (and f h's seat, if any)."""
        c = self.c
        a, b = self.fwhere[f], self.fwhere[h]
        pf, ph = c.L + f, c.L + h
        km = self.kmget
        dfh = c.dist.item(pf, ph)
        ka = self.km[a] - km(a, pf) + km(a, ph) - dfh
        dg = c.geo_value(ka, len(self.mem[a])) - self.vgeo[a]
        cov_a = 0
        for x in self.fac[a]:
            cov_a |= c.expertise[h if x == f else x]
        need = c.need
        dc = 0
        if cov_a != self.cover[a]:
            dc += sum((need[i] & cov_a).bit_count() for i in self.lead[a]) - self.covered[a]
        if b >= 0:
            kb = self.km[b] - km(b, ph) + km(b, pf) - dfh
            dg += c.geo_value(kb, len(self.mem[b])) - self.vgeo[b]
            cov_b = 0
            for x in self.fac[b]:
                cov_b |= c.expertise[f if x == h else x]
            if cov_b != self.cover[b]:
                dc += sum((need[i] & cov_b).bit_count() for i in self.lead[b]) - self.covered[b]
        return self.wg * dg + self.wc * dc

    def apply_fswap(self, f: int, h: int) -> None:
        a, b = self.fwhere[f], self.fwhere[h]
        self.remove_fac(f)
        if b >= 0:
            self.remove_fac(h)
            self.add_fac(f, b)
        self.add_fac(h, a)

    # --- snapshots --------------------------------------------------------------------------

    def snapshot(self) -> tuple[list[int], list[int]]:
        return list(self.where), list(self.fwhere)

    def groups(self) -> list[tuple[list[int], list[int]]]:
        return [(sorted(self.lead[g]), sorted(self.fac[g])) for g in range(self.k)]


def state_from(c: Compiled, k: int, where: list[int], fwhere: list[int]) -> State:
    s = State(c, k)
    for f, g in enumerate(fwhere):
        if g >= 0:
            s.add_fac(f, g)
    for i, g in enumerate(where):
        s.add_leader(i, g)
    return s


# --- construction -------------------------------------------------------------------------------


def seat_facilitators(s: State, rng: random.Random) -> bool:
    """Give every group its facilitators, fixed ones first, then from the employers with the most
    facilitators left (which never fails when the counting condition holds and nobody is fixed)."""
    c = s.c
    for f in range(c.F):
        g = c.fixed_fac[f]
        if g >= 0:
            if len(s.fac[g]) >= c.fpg or not s.fac_fits(f, g):
                return False
            s.add_fac(f, g)
    free: dict[int, list[int]] = {}
    order = list(range(c.F))
    rng.shuffle(order)
    for f in order:
        if s.fwhere[f] < 0:
            free.setdefault(c.fac_emp[f], []).append(f)
    for _ in range(c.fpg):
        groups = [g for g in range(s.k) if len(s.fac[g]) < c.fpg]
        groups.sort(key=lambda g: len(s.fac[g]))
        for g in groups:
            if len(s.fac[g]) >= c.fpg:
                continue
            best = -1
            for e, fs in free.items():
                if fs and not s.emp[g] >> e & 1 and (best < 0 or len(fs) > len(free[best])):
                    best = e
            if best < 0:
                return False
            s.add_fac(free[best].pop(), g)
    return all(len(s.fac[g]) == c.fpg for g in range(s.k))


def seat_leaders(
    s: State,
    rng: random.Random,
    choose: Callable[[State, int, list[int]], int],
) -> bool:
    """Place every leader: fixed ones, then the most constrained, then the rest in random order,
    each in a feasible group chosen by `choose` among those with room; repair by ejection.

    Groups are filled to balanced sizes: L // k leaders, and one more in L % k of them."""
    c = s.c
    for i in range(c.L):
        g = c.fixed_leader[i]
        if g >= 0 and s.where[i] < 0:
            if not s.leader_fits(i, g):
                return False
            s.add_leader(i, g)
    rooms = _Rooms(s)
    rest = [i for i in range(c.L) if s.where[i] < 0]
    rng.shuffle(rest)
    rest.sort(key=lambda i: -(len(c.conf[i]) + (c.cemp[i] != 0) * 2))
    for i in rest:
        room = [g for g in range(s.k) if rooms.has_room(g) and s.leader_fits(i, g)]
        if room:
            g = choose(s, i, room)
            s.add_leader(i, g)
            rooms.grew(g)
        elif not _eject(s, i, rooms):
            return False
    return True


class _Rooms:
    """Balanced target sizes: every group gets L // k leaders, L % k of them one more."""

    def __init__(self, s: State) -> None:
        self.s = s
        self.base, self.extra = divmod(s.c.L, s.k)
        self.extra -= sum(max(0, len(s.lead[g]) - self.base) for g in range(s.k))

    def has_room(self, g: int) -> bool:
        n = len(self.s.lead[g])
        return n < self.base or (n == self.base and self.extra > 0)

    def grew(self, g: int) -> None:
        if len(self.s.lead[g]) == self.base + 1:
            self.extra -= 1


def _eject(s: State, i: int, rooms: _Rooms) -> bool:
    """Make room for leader i: move a leader j out of a group where i fits once j is gone."""
    c = s.c
    open_groups = [g for g in range(s.k) if rooms.has_room(g)]
    for g in range(s.k):
        for j in list(s.lead[g]):
            if c.fixed_leader[j] >= 0 or not s.leader_fits(i, g, without=j):
                continue
            for h in open_groups:
                if h != g and s.leader_fits(j, h):
                    s.apply_move(j, h)
                    rooms.grew(h)
                    s.add_leader(i, g)
                    return True
    return False


def choose_best_gain(s: State, i: int, room: list[int]) -> int:
    """Greedy rule: the group where leader i adds the most to the objective."""
    best, best_gain = room[0], -math.inf
    for g in room:
        s.add_leader(i, g)
        gain = s.objective()
        s.remove_leader(i)
        if gain > best_gain + 1e-12:
            best, best_gain = g, gain
    return best


# --- simulated annealing ------------------------------------------------------------------------


class Annealer:
    """Simulated annealing over leader moves and swaps and facilitator swaps/replacements.

    The temperature follows the share of the budget used: iterations when max_iterations is given
    (then the run is reproducible: the wall clock can only stop it early), else wall-clock time.
    """

    def __init__(self, s: State, rng: random.Random) -> None:
        self.s = s
        self.rng = rng
        c = s.c
        self.movable = [i for i in range(c.L) if c.fixed_leader[i] < 0]
        self.fmovable = [f for f in range(c.F) if c.fixed_fac[f] < 0]
        self.near = _nearest(c.dist[: c.L, : c.L])
        self.fnear = _nearest(c.dist[c.L :, c.L :])
        lo, hi = c.instance.params.group_size_min, c.instance.params.group_size_max
        self.size_lo, self.size_hi = lo, hi
        self.p_fac = 0.0
        if c.fpg > 0 and self.fmovable:
            self.p_fac = min(0.3, max(0.05, len(self.fmovable) / (len(self.movable) + 1) / 2))
        self.iterations = 0
        self.best = s.objective()
        self.best_snap = s.snapshot()

    def _propose(self) -> tuple[int, int, int, float] | None:
        """A random feasible move: (kind, x, y, delta); kind 0 move, 1 swap, 2 facilitator."""
        s, rng = self.s, self.rng
        if rng.random() < self.p_fac or not self.movable:
            return self._propose_other(fac=True)
        i = self.movable[int(rng.random() * len(self.movable))]
        if rng.random() < 0.6:
            j = self.near[i][int(rng.random() * len(self.near[i]))] if self.near[i] else i
        else:
            j = int(rng.random() * s.c.L)
        a, b = s.where[i], s.where[j]
        if a == b:
            return None
        if len(s.lead[a]) > self.size_lo and len(s.lead[b]) < self.size_hi and rng.random() < 0.5:
            return self._propose_move(i, b)
        if s.c.fixed_leader[j] >= 0:
            return None
        if not s.leader_fits(i, b, without=j) or not s.leader_fits(j, a, without=i):
            return None
        return (1, i, j, s.delta_swap(i, j))

    def _propose_move(self, i: int, b: int) -> tuple[int, int, int, float] | None:
        if not self.s.leader_fits(i, b):
            return None
        return (0, i, b, self.s.delta_move(i, b))

    def _propose_other(self, *, fac: bool) -> tuple[int, int, int, float] | None:
        """A facilitator swap, or the replacement of a seated facilitator by a free one."""
        s, rand = self.s, self.rng.random
        if not fac or not self.fmovable:
            return None
        f = self.fmovable[int(rand() * len(self.fmovable))]
        near = self.fnear[f]
        if rand() < 0.5 and near:
            h = near[int(rand() * len(near))]
        else:
            h = self.fmovable[int(rand() * len(self.fmovable))]
        a, b = s.fwhere[f], s.fwhere[h]
        if a < 0:
            if b < 0:
                return None
            f, h, a, b = h, f, b, a
        if a == b or s.c.fixed_fac[h] >= 0 or s.c.fixed_fac[f] >= 0:
            return None
        if not s.fac_fits(h, a, without=f) or (b >= 0 and not s.fac_fits(f, b, without=h)):
            return None
        return (2, f, h, s.delta_fswap(f, h))

    def _apply(self, kind: int, x: int, y: int) -> None:
        if kind == 0:
            self.s.apply_move(x, y)
        elif kind == 1:
            self.s.apply_swap(x, y)
        else:
            self.s.apply_fswap(x, y)

    def initial_temperature(self, samples: int = 400) -> float:
        worse = []
        for _ in range(samples):
            prop = self._propose()
            if prop is not None and prop[3] < 0:
                worse.append(-prop[3])
        if not worse:
            return 1e-6
        worse.sort()
        return worse[len(worse) // 2] / math.log(2)  # the median worsening: accepted half the time

    def run(
        self,
        *,
        max_iterations: int | None,
        deadline: float,
        t_start: float,
        t_end: float,
    ) -> None:
        """Anneal from t_start to t_end (geometric), keeping the best state seen in best_snap.

        Leader swaps, the bulk of the moves, are evaluated inline (same formulas as delta_swap,
        which the tests compare with a full evaluation); moves and facilitator swaps go through
        _propose_other.
        """
        s, c = self.s, self.s.c
        start = time.perf_counter()
        span = max(deadline - start, 1e-9)
        current = s.objective()
        at_best = current >= self.best
        ratio = t_end / t_start
        temp = t_start
        it = 0
        exp, rand = math.exp, self.rng.random
        # everything the swap evaluation reads, as locals
        where, lead, codes, cnt = s.where, s.lead, s.codes.of, s.cnt
        psum, kmsum, kmget, dist_item = s.psum, s.km, s.kmget, c.dist.item
        vdiv, vgeo, vsize, bands = s.vdiv, s.vgeo, s.vsize, s.bands
        need, band, cover, emp = c.need, c.band, s.cover, s.emp
        cemp, conf, fixed = c.cemp, c.conf, c.fixed_leader
        size_value = c.size_value
        size_cache: dict[tuple[int, ...], float] = {}  # band counts -> SIZE (n is their sum)
        wd, wg, ws, wc = s.wd, s.wg, s.ws, s.wc
        hi = max(len(m) for m in s.mem) + 2
        dinv = [2.0 / (n * (n - 1)) if n >= 2 else 0.0 for n in range(hi)]
        ginv = [2.0 / (m * (m - 1)) / c.geo_ref if m >= 2 else 0.0 for m in range(hi)]
        movable, near, n_movable = self.movable, self.near, len(self.movable)
        size_lo, size_hi, n_all = self.size_lo, self.size_hi, c.L
        p_fac, can_move = self.p_fac, self.size_lo < self.size_hi
        while True:
            if it & 255 == 0:
                now = time.perf_counter()
                if now >= deadline or (max_iterations is not None and it >= max_iterations):
                    break
                frac = it / max_iterations if max_iterations else (now - start) / span
                temp = t_start * ratio ** min(frac, 1.0)
            elif max_iterations is not None and it >= max_iterations:
                break
            it += 1
            r = rand()
            if r < p_fac or not n_movable:
                prop = self._propose_other(fac=True)
            else:
                i = movable[int(rand() * n_movable)]
                if r < p_fac + (1 - p_fac) * P_NEAR:
                    near_i = near[i]
                    j = near_i[int(rand() * len(near_i))] if near_i else i
                else:
                    j = int(rand() * n_all)
                a, b = where[i], where[j]
                if a == b:
                    continue
                na, nb = len(lead[a]), len(lead[b])
                if can_move and na > size_lo and nb < size_hi and rand() < 0.5:
                    prop = self._propose_move(i, b)
                elif fixed[j] >= 0:
                    continue
                else:
                    # --- leader swap i <-> j, inline -------------------------------------
                    ci, cj = codes[i], codes[j]
                    cla, clb = cnt[a], cnt[b]
                    if ci[3] != cj[3] and (clb[ci[3]] or cla[cj[3]]):
                        continue  # a direct competitor waits in the other group
                    if cemp[i] & emp[b] or cemp[j] & emp[a]:
                        continue
                    if conf[i] and any(where[x] == b and x != j for x in conf[i]):
                        continue
                    if conf[j] and any(where[x] == a and x != i for x in conf[j]):
                        continue
                    same_ij = (
                        (ci[0] == cj[0]) + (ci[1] == cj[1]) + (ci[2] == cj[2]) + (ci[3] == cj[3])
                    )
                    sec_ij = 1.0 - 0.25 * same_ij
                    # sector sums: i and j against group a (i inside) and group b (j inside)
                    ia = (na - 1) - 0.25 * (cla[ci[0]] + cla[ci[1]] + cla[ci[2]] + cla[ci[3]] - 4)
                    ja = na - 0.25 * (cla[cj[0]] + cla[cj[1]] + cla[cj[2]] + cla[cj[3]])
                    jb = (nb - 1) - 0.25 * (clb[cj[0]] + clb[cj[1]] + clb[cj[2]] + clb[cj[3]] - 4)
                    ib = nb - 0.25 * (clb[ci[0]] + clb[ci[1]] + clb[ci[2]] + clb[ci[3]])
                    da = (psum[a] - ia + ja - sec_ij) * dinv[na] + (na < 2)
                    db = (psum[b] - jb + ib - sec_ij) * dinv[nb] + (nb < 2)
                    dij = dist_item(i, j)
                    ma, mb = na + len(s.fac[a]), nb + len(s.fac[b])
                    ga = 1.0 - (kmsum[a] - kmget(a, i) + kmget(a, j) - dij) * ginv[ma]
                    gb = 1.0 - (kmsum[b] - kmget(b, j) + kmget(b, i) - dij) * ginv[mb]
                    delta = wd * (da + db - vdiv[a] - vdiv[b]) + wg * (ga + gb - vgeo[a] - vgeo[b])
                    bi, bj = band[i], band[j]
                    if bi != bj:
                        ba, bb = bands[a], bands[b]
                        ba[bi] -= 1
                        ba[bj] += 1
                        bb[bj] -= 1
                        bb[bi] += 1
                        ka_, kb_ = tuple(ba), tuple(bb)
                        sa = size_cache.get(ka_)
                        if sa is None:
                            sa = size_cache[ka_] = size_value(ba, na)
                        sb = size_cache.get(kb_)
                        if sb is None:
                            sb = size_cache[kb_] = size_value(bb, nb)
                        delta += ws * (sa + sb - vsize[a] - vsize[b])
                        ba[bi] += 1
                        ba[bj] -= 1
                        bb[bj] += 1
                        bb[bi] -= 1
                    ni, nj = need[i], need[j]
                    if ni != nj:
                        cva, cvb = cover[a], cover[b]
                        delta += wc * (
                            (nj & cva).bit_count()
                            - (ni & cva).bit_count()
                            + (ni & cvb).bit_count()
                            - (nj & cvb).bit_count()
                        )
                    prop = (1, i, j, delta)
            if prop is None:
                continue
            kind, x, y, delta = prop
            if delta >= 0 or rand() < exp(delta / temp):
                if delta < 0 and at_best:
                    self.best_snap = s.snapshot()
                    at_best = False
                self._apply(kind, x, y)
                current += delta
                if current > self.best + 1e-12:
                    self.best = current
                    at_best = True
        self.iterations += it
        if at_best:
            self.best_snap = s.snapshot()

    def restart_from(self, state: State) -> None:
        """Continue from another state of the same instance (the best one, rebuilt)."""
        self.s = state
        self.best = state.objective()
        self.best_snap = state.snapshot()

    def descend(self, *, max_rounds: int = 3, deadline: float) -> None:
        """First-improvement descent over all swaps with near leaders and all facilitator swaps."""
        s = self.s
        c = s.c
        for _ in range(max_rounds):
            improved = False
            for i in self.movable:
                if time.perf_counter() >= deadline:
                    return
                for j in self.near[i]:
                    a, b = s.where[i], s.where[j]
                    if a == b or c.fixed_leader[j] >= 0:
                        continue
                    if not s.leader_fits(i, b, without=j) or not s.leader_fits(j, a, without=i):
                        continue
                    if s.delta_swap(i, j) > 1e-12:
                        s.apply_swap(i, j)
                        improved = True
            for f in self.fmovable:
                for h in self.fnear[f]:
                    a, b = s.fwhere[f], s.fwhere[h]
                    if a < 0 or a == b or c.fixed_fac[h] >= 0:
                        continue
                    if not s.fac_fits(h, a, without=f):
                        continue
                    if b >= 0 and not s.fac_fits(f, b, without=h):
                        continue
                    if s.delta_fswap(f, h) > 1e-12:
                        s.apply_fswap(f, h)
                        improved = True
            if not improved:
                break
        value = s.objective()
        if value > self.best:
            self.best = value
            self.best_snap = s.snapshot()


def _nearest(dist: FloatMatrix) -> list[list[int]]:
    """For each row, the NEAR nearest other columns, nearest first."""
    n = dist.shape[0]
    if n <= 1:
        return [[] for _ in range(n)]
    count = min(NEAR, n - 1)
    d = dist + np.diag(np.full(n, np.inf))
    part = np.argpartition(d, count - 1, axis=1)[:, :count]
    order = np.take_along_axis(d, part, axis=1).argsort(axis=1, kind="stable")
    nearest: list[list[int]] = np.take_along_axis(part, order, axis=1).tolist()
    return nearest
