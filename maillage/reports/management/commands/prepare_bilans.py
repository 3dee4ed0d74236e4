"""`python manage.py prepare_bilans`: compute every territory and network bilan now (see
maillage/reports/bilan/prepared.py). After a deploy, and from cron."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from maillage.reports.bilan.prepared import prepare_all


class Command(BaseCommand):
    help = "Compute every territory and network bilan into the cache."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = prepare_all()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{count} bilans prepared in {time.monotonic() - started:.0f} s.")
