"""The periodic job of reminders: run it every 5 to 15 minutes (cron or systemd timer).

It creates the reminders that are due (7 days and 1 day before each meeting) and hands every
message still to send to the task workers (`manage.py db_worker`). Running it twice, or on two
machines at once, sends nothing twice: see `maillage.meetings.services.reminders`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.meetings.services.reminders import reminders_dispatch


class Command(BaseCommand):
    help = "Queue the meeting reminders that are due, and retry those that failed."

    def handle(self, *args: Any, **options: Any) -> None:
        handed = reminders_dispatch()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{len(handed)} reminder(s) handed to the workers.")
