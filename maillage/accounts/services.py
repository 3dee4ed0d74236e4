"""Writes of the accounts app: logging in (password, magic link), logging out, API tokens.

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
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

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
        "Ce lien de connexion a déjà servi : chaque lien ne sert qu'une fois. "
        "Demandez-en un nouveau."
    ),
    "magic_link_expired": gettext_lazy(
        "Ce lien de connexion a expiré (il est valable %(minutes)s minutes). "
        "Demandez-en un nouveau."
    ),
}


class LoginRefused(Exception):
    """A login attempt was refused. `code` is stable (the API answers it), `message` is for
    people, in the active language."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(REFUSAL_MESSAGES[self.code]) % {"minutes": magic_link_validity_minutes()}


def magic_link_validity_minutes() -> int:
    return int(settings.MAGIC_LINK_VALIDITY_SECONDS) // 60


def normalize_email(email: str) -> str:
    """Accounts are stored lower-cased (UserManager.create_user)."""
    return email.strip().lower()


def password_login(*, email: str, password: str, ip_address: str | None = None) -> User:
    """The active user with these credentials (argon2 check), or LoginRefused.

    A failure is audited too (against the account when the address is known), outside the
    transaction so that the refusal does not roll it back.
    """
    email = normalize_email(email)
    user = authenticate(None, email=email, password=password)
    if not isinstance(user, User):
        known = User.objects.filter(email=email).first()
        audit(None, "accounts.login.failed", obj=known, ip_address=ip_address, method="password")
        raise LoginRefused("invalid_credentials")
    with transaction.atomic():
        audit(user, "accounts.login.succeeded", obj=user, ip_address=ip_address, method="password")
    return user


@transaction.atomic
def magic_link_request(*, email: str, ip_address: str | None = None) -> None:
    """Email a login link to the account with this address, if there is an active one.

    The caller answers the same whether or not the address exists. The link itself is
    created by the task (`magic_link_send`), so its secret is never stored anywhere but in
    the email: a task queue kept in the database only sees the user's id.
    """
    from maillage.accounts.tasks import magic_link_send_task  # the task calls back here

    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
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
    status = magic_link_status(token)
    raise LoginRefused("magic_link_invalid" if status == "valid" else f"magic_link_{status}")


@transaction.atomic
def logout_record(*, user: User, ip_address: str | None = None) -> None:
    """Audit a logout (the view ends the session)."""
    audit(user, "accounts.session.ended", obj=user, ip_address=ip_address)


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
