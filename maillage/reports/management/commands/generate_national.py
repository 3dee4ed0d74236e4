"""`python manage.py generate_national`: the national-scale dataset (see
maillage/reports/national/__init__.py). Never in production: it creates a whole network."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.reports.national import AlreadyGenerated, Shape, generate


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Generate the national-scale dataset (100 territories, 15,000 people…) in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the network")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=_day, default=None, help="anchor day; default today")

    def handle(self, *args: Any, **options: Any) -> None:
        shape = Shape() if options["scale"] == 1.0 else Shape.scaled(options["scale"])
        verbose = options["verbosity"] >= 1
        try:
            summary = generate(
                shape=shape,
                seed=options["seed"],
                today=options["today"],
                log=self.stdout.write if verbose else None,
            )
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        if verbose:
            for label, count in sorted(summary.counts.items(), key=lambda item: -item[1]):
                self.stdout.write(f"{count:>9,}  {label}")
            self.stdout.write(
                f"{summary.rows:,} rows in {summary.total_seconds:.0f} s "
                f"({', '.join(f'{k} {v:.0f} s' for k, v in summary.seconds.items())})"
            )
