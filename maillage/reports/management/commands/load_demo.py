"""`python manage.py load_demo`: the Roannais demo, anchored on today (or `--today`)."""

from __future__ import annotations

import argparse
import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.reports.demo import PASSWORD, DemoError, demo_build, demo_delete, demo_exists


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Load the Roannais demo (four editions, groups, meetings) and its demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=_day, default=None, help="anchor day (YYYY-MM-DD); default: today"
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--reset", action="store_true", help="delete the demo and its accounts, then rebuild"
        )
        mode.add_argument(
            "--if-empty", action="store_true", help="do nothing if the demo is already there"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["today"] or timezone.localdate()
        if demo_exists():
            if options["if_empty"]:
                self.stdout.write("The demo is already there: nothing to do.")
                return
            if not options["reset"]:
                raise CommandError(
                    "The demo is already loaded. Use --reset to rebuild it (its data and "
                    "accounts are deleted first) or --if-empty to keep it."
                )
        started = time.monotonic()
        try:
            if options["reset"]:
                demo_delete()
            summary = demo_build(today=today)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Demo loaded, anchored on {summary.today:%Y-%m-%d}: territory "
            f"{summary.territory.name} ({summary.territory.slug}), {summary.editions} editions, "
            f"{summary.groups} groups, {summary.meetings} meetings "
            f"({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write(f"Demo logins (password: {PASSWORD}):")
        for account in summary.accounts:
            self.stdout.write(f"  {account.email:<36} {account.role}")
            if account.totp_secret:
                self.stdout.write(f"  {'':<36} TOTP secret (demo only): {account.totp_secret}")
