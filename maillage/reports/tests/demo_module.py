"""The demo, built once for a test module (committed) and removed at its end, with what it left
behind: its audit trail (append-only in the product, so removed here by the tests alone) and the
reference data it loaded, so that the modules run after it in the same process start clean."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.db.models import Max

from maillage.core.models import AuditEntry
from maillage.reports.demo import demo_delete
from maillage.territories.models import ActivityCode, Commune


@contextmanager
def demo_for_the_module(today: datetime.date) -> Iterator[str]:
    """Load the demo anchored on `today`; yields what `load_demo` printed."""
    had_reference_data = ActivityCode.objects.exists() or Commune.objects.exists()
    last_entry = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    output = StringIO()
    call_command("load_demo", "--today", today.isoformat(), stdout=output)
    try:
        yield output.getvalue()
    finally:
        demo_delete()
        AuditEntry._base_manager.filter(pk__gt=last_entry).delete()
        if not had_reference_data:
            ActivityCode.objects.all().delete()
            Commune.objects.all().delete()
