"""What themes add to the home page and the navigation: a ballot waiting for my vote, a meeting
waiting for my rating; the group's themes and the catalogue."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext

from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.editions.models import Group
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
    latest attended meeting of the last weeks that I have not rated (one query)."""
    roles = roles_of(request.user)
    current = roles.group_ids - roles.alumni_group_ids
    if not current or roles.person_id is None:
        return
    now = timezone.now()
    person_id = roles.person_id
    ballot = (
        Ballot.objects.open_at(now)
        .filter(group_id=OuterRef("pk"))
        .exclude(Exists(Vote.objects.filter(ballot=OuterRef("pk"), person_id=person_id)))
        .order_by("closes_at", "pk")
    )
    meeting = (
        Meeting.objects.filter(
            group_id=OuterRef("pk"),
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
        .order_by("-starts_at")
    )
    rows = list(
        Group.objects.filter(pk__in=current)
        .annotate(
            ballot_id=Subquery(ballot.values("pk")[:1]),
            ballot_title=Subquery(ballot.values("title")[:1]),
            ballot_closes_at=Subquery(ballot.values("closes_at")[:1]),
            meeting_id=Subquery(meeting.values("pk")[:1]),
            meeting_number=Subquery(meeting.values("number")[:1]),
            meeting_starts_at=Subquery(meeting.values("starts_at")[:1]),
        )
        .order_by("name")
        .values(
            "pk",
            "name",
            "ballot_id",
            "ballot_title",
            "ballot_closes_at",
            "meeting_id",
            "meeting_number",
            "meeting_starts_at",
        )
    )
    rows = [row for row in rows if row["ballot_id"] or row["meeting_id"]]
    if rows:
        yield Section("themes/home_todo.html", order=8, context={"rows": rows})
