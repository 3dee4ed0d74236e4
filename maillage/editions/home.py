"""What the editions app adds to the home page and the navigation: the directory."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.editions import selectors
from maillage.editions.permissions import roles_of


def _has_directory(request: HttpRequest) -> bool:
    roles = roles_of(request.user)
    return roles.is_member or roles.staff.is_staff


def navigation(request: HttpRequest) -> Iterator[NavItem]:
    if _has_directory(request):
        yield NavItem(_("Annuaire"), reverse("editions:directory"), order=50)


def home_sections(request: HttpRequest) -> Iterator[Section]:
    roles = roles_of(request.user)
    if roles.is_member:
        yield Section("editions/home_directory.html", order=60)
    elif roles.person_id is not None and not roles.staff.is_staff:
        left = selectors.last_membership_left(roles.person_id)
        if left is not None:
            yield Section("editions/home_left.html", order=5, context={"membership": left})
