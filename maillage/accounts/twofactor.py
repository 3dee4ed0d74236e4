"""Two-factor authentication: TOTP (an authenticator app) and single-use recovery codes.

Mandatory for staff (network admins, project managers, superusers, Django staff accounts:
asked through `core.roles`), available to everyone. The writes here are services like those
of services.py: keyword-only, audited.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import Literal

import pyotp
import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts import throttle
from maillage.accounts.models import RecoveryCode, TotpDevice, User, hash_token
from maillage.accounts.services import LoginRefused, refuse_while_locked
from maillage.core.audit import audit
from maillage.core.roles import is_staff_member

ISSUER = "Maillage"
TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
# A code of the previous or next 30-second step is accepted too (clocks drift).
TOTP_TOLERANCE_STEPS = 1
RECOVERY_CODE_COUNT = 10

type SecondFactor = Literal["totp", "recovery_code"]


# Reads ---------------------------------------------------------------------------------------


def has_two_factor(user: User) -> bool:
    return TotpDevice.objects.filter(user=user).exists()


def two_factor_required(user: User) -> bool:
    """A second factor is asked at login of anyone who set one up, and of every staff member
    (who must set one up first)."""
    return has_two_factor(user) or is_staff_member(user)


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def new_secret() -> str:
    """160 random bits, base32 (what authenticator apps expect)."""
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code of `uri` as an SVG data: URI (an <img> source: no inline style or script)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose TOTP code is `code` (around now), or None."""
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS)
    now_step = int(timezone.now().timestamp()) // TOTP_STEP_SECONDS
    for step in range(now_step - TOTP_TOLERANCE_STEPS, now_step + TOTP_TOLERANCE_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_code() -> str:
    """80 random bits as 16 base32 characters, shown as four groups of four."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# Writes --------------------------------------------------------------------------------------


def _replace_recovery_codes(user: User) -> list[str]:
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=hash_token(_normalize(code))) for code in codes
    )
    return codes


@transaction.atomic
def two_factor_enable(
    *, user: User, secret: str, code: str, ip_address: str | None = None
) -> list[str]:
    """Confirm a new authenticator (the user typed a code it shows) and return fresh recovery
    codes, shown once. Replaces a previous authenticator and its codes."""
    step = _matching_step(secret, _normalize(code))
    if step is None:
        raise ValidationError(
            _("Ce code ne correspond pas : vérifiez l'heure de votre téléphone et réessayez."),
            code="otp_invalid",
        )
    TotpDevice.objects.update_or_create(
        user=user,
        defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": step},
    )
    codes = _replace_recovery_codes(user)
    audit(user, "accounts.two_factor.enabled", obj=user, ip_address=ip_address)
    return codes


def second_factor_verify(*, user: User, code: str, ip_address: str | None = None) -> SecondFactor:
    """Check a TOTP code (never twice the same) or a recovery code (used up), or raise
    LoginRefused: `otp_invalid`, or `too_many_attempts` once rate-limited."""
    account = str(user.pk)
    refuse_while_locked("totp", account=account, address=ip_address)
    normalized = _normalize(code)
    used = _use_totp(user, normalized) or _use_recovery_code(user, normalized)
    if used is None:
        throttle.record("totp", account=account, address=ip_address)
        audit(None, "accounts.two_factor.failed", obj=user, ip_address=ip_address)
        raise LoginRefused("otp_invalid")
    throttle.reset("totp", account=account, address=ip_address)
    audit(user, "accounts.two_factor.verified", obj=user, ip_address=ip_address, factor=used)
    return used


def _use_totp(user: User, code: str) -> SecondFactor | None:
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        return None
    step = _matching_step(device.secret, code)
    if step is None:
        return None
    # One conditional UPDATE: a step already used (replay), even concurrently, matches no row.
    claimed = (
        TotpDevice.objects.filter(pk=device.pk)
        .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
        .update(last_used_step=step)
    )
    return "totp" if claimed else None


def _use_recovery_code(user: User, code: str) -> SecondFactor | None:
    if not code or not TotpDevice.objects.filter(user=user).exists():
        return None
    claimed = RecoveryCode.objects.filter(
        user=user, code_hash=hash_token(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return "recovery_code" if claimed else None


def recovery_codes_regenerate(*, user: User, code: str, ip_address: str | None = None) -> list[str]:
    """New recovery codes (the old ones stop working), after a valid second factor."""
    second_factor_verify(user=user, code=code, ip_address=ip_address)
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit(user, "accounts.two_factor.recovery_codes_renewed", obj=user, ip_address=ip_address)
    return codes


def two_factor_disable(*, user: User, code: str, ip_address: str | None = None) -> None:
    """Turn two-factor authentication off, after a valid second factor. Staff may not."""
    if is_staff_member(user):
        raise ValidationError(
            _("La double authentification est obligatoire pour l'équipe du programme."),
            code="staff_two_factor",
        )
    second_factor_verify(user=user, code=code, ip_address=ip_address)
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit(user, "accounts.two_factor.disabled", obj=user, ip_address=ip_address)
