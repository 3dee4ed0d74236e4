"""The meetings and attendance sheets of the past-editions import (the import itself, its
editions, groups and members: `maillage.editions.history_import`; columns: docs/imports.md)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.editions.history_import import (
    History,
    Kind,
    Payload,
    group_of,
    number_of,
    person_for,
    person_key,
    plausible_day,
    refuse,
    register,
)
from maillage.editions.models import Group, Membership
from maillage.editions.recruitment.forms import fold
from maillage.editions.recruitment.tabular import Column, parse_date, parse_time
from maillage.meetings.models import Attendance, Meeting

STATUSES = {
    "held": Meeting.Status.HELD,
    "tenue": Meeting.Status.HELD,
    "": Meeting.Status.HELD,
    "cancelled": Meeting.Status.CANCELLED,
    "canceled": Meeting.Status.CANCELLED,
    "annulee": Meeting.Status.CANCELLED,
    "planned": Meeting.Status.PLANNED,
    "prevue": Meeting.Status.PLANNED,
}
PRESENCE = {
    "present": Attendance.Status.PRESENT,
    "presente": Attendance.Status.PRESENT,
    "late": Attendance.Status.LATE,
    "en retard": Attendance.Status.LATE,
    "retard": Attendance.Status.LATE,
    "excused": Attendance.Status.EXCUSED,
    "excuse": Attendance.Status.EXCUSED,
    "excusee": Attendance.Status.EXCUSED,
    "absent": Attendance.Status.ABSENT,
    "absente": Attendance.Status.ABSENT,
}


def _meetings(history: History) -> dict[tuple[Any, ...], Payload]:
    found: dict[tuple[Any, ...], Payload] = history.extra.setdefault("meetings", {})
    return found


def check_meeting(history: History, row: dict[str, str]) -> Payload:
    group_key, group = group_of(history, row.get("edition", ""), row.get("group", ""))
    try:
        int(row.get("number", "").strip())
    except ValueError:
        raise refuse(_("Donnez le numéro de la rencontre (1, 2, 3…).")) from None
    number = number_of(row["number"], _("numéro"))
    day = parse_date(row.get("date", ""))
    if day is None:
        raise refuse(
            _("« %(value)s » n'est pas une date (par exemple 2024-03-26 ou 26/03/2024).")
            % {"value": row.get("date", "")}
        )
    plausible_day(day, _("date"))
    start = parse_time(row.get("start", "") or "18:00")
    end = parse_time(row.get("end", "") or "21:00")
    if start is None or end is None or end <= start:
        raise refuse(_("Donnez des heures de début et de fin, la fin après le début."))
    status = STATUSES.get(fold(row.get("status", "")))
    if status is None:
        raise refuse(
            _("Statut inconnu : « %(status)s » (tenue, annulée ou prévue).")
            % {"status": row.get("status", "")}
        )
    key = (*group_key, number)
    meetings = _meetings(history)
    exists = isinstance(group, Group) and Meeting.objects.filter(group=group, number=number)
    if key in meetings or (exists and exists.exists()):
        raise refuse(_("La rencontre n° %(number)d de ce groupe existe déjà.") % {"number": number})
    payload: Payload = {
        "group": group_key,
        "number": number,
        "day": day,
        "start": start,
        "end": end,
        "status": status,
        "venue": row.get("venue", "").strip()[:200],
    }
    meetings[key] = payload
    return payload


def write_meetings(history: History, payloads: list[Payload]) -> int:
    zone = ZoneInfo(history.territory.time_zone)
    rows = []
    for payload in payloads:
        group: Group = history.objects[("group", payload["group"])]
        meeting = Meeting(
            edition=group.edition,
            group=group,
            kind=Meeting.Kind.GROUP,
            number=payload["number"],
            starts_at=datetime.datetime.combine(payload["day"], payload["start"], tzinfo=zone),
            ends_at=datetime.datetime.combine(payload["day"], payload["end"], tzinfo=zone),
            status=payload["status"],
            venue_name=payload["venue"],
        )
        rows.append(meeting)
        history.objects[("meeting", payload["group"], payload["number"])] = meeting
    Meeting.objects.bulk_create(rows)
    return len(rows)


def check_attendance(history: History, row: dict[str, str]) -> Payload:
    group_key, group = group_of(history, row.get("edition", ""), row.get("group", ""))
    try:
        number = int(row.get("meeting", "").strip())
    except ValueError:
        raise refuse(_("Donnez le numéro de la rencontre (1, 2, 3…).")) from None
    meeting_key = (*group_key, number)
    meeting: Any = _meetings(history).get(meeting_key)
    if meeting is None and isinstance(group, Group):
        meeting = Meeting.objects.filter(group=group, number=number).first()
        if meeting is not None:
            history.objects[("meeting", group_key, number)] = meeting
    if meeting is None:
        raise refuse(_("Rencontre n° %(number)d inconnue dans ce groupe.") % {"number": number})
    key = person_key(row)
    person: Any = None
    if (*group_key, key) in history.memberships:
        person = key
    elif isinstance(group, Group) and row.get("email", "").strip():
        membership = Membership.objects.filter(
            group=group, person__email__iexact=row["email"].strip()
        ).first()
        if membership is not None:
            person = membership.person
    if person is None:
        raise refuse(_("Cette personne n'est pas membre de ce groupe (feuille des membres)."))
    status = PRESENCE.get(fold(row.get("status", "")))
    if status is None:
        raise refuse(
            _("Présence inconnue : « %(status)s » (présent, en retard, excusé, absent).")
            % {"status": row.get("status", "")}
        )
    seen: set[tuple[Any, ...]] = history.extra.setdefault("attendance", set())
    identity = (*meeting_key, key)
    if identity in seen:
        raise refuse(_("Cette présence figure deux fois."))
    seen.add(identity)
    return {"meeting": (group_key, number), "person": person, "status": status}


def write_attendance(history: History, payloads: list[Payload]) -> int:
    rows = []
    for payload in payloads:
        group_key, number = payload["meeting"]
        meeting = history.objects[("meeting", group_key, number)]
        person = payload["person"]
        if isinstance(person, str):
            person = person_for(history, person)
        rows.append(Attendance(meeting=meeting, person=person, status=payload["status"]))
    Attendance.objects.bulk_create(rows)
    return len(rows)


register(
    Kind(
        "meetings",
        gettext_lazy("rencontres"),
        ("rencontres", "meetings", "rencontre", "meeting"),
        (
            Column("edition", gettext_lazy("édition"), ("edition",), True),
            Column("group", gettext_lazy("groupe"), ("groupe", "group"), True),
            Column("number", gettext_lazy("numéro"), ("numero", "number", "n"), True),
            Column("date", gettext_lazy("date"), ("date",), True),
            Column("start", gettext_lazy("début"), ("debut", "start", "heure_de_debut")),
            Column("end", gettext_lazy("fin"), ("fin", "end", "heure_de_fin")),
            Column("status", gettext_lazy("statut"), ("statut", "status")),
            Column("venue", gettext_lazy("lieu"), ("lieu", "venue")),
        ),
        40,
        check_meeting,
        write_meetings,
    )
)
register(
    Kind(
        "attendance",
        gettext_lazy("présences"),
        ("presences", "attendance", "presence"),
        (
            Column("edition", gettext_lazy("édition"), ("edition",), True),
            Column("group", gettext_lazy("groupe"), ("groupe", "group"), True),
            Column("meeting", gettext_lazy("rencontre"), ("rencontre", "meeting"), True),
            Column("email", gettext_lazy("e-mail"), ("email", "e-mail", "courriel")),
            Column("first_name", gettext_lazy("prénom"), ("prenom", "first_name")),
            Column("last_name", gettext_lazy("nom"), ("nom", "last_name")),
            Column("company", gettext_lazy("entreprise"), ("entreprise", "company")),
            Column("status", gettext_lazy("présence"), ("presence", "status", "statut"), True),
        ),
        50,
        check_attendance,
        write_attendance,
    )
)
