"""The themes part of the demo: the network's catalogue, each group's ballots and the themes they
chose, the members' wishes, and the ratings after every held meeting.

Members have tastes, and the data follows them: some themes are better liked everywhere
(cash management, sales development), some depend on the stage of the two years (the business
plan early, handing the firm over late), on the member's sector (public tenders in building,
export in industry) or on the firm's size (the annual review in firms with employees). Each
group votes at its launch on the first year's themes (Schulze) and at mid-term on the second
year's (approval or dots); the results are laid on its meetings, and every attendee rates most
held meetings. The groups of the latest edition all opened with "Développement commercial", as
the 4th Roanne edition did; the first group of that edition (the demo leader's) has its mid-term
ballot open, the leader has not voted yet and has one meeting left to rate.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from maillage.editions.demo import LEADER_EMAIL, DemoGroup, DemoMember
from maillage.editions.models import add_months
from maillage.engines.voting import approval, dot_vote, schulze
from maillage.meetings.demo import MeetingsDemo, Topic, TopicPlan
from maillage.meetings.models import Attendance, Meeting
from maillage.territories.models import Company, Network, Person
from maillage.themes import recommender
from maillage.themes.catalogue import SALES_DEVELOPMENT, STARTER_THEMES, starter_catalogue_load
from maillage.themes.models import (
    Ballot,
    BallotCandidate,
    MeetingRating,
    MeetingTheme,
    Theme,
    Vote,
    Wish,
)

PLAN_LENGTH = 24
SECOND_THEME_SHARE = 0.15
YEAR_ONE = range(2, 12)  # meetings the launch ballot fills (the first is set at the opening)
YEAR_TWO = range(12, 23)  # meetings the mid-term ballot fills
EXTRA_CANDIDATES = 3  # candidates beyond the meetings to fill
VOTING_SHARE = 0.85  # members who vote in a ballot
VOTED_SO_FAR = 0.45  # of the open ballot
RATING_SHARE = 0.8  # attendees who rate a held meeting
COMMENT_SHARE = 0.15
TO_APPLY_SHARE = 0.25

# Tastes: offsets to a usefulness of 3.7 out of 5, by theme slug.
QUALITY = {
    "gerer-sa-tresorerie": 0.6,
    "developpement-commercial": 0.5,
    "fixer-ses-prix": 0.45,
    "deleguer": 0.4,
    "la-gestion-du-temps": 0.3,
    "recruter": 0.3,
    "negocier-avec-clients-et-fournisseurs": 0.25,
    "la-motivation-des-salaries": 0.2,
    "fideliser-ses-clients": 0.2,
    "la-responsabilite-societale-rse": -0.2,
    "communiquer-sur-les-reseaux-sociaux": -0.25,
    "la-cybersecurite": -0.3,
    "les-tableaux-de-bord": -0.15,
    "repondre-aux-marches-publics": -0.45,
    "se-developper-a-lexport": -0.35,
    "la-prise-de-parole-en-public": -0.1,
}
STAGE = {  # by half-year of the programme
    "le-business-plan": (0.5, 0.2, -0.2, -0.5),
    "communication-interne": (0.3, 0.1, -0.1, -0.2),
    "recruter": (0.3, 0.1, 0.0, -0.2),
    "financer-sa-strategie-commerciale": (0.3, 0.2, 0.0, -0.3),
    "transmettre-son-entreprise": (-0.7, -0.3, 0.3, 0.7),
    "definir-sa-strategie-a-trois-ans": (-0.4, -0.1, 0.2, 0.5),
    "la-gestion-du-stress": (-0.2, 0.0, 0.3, 0.4),
    "equilibre-entre-vie-professionnelle-et-vie-personnelle": (-0.2, 0.0, 0.2, 0.4),
    "innover-dans-une-petite-entreprise": (-0.1, 0.0, 0.2, 0.2),
}
SECTOR = {  # by NAF section of the member's firm
    "C": {
        "se-developper-a-lexport": 0.9,
        "optimiser-ses-achats": 0.4,
        "sante-et-securite-au-travail": 0.5,
    },
    "F": {
        "repondre-aux-marches-publics": 1.1,
        "sante-et-securite-au-travail": 0.6,
        "communiquer-sur-les-reseaux-sociaux": -0.3,
    },
    "G": {
        "fideliser-ses-clients": 0.5,
        "communiquer-sur-les-reseaux-sociaux": 0.6,
        "la-transformation-numerique": 0.3,
    },
    "I": {"attirer-et-fideliser-ses-salaries": 0.7, "communiquer-sur-les-reseaux-sociaux": 0.5},
    "J": {"la-cybersecurite": 0.8, "la-transformation-numerique": 0.4},
    "M": {"les-tableaux-de-bord": 0.4, "la-prise-de-parole-en-public": 0.3},
    "N": {"recruter": 0.3, "les-tableaux-de-bord": 0.3},
}
SIZE = {  # by headcount band
    "PME": {
        "lentretien-annuel-devaluation": 0.6,
        "manager-son-equipe": 0.4,
        "communication-interne": 0.4,
        "la-motivation-des-salaries": 0.3,
    },
    "TPE": {
        "lentretien-annuel-devaluation": -0.4,
        "manager-son-equipe": -0.2,
        "gerer-sa-tresorerie": 0.2,
        "equilibre-entre-vie-professionnelle-et-vie-personnelle": 0.3,
    },
}
COMMENTS = {
    "high": (
        "Très concret : j'ai repris deux idées dès le lendemain.",
        "L'expérience des animateurs sur ce sujet a été précieuse.",
        "Le meilleur échange depuis le début.",
        "On a enfin mis des chiffres sur nos pratiques.",
    ),
    "mid": (
        "Utile, mais on aurait pu aller plus loin sur les cas pratiques.",
        "Bon thème, un peu trop de théorie au début.",
        "Intéressant, moins adapté à une entreprise de ma taille.",
    ),
    "low": (
        "Sujet éloigné de mes préoccupations du moment.",
        "Trop général pour mon activité.",
    ),
}
FREE_WISHES = (
    "Comment passer la main sur la relation client ?",
    "Gérer un associé qui ne s'implique plus",
    "Négocier avec les grandes enseignes",
    "Faire face à la hausse des coûts de l'énergie",
    "Passer à la semaine de quatre jours ?",
    "Trouver des apprentis",
)


@dataclass
class PlannedBallot:
    kind: str
    title: str
    method: str
    meetings: range  # the meeting numbers it fills
    candidates: list[Theme]
    votes: dict[int, dict[str, Any]]  # person pk → stored choice
    is_open: bool = False
    future: bool = False  # not opened yet on the demo's day


@dataclass
class ThemePlan:
    """Each group's themes by meeting number (index 0 = n° 1) and the ballots that chose them."""

    meetings: dict[int, list[list[Theme]]] = field(default_factory=dict)
    ballots: dict[int, list[PlannedBallot]] = field(default_factory=dict)
    groups: dict[int, DemoGroup] = field(default_factory=dict)


def build_catalogue(network: Network) -> list[Theme]:
    return starter_catalogue_load(network=network)


def stage_of_meeting(number: int) -> int:
    """The half-year of a meeting by its number (22 meetings, none in August)."""
    return min(3, (number - 1) * 4 // 22)


def stage_of_day(member_group: DemoGroup, day: datetime.date) -> int:
    return recommender.stage_at(member_group.edition.opening_date, day)


def expected_usefulness(company: Company, slug: str, stage: int) -> float:
    """How useful a theme is, on average, to the leader of this firm at that stage (about 1 to
    5): the demo's hidden truth, which `bench/themes/recommender.py` uses as its ceiling."""
    band = "PME" if company.headcount_band != "TPE" else "TPE"
    return (
        3.7
        + QUALITY.get(slug, 0.0)
        + STAGE.get(slug, (0.0,) * 4)[stage]
        + SECTOR.get(company.activity.section, {}).get(slug, 0.0)
        + SIZE[band].get(slug, 0.0) * (0.5 if company.is_large else 1.0)
    )


def taste(member: DemoMember, theme: Theme, stage: int) -> float:
    return expected_usefulness(member.who.company, theme.slug, stage)


def _vote(
    member: DemoMember, method: str, candidates: Sequence[Theme], stage: int, rng: random.Random
) -> dict[str, Any]:
    noisy = sorted(candidates, key=lambda t: -(taste(member, t, stage) + rng.gauss(0, 0.5)))
    if method == Ballot.Method.SCHULZE:
        return {"ranking": [theme.pk for theme in noisy]}
    if method == Ballot.Method.APPROVAL:
        return {"approvals": [theme.pk for theme in noisy[: rng.randint(3, 6)]]}
    dots: dict[str, int] = {}
    for theme in noisy[:4]:  # 8 dots over the four favourites, more on the first
        dots[str(theme.pk)] = 0
    for _ in range(8):
        pick = noisy[min(int(rng.expovariate(0.9)), 3)]
        dots[str(pick.pk)] += 1
    return {"dots": {key: value for key, value in dots.items() if value}}


def _result(ballot: PlannedBallot) -> list[Theme]:
    by_id = {theme.pk: theme for theme in ballot.candidates}
    ids = list(by_id)
    choices = list(ballot.votes.values())
    if ballot.method == Ballot.Method.SCHULZE:
        tiers = schulze([[int(i) for i in c["ranking"]] for c in choices], ids)
    elif ballot.method == Ballot.Method.APPROVAL:
        tiers = approval([[int(i) for i in c["approvals"]] for c in choices], ids)
    else:
        tiers = dot_vote([{int(k): int(v) for k, v in c["dots"].items()} for c in choices], ids)
    return [by_id[i] for tier in tiers for i in tier]


def plan(
    groups: Sequence[DemoGroup],
    catalogue: Sequence[Theme],
    rng: random.Random,
    *,
    today: datetime.date | None = None,
) -> ThemePlan:
    """Each group's ballots (simulated from its members' tastes) and the themes of its meetings
    that follow from them. Themes are saved, so they have ids for the votes. A ballot after
    `today` is only planned: its meetings wait for it."""
    latest = max(group.edition.number for group in groups)
    opening = next(theme for theme in catalogue if theme.title == SALES_DEVELOPMENT)
    result = ThemePlan()
    first_of_latest = next(group for group in groups if group.edition.number == latest)
    for group in groups:
        assert group.group.pk is not None
        order = list(catalogue)
        rng.shuffle(order)
        if group.edition.number == latest:
            order.remove(opening)
            order.insert(0, opening)
        main: list[Theme] = [order[0]]
        pool = order[1:]
        ballots = []
        for kind, title, meetings, method in (
            (
                Ballot.Kind.LAUNCH,
                "Les thèmes de la première année",
                YEAR_ONE,
                Ballot.Method.SCHULZE,
            ),
            (
                Ballot.Kind.MIDTERM,
                "Les thèmes de la deuxième année",
                YEAR_TWO,
                Ballot.Method.APPROVAL if group.edition.number % 2 else Ballot.Method.DOTS,
            ),
        ):
            is_open = group is first_of_latest and kind == Ballot.Kind.MIDTERM
            if group.edition.number == latest and kind == Ballot.Kind.MIDTERM:
                method = Ballot.Method.SCHULZE  # the open ballot ranks (and one of the others)
            candidates = pool[: len(meetings) + EXTRA_CANDIDATES]
            stage = stage_of_meeting(meetings[0])
            day = (
                group.edition.opening_date
                if kind == Ballot.Kind.LAUNCH
                else add_months(group.edition.opening_date, 11)
            )
            voters = [m for m in group.members if m.active_on(day)]
            share = VOTED_SO_FAR if is_open else VOTING_SHARE
            votes = {
                member.who.person.pk: _vote(member, method, candidates, stage, rng)
                for member in voters
                if rng.random() < share
            }
            future = today is not None and day > today and not is_open
            ballot = PlannedBallot(
                kind, title, method, meetings, candidates, votes, is_open, future
            )
            ballots.append(ballot)
            chosen = candidates if is_open else _result(ballot)
            main += chosen[: len(meetings)]
            pool = [theme for theme in pool if theme not in main]
        main += pool  # beyond the two years, should a group meet more
        meetings_themes: list[list[Theme]] = []
        for index in range(PLAN_LENGTH):
            themes = [main[index % len(main)]]
            if rng.random() < SECOND_THEME_SHARE:
                second = order[(index + PLAN_LENGTH) % len(order)]
                if second not in themes:
                    themes.append(second)
            meetings_themes.append(themes)
        result.meetings[group.group.pk] = meetings_themes
        result.ballots[group.group.pk] = ballots
        result.groups[group.group.pk] = group
    return result


def topics(theme_plan: ThemePlan) -> TopicPlan:
    """The plan as the minutes speak of it: titles and the lessons drawn."""
    lessons = {item.slug: item.takeaways for item in STARTER_THEMES}
    return {
        group_id: [
            [Topic(theme.title, tuple(lessons.get(theme.slug, ()))) for theme in themes]
            for themes in meetings
        ]
        for group_id, meetings in theme_plan.meetings.items()
    }


def _laid(theme_plan: ThemePlan, group_id: int, number: int) -> bool:
    """Whether the group chose this meeting's theme already: its first, and those of its
    ballots closed (the open ballot's meetings wait for its result)."""
    if number == 1:
        return True
    return any(
        number in ballot.meetings and not ballot.is_open and not ballot.future
        for ballot in theme_plan.ballots[group_id]
    )


def link(meetings_demo: MeetingsDemo, theme_plan: ThemePlan) -> list[MeetingTheme]:
    """Lay the chosen themes on the meetings: held ones, and planned ones whose ballot closed."""
    links = []
    for meeting in meetings_demo.meetings:
        if meeting.kind != Meeting.Kind.GROUP or meeting.group_id is None:
            continue
        if meeting.status == Meeting.Status.CANCELLED:
            continue
        number = meeting.number or 1
        if meeting.status == Meeting.Status.PLANNED and not _laid(
            theme_plan, meeting.group_id, number
        ):
            continue
        themes = theme_plan.meetings[meeting.group_id][number - 1]
        links += [
            MeetingTheme(meeting=meeting, theme=theme, position=position)
            for position, theme in enumerate(themes)
        ]
    return MeetingTheme.objects.bulk_create(links)


def _at(day: datetime.date, hour: int, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def build_ballots_and_ratings(
    meetings_demo: MeetingsDemo,
    theme_plan: ThemePlan,
    *,
    zone: ZoneInfo,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """Save the ballots with their votes, the latest edition's wishes, and the ratings."""
    now = _at(today, 12, zone)
    ballots, candidates, votes = [], [], []
    for group_id, planned in theme_plan.ballots.items():
        edition = theme_plan.groups[group_id].edition
        for item in planned:
            if item.kind == Ballot.Kind.LAUNCH:
                opens = _at(edition.opening_date - datetime.timedelta(days=12), 9, zone)
                closes = _at(edition.opening_date + datetime.timedelta(days=14), 20, zone)
            elif item.is_open:
                opens = _at(today - datetime.timedelta(days=4), 9, zone)
                closes = _at(today + datetime.timedelta(days=10), 20, zone)
            else:
                start = add_months(edition.opening_date, 11)
                opens = _at(start, 9, zone)
                closes = _at(start + datetime.timedelta(days=15), 20, zone)
            if item.future or opens > now:  # a mid-term still to come
                continue
            ballot = Ballot(
                group_id=group_id,
                title=item.title,
                kind=item.kind,
                method=item.method,
                opens_at=opens,
                closes_at=closes,
                created_at=opens - datetime.timedelta(days=2),
                applied_at=None if item.is_open else closes + datetime.timedelta(days=1),
            )
            ballots.append(ballot)
            candidates += [
                BallotCandidate(ballot=ballot, theme=theme, position=position)
                for position, theme in enumerate(item.candidates)
            ]
            last = min(closes, now)
            for person_id, choice in item.votes.items():
                cast = opens + (last - opens) * rng.random()
                votes.append(
                    Vote(
                        ballot=ballot,
                        person_id=person_id,
                        choice=choice,
                        cast_at=cast,
                        updated_at=cast,
                    )
                )
    Ballot.objects.bulk_create(ballots)
    for row in candidates:
        row.ballot_id = row.ballot.pk
    for vote in votes:
        vote.ballot_id = vote.ballot.pk
    BallotCandidate.objects.bulk_create(candidates)
    Vote.objects.bulk_create(votes, batch_size=1000)
    _wishes(theme_plan, rng)
    _ratings(meetings_demo, theme_plan, today=today, rng=rng)


def _wishes(theme_plan: ThemePlan, rng: random.Random) -> None:
    """The latest edition's members said what they wished at the launch."""
    latest = max(group.edition.number for group in theme_plan.groups.values())
    wishes = []
    for group_id, group in theme_plan.groups.items():
        if group.edition.number != latest:
            continue
        launch = theme_plan.ballots[group_id][0]
        open_ballot = theme_plan.ballots[group_id][1]
        for member in group.leaders:
            liked = sorted(
                launch.candidates, key=lambda t: -taste(member, t, 0) - rng.gauss(0, 0.4)
            )
            for theme in liked[:3]:
                wishes.append(
                    Wish(group_id=group_id, person=member.who.person, theme=theme, candidate=theme)
                )
            if rng.random() < 0.3:
                text = rng.choice(FREE_WISHES)
                # Facilitators merged most free texts into a candidate of the second ballot.
                merged = rng.choice(open_ballot.candidates) if rng.random() < 0.6 else None
                wishes.append(
                    Wish(group_id=group_id, person=member.who.person, text=text, candidate=merged)
                )
    Wish.objects.bulk_create(wishes, ignore_conflicts=True)


def _ratings(
    meetings_demo: MeetingsDemo,
    theme_plan: ThemePlan,
    *,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """Most attendees rate each held meeting; the demo leader leaves their latest one unrated."""
    held = {
        meeting.pk: meeting
        for meeting in meetings_demo.meetings
        if meeting.kind == Meeting.Kind.GROUP
        and meeting.status == Meeting.Status.HELD
        and meeting.group_id is not None
    }
    members = {
        member.who.person.pk: member
        for group in theme_plan.groups.values()
        for member in group.members
    }
    lessons = {item.slug: item.takeaways for item in STARTER_THEMES}
    leader = Person.objects.filter(user__email=LEADER_EMAIL).values_list("pk", flat=True).first()
    attendances = list(
        Attendance.objects.filter(
            meeting_id__in=list(held),
            status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE],
        )
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person_id")
    )
    leader_latest = max(
        (held[meeting_id] for meeting_id, person_id in attendances if person_id == leader),
        key=lambda m: m.starts_at,
        default=None,
    )
    session_effect: dict[int, float] = {}
    ratings = []
    for meeting_id, person_id in attendances:
        meeting = held[meeting_id]
        if leader_latest is not None and meeting is leader_latest and person_id == leader:
            continue
        member = members.get(person_id)
        if member is None or rng.random() > RATING_SHARE:
            continue
        number = meeting.number or 1
        assert meeting.group_id is not None
        group = theme_plan.groups[meeting.group_id]
        theme = theme_plan.meetings[meeting.group_id][number - 1][0]
        effect = session_effect.setdefault(meeting_id, rng.gauss(0, 0.3))
        stage = stage_of_day(group, meeting.starts_at.date())
        value = taste(member, theme, stage) + effect + rng.gauss(0, 0.7)
        usefulness = max(1, min(5, round(value)))
        level = "high" if usefulness >= 5 else "mid" if usefulness >= 3 else "low"
        comment = rng.choice(COMMENTS[level]) if rng.random() < COMMENT_SHARE else ""
        to_apply = ""
        if usefulness >= 3 and rng.random() < TO_APPLY_SHARE and lessons.get(theme.slug):
            to_apply = rng.choice(lessons[theme.slug])
        at = meeting.ends_at + datetime.timedelta(hours=rng.uniform(1, 72))
        ratings.append(
            MeetingRating(
                meeting_id=meeting_id,
                person_id=person_id,
                usefulness=usefulness,
                comment=comment,
                to_apply=to_apply,
                created_at=at,
                updated_at=at,
            )
        )
    MeetingRating.objects.bulk_create(ratings, batch_size=2000)


def delete(network: Network) -> None:
    """Remove the themes part of the demo (first: meetings cannot go while themes point at them)."""
    in_network = {"group__edition__territory__network": network}
    Wish.objects.filter(**in_network).delete()
    Vote.objects.filter(ballot__group__edition__territory__network=network).delete()
    BallotCandidate.objects.filter(ballot__group__edition__territory__network=network).delete()
    Ballot.objects.filter(**in_network).delete()
    MeetingRating.objects.filter(meeting__edition__territory__network=network).delete()
    MeetingTheme.objects.filter(meeting__edition__territory__network=network).delete()
    Theme.objects.filter(network=network).delete()
