"""What the reports app adds to the home page and the navigation: editions, territories and
what needs a project manager's attention."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.core.prepared import prepared
from maillage.editions.permissions import roles_of
from maillage.reports.selectors import attention_for, network_territory_rows, open_editions
from maillage.territories.permissions import managed_territories


def navigation(request: HttpRequest) -> Iterator[NavItem]:
    """A project manager's territories, by name."""
    for territory in managed_territories(request.user):
        yield NavItem(territory.name, reverse("reports:territory", args=[territory.slug]), order=20)


TERRITORIES_PER_PAGE = 25  # a national network has a hundred: the home stays short


def home_sections(request: HttpRequest) -> Iterator[Section]:
    """Project manager: my editions, then what needs attention. Network admin: my territories.
    Members and alumni: a link to their certificates (no query: the roles are read already)."""
    roles = roles_of(request.user)
    if roles.person_id is not None and roles.group_ids:
        yield Section("reports/home_evidence.html", order=85)
    staff = roles.staff
    if staff.managed_territory_ids:
        attention = attention_for(staff.managed_territory_ids)
        yield Section("reports/home_attention.html", order=15, context={"attention": attention})
        yield Section(
            "reports/home_editions.html",
            order=10,
            context={"editions": open_editions(staff.managed_territory_ids)},
        )
    if staff.admin_network_ids:
        figures = prepared(network_territory_rows, *sorted(staff.admin_network_ids))
        page = Paginator(figures.value, TERRITORIES_PER_PAGE).get_page(request.GET.get("page"))
        yield Section(
            "reports/home_territories.html",
            order=40,
            context={
                "territories": page,
                "count": len(figures.value),
                "computed_at": figures.computed_at,
            },
        )


def admin_link(request: HttpRequest) -> Iterator[NavItem]:
    """Superusers, Django staff accounts, and staff (network admins, project managers: the
    roles are read already, no query)."""
    user = request.user
    if user.is_staff or user.is_superuser or roles_of(user).staff.is_staff:
        yield NavItem(_("Administration"), reverse("admin:index"), order=90)
