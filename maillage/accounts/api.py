"""API authentication: `POST /auth/token` and the bearer scheme every other router uses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer

from maillage.accounts import selectors, services, twofactor
from maillage.accounts.http import client_ip
from maillage.accounts.models import ApiToken, User

router = Router(tags=["auth"])


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`: request.auth (and request.user) become the token's
    user; a missing, unknown or revoked token, or an inactive user, answers 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        known: tuple[str, ApiToken] | None = getattr(request, _READ_ATTRIBUTE, None)
        api_token: ApiToken | None
        if known is not None and known[0] == token.strip():
            api_token = known[1]  # read (and touched) by page_cache_identity
        else:
            api_token = _live_token(token)
            if api_token is None:
                return None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        _speak_the_users_language(request, api_token.user)
        return api_token.user


_READ_ATTRIBUTE = "_bearer_token_read"


def _live_token(raw: str) -> ApiToken | None:
    """The live token whose secret is `raw`, its use recorded; None: no such token."""
    api_token = selectors.api_token_for_raw(raw.strip())
    if api_token is not None:
        services.api_token_touch(token=api_token)
    return api_token


def page_cache_identity(request: HttpRequest) -> str | None:
    """Who an API request is, for core.page_cache: its live token and user, read (and touched)
    before the kept page is looked up, on every request; None (not kept): no live token."""
    scheme, _space, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    api_token = _live_token(raw)
    if api_token is None:
        return None
    setattr(request, _READ_ATTRIBUTE, (raw.strip(), api_token))
    _speak_the_users_language(request, api_token.user)
    return f"token:{api_token.pk}:{api_token.user_id}"


def _speak_the_users_language(request: HttpRequest, user: User) -> None:
    """The locale middleware ran before the token was read, with no user: without the language
    switch's cookie, the answers (refusals, labels) take the account's language, as the pages
    do."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    if user.language in {code for code, _name in settings.LANGUAGES}:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


def api_user(request: HttpRequest) -> User:
    """The user that authenticated this API request (set by BearerAuth)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def request_api_token(request: HttpRequest) -> ApiToken:
    """The token that authenticated this request (set by BearerAuth)."""
    token: ApiToken = request.api_token  # type: ignore[attr-defined]
    return token


class TokenIn(Schema):
    email: str
    password: str
    otp: str | None = Field(
        default=None,
        description="For accounts with two-factor authentication: the TOTP code of the "
        "authenticator app, or one of the recovery codes.",
    )


class TokenOut(Schema):
    token: str


class Error(Schema):
    detail: str


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Error, 429: Error},
    summary="Obtain an API token",
)
def token_create(
    request: HttpRequest, payload: TokenIn, response: HttpResponse
) -> Status[TokenOut | Error]:
    """Exchange an email and password (and, with two-factor authentication, an `otp`) for a
    bearer token, shown once.

    401 `invalid_credentials`; with two-factor authentication, 401 `otp_required` when `otp`
    is missing, `otp_invalid` when it is wrong or already used; staff who have not set up
    two-factor authentication yet get 401 `otp_setup_required` (they do it on the website).
    429 `too_many_attempts` while rate-limited (`Retry-After` says for how long).
    """
    ip_address = client_ip(request)
    try:
        user = services.password_login(
            email=payload.email, password=payload.password, ip_address=ip_address
        )
        if twofactor.two_factor_required(user):
            if not twofactor.has_two_factor(user):
                raise services.LoginRefused("otp_setup_required")
            if not payload.otp:
                raise services.LoginRefused("otp_required")
            twofactor.second_factor_verify(user=user, code=payload.otp, ip_address=ip_address)
    except services.LoginRefused as refusal:
        if refusal.code == "too_many_attempts":
            response["Retry-After"] = str(refusal.retry_after)
            return Status(429, Error(detail=refusal.code))
        return Status(401, Error(detail=refusal.code))
    _, raw = services.api_token_create(user=user, name="API", ip_address=ip_address)
    return Status(200, TokenOut(token=raw))


@router.delete("/auth/token", response={204: None}, summary="Revoke the current API token")
def token_revoke(request: HttpRequest) -> Status[None]:
    """Revoke the token this request is authenticated with."""
    token = request_api_token(request)
    services.api_token_revoke(token=token, by=token.user, ip_address=client_ip(request))
    return Status(204, None)
