"""How long each kind of data is kept: `settings.RETENTION`, applied by
`python manage.py apply_retention` (or the task `apply_retention_task`), daily.

Each kind has a period in months (None: kept) counted from its own starting point:

| kind | counted from | what happens |
|---|---|---|
| audit_addresses | the audit entry | its IP address is removed (the entry stays) |
| minutes | the closing of the edition | the meeting's minutes are deleted |
| applications | the closing of the edition | its applications are deleted (whatever their status) |
| documents | the closing of the edition | its meetings' documents are deleted, files included |
| ideas | the closing of the edition | the ideas noted in its meetings are deleted |
| survey_answers | the closing of the edition | the answers to its surveys are deleted |

Every rule is idempotent: a second run finds nothing left to do and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from maillage.business.models import Idea
from maillage.core.audit import audit, audit_per_territory
from maillage.core.models import AuditEntry
from maillage.editions.models import add_months
from maillage.editions.recruitment.models import Application
from maillage.meetings.models import MeetingDocument, Minutes
from maillage.surveys.models import Response

DEFAULT_RETENTION: dict[str, int | None] = {
    "audit_addresses": 12,
    "minutes": None,
    "applications": None,
    "documents": None,
    "ideas": None,
    "survey_answers": None,
}


@dataclass(frozen=True)
class RetentionResult:
    kind: str
    months: int | None  # None: kept
    affected: int  # rows changed or deleted by this run
    implemented: bool = True


def policy() -> dict[str, int | None]:
    """The retention period of each kind, in months: the defaults, overridden by the setting."""
    configured = getattr(settings, "RETENTION", {})
    unknown = set(configured) - set(DEFAULT_RETENTION)
    if unknown:
        raise ValueError(f"Unknown kinds in settings.RETENTION: {sorted(unknown)}")
    return {**DEFAULT_RETENTION, **configured}


def purge_audit_addresses(months: int, now: datetime.datetime) -> int:
    """Remove the IP address of audit entries older than `months`."""
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    return AuditEntry.objects.filter(at__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


def _delete_after_closing(
    rows: QuerySet[Any], edition_path: str, kind: str, months: int, now: datetime.datetime
) -> int:
    """Delete the rows whose edition (reached by `edition_path`) closed more than `months`
    ago; one audit entry per territory, so that its staff see it in their trail."""
    cutoff = add_months(timezone.localdate(now), -months)
    rows = rows.filter(**{f"{edition_path}__closing_date__lte": cutoff})
    territory = f"{edition_path}__territory_id"
    per_territory = dict(
        rows.order_by().values(territory).annotate(n=Count("pk")).values_list(territory, "n")
    )
    if not per_territory:
        return 0
    rows.delete()
    audit_per_territory(None, f"privacy.retention.{kind}_deleted", per_territory, months=months)
    return sum(per_territory.values())


def delete_old_minutes(months: int, now: datetime.datetime) -> int:
    """Delete the minutes (and their revisions) of editions closed more than `months` ago."""
    return _delete_after_closing(Minutes.objects.all(), "meeting__edition", "minutes", months, now)


def delete_old_applications(months: int, now: datetime.datetime) -> int:
    """Delete the applications to editions closed more than `months` ago, whatever their
    status: an accepted one lives on as the person and firm of the programme, with its own
    rules; a declined or waitlisted applicant leaves nothing behind."""
    return _delete_after_closing(Application.objects.all(), "edition", "applications", months, now)


def delete_old_documents(months: int, now: datetime.datetime) -> int:
    """Delete the documents shared for the meetings of editions closed more than `months` ago;
    their files go once the deletion commits (the model's post_delete receiver)."""
    return _delete_after_closing(
        MeetingDocument.objects.all(), "meeting__edition", "documents", months, now
    )


def delete_old_ideas(months: int, now: datetime.datetime) -> int:
    """Delete the ideas noted in editions closed more than `months` ago."""
    return _delete_after_closing(Idea.objects.all(), "group__edition", "ideas", months, now)


def delete_old_survey_answers(months: int, now: datetime.datetime) -> int:
    """Delete the answers (responses and their items) to the surveys of editions closed more
    than `months` ago; the surveys and their invitation dates stay."""
    return _delete_after_closing(
        Response.objects.all(), "survey__edition", "survey_answers", months, now
    )


RULES: dict[str, Callable[[int, datetime.datetime], int]] = {
    "audit_addresses": purge_audit_addresses,
    "minutes": delete_old_minutes,
    "applications": delete_old_applications,
    "documents": delete_old_documents,
    "ideas": delete_old_ideas,
    "survey_answers": delete_old_survey_answers,
}


def apply_retention(now: datetime.datetime | None = None) -> list[RetentionResult]:
    """Apply every rule of the policy (one transaction per kind)."""
    now = now or timezone.now()
    results = []
    for kind, months in policy().items():
        rule = RULES.get(kind)
        if rule is None:
            results.append(RetentionResult(kind, months, 0, implemented=False))
            continue
        if months is None:
            results.append(RetentionResult(kind, None, 0))
            continue
        with transaction.atomic():
            affected = rule(months, now)
            if affected and kind == "audit_addresses":
                audit(None, "privacy.retention.addresses_purged", count=affected, months=months)
        results.append(RetentionResult(kind, months, affected))
    return results
