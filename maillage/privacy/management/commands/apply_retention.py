"""`python manage.py apply_retention`: apply settings.RETENTION now (idempotent; run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Apply the retention policy (settings.RETENTION): purge what has been kept too long."

    def handle(self, *args: Any, **options: Any) -> None:
        for result in apply_retention():
            if not result.implemented:
                state = "not modelled yet"
            elif result.months is None:
                state = "kept (no period set)"
            else:
                state = f"after {result.months} months: {result.affected} purged"
            self.stdout.write(f"{result.kind}: {state}")
