"""Two-factor helpers for the tests: a known secret and the code it shows now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from django.utils import timezone

from maillage.accounts import twofactor
from maillage.accounts.models import User

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 3, 26, 9, 0, 7, tzinfo=UTC)


def totp_now(secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(timezone.now())


def give_totp(user: User, secret: str = SECRET) -> list[str]:
    """Turn on two-factor authentication for `user`; its recovery codes. It is confirmed with
    the previous step's code (still accepted), so the current code is left unused."""
    previous = pyotp.TOTP(secret).at(timezone.now() - timedelta(seconds=30))
    return twofactor.two_factor_enable(user=user, secret=secret, code=previous)
