"""Writes of the accounts app: logging in (password, magic link), logging out, sessions,
passwords, deactivation, API tokens. Second factors are in twofactor.py, rate limits in
throttle.py.

Each function is keyword-only, atomic and audited. The web views and the API call them; the
Django session itself (django.contrib.auth.login/logout) is the view's business.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, ngettext

from maillage.accounts import throttle
from maillage.accounts.models import ApiToken, MagicLink, User, hash_token
from maillage.accounts.selectors import magic_link_status
from maillage.core.audit import audit

API_TOKEN_PREFIX = "mlg_"
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

REFUSAL_MESSAGES = {
    "invalid_credentials": gettext_lazy("Adresse e-mail ou mot de passe incorrect."),
    "magic_link_invalid": gettext_lazy(
        "Ce lien de connexion n'est pas valide. Demandez-en un nouveau."
    ),
    "magic_link_used": gettext_lazy(
        "Ce lien de connexion a déjà servi : chaque lien ne sert qu'une fois. "
        "Demandez-en un nouveau."
    ),
    "magic_link_expired": gettext_lazy(
        "Ce lien de connexion a expiré (il est valable %(minutes)s minutes). "
        "Demandez-en un nouveau."
    ),
    "otp_required": gettext_lazy(
        "Saisissez le code à six chiffres de votre application d'authentification."
    ),
    "otp_invalid": gettext_lazy(
        "Ce code n'est pas valide ou a déjà servi. Saisissez le code affiché maintenant par "
        "votre application, ou l'un de vos codes de secours."
    ),
    "otp_setup_required": gettext_lazy(
        "La double authentification est obligatoire pour votre compte : activez-la d'abord "
        "sur le site."
    ),
}


class LoginRefused(Exception):
    """A login attempt was refused. `code` is stable (the API answers it), `message` is for
    people, in the active language. `too_many_attempts` carries `retry_after` (seconds)."""

    def __init__(self, code: str, retry_after: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        if self.code == "too_many_attempts":
            minutes = throttle.minutes(self.retry_after)
            return ngettext(
                "Trop de tentatives. Par sécurité, réessayez dans %(count)d minute.",
                "Trop de tentatives. Par sécurité, réessayez dans %(count)d minutes.",
                minutes,
            ) % {"count": minutes}
        return str(REFUSAL_MESSAGES[self.code]) % {"minutes": magic_link_validity_minutes()}


def magic_link_validity_minutes() -> int:
    return int(settings.MAGIC_LINK_VALIDITY_SECONDS) // 60


def normalize_email(email: str) -> str:
    """Accounts are stored lower-cased (UserManager.create_user)."""
    return email.strip().lower()


def refuse_while_locked(scope: throttle.Scope, *, account: str, address: str | None) -> None:
    """LoginRefused `too_many_attempts` (with its wait) while a rule of `scope` locks these keys."""
    wait = throttle.retry_after(scope, account=account, address=address)
    if wait:
        raise LoginRefused("too_many_attempts", retry_after=wait)


def password_login(*, email: str, password: str, ip_address: str | None = None) -> User:
    """The active user with these credentials (argon2 check), or LoginRefused
    (`invalid_credentials`, or `too_many_attempts` while rate-limited: see throttle.py).

    This is the first factor only: the caller asks for the second one when
    `twofactor.two_factor_required(user)`. A failure is audited too (against the account when
    the address is known), outside the transaction so that the refusal does not roll it back.
    """
    email = normalize_email(email)
    # Counted per address string, known account or not: locking reveals nothing.
    refuse_while_locked("login", account=email, address=ip_address)
    user = authenticate(None, email=email, password=password)
    if not isinstance(user, User):
        throttle.record("login", account=email, address=ip_address)
        known = User.objects.filter(email=email).first()
        audit(None, "accounts.login.failed", obj=known, ip_address=ip_address, method="password")
        raise LoginRefused("invalid_credentials")
    throttle.reset("login", account=email, address=ip_address)
    with transaction.atomic():
        audit(user, "accounts.login.succeeded", obj=user, ip_address=ip_address, method="password")
    return user


@transaction.atomic
def magic_link_request(*, email: str, ip_address: str | None = None) -> None:
    """Email a login link to the account with this address, if there is an active one.

    The caller answers the same whether or not the address exists. The link itself is
    created by the task (`magic_link_send`), so its secret is never stored anywhere but in
    the email: a task queue kept in the database only sees the user's id.

    Rate-limited: too many requests from one address raise LoginRefused
    (`too_many_attempts`); too many for one account are silently not sent (same answer).
    """
    from maillage.accounts.tasks import magic_link_send_task  # the task calls back here

    email = normalize_email(email)
    refuse_while_locked("magic_link", account=email, address=ip_address)
    silenced = throttle.is_silently_blocked("magic_link", account=email, address=ip_address)
    throttle.record("magic_link", account=email, address=ip_address)
    if silenced:
        return
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return
    audit(None, "accounts.magic_link.requested", obj=user, ip_address=ip_address)
    magic_link_send_task.enqueue(user_id=user.pk)


@transaction.atomic
def magic_link_send(*, user: User) -> MagicLink:
    """Create a one-time login link for `user` and email it, in the user's language."""
    raw = secrets.token_urlsafe(32)  # 256 random bits
    now = timezone.now()
    link = MagicLink.objects.create(
        user=user,
        token_hash=hash_token(raw),
        expires_at=now + timedelta(seconds=settings.MAGIC_LINK_VALIDITY_SECONDS),
    )
    url = settings.SITE_URL.rstrip("/") + reverse("accounts:magic_link", kwargs={"token": raw})
    with translation.override(user.language):
        subject = gettext("Votre lien de connexion à Maillage")
        body = render_to_string(
            "accounts/email/magic_link.txt",
            {
                "user": user,
                "url": url,
                "expires_at": link.expires_at,
                "minutes": magic_link_validity_minutes(),
            },
        )
    EmailMessage(
        subject=subject, body=body, to=[user.email], headers={"Content-Language": user.language}
    ).send()
    audit(None, "accounts.magic_link.sent", obj=link)
    return link


def magic_link_consume(*, token: str, ip_address: str | None = None) -> User:
    """Use a login link: the user it logs in, or LoginRefused if used, expired or unknown.

    Single use even under concurrency: the link is claimed by one conditional UPDATE, which
    only one of two simultaneous requests can win.
    """
    token_hash = hash_token(token)
    now = timezone.now()
    with transaction.atomic():
        # No join in this UPDATE: PostgreSQL re-checks a plain row condition after waiting
        # for a concurrent writer, but not a subquery's.
        claimed = MagicLink.objects.filter(
            token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed:
            link = MagicLink.objects.select_related("user").get(token_hash=token_hash)
            if link.user.is_active:
                audit(link.user, "accounts.magic_link.consumed", obj=link, ip_address=ip_address)
                return link.user
            # A deactivated account: the generic refusal, not "already used" (it was not).
            raise LoginRefused("magic_link_invalid")
    status = magic_link_status(token)
    raise LoginRefused("magic_link_invalid" if status == "valid" else f"magic_link_{status}")


@transaction.atomic
def logout_record(*, user: User, ip_address: str | None = None) -> None:
    """Audit a logout (the view ends the session)."""
    audit(user, "accounts.session.ended", obj=user, ip_address=ip_address)


def _bump_session_generation(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@transaction.atomic
def sessions_end_all(*, user: User, ip_address: str | None = None) -> None:
    """Log out everywhere: every session of the account, on every device, ends at its next
    request (the session auth hash includes the generation bumped here), and every API token
    is revoked (a lost token has no other way out; and one taken before a staff role came
    passed no second factor)."""
    _bump_session_generation(user)
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit(
        user,
        "accounts.session.ended_everywhere",
        obj=user,
        ip_address=ip_address,
        tokens_revoked=revoked,
    )


def current_password_check(*, user: User, password: str, ip_address: str | None) -> None:
    """The current password, asked before a new one is set: wrong ones count as failed logins
    of the account (throttle.py), so a session left open is no way to guess it.
    LoginRefused: `too_many_attempts` while locked, `invalid_credentials` when wrong."""
    refuse_while_locked("login", account=user.email, address=ip_address)
    if not user.check_password(password):
        throttle.record("login", account=user.email, address=ip_address)
        raise LoginRefused("invalid_credentials")


@transaction.atomic
def password_change(*, user: User, new_password: str, ip_address: str | None = None) -> None:
    """Set a new password (already validated by the form). Other sessions end; the view keeps
    the current one with update_session_auth_hash."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit(user, "accounts.password.changed", obj=user, ip_address=ip_address)


@transaction.atomic
def user_deactivate(*, user: User, by: User | None, ip_address: str | None = None) -> None:
    """Close an account: it can no longer log in, its sessions end and its API tokens are
    revoked. Its data stays (erasure is the privacy app's business)."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_generation=F("session_generation") + 1
    )
    user.refresh_from_db(fields=["is_active", "session_generation"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    audit(by, "accounts.user.deactivated", obj=user, ip_address=ip_address, tokens_revoked=revoked)


@transaction.atomic
def api_token_create(
    *, user: User, name: str, ip_address: str | None = None
) -> tuple[ApiToken, str]:
    """A new API token for `user` and its secret, which is returned here once and never
    again (only its hash is stored)."""
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], token_hash=hash_token(raw))
    audit(user, "accounts.api_token.created", obj=token, ip_address=ip_address)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User, ip_address: str | None = None) -> None:
    """Revoke a token: by its owner, or a superuser. Revoking twice changes nothing."""
    if by.pk != token.user_id and not by.is_superuser:
        raise PermissionDenied
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if revoked:
        token.revoked_at = now
        audit(by, "accounts.api_token.revoked", obj=token, ip_address=ip_address)


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used, at most once a minute (one UPDATE, or none).

    Bookkeeping, not a state change of the domain: not audited.
    """
    now = timezone.now()
    threshold = now - API_TOKEN_TOUCH_INTERVAL
    if token.last_used_at is not None and token.last_used_at > threshold:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=threshold), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now
