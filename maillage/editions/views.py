"""The directory, a person's page and a company's page (with its logo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage.accounts.http import client_ip
from maillage.core.uploads import Kind, file_response
from maillage.editions.directory import answers_from_entries, people_of_page, search
from maillage.editions.forms import CompanyLogoForm, DirectorySearchForm
from maillage.editions.permissions import (
    can_edit_company,
    can_see_group,
    get_company_for_editing,
    get_company_for_user,
    get_person_for_user,
    roles_of,
    visible_people,
)
from maillage.editions.selectors import (
    DirectoryQuery,
    directory_people,
    memberships_for_display,
    shows_contact_details,
)
from maillage.territories.services import company_logo_remove, company_logo_set


@login_required
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Search the people one may see: by name or company, sector, commune, edition, role."""
    form = DirectorySearchForm(request.GET or None, user=request.user)
    query = form.to_query() if form.is_bound else DirectoryQuery()
    if answers_from_entries(query):  # the network's people, prepared (see editions.directory)
        found = search(request.user, query)
        entries = Paginator(found, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        people = people_of_page(request.user, [entry.id for entry in entries])
        page: Page[Any] = entries
    else:
        listed = directory_people(request.user, query)
        page = Paginator(listed, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        people = list(page)
    roles = roles_of(request.user)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "editions/directory.html",
        {
            "form": form,
            "page": page,
            "rows": [(person, shows_contact_details(roles, person)) for person in people],
            "searched": query != DirectoryQuery(),
            "params": params.urlencode(),
        },
    )


@login_required
@require_safe
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    prefetch_related_objects([person], memberships_for_display())
    roles = roles_of(request.user)
    return render(
        request,
        "editions/person.html",
        {
            "person": person,
            "show_contact": shows_contact_details(roles, person),
            "memberships": [
                (membership, can_see_group(roles, membership.group))
                for membership in person.memberships.all()
            ],
        },
    )


@login_required
@require_safe
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = get_company_for_user(request.user, company_id)
    people = (
        visible_people(request.user)
        .filter(company=company)
        .prefetch_related(memberships_for_display())
        .order_by("last_name", "first_name")
    )
    page = Paginator(people, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "editions/company.html",
        {"company": company, "page": page, "can_edit": can_edit_company(request.user, company)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    """The company's logo, kept by its own people and the staff of its territories."""
    company = get_company_for_editing(request.user, company_id)
    form = CompanyLogoForm()
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            company_logo_remove(company=company, by=request.user, ip_address=client_ip(request))
            messages.success(request, _("Logo retiré."))
            return redirect("editions:company", company.pk)
        form = CompanyLogoForm(request.POST, request.FILES)
        if form.is_valid():
            company_logo_set(
                company=company,
                upload=form.cleaned_data["logo"],
                by=request.user,
                ip_address=client_ip(request),
            )
            messages.success(request, _("Logo enregistré."))
            return redirect("editions:company", company.pk)
    return render(request, "editions/company_edit.html", {"company": company, "form": form})


@login_required
@require_safe
def company_logo(request: HttpRequest, company_id: int) -> HttpResponseBase:
    """The logo, for whoever may see the company (never through a public media URL)."""
    company = get_company_for_user(request.user, company_id)
    if not company.logo:
        raise Http404
    return file_response(company.logo, Kind.LOGO, title=company.name, attachment=False)
