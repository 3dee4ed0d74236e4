"""Audit entries, written from inside services:

audit(actor, "meetings.minutes.published", obj=minutes)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from maillage.core.models import AuditEntry


def audit(
    actor: Any,
    action: str,
    *,
    obj: models.Model | None = None,
    territory_id: int | None = None,
    ip_address: str | None = None,
    **data: Any,
) -> AuditEntry:
    """Record that `actor` (a user, or None for the system) did `action` on `obj`."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_full_name()[:200] if is_user else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        territory_id=territory_id,
        ip_address=ip_address,
        data=data,
    )


def audit_per_territory(
    actor: Any,
    action: str,
    counts: Mapping[int, int],
    *,
    ip_address: str | None = None,
    **data: Any,
) -> None:
    """One entry per territory with its `count` of rows affected, so that each territory's
    staff see their share in their trail (and nothing of the others')."""
    for territory_id, count in sorted(counts.items()):
        audit(actor, action, territory_id=territory_id, ip_address=ip_address, count=count, **data)
