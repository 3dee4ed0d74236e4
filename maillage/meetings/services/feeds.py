"""Private calendar feeds: a secret URL per person, revocable. Only the secret's hash is kept."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import hash_token
from maillage.core.audit import audit
from maillage.meetings.models import CalendarFeed
from maillage.territories.models import Person


@transaction.atomic
def calendar_feed_create(*, person: Person, by: Any) -> str:
    """A new feed secret for `person` (the previous ones stop working), returned once."""
    calendar_feed_revoke(person=person, by=by, audited=False)
    raw = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(person=person, token_hash=hash_token(raw))
    audit(by, "meetings.calendar_feed.created", obj=feed)
    return raw


@transaction.atomic
def calendar_feed_revoke(*, person: Person, by: Any, audited: bool = True) -> int:
    """Revoke every feed of `person`; the number revoked."""
    revoked = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked and audited:
        audit(by, "meetings.calendar_feed.revoked", obj=person, feeds=revoked)
    return revoked


def person_for_feed(raw: str) -> Person | None:
    """The person whose live feed has this secret, or None. A deactivated account's feeds
    answer nothing, as its sessions and API tokens (they come back if it is reactivated)."""
    if not raw or len(raw) > 200:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .exclude(person__user__is_active=False)
        .select_related("person")
        .first()
    )
    return feed.person if feed is not None else None
