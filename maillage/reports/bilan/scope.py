"""What a bilan is about: a group, an edition, a territory or the whole network.

A scope turns into the filters each model needs (memberships, meetings, ideas, survey
responses), so that every figure is one aggregate query whatever the level.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from maillage.editions.models import Edition, Group, Membership
from maillage.territories.models import Network, Territory


class Level(StrEnum):
    GROUP = "group"
    EDITION = "edition"
    TERRITORY = "territory"
    NETWORK = "network"


# From a membership, a meeting, a survey response, an idea: the path to the scope's key.
_PATHS: dict[str, dict[Level, str]] = {
    "membership": {
        Level.GROUP: "group_id",
        Level.EDITION: "group__edition_id",
        Level.TERRITORY: "group__edition__territory_id",
        Level.NETWORK: "group__edition__territory__network_id",
    },
    "meeting": {
        Level.GROUP: "group_id",
        Level.EDITION: "edition_id",
        Level.TERRITORY: "edition__territory_id",
        Level.NETWORK: "edition__territory__network_id",
    },
    "response": {
        Level.GROUP: "group_id",
        Level.EDITION: "survey__edition_id",
        Level.TERRITORY: "survey__edition__territory_id",
        Level.NETWORK: "survey__edition__territory__network_id",
    },
    "idea": {
        Level.GROUP: "group_id",
        Level.EDITION: "group__edition_id",
        Level.TERRITORY: "group__edition__territory_id",
        Level.NETWORK: "group__edition__territory__network_id",
    },
    "invitation": {
        Level.GROUP: "group_id",
        Level.EDITION: "survey__edition_id",
        Level.TERRITORY: "survey__edition__territory_id",
        Level.NETWORK: "survey__edition__territory__network_id",
    },
}

# The level below each level, for the breakdown tables: from a membership, the paths to its
# key, its name and (for a territory) its slug.
CHILDREN: dict[Level, tuple[Level, str, str, str] | None] = {
    Level.NETWORK: (
        Level.TERRITORY,
        "group__edition__territory_id",
        "group__edition__territory__name",
        "group__edition__territory__slug",
    ),
    Level.TERRITORY: (Level.EDITION, "group__edition_id", "group__edition__number", ""),
    Level.EDITION: (Level.GROUP, "group_id", "group__name", ""),
    Level.GROUP: None,
}


@dataclass(frozen=True)
class Scope:
    level: Level
    pk: int
    title: str
    start: datetime.date  # the opening of the (first) edition
    end: datetime.date  # today, or the closing when it is over
    today: datetime.date
    territory_ids: tuple[int, ...]

    def q(self, model: str, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{_PATHS[model][self.level]}": self.pk})

    def memberships(self) -> QuerySet[Membership]:
        return Membership.objects.filter(self.q("membership"))

    def people(self) -> QuerySet[Membership, Any]:
        """The people of the scope, as a subquery (members and facilitators, left or not)."""
        return self.memberships().values("person_id")

    @property
    def child(self) -> Level | None:
        spec = CHILDREN[self.level]
        return spec[0] if spec else None


def _span(
    opening: datetime.date | None, closing: datetime.date | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    start = opening or today
    end = min(today, closing) if closing else today
    return start, max(start, end)


def group_scope(group: Group, today: datetime.date | None = None) -> Scope:
    today = today or timezone.localdate()
    edition = group.edition
    start, end = _span(edition.opening_date, edition.closing_date, today)
    return Scope(Level.GROUP, group.pk, group.name, start, end, today, (edition.territory_id,))


def edition_scope(edition: Edition, today: datetime.date | None = None) -> Scope:
    today = today or timezone.localdate()
    start, end = _span(edition.opening_date, edition.closing_date, today)
    return Scope(
        Level.EDITION, edition.pk, edition.title, start, end, today, (edition.territory_id,)
    )


def territory_scope(territory: Territory, today: datetime.date | None = None) -> Scope:
    """One query: the first opening."""
    today = today or timezone.localdate()
    first = Edition.objects.filter(territory=territory).aggregate(first=Min("opening_date"))
    start, end = _span(first["first"], None, today)
    return Scope(Level.TERRITORY, territory.pk, territory.name, start, end, today, (territory.pk,))


def network_scope(network: Network, today: datetime.date | None = None) -> Scope:
    """One query: the territories and the first opening."""
    today = today or timezone.localdate()
    rows = list(
        Territory.objects.filter(network=network)
        .annotate(first=Min("editions__opening_date"))
        .values_list("pk", "first")
    )
    openings = [first for _pk, first in rows if first is not None]
    start, end = _span(min(openings) if openings else None, None, today)
    return Scope(
        Level.NETWORK,
        network.pk,
        network.name,
        start,
        end,
        today,
        tuple(pk for pk, _first in rows),
    )
