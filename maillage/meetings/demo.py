"""The meetings part of the demo: each group's monthly meetings over its two years, the
edition's opening, plenary and closing, attendance and minutes of every meeting already held.

Meetings before the day the demo is loaded are held (or, rarely, cancelled); the others are
planned. Dates come from the scheduling engine (public holidays avoided; the closed editions took
August off, the running edition's groups meet every month: their 24 meetings), hosts from its
rotation (nobody hosts twice before every leader hosted once). The running edition's meetings
have their agenda, built from the session formats; its next meetings have their first answers.
The themes app lays its themes on the meetings: it passes them in as `topics`.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from maillage.editions.demo import DemoGroup, DemoMember, EditionsDemo
from maillage.editions.models import Edition, add_months
from maillage.engines.scheduling import (
    HostCandidate,
    HostSlot,
    MeetingRule,
    TerritoryCalendar,
    Weekday,
    local_datetime,
    nth_weekday,
    propose_hosts,
    propose_schedule,
)
from maillage.meetings import formats
from maillage.meetings.demo_text import (
    edition_event_minutes,
    group_meeting_minutes,
    venue_of,
)
from maillage.meetings.models import (
    AgendaItem,
    Attendance,
    Expert,
    Meeting,
    Minutes,
    MinutesRevision,
    Rsvp,
)
from maillage.territories.models import Network, Territory

MEETINGS_PER_GROUP = 22  # one a month for two years, none in August (closed editions)
RUNNING_MEETINGS_PER_GROUP = 24  # the running edition's groups meet every month
CANCELLED_SHARE = 0.02
AT_THE_CCI_SHARE = 0.12  # meetings not held at a member's firm


@dataclass(frozen=True)
class Topic:
    """A theme as the minutes speak of it."""

    title: str
    takeaways: tuple[str, ...]


# Group pk → the topics of its meetings, by meeting number (index 0 for meeting 1).
TopicPlan = Mapping[int, Sequence[Sequence[Topic]]]


@dataclass
class MeetingsDemo:
    meetings: list[Meeting]


@dataclass
class _Planned:
    meeting: Meeting
    people: list[DemoMember]  # who is expected
    group: DemoGroup | None = None
    host: DemoMember | None = None


def _attendance_status(member: DemoMember, rng: random.Random, factor: float = 1.0) -> str:
    if rng.random() < member.who.reliability * factor:
        return Attendance.Status.PRESENT
    return rng.choices(
        [Attendance.Status.LATE, Attendance.Status.EXCUSED, Attendance.Status.ABSENT],
        [3, 5, 2],
    )[0]


def _group_meetings(
    demo_group: DemoGroup,
    territory: Territory,
    today: datetime.date,
    rng: random.Random,
    cci_venue: tuple[str, str],
) -> list[_Planned]:
    group, edition = demo_group.group, demo_group.edition
    assert group.meeting_weekday is not None
    assert group.meeting_time is not None
    rule = MeetingRule(
        ordinal=demo_group.ordinal,
        weekday=Weekday(group.meeting_weekday),
        start=group.meeting_time,
        end=demo_group.ends_at,
    )
    running = edition.closing_date > today
    calendar = TerritoryCalendar(timezone=territory.time_zone, avoid_august=not running)
    first_month = add_months(edition.opening_date.replace(day=1), 1)
    count = RUNNING_MEETINGS_PER_GROUP if running else MEETINGS_PER_GROUP
    schedule = propose_schedule(opening=first_month, rule=rule, calendar=calendar, count=count)
    at_a_firm = {
        proposed.number
        for proposed in schedule.meetings
        if proposed.start.date() < edition.closing_date and rng.random() >= AT_THE_CCI_SHARE
    }
    # The engine's rotation over the leaders (one who has left by a meeting's day hands it to
    # the organiser's room).
    rotation = propose_hosts(
        [HostCandidate(index) for index in range(len(demo_group.leaders))],
        [HostSlot(number) for number in sorted(at_a_firm)],
        seed=edition.number * 100 + (group.meeting_weekday or 0) * 10 + demo_group.ordinal,
    )
    host_of = {a.number: a.host for a in rotation.assignments if a.host is not None}
    planned = []
    for proposed in schedule.meetings:
        day = proposed.start.date()
        if day >= edition.closing_date:
            break
        held = day < today
        status = Meeting.Status.HELD if held else Meeting.Status.PLANNED
        # Now and then a meeting of a closed edition was cancelled (never a group's first).
        closed = edition.closing_date <= today
        if held and closed and proposed.number > 1 and rng.random() < CANCELLED_SHARE:
            status = Meeting.Status.CANCELLED
        present = [member for member in demo_group.members if member.active_on(day)]
        leaders = [member for member in demo_group.leaders if member.active_on(day)]
        host: DemoMember | None = None
        venue_name, venue_address = cci_venue
        if proposed.number in host_of:
            candidate = demo_group.leaders[int(host_of[proposed.number])]
            if candidate in leaders:
                host = candidate
                venue_name, venue_address = venue_of(host.who.company)
        meeting = Meeting(
            edition=edition,
            group=group,
            kind=Meeting.Kind.GROUP,
            number=proposed.number,
            starts_at=proposed.start,
            ends_at=proposed.end,
            status=status,
            host=host.who.person if host else None,
            host_company=host.who.company if host else None,
            venue_name=venue_name,
            venue_address=venue_address,
        )
        planned.append(_Planned(meeting, present, demo_group, host))
    return planned


def _edition_events(
    edition: Edition,
    groups: list[DemoGroup],
    zone: ZoneInfo,
    today: datetime.date,
    rng: random.Random,
    cci_venue: tuple[str, str],
) -> list[_Planned]:
    """Opening ceremony, a plenary at mid-term and the closing, each with every member."""
    members = [member for group in groups for member in group.members]
    hosts = [member.who.company for member in members if member.who.company.is_large]
    mid_term = add_months(edition.opening_date, 12)
    closing_month = add_months(edition.opening_date, 24)
    events = [
        (Meeting.Kind.OPENING, edition.opening_date, datetime.time(18, 30), None),
        (
            Meeting.Kind.PLENARY,
            nth_weekday(mid_term.year, mid_term.month, 2, Weekday.WED),
            datetime.time(17, 30),
            rng.choice(hosts),
        ),
        (
            Meeting.Kind.CLOSING,
            nth_weekday(closing_month.year, closing_month.month, 1, Weekday.WED),
            datetime.time(18, 30),
            None,
        ),
    ]
    planned = []
    for kind, day, at, host in events:
        starts_at = local_datetime(day, at, zone)
        venue_name, venue_address = venue_of(host) if host else cci_venue
        meeting = Meeting(
            edition=edition,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            status=Meeting.Status.HELD if day < today else Meeting.Status.PLANNED,
            host_company=host,
            venue_name=venue_name,
            venue_address=venue_address,
        )
        planned.append(_Planned(meeting, [m for m in members if m.active_on(day)]))
    return planned


def build(
    editions_demo: EditionsDemo,
    *,
    territory: Territory,
    organiser_venue: tuple[str, str],
    today: datetime.date,
    rng: random.Random,
    topics: TopicPlan,
) -> MeetingsDemo:
    zone = ZoneInfo(territory.time_zone)
    planned: list[_Planned] = []
    for edition in editions_demo.editions:
        groups = [g for g in editions_demo.groups if g.edition.pk == edition.pk]
        planned += _edition_events(edition, groups, zone, today, rng, organiser_venue)
        for demo_group in groups:
            planned += _group_meetings(demo_group, territory, today, rng, organiser_venue)
    Meeting.objects.bulk_create([item.meeting for item in planned])

    attendances: list[Attendance] = []
    minutes: list[Minutes] = []
    next_meeting: dict[int, Meeting] = {}
    for item in reversed(planned):  # to know each meeting's next one in its group
        meeting = item.meeting
        if meeting.status == Meeting.Status.HELD:
            statuses = {}
            for member in item.people:
                factor = 1.0 if item.group else 0.9
                status = _attendance_status(member, rng, factor)
                if member is item.host:
                    status = Attendance.Status.PRESENT
                statuses[id(member)] = status
                attendances.append(
                    Attendance(meeting=meeting, person=member.who.person, status=status)
                )
            if item.group is not None:
                text, takeaways = group_meeting_minutes(
                    meeting=meeting,
                    group=item.group,
                    people=item.people,
                    statuses=statuses,
                    host=item.host,
                    topics=_topics_of(topics, meeting),
                    following=next_meeting.get(meeting.group_id or 0),
                    rng=rng,
                )
            else:
                text, takeaways = edition_event_minutes(
                    meeting=meeting, people=item.people, statuses=statuses, rng=rng
                )
            minutes.append(
                Minutes(
                    meeting=meeting,
                    text=text,
                    takeaways=takeaways,
                    takeaways_shared=bool(takeaways) and rng.random() < 0.65,
                )
            )
        if meeting.group_id is not None and meeting.status != Meeting.Status.CANCELLED:
            next_meeting[meeting.group_id] = meeting
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    Minutes.objects.bulk_create(minutes)
    _revisions(minutes)
    _agendas(planned, topics, today)
    _answers(planned, today)
    _experts(territory)
    return MeetingsDemo(meetings=[item.meeting for item in planned])


def _revisions(minutes: list[Minutes]) -> None:
    """Each minutes' first version, two days after its meeting; shared takeaways dated so."""
    revisions = []
    for row in minutes:
        written = row.meeting.ends_at + datetime.timedelta(days=2)
        revisions.append(
            MinutesRevision(minutes=row, text=row.text, takeaways=row.takeaways, created_at=written)
        )
        if row.takeaways_shared:
            row.takeaways_shared_at = written + datetime.timedelta(days=1)
    MinutesRevision.objects.bulk_create(revisions, batch_size=1000)
    Minutes.objects.bulk_update(
        [row for row in minutes if row.takeaways_shared], ["takeaways_shared_at"], batch_size=1000
    )


def _agenda(item: _Planned, topics: Sequence[Topic]) -> list[AgendaItem]:
    """A meeting's agenda from the session formats: news round, then either the theme and a
    member's challenge, or a co-development session; the host's firm; ideas; business."""
    meeting = item.meeting
    number = meeting.number or 1
    theme = topics[0].title if topics else str(formats.THEMATIC.title)
    steps: list[tuple[formats.SessionFormat, str, int]] = [
        (formats.NEWS_ROUND, str(formats.NEWS_ROUND.title), 30)
    ]
    if number % 2:
        steps += [
            (formats.THEMATIC, theme, 60),
            (formats.CHALLENGE, str(formats.CHALLENGE.title), 30),
        ]
    else:
        steps.append((formats.CODEVELOPMENT, str(formats.CODEVELOPMENT.title), 75))
    if item.host is not None:
        steps.append((formats.COMPANY_VISIT, f"Visite de {item.host.who.company.name}", 30))
    if number > 1:
        steps.append((formats.IDEAS_FOLLOW_UP, str(formats.IDEAS_FOLLOW_UP.title), 15))
    steps.append((formats.BUSINESS_EXCHANGE, str(formats.BUSINESS_EXCHANGE.title), 15))
    return [
        AgendaItem(
            meeting=meeting,
            format=session.code,
            title=title,
            minutes=minutes,
            position=position,
            details=str(session.description),
        )
        for position, (session, title, minutes) in enumerate(steps)
    ]


def _agendas(planned: list[_Planned], topics: TopicPlan, today: datetime.date) -> None:
    """The running edition's group meetings (held and planned) have their agenda."""
    items = []
    for item in planned:
        meeting = item.meeting
        running = meeting.edition.closing_date > today
        if running and item.group is not None and meeting.status != Meeting.Status.CANCELLED:
            items += _agenda(item, _topics_of(topics, meeting))
    AgendaItem.objects.bulk_create(items, batch_size=1000)


REASONS = ("Salon professionnel", "Rendez-vous client", "Congés", "Formation")


def _answers(planned: list[_Planned], today: datetime.date) -> None:
    """Most members answered the next meeting of their group; a few cannot come."""
    rsvps = []
    seen: set[int] = set()
    for item in sorted(planned, key=lambda p: p.meeting.starts_at):
        meeting = item.meeting
        if item.group is None or meeting.group_id in seen:
            continue
        if meeting.status != Meeting.Status.PLANNED or meeting.starts_at.date() < today:
            continue
        seen.add(meeting.group_id or 0)
        draw = random.Random(f"{meeting.edition_id}-{meeting.group_id}-{meeting.number}")
        for member in item.people:
            chance = draw.random()
            if chance < 0.7:
                rsvps.append(Rsvp(meeting=meeting, person=member.who.person, answer="yes"))
            elif chance < 0.8:
                reason = draw.choice(REASONS)
                rsvps.append(
                    Rsvp(meeting=meeting, person=member.who.person, answer="no", reason=reason)
                )
    Rsvp.objects.bulk_create(rsvps)


EXPERTS = (
    ("Anne Vial", "Bpifrance Auvergne-Rhône-Alpes", "financement, prêts d'honneur, export"),
    ("Marc Chazelle", "Ordre des experts-comptables", "trésorerie, tableau de bord"),
    ("Sophie Dumas", "Cabinet RH Loire", "recrutement, entretien annuel, motivation"),
    ("Karim Benali", "CCI Lyon Métropole Saint-Étienne Roanne", "développement commercial"),
)


def _experts(territory: Territory) -> None:
    Expert.objects.bulk_create(
        Expert(territory=territory, name=name, organisation=organisation, topics=topics)
        for name, organisation, topics in EXPERTS
    )


def _topics_of(topics: TopicPlan, meeting: Meeting) -> Sequence[Topic]:
    plan = topics.get(meeting.group_id or 0, ())
    index = (meeting.number or 0) - 1
    return plan[index] if 0 <= index < len(plan) else ()


def delete(network: Network) -> None:
    """Remove the meetings of the demo (after the themes laid on them were removed), and the
    territories' experts."""
    Meeting.objects.filter(edition__territory__network=network).delete()
    Expert.objects.filter(territory__network=network).delete()
