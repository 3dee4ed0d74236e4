"""The network pages' figures and drawing, prepared in the background.

Drawing a territory's network and its figures over the years runs the network engine on every
tie of hundreds of people: several hundred milliseconds, on every request. The pages take the
view from `core.prepared` instead, keyed by exactly what it depends on (the people drawn, the
day, the start, the viewer): a new member changes the key, new contacts and referrals show once
the view is recomputed (`MAX_AGE`).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from maillage.business.network import NetworkView, network_view
from maillage.core.prepared import prepared

MAX_AGE = 600


def network_view_of(
    members: list[int], today: str, start: str, viewer: int | None, step_months: int
) -> NetworkView:
    return network_view(
        set(members),
        today=datetime.date.fromisoformat(today),
        start=datetime.date.fromisoformat(start),
        viewer_person_id=viewer,
        step_months=step_months,
    )


def prepared_network_view(
    members: Collection[int],
    *,
    today: datetime.date,
    start: datetime.date,
    viewer_person_id: int | None,
    step_months: int = 3,
) -> NetworkView:
    """`network.network_view`, from the cache."""
    view: NetworkView = prepared(
        network_view_of,
        sorted(members),
        today.isoformat(),
        start.isoformat(),
        viewer_person_id if viewer_person_id in members else None,
        step_months,
        max_age_seconds=MAX_AGE,
    ).value
    return view
