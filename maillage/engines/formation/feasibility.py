"""Why an instance has no solution: counting arguments first, CP-SAT when they are not enough.

The counting checks are necessary conditions, each naming the constraint it proves impossible
("only 5 facilitators from distinct employers for 3 groups of 3"). When they pass but the search
finds no feasible start, a CP-SAT model of the hard constraints, each family switched on by an
assumption literal, either finds an assignment or proves there is none and names the families
of an infeasible core.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ortools.sat.python import cp_model

from .model import Id, Reason
from .objective import Compiled


def number_of_groups(c: Compiled) -> tuple[int, str]:
    """The number of groups (given, or the fewest the size bounds allow) or a reason it fails."""
    p = c.instance.params
    leaders, lo, hi = c.L, p.group_size_min, p.group_size_max
    if leaders == 0:
        return 0, Reason("no leaders to place", "no_leaders")
    if p.num_groups is not None:
        k = p.num_groups
        if leaders < k * lo:
            return k, Reason(
                f"only {leaders} leaders for {k} groups of at least {lo} leaders",
                "too_few_leaders",
                leaders=leaders,
                groups=k,
                min=lo,
            )
        if leaders > k * hi:
            return k, Reason(
                f"{leaders} leaders do not fit in {k} groups of at most {hi} leaders",
                "too_many_leaders",
                leaders=leaders,
                groups=k,
                max=hi,
            )
        return k, ""
    k_min, k_max = math.ceil(leaders / hi), leaders // lo
    if k_min > k_max:
        return k_min, Reason(
            f"{leaders} leaders cannot be split into groups of {lo} to {hi} leaders",
            "leaders_split",
            leaders=leaders,
            min=lo,
            max=hi,
        )
    return k_min, ""


def counting_reason(c: Compiled, k: int) -> str:
    """The first necessary condition the instance breaks, in words, or ''."""
    inst = c.instance
    fpg, facilitators = c.fpg, c.F
    hi = inst.params.group_size_max
    if facilitators < k * fpg:
        return Reason(
            f"only {facilitators} facilitators for {k} groups of {fpg}",
            "too_few_facilitators",
            facilitators=facilitators,
            groups=k,
            per_group=fpg,
        )
    by_employer = Counter(c.fac_emp)
    if fpg > 0 and len(by_employer) < fpg:
        return Reason(
            f"the facilitators come from only {len(by_employer)} employers, "
            f"and each group needs {fpg} from different employers",
            "too_few_employers",
            employers=len(by_employer),
            per_group=fpg,
        )
    placeable = sum(min(n, k) for n in by_employer.values())
    if placeable < k * fpg:
        return Reason(
            f"only {placeable} facilitators from distinct employers for {k} groups "
            f"of {fpg} (a group takes at most one facilitator per employer)",
            "too_few_distinct_facilitators",
            facilitators=placeable,
            groups=k,
            per_group=fpg,
        )
    for cls, n in Counter(c.naf_class).most_common(1):
        if n > k:
            return Reason(
                f"{n} leaders share the NAF class {cls} (direct competitors), "
                f"more than the {k} groups",
                "naf_competitors",
                count=n,
                naf=cls,
                groups=k,
            )
    names_l = [x.id for x in inst.leaders]
    names_f = [x.id for x in inst.facilitators]
    for i, g in enumerate(c.fixed_leader):
        if g >= k:
            return Reason(
                f"leader {names_l[i]!r} is fixed to group {g}, but there are only {k} groups",
                "leader_fixed_beyond",
                leader=names_l[i],
                group=g,
                groups=k,
            )
    for f, g in enumerate(c.fixed_fac):
        if g >= k:
            return Reason(
                f"facilitator {names_f[f]!r} is fixed to group {g}, but there are only {k} groups",
                "facilitator_fixed_beyond",
                facilitator=names_f[f],
                group=g,
                groups=k,
            )
    fixed_per_group = Counter(g for g in c.fixed_leader if g >= 0)
    for g, n in fixed_per_group.items():
        if n > hi:
            return Reason(
                f"{n} leaders are fixed to group {g}, more than its maximum of {hi}",
                "group_fixed_over_max",
                count=n,
                group=g,
                max=hi,
            )
    lo = inst.params.group_size_min
    free = c.L - sum(fixed_per_group.values())
    missing = sum(max(0, lo - fixed_per_group.get(g, 0)) for g in range(k))
    if missing > free:
        return Reason(
            f"the groups need {missing} more leaders to reach their minimum of {lo}, "
            f"but only {free} leaders are not fixed to a group",
            "fixed_leave_too_few",
            missing=missing,
            min=lo,
            free=free,
        )
    for g, n in Counter(g for g in c.fixed_fac if g >= 0).items():
        if n > fpg:
            return Reason(
                f"{n} facilitators are fixed to group {g}, more than the {fpg} it takes",
                "group_fixed_facilitators",
                count=n,
                group=g,
                per_group=fpg,
            )
    reason = _fixed_pairs(c, names_l, names_f)
    if reason:
        return reason
    for i in range(c.L):
        if not c.cemp[i]:
            continue
        allowed = {e for f, e in enumerate(c.fac_emp) if not c.cemp[i] >> e & 1}
        if len(allowed) < fpg:
            return Reason(
                f"leader {names_l[i]!r} declared conflicts with all but {len(allowed)} of the "
                f"facilitators' employers, and a group needs {fpg} facilitators from "
                "different employers",
                "leader_employer_conflicts",
                leader=names_l[i],
                allowed=len(allowed),
                per_group=fpg,
            )
    return ""


def _fixed_pairs(c: Compiled, names_l: Sequence[Id], names_f: Sequence[Id]) -> str:
    """Two people fixed to the same group who may not sit together."""
    fixed_l: dict[int, list[int]] = {}
    for i, g in enumerate(c.fixed_leader):
        if g >= 0:
            fixed_l.setdefault(g, []).append(i)
    fixed_f: dict[int, list[int]] = {}
    for f, g in enumerate(c.fixed_fac):
        if g >= 0:
            fixed_f.setdefault(g, []).append(f)
    for g, leaders in fixed_l.items():
        for x, i in enumerate(leaders):
            for j in leaders[x + 1 :]:
                if c.naf_class[i] == c.naf_class[j]:
                    return Reason(
                        f"leaders {names_l[i]!r} and {names_l[j]!r} are both fixed to group {g} "
                        f"but share the NAF class {c.naf_class[i]}",
                        "fixed_pair_naf",
                        leader=names_l[i],
                        other=names_l[j],
                        group=g,
                        naf=c.naf_class[i],
                    )
                if j in c.conf[i]:
                    return Reason(
                        f"leaders {names_l[i]!r} and {names_l[j]!r} are both fixed to group {g} "
                        "but declared a conflict",
                        "fixed_pair_conflict",
                        leader=names_l[i],
                        other=names_l[j],
                        group=g,
                    )
            for f in fixed_f.get(g, []):
                if c.cemp[i] >> c.fac_emp[f] & 1:
                    return Reason(
                        f"leader {names_l[i]!r} and facilitator {names_f[f]!r} are both fixed to "
                        f"group {g} but the leader declared a conflict with its employer",
                        "fixed_leader_employer",
                        leader=names_l[i],
                        facilitator=names_f[f],
                        group=g,
                    )
    for g, facs in fixed_f.items():
        employers = Counter(c.fac_emp[f] for f in facs)
        for e, n in employers.items():
            if n > 1:
                return Reason(
                    f"{n} facilitators from {c.employer_names[e]!r} are fixed to group {g}, "
                    "and a group takes at most one facilitator per employer",
                    "fixed_same_employer",
                    count=n,
                    employer=c.employer_names[e],
                    group=g,
                )
    return ""


FAMILIES = {
    "sizes": "the group sizes",
    "facilitators": "the number of facilitators per group",
    "employers": "the distinct employers of a group's facilitators",
    "naf": "the NAF classes (no two direct competitors in a group)",
    "conflicts": "the declared conflicts between leaders",
    "employer_conflicts": "the conflicts leaders declared with facilitators' employers",
    "fixed": "the people fixed to a group",
}


def cpsat_assignment(
    c: Compiled, k: int, *, time_limit_s: float, seed: int
) -> tuple[list[int] | None, list[int] | None, str]:
    """A feasible (leader groups, facilitator groups), or None and the reason.

    Deterministic: one worker, a deterministic-time limit, a fixed seed.
    """
    p = c.instance.params
    m = cp_model.CpModel()
    on = {name: m.new_bool_var(name) for name in FAMILIES}
    G = range(k)
    x = [[m.new_bool_var(f"x{i}_{g}") for g in G] for i in range(c.L)]
    y = [[m.new_bool_var(f"y{f}_{g}") for g in G] for f in range(c.F)]
    for i in range(c.L):
        m.add_exactly_one(x[i])
        if c.fixed_leader[i] >= 0:
            m.add(x[i][c.fixed_leader[i]] == 1).only_enforce_if(on["fixed"])
    for f in range(c.F):
        m.add_at_most_one(y[f])
        if c.fixed_fac[f] >= 0:
            m.add(y[f][c.fixed_fac[f]] == 1).only_enforce_if(on["fixed"])
    by_class: dict[str, list[int]] = {}
    for i, cls in enumerate(c.naf_class):
        by_class.setdefault(cls, []).append(i)
    by_employer: dict[int, list[int]] = {}
    for f, e in enumerate(c.fac_emp):
        by_employer.setdefault(e, []).append(f)
    for g in G:
        size = sum(x[i][g] for i in range(c.L))
        m.add(size >= p.group_size_min).only_enforce_if(on["sizes"])
        m.add(size <= p.group_size_max).only_enforce_if(on["sizes"])
        m.add(sum(y[f][g] for f in range(c.F)) == c.fpg).only_enforce_if(on["facilitators"])
        for facs in by_employer.values():
            if len(facs) > 1:
                m.add(sum(y[f][g] for f in facs) <= 1).only_enforce_if(on["employers"])
        for leaders in by_class.values():
            if len(leaders) > 1:
                m.add(sum(x[i][g] for i in leaders) <= 1).only_enforce_if(on["naf"])
        for i in range(c.L):
            for j in c.conf[i]:
                if i < j:
                    m.add_bool_or([x[i][g].Not(), x[j][g].Not()]).only_enforce_if(on["conflicts"])
            if c.cemp[i]:
                for f in range(c.F):
                    if c.cemp[i] >> c.fac_emp[f] & 1:
                        m.add_bool_or([x[i][g].Not(), y[f][g].Not()]).only_enforce_if(
                            on["employer_conflicts"]
                        )
    m.add_assumptions(list(on.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = max(time_limit_s, 0.1)
    solver.parameters.max_time_in_seconds = max(time_limit_s * 2, 0.2)
    status = solver.solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        where = [next(g for g in G if solver.boolean_value(x[i][g])) for i in range(c.L)]
        fwhere = [next((g for g in G if solver.boolean_value(y[f][g])), -1) for f in range(c.F)]
        return where, fwhere, ""
    if status == cp_model.INFEASIBLE:
        core = set(solver.sufficient_assumptions_for_infeasibility())
        names = [name for name, lit in on.items() if lit.index in core]
        if not names:
            return (
                None,
                None,
                Reason("no assignment satisfies the hard constraints", "no_assignment"),
            )
        listed = [FAMILIES[n] for n in names]
        text = (
            f"no assignment satisfies {listed[0]}"
            if len(listed) == 1
            else "no assignment satisfies together " + ", ".join(listed[:-1]) + " and " + listed[-1]
        )
        return None, None, Reason(text, "no_assignment_for", families=",".join(names))
    return (
        None,
        None,
        Reason(
            "no feasible assignment found within the time limit (not proven impossible)",
            "time_limit",
        ),
    )
