"""What the surveys app adds to the home page: a member's questionnaires waiting for them."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest

from maillage.core.home import Section
from maillage.editions.permissions import roles_of
from maillage.surveys.selectors import pending_invitations


def home_sections(request: HttpRequest) -> Iterator[Section]:
    person_id = roles_of(request.user).person_id
    if person_id is None:
        return
    pending = pending_invitations(person_id)
    if pending:
        yield Section("surveys/home_pending.html", order=12, context={"pending": pending})
