"""Bilan figures, computed by aggregate queries (a constant number, whatever the data)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from maillage.editions.models import Edition, EditionStatus, Membership
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
