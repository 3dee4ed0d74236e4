"""The meetings app's part: 24 monthly meetings per group on its weekday and time, an opening,
a plenary and a closing per edition; attendance of the held ones (each member has their own
assiduity), hosts taking turns, agendas, minutes with their first revision, and the answers to
the coming invitations."""

from __future__ import annotations

import datetime
import random

from maillage.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesRevision,
    Rsvp,
)
from maillage.reports.national.world import ZONE, MeetingPlan, World
from maillage.reports.national.writer import Writer, aware

MEETINGS_PER_GROUP = 24
MINUTES_TEXT = (
    "Tour de table : {a} a signé un nouveau client, {b} cherche un second commercial. "
    "Séance sur « {theme} » : chacun a présenté sa pratique, puis le groupe a retenu trois "
    "pistes à essayer avant la prochaine rencontre. Co-développement sur la situation de {b} : "
    "recruter sans fragiliser la trésorerie ; pistes retenues : alternance, temps partagé, "
    "aides régionales. Prochaine rencontre chez {a}."
)
TAKEAWAYS = (
    "Préparer chaque rendez-vous client avec une fiche d'une page.",
    "Afficher les objectifs de l'équipe chaque lundi.",
    "Relancer les devis à J+7, par téléphone plutôt que par courriel.",
    "Bloquer une demi-journée par mois pour le travail sur l'entreprise.",
)


def build(world: World, w: Writer) -> None:
    rng = world.rng("meetings")
    _plan(world, w, rng)
    meetings = world.meetings
    by_person_company = {p.id: p.company_id for p in world.people}
    w.insert(
        Meeting,
        [
            "id",
            "edition",
            "group",
            "kind",
            "number",
            "starts_at",
            "ends_at",
            "status",
            "host",
            "host_company",
            "venue_name",
            "changed_at",
        ],
        (
            (
                m.id,
                m.edition.id,
                m.group.id if m.group else None,
                m.kind,
                m.number,
                m.starts_at,
                m.ends_at,
                m.status,
                m.host.person.id if m.host else None,
                by_person_company[m.host.person.id] if m.host else None,
                "" if m.host else f"Salle de la CCI {m.edition.territory.name}",
                m.starts_at - datetime.timedelta(days=40),
            )
            for m in meetings
        ),
    )
    w.insert(
        Attendance,
        ["meeting", "person", "status"],
        ((m.id, pid, status) for m in meetings for pid, status in m.attendance.items()),
    )
    group_meetings = [m for m in meetings if m.group is not None]
    w.insert(
        AgendaItem,
        ["meeting", "format", "title", "minutes", "position"],
        (row for m in group_meetings for row in _agenda(world, m)),
    )
    held = [m for m in group_meetings if m.status == Meeting.Status.HELD]
    users = {p.id: p.user_id for p in world.people}
    minutes_ids = w.ids(Minutes, len(held))
    minutes_rows = []
    revision_rows = []
    for minutes_id, m in zip(minutes_ids, held, strict=True):
        assert m.group is not None
        names = [mm.person.first_name for mm in m.group.leaders] or ["Camille"]
        text = MINUTES_TEXT.format(
            a=names[m.id % len(names)],
            b=names[(m.id + 3) % len(names)],
            theme=_theme_title(world, m),
        )
        takeaways = TAKEAWAYS[m.id % len(TAKEAWAYS)]
        shared = rng.random() < 0.5
        writer = m.group.facilitators[0].person.id if m.group.facilitators else None
        author = users.get(writer) if writer else None
        written = m.ends_at + datetime.timedelta(days=2)
        minutes_rows.append(
            (
                minutes_id,
                m.id,
                text,
                takeaways,
                shared,
                written if shared else None,
                written,
                author,
            )
        )
        revision_rows.append((minutes_id, text, takeaways, author, written))
    w.insert(
        Minutes,
        [
            "id",
            "meeting",
            "text",
            "takeaways",
            "takeaways_shared",
            "takeaways_shared_at",
            "updated_at",
            "updated_by",
        ],
        minutes_rows,
    )
    w.insert(
        MinutesRevision, ["minutes", "text", "takeaways", "author", "created_at"], revision_rows
    )
    soon = world.now + datetime.timedelta(days=60)
    w.insert(
        Rsvp,
        ["meeting", "person", "answer", "reason", "answered_at"],
        (
            (
                m.id,
                member.person.id,
                answer,
                "" if answer == "yes" else "Salon professionnel",
                world.now - datetime.timedelta(days=1 + m.id % 5),
            )
            for m in group_meetings
            if m.status == Meeting.Status.PLANNED and m.starts_at < soon and m.group
            for member in m.group.members
            if member.in_group_on(m.day) and (m.id + member.id) % 10 < 6
            for answer in ["yes" if (m.id * member.id) % 7 else "no"]
        ),
    )


def _theme_title(world: World, m: MeetingPlan) -> str:
    if m.group is None or not m.group.theme_ids or m.number is None:
        return "Développement commercial"
    theme_id = m.group.theme_ids[(m.number - 1) % len(m.group.theme_ids)]
    return world.theme_titles.get(theme_id, "Développement commercial")


def _agenda(world: World, m: MeetingPlan) -> list[tuple[int, str, str, int, int]]:
    items = [
        ("news_round", "Tour de table", 45),
        ("thematic", _theme_title(world, m), 60),
        ("codevelopment", "Co-développement", 75),
        ("business_exchange", "Échanges d'affaires", 20),
    ]
    if m.host is not None:
        items.append(("company_visit", "Visite de l'entreprise de l'hôte", 45))
    return [(m.id, code, title, length, n) for n, (code, title, length) in enumerate(items)]


def _status(world: World, rng: random.Random, starts_at: datetime.datetime) -> str:
    if starts_at >= world.now:
        return Meeting.Status.PLANNED
    return Meeting.Status.CANCELLED if rng.random() < 0.02 else Meeting.Status.HELD


def _plan(world: World, w: Writer, rng: random.Random) -> None:
    for edition in world.editions:
        if not edition.groups:
            continue
        evening = datetime.time(18, 30)
        events = (
            ("opening", edition.opening),
            ("plenary", edition.opening + datetime.timedelta(days=365)),
            ("closing", edition.closing - datetime.timedelta(days=10)),
        )
        members = [m for g in edition.groups for m in g.members]
        for kind, day in events:
            starts_at = aware(day, evening, ZONE)
            meeting = MeetingPlan(
                w.next_id(Meeting),
                edition,
                None,
                kind,
                None,
                starts_at,
                150,
                _status(world, rng, starts_at),
            )
            if meeting.status == Meeting.Status.HELD:
                for member in members:
                    if member.in_group_on(day) and member.person.id not in meeting.attendance:
                        r = rng.random()
                        meeting.attendance[member.person.id] = (
                            "present" if r < 0.65 else "excused" if r < 0.9 else "absent"
                        )
            edition.events.append(meeting)
        for group in edition.groups:
            length = {8: 180, 12: 150}.get(group.time.hour, 180)
            leaders = group.leaders
            for number in range(1, MEETINGS_PER_GROUP + 1):
                day = edition.opening + datetime.timedelta(days=10 + int((number - 1) * 30.42))
                day += datetime.timedelta(days=(group.weekday - day.weekday()) % 7)
                starts_at = aware(day, group.time, ZONE)
                host = leaders[(number - 1) % len(leaders)]
                meeting = MeetingPlan(
                    w.next_id(Meeting),
                    edition,
                    group,
                    "group",
                    number,
                    starts_at,
                    length,
                    _status(world, rng, starts_at),
                    host=host if number % 4 != 1 and host.in_group_on(day) else None,
                )
                if meeting.status == Meeting.Status.HELD:
                    for member in group.members:
                        if not member.in_group_on(day):
                            continue
                        if rng.random() < member.assiduity:
                            status = "late" if rng.random() < 0.06 else "present"
                        else:
                            status = "excused" if rng.random() < 0.7 else "absent"
                        meeting.attendance[member.person.id] = status
                group.meetings.append(meeting)
