"""Reminder emails, 7 days and 1 day before a meeting, and the catch-up digest: exactly once.

How a message is sent exactly once, across workers and restarts:

1. `reminders_dispatch` (the periodic job, `manage.py send_reminders`) creates the rows that are
   due: one `ReminderDelivery` per meeting, person and kind, under a unique constraint, so two
   runs (or two machines) create each row once. It then hands every ready row to the workers
   (one task per row; the same row may be handed twice, which is harmless).
2. A worker claims the row with one conditional UPDATE (pending → sending, attempts + 1): of two
   workers holding the same row, one claims it, the other does nothing. The claim is committed
   before the SMTP conversation starts.
3. After the SMTP server accepted the message, the row becomes sent. A worker that dies between
   (2) and (3) leaves the row `sending`; once its lease is over, the next run claims it again and
   sends that one message a second time at most.
4. A meeting moved to a later date gets its reminders again before its new date:
   `reminders_reset` drops the rows of the reminders its new date has not yet made due (sent or
   not), so that the periodic job creates them when they fall due. A reminder already due
   again at the new date is not repeated: the members were told of the change.

A failing SMTP server does not crash the worker: the row goes back to pending with a delay and
is retried by the next runs, at most `MAX_ATTEMPTS` times; a permanent refusal (a 5xx answer) is
not retried. Either way a final failure is logged and left `failed` with its error.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable

from django.db.models import F, Q
from django.utils import timezone

from maillage.core.agenda import theme_titles
from maillage.editions.models import Membership
from maillage.meetings import emails
from maillage.meetings.emails import still_in_group
from maillage.meetings.models import Meeting, ReminderDelivery, Rsvp

logger = logging.getLogger(__name__)

Kind = ReminderDelivery.Kind
State = ReminderDelivery.State

WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)
LEASE = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 3
RETRY_DELAYS = (datetime.timedelta(minutes=5), datetime.timedelta(minutes=30))


def reminders_due(*, now: datetime.datetime | None = None) -> int:
    """Create the reminder rows that are due (none twice); the number created.

    A planned meeting starting within 7 days is due its "week" reminder, within 1 day its "day"
    reminder (a meeting found less than a day ahead gets the "day" one only). People who
    answered that they will not come are not reminded.
    """
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED, starts_at__gt=now, starts_at__lte=now + WEEK
        )
        .select_related("edition__territory")
        .only("pk", "group_id", "edition_id", "starts_at", "edition__territory__time_zone")
    )
    if not meetings:
        return 0
    memberships = Membership.objects.filter(
        Q(group_id__in={m.group_id for m in meetings if m.group_id is not None})
        | Q(group__edition_id__in={m.edition_id for m in meetings if m.group_id is None})
    ).values_list("person_id", "group_id", "group__edition_id", "joined_on", "left_on")
    declined = set(
        Rsvp.objects.filter(meeting__in=meetings, answer=Rsvp.Answer.NO).values_list(
            "meeting_id", "person_id"
        )
    )
    rows: list[ReminderDelivery] = []
    for meeting in meetings:
        kind = Kind.DAY if meeting.starts_at - now <= DAY else Kind.WEEK
        day = emails.local_day(meeting.starts_at, emails.zone_of(meeting))
        people = {
            person_id
            for person_id, group_id, edition_id, joined_on, left_on in memberships
            if (
                group_id == meeting.group_id
                or (meeting.group_id is None and edition_id == meeting.edition_id)
            )
            and joined_on <= day
            and (left_on is None or left_on > day)
        }
        rows.extend(
            ReminderDelivery(meeting=meeting, person_id=person_id, kind=kind)
            for person_id in sorted(people)
            if (meeting.pk, person_id) not in declined
        )
    before = ReminderDelivery.objects.count()
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return ReminderDelivery.objects.count() - before


def reminders_reset(*, meetings: Iterable[Meeting], now: datetime.datetime | None = None) -> int:
    """After `meetings` moved, drop their "week" and "day" reminders that their new start has
    not made due yet (sent, pending or failed alike): each goes out again before the new date,
    not early with the old one's wording. The number of rows dropped."""
    now = now or timezone.now()
    not_due = Q()
    for meeting in meetings:
        ahead = meeting.starts_at - now
        if ahead > WEEK:
            not_due |= Q(meeting_id=meeting.pk, kind__in=[Kind.WEEK, Kind.DAY])
        elif ahead > DAY:
            not_due |= Q(meeting_id=meeting.pk, kind=Kind.DAY)
    if not not_due:
        return 0
    dropped, _ = ReminderDelivery.objects.filter(not_due).delete()
    return dropped


def deliveries_ready(*, now: datetime.datetime | None = None) -> list[int]:
    """The rows a worker may claim now: pending and due, or sending past their lease."""
    now = now or timezone.now()
    lost = ReminderDelivery.objects.filter(
        state=State.SENDING, claimed_at__lt=now - LEASE, attempts__gte=MAX_ATTEMPTS
    )
    for delivery_id in lost.values_list("pk", flat=True):
        logger.error(
            "Reminder %s: worker lost after %s attempts; given up.", delivery_id, MAX_ATTEMPTS
        )
    lost.update(state=State.FAILED, last_error="worker lost while sending")
    return list(
        ReminderDelivery.objects.filter(_claimable(now)).order_by("pk").values_list("pk", flat=True)
    )


def _claimable(now: datetime.datetime) -> Q:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (
        (Q(state=State.PENDING) & due) | Q(state=State.SENDING, claimed_at__lt=now - LEASE)
    ) & Q(attempts__lt=MAX_ATTEMPTS)


def reminders_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """The periodic job: create what is due, hand every ready row to the workers."""
    from maillage.meetings.tasks import reminder_deliver_task

    now = now or timezone.now()
    reminders_due(now=now)
    ready = deliveries_ready(now=now)
    for delivery_id in ready:
        reminder_deliver_task.enqueue(delivery_id=delivery_id)
    return ready


def reminder_deliver(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Claim one row and send its message; the outcome ("sent", "skipped", "retry",
    "failed", "not due" when its meeting was moved later, or "not claimed" when another
    worker has it or it is done)."""
    now = now or timezone.now()
    claimed = ReminderDelivery.objects.filter(_claimable(now), pk=delivery_id).update(
        state=State.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return "not claimed"
    delivery = ReminderDelivery.objects.select_related(
        "person__user",
        "meeting__edition__territory",
        "meeting__group",
        "meeting__host_company__commune",
        "meeting__minutes",
    ).get(pk=delivery_id)
    horizon = {Kind.WEEK: WEEK, Kind.DAY: DAY}.get(Kind(delivery.kind))
    if horizon is not None and delivery.meeting.starts_at - now > horizon:
        # Moved later since the row was made (e.g. by a move committed while the periodic job
        # ran): not due yet. The row goes; the periodic job makes it again when it is due.
        ReminderDelivery.objects.filter(pk=delivery.pk, state=State.SENDING).delete()
        return "not due"
    message = _message(delivery, now)
    if message is None:
        _finish(delivery, State.SKIPPED)
        return "skipped"
    subject, body, language = message
    try:
        emails.send(to=delivery.person.email, subject=subject, body=body, language=language)
    except Exception as error:  # a worker never crashes on a mail server's failure
        return _failed(delivery, error, now)
    _finish(delivery, State.SENT, sent_at=timezone.now())
    return "sent"


def _message(delivery: ReminderDelivery, now: datetime.datetime) -> tuple[str, str, str] | None:
    """(subject, body, language) of the delivery, or None when it no longer applies."""
    meeting, person = delivery.meeting, delivery.person
    if not emails.reachable(person):
        return None
    # Left the group since the row was created: nothing more of the group reaches them.
    today = emails.local_day(now, emails.zone_of(meeting))
    if not still_in_group(meeting, today).filter(person_id=person.pk).exists():
        return None
    if delivery.kind == Kind.CATCH_UP:
        minutes = getattr(meeting, "minutes", None)
        if meeting.status != Meeting.Status.HELD or minutes is None or not minutes.takeaways:
            return None
        if not minutes.takeaways_shared:  # withdrawn since: the email no longer goes
            return None
        template, context = "catch_up", {"takeaways": minutes.takeaways}
    else:
        if meeting.status != Meeting.Status.PLANNED or meeting.starts_at <= now:
            return None
        if Rsvp.objects.filter(meeting=meeting, person=person, answer=Rsvp.Answer.NO).exists():
            return None
        # Said in days between the local dates ("demain", "dans une semaine", "dans 3 jours"):
        # a meeting added or moved less than a week ahead is not "in a week".
        zone = emails.zone_of(meeting)
        days = (emails.local_day(meeting.starts_at, zone) - emails.local_day(now, zone)).days
        template, context = "reminder", {"kind": delivery.kind, "days": days}
    language = emails.language_of(person)
    context |= {
        "meeting": meeting,
        "person": person,
        "url": emails.meeting_url(meeting),
        "themes": theme_titles([meeting.pk])[meeting.pk],
    }
    subject, body = emails.render(
        template, context, language=language, zone=emails.zone_of(meeting)
    )
    return subject, body, language


def _finish(delivery: ReminderDelivery, state: str, **fields: object) -> None:
    ReminderDelivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, attempts=delivery.attempts
    ).update(state=state, last_error="", **fields)


def _permanent(error: Exception) -> bool:
    """A 5xx answer of the SMTP server: sending again would be refused again."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    return False


def _failed(delivery: ReminderDelivery, error: Exception, now: datetime.datetime) -> str:
    description = f"{type(error).__name__}: {error}"[:500]
    if _permanent(error) or delivery.attempts >= MAX_ATTEMPTS:
        logger.error(
            "Reminder %s (%s, meeting %s) failed after %s attempt(s): %s",
            delivery.pk,
            delivery.kind,
            delivery.meeting_id,
            delivery.attempts,
            description,
        )
        state, next_attempt_at, outcome = State.FAILED, None, "failed"
    else:
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        logger.warning(
            "Reminder %s: attempt %s failed (%s); retrying after %s.",
            delivery.pk,
            delivery.attempts,
            description,
            delay,
        )
        state, next_attempt_at, outcome = State.PENDING, now + delay, "retry"
    ReminderDelivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, attempts=delivery.attempts
    ).update(state=state, next_attempt_at=next_attempt_at, last_error=description)
    return outcome
