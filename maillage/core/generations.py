"""Generations: a counter per kind of data, bumped whenever that data changes, so that a copy
cached with the generation it was read at is never served once the data has moved on.

    rows = cached_for_generation("roles", f"roles:{user.pk}", read_rows, timeout=120)
    bump("roles")  # after any write to the data the rows come from

`bump` moves the counter at once (so the writer's next read, in the same transaction, reads
again) and once more when the transaction commits (so no copy read by another process between
the write and the commit survives it). The counter lives in the cache (Redis in production,
shared by every process); if it is evicted, a fresh one starts from the clock, never from a
value an old copy could carry.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction

from maillage.core import page_cache

_KEY = "generation:{name}"

# Bumps made by this process: a snapshot read before one of them is not used after it.
_local_bumps = 0


def _new_value() -> int:
    return time.time_ns()


def current(name: str) -> int:
    key = _KEY.format(name=name)
    value = cache.get(key)
    if value is None:
        cache.add(key, _new_value(), None)
        value = cache.get(key)
    return int(value)


def _bump_now(name: str) -> None:
    key = _KEY.format(name=name)
    try:
        cache.incr(key)
    except ValueError:  # evicted or never set
        cache.set(key, _new_value(), None)


def bump(name: str) -> None:
    """The data behind `name` changed: copies cached before now are not served again."""
    global _local_bumps
    _local_bumps += 1
    _bump_now(name)
    transaction.on_commit(lambda: _bump_now(name))


def cached_for_generation[T](name: str, key: str, read: Callable[[], T], timeout: int) -> T:
    """`read()`'s result, cached under `key` with generation `name`: one cache round trip when
    it is there and current; else read now and cached for `timeout` seconds."""
    return cached_in_snapshot(snapshot(name, [key]), name, key, read, timeout)


@dataclass
class Snapshot:
    """Several cached copies of one generation, read in one round trip (`snapshot`). Each key
    is served from it once (`cached_in_snapshot`), and none after this process bumps any
    generation: later reads go to the cache again."""

    generation: int
    keys: set[str]  # asked for and not served yet
    found: dict[str, Any]
    bumps: int = field(default_factory=lambda: _local_bumps)


def snapshot(name: str, keys: Iterable[str]) -> Snapshot:
    generation_key = _KEY.format(name=name)
    wanted = set(keys)
    found: dict[str, Any] = cache.get_many([generation_key, *sorted(wanted)])
    generation = found.pop(generation_key, None)
    if generation is None:
        generation = current(name)
    return Snapshot(generation, wanted, found)


def cached_in_snapshot[T](
    taken: Snapshot, name: str, key: str, read: Callable[[], T], timeout: int
) -> T:
    """`cached_for_generation`, with no round trip when `taken` holds the key."""
    if taken.bumps != _local_bumps or key not in taken.keys:
        return cached_for_generation(name, key, read, timeout)
    page_cache.note(_KEY.format(name=name), taken.generation)
    taken.keys.discard(key)
    stored = taken.found.get(key)
    if stored is not None and stored[0] == taken.generation:
        value: T = stored[1]
        return value
    value = read()
    cache.set(key, (taken.generation, value), timeout)
    return value
