"""Login (password or emailed link, then the second factor when needed), logout, and the
account's security pages (two-factor authentication, password, sessions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.accounts import selectors, services, sessions, twofactor
from maillage.accounts.forms import (
    MagicLinkRequestForm,
    PasswordChangeForm,
    PasswordLoginForm,
    SecondFactorForm,
    TotpConfirmForm,
)
from maillage.accounts.http import client_ip
from maillage.accounts.models import User
from maillage.core.roles import is_staff_member

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _redirect_target(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def complete_first_factor(
    request: HttpRequest, user: User, *, method: str, next_url: str = ""
) -> HttpResponse:
    """After a password, an emailed link or an invitation: log in, or, when a second factor is
    needed, leave the session half-logged and ask for it (or have staff set it up first)."""
    target = _redirect_target(request, next_url)
    if not twofactor.two_factor_required(user):
        auth_login(request, user, backend=MODEL_BACKEND)  # rotates the session key
        return redirect(target)
    sessions.pending_start(request, user=user, method=method, next_url=target)
    if twofactor.has_two_factor(user):
        return redirect("accounts:second_factor")
    return redirect("accounts:two_factor_setup_at_login")


def _login_page(
    request: HttpRequest,
    password_form: PasswordLoginForm,
    link_form: MagicLinkRequestForm,
    status: int | None = None,
) -> HttpResponse:
    if status is None:
        status = 400 if password_form.errors or link_form.errors else 200
    return render(
        request,
        "accounts/login.html",
        {"password_form": password_form, "link_form": link_form},
        status=status,
    )


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = PasswordLoginForm(initial={"next": request.GET.get("next", "")})
        return _login_page(request, form, MagicLinkRequestForm())
    form = PasswordLoginForm(request.POST)
    if form.is_valid():
        try:
            user = services.password_login(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                ip_address=client_ip(request),
            )
        except services.LoginRefused as refusal:
            form.add_error(None, refusal.message)
            if refusal.code == "too_many_attempts":
                return _login_page(request, form, MagicLinkRequestForm(), status=429)
        else:
            return complete_first_factor(
                request, user, method="password", next_url=form.cleaned_data["next"]
            )
    return _login_page(request, form, MagicLinkRequestForm())


@require_POST
def magic_link_request(request: HttpRequest) -> HttpResponse:
    form = MagicLinkRequestForm(request.POST)
    if not form.is_valid():
        return _login_page(request, PasswordLoginForm(), form)
    try:
        services.magic_link_request(email=form.cleaned_data["email"], ip_address=client_ip(request))
    except services.LoginRefused as refusal:
        form.add_error(None, refusal.message)
        return _login_page(request, PasswordLoginForm(), form, status=429)
    # The same answer whether or not the address has an account.
    return redirect("accounts:magic_link_sent")


@require_safe
def magic_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/magic_link_sent.html",
        {"minutes": services.magic_link_validity_minutes()},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def magic_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button (mail scanners that pre-fetch links must not use them up);
    the POST of that button logs in."""
    if request.method != "POST":
        status = selectors.magic_link_status(token)
        error = None if status == "valid" else services.LoginRefused(f"magic_link_{status}").message
        return render(request, "accounts/magic_link.html", {"error": error})
    try:
        user = services.magic_link_consume(token=token, ip_address=client_ip(request))
    except services.LoginRefused as refusal:
        return render(request, "accounts/magic_link.html", {"error": refusal.message}, status=400)
    return complete_first_factor(request, user, method="magic_link")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(user=request.user, ip_address=client_ip(request))
    auth_logout(request)
    messages.info(request, _("Vous êtes déconnecté."))
    return redirect("accounts:login")


# Second factor at login ----------------------------------------------------------------------


def _log_in_pending(request: HttpRequest, pending: sessions.PendingLogin) -> None:
    sessions.pending_clear(request)
    auth_login(request, pending.user, backend=MODEL_BACKEND)  # a new session key again
    sessions.second_factor_mark(request.session, pending.user)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a TOTP code or a recovery code."""
    pending = sessions.pending_get(request)
    if pending is None:
        return redirect("accounts:login")
    if not twofactor.has_two_factor(pending.user):
        return redirect("accounts:two_factor_setup_at_login")
    form = SecondFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        try:
            twofactor.second_factor_verify(
                user=pending.user, code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except services.LoginRefused as refusal:
            form.add_error("code", refusal.message)
            status = 429 if refusal.code == "too_many_attempts" else 400
        else:
            _log_in_pending(request, pending)
            return redirect(pending.next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    elif form.is_bound:
        status = 400
    return render(request, "accounts/second_factor.html", {"form": form}, status=status)


def _setup_context(secret: str, user: User, form: TotpConfirmForm) -> dict[str, object]:
    uri = twofactor.provisioning_uri(secret=secret, email=user.email)
    return {
        "form": form,
        "secret": twofactor.grouped_secret(secret),
        "otpauth_uri": uri,
        "qr_code": twofactor.qr_code_data_uri(uri),
    }


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """Shown once, in the answer to the POST that created them."""
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next_url": next_url})


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup_at_login(request: HttpRequest) -> HttpResponse:
    """Staff without an authenticator set one up before anything else (still half-logged)."""
    pending = sessions.pending_get(request)
    if pending is None:
        return redirect("accounts:login")
    if twofactor.has_two_factor(pending.user):
        return redirect("accounts:second_factor")
    secret = pending.setup_secret
    if not secret:
        secret = twofactor.new_secret()
        sessions.pending_set_secret(request, secret)  # a session record, not domain state
    form = TotpConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            codes = twofactor.two_factor_enable(
                user=pending.user,
                secret=secret,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _log_in_pending(request, pending)
            return _recovery_codes_page(request, codes, pending.next_url)
    context = _setup_context(secret, pending.user, form) | {"at_login": True}
    status = 400 if form.is_bound else 200
    return render(request, "accounts/two_factor_setup.html", context, status=status)


# The account's security ----------------------------------------------------------------------

SETUP_SECRET = "_maillage_totp_setup_secret"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _security_page(
    request: HttpRequest, form: SecondFactorForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    context = {
        "has_two_factor": twofactor.has_two_factor(user),
        "recovery_codes_left": twofactor.recovery_codes_left(user),
        "is_staff_member": is_staff_member(user),
        "code_form": form or SecondFactorForm(),
    }
    return render(request, "accounts/security.html", context, status=status)


@login_required
@never_cache
@require_safe
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request)


@login_required
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Turn on two-factor authentication (or move it to a new phone)."""
    user = _user(request)
    secret = request.session.get(SETUP_SECRET)
    if not secret:
        secret = twofactor.new_secret()
        request.session[SETUP_SECRET] = secret  # a session record, not domain state
    form = TotpConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            codes = twofactor.two_factor_enable(
                user=user,
                secret=secret,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(SETUP_SECRET, None)
            return _recovery_codes_page(request, codes, resolve_url("accounts:security"))
    context = _setup_context(secret, user, form) | {"at_login": False}
    return render(
        request, "accounts/two_factor_setup.html", context, status=400 if form.is_bound else 200
    )


@login_required
@sensitive_post_parameters("code")
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        try:
            codes = twofactor.recovery_codes_regenerate(
                user=_user(request), code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except services.LoginRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            return _recovery_codes_page(request, codes, resolve_url("accounts:security"))
    return _security_page(request, form, 400)


@login_required
@sensitive_post_parameters("code")
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        try:
            twofactor.two_factor_disable(
                user=_user(request), code=form.cleaned_data["code"], ip_address=client_ip(request)
            )
        except services.LoginRefused as refusal:
            form.add_error("code", refusal.message)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("La double authentification est désactivée."))
            return redirect("accounts:security")
    return _security_page(request, form, 400)


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PasswordChangeForm(
        user, request.POST if request.method == "POST" else None, ip_address=client_ip(request)
    )
    if form.is_valid():
        services.password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            ip_address=client_ip(request),
        )
        update_session_auth_hash(request, user)  # this session stays, the others end
        messages.success(request, _("Votre mot de passe est changé."))
        return redirect("accounts:security")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.sessions_end_all(user=_user(request), ip_address=client_ip(request))
    auth_logout(request)
    messages.info(request, _("Vous êtes déconnecté de tous vos appareils."))
    return redirect("accounts:login")


@require_safe
def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin logs in through our login (and its second factor), never its own.
    A logged-in user lands here when the admin refused them: staff (superusers included) whose
    login passed no second factor log in again."""
    if is_staff_member(request.user):
        messages.info(
            request,
            _(
                "L'administration demande une connexion avec votre second facteur : "
                "reconnectez-vous."
            ),
        )
    return redirect_to_login(request.GET.get("next", "/admin/"))
