"""Bilan figures, computed by aggregate queries (a constant number, whatever the data)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.editions.models import Edition, EditionStatus, Group, Membership
from maillage.editions.selectors import composition_problems, with_member_counts
from maillage.meetings.models import Meeting
from maillage.territories.models import Territory


@dataclass(frozen=True)
class EditionFigures:
    id: int
    number: int
    opening_date: datetime.date
    closing_date: datetime.date
    status: EditionStatus
    leaders: int
    facilitators: int
    companies: int
    groups: int
    meetings_held: int


@dataclass(frozen=True)
class Totals:
    leaders: int
    facilitators: int
    companies: int
    meetings_held: int


@dataclass(frozen=True)
class TerritoryReport:
    territory: Territory
    editions: list[EditionFigures]
    totals: Totals


def _people_counts() -> dict[str, Count]:
    leader = Q(role=Membership.Role.LEADER)
    return {
        "leaders": Count("person_id", filter=leader, distinct=True),
        "facilitators": Count(
            "person_id", filter=Q(role=Membership.Role.FACILITATOR), distinct=True
        ),
        "companies": Count("person__company_id", filter=leader, distinct=True),
    }


def territory_report(territory: Territory, today: datetime.date | None = None) -> TerritoryReport:
    """Figures per edition and in total (4 queries). `leaders` counts distinct persons,
    `companies` the leaders' firms, `meetings_held` the group meetings held (not plenaries)."""
    today = today or timezone.localdate()
    editions = list(
        Edition.objects.filter(territory=territory)
        .annotate(group_count=Count("groups"))
        .order_by("number")
    )
    memberships = Membership.objects.filter(group__edition__territory=territory)
    people: dict[int, dict[str, int]] = {
        row["group__edition_id"]: row  # type: ignore[misc]
        for row in memberships.values("group__edition_id").annotate(**_people_counts())
    }
    held = dict(
        Meeting.objects.filter(
            edition__territory=territory, kind=Meeting.Kind.GROUP, status=Meeting.Status.HELD
        )
        .values("edition_id")
        .annotate(n=Count("id"))
        .values_list("edition_id", "n")
    )
    totals = memberships.aggregate(**_people_counts())
    empty = {"leaders": 0, "facilitators": 0, "companies": 0}
    return TerritoryReport(
        territory=territory,
        editions=[
            EditionFigures(
                id=edition.pk,
                number=edition.number,
                opening_date=edition.opening_date,
                closing_date=edition.closing_date,
                status=edition.status_on(today),
                leaders=people.get(edition.pk, empty)["leaders"],
                facilitators=people.get(edition.pk, empty)["facilitators"],
                companies=people.get(edition.pk, empty)["companies"],
                groups=edition.group_count,
                meetings_held=held.get(edition.pk, 0),
            )
            for edition in editions
        ],
        totals=Totals(
            leaders=totals["leaders"],
            facilitators=totals["facilitators"],
            companies=totals["companies"],
            meetings_held=sum(held.values()),
        ),
    )


# Pages: the groups of a territory or an edition, what needs a project manager's attention ------


def _held_group_meetings() -> Coalesce:
    held = (
        Meeting.objects.filter(
            group=OuterRef("pk"), kind=Meeting.Kind.GROUP, status=Meeting.Status.HELD
        )
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def groups_with_figures(
    groups: QuerySet[Group], today: datetime.date | None = None
) -> QuerySet[Group]:
    """Groups with their edition, `leader_count`, `facilitator_count` and `held_count` (1 query)."""
    return (
        with_member_counts(groups, today)
        .annotate(held_count=_held_group_meetings())
        .select_related("edition__territory")
        .order_by("-edition__number", "name")
    )


def open_editions(
    territory_ids: Iterable[int], today: datetime.date | None = None
) -> list[Edition]:
    """Editions not closed yet, with `group_count` and `leader_count` (1 query)."""
    today = today or timezone.localdate()
    leaders = (
        Membership.objects.filter(
            group__edition=OuterRef("pk"), role=Membership.Role.LEADER, left_on__isnull=True
        )
        .order_by()
        .values("group__edition")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    return list(
        Edition.objects.filter(territory_id__in=list(territory_ids), closing_date__gt=today)
        .select_related("territory")
        .annotate(
            group_count=Count("groups"),
            leader_count=Coalesce(Subquery(leaders, output_field=IntegerField()), Value(0)),
        )
        .order_by("territory__name", "opening_date")
    )


@dataclass(frozen=True)
class Attention:
    """What a project manager should look at: groups off their bounds, meetings left planned."""

    group_problems: list[tuple[Group, list[str]]]
    stale_meetings: list[Meeting]
    stale_meeting_count: int

    def __bool__(self) -> bool:
        return bool(self.group_problems or self.stale_meeting_count)


STALE_MEETINGS_SHOWN = 10


def attention_for(territory_ids: Iterable[int], today: datetime.date | None = None) -> Attention:
    """Three or four queries, however many groups and meetings."""
    today = today or timezone.localdate()
    territory_ids = list(territory_ids)
    groups = list(
        Group.objects.filter(
            edition__territory_id__in=territory_ids, edition__closing_date__gt=today
        )
        .select_related("edition__territory")
        .order_by("edition__opening_date", "name")
    )
    problems = composition_problems(groups, today)
    stale = Meeting.objects.filter(
        edition__territory_id__in=territory_ids,
        status=Meeting.Status.PLANNED,
        ends_at__lt=timezone.now(),
    )
    shown = list(
        stale.select_related("group", "edition__territory").order_by("starts_at")[
            :STALE_MEETINGS_SHOWN
        ]
    )
    return Attention(
        group_problems=[(group, problems[group.pk]) for group in groups if group.pk in problems],
        stale_meetings=shown,
        stale_meeting_count=len(shown) if len(shown) < STALE_MEETINGS_SHOWN else stale.count(),
    )


def network_territory_rows(*network_ids: int) -> list[Territory]:
    """`network_territories`, read: figures over every membership of the networks, which the
    network admin's home takes prepared in the background (`core.prepared`)."""
    return list(network_territories(network_ids))


def network_territories(network_ids: Iterable[int]) -> QuerySet[Territory]:
    """Territories of these networks, with `edition_count`, `open_edition_count` and
    `leader_count` (distinct leaders over every edition): one query."""
    today = timezone.localdate()
    leaders = (
        Membership.objects.filter(
            group__edition__territory=OuterRef("pk"), role=Membership.Role.LEADER
        )
        .order_by()
        .values("group__edition__territory")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    return (
        Territory.objects.filter(network_id__in=list(network_ids))
        .annotate(
            edition_count=Count("editions"),
            open_edition_count=Count("editions", filter=Q(editions__closing_date__gt=today)),
            leader_count=Coalesce(Subquery(leaders, output_field=IntegerField()), Value(0)),
        )
        .order_by("name")
    )
