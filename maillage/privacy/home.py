"""What the privacy app adds to the home page: my data and consents; the trail for staff."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest

from maillage.core.home import Section
from maillage.editions.permissions import roles_of


def home_sections(request: HttpRequest) -> Iterator[Section]:
    """Last on the page, for every account (no query: the roles are read already): one
    without a role, or whose member has left their group, still holds data and its rights."""
    roles = roles_of(request.user)
    yield Section(
        "privacy/home_privacy.html",
        order=900,
        every_account=True,
        context={"is_staff": roles.staff.is_staff, "has_person": roles.person_id is not None},
    )
