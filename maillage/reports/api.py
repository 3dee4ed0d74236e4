"""API of the bilan."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from maillage.accounts.api import api_user
from maillage.editions.permissions import get_territory_for_user
from maillage.reports.selectors import territory_report

router = Router(tags=["reports"])


class EditionFiguresOut(Schema):
    id: int
    number: int
    opening_date: datetime.date
    status: str
    leaders: int
    facilitators: int
    companies: int
    groups: int
    meetings_held: int


class TotalsOut(Schema):
    leaders: int
    facilitators: int
    companies: int
    meetings_held: int


class TerritoryReportOut(Schema):
    territory: str
    editions: list[EditionFiguresOut]
    totals: TotalsOut


@router.get("/territories/{slug}/report", response=TerritoryReportOut)
def get_territory_report(request: HttpRequest, slug: str) -> dict[str, object]:
    """The territory's bilan: network admins, its project managers, its members and alumni.

    `leaders` counts distinct persons, `companies` the leaders' firms, `meetings_held` the group
    meetings held (not plenaries); totals cover every edition.
    """
    territory = get_territory_for_user(api_user(request), slug)
    report = territory_report(territory)
    return {
        "territory": territory.slug,
        "editions": [
            {**figures.__dict__, "status": figures.status.value} for figures in report.editions
        ],
        "totals": report.totals.__dict__,
    }
