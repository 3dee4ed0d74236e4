from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.engines.scheduling import (
    HostCandidate,
    HostPlan,
    HostSlot,
    MemberId,
    propose_hosts,
)


def open_slots(count: int) -> list[HostSlot]:
    return [HostSlot(number) for number in range(1, count + 1)]


def hosts_in_order(plan: HostPlan) -> list[MemberId | None]:
    return [assignment.host for assignment in plan.assignments]


willing_flags = st.lists(st.booleans(), min_size=1, max_size=14)


@settings(deadline=None, max_examples=200)
@given(willing=willing_flags, meeting_count=st.integers(0, 30), seed=st.integers(0, 10**6))
def test_nobody_hosts_twice_before_every_willing_member_hosted_once(
    willing: list[bool], meeting_count: int, seed: int
) -> None:
    members = [HostCandidate(index, willing=flag) for index, flag in enumerate(willing)]
    willing_ids = {m.id for m in members if m.willing}
    plan = propose_hosts(members, open_slots(meeting_count), seed=seed)
    hosted: Counter[MemberId | None] = Counter()
    for host in hosts_in_order(plan):
        if hosted[host] >= 1:
            assert all(hosted[member] >= 1 for member in willing_ids)
        hosted[host] += 1


@settings(deadline=None, max_examples=200)
@given(
    members=st.lists(st.tuples(st.booleans(), st.integers(0, 3)), min_size=1, max_size=12),
    fixed=st.lists(st.one_of(st.none(), st.integers(0, 11)), max_size=24),
    seed=st.integers(0, 10**6),
)
def test_each_proposed_host_had_hosted_the_fewest_times_among_the_willing(
    members: list[tuple[bool, int]], fixed: list[int | None], seed: int
) -> None:
    candidates = [
        HostCandidate(index, willing=flag, hosted=hosted)
        for index, (flag, hosted) in enumerate(members)
    ]
    slots = [
        HostSlot(number, host if host is None or host < len(candidates) else None)
        for number, host in enumerate(fixed, start=1)
    ]
    plan = propose_hosts(candidates, slots, seed=seed)
    counts: Counter[MemberId] = Counter({c.id: c.hosted for c in candidates})
    counts.update(slot.host for slot in slots if slot.host is not None)
    willing_ids = [c.id for c in candidates if c.willing]
    for assignment in plan.assignments:
        if assignment.proposed and assignment.host is not None:
            assert assignment.host in willing_ids
            assert counts[assignment.host] == min(counts[i] for i in willing_ids)
            counts[assignment.host] += 1
    assert dict(plan.counts) == dict(counts)


@settings(deadline=None, max_examples=100)
@given(size=st.integers(2, 12), rounds=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_hosting_is_spread_evenly_over_full_rounds(size: int, rounds: int, seed: int) -> None:
    members = [HostCandidate(f"m{index}") for index in range(size)]
    plan = propose_hosts(members, open_slots(size * rounds), seed=seed)
    assert set(Counter(hosts_in_order(plan)).values()) == {rounds}


@settings(deadline=None, max_examples=100)
@given(size=st.integers(2, 12), seed=st.integers(0, 10**6))
def test_nobody_hosts_two_meetings_in_a_row_when_others_can(size: int, seed: int) -> None:
    members = [HostCandidate(index) for index in range(size)]
    hosts = hosts_in_order(propose_hosts(members, open_slots(3 * size), seed=seed))
    assert all(first != second for first, second in pairwise(hosts))


def test_members_not_willing_are_never_proposed() -> None:
    members = [HostCandidate(1), HostCandidate(2, willing=False), HostCandidate(3)]
    plan = propose_hosts(members, open_slots(10), seed=1)
    assert set(hosts_in_order(plan)) == {1, 3}


def test_hosts_already_set_are_kept() -> None:
    members = [HostCandidate(1), HostCandidate(2), HostCandidate(3)]
    plan = propose_hosts(members, [HostSlot(1), HostSlot(2, host=3), HostSlot(3)], seed=0)
    assert plan.host_of(2) == 3
    assert [a.proposed for a in plan.assignments] == [True, False, True]


def test_a_member_booked_later_is_not_proposed_before_the_others() -> None:
    members = [HostCandidate(1), HostCandidate(2), HostCandidate(3)]
    plan = propose_hosts(members, [HostSlot(1), HostSlot(2), HostSlot(3, host=1)], seed=5)
    assert set(hosts_in_order(plan)[:2]) == {2, 3}


def test_those_who_hosted_most_wait_for_the_others() -> None:
    members = [HostCandidate(1, hosted=2), HostCandidate(2, hosted=0), HostCandidate(3, hosted=1)]
    plan = propose_hosts(members, open_slots(3), seed=3)
    # Member 2 catches up first; member 1 waits until the others have hosted twice.
    assert hosts_in_order(plan) == [2, 3, 2]


def test_without_willing_members_meetings_stay_without_host() -> None:
    members = [HostCandidate(1, willing=False)]
    plan = propose_hosts(members, [HostSlot(1), HostSlot(2, host=1), HostSlot(3)], seed=0)
    assert plan.unfilled == (1, 3)


def test_same_seed_gives_the_same_rotation() -> None:
    members = [HostCandidate(index) for index in range(12)]
    first = propose_hosts(members, open_slots(24), seed=42)
    again = propose_hosts(list(reversed(members)), open_slots(24), seed=42)
    assert hosts_in_order(first) == hosts_in_order(again)


def test_another_seed_gives_another_rotation() -> None:
    members = [HostCandidate(index) for index in range(12)]
    rotations = {
        tuple(hosts_in_order(propose_hosts(members, open_slots(24), seed=seed)))
        for seed in range(5)
    }
    assert len(rotations) > 1


def test_duplicated_members_are_refused() -> None:
    with pytest.raises(ValueError, match="Members appear twice: 1"):
        propose_hosts([HostCandidate(1), HostCandidate(1)], open_slots(2))


def test_an_unknown_host_is_refused() -> None:
    with pytest.raises(ValueError, match="hosted by 9, who is not among the members"):
        propose_hosts([HostCandidate(1)], [HostSlot(1, host=9)])


def test_a_negative_hosting_count_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot have hosted -1 times"):
        HostCandidate(1, hosted=-1)
