"""What a login session holds beyond Django's: its lifetimes, and the half-logged state.

Lifetimes differ for staff and members (settings.SESSION_LIFETIMES): an idle limit (no request
for that long) and an absolute one (since the login). Both are written into the session when
it starts (the `user_logged_in` signal: every login goes through it) and enforced by
`middleware.SessionLifetimeMiddleware`; the absolute one is also the session's expiry in the
store and the cookie's.

Half-logged: after the first factor (password, emailed link or invitation), a user who needs
a second factor is not logged in. The session only holds a *pending login*, which the
second-factor pages complete with django.contrib.auth.login() (a new session key again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.roles import is_staff_member

AUTH_AT = "_maillage_auth_at"
SEEN_AT = "_maillage_seen_at"
STAFF = "_maillage_staff"
PENDING = "_maillage_pending_login"
# The user id whose login in this session passed a second factor (TOTP or recovery code).
SECOND_FACTOR = "_maillage_second_factor"
# Last activity is written at most once a minute (a session write per request would be waste).
ACTIVITY_RESOLUTION_SECONDS = 60
# A pending login must be completed within ten minutes.
PENDING_MAX_AGE_SECONDS = 600


def now_ts() -> float:
    return timezone.now().timestamp()


def lifetimes(*, staff: bool) -> tuple[int, int]:
    """(idle, absolute) lifetimes in seconds."""
    rule = settings.SESSION_LIFETIMES["staff" if staff else "member"]
    return int(rule["idle"]), int(rule["absolute"])


def start(session: SessionBase, *, staff: bool) -> None:
    now = timezone.now()
    session[AUTH_AT] = now.timestamp()
    session[SEEN_AT] = now.timestamp()
    session[STAFF] = staff
    session.pop(SECOND_FACTOR, None)  # set again by the second-factor step, after the login
    _idle, absolute = lifetimes(staff=staff)
    # The store and the cookie keep the session until the absolute limit; the middleware ends
    # it sooner when idle (and says so).
    session.set_expiry(now + timedelta(seconds=absolute))


def on_user_logged_in(
    sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """Receiver of `user_logged_in` (connected in AccountsConfig.ready)."""
    start(request.session, staff=is_staff_member(user))


def is_expired(session: SessionBase, now: float) -> bool:
    idle, absolute = lifetimes(staff=bool(session.get(STAFF)))
    return now - float(session[AUTH_AT]) > absolute or now - float(session[SEEN_AT]) > idle


def touch(session: SessionBase, now: float) -> None:
    if now - float(session[SEEN_AT]) >= ACTIVITY_RESOLUTION_SECONDS:
        session[SEEN_AT] = now


def second_factor_mark(session: SessionBase, user: AbstractBaseUser) -> None:
    """The login that just completed in this session passed a second factor."""
    session[SECOND_FACTOR] = user.pk


def second_factor_passed(session: SessionBase, user: AbstractBaseUser) -> bool:
    """Did this session's login pass a second factor? A staff member who logged in before
    their role (a member without 2FA) did not: staff-only areas (the admin) refuse them."""
    return user.pk is not None and session.get(SECOND_FACTOR) == user.pk


# Pending logins (half-logged) ----------------------------------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: User
    method: str
    next_url: str
    setup_secret: str  # the secret being set up (staff without an authenticator), or ""


def pending_start(request: HttpRequest, *, user: User, method: str, next_url: str = "") -> None:
    """Record a first factor; nobody is logged in yet. The session key changes here too."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user_id": user.pk,
        "method": method,
        "next": next_url,
        "at": now_ts(),
        "secret": "",
    }


def pending_get(request: HttpRequest) -> PendingLogin | None:
    data = request.session.get(PENDING)
    if not data or now_ts() - float(data["at"]) > PENDING_MAX_AGE_SECONDS:
        return None
    user = User.objects.filter(pk=data["user_id"], is_active=True).first()
    if user is None:
        return None
    return PendingLogin(user, data["method"], data["next"], data.get("secret", ""))


def pending_set_secret(request: HttpRequest, secret: str) -> None:
    data = dict(request.session[PENDING])
    data["secret"] = secret
    request.session[PENDING] = data


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)
