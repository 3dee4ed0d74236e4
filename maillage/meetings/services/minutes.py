"""The minutes, in two layers: the text, confidential to the group and kept with its revisions;
the shareable takeaways, which the group may publish to the territory's staff."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.permissions import roles_of
from maillage.meetings.models import Meeting, Minutes, MinutesRevision
from maillage.meetings.permissions import Need, can
from maillage.territories.models import Person


def _require(by: Any, meeting: Meeting, need: Need) -> None:
    if not can(roles_of(by), meeting, need):
        raise PermissionDenied


@transaction.atomic
def minutes_write(*, meeting: Meeting, text: str, by: Any, takeaways: str = "") -> Minutes:
    """Save the minutes (facilitators, or the member they named); each save is a revision."""
    _require(by, meeting, Need.WRITE_MINUTES)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Une rencontre annulée n'a pas de compte rendu."))
    text, takeaways = text.strip(), takeaways.strip()
    if not text:
        raise ValidationError(_("Le compte rendu est vide."))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting)
    elif minutes.text == text and minutes.takeaways == takeaways:
        return minutes
    minutes.text, minutes.takeaways, minutes.updated_by = text, takeaways, by
    minutes.save()
    MinutesRevision.objects.create(minutes=minutes, text=text, takeaways=takeaways, author=by)
    # The audit entry says that the minutes changed, never what they say.
    audit(by, "meetings.minutes.written", obj=minutes, territory_id=meeting.edition.territory_id)
    return minutes


@transaction.atomic
def minutes_writer_name(*, meeting: Meeting, person: Person | None, by: Any) -> Meeting:
    """The facilitators name a member of the group to write the minutes (None: nobody)."""
    _require(by, meeting, Need.FACILITATE)
    if person is not None and (
        meeting.group is None or not meeting.group.memberships.filter(person=person).exists()
    ):
        raise ValidationError(_("Le rédacteur doit être membre du groupe."))
    meeting.minutes_writer = person
    meeting.save(update_fields=["minutes_writer"])
    audit(
        by,
        "meetings.minutes.writer_named",
        obj=meeting,
        territory_id=meeting.edition.territory_id,
        named=person is not None,
    )
    return meeting


@transaction.atomic
def takeaways_share(*, meeting: Meeting, shared: bool, by: Any) -> Minutes:
    """The group publishes (or withdraws) its shareable takeaways; once shared, the
    territory's staff may read them, and the absentees get the catch-up digest."""
    _require(by, meeting, Need.WRITE_MINUTES)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or (shared and not minutes.takeaways.strip()):
        raise ValidationError(_("Rédigez d'abord les enseignements partageables."))
    if minutes.takeaways_shared == shared:
        return minutes
    minutes.takeaways_shared = shared
    minutes.takeaways_shared_at = timezone.now() if shared else None
    minutes.save(update_fields=["takeaways_shared", "takeaways_shared_at", "updated_at"])
    audit(
        by,
        "meetings.takeaways.shared" if shared else "meetings.takeaways.withdrawn",
        obj=minutes,
        territory_id=meeting.edition.territory_id,
    )
    if shared and meeting.status == Meeting.Status.HELD:
        from maillage.meetings.services.attendance import catch_up_queue

        meeting.minutes = minutes
        catch_up_queue(meeting=meeting, by=by)
    return minutes
