"""Reads on people, groups and editions for the pages: the directory, group counts, composition.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.roles import cached_roles
from maillage.editions.models import Edition, Group, Membership, edition_title
from maillage.editions.permissions import Roles, roles_of, visible_people
from maillage.territories.models import ActivityCode, Commune, Person, Territory

ALUMNUS = "alumnus"


def _not_left(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": today})


def _member_count(role: str, today: datetime.date) -> Coalesce:
    members = (
        Membership.objects.filter(_not_left(today), group=OuterRef("pk"), role=role)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def with_member_counts(
    groups: QuerySet[Group], today: datetime.date | None = None
) -> QuerySet[Group]:
    """Annotate `leader_count` and `facilitator_count`: members who have not left."""
    today = today or timezone.localdate()
    return groups.annotate(
        leader_count=_member_count(Membership.Role.LEADER, today),
        facilitator_count=_member_count(Membership.Role.FACILITATOR, today),
    )


def composition_problems(
    groups: Iterable[Group], today: datetime.date | None = None, *, closed_too: bool = False
) -> dict[int, list[str]]:
    """What keeps each group from its edition's bounds (the groups that keep to them are left
    out), for many groups in one query: the one place of the rule.

    Members are counted on the later of today and the edition's opening. Groups of closed
    editions are not checked, unless `closed_too`. Each group needs its `edition` loaded.
    """
    today = today or timezone.localdate()
    groups = [group for group in groups if closed_too or group.edition.closing_date > today]
    rows = Membership.objects.filter(group__in=groups).values_list(
        "group_id", "role", "person__company_id", "joined_on", "left_on"
    )
    members: dict[int, list[tuple[str, int | None, datetime.date, datetime.date | None]]] = (
        defaultdict(list)
    )
    for group_id, role, company_id, joined_on, left_on in rows:
        members[group_id].append((role, company_id, joined_on, left_on))
    problems: dict[int, list[str]] = {}
    for group in groups:
        edition = group.edition
        day = max(today, edition.opening_date)
        active = [
            (role, company_id)
            for role, company_id, joined_on, left_on in members[group.pk]
            if joined_on <= day and (left_on is None or left_on > day)
        ]
        leaders = sum(1 for role, _company in active if role == Membership.Role.LEADER)
        employers = [company for role, company in active if role == Membership.Role.FACILITATOR]
        found = []
        if not edition.min_leaders <= leaders <= edition.max_leaders:
            found.append(
                _("%(count)d dirigeants (attendu : %(min)d à %(max)d)")
                % {"count": leaders, "min": edition.min_leaders, "max": edition.max_leaders}
            )
        if len(employers) != edition.facilitators_per_group:
            found.append(
                _("%(count)d animateurs (attendu : %(expected)d)")
                % {"count": len(employers), "expected": edition.facilitators_per_group}
            )
        if len(set(employers)) != len(employers):
            found.append(_("plusieurs animateurs de la même entreprise"))
        if found:
            problems[group.pk] = found
    return problems


# The directory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryQuery:
    """What the directory is asked: free text (name, company) and filters."""

    text: str = ""
    sector: str = ""
    commune_ids: frozenset[int] | None = None  # None: any commune
    territory_id: int | None = None
    edition_id: int | None = None
    role: str = ""


def last_membership_left(person_id: int) -> Membership | None:
    """The group membership a person ended last (None if they never left one), with its group
    and edition: the home of someone who left says so, rather than "no programme yet"."""
    return (
        Membership.objects.filter(person_id=person_id, left_on__isnull=False)
        .select_related("group__edition")
        .order_by("-left_on", "-pk")
        .first()
    )


def memberships_for_display() -> Prefetch[Any]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("group__edition__territory").order_by(
            "-group__edition__opening_date", "group__name"
        ),
    )


def directory_people(
    user: Any, query: DirectoryQuery, today: datetime.date | None = None
) -> QuerySet[Person]:
    """The people of the directory this user may see, searched and filtered.

    Rows come with their company (activity, commune) and, once prefetched, their memberships
    (group, edition, territory): three queries for a page, however many people it shows.
    """
    today = today or timezone.localdate()
    people = visible_people(user)
    for word in query.text.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(company__name__icontains=word)
        )
    if query.sector:
        people = people.filter(company__activity__section=query.sector)
    if query.commune_ids is not None:
        people = people.filter(company__commune_id__in=sorted(query.commune_ids))
    if query.territory_id is not None or query.edition_id is not None or query.role:
        memberships = Membership.objects.filter(_not_left(today), person=OuterRef("pk"))
        if query.territory_id is not None:
            memberships = memberships.filter(group__edition__territory_id=query.territory_id)
        if query.edition_id is not None:
            memberships = memberships.filter(group__edition_id=query.edition_id)
        if query.role == ALUMNUS:
            memberships = memberships.filter(group__edition__closing_date__lte=today)
        elif query.role:
            memberships = memberships.filter(role=query.role)
        people = people.filter(Exists(memberships))
    return (
        people.select_related("company__activity", "company__commune")
        .prefetch_related(memberships_for_display())
        .order_by("last_name", "first_name", "pk")
    )


def directory_sectors(user: Any) -> list[tuple[str, str]]:
    """NAF sections (letter, label) of the companies of the people the user may see."""
    rows = (
        ActivityCode.objects.filter(companies__people__in=visible_people(user))
        .values_list("section", "section_label")
        .distinct()
        .order_by("section")
    )
    return list(dict(rows).items())


def directory_communes(user: Any) -> QuerySet[Commune]:
    return (
        Commune.objects.filter(companies__people__in=visible_people(user))
        .distinct()
        .order_by("name")
    )


def directory_territories(user: Any) -> list[tuple[int, str]]:
    """The territories whose people the user may see, as (id, name): staff's territories, and
    every territory of a member's network. Kept with the roles between requests (a territory
    created, renamed or moved moves the roles generation too)."""
    roles = roles_of(user)
    if not roles.territory_ids and not roles.member_network_ids:
        return []

    def read() -> list[tuple[int, str]]:
        rows = Territory.objects.filter(
            Q(pk__in=roles.territory_ids) | Q(network_id__in=roles.member_network_ids)
        ).order_by("name")
        return list(rows.values_list("pk", "name"))

    return cached_roles("directory-territories", user, read)


def directory_editions(territory_id: int) -> list[tuple[int, str]]:
    """The editions of a territory, latest first, as (id, title) for the directory's filter."""
    rows = (
        Edition.objects.filter(territory_id=territory_id)
        .order_by("-number")
        .values_list("pk", "number", "territory__name")
    )
    return [(pk, edition_title(number, territory)) for pk, number, territory in rows]


def edition_territory(edition_id: int, territory_ids: Iterable[int]) -> int | None:
    """The territory of an edition, if it is one of `territory_ids`."""
    return (
        Edition.objects.filter(pk=edition_id, territory_id__in=list(territory_ids))
        .values_list("territory_id", flat=True)
        .first()
    )


def shows_contact_details(roles: Roles, person: Person) -> bool:
    """Email and phone: the person themselves, their groups' members, their territory's staff.

    Uses the person's memberships, prefetched with their group's edition.
    """
    if person.pk == roles.person_id:
        return True
    return any(
        membership.group_id in roles.group_ids
        or membership.group.edition.territory_id in roles.staff.territory_ids
        for membership in person.memberships.all()
    )


# The two years of an edition -----------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """Where an edition stands in its months: month 0 before the opening, `total` once closed."""

    month: int
    total: int
    opening_date: datetime.date
    closing_date: datetime.date

    @property
    def started(self) -> bool:
        return self.month > 0

    @property
    def finished(self) -> bool:
        return self.month >= self.total


def edition_timeline(edition: Edition, today: datetime.date | None = None) -> Timeline:
    today = today or timezone.localdate()
    total = edition.duration_months
    if today < edition.opening_date:
        month = 0
    elif today >= edition.closing_date:
        month = total
    else:
        opening = edition.opening_date
        month = (today.year - opening.year) * 12 + today.month - opening.month
        month += 0 if today.day < opening.day else 1
        month = max(1, min(month, total))
    return Timeline(month, total, edition.opening_date, edition.closing_date)
