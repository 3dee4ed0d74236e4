"""`manage.py send_due_surveys`, daily: the standard questionnaires due today go out
(see maillage.surveys.schedule)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.surveys.schedule import send_due_surveys


class Command(BaseCommand):
    help = "Create and send the standard questionnaires that fall due today."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_surveys()
        if options["verbosity"] >= 1:
            created = sum(1 for item in sent if item.created)
            invited = sum(item.invited for item in sent)
            self.stdout.write(f"{created} questionnaire(s) created, {invited} invitation(s) sent.")
