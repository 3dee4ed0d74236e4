"""Logging in to the admin in tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from maillage.accounts import sessions


def admin_login(client: Client, user: Any) -> None:
    """Logged in with the second factor passed (what the login's second step records)."""
    client.force_login(user)
    session = client.session
    session[sessions.SECOND_FACTOR] = user.pk
    session.save()
