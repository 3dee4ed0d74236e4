"""Reads of the accounts app: tokens and links, looked up by the hash of their secret."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone

from maillage.accounts.models import ApiToken, MagicLink, User, hash_token

type MagicLinkStatus = Literal["valid", "used", "expired", "invalid"]


def magic_link_status(token: str) -> MagicLinkStatus:
    """What opening this link would do, without using it."""
    link = (
        MagicLink.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if link is None:
        return "invalid"
    if link.used_at is not None:
        return "used"
    if link.expires_at <= timezone.now():
        return "expired"
    return "valid"


def api_token_for_raw(raw: str) -> ApiToken | None:
    """The live token (not revoked, its user active) whose secret is `raw`, with its user."""
    if not raw:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def user_for_api_token(raw: str) -> User | None:
    token = api_token_for_raw(raw)
    return token.user if token is not None else None
