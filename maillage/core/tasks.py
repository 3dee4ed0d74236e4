"""Background work of the core app: thin adapters."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from maillage.core import prepared


@task()
def prepared_refresh_task(*, path: str, args: list[Any]) -> None:
    """Compute network-wide figures again (see `maillage.core.prepared`)."""
    try:
        prepared.compute(path, args)
    finally:
        prepared.release(path, args)
