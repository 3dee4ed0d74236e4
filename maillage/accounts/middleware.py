"""Session lifetimes per role, enforced on every request (see sessions.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from maillage.accounts import sessions
from maillage.core.roles import is_staff_member


class SessionLifetimeMiddleware:
    """Ends a logged-in session past its idle or absolute lifetime; otherwise records the
    activity (at most once a minute). No query of its own on an ordinary request.

    Place it after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = sessions.now_ts()
            if sessions.AUTH_AT not in session:  # a session from before these rules
                sessions.start(session, staff=is_staff_member(request.user))
            elif sessions.is_expired(session, now):
                auth_logout(request)
                messages.info(request, _("Votre session a expiré : reconnectez-vous."))
            else:
                sessions.touch(session, now)
        return self.get_response(request)
