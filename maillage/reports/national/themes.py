"""The themes app's part: the starter catalogue, each group's programme (popular themes more
often), a few proposals, the meetings' themes, the members' wishes, the launch and mid-term
ballots with their votes, and the after-meeting ratings."""

from __future__ import annotations

import datetime
import random

from maillage.meetings.models import Meeting
from maillage.reports.national.world import World
from maillage.reports.national.writer import Writer
from maillage.territories.models import Network
from maillage.themes.catalogue import starter_catalogue_load
from maillage.themes.models import (
    Ballot,
    BallotCandidate,
    MeetingRating,
    MeetingTheme,
    Theme,
    Vote,
    Wish,
)

PROGRAMME_LENGTH = 12
COMMENTS = (
    "Très concret, j'ai des pistes pour lundi.",
    "Un peu long sur la théorie.",
    "L'expert connaissait bien les petites entreprises.",
    "Le co-développement m'a beaucoup aidé.",
)
TO_APPLY = (
    "Un point d'équipe de quinze minutes chaque matin.",
    "Relancer mes devis à une semaine.",
    "Revoir mes prix avant la fin du trimestre.",
)


def build_catalogue(world: World, w: Writer) -> None:
    """The catalogue and each group's programme (used by the meetings' agendas)."""
    rng = world.rng("themes-catalogue")
    network = Network.objects.using(w.using).get(pk=world.network_id)
    themes = starter_catalogue_load(network=network)
    world.theme_ids = [t.pk for t in themes]
    world.theme_titles = {t.pk: t.title for t in themes}
    weights = [1.0 / (1 + i / 4) for i in range(len(themes))]  # the first ones are popular
    for group in world.groups:
        picked: list[int] = []
        while len(picked) < min(PROGRAMME_LENGTH, len(themes)):
            theme_id = rng.choices(world.theme_ids, weights)[0]
            if theme_id not in picked:
                picked.append(theme_id)
        group.theme_ids = picked


def build(world: World, w: Writer) -> None:
    rng = world.rng("themes")
    _proposals(world, w, rng)
    group_meetings = [m for g in world.groups for m in g.meetings]
    w.insert(
        MeetingTheme,
        ["meeting", "theme", "position"],
        (
            (m.id, theme_id, position)
            for m in group_meetings
            if m.group and m.number
            for position, theme_id in enumerate(
                m.group.theme_ids[(m.number - 1) % len(m.group.theme_ids) :][
                    : 2 if m.id % 4 == 0 else 1
                ]
            )
        ),
    )
    _wishes_and_ballots(world, w, rng)
    rows = []
    for m in group_meetings:
        if m.status != Meeting.Status.HELD or m.group is None:
            continue
        leaders = {member.person.id for member in m.group.leaders}
        for pid in m.present_ids:
            if pid in leaders and rng.random() < 0.6:
                at = m.ends_at + datetime.timedelta(hours=20)
                rows.append(
                    (
                        m.id,
                        pid,
                        rng.choices([1, 2, 3, 4, 5], [3, 7, 20, 40, 30])[0],
                        rng.choice(COMMENTS) if rng.random() < 0.2 else "",
                        rng.choice(TO_APPLY) if rng.random() < 0.3 else "",
                        at,
                        at,
                    )
                )
    w.insert(
        MeetingRating,
        ["meeting", "person", "usefulness", "comment", "to_apply", "created_at", "updated_at"],
        rows,
    )


def _proposals(world: World, w: Writer, rng: random.Random) -> None:
    rows = []
    for group in world.groups:
        if rng.random() < 0.03 and group.leaders:
            theme_id = w.next_id(Theme)
            status = rng.choice([Theme.Status.PROPOSED, Theme.Status.DECLINED])
            rows.append(
                (
                    theme_id,
                    world.network_id,
                    f"Transmettre son entreprise ({group.name})",
                    f"transmettre-{group.id}",
                    status,
                    group.id,
                    group.leaders[0].person.id,
                    datetime.datetime.combine(
                        group.edition.opening, datetime.time(9), tzinfo=datetime.UTC
                    ),
                )
            )
            group.theme_ids.append(theme_id)
    w.insert(
        Theme,
        ["id", "network", "title", "slug", "status", "proposed_in", "proposed_by", "created_at"],
        rows,
    )


def _wishes_and_ballots(world: World, w: Writer, rng: random.Random) -> None:
    users = {p.id: p.user_id for p in world.people}
    wishes, ballots, candidates, votes = [], [], [], []
    for group in world.groups:
        opening = datetime.datetime.combine(
            group.edition.opening, datetime.time(9), tzinfo=datetime.UTC
        )
        if opening - datetime.timedelta(days=30) > world.now:
            continue
        facilitator = group.facilitators[0].person.id if group.facilitators else None
        created_by = users.get(facilitator) if facilitator else None
        for member in group.leaders:
            for theme_id in rng.sample(group.theme_ids[:8], 2):
                wishes.append(
                    (
                        group.id,
                        member.person.id,
                        theme_id,
                        theme_id,
                        opening - datetime.timedelta(days=28),
                    )
                )
        stages = [("launch", "schulze", opening - datetime.timedelta(days=25), 15)]
        midterm = opening + datetime.timedelta(days=330)
        if midterm < world.now:
            stages.append(("midterm", "approval", midterm, 15))
        for kind, method, opens_at, days in stages:
            ballot_id = w.next_id(Ballot)
            closes_at = opens_at + datetime.timedelta(days=days)
            ballots.append(
                (
                    ballot_id,
                    group.id,
                    f"Programme {'de lancement' if kind == 'launch' else 'de mi-parcours'}",
                    kind,
                    method,
                    opens_at,
                    closes_at,
                    created_by,
                    opens_at - datetime.timedelta(days=2),
                    closes_at + datetime.timedelta(days=1) if closes_at < world.now else None,
                )
            )
            offered = group.theme_ids[:8]
            candidates += [(ballot_id, t, n) for n, t in enumerate(offered)]
            for member in group.leaders:
                if rng.random() > 0.85:
                    continue
                cast = opens_at + datetime.timedelta(hours=rng.randrange(days * 24))
                if cast > world.now:
                    continue
                if method == "schulze":
                    ranking = offered[:]
                    rng.shuffle(ranking)
                    choice: dict[str, object] = {"ranking": ranking}
                else:
                    choice = {"approvals": rng.sample(offered, 3)}
                votes.append((ballot_id, member.person.id, choice, cast, cast))
    w.insert(Wish, ["group", "person", "theme", "candidate", "created_at"], wishes)
    w.insert(
        Ballot,
        [
            "id",
            "group",
            "title",
            "kind",
            "method",
            "opens_at",
            "closes_at",
            "created_by",
            "created_at",
            "applied_at",
        ],
        ballots,
    )
    w.insert(BallotCandidate, ["ballot", "theme", "position"], candidates)
    w.insert(Vote, ["ballot", "person", "choice", "cast_at", "updated_at"], votes)
