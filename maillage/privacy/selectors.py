"""Reads of the privacy app: the audit trail of a territory, a person's consent log."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maillage.core.models import AuditEntry
from maillage.privacy.models import ConsentEvent
from maillage.territories.models import Person


def territory_trail(territory_id: int, action: str = "") -> QuerySet[AuditEntry]:
    """The territory's entries, newest first; `action` keeps one action code, or a family of
    them by its prefix ("editions" → editions.*). No join: the actor is shown by its label."""
    entries = AuditEntry.objects.filter(territory_id=territory_id)
    if action:
        entries = entries.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    return entries.order_by("-at", "-id")


def trail_actions(territory_id: int) -> list[str]:
    """The action codes found in the territory's trail (one query), for the filter."""
    return list(
        AuditEntry.objects.filter(territory_id=territory_id)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def consent_log(person: Person, limit: int = 50) -> list[ConsentEvent]:
    return list(ConsentEvent.objects.filter(person=person).order_by("-at", "-id")[:limit])
