"""API of the bilan: a territory's, an edition's and a group's report.

Every report has the same sections (activity, exchanges, business, change, quotes, years,
parts); the territory's keeps, first, its per-edition figures and totals. A figure drawn from
survey answers or money amounts that rests on fewer than five people is `null`; counts of
people and meetings are always given. No answer of any one person is reachable here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from maillage.accounts.api import api_user
from maillage.editions.permissions import get_territory_for_user
from maillage.reports.bilan import Level, territory_scope
from maillage.reports.bilan.figures import Bilan
from maillage.reports.bilan.prepared import bilan_for
from maillage.reports.permissions import get_scope_for_user
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


class ScopeOut(Schema):
    level: str
    title: str
    start: datetime.date
    end: datetime.date


class SectorOut(Schema):
    code: str
    label: str
    firms: int


class PlaceOut(Schema):
    name: str
    latitude: float
    longitude: float
    firms: int


class ThemeFiguresOut(Schema):
    title: str
    meetings: int
    raters: int
    rating: float | None


class ActivityOut(Schema):
    leaders: int
    facilitators: int
    companies: int
    sectors: int
    communes: int
    meetings_held: int
    attendance_recorded: int
    attendance_rate: float | None
    usefulness: float | None
    usefulness_raters: int
    sector_breakdown: list[SectorOut]
    places: list[PlaceOut]
    themes: list[ThemeFiguresOut]


class ExchangesOut(Schema):
    ideas_noted: int
    ideas_adopted: int
    contacts: int
    contacts_across_groups: int
    contacts_among_alumni: int


class BusinessOut(Schema):
    referrals_given: int
    referrals_won: int
    amount_won: Decimal | None
    winners: int
    business_share: float | None
    business_respondents: int


class PairedChangeOut(Schema):
    pairs: int
    mean: float
    low: float
    high: float


class StageOut(Schema):
    questionnaire: str
    respondents: int
    isolation: float | None
    nps: float | None
    satisfaction: float | None
    business_share: float | None
    in_touch_share: float | None  # alumni: still in touch with members of their group
    # The figures this questionnaire asks ("isolation", "nps", "satisfaction", "business",
    # "in_touch"):
    # null for one of them is hidden (fewer than five people); for another, not asked.
    asked: list[str]


class ChangeOut(Schema):
    invited: int
    answered: int
    response_rate: float | None
    isolation_before: float | None
    isolation_after: float | None
    after_questionnaire: str
    pairs: int
    isolation_change: PairedChangeOut | None
    nps: float | None
    nps_respondents: int
    satisfaction: float | None
    satisfaction_respondents: int
    density_start: float
    density_end: float
    ties_start: int
    ties_end: int
    network_people: int
    stages: list[StageOut]


class QuoteOut(Schema):
    text: str
    questionnaire: str
    edition: int


class YearOut(Schema):
    year: int
    meetings_held: int
    attendance_rate: float | None
    ideas_noted: int
    ideas_adopted: int
    contacts: int
    referrals_given: int
    referrals_won: int
    amount_won: Decimal | None


class PartOut(Schema):
    id: int
    name: str
    leaders: int
    facilitators: int
    meetings_held: int
    attendance_rate: float | None


class BilanOut(Schema):
    scope: ScopeOut
    activity: ActivityOut
    exchanges: ExchangesOut
    business: BusinessOut
    change: ChangeOut
    quotes: list[QuoteOut]
    years: list[YearOut]
    parts: list[PartOut]


class TerritoryReportOut(BilanOut):
    territory: str
    editions: list[EditionFiguresOut]
    totals: TotalsOut


class EditionReportOut(BilanOut):
    edition: int


class GroupReportOut(BilanOut):
    group: int


def bilan_sections(report: Bilan) -> dict[str, Any]:
    scope, change = report.scope, report.change
    return {
        "scope": {
            "level": str(scope.level),
            "title": scope.title,
            "start": scope.start,
            "end": scope.end,
        },
        "activity": report.activity.__dict__,
        "exchanges": report.exchanges.__dict__,
        "business": report.business.__dict__,
        "change": {
            **{
                name: getattr(change, name)
                for name in (
                    "invited",
                    "answered",
                    "response_rate",
                    "isolation_before",
                    "isolation_after",
                    "pairs",
                    "nps",
                    "nps_respondents",
                    "satisfaction",
                    "satisfaction_respondents",
                    "density_start",
                    "density_end",
                    "ties_start",
                    "ties_end",
                    "network_people",
                )
            },
            "isolation_change": (
                change.isolation_change.__dict__ if change.isolation_change else None
            ),
            "after_questionnaire": change.after_stage,
            "stages": [
                {**stage.__dict__, "questionnaire": stage.kind, "asked": sorted(stage.asked)}
                for stage in change.stages
            ],
        },
        "quotes": [
            {"text": quote.text, "questionnaire": quote.kind, "edition": quote.edition}
            for quote in report.quotes
        ],
        "years": [year.__dict__ for year in report.years],
        "parts": [
            {**part.__dict__, "id": part.key, "name": str(part.name)} for part in report.parts
        ],
    }


@router.get("/territories/{slug}/report", response=TerritoryReportOut)
def get_territory_report(request: HttpRequest, slug: str) -> dict[str, object]:
    """The territory's bilan: network admins, its project managers, its members and alumni.

    `editions` and `totals` as before: `leaders` counts distinct persons, `companies` the
    leaders' firms, `meetings_held` the group meetings held (not plenaries); totals cover every
    edition. Then the bilan's sections; a figure resting on fewer than five people is null.
    """
    territory = get_territory_for_user(api_user(request), slug)
    report = territory_report(territory)
    return {
        "territory": territory.slug,
        "editions": [
            {**figures.__dict__, "status": figures.status.value} for figures in report.editions
        ],
        "totals": report.totals.__dict__,
        **bilan_sections(bilan_for(territory_scope(territory))[0]),
    }


@router.get("/editions/{edition_id}/report", response=EditionReportOut)
def get_edition_report(request: HttpRequest, edition_id: int) -> dict[str, object]:
    """An edition's bilan: as its territory's report (its staff, members and alumni)."""
    scope = get_scope_for_user(api_user(request), Level.EDITION, edition_id)
    return {"edition": edition_id, **bilan_sections(bilan_for(scope)[0])}


@router.get("/groups/{group_id}/report", response=GroupReportOut)
def get_group_report(request: HttpRequest, group_id: int) -> dict[str, object]:
    """A group's bilan: its members and facilitators, and the staff of its territory."""
    scope = get_scope_for_user(api_user(request), Level.GROUP, group_id)
    return {"group": group_id, **bilan_sections(bilan_for(scope)[0])}
