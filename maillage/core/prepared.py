"""Figures over a whole network, prepared in the background and served from the cache.

Some pages show aggregates over every row of a network: the territories of a network admin with
their leader counts, the ratings of every theme of the catalogue, the people of the directory.
Computed on every request they would read whole tables, and take longer as the network grows.
Such a page asks for them through the module-level function that computes them::

    figures = prepared(network_territory_rows, network_id)
    figures.value, figures.computed_at  # the page shows when they were computed

- fresh in the cache (younger than `max_age_seconds`): served as they are;
- stale: served as they are, and a background task (`core.tasks.prepared_refresh_task`, any
  worker) computes them again; a short lock keeps it to one task however many requests see them;
- missing (the first request after a deploy or a cache flush): computed now, then cached.

The cache is Redis in production (REDIS_URL), shared by every web process and worker. Each
process also keeps the last values it read, checked against the cache's small "computed at"
entry: a large value (the directory of a national network) is unpickled once per computation,
not once per request. Arguments are JSON values (ids); results anything picklable, never
modified by their readers.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from maillage.core import page_cache

# Kept well beyond their age limit: stale figures are served while the task computes new ones.
RETENTION_SECONDS = 7 * 86400
LOCK_SECONDS = 300
MEMO_SIZE = 128


@dataclass(frozen=True)
class Prepared:
    value: Any
    computed_at: datetime.datetime


_memo: dict[str, Prepared] = {}


def _path(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _key(path: str, args: list[Any]) -> str:
    digest = hashlib.sha256(json.dumps(args, separators=(",", ":")).encode()).hexdigest()[:32]
    return f"prepared:{path}:{digest}"


def _remember(key: str, figures: Prepared) -> Prepared:
    if key not in _memo and len(_memo) >= MEMO_SIZE:
        del _memo[next(iter(_memo))]
    _memo[key] = figures
    return figures


def compute(path: str, args: list[Any]) -> Prepared:
    """Compute now and cache (the task's work, and the first request's)."""
    figures = Prepared(import_string(path)(*args), timezone.now())
    key = _key(path, args)
    cache.set(key, figures, RETENTION_SECONDS)
    cache.set(f"{key}:at", figures.computed_at, RETENTION_SECONDS)
    return _remember(key, figures)


def prepared(function: Callable[..., Any], *args: Any, max_age_seconds: int = 600) -> Prepared:
    """What `function(*args)` returns, from the cache when it is there (see the module)."""
    path, arguments = _path(function), list(args)
    key = _key(path, arguments)
    computed_at: datetime.datetime | None = cache.get(f"{key}:at")
    if computed_at is None:
        figures = compute(path, arguments)
        page_cache.note(f"{key}:at", figures.computed_at)
        return figures
    page_cache.note(f"{key}:at", computed_at)
    found = _memo.get(key)
    if found is None or found.computed_at != computed_at:
        found = cache.get(key)
        if found is None:
            return compute(path, arguments)
        _remember(key, found)
    stale = timezone.now() - found.computed_at > datetime.timedelta(seconds=max_age_seconds)
    if stale and cache.add(f"{key}:refreshing", 1, LOCK_SECONDS):
        from maillage.core.tasks import prepared_refresh_task

        prepared_refresh_task.enqueue(path=path, args=arguments)
    return found


def release(path: str, args: list[Any]) -> None:
    cache.delete(f"{_key(path, args)}:refreshing")
