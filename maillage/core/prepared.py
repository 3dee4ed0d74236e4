"""Figures over a whole network, prepared in the background and served from the cache.

Some pages show aggregates over every row of a network: the territories of a network admin with
their leader counts, the ratings of every theme of the catalogue. Computed on every request they
would read whole tables, and take longer as the network grows. Such a page asks for them through
the module-level function that computes them::

    figures = prepared(network_territory_rows, network_id)
    figures.value, figures.computed_at  # the page shows when they were computed

- fresh in the cache (younger than `max_age_seconds`): served as they are;
- stale: served as they are, and a background task (`core.tasks.prepared_refresh_task`, any
  worker) computes them again; a short lock keeps it to one task however many requests see them;
- missing (the first request after a deploy or a cache flush): computed now, then cached.

The cache is Redis in production (REDIS_URL), shared by every web process and worker.
Arguments are JSON values (ids); results anything picklable.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

# Kept well beyond their age limit: stale figures are served while the task computes new ones.
RETENTION_SECONDS = 7 * 86400
LOCK_SECONDS = 300


@dataclass(frozen=True)
class Prepared:
    value: Any
    computed_at: datetime.datetime


def _path(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _key(path: str, args: list[Any]) -> str:
    return f"prepared:{path}:{json.dumps(args, separators=(',', ':'))}"


def compute(path: str, args: list[Any]) -> Prepared:
    """Compute now and cache (the task's work, and the first request's)."""
    figures = Prepared(import_string(path)(*args), timezone.now())
    cache.set(_key(path, args), figures, RETENTION_SECONDS)
    return figures


def prepared(function: Callable[..., Any], *args: Any, max_age_seconds: int = 600) -> Prepared:
    """What `function(*args)` returns, from the cache when it is there (see the module)."""
    path, arguments = _path(function), list(args)
    key = _key(path, arguments)
    found: Prepared | None = cache.get(key)
    if found is None:
        return compute(path, arguments)
    stale = timezone.now() - found.computed_at > datetime.timedelta(seconds=max_age_seconds)
    if stale and cache.add(f"{key}:refreshing", 1, LOCK_SECONDS):
        from maillage.core.tasks import prepared_refresh_task

        prepared_refresh_task.enqueue(path=path, args=arguments)
    return found


def release(path: str, args: list[Any]) -> None:
    cache.delete(f"{_key(path, args)}:refreshing")
