"""The business app's part: ideas heard at the held meetings (older ones further along:
tried, adopted or dropped), contacts and referrals between members (mostly within the group,
some across the territory, a few across the network; alumni go on), and offers and needs."""

from __future__ import annotations

import datetime
import decimal
import random
from collections.abc import Iterator

from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.meetings.models import Meeting
from maillage.reports.national.world import MemberPlan, World
from maillage.reports.national.writer import Writer

IDEAS = (
    "Un tableau de bord d'une page pour la trésorerie",
    "Des entretiens annuels préparés par le salarié",
    "Un parrainage des nouveaux arrivants",
    "Relancer les devis à une semaine",
    "Un petit-déjeuner clients par trimestre",
    "Regrouper les achats d'énergie",
    "Une charte du télétravail",
    "Un point d'équipe de quinze minutes le lundi",
)
CLIENTS = ("Mairie", "Clinique", "Hôtel", "Collège", "Supermarché", "Garage", "Cabinet")
WHAT = (
    "Rénovation des bureaux",
    "Site internet",
    "Transport de marchandises",
    "Maintenance informatique",
    "Traiteur pour un séminaire",
    "Audit énergétique",
)


def build(world: World, w: Writer) -> None:
    rng = world.rng("business")
    _ideas(world, w, rng)
    _contacts_and_referrals(world, w, rng)
    _offers_needs(world, w, rng)


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _ideas(world: World, w: Writer, rng: random.Random) -> None:
    rows = []
    today = world.today
    for group in world.groups:
        leaders = {m.person.id for m in group.leaders}
        for m in group.meetings:
            if m.status != Meeting.Status.HELD:
                continue
            present = [pid for pid in m.present_ids if pid in leaders]
            for _ in range(min(len(present), rng.choice([0, 1, 1, 1, 2, 2]))):
                day = m.day
                age = (today - day).days
                status, tried, closed = "to_try", None, None
                if age > 60:
                    status = rng.choices(
                        ["to_try", "tried", "adopted", "dropped"], [15, 20, 40, 25]
                    )[0]
                    if status != "to_try":
                        tried = day + datetime.timedelta(days=rng.randrange(20, 60))
                    if status in ("adopted", "dropped"):
                        closed = tried
                rows.append(
                    (
                        m.id,
                        group.id,
                        rng.choice(present),
                        rng.choice(IDEAS),
                        status,
                        day,
                        day + datetime.timedelta(days=45)
                        if status in ("to_try", "tried")
                        else None,
                        tried,
                        closed,
                        "Essayé sur deux mois : le résultat est net." if closed else "",
                    )
                )
    w.insert(
        Idea,
        [
            "meeting",
            "group",
            "author",
            "title",
            "status",
            "created_on",
            "follow_up_on",
            "tried_on",
            "closed_on",
            "result",
        ],
        rows,
    )


def _pairs(
    world: World, rng: random.Random, count: int
) -> Iterator[tuple[int, int, datetime.date]]:
    """`count` (author, other, day) between members who know each other."""
    today = world.today
    members: list[tuple[MemberPlan, int]] = []  # (membership, group index)
    groups = [g for g in world.groups if g.edition.opening <= today]
    by_territory: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        by_territory.setdefault(group.edition.territory.id, []).append(index)
        for m in group.members:
            members.append((m, index))
    made = 0
    while made < count:
        author, index = members[rng.randrange(len(members))]
        group = groups[index]
        r = rng.random()
        if r < 0.8:
            other_group = group
        elif r < 0.95:
            other_group = groups[rng.choice(by_territory[group.edition.territory.id])]
        else:
            other_group = groups[rng.randrange(len(groups))]
        other = rng.choice(other_group.members)
        if other.person.id == author.person.id:
            continue
        start = max(author.joined_on, other.joined_on)
        end = min(today, group.edition.closing + datetime.timedelta(days=730))
        if start >= today:
            continue
        made += 1
        yield author.person.id, other.person.id, _day_between(rng, start, end)


def _contacts_and_referrals(world: World, w: Writer, rng: random.Random) -> None:
    today = world.today
    w.insert(
        Contact,
        [
            "author",
            "other",
            "kind",
            "direction",
            "happened_on",
            "note",
            "confirmed_at",
            "created_at",
        ],
        (
            (
                a,
                b,
                rng.choices(["call", "visit", "help"], [60, 25, 15])[0],
                rng.choice(["given", "received"]),
                day,
                "Conseil sur un recrutement" if rng.random() < 0.3 else "",
                _at(day + datetime.timedelta(days=2)) if rng.random() < 0.4 else None,
                _at(day),
            )
            for a, b, day in _pairs(world, rng, world.shape.contacts)
        ),
    )

    def referrals() -> Iterator[tuple[object, ...]]:
        for a, b, day in _pairs(world, rng, world.shape.referrals):
            age = (today - day).days
            if age < 30:
                status = rng.choices(["given", "contacted"], [60, 40])[0]
            else:
                status = rng.choices(["given", "contacted", "won", "lost"], [15, 15, 40, 30])[0]
            amount = None
            if status == "won":
                amount = decimal.Decimal(round(rng.lognormvariate(8.3, 1.0), 2)).quantize(
                    decimal.Decimal("0.01")
                )
            contacted = day + datetime.timedelta(days=rng.randrange(1, 15))
            closed = contacted + datetime.timedelta(days=rng.randrange(5, 60))
            yield (
                a,
                b,
                f"{rng.choice(CLIENTS)} {rng.choice(('du centre', 'des Lilas', 'Pasteur'))}",
                rng.choice(WHAT),
                day,
                rng.randint(1, 5),
                status,
                amount,
                contacted if status != "given" and contacted <= today else None,
                closed if status in ("won", "lost") and closed <= today else None,
                _at(closed) if status == "won" and rng.random() < 0.5 else None,
                _at(day),
                _at(closed if status in ("won", "lost") else day),
            )

    w.insert(
        Referral,
        [
            "referrer",
            "referee",
            "client",
            "what",
            "given_on",
            "warmth",
            "status",
            "amount",
            "contacted_on",
            "closed_on",
            "thanked_at",
            "created_at",
            "updated_at",
        ],
        referrals(),
    )


def _offers_needs(world: World, w: Writer, rng: random.Random) -> None:
    leaders = {m.person.id for g in world.groups for m in g.leaders}
    w.insert(
        OfferNeed,
        ["person", "offer", "offer_activity", "need", "need_activity", "updated_at"],
        (
            (
                pid,
                f"{rng.choice(WHAT)} pour les entreprises du territoire",
                rng.choice(world.activity_ids),
                f"Nous cherchons : {rng.choice(WHAT).lower()}",
                rng.choice(world.activity_ids),
                world.now,
            )
            for pid in sorted(leaders)
            if rng.random() < 0.5
        ),
    )


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
