"""The emails of the meetings app: who receives them, in which language, and how they render.

Each email is rendered in its recipient's language (their account's, else the site's) and in the
territory's time zone. They carry dates, venues, theme titles and links: never minutes, a
member's challenge or anything else confidential to a group.

A template's first line is the subject; the body follows a blank line.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from maillage.editions.models import Membership
from maillage.meetings.models import Meeting
from maillage.territories.models import Person


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def meeting_url(meeting: Meeting) -> str:
    return absolute(reverse("meetings:meeting", args=[meeting.pk]))


def language_of(person: Person) -> str:
    user = person.user if person.user_id else None
    if user is not None and user.language:
        return str(user.language)
    return str(settings.LANGUAGE_CODE)


def zone_of(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.edition.territory.time_zone)


def _memberships_on(meeting: Meeting, day: datetime.date) -> QuerySet[Membership]:
    """The memberships of the meeting's group (or, for an edition event, of all the edition's
    groups) not ended by `day`."""
    memberships = Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    if meeting.group_id is not None:
        return memberships.filter(group_id=meeting.group_id)
    return memberships.filter(group__edition_id=meeting.edition_id)


def active_memberships(meeting: Meeting) -> QuerySet[Membership]:
    """The memberships expected at a meeting: its group's (or, for an edition event, all the
    edition's groups'), joined by the meeting's day and not left before it (its day in the
    territory: 08:00 in Nouméa is the evening before in UTC)."""
    day = local_day(meeting.starts_at, zone_of(meeting))
    return _memberships_on(meeting, day).filter(joined_on__lte=day)


def still_in_group(meeting: Meeting, today: datetime.date) -> QuerySet[Membership]:
    """The memberships of the meeting's group (or, for an edition event, the edition's groups)
    not ended by `today`: who may still receive something about it."""
    return _memberships_on(meeting, today)


def expected_people(meeting: Meeting) -> list[Person]:
    """Who is expected at a meeting, each once (with their account, for the language)."""
    ids = active_memberships(meeting).values("person_id")
    return list(
        Person.objects.filter(pk__in=ids)
        .select_related("user", "company")
        .order_by("last_name", "first_name", "pk")
    )


def reachable(person: Person) -> bool:
    """A person we may email about the programme."""
    return bool(person.email) and person.email_consent


def render(
    template: str, context: Mapping[str, Any], *, language: str, zone: ZoneInfo | None = None
) -> tuple[str, str]:
    """(subject, body) of `meetings/email/<template>.txt` in `language` and `zone`."""
    with translation.override(language), timezone.override(zone or timezone.get_current_timezone()):
        text = render_to_string(f"meetings/email/{template}.txt", dict(context))
    subject, _, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def send(*, to: str, subject: str, body: str, language: str) -> None:
    """Send one email; SMTP errors propagate (the caller decides to retry or report)."""
    EmailMessage(subject=subject, body=body, to=[to], headers={"Content-Language": language}).send()


def send_to_people(
    people: Iterable[Person],
    template: str,
    context: Mapping[str, Any],
    *,
    zone: ZoneInfo | None = None,
) -> int:
    """Send `template` to each reachable person, in their language; the number sent."""
    sent = 0
    for person in people:
        if not reachable(person):
            continue
        language = language_of(person)
        subject, body = render(
            template, {**context, "person": person}, language=language, zone=zone
        )
        send(to=person.email, subject=subject, body=body, language=language)
        sent += 1
    return sent


def local_day(moment: datetime.datetime, zone: ZoneInfo) -> datetime.date:
    return moment.astimezone(zone).date()
