"""Login (password or emailed link) and logout pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.accounts import selectors, services
from maillage.accounts.forms import MagicLinkRequestForm, PasswordLoginForm
from maillage.accounts.http import client_ip

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _redirect_target(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _login_page(
    request: HttpRequest,
    password_form: PasswordLoginForm,
    link_form: MagicLinkRequestForm,
) -> HttpResponse:
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
        else:
            auth_login(request, user)  # rotates the session key
            return redirect(_redirect_target(request, form.cleaned_data["next"]))
    return _login_page(request, form, MagicLinkRequestForm())


@require_POST
def magic_link_request(request: HttpRequest) -> HttpResponse:
    form = MagicLinkRequestForm(request.POST)
    if not form.is_valid():
        return _login_page(request, PasswordLoginForm(), form)
    services.magic_link_request(email=form.cleaned_data["email"], ip_address=client_ip(request))
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
    auth_login(request, user, backend=MODEL_BACKEND)  # rotates the session key
    return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.logout_record(user=request.user, ip_address=client_ip(request))
    auth_logout(request)
    messages.info(request, _("Vous êtes déconnecté."))
    return redirect("accounts:login")
