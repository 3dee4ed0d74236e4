"""Impossible instances are reported with the constraint that makes them impossible."""

from __future__ import annotations

from dataclasses import replace

from maillage.engines.formation import Instance, Result, form_groups, result_to_json

from .builders import facilitator, instance, leader, six_leaders_two_groups


def solve(inst: Instance) -> Result:
    return form_groups(inst, seed=1, time_limit_s=5, max_iterations=1000)


def test_too_few_facilitators_from_distinct_employers_is_infeasible() -> None:
    # 9 seats (3 groups of 3) and 9 facilitators, but employer 1 lends 5 and can fill only
    # 3 seats (one per group): 3 + 2 + 1 + 1 = 7 placeable
    employers = [1, 1, 1, 1, 1, 2, 2, 3, 4]
    facs = [facilitator(n, employer=e) for n, e in enumerate(employers)]
    inst = instance([leader(n) for n in range(9)], facs, num_groups=3, facilitators_per_group=3)
    result = solve(inst)
    assert result.status == "infeasible"
    assert result.reason.startswith("only 7 facilitators from distinct employers for 3 groups")


def test_fewer_facilitators_than_seats_is_infeasible() -> None:
    inst = six_leaders_two_groups(num_groups=2, facilitators_per_group=3)
    result = solve(inst)
    assert result.status == "infeasible"
    assert result.reason == "only 4 facilitators for 2 groups of 3"


def test_the_reason_carries_a_code_and_its_values_for_the_application_to_translate() -> None:
    out = result_to_json(solve(six_leaders_two_groups(num_groups=2, facilitators_per_group=3)))
    assert out["reason"] == "only 4 facilitators for 2 groups of 3"
    assert out["reason_code"] == "too_few_facilitators"
    assert out["reason_params"] == {"facilitators": 4, "groups": 2, "per_group": 3}


def test_too_few_leaders_for_the_groups_is_infeasible() -> None:
    result = solve(six_leaders_two_groups(num_groups=4, group_size_min=2))
    assert result.status == "infeasible"
    assert result.reason == "only 6 leaders for 4 groups of at least 2 leaders"


def test_too_many_leaders_for_the_groups_is_infeasible() -> None:
    result = solve(six_leaders_two_groups(num_groups=1, group_size_max=4))
    assert result.status == "infeasible"
    assert result.reason == "6 leaders do not fit in 1 groups of at most 4 leaders"


def test_more_direct_competitors_than_groups_is_infeasible() -> None:
    leaders = [leader(n, naf="25.62A" if n < 3 else f"{10 + n}.11Z") for n in range(6)]
    result = solve(instance(leaders, [facilitator(n, n + 1) for n in range(2)], num_groups=2))
    assert result.status == "infeasible"
    assert "3 leaders share the NAF class 25.62" in result.reason


def test_a_person_fixed_to_a_group_that_does_not_exist_is_infeasible() -> None:
    inst = six_leaders_two_groups()
    inst = replace(inst, leaders=(replace(inst.leaders[0], fixed_group=5), *inst.leaders[1:]))
    result = solve(inst)
    assert result.status == "infeasible"
    assert result.reason == "leader 0 is fixed to group 5, but there are only 2 groups"


def test_two_competitors_fixed_to_the_same_group_is_infeasible() -> None:
    leaders = [leader(n) for n in range(6)]
    leaders[0] = replace(leaders[0], naf="25.62A", fixed_group=0)
    leaders[1] = replace(leaders[1], naf="25.62B", fixed_group=0)
    result = solve(instance(leaders, [facilitator(n, n + 1) for n in range(2)], num_groups=2))
    assert result.status == "infeasible"
    assert "share the NAF class 25.62" in result.reason


def test_a_leader_refusing_every_employer_is_infeasible() -> None:
    leaders = [leader(n) for n in range(6)]
    leaders[0] = replace(leaders[0], conflict_employers=(1, 2))
    facs = [facilitator(n, n % 2 + 1) for n in range(2)]
    result = solve(instance(leaders, facs, num_groups=2))
    assert result.status == "infeasible"
    assert result.reason.startswith("leader 0 declared conflicts with all but 0 of the")


def test_conflicts_no_count_explains_are_proven_impossible_by_cp_sat() -> None:
    # leaders 0, 1, 2 all in conflict with each other, but only 2 groups
    leaders = [leader(n) for n in range(6)]
    for n in range(3):
        leaders[n] = replace(leaders[n], conflicts=tuple(m for m in range(3) if m != n))
    result = solve(instance(leaders, [facilitator(n, n + 1) for n in range(2)], num_groups=2))
    assert result.status == "infeasible"
    assert result.reason == "no assignment satisfies the declared conflicts between leaders"


def test_an_infeasible_result_has_no_groups() -> None:
    result = solve(six_leaders_two_groups(num_groups=4))
    assert result.groups == ()


def test_leaders_fixed_to_one_group_leaving_too_few_for_the_others_is_infeasible() -> None:
    inst = six_leaders_two_groups(group_size_min=3, group_size_max=5)
    fixed = tuple(replace(x, fixed_group=0) for x in inst.leaders[:4])
    result = solve(replace(inst, leaders=(*fixed, *inst.leaders[4:])))
    assert result.status == "infeasible"
    assert result.reason == (
        "the groups need 3 more leaders to reach their minimum of 3, "
        "but only 2 leaders are not fixed to a group"
    )
