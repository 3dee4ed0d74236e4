from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.territories.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the NAF rev. 2 nomenclature and the Roannais communes (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        self.stdout.write(
            f"Reference data loaded: {counts.activity_codes} NAF rev. 2 codes, "
            f"{counts.communes} communes."
        )
