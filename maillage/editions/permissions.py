"""Who may see what, read from memberships (editions) and staff assignments (territories).

Fetch and authorise in one call, at the top of every view and endpoint. Existence does not leak:
an object of a group or territory the user does not belong to answers 404; inside it, without
the right, 403.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from maillage.core.roles import cached_roles
from maillage.editions.models import Edition, Group, Membership
from maillage.territories.models import Company, Person, Territory
from maillage.territories.permissions import StaffScope, staff_scope

_CACHE_ATTRIBUTE = "_maillage_roles"


@dataclass(frozen=True)
class Roles:
    """Everything the permission checks need about one user, read in a few queries."""

    user_id: int | None
    person_id: int | None
    staff: StaffScope
    # Groups the user belongs to (not left): current members and alumni alike.
    group_ids: frozenset[int]
    facilitated_group_ids: frozenset[int]
    alumni_group_ids: frozenset[int]
    member_territory_ids: frozenset[int]
    member_network_ids: frozenset[int]

    @property
    def is_member(self) -> bool:
        return bool(self.group_ids)

    @property
    def territory_ids(self) -> frozenset[int]:
        """Territories the user belongs to in any role."""
        return self.staff.territory_ids | self.member_territory_ids

    @property
    def network_ids(self) -> frozenset[int]:
        return self.staff.admin_network_ids | self.member_network_ids


@dataclass(frozen=True)
class _MemberRows:
    person_id: int | None
    # (group, role, edition closing date, territory, network, left on), left ones included:
    # dates are applied when read, so a copy kept in the cache stays true as days pass.
    memberships: tuple[tuple[int, str, datetime.date, int, int, datetime.date | None], ...]


def _read_member_rows(user: Any) -> _MemberRows:
    memberships = (
        Membership.objects.filter(person__user=user)
        .order_by()  # the model's ordering would join and sort for nothing
        .values_list(
            "group_id",
            "role",
            "group__edition__closing_date",
            "group__edition__territory_id",
            "group__edition__territory__network_id",
            "left_on",
        )
    )
    return _MemberRows(
        person_id=Person.objects.filter(user=user).order_by().values_list("id", flat=True).first(),
        memberships=tuple(memberships),
    )


def roles_of(user: Any, today: datetime.date | None = None) -> Roles:
    """The user's roles, kept on the user object for the request, and in the cache between
    requests (`core.roles.cached_roles`)."""
    cached: Roles | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None and today is None:
        return cached
    today = today or timezone.localdate()
    staff = staff_scope(user)
    person_id: int | None = None
    current: list[tuple[int, str, datetime.date, int, int, datetime.date | None]] = []
    if user is not None and user.is_authenticated and user.is_active:
        rows = cached_roles("members", user, lambda: _read_member_rows(user))
        person_id = rows.person_id
        current = [row for row in rows.memberships if row[5] is None or row[5] > today]
    roles = Roles(
        user_id=user.pk if user is not None and user.is_authenticated else None,
        person_id=person_id,
        staff=staff,
        group_ids=frozenset(row[0] for row in current),
        facilitated_group_ids=frozenset(
            row[0] for row in current if row[1] == Membership.Role.FACILITATOR
        ),
        alumni_group_ids=frozenset(row[0] for row in current if row[2] <= today),
        member_territory_ids=frozenset(row[3] for row in current),
        member_network_ids=frozenset(row[4] for row in current),
    )
    if user is not None:
        setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


# Territories ---------------------------------------------------------------------------------


def visible_territories(user: Any) -> QuerySet[Territory]:
    roles = roles_of(user)
    return Territory.objects.filter(
        roles.staff.territories() | Q(pk__in=roles.member_territory_ids)
    )


def get_territory_for_user(user: Any, slug: str) -> Territory:
    """Staff of the territory (or its network) and its members and alumni; others get 404."""
    territory = Territory.objects.select_related("network").filter(slug=slug).first()
    if territory is None or territory.pk not in roles_of(user).territory_ids:
        raise Http404
    return territory


def can_read_territory_report(user: Any, territory: Territory) -> bool:
    return territory.pk in roles_of(user).territory_ids


# Editions ------------------------------------------------------------------------------------


def get_edition_for_user(user: Any, edition_id: int) -> Edition:
    edition = Edition.objects.select_related("territory__network").filter(pk=edition_id).first()
    if edition is None or edition.territory_id not in roles_of(user).territory_ids:
        raise Http404
    return edition


# Groups --------------------------------------------------------------------------------------


def can_see_group(roles: Roles, group: Group) -> bool:
    """Group metadata (its members, its meetings' dates): the group, and staff of its territory."""
    return group.pk in roles.group_ids or group.edition.territory_id in roles.staff.territory_ids


def get_group_for_user(user: Any, group_id: int, *, content: bool = False) -> Group:
    """A group, for its metadata; with `content=True`, for its confidential content.

    Confidential content (minutes, ideas, challenges) is for the group's members and
    facilitators only: staff of the territory get 403, everyone else 404.
    """
    group = Group.objects.select_related("edition__territory").filter(pk=group_id).first()
    roles = roles_of(user)
    if group is None or not can_see_group(roles, group):
        raise Http404
    if content and group.pk not in roles.group_ids:
        raise PermissionDenied
    return group


# People --------------------------------------------------------------------------------------


def visible_people(user: Any, *, as_member: bool = False) -> QuerySet[Person]:
    """The people a user may see in the directory and on person pages.

    Themselves; the members of their own groups; staff: everyone in their territories; members
    and alumni: people of their network who agreed to appear beyond their group. With
    `as_member`, what the user sees as a member only, leaving out what they see as staff (a
    project manager who is also an alumnus).
    """
    roles = roles_of(user)
    memberships = Membership.objects.filter(person=OuterRef("pk"))
    condition: Any = Q(pk=roles.person_id) if roles.person_id else Q(pk__in=[])
    if roles.group_ids:
        condition |= Exists(memberships.filter(group_id__in=roles.group_ids))
    if roles.staff.territory_ids and not as_member:
        condition |= Exists(
            memberships.filter(group__edition__territory_id__in=roles.staff.territory_ids)
        )
    if roles.member_network_ids:
        condition |= Q(directory_consent=True) & Exists(
            memberships.filter(group__edition__territory__network_id__in=roles.member_network_ids)
        )
    return Person.objects.filter(condition)


def get_person_for_user(user: Any, person_id: int) -> Person:
    person = (
        visible_people(user)
        .select_related("company__activity", "company__commune")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def get_company_for_user(user: Any, company_id: int) -> Company:
    """A company is visible when at least one of its people is."""
    company = (
        Company.objects.select_related("activity", "commune")
        .filter(pk=company_id, people__in=visible_people(user))
        .distinct()
        .first()
    )
    if company is None:
        raise Http404
    return company


def can_edit_company(user: Any, company: Company) -> bool:
    """A company's page (its logo) is kept by its own people and by the staff of a territory
    where one of its people takes part."""
    roles = roles_of(user)
    if roles.person_id is not None and company.people.filter(pk=roles.person_id).exists():
        return True
    return bool(roles.staff.territory_ids) and (
        Membership.objects.filter(
            person__company=company, group__edition__territory_id__in=roles.staff.territory_ids
        ).exists()
    )


def get_company_for_editing(user: Any, company_id: int) -> Company:
    """A company one may see (else 404) and edit (else 403)."""
    company = get_company_for_user(user, company_id)
    if not can_edit_company(user, company):
        raise PermissionDenied
    return company


# Invitations ---------------------------------------------------------------------------------


def get_group_for_inviting(user: Any, group_id: int) -> Group:
    """A group to invite leaders or facilitators into: staff of its territory only (its members
    get 403, everyone else 404)."""
    group = get_group_for_user(user, group_id)
    if group.edition.territory_id not in roles_of(user).staff.territory_ids:
        raise PermissionDenied
    return group


def get_territory_for_inviting(user: Any, slug: str) -> Territory:
    """A territory to invite project managers into: its staff only (members get 403)."""
    territory = get_territory_for_user(user, slug)
    if territory.pk not in roles_of(user).staff.territory_ids:
        raise PermissionDenied
    return territory
