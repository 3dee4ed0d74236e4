"""form_groups(): checks, construction, annealing, report."""

from __future__ import annotations

import logging
import random
import time

from .bound import upper_bound
from .feasibility import counting_reason, cpsat_assignment, number_of_groups
from .model import Components, Group, Instance, Result
from .objective import Compiled, evaluate, violations
from .search import Annealer, State, choose_best_gain, seat_facilitators, seat_leaders, state_from
from .start import geographic_start

log = logging.getLogger(__name__)

# Starting temperature: this share of the one at which the median worsening move is accepted
# half the time (the geographic start is good; a hot start would throw it away). Measured on the
# 1,200-leader bench instance: 0.01-0.03 best, 0.1 -0.2 point, 1.0 -0.8 point.
T0_FACTOR = 0.02
# The upper bound (min-cost flows over all pairs) is computed to prove optimality up to this many
# people (it takes ~0.1 s there, ~1.5 s for 1,500).
BOUND_MAX_PEOPLE = 400


def form_groups(
    instance: Instance,
    *,
    seed: int = 0,
    time_limit_s: float = 10.0,
    max_iterations: int | None = None,
) -> Result:
    """Partition the leaders (and seat facilitators) into groups; see the package docstring.

    Reproducible: the same instance, seed and max_iterations give the same groups, unless the
    time limit stops the search first. Without max_iterations, the annealing schedule follows the
    wall clock, so runs may differ.
    """
    started = time.perf_counter()
    deadline = started + time_limit_s
    c = Compiled(instance)
    k, reason = number_of_groups(c)
    if not reason:
        reason = counting_reason(c, k)
    if reason:
        return Result(status="infeasible", reason=reason, elapsed_s=time.perf_counter() - started)
    rng = random.Random(seed)
    state = construct(c, k, rng)
    if state is None:
        log.info("greedy construction failed, asking CP-SAT for a feasible start")
        budget = max(0.5, (deadline - time.perf_counter()) * 0.5)
        where, fwhere, reason = cpsat_assignment(c, k, time_limit_s=budget, seed=seed)
        if where is None or fwhere is None:
            return Result(
                status="infeasible", reason=reason, elapsed_s=time.perf_counter() - started
            )
        state = state_from(c, k, where, fwhere)
    log.info(
        "start objective %.3f after %.2f s", 100 * state.objective(), time.perf_counter() - started
    )
    annealer = Annealer(state, rng)
    t0 = annealer.initial_temperature() * T0_FACTOR
    # keep time to rebuild the best state, polish it and check it: about what building took
    reserve = max(0.02 * time_limit_s, 2.0 * (time.perf_counter() - started) / 3)
    annealer.run(
        max_iterations=max_iterations,
        deadline=deadline - reserve,
        t_start=t0,
        t_end=t0 * 1e-3,
    )
    final = state_from(c, k, *annealer.best_snap)
    annealer.restart_from(final)
    annealer.descend(deadline=deadline - reserve / 2)
    log.info(
        "annealing: %d iterations, objective %.3f, %.2f s",
        annealer.iterations,
        100 * final.objective(),
        time.perf_counter() - started,
    )
    proven = c.L + c.F <= BOUND_MAX_PEOPLE
    result = report(c, k, final, iterations=annealer.iterations, started=started, prove=proven)
    log.info("reported after %.2f s", time.perf_counter() - started)
    return result


def construct(c: Compiled, k: int, rng: random.Random) -> State | None:
    """A feasible start: geographic clusters (start.py), else the greedy; None when neither
    finds one (both fill groups to balanced sizes, which can leave one under its minimum: the
    search only makes feasible moves, so it must start feasible)."""
    state = geographic_start(c, k, rng)
    if state is not None and not violations(c, state.groups(), k):
        return state
    log.info("geographic start failed, trying the greedy")
    state = greedy(c, k, rng)
    if state is not None and not violations(c, state.groups(), k):
        return state
    return None


def greedy(c: Compiled, k: int, rng: random.Random) -> State | None:
    """Facilitators dealt by employer, then each leader, in random order, where it adds most."""
    state = State(c, k)
    if not seat_facilitators(state, rng):
        return None
    if not seat_leaders(state, rng, choose_best_gain):
        return None
    return state


def greedy_baseline(instance: Instance, *, seed: int = 0) -> Result:
    """The greedy alone (the benchmark's baseline)."""
    started = time.perf_counter()
    c = Compiled(instance)
    k, reason = number_of_groups(c)
    if not reason:
        reason = counting_reason(c, k)
    state = None if reason else greedy(c, k, random.Random(seed))
    if state is None:
        return Result(status="infeasible", reason=reason or "the greedy got stuck")
    return report(c, k, state, iterations=0, started=started)


def report(
    c: Compiled, k: int, state: State, *, iterations: int, started: float, prove: bool = False
) -> Result:
    """The result of a feasible state; "optimal" when it reaches the upper bound (bound.py),
    computed when `prove` is set."""
    groups = state.groups()
    broken = violations(c, groups, k)
    if broken:  # never expected: the search only makes feasible moves
        raise AssertionError("formation produced an infeasible assignment: " + "; ".join(broken))
    ev = evaluate(c, groups)
    inst = c.instance
    optimal = prove and ev.objective >= upper_bound(c, k).objective - 1e-6
    return Result(
        status="optimal" if optimal else "feasible",
        reason="",
        groups=tuple(
            Group(
                id=g,
                leaders=tuple(inst.leaders[i].id for i in leaders),
                facilitators=tuple(inst.facilitators[f].id for f in facs),
                score=ev.group_scores[g],
                components=ev.group_components[g],
            )
            for g, (leaders, facs) in enumerate(groups)
        ),
        objective=ev.objective,
        components=Components(
            ev.components.div, ev.components.geo, ev.components.size, ev.components.cov
        ),
        iterations=iterations,
        elapsed_s=time.perf_counter() - started,
    )
