"""Background work of the meetings app: thin adapters over services and emails.

Production runs them with `django_tasks_db.DatabaseBackend` (`manage.py db_worker`, on as many
machines as needed); tests and `make run` run them immediately.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from maillage.editions.models import Membership
from maillage.meetings import emails
from maillage.meetings.models import AbsenceAlert, Meeting
from maillage.meetings.services import reminders
from maillage.meetings.services.attendance import absence_streak
from maillage.territories.models import Person, ProjectManager

logger = logging.getLogger(__name__)


@task()
def reminder_deliver_task(*, delivery_id: int) -> str:
    """Send one reminder or catch-up digest, exactly once (see services.reminders)."""
    return reminders.reminder_deliver(delivery_id=delivery_id)


@task()
def meetings_changed_task(*, meeting_ids: list[int], change: str) -> int:
    """Tell each person expected at these meetings what changed: one email per person,
    in their language, with the new dates and venues and links (nothing confidential).
    A failing address is logged and skipped; the number of emails sent is returned."""
    meetings = list(
        Meeting.objects.filter(pk__in=meeting_ids)
        .select_related("group", "edition__territory", "host_company__commune")
        .order_by("starts_at")
    )
    if not meetings:
        return 0
    by_person: dict[int, list[Meeting]] = defaultdict(list)
    people: dict[int, Person] = {}
    for meeting in meetings:
        for person in emails.expected_people(meeting):
            people[person.pk] = person
            by_person[person.pk].append(meeting)
    zone = emails.zone_of(meetings[0])
    sent = 0
    for person_id, concerned in by_person.items():
        person = people[person_id]
        if not emails.reachable(person):
            continue
        language = emails.language_of(person)
        context = {
            "person": person,
            "change": change,
            "entries": [(m, emails.meeting_url(m)) for m in concerned],
            "group": concerned[0].group,
        }
        try:
            subject, body = emails.render("change", context, language=language, zone=zone)
            emails.send(to=person.email, subject=subject, body=body, language=language)
            sent += 1
        except Exception:
            logger.exception("Change notice to person %s failed.", person_id)
    return sent


@task()
def absence_alert_task(*, alert_id: int) -> int:
    """Tell the group's facilitators and the territory's project managers that a member missed
    several meetings in a row."""
    alert = (
        AbsenceAlert.objects.select_related(
            "person", "meeting__group", "meeting__edition__territory"
        )
        .filter(pk=alert_id)
        .first()
    )
    if alert is None or alert.meeting.group is None:
        return 0
    meeting = alert.meeting
    # The group's facilitators still in it: one who left hears nothing more of the group.
    current = emails.still_in_group(
        meeting, emails.local_day(timezone.now(), emails.zone_of(meeting))
    ).filter(role=Membership.Role.FACILITATOR)
    facilitators = Person.objects.filter(pk__in=current.values("person_id")).select_related("user")
    recipients: dict[str, str] = {}  # email → language
    for person in facilitators:
        if emails.reachable(person):
            recipients[person.email] = emails.language_of(person)
    managers = ProjectManager.objects.filter(
        territory_id=meeting.edition.territory_id, user__is_active=True
    ).select_related("user")
    for manager in managers:
        recipients.setdefault(manager.user.email, manager.user.language)
    context = {
        "alert": alert,
        "member": alert.person,
        "group": meeting.group,
        "absences": len(absence_streak(meeting, alert.person_id)) or alert.absences,
        "url": emails.absolute(reverse("meetings:calendar", args=[meeting.group_id])),
    }
    sent = 0
    for address, language in recipients.items():
        try:
            subject, body = emails.render(
                "absence_alert", context, language=language, zone=emails.zone_of(meeting)
            )
            emails.send(to=address, subject=subject, body=body, language=language)
            sent += 1
        except Exception:
            logger.exception("Absence alert %s to %s failed.", alert_id, address)
    return sent
