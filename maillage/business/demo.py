"""The business part of the demo: offers and needs, ideas with their outcomes, contacts and
referrals, shaped like a real programme.

Exchanges are few in an edition's first months and grow with time (leaders get to know each
other); after the closing, alumni go on calling and recommending each other, less and less.
Most exchanges stay within a group; some cross groups and editions, between members who agreed
to appear in the directory. Older ideas and referrals have come to an end (adopted or dropped,
won or lost); recent ones are under way. Everything is written with bulk_create.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from maillage.business.demo_data import (
    CLIENTS,
    CONTACT_NOTES,
    IDEAS,
    KINDS,
    KINDS_OF_CODE,
    RESULTS_ADOPTED,
    RESULTS_DROPPED,
    RESULTS_TRIED,
    NeedKind,
)
from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.editions.demo import (
    ALUMNUS_EMAIL,
    LEADER_EMAIL,
    OTHER_GROUP_LEADER_EMAIL,
    DemoGroup,
    DemoMember,
    EditionsDemo,
)
from maillage.editions.models import add_months
from maillage.meetings.demo import MeetingsDemo
from maillage.meetings.models import Meeting
from maillage.territories.models import ActivityCode, Network, Person

OFFER_SHARE = 0.85  # members who described their offers and needs
NEED_NAF_SHARE = 0.3  # of them, those who also gave the NAF code of what they need
IDEAS_PER_MEETING = ((0, 25), (1, 40), (2, 25), (3, 10))
CONTACTS_FIRST_MONTH, CONTACTS_LAST_MONTH = 1.0, 5.0  # per group and month, during the edition
CONTACTS_AFTER_CLOSE, AFTER_CLOSE_DECAY = 2.5, 0.93  # per group and month, then decaying
REFERRALS_FIRST_MONTH, REFERRALS_LAST_MONTH = 0.2, 1.0
REFERRALS_AFTER_CLOSE = 0.6


@dataclass
class BusinessDemo:
    ideas: int
    contacts: int
    referrals: int
    offers: int


def _poisson(rng: random.Random, rate: float) -> int:
    """A Poisson draw (Knuth), for small rates."""
    limit, k, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _weighted(rng: random.Random, table: Sequence[tuple[object, int]]) -> object:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _day_in_month(start: datetime.date, month: int, rng: random.Random) -> datetime.date:
    first = add_months(start, month)
    last = add_months(start, month + 1) - datetime.timedelta(days=1)
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


# Offers and needs --------------------------------------------------------------------------------


def _offers_and_needs(groups: Sequence[DemoGroup], rng: random.Random) -> list[OfferNeed]:
    codes = {code for kind in KINDS for code in kind.providers}
    activities = {a.code: a for a in ActivityCode.objects.filter(code__in=codes)}
    rows: list[OfferNeed] = []
    seen: set[int] = set()
    for group in groups:
        for member in group.leaders:
            person = member.who.person
            if person.pk in seen or rng.random() >= OFFER_SHARE:
                seen.add(person.pk)
                continue
            seen.add(person.pk)
            company = member.who.company
            blurb = company.description.split(".")[0].strip()
            own = KINDS_OF_CODE.get(company.activity.code, [])
            if own:
                kind = rng.choice(own)
                offer = f"{rng.choice(kind.offers)} {blurb.capitalize()}."
            else:
                offer = f"{blurb.capitalize()}. Clientèle de particuliers et de professionnels."
            others = [k for k in KINDS if company.activity.code not in k.providers]
            wanted: NeedKind = rng.choice(others)
            need_activity = None
            if rng.random() < NEED_NAF_SHARE:
                need_activity = activities.get(wanted.providers[0])
            rows.append(
                OfferNeed(
                    person=person,
                    offer=offer,
                    offer_activity=company.activity,
                    need=rng.choice(wanted.needs),
                    need_activity=need_activity,
                )
            )
    return rows


# Ideas -------------------------------------------------------------------------------------------


def _idea_status(age: int, rng: random.Random) -> str:
    table: tuple[tuple[str, int], ...]
    if age < 30:
        table = (("to_try", 85), ("tried", 10), ("dropped", 5))
    elif age < 120:
        table = (("to_try", 35), ("tried", 35), ("adopted", 15), ("dropped", 15))
    else:
        table = (("to_try", 8), ("tried", 12), ("adopted", 50), ("dropped", 30))
    return str(_weighted(rng, table))


def _ideas(
    groups: dict[int, DemoGroup],
    meetings: Sequence[Meeting],
    today: datetime.date,
    rng: random.Random,
) -> list[Idea]:
    ideas = []
    for meeting in meetings:
        if meeting.group_id is None or meeting.status != Meeting.Status.HELD:
            continue
        group = groups[meeting.group_id]
        day = timezone.localdate(meeting.starts_at)
        present = [m for m in group.members if m.active_on(day)]
        for _ in range(int(str(_weighted(rng, IDEAS_PER_MEETING)))):
            leaders = [m for m in present if m in group.leaders]
            author = rng.choice(leaders if leaders and rng.random() < 0.9 else present)
            title, description = rng.choice(IDEAS)
            status = _idea_status((today - day).days, rng)
            idea = Idea(
                meeting=meeting,
                group_id=meeting.group_id,
                author=author.who.person,
                title=title,
                description=description,
                status=status,
                created_on=day,
            )
            if status in (Idea.Status.TRIED, Idea.Status.ADOPTED, Idea.Status.DROPPED):
                tried = min(today, day + datetime.timedelta(days=rng.randint(10, 60)))
                if status != Idea.Status.DROPPED or rng.random() < 0.6:
                    idea.tried_on = tried
                if status == Idea.Status.TRIED:
                    idea.result = rng.choice(RESULTS_TRIED)
                else:
                    idea.closed_on = min(
                        today, tried + datetime.timedelta(days=rng.randint(15, 90))
                    )
                    idea.result = rng.choice(
                        RESULTS_ADOPTED if status == Idea.Status.ADOPTED else RESULTS_DROPPED
                    )
            else:
                idea.follow_up_on = day + datetime.timedelta(days=30)
            ideas.append(idea)
    return ideas


# Contacts and referrals --------------------------------------------------------------------------


@dataclass
class _World:
    groups: list[DemoGroup]
    today: datetime.date
    rng: random.Random

    def others(self, group: DemoGroup, day: datetime.date, *, alumni: bool) -> list[DemoMember]:
        """Members of other groups one may reach on `day` (they appear in the directory)."""
        return [
            member
            for other in self.groups
            if other is not group
            and other.edition.opening_date <= day
            and (not alumni or other.edition.closing_date <= day)
            for member in other.members
            if member.who.person.directory_consent
            and (member.membership.left_on is None or member.membership.left_on > day)
        ]

    def pair(
        self, group: DemoGroup, day: datetime.date, after_close: bool
    ) -> tuple[Person, Person] | None:
        present = [
            m
            for m in group.members
            if m.active_on(day) or (after_close and m.membership.left_on is None)
        ]
        if len(present) < 2:
            return None
        author = self.rng.choice(present)
        draw = self.rng.random()
        if draw < (0.55 if after_close else 0.7):
            other = self.rng.choice([m for m in present if m is not author])
        else:
            pool = [
                m for m in self.others(group, day, alumni=draw > 0.85) if m.who is not author.who
            ]
            if not pool or not author.who.person.directory_consent:
                other = self.rng.choice([m for m in present if m is not author])
            else:
                other = self.rng.choice(pool)
        if other.who.person.pk == author.who.person.pk:
            return None
        return author.who.person, other.who.person

    def months(self, group: DemoGroup) -> list[tuple[datetime.date, int, bool]]:
        """(first day, index, after close) of each month from the opening up to today."""
        out = []
        opening = group.edition.opening_date
        index = 0
        while add_months(opening, index) < self.today:
            start = add_months(opening, index)
            out.append((start, index, start >= group.edition.closing_date))
            index += 1
        return out


def _rate(index: int, after_close: bool, first: float, last: float, after: float) -> float:
    if after_close:
        return after * AFTER_CLOSE_DECAY ** (index - 24)
    return first + (last - first) * index / 23


def _contacts(world: _World) -> list[Contact]:
    rng, today, now = world.rng, world.today, timezone.now()
    contacts = []
    for group in world.groups:
        for _start, index, after in world.months(group):
            rate = _rate(
                index, after, CONTACTS_FIRST_MONTH, CONTACTS_LAST_MONTH, CONTACTS_AFTER_CLOSE
            )
            for _ in range(_poisson(rng, rate)):
                day = _day_in_month(group.edition.opening_date, index, rng)
                if day >= today:
                    continue
                pair = world.pair(group, day, after)
                if pair is None:
                    continue
                confirmed = None
                if (today - day).days > 7 and rng.random() < 0.6:
                    confirmed = timezone.make_aware(
                        datetime.datetime.combine(
                            day + datetime.timedelta(days=rng.randint(1, 5)), datetime.time(19)
                        )
                    )
                    confirmed = min(confirmed, now)
                contacts.append(
                    Contact(
                        author=pair[0],
                        other=pair[1],
                        kind=str(_weighted(rng, (("call", 55), ("visit", 20), ("help", 25)))),
                        direction=rng.choice(["given", "received"]),
                        happened_on=day,
                        note=rng.choice(CONTACT_NOTES) if rng.random() < 0.4 else "",
                        confirmed_at=confirmed,
                    )
                )
    return contacts


def _referral_status(age: int, rng: random.Random) -> str:
    table: tuple[tuple[str, int], ...]
    if age < 30:
        table = (("given", 60), ("contacted", 35), ("won", 3), ("lost", 2))
    elif age < 180:
        table = (("given", 15), ("contacted", 30), ("won", 30), ("lost", 25))
    else:
        table = (("given", 5), ("contacted", 10), ("won", 45), ("lost", 40))
    return str(_weighted(rng, table))


def _what(referee: Person, rng: random.Random) -> str:
    kinds = KINDS_OF_CODE.get(referee.company.activity.code, []) if referee.company else []
    if kinds:
        return rng.choice(rng.choice(kinds).needs)
    return "Un besoin dans votre métier."


def _referrals(world: _World) -> list[Referral]:
    rng, today = world.rng, world.today
    referrals = []
    for group in world.groups:
        for _start, index, after in world.months(group):
            rate = _rate(
                index, after, REFERRALS_FIRST_MONTH, REFERRALS_LAST_MONTH, REFERRALS_AFTER_CLOSE
            )
            for _ in range(_poisson(rng, rate)):
                day = _day_in_month(group.edition.opening_date, index, rng)
                if day >= today:
                    continue
                pair = world.pair(group, day, after)
                if pair is None:
                    continue
                referrer, referee = pair
                status = _referral_status((today - day).days, rng)
                referral = Referral(
                    referrer=referrer,
                    referee=referee,
                    client=rng.choice(CLIENTS),
                    what=_what(referee, rng),
                    given_on=day,
                    warmth=int(str(_weighted(rng, ((1, 10), (2, 25), (3, 30), (4, 20), (5, 15))))),
                    status=status,
                )
                _close_referral(referral, day, today, rng)
                referrals.append(referral)
    return referrals


def _close_referral(
    referral: Referral, day: datetime.date, today: datetime.date, rng: random.Random
) -> None:
    status = referral.status
    if status != Referral.Status.GIVEN:
        referral.contacted_on = min(today, day + datetime.timedelta(days=rng.randint(2, 20)))
    if status in (Referral.Status.WON, Referral.Status.LOST):
        referral.closed_on = min(today, day + datetime.timedelta(days=rng.randint(20, 150)))
    if status == Referral.Status.WON:
        amount = min(60_000.0, max(300.0, rng.lognormvariate(math.log(4000), 0.9)))
        referral.amount = Decimal(round(amount / 50) * 50)
        if rng.random() < 0.7:
            referral.thanked_at = timezone.make_aware(
                datetime.datetime.combine(referral.closed_on or today, datetime.time(12))
            )
            referral.thanks_message = rng.choice(("Merci !", "Merci beaucoup, c'est signé.", ""))


# The demo accounts' own stories ------------------------------------------------------------------


def _accounts_stories(
    groups: Sequence[DemoGroup], meetings: Sequence[Meeting], today: datetime.date
) -> tuple[list[Idea], list[Contact], list[Referral]]:
    """The leader account has an open idea, a referral to update and one under way, and a
    contact to confirm, so that each page of the demo has something to show."""
    people = {
        p.email: p
        for p in Person.objects.filter(
            email__in=[LEADER_EMAIL, OTHER_GROUP_LEADER_EMAIL, ALUMNUS_EMAIL]
        ).select_related("company__activity")
    }
    leader, other, alumnus = (
        people.get(LEADER_EMAIL),
        people.get(OTHER_GROUP_LEADER_EMAIL),
        people.get(ALUMNUS_EMAIL),
    )
    if leader is None or other is None or alumnus is None:
        return [], [], []
    group = next(g for g in groups if any(m.who.person.pk == leader.pk for m in g.leaders))
    held = [m for m in meetings if m.group_id == group.group.pk and m.status == Meeting.Status.HELD]
    ideas = []
    if held:
        latest = max(held, key=lambda m: m.starts_at)
        ideas.append(
            Idea(
                meeting=latest,
                group_id=group.group.pk,
                author=leader,
                title="Relancer les devis à J+7",
                description="Un appel plutôt qu'un e-mail.",
                created_on=timezone.localdate(latest.starts_at),
                follow_up_on=today + datetime.timedelta(days=14),
            )
        )
    recent = today - datetime.timedelta(days=5)
    contacts = [
        Contact(
            author=alumnus,
            other=leader,
            kind="help",
            direction="given",
            happened_on=recent,
            note="Coup de main pour un dossier de subvention.",
        )
    ]
    referrals = [
        Referral(
            referrer=other,
            referee=leader,
            client="Hôtel du Centre",
            what=_what(leader, random.Random(0)),
            given_on=recent,
            warmth=4,
        ),
        Referral(
            referrer=leader,
            referee=other,
            client="Garage Perrin",
            what=_what(other, random.Random(1)),
            given_on=today - datetime.timedelta(days=40),
            warmth=3,
            status=Referral.Status.CONTACTED,
            contacted_on=today - datetime.timedelta(days=30),
        ),
    ]
    return ideas, contacts, referrals


def build(
    editions_demo: EditionsDemo,
    meetings_demo: MeetingsDemo,
    *,
    today: datetime.date,
    rng: random.Random,
) -> BusinessDemo:
    groups = editions_demo.groups
    by_pk = {g.group.pk: g for g in groups if g.group.pk is not None}
    offers = _offers_and_needs(groups, rng)
    ideas = _ideas(by_pk, meetings_demo.meetings, today, rng)
    world = _World(groups=groups, today=today, rng=rng)
    contacts = _contacts(world)
    referrals = _referrals(world)
    more_ideas, more_contacts, more_referrals = _accounts_stories(
        groups, meetings_demo.meetings, today
    )
    OfferNeed.objects.bulk_create(offers, batch_size=500)
    Idea.objects.bulk_create(ideas + more_ideas, batch_size=500)
    Contact.objects.bulk_create(contacts + more_contacts, batch_size=500)
    Referral.objects.bulk_create(referrals + more_referrals, batch_size=500)
    return BusinessDemo(
        ideas=len(ideas) + len(more_ideas),
        contacts=len(contacts) + len(more_contacts),
        referrals=len(referrals) + len(more_referrals),
        offers=len(offers),
    )


def delete(network: Network) -> None:
    """Remove the business part of the demo (first: it points at people and meetings)."""
    people = Person.objects.filter(memberships__group__edition__territory__network=network)
    Idea.objects.filter(group__edition__territory__network=network).delete()
    Contact.objects.filter(author__in=people).delete()
    Contact.objects.filter(other__in=people).delete()
    Referral.objects.filter(referrer__in=people).delete()
    Referral.objects.filter(referee__in=people).delete()
    OfferNeed.objects.filter(person__in=people).delete()
