"""French minutes of the demo's meetings, composed from templates with a seeded generator."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from maillage.meetings.models import Attendance, Meeting
from maillage.territories.models import Company

if TYPE_CHECKING:
    from maillage.editions.demo import DemoGroup, DemoMember

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


class TopicLike(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def takeaways(self) -> tuple[str, ...]: ...


# What leaders tell in the news round ({e}: the feminine mark).
NEWS = (
    "a signé un contrat important avec un nouveau client",
    "recrute un apprenti pour la rentrée et cherche des pistes",
    "a emménagé dans des locaux plus grands",
    "traverse une baisse d'activité et cherche de nouveaux débouchés",
    "prépare un salon professionnel à Lyon",
    "a investi dans une nouvelle machine, livrée le mois prochain",
    "fait face au départ d'un salarié clé",
    "a mis en ligne son nouveau site internet",
    "vient d'obtenir une certification qualité",
    "a remporté un marché public avec la communauté d'agglomération",
    "réfléchit à l'ouverture d'un second point de vente",
    "a été recommandé{e} par un membre du groupe à l'un de ses clients",
    "a travaillé avec un autre membre du groupe sur un chantier commun",
    "a pris une semaine de congés, la première depuis deux ans",
    "réorganise son équipe autour de deux responsables",
    "subit un gros impayé et surveille sa trésorerie de près",
    "a embauché un commercial",
    "a testé l'idée de la dernière rencontre et en fait le bilan",
    "prépare l'arrivée d'un associé",
    "a renégocié ses contrats avec ses fournisseurs",
    "est débordé{e} : carnet de commandes plein jusqu'à l'été",
    "a lancé une nouvelle gamme de produits",
    "a réussi son premier chantier à l'export",
    "a formé toute son équipe aux gestes de premiers secours",
)
SESSIONS = (
    "Séance thématique animée par {facilitator}, à partir de cas vécus dans les entreprises "
    "du groupe.",
    "Intervention d'un expert invité, suivie d'un échange en petits groupes.",
    "Co-développement : {leader} a exposé une situation concrète ; après les questions de "
    "clarification, chacun a proposé des pistes et {leader_short} a retenu un plan d'action.",
    "{facilitator} a partagé la pratique de son entreprise, puis chaque dirigeant a dit ce "
    "qu'il pouvait en transposer chez lui.",
    "Atelier en deux sous-groupes, restitution commune, puis discussion libre.",
)
VISITS = (
    "Visite de l'entreprise guidée par {host} : {activity}. Échanges sur les projets de l'année.",
    "{host} nous a fait visiter les locaux ({activity}) et a présenté son défi du moment.",
    "Visite de l'atelier avec {host}, qui a expliqué son organisation et ses projets "
    "d'investissement.",
)
OPENINGS = (
    "Rencontre n° {number} du {group}, accueillie par {host} chez {company} ({commune}).",
    "{nth} rencontre du groupe, chez {company} à {commune} : merci à {host} pour l'accueil.",
    "Rencontre n° {number} du {group}, chez {company}, {commune}.",
)
CCI_OPENINGS = (
    "Rencontre n° {number} du {group}, dans la salle de réunion de la CCI.",
    "{nth} rencontre du groupe, à la CCI faute de salle disponible chez un membre.",
)
CLOSINGS = (
    "Prochaine rencontre le {date}{where}.",
    "Chacun teste une idée d'ici la prochaine rencontre, le {date}{where}.",
    "Tour de clôture : une idée à transposer pour chacun. Prochaine rencontre le {date}{where}.",
)
LAST_CLOSINGS = (
    "Dernière rencontre du programme : chacun a dit ce que le groupe lui a apporté.",
    "Dernière rencontre : le groupe décide de continuer à se voir chaque trimestre.",
)


def french_date(meeting: Meeting) -> str:
    """The meeting's day in words, in the territory's time (the demo's datetimes carry it)."""
    day = meeting.starts_at.date()
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def venue_of(company: Company) -> tuple[str, str]:
    """A firm as a meeting venue: its name and full address."""
    commune = company.commune
    where = f"{commune.postal_code} {commune.name}" if commune else ""
    return company.name, ", ".join(part for part in (company.address, where) if part)


def _name(member: DemoMember) -> str:
    return member.who.person.full_name


def _activity(company: Company) -> str:
    first = company.description.split(".")[0]
    return first[:1].lower() + first[1:]


def group_meeting_minutes(
    *,
    meeting: Meeting,
    group: DemoGroup,
    people: Sequence[DemoMember],
    statuses: Mapping[int, str],
    host: DemoMember | None,
    topics: Sequence[TopicLike],
    following: Meeting | None,
    rng: random.Random,
) -> tuple[str, str]:
    """The minutes (confidential to the group) and the shareable takeaways of a group meeting."""
    attending = {Attendance.Status.PRESENT, Attendance.Status.LATE}
    here = [m for m in people if statuses[id(m)] in attending]
    excused = [m for m in people if statuses[id(m)] == Attendance.Status.EXCUSED]
    late = [m for m in people if statuses[id(m)] == Attendance.Status.LATE]
    number = meeting.number or 0
    values = {
        "number": number,
        "nth": "1re" if number == 1 else f"{number}e",
        "group": group.group.name,
    }
    paragraphs = []
    if host is not None:
        company = host.who.company
        commune = company.commune.name if company.commune else ""
        opening = rng.choice(OPENINGS).format(
            host=host.who.person.first_name, company=company.name, commune=commune, **values
        )
    else:
        opening = rng.choice(CCI_OPENINGS).format(**values)
    presence = f"{len(here)} présents sur {len(people)}."
    if excused:
        presence += " Excusés : " + ", ".join(_name(m) for m in excused) + "."
    if late:
        presence += " Arrivé(s) en cours de rencontre : " + ", ".join(_name(m) for m in late) + "."
    paragraphs.append(f"{opening} {presence}")

    leader_ids = {id(m) for m in group.leaders}
    leaders_here = [m for m in here if id(m) in leader_ids]
    if leaders_here:
        lines = ["Tour de table :"]
        for member in rng.sample(leaders_here, min(len(leaders_here), rng.randint(3, 5))):
            news = rng.choice(NEWS).format(e="e" if member.who.feminine else "")
            lines.append(f"- {member.who.person.first_name} {news}.")
        paragraphs.append("\n".join(lines))

    if host is not None:
        visit = rng.choice(VISITS).format(
            host=host.who.person.first_name, activity=_activity(host.who.company)
        )
        paragraphs.append(visit)

    takeaways: list[str] = []
    formats = rng.sample(SESSIONS, len(SESSIONS))
    for topic, session_format in zip(topics, formats, strict=False):
        facilitators = [m for m in here if id(m) not in leader_ids] or group.facilitators
        leader = rng.choice(leaders_here or group.leaders)
        session = session_format.format(
            facilitator=_name(rng.choice(facilitators)),
            leader=_name(leader),
            leader_short=leader.who.person.first_name,
        )
        points = "\n".join(f"- {line}" for line in topic.takeaways)
        paragraphs.append(f"Thème : {topic.title}\n{session}\nÀ retenir :\n{points}")
        takeaways += [f"{topic.title} : {line}" for line in topic.takeaways]

    if following is None:
        paragraphs.append(rng.choice(LAST_CLOSINGS))
    else:
        where = f" chez {following.venue_name}" if following.host_company_id else " à la CCI"
        paragraphs.append(rng.choice(CLOSINGS).format(date=french_date(following), where=where))
    return "\n\n".join(paragraphs), "\n".join(f"- {line}" for line in takeaways)


def edition_event_minutes(
    *,
    meeting: Meeting,
    people: Sequence[DemoMember],
    statuses: Mapping[int, str],
    rng: random.Random,
) -> tuple[str, str]:
    """Minutes of an opening, plenary or closing of the edition, and its takeaways."""
    attending = {Attendance.Status.PRESENT, Attendance.Status.LATE}
    here = sum(1 for m in people if statuses[id(m)] in attending)
    leaders = sum(1 for m in people if m.membership.role == "leader")
    number = meeting.edition.number
    nth = "1er" if number == 1 else f"{number}e"
    if meeting.kind == Meeting.Kind.OPENING:
        text = (
            f"Cérémonie d'ouverture du {nth} programme ({meeting.venue_name}) : "
            f"{leaders} dirigeants et {len(people) - leaders} animateurs réunis, {here} présents. "
            "Présentation du programme et des groupes, "
            + ("témoignages d'anciens des éditions précédentes, " if number > 1 else "")
            + "premier échange par groupe autour d'un buffet."
        )
        return text, ""
    if meeting.kind == Meeting.Kind.PLENARY:
        text = (
            f"Plénière de mi-parcours chez {meeting.venue_name} : {here} participants de tous les "
            "groupes. Bilan de la première année par chaque groupe, "
            + rng.choice(
                (
                    "atelier inter-groupes sur les recommandations d'affaires entre membres.",
                    "table ronde sur la rupture de l'isolement du dirigeant.",
                    "intervention d'un chef d'entreprise ancien du programme.",
                )
            )
        )
        return text, (
            "- Les groupes qui se voient aussi entre les rencontres échangent davantage "
            "d'affaires.\n- Le tour de table reste le moment le plus apprécié."
        )
    text = (
        f"Clôture du {nth} programme : {here} participants. Remise des attestations, "
        "bilan des deux années par les groupes, chiffres du programme présentés par la CCI. "
        "Plusieurs groupes annoncent qu'ils continueront à se réunir."
    )
    return text, "- Deux ans suffisent pour que des dirigeants isolés deviennent un réseau."
