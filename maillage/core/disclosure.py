"""The small-number rule for sums shown beside their total (amounts won, by year or group).

A sum resting on fewer than `minimum` people is hidden: it could be one member's income. When a
total is shown beside its parts, the total less the parts shown is what the hidden parts hold
together; if that rests on 1 to `minimum` - 1 people, it gives them away. Then the shown part
resting on the fewest people is hidden too (secondary suppression, as statistics offices do),
until the hidden parts rest on no one or on `minimum` people, or all parts are hidden. The
total itself shows when it rests on `minimum` people.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import accumulate


def parts_shown(
    parts: Sequence[Collection[int]], minimum: int, unlisted: Sequence[Collection[int]] = ()
) -> list[bool]:
    """For each part (the ids of the people its sum rests on), whether its sum may show.
    `unlisted`: parts summed into the total that have no row of their own (always hidden)."""
    people = [set(part) for part in parts]
    shown = [len(part) >= minimum for part in people]
    hidden = set().union(
        *(set(part) for part in unlisted),
        *(part for part, is_shown in zip(people, shown, strict=True) if not is_shown),
    )
    while 0 < len(hidden) < minimum and any(shown):
        fewest = min(
            (index for index, is_shown in enumerate(shown) if is_shown),
            key=lambda index: (len(people[index]), index),
        )
        shown[fewest] = False
        hidden |= people[fewest]
    return shown


def disjoint_parts_shown(sizes: Sequence[int], minimum: int) -> list[bool]:
    """`parts_shown` for parts that share no one (each rating in one part only): each part
    given by how many it rests on."""
    starts = accumulate(sizes, initial=0)  # one more than the sizes: the total, unused
    parts = [range(start, start + size) for start, size in zip(starts, sizes, strict=False)]
    return parts_shown(parts, minimum)
