"""Sending invitations (staff of the territory) and accepting them (the invitee)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from maillage.accounts.http import client_ip
from maillage.accounts.models import User
from maillage.accounts.views import complete_first_factor
from maillage.editions.invitations import services
from maillage.editions.invitations.forms import InvitationAcceptForm, InvitationSendForm
from maillage.editions.models import Invitation
from maillage.editions.permissions import get_group_for_inviting, get_territory_for_inviting


def _send_page(
    request: HttpRequest, form: InvitationSendForm, title: str, status: int = 200
) -> HttpResponse:
    return render(
        request, "editions/invitations/send.html", {"form": form, "title": title}, status=status
    )


def _send(request: HttpRequest, form: InvitationSendForm, **target: object) -> bool:
    try:
        services.invitation_send(
            by=request.user,
            role=form.cleaned_data["role"],
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            language=form.cleaned_data["language"],
            ip_address=client_ip(request),
            **target,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        _("Invitation envoyée à %(email)s, valable 14 jours.")
        % {"email": form.cleaned_data["email"]},
    )
    return True


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite_to_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_inviting(request.user, group_id)
    roles = [Invitation.Role.LEADER.value, Invitation.Role.FACILITATOR.value]
    form = InvitationSendForm(request.POST if request.method == "POST" else None, roles=roles)
    title = _("Inviter dans le groupe %(group)s") % {"group": group.name}
    if form.is_valid() and _send(request, form, territory=group.edition.territory, group=group):
        return redirect("editions:invite_to_group", group_id=group.pk)
    return _send_page(request, form, title, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite_project_manager(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_inviting(request.user, slug)
    roles = [Invitation.Role.PROJECT_MANAGER.value]
    form = InvitationSendForm(request.POST if request.method == "POST" else None, roles=roles)
    title = _("Inviter un chef de projet en %(territory)s") % {"territory": territory.name}
    if form.is_valid() and _send(request, form, territory=territory):
        return redirect("editions:invite_project_manager", slug=territory.slug)
    return _send_page(request, form, title, status=400 if form.is_bound else 200)


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation (mail scanners may open it: it changes nothing); the POST of
    its form accepts it and logs in (with the second factor when the role needs one)."""
    invitation = services.invitation_for_token(token)
    status = services.invitation_status(invitation)
    if invitation is None or status != "valid":
        error = services.InvitationRefused(status).message
        return render(request, "editions/invitations/accept.html", {"error": error})
    current = request.user if isinstance(request.user, User) else None
    account = current or services.existing_account(invitation)
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None, invitation=invitation
    )
    if request.method == "POST" and (account is not None or form.is_valid()):
        try:
            user = services.invitation_accept(
                token=token,
                user=current,
                password=form.cleaned_data.get("password1", "") if account is None else "",
                ip_address=client_ip(request),
            )
        except services.InvitationRefused as refusal:
            form.add_error(None, refusal.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if current is not None and invitation.role in services.GROUP_ROLES:
                messages.success(request, _("Bienvenue : votre nouveau rôle est actif."))
                return redirect("home")
            # A new member logs in; new staff log in again, with their second factor.
            auth_logout(request)
            return complete_first_factor(request, user, method="invitation")
    context = {
        "invitation": invitation,
        "place": services.place(invitation),
        "form": form,
        "new_account": account is None,
    }
    return render(
        request,
        "editions/invitations/accept.html",
        context,
        status=400 if form.errors else 200,
    )
