"""A seeded national-scale dataset for benchmarks and scale tests (issue 10).

    python manage.py generate_national [--scale 1.0] [--seed 1] [--today YYYY-MM-DD]

At scale 1: one network, 100 territories, 500 editions (and the next ones recruiting), 1,000
groups, 15,000 people, about 25,000 meetings, 350,000 attendance rows, 100,000 contacts and
100,000 referrals, with ideas, ratings, ballots and votes, surveys and their answers, and an
audit trail. Same seed and day, same data.

Written in bulk (COPY on PostgreSQL, executemany on SQLite) with ids handed out up front: the
plan is built in memory (`world.py`), then each app's part writes its tables, in `PARTS`
order. A new app adds its part here: a function `build(world, writer)` in a module of this
package, reading the plan and writing through `writer.insert`.

The database must be migrated and hold the reference data (the command loads it); the network
must not exist yet. Accounts get no usable password: the benchmark opens sessions directly
(`bench/throughput.py`).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from maillage.core import page_cache
from maillage.core.roles import bump_roles
from maillage.reports.national import (
    audit,
    business,
    editions,
    meetings,
    surveys,
    territories,
    themes,
)
from maillage.reports.national.world import NETWORK_SLUG, Shape, World
from maillage.reports.national.writer import Log, Writer
from maillage.territories.models import Network
from maillage.territories.reference import load_reference_data

__all__ = ["NETWORK_SLUG", "PARTS", "AlreadyGenerated", "Shape", "Summary", "generate"]

type Part = Callable[[World, Writer], None]

PARTS: list[tuple[str, Part]] = [
    ("territories", territories.build),
    ("editions", editions.build),
    ("themes catalogue", themes.build_catalogue),
    ("meetings", meetings.build),
    ("themes", themes.build),
    ("business", business.build),
    ("surveys", surveys.build),
    ("audit", audit.build),
]


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    seconds: dict[str, float]  # per part
    total_seconds: float
    world: World

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class AlreadyGenerated(Exception):
    pass


def generate(
    *,
    shape: Shape | None = None,
    seed: int = 1,
    today: datetime.date | None = None,
    log: Log | None = None,
) -> Summary:
    """Build the dataset into the default database."""
    started = time.monotonic()
    say: Log = log or (lambda message: None)
    if Network.objects.filter(slug=NETWORK_SLUG).exists():
        raise AlreadyGenerated(f"The network {NETWORK_SLUG!r} exists already.")
    load_reference_data()
    writer = Writer(log=say)
    now = timezone.now()
    if today is not None:
        now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    world = World(shape=shape or Shape(), seed=seed, today=timezone.localdate(now), now=now)
    seconds: dict[str, float] = {}
    for name, part in PARTS:
        say(f"{name}…")
        part_started = time.monotonic()
        part(world, writer)
        seconds[name] = time.monotonic() - part_started
    say("sequences and statistics…")
    part_started = time.monotonic()
    writer.finish()
    bump_roles()  # written in bulk: no signal told the roles cache
    page_cache.forget_all()  # nor did the connection see COPY's rows
    seconds["finish"] = time.monotonic() - part_started
    return Summary(writer.counts, seconds, time.monotonic() - started, world)
