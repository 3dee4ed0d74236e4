"""Who may recruit and form groups: staff of the territory (its project managers, its network's
admins). Fetch and authorise in one call: outside the territory 404, inside it without a staff
role (its members and alumni) 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from maillage.editions.models import Edition
from maillage.editions.permissions import get_edition_for_user, get_territory_for_user, roles_of
from maillage.editions.recruitment.models import Application, FormationRun
from maillage.territories.models import Territory


def is_staff_of(user: Any, territory_id: int) -> bool:
    return territory_id in roles_of(user).staff.territory_ids


def get_edition_for_recruiting(user: Any, edition_id: int) -> Edition:
    edition = get_edition_for_user(user, edition_id)
    if not is_staff_of(user, edition.territory_id):
        raise PermissionDenied
    return edition


def get_territory_for_recruiting(user: Any, slug: str) -> Territory:
    territory = get_territory_for_user(user, slug)
    if not is_staff_of(user, territory.pk):
        raise PermissionDenied
    return territory


def get_application_for_staff(user: Any, application_id: int) -> Application:
    application = (
        Application.objects.select_related(
            "edition__territory", "activity", "commune", "person", "decided_by"
        )
        .filter(pk=application_id)
        .first()
    )
    roles = roles_of(user)
    if application is None or application.edition.territory_id not in roles.territory_ids:
        raise Http404
    if application.edition.territory_id not in roles.staff.territory_ids:
        raise PermissionDenied
    return application


def get_run_for_staff(user: Any, run_id: int) -> FormationRun:
    run = FormationRun.objects.select_related("edition__territory").filter(pk=run_id).first()
    roles = roles_of(user)
    if run is None or run.edition.territory_id not in roles.territory_ids:
        raise Http404
    if run.edition.territory_id not in roles.staff.territory_ids:
        raise PermissionDenied
    return run
