"""Who may see and change a meeting. Fetch and authorise in one call.

- See a meeting (date, venue, status, agenda outline, attendance figures): the group's members
  and facilitators (alumni included), staff of the territory; for an edition event (opening,
  plenary, closing), the members of the edition's groups and staff. Others: 404.
- Its content (minutes, agenda details, RSVP of others): the group only; staff get 403. An
  edition event's content is its participants' and the staff's.
- Manage the calendar (move, shift, cancel, add, hosts): the group's facilitators and staff of
  the territory; edition events: staff only.
- Facilitate (attendance, agenda, run view, naming the minutes writer): the group's
  facilitators; for an edition event, staff.
- Write the minutes: the facilitators, and the member they named.

A member reads or writes the group's content (CONTENT, FACILITATE, WRITE_MINUTES) once they have
accepted the group's confidentiality charter (`editions.charter`): before, `CharterRequired`
(pages redirect to the charter, the API answers 403 `charter_required`).
"""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from maillage.editions.charter import has_accepted_charter, require_charter
from maillage.editions.models import Group
from maillage.editions.permissions import Roles, roles_of
from maillage.meetings.models import Meeting, MeetingDocument


class Need(enum.Enum):
    SEE = "see"
    CONTENT = "content"
    MANAGE = "manage"
    FACILITATE = "facilitate"
    WRITE_MINUTES = "write_minutes"


def _is_staff(roles: Roles, meeting: Meeting) -> bool:
    return meeting.edition.territory_id in roles.staff.territory_ids


def _in_edition(roles: Roles, meeting: Meeting) -> bool:
    if not roles.group_ids:
        return False
    return Group.objects.filter(edition_id=meeting.edition_id, pk__in=roles.group_ids).exists()


def can(roles: Roles, meeting: Meeting, need: Need) -> bool:
    """Whether the user may do `need` on a meeting they may see (see `check`)."""
    staff = _is_staff(roles, meeting)
    if meeting.group_id is None:
        if need in (Need.SEE, Need.CONTENT):
            return staff or _in_edition(roles, meeting)
        return staff
    member = meeting.group_id in roles.group_ids
    facilitator = meeting.group_id in roles.facilitated_group_ids
    if need == Need.SEE:
        return member or staff
    if need == Need.CONTENT:
        return member
    if need == Need.MANAGE:
        return facilitator or staff
    if need == Need.FACILITATE:
        return facilitator
    # WRITE_MINUTES
    writer = meeting.minutes_writer_id is not None and meeting.minutes_writer_id == roles.person_id
    return facilitator or (member and writer)


def check(user: Any, meeting: Meeting, need: Need = Need.SEE) -> Roles:
    """404 when the user may not see the meeting; 403 when they may see it but not `need` it."""
    roles = roles_of(user)
    if not can(roles, meeting, Need.SEE):
        raise Http404
    if need != Need.SEE and not can(roles, meeting, need):
        raise PermissionDenied
    if need in _CHARTERED and meeting.group is not None:
        require_charter(user, meeting.group)
    return roles


_CHARTERED = (Need.CONTENT, Need.FACILITATE, Need.WRITE_MINUTES)


def reads_content(user: Any, meeting: Meeting) -> bool:
    """Whether the user may read the meeting's content now (the charter accepted)."""
    if not can(roles_of(user), meeting, Need.CONTENT):
        return False
    return meeting.group is None or has_accepted_charter(user, meeting.group)


def get_meeting_for_user(user: Any, meeting_id: int, need: Need = Need.SEE) -> Meeting:
    """The meeting with its group, edition, territory and host, if `user` may `need` it."""
    meeting = (
        Meeting.objects.select_related(
            "group", "edition__territory", "host_company__commune", "host"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404
    check(user, meeting, need)
    return meeting


def get_document_for_user(user: Any, document_id: int) -> MeetingDocument:
    """A meeting's document, for those who read the meeting's content (the group: staff 403,
    everyone else 404)."""
    document = (
        MeetingDocument.objects.select_related("meeting__group", "meeting__edition__territory")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    check(user, document.meeting, Need.CONTENT)
    return document
