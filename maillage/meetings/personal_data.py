"""What the meetings app holds about a person (see `core.personal_data`): attendance, answers to
invitations, absence alerts, hosting, the minutes they wrote or edited, calendar feeds and the
reminders sent to them.

Erasure keeps what the group's record and the figures need (attendance, alerts, meetings they
hosted, minutes and their revisions, documents they shared: what the person said stays,
attributed to their account, which erasure renames "Ancien membre"); it blanks the reasons they
gave for not coming and the delivery errors (which may quote their address), and deletes their
hosting preferences and calendar feeds. The export lists minutes by meeting, never their text,
which is the whole group's; documents by title, never their file.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import Erasure, Export, Holding, Subject, json_value, register
from maillage.meetings.models import (
    AbsenceAlert,
    Attendance,
    CalendarFeed,
    HostingPreference,
    Meeting,
    MeetingDocument,
    Minutes,
    MinutesRevision,
    ReminderDelivery,
    Rsvp,
)


def _meeting(meeting: Meeting) -> dict[str, object]:
    return {
        "meeting": str(meeting),
        "group": meeting.group.name if meeting.group else None,
        "starts_at": json_value(meeting.starts_at),
    }


def _export_person(person_id: int) -> Export:
    def of(model: Any, *fields: str) -> list[dict[str, object]]:
        rows = (
            model._default_manager.filter(person_id=person_id)
            .select_related("meeting__group")
            .order_by("meeting__starts_at", "pk")
        )
        return [
            {**_meeting(row.meeting), **{f: json_value(getattr(row, f)) for f in fields}}
            for row in rows
        ]

    meetings = Meeting.objects.select_related("group").order_by("starts_at")
    return {
        "attendance": of(Attendance, "status"),
        "rsvps": of(Rsvp, "answer", "reason", "answered_at"),
        "absence_alerts": of(AbsenceAlert, "absences", "created_at"),
        "reminders": of(ReminderDelivery, "kind", "state", "sent_at"),
        "hosted_meetings": [_meeting(m) for m in meetings.filter(host_id=person_id)],
        "minutes_writer_of": [_meeting(m) for m in meetings.filter(minutes_writer_id=person_id)],
        "hosting_preferences": [
            {"group": row.group.name, "willing": row.willing}
            for row in HostingPreference.objects.filter(person_id=person_id).select_related("group")
        ],
        "calendar_feeds": [
            {"created_at": json_value(feed.created_at), "revoked_at": json_value(feed.revoked_at)}
            for feed in CalendarFeed.objects.filter(person_id=person_id).order_by("created_at")
        ],
    }


def _export_user(user_id: int) -> Export:
    minutes = (
        Minutes.objects.filter(updated_by_id=user_id)
        .select_related("meeting__group")
        .order_by("meeting__starts_at")
    )
    revisions = (
        MinutesRevision.objects.filter(author_id=user_id)
        .select_related("minutes__meeting__group")
        .order_by("created_at")
    )
    documents = (
        MeetingDocument.objects.filter(uploaded_by_id=user_id)
        .select_related("meeting__group")
        .order_by("uploaded_at", "pk")
    )
    return {
        "documents_shared": [
            {
                **_meeting(d.meeting),
                "title": d.title,
                "uploaded_at": json_value(d.uploaded_at),
            }
            for d in documents
        ],
        "minutes_edited": [
            {**_meeting(m.meeting), "updated_at": json_value(m.updated_at)} for m in minutes
        ],
        "minutes_revisions": [
            {**_meeting(r.minutes.meeting), "created_at": json_value(r.created_at)}
            for r in revisions
        ],
    }


def export(subject: Subject) -> Export:
    data: Export = {}
    if subject.person_id is not None:
        data.update(_export_person(subject.person_id))
    if subject.user_id is not None:
        data.update(_export_user(subject.user_id))
    return {key: rows for key, rows in data.items() if rows}


def erase(subject: Subject) -> None:
    if subject.person_id is None:
        return
    Rsvp.objects.filter(person_id=subject.person_id).update(reason="")
    ReminderDelivery.objects.filter(person_id=subject.person_id).update(last_error="")
    HostingPreference.objects.filter(person_id=subject.person_id).delete()
    CalendarFeed.objects.filter(person_id=subject.person_id).delete()


register(
    "meetings",
    holdings=[
        Holding("meetings.Attendance", of_person="person", reason="the figures count it"),
        Holding(
            "meetings.Rsvp",
            of_person="person",
            erasure=Erasure.ANONYMISE,
            fields=("reason",),
            reason="the answer stays, the reason given goes",
        ),
        Holding("meetings.AbsenceAlert", of_person="person", reason="the group's follow-up"),
        Holding(
            "meetings.ReminderDelivery",
            of_person="person",
            erasure=Erasure.ANONYMISE,
            fields=("last_error",),
            reason="sent exactly once: the log stays; an error may quote the address",
        ),
        Holding("meetings.HostingPreference", of_person="person", erasure=Erasure.DELETE),
        Holding(
            "meetings.CalendarFeed",
            of_person="person",
            erasure=Erasure.DELETE,
            reason="a secret link",
        ),
        Holding("meetings.Meeting", of_person="host", reason="the meeting is the group's"),
        Holding("meetings.Meeting", of_person="minutes_writer", reason="the group's record"),
        Holding(
            "meetings.Minutes",
            of_user="updated_by",
            reason="the group's record, attributed to 'Ancien membre'",
        ),
        Holding(
            "meetings.MinutesRevision",
            of_user="author",
            reason="the group's record, attributed to 'Ancien membre'",
        ),
        Holding(
            "meetings.MeetingDocument",
            of_user="uploaded_by",
            reason="shared with the group: stays, attributed to 'Ancien membre'",
        ),
    ],
    exporter=export,
    eraser=erase,
    titles={
        "attendance": _("Présences aux rencontres"),
        "rsvps": _("Réponses aux invitations"),
        "absence_alerts": _("Alertes d'absence"),
        "reminders": _("Rappels envoyés"),
        "hosted_meetings": _("Rencontres que vous avez accueillies"),
        "minutes_writer_of": _("Rencontres dont vous avez rédigé le compte rendu"),
        "hosting_preferences": _("Accueil des rencontres"),
        "calendar_feeds": _("Liens d'agenda"),
        "documents_shared": _("Documents que vous avez partagés avec votre groupe"),
        "minutes_edited": _("Comptes rendus que vous avez modifiés en dernier"),
        "minutes_revisions": _("Versions de comptes rendus que vous avez enregistrées"),
    },
)
