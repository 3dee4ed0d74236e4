"""`python manage.py time_bilan`: how long the bilan takes, and how many queries, at each level.

Times the network's bilan (every network, or `--network SLUG`), and with `--territories` each
territory's too; the best of `--repeat` runs, on the wall clock, queries counted on the first.
For docs/PERFORMANCE.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.reports.bilan import Scope, bilan, network_scope, territory_scope
from maillage.territories.models import Network, Territory


class Command(BaseCommand):
    help = "Time the bilan of the network (and of its territories) and count its queries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--network", help="the network's slug (default: every network)")
        parser.add_argument("--territories", action="store_true", help="each territory too")
        parser.add_argument("--repeat", type=int, default=3, help="runs per bilan (best kept)")

    def handle(self, *args: Any, **options: Any) -> None:
        networks = Network.objects.order_by("slug")
        if options["network"]:
            networks = networks.filter(slug=options["network"])
        for network in networks:
            self._time(network_scope(network), options["repeat"])
            if options["territories"]:
                for territory in Territory.objects.filter(network=network).order_by("slug"):
                    self._time(territory_scope(territory), options["repeat"])

    def _time(self, scope: Scope, repeat: int) -> None:
        with CaptureQueriesContext(connection) as queries:
            report = bilan(scope)
        best = float("inf")
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            bilan(scope)
            best = min(best, time.perf_counter() - started)
        activity = report.activity
        self.stdout.write(
            f"{scope.level} {scope.title}: {best:.2f} s, {len(queries)} queries "
            f"({activity.leaders} leaders, {activity.meetings_held} meetings held, "
            f"{report.exchanges.contacts} contacts, {report.change.answered} answers, "
            f"{report.change.network_people} people in the network figures)"
        )
