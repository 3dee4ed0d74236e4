"""Who is staff where: network admins and project managers, read from their assignment rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from maillage.core.roles import cached_roles
from maillage.territories.models import NetworkAdmin, ProjectManager, Territory

_CACHE_ATTRIBUTE = "_maillage_staff_scope"


@dataclass(frozen=True)
class StaffScope:
    """The networks a user administers and the territories whose metadata they may see."""

    admin_network_ids: frozenset[int]
    managed_territory_ids: frozenset[int]
    territory_ids: frozenset[int]  # managed ones, plus every territory of an administered network

    @property
    def is_staff(self) -> bool:
        return bool(self.admin_network_ids or self.managed_territory_ids)

    def territories(self, path: str = "", *, networks_only: bool = False) -> Q:
        """`territory_ids` as a filter on rows whose territory `path` leads to ("" for
        territories themselves). It names the networks rather than their hundred territories:
        its SQL does not grow with the network. `networks_only`: administered networks alone."""
        prefix = f"{path}__" if path else ""
        q = Q(**{f"{prefix}network_id__in": self.admin_network_ids})
        if not networks_only:
            q |= Q(**{f"{prefix}pk__in": self.managed_territory_ids})
        return q


EMPTY_SCOPE = StaffScope(frozenset(), frozenset(), frozenset())


def staff_scope(user: Any) -> StaffScope:
    """Once per request (kept on the user object), from the cache between requests (see
    `core.roles.cached_roles`); else two small queries."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached: StaffScope | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = cached_roles("staff", user, lambda: read_staff_scope(user))
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def read_staff_scope(user: Any) -> StaffScope:
    """The user's staff assignments, read now."""
    admin_network_ids = frozenset(
        NetworkAdmin.objects.filter(user=user).values_list("network_id", flat=True)
    )
    managed = frozenset(
        ProjectManager.objects.filter(user=user).values_list("territory_id", flat=True)
    )
    territory_ids = managed
    if admin_network_ids:
        territory_ids = territory_ids | frozenset(
            Territory.objects.filter(network_id__in=admin_network_ids).values_list("id", flat=True)
        )
    return StaffScope(admin_network_ids, managed, territory_ids)


@dataclass(frozen=True)
class ManagedTerritory:
    slug: str
    name: str


def managed_territories(user: Any) -> list[ManagedTerritory]:
    """The territories a project manager runs, by name: kept with the roles between requests
    (a territory's name or slug changing moves the roles generation too)."""
    ids = sorted(staff_scope(user).managed_territory_ids)
    if not ids:
        return []
    return cached_roles(
        "managed-territories",
        user,
        lambda: [
            ManagedTerritory(slug, name)
            for slug, name in Territory.objects.filter(pk__in=ids)
            .order_by("name")
            .values_list("slug", "name")
        ],
    )


def is_network_admin(user: Any, network_id: int) -> bool:
    return network_id in staff_scope(user).admin_network_ids


def has_staff_role(user: Any) -> bool:
    """Network admin or project manager anywhere, read now (not from the request cache): the
    check behind 2FA, session lifetimes and the staff password length."""
    return (
        NetworkAdmin.objects.filter(user=user).exists()
        or ProjectManager.objects.filter(user=user).exists()
    )
