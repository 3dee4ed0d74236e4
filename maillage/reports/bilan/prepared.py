"""The territory and network bilans, prepared in the background.

A network's bilan reads every attendance, contact, referral, rating and answer of the network
(eight seconds on the national dataset), a territory's a good share of the membership table:
pages, exports and the API take them from `core.prepared` instead, computed by a task when they
are more than `MAX_AGE` old, and show when they were computed. Group and edition bilans read
little and stay live.

`manage.py prepare_bilans` computes every territory and network bilan now: run it after a
deploy (the first request would otherwise compute its own) and from cron, e.g. nightly.
"""

from __future__ import annotations

import datetime

from maillage.core.prepared import compute, prepared
from maillage.reports.bilan.figures import Bilan, bilan
from maillage.reports.bilan.scope import Level, Scope, network_scope, territory_scope
from maillage.territories.models import Network, Territory

PREPARED_LEVELS = frozenset({Level.TERRITORY, Level.NETWORK})
MAX_AGE = 900


def scope_bilan(level: str, pk: int) -> Bilan:
    """The bilan of a territory or a network, by id (today's)."""
    if level == Level.NETWORK:
        return bilan(network_scope(Network.objects.get(pk=pk)))
    return bilan(territory_scope(Territory.objects.get(pk=pk)))


def bilan_for(scope: Scope) -> tuple[Bilan, datetime.datetime | None]:
    """The scope's bilan, and when it was computed (None: now, live)."""
    if scope.level not in PREPARED_LEVELS:
        return bilan(scope), None
    figures = prepared(scope_bilan, str(scope.level), scope.pk, max_age_seconds=MAX_AGE)
    return figures.value, figures.computed_at


def prepare_all() -> int:
    """Compute every territory and network bilan now; how many."""
    path = f"{scope_bilan.__module__}.{scope_bilan.__qualname__}"
    count = 0
    for pk in Network.objects.order_by("pk").values_list("pk", flat=True):
        compute(path, [str(Level.NETWORK), pk])
        count += 1
    for pk in Territory.objects.order_by("pk").values_list("pk", flat=True):
        compute(path, [str(Level.TERRITORY), pk])
        count += 1
    return count
