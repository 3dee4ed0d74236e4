"""Propose who hosts each meeting (the meeting visits the host's firm).

Rule: fill the open meetings in the order given (chronological), each time with a willing member
who has hosted the fewest times so far, so that nobody hosts twice before every willing member
has hosted once (and, more generally, hosting counts never differ by more than one among the
members the proposal chooses from). "So far" counts the times each member already hosted, plus
the meetings already given to them in the list, wherever those meetings fall: a member already
booked for a later meeting is not proposed again before the others have had their turn.
Among equally counted members, the host of the previous meeting is avoided when someone else
is available, and the rest is drawn with a seeded random generator: same input, same seed,
same proposal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

MemberId = int | str


@dataclass(frozen=True)
class HostCandidate:
    """A member of the group: whether they are willing to host, how often they already did."""

    id: MemberId
    willing: bool = True
    hosted: int = 0

    def __post_init__(self) -> None:
        if self.hosted < 0:
            raise ValueError(f"Member {self.id!r} cannot have hosted {self.hosted} times.")


@dataclass(frozen=True)
class HostSlot:
    """A meeting to give a host: `host` is set when already decided (kept as it is)."""

    number: int
    host: MemberId | None = None


@dataclass(frozen=True)
class HostAssignment:
    number: int
    host: MemberId | None
    proposed: bool  # False when the host was already set


@dataclass(frozen=True)
class HostPlan:
    assignments: tuple[HostAssignment, ...]
    counts: tuple[tuple[MemberId, int], ...]  # times each member will have hosted, by member

    @property
    def unfilled(self) -> tuple[int, ...]:
        """Meetings left without host: nobody in the group is willing to host."""
        return tuple(a.number for a in self.assignments if a.host is None)

    def host_of(self, number: int) -> MemberId | None:
        for assignment in self.assignments:
            if assignment.number == number:
                return assignment.host
        raise KeyError(number)


def propose_hosts(
    members: Sequence[HostCandidate], slots: Sequence[HostSlot], *, seed: int = 0
) -> HostPlan:
    """Give a host to every slot without one (see the module doc for the rule)."""
    ids = [member.id for member in members]
    if len(set(ids)) != len(ids):
        duplicated = sorted({str(i) for i in ids if ids.count(i) > 1})
        raise ValueError(f"Members appear twice: {', '.join(duplicated)}.")
    numbers = [slot.number for slot in slots]
    if len(set(numbers)) != len(numbers):
        raise ValueError("A meeting number appears twice among the meetings to fill.")
    counts: dict[MemberId, int] = {member.id: member.hosted for member in members}
    for slot in slots:
        if slot.host is not None:
            if slot.host not in counts:
                raise ValueError(
                    f"Meeting {slot.number} is hosted by {slot.host!r}, who is not among the "
                    "members given (give former members too, as not willing)."
                )
            counts[slot.host] += 1
    # Sorted so that the draw does not depend on the order the members came in.
    willing = sorted((m.id for m in members if m.willing), key=lambda i: (type(i).__name__, i))
    rng = random.Random(seed)
    assignments: list[HostAssignment] = []
    previous: MemberId | None = None
    for slot in slots:
        if slot.host is not None:
            assignments.append(HostAssignment(slot.number, slot.host, proposed=False))
            previous = slot.host
            continue
        if not willing:
            assignments.append(HostAssignment(slot.number, None, proposed=True))
            previous = None
            continue
        fewest = min(counts[i] for i in willing)
        candidates = [i for i in willing if counts[i] == fewest]
        if len(candidates) > 1 and previous in candidates:
            candidates.remove(previous)
        host = rng.choice(candidates)
        counts[host] += 1
        assignments.append(HostAssignment(slot.number, host, proposed=True))
        previous = host
    return HostPlan(tuple(assignments), tuple((m.id, counts[m.id]) for m in members))
