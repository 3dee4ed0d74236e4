"""Shared base models and the audit trail. No business rules here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Entries are never deleted and never rewritten, with two exceptions that privacy law
    demands: erasure pseudonymises the actor's label, retention purges old addresses."""

    ERASABLE_FIELDS = frozenset({"actor_label", "ip_address"})

    def update(self, **kwargs: Any) -> int:
        if not set(kwargs) <= self.ERASABLE_FIELDS:
            raise ValueError("Audit entries are append-only.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit entries are append-only.")


class AuditEntry(models.Model):
    """One state change or export: who, what, when, from where. Append-only.

    Keyed on the user's id (`actor`), shown by `actor_label`, which erasure replaces by a
    pseudonym; `ip_address` is purged after the retention period (privacy.retention).
    """

    # Now, unless a history is being written (the demo's past): the entry is never changed.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    territory_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit entries are append-only.")
