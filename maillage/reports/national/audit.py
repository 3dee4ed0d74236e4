"""The core app's part: the audit trail of the held meetings (minutes writer named, attendance
recorded, then corrected: codes the meeting services write on a meeting), dated after each
meeting, by one of its facilitators."""

from __future__ import annotations

import datetime

from maillage.core.models import AuditEntry
from maillage.meetings.models import Meeting
from maillage.reports.national.world import World
from maillage.reports.national.writer import Writer

ACTIONS = (
    "meetings.minutes.writer_named",
    "meetings.attendance.recorded",
    "meetings.attendance.recorded",
)


def build(world: World, w: Writer) -> None:
    held = [m for g in world.groups for m in g.meetings if m.status == Meeting.Status.HELD]
    if not held:
        return
    names = {p.id: (p.user_id, p.full_name) for p in world.people}
    per_meeting = max(1, round(world.shape.audit_entries / len(held)))
    rows: list[tuple[object, ...]] = []
    for m in held:
        assert m.group is not None
        facilitator = m.group.facilitators[0].person.id if m.group.facilitators else None
        user_id, label = names.get(facilitator, (None, "")) if facilitator else (None, "")
        for n in range(min(per_meeting, len(ACTIONS))):
            rows.append(
                (
                    m.ends_at + datetime.timedelta(hours=2 + n),
                    user_id,
                    label,
                    ACTIONS[n],
                    "meetings.meeting",
                    str(m.id),
                    m.edition.territory.id,
                    "192.0.2.10",
                    {},
                )
            )
    w.insert(
        AuditEntry,
        [
            "at",
            "actor",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "territory_id",
            "ip_address",
            "data",
        ],
        rows,
    )
