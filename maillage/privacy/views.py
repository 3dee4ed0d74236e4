"""My data (read, download, consents, erasure), a group's charter, the territory's audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage.accounts.http import client_ip
from maillage.accounts.models import User
from maillage.core.personal_data import registrations
from maillage.editions.charter import (
    CHARTER_TEMPLATE,
    CHARTER_VERSION,
    charter_accept,
    has_accepted_charter,
    membership_to_accept,
)
from maillage.editions.permissions import get_group_for_user
from maillage.privacy import selectors, services
from maillage.privacy.forms import CharterForm, ConsentsForm, ErasureForm, TrailFilterForm
from maillage.privacy.permissions import get_trail_territory_for_user, trail_territories
from maillage.territories.models import Person

TRAIL_PAGE_SIZE = 50
TRAIL_INDEX_PAGE_SIZE = 25  # territories: a national network has a hundred


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def _person_of(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user=_user(request)).first()


# My data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    title: str
    columns: list[str]
    rows: list[list[str]]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _tables(document: dict[str, Any]) -> list[ExportTable]:
    """The export as tables, one per section, titled as each app names its sections."""
    titles = {
        key: str(title)
        for registration in registrations()
        for key, title in registration.titles.items()
    }
    tables = []
    for sections in document["data"].values():
        for key, rows in sections.items():
            columns = list(dict.fromkeys(column for row in rows for column in row))
            tables.append(
                ExportTable(
                    title=titles.get(key, key),
                    columns=columns,
                    rows=[[_cell(row.get(column)) for column in columns] for row in rows],
                )
            )
    return tables


@require_safe
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the logged-in person, readable."""
    document = services.personal_data_export(
        user=_user(request), by=request.user, ip_address=client_ip(request), channel="page"
    )
    return render(
        request,
        "privacy/my_data.html",
        {"tables": _tables(document), "has_person": document["subject"]["person_id"] is not None},
    )


@require_safe
@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    """The same, as a JSON file."""
    document = services.personal_data_export(
        user=_user(request), by=request.user, ip_address=client_ip(request), channel="json"
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"maillage-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consents(request: HttpRequest) -> HttpResponse:
    person = _person_of(request)
    if person is None:
        return render(request, "privacy/consents.html", {"person": None})
    if request.method == "POST":
        form = ConsentsForm(request.POST, person=person)
        if form.is_valid():
            events = services.consents_update(
                person=person,
                choices=form.cleaned_data,
                by=request.user,
                ip_address=client_ip(request),
            )
            if events:
                messages.success(request, _("Vos choix sont enregistrés."))
            else:
                messages.info(request, _("Vos choix n'ont pas changé."))
            return redirect("privacy:consents")
    else:
        form = ConsentsForm(person=person)
    return render(
        request,
        "privacy/consents.html",
        {"person": person, "form": form, "log": selectors.consent_log(person)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def erase(request: HttpRequest) -> HttpResponse:
    """Erase my personal data and close my account, after an explicit confirmation."""
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=_user(request), by=request.user, ip_address=client_ip(request))
        auth_logout(request)
        messages.success(
            request, _("Vos données personnelles ont été effacées et votre compte est fermé.")
        )
        return redirect("accounts:login")
    return render(request, "privacy/erase.html", {"form": form}, status=400 if form.errors else 200)


# The group's charter ---------------------------------------------------------------------------


def _next_url(request: HttpRequest, candidate: str, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def charter(request: HttpRequest, group_id: int) -> HttpResponse:
    """Read the group's confidentiality charter; a member accepts it (POST)."""
    group = get_group_for_user(request.user, group_id)
    membership = membership_to_accept(request.user, group)
    accepted = membership is not None and has_accepted_charter(request.user, group)
    form = CharterForm(
        request.POST if request.method == "POST" else None,
        initial={"next": request.GET.get("next", "")},
    )
    if request.method == "POST":
        if membership is None:
            raise PermissionDenied
        if form.is_valid():
            charter_accept(membership=membership, by=request.user, ip_address=client_ip(request))
            messages.success(request, _("Merci : votre engagement est enregistré."))
            fallback = reverse("meetings:group", args=[group.pk])
            return redirect(_next_url(request, form.cleaned_data["next"], fallback))
    return render(
        request,
        "privacy/charter.html",
        {
            "group": group,
            "form": form,
            "can_accept": membership is not None and not accepted,
            "accepted": accepted,
            "charter_template": CHARTER_TEMPLATE,
            "version": CHARTER_VERSION,
        },
        status=400 if form.errors else 200,
    )


# The audit trail -----------------------------------------------------------------------------


@require_safe
@login_required
def trail_index(request: HttpRequest) -> HttpResponse:
    """Staff: the territories whose trail they may read."""
    territories = trail_territories(request.user).order_by("name")
    page = Paginator(territories, TRAIL_INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404
    return render(request, "privacy/trail_index.html", {"page": page, "params": ""})


@require_safe
@login_required
def territory_trail(request: HttpRequest, slug: str) -> HttpResponse:
    """The audit trail of a territory, for its staff: newest first, filtered by action."""
    territory = get_trail_territory_for_user(request.user, slug)
    form = TrailFilterForm(request.GET or None, actions=selectors.trail_actions(territory.pk))
    action = form.cleaned_data["action"] if form.is_bound and form.is_valid() else ""
    entries = selectors.territory_trail(territory.pk, action)
    page = Paginator(entries, TRAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "privacy/trail.html",
        {
            "territory": territory,
            "form": form,
            "page": page,
            "action": action,
            "params": params.urlencode(),
        },
    )
