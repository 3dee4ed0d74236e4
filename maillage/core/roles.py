"""Is this user staff? A small registry that upper apps fill, so that lower ones can ask.

`accounts` may not import `territories`, where staff roles live (network admins, project
managers). `territories` registers its check in its AppConfig.ready(); `accounts` (2FA, session
lifetimes, password length) asks `is_staff_member(user)`. Superusers and Django's staff
accounts (`is_staff`: the admin with Django's permissions) are under the same rules.

Every user's roles are also kept in the cache between requests (`cached_roles`), read again
as soon as any of them changes (`bump_roles`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

type StaffCheck = Callable[[Any], bool]

_staff_checks: list[StaffCheck] = []


def register_staff_check(check: StaffCheck) -> None:
    """Add a check; registering the same function twice keeps one."""
    if check not in _staff_checks:
        _staff_checks.append(check)


def is_staff_member(user: Any) -> bool:
    """True for an active superuser or Django staff account, or when any registered check says
    this active user holds a staff role."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    if not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(check(user) for check in _staff_checks)


# Roles kept in the cache between requests ------------------------------------------------------

# The generation every write to roles moves (memberships, people, groups, editions, territories,
# staff assignments: the signals are connected in editions/apps.py; bulk writes call bump_roles).
ROLES_GENERATION = "roles"


# The parts of a user's roles kept in the cache (each named by the app that keeps it; core
# imports none of them): the first part a request asks for brings the others in the same round
# trip.
ROLE_PARTS = ("staff", "members", "managed-territories", "directory-territories")
_SNAPSHOT_ATTRIBUTE = "_maillage_roles_snapshot"


def _roles_key(part: str, user: Any) -> str:
    # The account's creation time in the key: a reused id never finds another account's roles.
    return f"roles:{part}:{user.pk}:{user.date_joined.timestamp()}"


def cached_roles[T](part: str, user: Any, read: Callable[[], T]) -> T:
    """`read()` (a part of the user's roles), kept in the cache for ROLES_CACHE_SECONDS and
    read again as soon as any role changes; 0 seconds: read on every call."""
    from django.conf import settings

    from maillage.core import generations

    seconds: int = settings.ROLES_CACHE_SECONDS
    if not seconds:
        return read()
    taken: generations.Snapshot | None = getattr(user, _SNAPSHOT_ATTRIBUTE, None)
    if taken is None:
        taken = generations.snapshot(
            ROLES_GENERATION, [_roles_key(name, user) for name in ROLE_PARTS]
        )
        setattr(user, _SNAPSHOT_ATTRIBUTE, taken)
    return generations.cached_in_snapshot(
        taken, ROLES_GENERATION, _roles_key(part, user), read, seconds
    )


def bump_roles() -> None:
    """Someone's roles changed: every user's are read again. Saves and deletes call it through
    signals; bulk writes (bulk_create, update) must call it themselves."""
    from maillage.core import generations

    generations.bump(ROLES_GENERATION)
