"""Reads of the business app, in a fixed number of queries whatever the rows.

Each list is what the caller may see: a group's ideas for its members; a person's contacts
and referrals for that person. Staff read `exchange_figures`: counts and sums per group, never
a client, a note or one member's amount.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from maillage.business import matching
from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.core.disclosure import parts_shown
from maillage.editions.models import Group, Membership
from maillage.editions.permissions import roles_of, visible_people
from maillage.meetings.models import Meeting
from maillage.territories.models import Person

# A sum of amounts is shown only when this many different members won it: one member's income
# never shows (the bilan's small-number rule, `surveys.selectors.MIN_PEOPLE`, is the same).
MIN_WINNERS_FOR_AMOUNT = 5


# Ideas -------------------------------------------------------------------------------------------


def group_ideas(group: Group) -> QuerySet[Idea]:
    """The group's ideas, open first, with their author and meeting (one query)."""
    return (
        Idea.objects.filter(group=group)
        .select_related("author", "meeting")
        .order_by("closed_on", "-created_on", "-pk")
    )


def open_ideas(group_ids: Iterable[int]) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(group_id__in=list(group_ids), status__in=Idea.OPEN)
        .select_related("author", "meeting", "group")
        .order_by("created_on", "pk")
    )


def follow_up_ideas(meeting: Meeting) -> list[Idea]:
    """The open ideas the meeting's follow-up item goes over: the group's, noted before it."""
    if meeting.group_id is None:
        return []
    return list(open_ideas([meeting.group_id]).filter(created_on__lte=meeting.starts_at.date()))


def my_open_ideas(person_id: int) -> QuerySet[Idea]:
    return Idea.objects.filter(author_id=person_id, status__in=Idea.OPEN).order_by(
        "created_on", "pk"
    )


# Contacts and referrals --------------------------------------------------------------------------


def person_contacts(person_id: int) -> QuerySet[Contact]:
    """The contacts a person logged or was named in, latest first, with both people (one
    query; their companies are not shown in a list)."""
    return (
        Contact.objects.filter(Q(author_id=person_id) | Q(other_id=person_id))
        .select_related("author", "other")
        .order_by("-happened_on", "-pk")
    )


def contacts_to_confirm(person_id: int) -> QuerySet[Contact]:
    return person_contacts(person_id).filter(other_id=person_id, confirmed_at__isnull=True)


def person_referrals(person_id: int) -> QuerySet[Referral]:
    """The referrals a person gave or received, latest first, with both people (one query;
    their companies are not shown in a list)."""
    return (
        Referral.objects.filter(Q(referrer_id=person_id) | Q(referee_id=person_id))
        .select_related("referrer", "referee")
        .order_by("-given_on", "-pk")
    )


def open_referrals(person_id: int) -> QuerySet[Referral]:
    return person_referrals(person_id).filter(
        status__in=[Referral.Status.GIVEN, Referral.Status.CONTACTED]
    )


# Figures for everyone, staff included ------------------------------------------------------------


@dataclass(frozen=True)
class GroupExchangeFigures:
    group_id: int
    group: str
    edition_id: int
    edition_number: int
    ideas: int
    ideas_open: int
    ideas_adopted: int
    contacts: int
    contacts_confirmed: int
    referrals: int
    referrals_won: int
    referrals_lost: int
    amount_won: Decimal | None  # None: won by fewer than MIN_WINNERS_FOR_AMOUNT members


def _amount(winners: set[int], total: Decimal) -> Decimal | None:
    return total if len(winners) >= MIN_WINNERS_FOR_AMOUNT else None


@dataclass(frozen=True)
class EditionExchangeFigures:
    edition_id: int
    edition_number: int
    groups: list[GroupExchangeFigures]
    ideas: int
    ideas_adopted: int
    contacts: int
    referrals: int
    referrals_won: int
    amount_won: Decimal | None


def exchange_figures(groups: QuerySet[Group]) -> list[EditionExchangeFigures]:
    """Per edition and group: ideas by outcome, contacts and referrals given by the members,
    won amounts; latest edition first.

    A contact or referral counts for the group of its author (or referrer) at the time: the
    latest of their groups (among `groups`) whose edition had opened on that day. An amount is
    shown only when at least MIN_WINNERS_FOR_AMOUNT different members won it, for a group as
    for an edition; when a group's is hidden, another may be hidden with it, so that the
    edition's total less the groups shown gives no one's amount (`core.disclosure`).
    Four queries.
    """
    rows = list(groups.select_related("edition").order_by("-edition__number", "name"))
    by_id = {group.pk: group for group in rows}
    ideas: dict[int, dict[str, int]] = {
        row["group_id"]: {"total": row["total"], "open": row["open"], "adopted": row["adopted"]}
        for row in Idea.objects.filter(group_id__in=by_id)
        .values("group_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=Idea.OPEN)),
            adopted=Count("pk", filter=Q(status=Idea.Status.ADOPTED)),
        )
    }
    memberships: dict[int, list[tuple[datetime.date, int]]] = {}
    for person_id, group_id, opening in Membership.objects.filter(group_id__in=by_id).values_list(
        "person_id", "group_id", "group__edition__opening_date"
    ):
        memberships.setdefault(person_id, []).append((opening, group_id))
    for entries in memberships.values():
        entries.sort()

    def group_at(person_id: int, day: datetime.date) -> int | None:
        found = None
        for opening, group_id in memberships.get(person_id, []):
            if opening <= day:
                found = group_id
        return found

    contacts: dict[int, list[int]] = {}
    for author_id, day, confirmed in Contact.objects.filter(
        author_id__in=list(memberships)
    ).values_list("author_id", "happened_on", "confirmed_at"):
        at = group_at(author_id, day)
        if at is not None:
            counts = contacts.setdefault(at, [0, 0])
            counts[0] += 1
            counts[1] += confirmed is not None
    referrals: dict[int, list[int]] = {}
    amounts: dict[int, Decimal] = {}
    winners: dict[int, set[int]] = {}
    for referrer_id, referee_id, day, status, amount in Referral.objects.filter(
        referrer_id__in=list(memberships)
    ).values_list("referrer_id", "referee_id", "given_on", "status", "amount"):
        at = group_at(referrer_id, day)
        if at is not None:
            counts = referrals.setdefault(at, [0, 0, 0])
            counts[0] += 1
            counts[1] += status == Referral.Status.WON
            counts[2] += status == Referral.Status.LOST
            if status == Referral.Status.WON:
                amounts[at] = amounts.get(at, Decimal(0)) + (amount or Decimal(0))
                winners.setdefault(at, set()).add(referee_id)
    editions: dict[int, list[GroupExchangeFigures]] = {}
    for group in rows:
        idea: dict[str, int] = ideas.get(group.pk, {})
        contact = contacts.get(group.pk, [0, 0])
        referral = referrals.get(group.pk, [0, 0, 0])
        editions.setdefault(group.edition_id, []).append(
            GroupExchangeFigures(
                group_id=group.pk,
                group=group.name,
                edition_id=group.edition_id,
                edition_number=group.edition.number,
                ideas=idea.get("total", 0),
                ideas_open=idea.get("open", 0),
                ideas_adopted=idea.get("adopted", 0),
                contacts=contact[0],
                contacts_confirmed=contact[1],
                referrals=referral[0],
                referrals_won=referral[1],
                referrals_lost=referral[2],
                amount_won=_amount(winners.get(group.pk, set()), amounts.get(group.pk, Decimal(0))),
            )
        )
    out = []
    for edition_id, group_rows in editions.items():
        won = sum(r.referrals_won for r in group_rows)
        # The edition's total is shown beside its groups: one hidden group's amount must not
        # be the total less the others (core.disclosure hides one more group then).
        group_winners = [winners.get(r.group_id, set()) for r in group_rows]
        group_rows = [
            row if shown else replace(row, amount_won=None)
            for row, shown in zip(
                group_rows, parts_shown(group_winners, MIN_WINNERS_FOR_AMOUNT), strict=True
            )
        ]
        out.append(
            EditionExchangeFigures(
                edition_id=edition_id,
                edition_number=group_rows[0].edition_number,
                groups=group_rows,
                ideas=sum(r.ideas for r in group_rows),
                ideas_adopted=sum(r.ideas_adopted for r in group_rows),
                contacts=sum(r.contacts for r in group_rows),
                referrals=sum(r.referrals for r in group_rows),
                referrals_won=won,
                amount_won=_amount(
                    set().union(*group_winners),
                    sum((amounts.get(r.group_id, Decimal(0)) for r in group_rows), Decimal(0)),
                ),
            )
        )
    return out


# Offers, needs and suggestions -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: float
    shared_words: tuple[str, ...]
    same_naf: str
    offer: str
    same_group: bool


def suggestion_candidates(user: Any) -> QuerySet[Person]:
    """Who may be suggested to the user: the members of their own groups, and the members of
    their network who agreed to appear beyond their group (`visible_people` as a member: not
    whom a member who is also staff sees as staff), not themselves."""
    people = visible_people(user, as_member=True)
    person_id = roles_of(user).person_id
    if person_id is not None:
        people = people.exclude(pk=person_id)
    return people.filter(memberships__isnull=False).distinct()


def suggestions(user: Any, need: str, *, need_naf: str = "", limit: int = 5) -> list[Suggestion]:
    """The candidates whose offer fits the need best, with the reason (two queries)."""
    roles = roles_of(user)
    rows = list(
        OfferNeed.objects.filter(person__in=suggestion_candidates(user))
        .exclude(offer="")
        .select_related("person__company", "offer_activity")
    )
    offers = [
        matching.Offer(
            person_id=row.person_id,
            text=row.offer,
            naf_code=row.offer_activity.code if row.offer_activity else "",
            naf_label=row.offer_activity.label if row.offer_activity else "",
        )
        for row in rows
    ]
    matches = matching.rank(need, offers, need_naf=need_naf, limit=limit)
    by_person = {row.person_id: row for row in rows}
    same_group = set(
        Membership.objects.filter(
            group_id__in=roles.group_ids, person_id__in=[m.person_id for m in matches]
        ).values_list("person_id", flat=True)
    )
    return [
        Suggestion(
            person=by_person[m.person_id].person,
            score=m.score,
            shared_words=m.shared_words,
            same_naf=m.same_naf,
            offer=by_person[m.person_id].offer,
            same_group=m.person_id in same_group,
        )
        for m in matches
    ]
