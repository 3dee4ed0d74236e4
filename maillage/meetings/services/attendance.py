"""Before the meeting, members answer (coming or not); during it, facilitators record who came.

Absences: a member who missed the edition's `absence_alert_threshold` group meetings in a row
(absent or excused; late counts as present) is reported once to the group's facilitators and the
territory's project managers. After the meeting, the absentees may receive the catch-up digest
(the shareable takeaways), exactly once each.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.meetings.emails import active_memberships, still_in_group
from maillage.meetings.models import (
    AbsenceAlert,
    Attendance,
    Meeting,
    Minutes,
    ReminderDelivery,
    Rsvp,
)
from maillage.territories.models import Person

MISSED = (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)


def _require_expected(meeting: Meeting, person: Person) -> None:
    if not active_memberships(meeting).filter(person=person).exists():
        raise ValidationError(_("Cette personne n'est pas attendue à cette rencontre."))


@transaction.atomic
def rsvp_answer(
    *, meeting: Meeting, person: Person, answer: str, by: Any, reason: str = ""
) -> Rsvp:
    """A member says, in one tap, that they will come or not (with an optional reason)."""
    if meeting.status != Meeting.Status.PLANNED or meeting.ends_at <= timezone.now():
        raise ValidationError(_("On ne répond plus à une rencontre passée ou annulée."))
    if answer not in Rsvp.Answer.values:
        raise ValidationError(_("Réponse inconnue."))
    _require_expected(meeting, person)
    rsvp, _created = Rsvp.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "answer": answer,
            "reason": reason.strip()[:200] if answer == Rsvp.Answer.NO else "",
            "answered_at": timezone.now(),
        },
    )
    audit(by, "meetings.rsvp.answered", obj=meeting, answer=answer)
    return rsvp


def attendance_open(meeting: Meeting) -> bool:
    """Presence is recorded from the meeting's day on (in its territory's time zone)."""
    zone = ZoneInfo(meeting.edition.territory.time_zone)
    return meeting.starts_at.astimezone(zone).date() <= timezone.localtime(timezone=zone).date()


@transaction.atomic
def attendance_record(*, meeting: Meeting, person: Person, status: str, by: Any) -> Attendance:
    """Record one person's presence; the meeting becomes held. May alert on absences."""
    return attendance_record_many(meeting=meeting, statuses={person.pk: status}, by=by)[0]


@transaction.atomic
def attendance_record_many(
    *, meeting: Meeting, statuses: Mapping[int, str], by: Any
) -> list[Attendance]:
    """Record the presence of several people (person id → status) at once."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette rencontre est annulée."))
    if not statuses:
        return []  # nothing recorded: the meeting stays as it is
    if not attendance_open(meeting):
        # Recording it would make the meeting held: no reminders, counted in the rates.
        raise ValidationError(_("La présence se relève à partir du jour de la rencontre."))
    unknown = {status for status in statuses.values() if status not in Attendance.Status.values}
    if unknown:
        raise ValidationError(
            _("Statut de présence inconnu : %(statuses)s.")
            % {"statuses": ", ".join(sorted(unknown))}
        )
    expected = set(
        active_memberships(meeting)
        .filter(person_id__in=list(statuses))
        .values_list("person_id", flat=True)
    )
    strangers = set(statuses) - expected
    if strangers:
        raise ValidationError(_("Ces personnes ne sont pas attendues à cette rencontre."))
    existing = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    recorded: list[Attendance] = []
    for person_id, status in statuses.items():
        attendance = existing.get(person_id)
        if attendance is None:
            attendance = Attendance.objects.create(
                meeting=meeting, person_id=person_id, status=status
            )
        elif attendance.status != status:
            attendance.status = status
            attendance.save(update_fields=["status"])
        recorded.append(attendance)
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
    audit(
        by,
        "meetings.attendance.recorded",
        obj=meeting,
        territory_id=meeting.edition.territory_id,
        people=len(recorded),
    )
    for person_id, status in statuses.items():
        if status in MISSED and meeting.group_id is not None:
            _check_absences(meeting, person_id)
    _catch_up_late_absentees(meeting, statuses)
    return recorded


def absence_streak(meeting: Meeting, person_id: int) -> list[int]:
    """The ids of the group meetings the person missed in a row, up to `meeting` included
    (most recent first); a meeting where their presence is unrecorded ends the streak."""
    held = (
        Meeting.objects.filter(
            group=meeting.group,
            status=Meeting.Status.HELD,
            starts_at__lte=meeting.starts_at,
        )
        .order_by("-starts_at")
        .values_list("pk", flat=True)
    )
    ids = list(held)
    statuses = dict(
        Attendance.objects.filter(meeting_id__in=ids, person_id=person_id).values_list(
            "meeting_id", "status"
        )
    )
    streak: list[int] = []
    for meeting_id in ids:
        if statuses.get(meeting_id) not in MISSED:
            break
        streak.append(meeting_id)
    return streak


def _missed_run(meeting: Meeting, person_id: int) -> list[int]:
    """The ids of the group's held meetings the person missed in a row around `meeting`
    (which they missed), most recent first: presences are often recorded late or out of
    order, so the run goes on after `meeting` too."""
    ids = list(
        Meeting.objects.filter(group=meeting.group, status=Meeting.Status.HELD)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    statuses = dict(
        Attendance.objects.filter(meeting_id__in=ids, person_id=person_id).values_list(
            "meeting_id", "status"
        )
    )
    if meeting.pk not in ids or statuses.get(meeting.pk) not in MISSED:
        return []
    first = last = ids.index(meeting.pk)
    while first > 0 and statuses.get(ids[first - 1]) in MISSED:
        first -= 1
    while last + 1 < len(ids) and statuses.get(ids[last + 1]) in MISSED:
        last += 1
    return ids[first : last + 1][::-1]


def _check_absences(meeting: Meeting, person_id: int) -> None:
    threshold = meeting.edition.absence_alert_threshold
    if not threshold:
        return
    run = _missed_run(meeting, person_id)
    if len(run) < threshold:
        return
    if AbsenceAlert.objects.filter(person_id=person_id, meeting_id__in=run).exists():
        return  # this run was already reported
    alert = AbsenceAlert.objects.create(person_id=person_id, meeting_id=run[0], absences=len(run))
    audit(
        None,
        "meetings.absences.alerted",
        obj=alert,
        territory_id=meeting.edition.territory_id,
        absences=len(run),
    )
    from maillage.meetings.tasks import absence_alert_task

    absence_alert_task.enqueue(alert_id=alert.pk)


@transaction.atomic
def catch_up_queue(*, meeting: Meeting, by: Any) -> list[int]:
    """Queue the catch-up digest (the shareable takeaways) for each absentee of a held
    meeting, once each; the ids of the deliveries to hand to the workers. Only takeaways the
    group has shared leave by email: nothing else of the group's content ever does."""
    minutes = getattr(meeting, "minutes", None)
    if meeting.status != Meeting.Status.HELD or minutes is None or not minutes.takeaways.strip():
        raise ValidationError(_("Le rattrapage part une fois les enseignements rédigés."))
    if not minutes.takeaways_shared:
        raise ValidationError(_("Le rattrapage part une fois les enseignements partagés."))
    absentees = Attendance.objects.filter(meeting=meeting, status__in=MISSED).values_list(
        "person_id", flat=True
    )
    ids = _catch_up_send(meeting, list(absentees))
    audit(by, "meetings.catch_up.queued", obj=meeting, people=len(ids))
    return ids


def _catch_up_send(meeting: Meeting, person_ids: list[int]) -> list[int]:
    """Create the catch-up rows of these absentees (once each, those still in the group) and
    hand the pending ones to the workers; their ids."""
    # Only those still in the group: a member who left keeps nothing of its later content.
    still = still_in_group(meeting, timezone.localdate()).filter(person_id__in=person_ids)
    ReminderDelivery.objects.bulk_create(
        [
            ReminderDelivery(meeting=meeting, person_id=pid, kind=ReminderDelivery.Kind.CATCH_UP)
            for pid in still.values_list("person_id", flat=True)
        ],
        ignore_conflicts=True,
    )
    ids = list(
        ReminderDelivery.objects.filter(
            meeting=meeting,
            person_id__in=person_ids,
            kind=ReminderDelivery.Kind.CATCH_UP,
            state=ReminderDelivery.State.PENDING,
        ).values_list("pk", flat=True)
    )
    from maillage.meetings.tasks import reminder_deliver_task

    for delivery_id in ids:
        reminder_deliver_task.enqueue(delivery_id=delivery_id)
    return ids


def _catch_up_late_absentees(meeting: Meeting, statuses: Mapping[int, str]) -> None:
    """Absentees recorded after the group shared the meeting's takeaways get the digest too
    (takeaways shared before the presences were taken, or a presence corrected to absent)."""
    missed = [person_id for person_id, status in statuses.items() if status in MISSED]
    if not missed or meeting.status != Meeting.Status.HELD:
        return
    shared = (
        Minutes.objects.filter(meeting=meeting, takeaways_shared=True)
        .exclude(takeaways="")
        .exists()
    )
    if shared:
        _catch_up_send(meeting, missed)
