"""What themes add to the home page and the navigation: a ballot waiting for my vote, a meeting
waiting for my rating; the group's themes and the catalogue."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.editions.permissions import roles_of
from maillage.meetings.models import Attendance, Meeting
from maillage.themes.models import Ballot, MeetingRating, Vote
from maillage.themes.permissions import ATTENDED

# A held meeting waits for the attendee's rating this long.
RATING_WINDOW = datetime.timedelta(days=45)


def navigation(request: HttpRequest) -> Iterator[NavItem]:
    """Members of a current group: its themes. Staff: the catalogue. No query: roles are read
    once per request already."""
    roles = roles_of(request.user)
    current = sorted(roles.group_ids - roles.alumni_group_ids)
    if len(current) == 1:
        yield NavItem(
            pgettext("navigation", "Nos thèmes"),
            reverse("themes:programme", args=[current[0]]),
            order=15,
        )
    elif roles.staff.is_staff:
        yield NavItem(pgettext("navigation", "Thématiques"), reverse("themes:catalogue"), order=45)


def home_sections(request: HttpRequest) -> Iterator[Section]:
    """For each current group: the open ballot I have not voted on (the first to close), and my
    latest attended meeting of the last weeks that I have not rated. Two plain queries (one
    with a subquery per column took PostgreSQL longer to plan than to run)."""
    roles = roles_of(request.user)
    current = roles.group_ids - roles.alumni_group_ids
    if not current or roles.person_id is None:
        return
    now = timezone.now()
    person_id = roles.person_id
    ballots = (
        Ballot.objects.open_at(now)
        .filter(group_id__in=current)
        .exclude(Exists(Vote.objects.filter(ballot=OuterRef("pk"), person_id=person_id)))
        .order_by("closes_at", "pk")
        .values(
            "group_id",
            "group__name",
            "group__edition__territory__time_zone",
            "pk",
            "title",
            "closes_at",
        )
    )
    meetings = (
        Meeting.objects.filter(
            group_id__in=current,
            status=Meeting.Status.HELD,
            starts_at__gte=now - RATING_WINDOW,
        )
        .filter(
            Exists(
                Attendance.objects.filter(
                    meeting=OuterRef("pk"), person_id=person_id, status__in=ATTENDED
                )
            )
        )
        .exclude(Exists(MeetingRating.objects.filter(meeting=OuterRef("pk"), person_id=person_id)))
        .order_by("-starts_at", "-pk")
        .values(
            "group_id",
            "group__name",
            "group__edition__territory__time_zone",
            "pk",
            "number",
            "starts_at",
        )
    )
    rows: dict[int, dict[str, Any]] = {}
    # Each row's dates are read in its group's territory's time zone (`zone`).
    for ballot in ballots:  # the first to close, per group
        rows.setdefault(
            ballot["group_id"],
            {"name": ballot["group__name"], "zone": ballot["group__edition__territory__time_zone"]},
        ).setdefault("ballot", ballot)
    for meeting in meetings:  # the latest, per group
        rows.setdefault(
            meeting["group_id"],
            {
                "name": meeting["group__name"],
                "zone": meeting["group__edition__territory__time_zone"],
            },
        ).setdefault("meeting", meeting)
    if rows:
        ordered = sorted(rows.values(), key=lambda row: row["name"])
        yield Section("themes/home_todo.html", order=8, context={"rows": ordered})
