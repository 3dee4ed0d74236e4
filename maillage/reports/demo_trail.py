"""The demo territory's audit trail: what its project manager and facilitators would have
recorded over the editions, dated when it happened (editions and groups set up, members added,
the two-year calendars made, attendance taken, minutes written, takeaways shared, ideas noted).

Without it the demo's trail would start on the day the demo was loaded. The entries carry the
action codes and data the services write (`core.audit`); they are read back from the demo's
rows, so they agree with what the pages show. Only what someone with an account did is written
(the demo's other members have none). Addresses are kept for the last 12 months only,
as the default retention of audit addresses would have left them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models

from maillage.business.models import Idea
from maillage.core.models import AuditEntry
from maillage.editions.models import Edition, Group, Membership
from maillage.meetings.models import Attendance, Meeting, MinutesRevision
from maillage.territories.models import ProjectManager, Territory

ADDRESSES_KEPT = datetime.timedelta(days=365)  # privacy.retention: audit_addresses, 12 months
# Documentation addresses (RFC 5737): the office's, and a few on the move.
OFFICE_ADDRESS = "192.0.2.10"
OTHER_ADDRESSES = ("198.51.100.23", "198.51.100.71", "203.0.113.5", "203.0.113.88")


class _Trail:
    def __init__(self, territory: Territory, until: datetime.datetime, manager: Any) -> None:
        self.territory = territory
        self.manager = manager
        self.zone = ZoneInfo(territory.time_zone)
        self.until = until
        self.entries: list[AuditEntry] = []

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.zone)

    def add(
        self,
        when: datetime.datetime,
        actor: Any,
        action: str,
        obj: models.Model,
        address: str = OFFICE_ADDRESS,
        **data: Any,
    ) -> None:
        if actor is None or when >= self.until:
            return  # done by nobody with an account, or not done yet
        self.entries.append(
            AuditEntry(
                at=when,
                actor=actor,
                actor_label=actor.get_full_name()[:200] if actor is not None else "system",
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                territory_id=self.territory.pk,
                ip_address=address if self.until - when < ADDRESSES_KEPT else None,
                data=data,
            )
        )


def build(territory: Territory, *, until: datetime.datetime) -> int:
    """Write the territory's past trail, every entry before `until`; returns how many."""
    manager_role = ProjectManager.objects.filter(territory=territory).select_related("user").first()
    manager = manager_role.user if manager_role is not None else None
    trail = _Trail(territory, until, manager)
    editions = list(Edition.objects.filter(territory=territory).order_by("opening_date"))
    groups = list(Group.objects.filter(edition__territory=territory).order_by("edition", "pk"))
    memberships = list(
        Membership.objects.filter(group__edition__territory=territory)
        .select_related("person__user")
        .order_by("group", "role", "pk")
    )
    facilitators: dict[int, list[Any]] = defaultdict(list)
    for membership in memberships:
        user = membership.person.user
        if membership.role == Membership.Role.FACILITATOR and user is not None:
            facilitators[membership.group_id].append(user)
    meetings = list(
        Meeting.objects.filter(edition__territory=territory, group__isnull=False)
        .select_related("minutes_writer__user")
        .order_by("starts_at")
    )

    for edition in editions:
        trail.add(
            trail.at(edition.opening_date - datetime.timedelta(days=150), 10),
            manager,
            "editions.edition.created",
            edition,
        )
    edition_of = {
        group.pk: next(e for e in editions if e.pk == group.edition_id) for group in groups
    }
    for group in groups:
        edition = edition_of[group.pk]
        formed = edition.opening_date - datetime.timedelta(days=30)
        trail.add(trail.at(formed, 11), manager, "editions.group.created", group)
        trail.add(
            trail.at(formed + datetime.timedelta(days=2), 15),
            manager,
            "meetings.schedule.created",
            group,
            count=sum(1 for m in meetings if m.group_id == group.pk),
            moves=0,
            warnings=0,
        )
    for index, membership in enumerate(memberships):
        # Added when the group was formed, or three weeks before a later arrival.
        opening = edition_of[membership.group_id].opening_date
        day = max(
            membership.joined_on - datetime.timedelta(days=21),
            opening - datetime.timedelta(days=29),
        )
        trail.add(
            trail.at(day, 11, 5 + index % 50),
            manager,
            "editions.membership.added",
            membership,
            role=membership.role,
        )
    _meetings(trail, meetings, facilitators)
    _ideas(trail, territory, facilitators)
    AuditEntry.objects.bulk_create(trail.entries, batch_size=1000)
    return len(trail.entries)


def _meetings(trail: _Trail, meetings: list[Meeting], facilitators: dict[int, list[Any]]) -> None:
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    present = Counter(
        Attendance.objects.filter(meeting__in=held).values_list("meeting_id", flat=True)
    )
    written = {
        revision.minutes.meeting_id: revision
        for revision in MinutesRevision.objects.filter(minutes__meeting__in=held)
        .select_related("minutes")
        .order_by("created_at")
    }
    for number, meeting in enumerate(held):
        assert meeting.group_id is not None
        # Only what people with an account did: the others' names would stay in the trail
        # after an erasure (it pseudonymises by account), and the staff may not write minutes.
        hosts = facilitators.get(meeting.group_id) or [None]
        facilitator = hosts[number % len(hosts)]
        trail.add(
            meeting.ends_at + datetime.timedelta(minutes=20),
            facilitator,
            "meetings.attendance.recorded",
            meeting,
            address=OTHER_ADDRESSES[number % len(OTHER_ADDRESSES)],
            people=present[meeting.pk],
        )
        revision = written.get(meeting.pk)
        if revision is None:
            continue
        writer = meeting.minutes_writer.user if meeting.minutes_writer else None
        trail.add(
            revision.created_at,
            writer or facilitator,
            "meetings.minutes.written",
            revision.minutes,
            address=OTHER_ADDRESSES[(number + 1) % len(OTHER_ADDRESSES)],
        )
        if revision.minutes.takeaways_shared and revision.minutes.takeaways_shared_at:
            trail.add(
                revision.minutes.takeaways_shared_at,
                writer or facilitator,
                "meetings.takeaways.shared",
                revision.minutes,
                address=OTHER_ADDRESSES[(number + 2) % len(OTHER_ADDRESSES)],
            )


def _ideas(trail: _Trail, territory: Territory, facilitators: dict[int, list[Any]]) -> None:
    ideas = (
        Idea.objects.filter(group__edition__territory=territory)
        .select_related("author__user", "meeting")
        .order_by("created_on", "pk")
    )
    for idea in ideas:
        noted = max(idea.meeting.ends_at, trail.at(idea.created_on, 12))
        trail.add(
            noted + datetime.timedelta(minutes=5),
            # A member without an account has it noted by a facilitator.
            idea.author.user or (facilitators.get(idea.group_id) or [None])[0],
            "business.idea.added",
            idea,
            address=OTHER_ADDRESSES[idea.pk % len(OTHER_ADDRESSES)],
        )
