"""`manage.py french_plurals`: writes locale/fr from the English catalogue's plural messages
(see maillage.core.catalogue); then `compilemessages`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from maillage.core.catalogue import write_french_plurals


class Command(BaseCommand):
    help = "Write the French catalogue of plural forms from the English catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        locale = Path(settings.BASE_DIR) / "locale"
        count = write_french_plurals(
            locale / "en" / "LC_MESSAGES" / "django.po", locale / "fr" / "LC_MESSAGES" / "django.po"
        )
        self.stdout.write(f"{count} plural messages written to locale/fr.")
