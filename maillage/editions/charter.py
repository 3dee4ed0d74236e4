"""The group's confidentiality charter: what is said in the group stays in the group.

A member accepts it, in its current version, before reading the group's content. Views and
endpoints of group content (minutes, ideas, challenges) call, after fetching the group::

    group = get_group_for_user(request.user, group_id, content=True)
    require_charter(request.user, group)

`require_charter` raises `CharterRequired` (a PermissionDenied): pages are redirected to the
acceptance page (privacy.middleware), the API answers 403 `{"detail": "charter_required"}`.
Changing the text of the charter means raising CHARTER_VERSION: everyone accepts again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.models import CharterAcceptance, Group, Membership
from maillage.editions.permissions import roles_of

CHARTER_VERSION = "1"
CHARTER_TEMPLATE = "editions/charter_text.html"


class CharterRequired(PermissionDenied):
    """The user is a member of the group who has not accepted the current charter."""

    code = "charter_required"

    def __init__(self, group: Group) -> None:
        super().__init__(self.code)
        self.group = group


_ACCEPTED_ATTRIBUTE = "_maillage_charters_accepted"


def has_accepted_charter(user: Any, group: Group, version: str | None = None) -> bool:
    """One query: the user's membership of the group has an acceptance of `version` (by
    default the current one)."""
    if user is None or not user.is_authenticated:
        return False
    version = version or CHARTER_VERSION
    # An acceptance found is kept on the user object for the request (a page may ask twice);
    # a missing one is asked again, since the request may be the one that accepts.
    accepted: set[tuple[int, str]] | None = getattr(user, _ACCEPTED_ATTRIBUTE, None)
    if accepted is None:
        accepted = set()
        setattr(user, _ACCEPTED_ATTRIBUTE, accepted)
    if (group.pk, version) in accepted:
        return True
    found = CharterAcceptance.objects.filter(
        membership__group=group, membership__person__user=user, version=version
    ).exists()
    if found:
        accepted.add((group.pk, version))
    return found


def require_charter(user: Any, group: Group) -> None:
    """Refuse the group's content to a member who has not accepted the current charter.

    Only members are concerned: who else may read what is the fetch-and-authorise helper's
    business (`get_group_for_user(..., content=True)`), called before this.
    """
    if group.pk not in roles_of(user).group_ids:
        return
    if not has_accepted_charter(user, group):
        raise CharterRequired(group)


def charter_accept(
    *, membership: Membership, by: Any, ip_address: str | None = None
) -> CharterAcceptance:
    """Record that the member accepts the current charter (accepting twice changes nothing).

    Only the member themself accepts: the charter is their commitment.
    """
    if membership.person.user_id is None or by is None or membership.person.user_id != by.pk:
        raise PermissionDenied
    today = timezone.localdate()
    if membership.left_on is not None and membership.left_on <= today:
        raise ValidationError(_("Vous avez quitté ce groupe."), code="left")
    existing = CharterAcceptance.objects.filter(
        membership=membership, version=CHARTER_VERSION
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acceptance = CharterAcceptance.objects.create(
                membership=membership, version=CHARTER_VERSION
            )
            audit(
                by,
                "editions.charter.accepted",
                obj=acceptance,
                territory_id=membership.group.edition.territory_id,
                ip_address=ip_address,
                version=CHARTER_VERSION,
            )
    except IntegrityError:  # accepted at the same time in another tab
        return CharterAcceptance.objects.get(membership=membership, version=CHARTER_VERSION)
    return acceptance


def membership_to_accept(user: Any, group: Group) -> Membership | None:
    """The user's current membership of the group (the one that accepts), if any."""
    if user is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    return (
        Membership.objects.select_related("person", "group__edition")
        .filter(group=group, person__user=user)
        .exclude(left_on__lte=today)
        .first()
    )
