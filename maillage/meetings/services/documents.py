"""Documents shared with the group for a meeting: confidential to the group, like the minutes.

Members and facilitators of the group add them (once they accepted the group's charter); the
one who added a document and the facilitators remove it. Files are checked and stored by
`core.uploads`; a removed document's file is deleted once the removal commits (a signal in
`meetings.models`, so that it also goes with its meeting).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.core.uploads import Kind, check_upload
from maillage.editions.charter import require_charter
from maillage.editions.permissions import roles_of
from maillage.meetings.models import Meeting, MeetingDocument
from maillage.meetings.permissions import Need, can


@transaction.atomic
def document_add(*, meeting: Meeting, title: str, upload: Any, by: Any) -> MeetingDocument:
    """Share `upload` with the meeting's group (checked: PDF, DOCX, XLSX or ODT,
    size-limited; stored under a generated name)."""
    if not can(roles_of(by), meeting, Need.CONTENT):
        raise PermissionDenied
    if meeting.group is not None:
        require_charter(by, meeting.group)
    title = title.strip()
    if not title:
        raise ValidationError(_("Le document n'a pas de titre."), code="title")
    extension = check_upload(upload, Kind.DOCUMENT)
    document = MeetingDocument(meeting=meeting, title=title, uploaded_by=by, size=upload.size)
    document.file.save(f"document.{extension}", upload, save=False)
    document.save()
    # The audit entry says that a document was shared, never what it holds.
    audit(
        by,
        "meetings.document.added",
        obj=document,
        territory_id=meeting.edition.territory_id,
        meeting_id=meeting.pk,
    )
    return document


def can_remove(user: Any, document: MeetingDocument) -> bool:
    """The one who added it, while still in the group, and the group's facilitators."""
    roles = roles_of(user)
    if can(roles, document.meeting, Need.FACILITATE):
        return True
    return document.uploaded_by_id == user.pk and can(roles, document.meeting, Need.CONTENT)


@transaction.atomic
def document_remove(*, document: MeetingDocument, by: Any) -> None:
    if not can_remove(by, document):
        raise PermissionDenied
    meeting = document.meeting
    audit(
        by,
        "meetings.document.removed",
        obj=document,
        territory_id=meeting.edition.territory_id,
        meeting_id=meeting.pk,
    )
    document.delete()
