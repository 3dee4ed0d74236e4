"""Evidence for funders and sponsors: the meetings a person attended and the hours they make.

A participant's certificate of attendance counts the held meetings (group meetings and edition
events) they attended, present or late, as a leader; a facilitator's statement, those they
attended as a facilitator. Hours are the meetings' scheduled durations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from maillage.editions.models import Edition, Membership
from maillage.meetings.models import Attendance, Meeting
from maillage.territories.models import Person

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def format_hours(minutes: int) -> str:
    """210 → "3 h 30"; 180 → "3 h"."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@dataclass(frozen=True)
class EvidenceMeeting:
    day: datetime.date
    title: str
    where: str
    minutes: int


@dataclass(frozen=True)
class Evidence:
    name: str
    company: str
    organiser: str
    programme: str
    meetings: list[EvidenceMeeting]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.meetings)

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


def _in_role(role: str) -> Exists:
    """The attendee took part in the meeting's edition in `role`."""
    return Exists(
        Membership.objects.filter(
            person_id=OuterRef("person_id"),
            group__edition_id=OuterRef("meeting__edition_id"),
            role=role,
        )
    )


def _attended(role: str) -> Q:
    return Q(status__in=ATTENDED, meeting__status=Meeting.Status.HELD) & Q(_in_role(role))


def person_evidence(person: Person, role: str) -> Evidence | None:
    """The person's attended meetings in `role` (two queries); None when they never took part
    in that role."""
    editions = list(
        Edition.objects.filter(groups__memberships__person=person, groups__memberships__role=role)
        .select_related("territory")
        .distinct()
        .order_by("opening_date")
    )
    if not editions:
        return None
    rows = (
        Attendance.objects.filter(_attended(role), person=person)
        .select_related("meeting__group", "meeting__edition__territory")
        .order_by("meeting__starts_at")
    )
    meetings = []
    for attendance in rows:
        meeting = attendance.meeting
        zone = timezone.get_current_timezone()
        meetings.append(
            EvidenceMeeting(
                day=timezone.localtime(meeting.starts_at, zone).date(),
                title=str(meeting),
                where=meeting.group.name if meeting.group else meeting.edition.title,
                minutes=round((meeting.ends_at - meeting.starts_at).total_seconds() / 60),
            )
        )
    organisers = sorted({edition.territory.organiser for edition in editions})
    return Evidence(
        name=person.full_name,
        company=person.company.name if person.company else "",
        organiser=", ".join(organisers),
        programme=", ".join(edition.title for edition in editions),
        meetings=meetings,
    )


@dataclass(frozen=True)
class PersonHours:
    person_id: int
    name: str
    role: str
    group: str
    meetings: int
    minutes: int

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


def edition_hours(edition: Edition) -> list[PersonHours]:
    """Each member of the edition with the meetings they attended and their hours (two
    queries)."""
    totals: dict[tuple[int, str], dict[str, Any]] = {
        (row["person_id"], row["role"]): dict(row)
        for row in Attendance.objects.filter(
            status__in=ATTENDED, meeting__status=Meeting.Status.HELD, meeting__edition=edition
        )
        .filter(
            Q(meeting__group_id=F("person__memberships__group_id"))
            | Q(meeting__group__isnull=True, person__memberships__group__edition=edition)
        )
        .values("person_id", role=F("person__memberships__role"))
        .annotate(
            meetings=Count("meeting_id", distinct=True),
            duration=Sum(F("meeting__ends_at") - F("meeting__starts_at")),
        )
    }
    rows = []
    for membership in (
        Membership.objects.filter(group__edition=edition)
        .select_related("person", "group")
        .order_by("role", "group__name", "person__last_name", "person__first_name")
    ):
        total: dict[str, Any] = totals.get((membership.person_id, membership.role), {})
        duration = total.get("duration") or datetime.timedelta(0)
        rows.append(
            PersonHours(
                person_id=membership.person_id,
                name=membership.person.full_name,
                role=membership.role,
                group=membership.group.name,
                meetings=total.get("meetings", 0),
                minutes=round(duration.total_seconds() / 60),
            )
        )
    return rows
