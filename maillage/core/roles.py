"""Is this user staff? A small registry that upper apps fill, so that lower ones can ask.

`accounts` may not import `territories`, where staff roles live (network admins, project
managers). `territories` registers its check in its AppConfig.ready(); `accounts` (2FA, session
lifetimes, password length) asks `is_staff_member(user)`.
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
    """True when any registered check says this active user holds a staff role."""
    if user is None or not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    if not user.is_active:
        return False
    return any(check(user) for check in _staff_checks)
