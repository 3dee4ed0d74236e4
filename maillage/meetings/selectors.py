"""Reads on meetings for the pages (a fixed number of queries, whatever the rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from maillage.editions.models import Group
from maillage.meetings.models import Attendance, Meeting


def group_meetings(group: Group) -> QuerySet[Meeting]:
    """The group's meetings in date order, with their host and how many came (one query)."""
    return (
        Meeting.objects.filter(group=group)
        .select_related("host_company")
        .annotate(
            present_count=Count(
                "attendances",
                filter=Q(
                    attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]
                ),
            )
        )
        .order_by("starts_at")
    )


def next_meetings(group_ids: Iterable[int]) -> dict[int, Meeting]:
    """The next planned meeting of each group (one query)."""
    upcoming = (
        Meeting.objects.filter(
            group_id__in=list(group_ids),
            kind=Meeting.Kind.GROUP,
            status=Meeting.Status.PLANNED,
            ends_at__gte=timezone.now(),
        )
        .select_related("group", "host_company")
        .order_by("starts_at")
    )
    first: dict[int, Meeting] = {}
    for meeting in upcoming:
        assert meeting.group_id is not None
        first.setdefault(meeting.group_id, meeting)
    return first
