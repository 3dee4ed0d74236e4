"""Who may read which bilan. Fetch and authorise in one call; an outsider gets 404.

- a group's bilan: its members and facilitators (alumni included) and the staff of its
  territory;
- an edition's and a territory's: the territory's staff, members and alumni (as the territory
  page);
- the network's: its admins only.

Every bilan is aggregate: no page, API answer or export shows an individual's survey answers,
and a figure drawn from answers or money resting on fewer than five people is hidden.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404

from maillage.editions.permissions import (
    get_edition_for_user,
    get_group_for_user,
    get_territory_for_user,
    roles_of,
)
from maillage.reports.bilan import (
    Level,
    Scope,
    edition_scope,
    group_scope,
    network_scope,
    territory_scope,
)
from maillage.territories.models import Network


def get_network_for_admin(user: Any, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or network.pk not in roles_of(user).staff.admin_network_ids:
        raise Http404
    return network


def get_scope_for_user(
    user: Any, level: Level, key: int | str, today: datetime.date | None = None
) -> Scope:
    """The scope of a bilan the user may read (404 otherwise)."""
    if level == Level.GROUP:
        return group_scope(get_group_for_user(user, int(key)), today)
    if level == Level.EDITION:
        return edition_scope(get_edition_for_user(user, int(key)), today)
    if level == Level.TERRITORY:
        return territory_scope(get_territory_for_user(user, str(key)), today)
    return network_scope(get_network_for_admin(user, str(key)), today)
