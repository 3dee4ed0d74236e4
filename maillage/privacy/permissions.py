"""Who may see the audit trail, and who may export or erase someone's personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from maillage.core.personal_data import Subject
from maillage.editions.models import Membership
from maillage.territories.models import Territory
from maillage.territories.permissions import staff_scope


def trail_territories(user: Any) -> QuerySet[Territory]:
    """The territories whose audit trail the user may read: staff only (project managers of
    the territory, network admins of its network)."""
    return Territory.objects.filter(staff_scope(user).territories())


def get_trail_territory_for_user(user: Any, slug: str) -> Territory:
    """A territory, for its audit trail. Anyone but its staff gets 404 (members included)."""
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None or territory.pk not in staff_scope(user).territory_ids:
        raise Http404
    return territory


def check_personal_data_right(by: Any, subject: Subject) -> None:
    """Export or erase the subject's data: the person themself, a superuser, or an admin of a
    network the person took part in (answering a request made by letter). Others: refused."""
    if by is None or not by.is_authenticated or not by.is_active:
        raise PermissionDenied
    if subject.user_id is not None and by.pk == subject.user_id:
        return
    if by.is_superuser:
        return
    networks = staff_scope(by).admin_network_ids
    if (
        networks
        and subject.person_id is not None
        and Membership.objects.filter(
            person_id=subject.person_id, group__edition__territory__network_id__in=networks
        ).exists()
    ):
        return
    raise PermissionDenied
