"""Each hard constraint, on small instances."""

from __future__ import annotations

from dataclasses import replace

from maillage.engines.formation import Instance, Result, form_groups
from maillage.engines.formation.objective import Compiled, groups_by_ids, violations

from .builders import facilitator, instance, leader, six_leaders_two_groups


def solve(inst: Instance) -> Result:
    return form_groups(inst, seed=1, time_limit_s=5, max_iterations=3000)


def group_of(result: Result, person: object) -> int:
    return next(g.id for g in result.groups if person in g.leaders or person in g.facilitators)


def test_every_leader_is_in_exactly_one_group() -> None:
    result = solve(six_leaders_two_groups())
    placed = [x for g in result.groups for x in g.leaders]
    assert sorted(placed) == list(range(6))


def test_the_given_number_of_groups_is_formed() -> None:
    result = solve(six_leaders_two_groups(num_groups=3, group_size_min=2, group_size_max=2))
    assert len(result.groups) == 3


def test_the_number_of_groups_is_the_fewest_the_sizes_allow_when_not_given() -> None:
    inst = instance(
        [leader(n) for n in range(7)],
        [facilitator(n, employer=n % 3 + 1) for n in range(4)],
        group_size_min=2,
        group_size_max=3,
    )
    result = solve(inst)
    assert len(result.groups) == 3


def test_group_sizes_stay_within_the_bounds() -> None:
    result = solve(six_leaders_two_groups(group_size_min=3, group_size_max=3))
    assert [len(g.leaders) for g in result.groups] == [3, 3]


def test_each_group_gets_its_number_of_facilitators_from_different_employers() -> None:
    facs = [facilitator(n, employer=1 if n < 2 else n) for n in range(6)]
    inst = instance([leader(n) for n in range(6)], facs, num_groups=2, facilitators_per_group=2)
    result = solve(inst)
    employer = {f.id: f.employer for f in facs}
    for g in result.groups:
        assert len(g.facilitators) == 2
        assert len({employer[f] for f in g.facilitators}) == 2


def test_a_facilitator_sits_in_at_most_one_group() -> None:
    result = solve(six_leaders_two_groups())
    seated = [f for g in result.groups for f in g.facilitators]
    assert len(seated) == len(set(seated)) == 2


def test_two_leaders_of_the_same_naf_class_never_share_a_group() -> None:
    leaders = [leader(n, naf="25.62A" if n < 2 else f"{10 + n}.11Z") for n in range(6)]
    leaders[1] = replace(leaders[1], naf="25.62B", lat=leaders[0].lat)  # same class, next door
    result = solve(instance(leaders, [facilitator(n, n + 1) for n in range(2)], num_groups=2))
    assert group_of(result, 0) != group_of(result, 1)


def test_leaders_who_declared_a_conflict_never_share_a_group() -> None:
    leaders = [leader(n) for n in range(6)]
    leaders[0] = replace(leaders[0], conflicts=(1,))
    leaders[1] = replace(leaders[1], lat=leaders[0].lat)
    result = solve(instance(leaders, [facilitator(n, n + 1) for n in range(2)], num_groups=2))
    assert group_of(result, 0) != group_of(result, 1)


def test_a_leader_never_gets_a_facilitator_from_an_employer_it_refused() -> None:
    leaders = [leader(n) for n in range(4)]
    leaders[0] = replace(leaders[0], conflict_employers=(1,))
    facs = [facilitator(0, employer=1, lat=leaders[0].lat, lon=leaders[0].lon), facilitator(1, 2)]
    result = solve(instance(leaders, facs, num_groups=2, group_size_min=2, group_size_max=2))
    assert group_of(result, 0) != group_of(result, 100)


def test_fixed_people_stay_in_their_group() -> None:
    leaders = [leader(n) for n in range(6)]
    leaders[0] = replace(leaders[0], fixed_group=1)
    leaders[5] = replace(leaders[5], fixed_group=1)
    facs = [facilitator(n, n + 1) for n in range(3)]
    facs[2] = replace(facs[2], fixed_group=0)
    result = solve(instance(leaders, facs, num_groups=2))
    assert group_of(result, 0) == group_of(result, 5) == 1
    assert group_of(result, 102) == 0


def test_a_feasible_result_breaks_no_hard_constraint() -> None:
    inst = six_leaders_two_groups()
    result = solve(inst)
    c = Compiled(inst)
    groups = groups_by_ids(c, [(g.leaders, g.facilitators) for g in result.groups])
    assert result.status in ("feasible", "optimal")
    assert violations(c, groups, 2) == []


def test_a_single_leader_forms_a_single_group() -> None:
    inst = instance([leader(0)], [facilitator(0, 1)], group_size_min=1)
    result = solve(inst)
    assert [g.leaders for g in result.groups] == [(0,)]
