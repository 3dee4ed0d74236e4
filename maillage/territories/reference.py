"""Load the reference data committed with the code (NAF rev. 2, the Roannais communes) into the
database: idempotent and in bulk, for the demo and for a production set-up alike.

    python manage.py load_reference_data
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from maillage.territories.data import naf_sections, naf_subclasses, roannais_communes
from maillage.territories.models import ActivityCode, Commune


@dataclass(frozen=True)
class ReferenceCounts:
    activity_codes: int
    communes: int


def load_activity_codes() -> int:
    """Create or update the NAF rev. 2 sub-classes; returns how many the nomenclature has."""
    section_labels = {section.section: section.label for section in naf_sections()}
    rows = [
        ActivityCode(
            nomenclature=ActivityCode.Nomenclature.NAF_REV2,
            code=row.code,
            label=row.label,
            section=row.section,
            section_label=section_labels[row.section],
        )
        for row in naf_subclasses()
    ]
    ActivityCode.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["nomenclature", "code"],
        update_fields=["label", "section", "section_label"],
    )
    return len(rows)


def load_communes() -> int:
    """Create or update the communes of the Roannais with their coordinates."""
    rows = [
        Commune(
            insee_code=row.insee,
            name=row.name,
            postal_code=row.postal_code,
            department=row.department,
            latitude=row.lat,
            longitude=row.lon,
        )
        for row in roannais_communes()
    ]
    Commune.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=["name", "postal_code", "department", "latitude", "longitude"],
    )
    return len(rows)


def load_reference_data() -> ReferenceCounts:
    """Load every reference table; running it again changes nothing (or updates labels)."""
    with transaction.atomic():
        return ReferenceCounts(activity_codes=load_activity_codes(), communes=load_communes())
