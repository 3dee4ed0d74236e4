"""Background work of the privacy app: thin adapters over services."""

from __future__ import annotations

from django.tasks import task

from maillage.privacy.retention import apply_retention


@task()
def apply_retention_task() -> dict[str, int]:
    """Apply the retention policy (schedule it daily; running it twice changes nothing)."""
    return {result.kind: result.affected for result in apply_retention()}
