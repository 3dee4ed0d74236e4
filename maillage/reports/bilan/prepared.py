"""Bilans prepared in the background.

A network's bilan reads every attendance, contact, referral, rating and answer of the network
(eight seconds on the national dataset), and draws a map of two thousand communes; a group's
runs some thirty queries and the network engine. Pages, exports and the API take bilans from
`core.prepared` instead, recomputed by a task when they are more than `MAX_AGE` old, and show
when they were computed. The page's map is drawn with them, in the reader's language.

`manage.py prepare_bilans` computes every territory and network bilan now: run it after a
deploy (the first request would otherwise compute its own) and from cron, e.g. nightly. Group
and edition bilans are computed on their first request, then kept up to date the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from maillage.core.prepared import compute, prepared
from maillage.editions.models import Edition, Group
from maillage.reports.bilan.figures import Bilan, bilan
from maillage.reports.bilan.scope import (
    Level,
    Scope,
    edition_scope,
    group_scope,
    network_scope,
    territory_scope,
)
from maillage.territories.models import Network, Territory

PREPARED_LEVELS = frozenset(Level)
MAX_AGE = 900


def scope_bilan(level: str, pk: int) -> Bilan:
    """The bilan of a group, an edition, a territory or a network, by id (today's)."""
    if level == Level.GROUP:
        return bilan(group_scope(Group.objects.select_related("edition").get(pk=pk)))
    if level == Level.EDITION:
        return bilan(edition_scope(Edition.objects.select_related("territory").get(pk=pk)))
    if level == Level.NETWORK:
        return bilan(network_scope(Network.objects.get(pk=pk)))
    return bilan(territory_scope(Territory.objects.get(pk=pk)))


def bilan_for(scope: Scope) -> tuple[Bilan, datetime.datetime | None]:
    """The scope's bilan, and when it was computed (None: now, live)."""
    if scope.level not in PREPARED_LEVELS:
        return bilan(scope), None
    figures = prepared(scope_bilan, str(scope.level), scope.pk, max_age_seconds=MAX_AGE)
    return figures.value, figures.computed_at


@dataclass(frozen=True)
class BilanPage:
    report: Bilan
    map_html: str  # the map of the communes, drawn ("" when nothing is placed)


def scope_bilan_page(level: str, pk: int, language: str) -> BilanPage:
    """The bilan and its map drawn in `language`: a network's map has two thousand communes,
    and drawing it took longer than reading the figures."""
    from maillage.reports.charts import mesh_map

    report = scope_bilan(level, pk)
    drawn = mesh_map(report.activity.places, report.activity.places_are_territories)
    with translation.override(language):
        html = render_to_string("reports/_mesh_map.html", {"map": drawn}) if drawn else ""
    return BilanPage(report, html)


def bilan_page_for(scope: Scope) -> tuple[Bilan, str | None, datetime.datetime | None]:
    """The scope's bilan, its map drawn (None: to draw now) and when they were computed."""
    if scope.level not in PREPARED_LEVELS:
        return bilan(scope), None, None
    page = prepared(
        scope_bilan_page,
        str(scope.level),
        scope.pk,
        translation.get_language() or settings.LANGUAGE_CODE,
        max_age_seconds=MAX_AGE,
    )
    return page.value.report, page.value.map_html, page.computed_at


def prepare_all() -> int:
    """Compute every territory and network bilan now (with their pages in each language); how
    many."""
    path = f"{scope_bilan.__module__}.{scope_bilan.__qualname__}"
    page_path = f"{scope_bilan_page.__module__}.{scope_bilan_page.__qualname__}"
    scopes = [
        (str(Level.NETWORK), pk)
        for pk in Network.objects.order_by("pk").values_list("pk", flat=True)
    ]
    scopes += [
        (str(Level.TERRITORY), pk)
        for pk in Territory.objects.order_by("pk").values_list("pk", flat=True)
    ]
    for level, pk in scopes:
        compute(path, [level, pk])
        for language, _name in settings.LANGUAGES:
            compute(page_path, [level, pk, language])
    return len(scopes)
