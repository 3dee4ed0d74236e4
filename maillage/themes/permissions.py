"""Who may see and change themes, wishes, ballots and ratings. Fetch and authorise in one call.

- The catalogue of a network: anyone of the network (staff, members, alumni); others 404.
  Curating it (add, edit, retire, accept or decline proposals): the network's admins and the
  project managers of its territories.
- A proposal: the proposing group, and the curators.
- Wishes, ballots, votes, the group's programme: group content. The group's members and
  facilitators (alumni may read); staff of the territory 403, others 404. Voting and wishing:
  current members (not alumni); opening, closing and laying out ballots: the facilitators.
- A meeting's rating: the meeting's group (staff 403, others 404); giving one: who attended.

Like the meetings' content, the group's themes are read once the member accepted the group's
confidentiality charter (`editions.charter`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from maillage.editions.charter import require_charter
from maillage.editions.models import Group
from maillage.editions.permissions import Roles, get_group_for_user, roles_of
from maillage.meetings.models import Attendance, Meeting
from maillage.meetings.permissions import Need, get_meeting_for_user
from maillage.territories.models import Network, Person, Territory
from maillage.themes.models import Ballot, Theme

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)

_CURATED_ATTRIBUTE = "_maillage_curated_networks"


def curated_network_ids(user: Any) -> frozenset[int]:
    """Networks whose catalogue the user curates: their admins, and the project managers of
    one of their territories (cached on the user for the request)."""
    cached: frozenset[int] | None = getattr(user, _CURATED_ATTRIBUTE, None)
    if cached is not None:
        return cached
    staff = roles_of(user).staff
    ids = set(staff.admin_network_ids)
    if staff.managed_territory_ids:
        ids |= set(
            Territory.objects.filter(pk__in=staff.managed_territory_ids).values_list(
                "network_id", flat=True
            )
        )
    result = frozenset(ids)
    if user is not None:
        setattr(user, _CURATED_ATTRIBUTE, result)
    return result


def network_ids(user: Any) -> frozenset[int]:
    """Networks the user belongs to in any role: staff, members, alumni."""
    return roles_of(user).network_ids | curated_network_ids(user)


def can_curate(user: Any, network_id: int) -> bool:
    return network_id in curated_network_ids(user)


def visible_themes(user: Any) -> QuerySet[Theme]:
    """Catalogue themes (active or retired) of the user's networks, the proposals of their
    groups, and, for curators, every proposal of their networks."""
    roles = roles_of(user)
    condition = Q(network_id__in=network_ids(user)) & Q(
        status__in=[Theme.Status.ACTIVE, Theme.Status.RETIRED]
    )
    if roles.group_ids:
        condition |= Q(proposed_in_id__in=roles.group_ids)
    curated = curated_network_ids(user)
    if curated:
        condition |= Q(network_id__in=curated)
    return Theme.objects.filter(condition)


def get_theme_for_user(user: Any, theme_id: int, *, curate: bool = False) -> Theme:
    """A theme the user may see (else 404); with `curate=True`, one they curate (else 403)."""
    theme = (
        visible_themes(user).select_related("network", "proposed_in").filter(pk=theme_id).first()
    )
    if theme is None:
        raise Http404
    if curate and not can_curate(user, theme.network_id):
        raise PermissionDenied
    return theme


def get_network_for_curator(user: Any, network_id: int) -> Network:
    network = Network.objects.filter(pk=network_id).first()
    if network is None or network.pk not in network_ids(user):
        raise Http404
    if not can_curate(user, network.pk):
        raise PermissionDenied
    return network


# Group content ----------------------------------------------------------------------------------


def is_current_member(roles: Roles, group_id: int) -> bool:
    return group_id in roles.group_ids and group_id not in roles.alumni_group_ids


def is_facilitator(roles: Roles, group_id: int) -> bool:
    return group_id in roles.facilitated_group_ids and group_id not in roles.alumni_group_ids


def get_programme_group_for_user(user: Any, group_id: int, *, facilitate: bool = False) -> Group:
    """The group, for its themes programme (group content: staff 403, others 404); with
    `facilitate=True`, for its current facilitators only (members 403). Members read it once
    they accepted the group's charter (`CharterRequired` otherwise)."""
    group = get_group_for_user(user, group_id, content=True)
    if facilitate and not is_facilitator(roles_of(user), group.pk):
        raise PermissionDenied
    require_charter(user, group)
    return group


def get_ballot_for_user(user: Any, ballot_id: int, *, facilitate: bool = False) -> Ballot:
    """A ballot of one of the user's groups (staff of the territory 403, others 404)."""
    ballot = Ballot.objects.select_related("group__edition__territory").filter(pk=ballot_id).first()
    if ballot is None:
        raise Http404
    get_programme_group_for_user(user, ballot.group_id, facilitate=facilitate)
    return ballot


def person_of(roles: Roles) -> Person:
    """The user's own Person (a member without one may not vote, wish or rate: 403)."""
    if roles.person_id is None:
        raise PermissionDenied
    return Person.objects.get(pk=roles.person_id)


def can_vote(roles: Roles, ballot: Ballot) -> bool:
    """Current members and facilitators of the group vote (alumni no longer do)."""
    return roles.person_id is not None and is_current_member(roles, ballot.group_id)


# Ratings ---------------------------------------------------------------------------------------


def get_rated_meeting_for_user(user: Any, meeting_id: int) -> Meeting:
    """A group meeting, for its ratings: the group only (staff 403, others 404)."""
    meeting = get_meeting_for_user(user, meeting_id, Need.CONTENT)
    if meeting.group_id is None:
        raise Http404
    return meeting


def attended(person_id: int | None, meeting: Meeting) -> bool:
    return (
        person_id is not None
        and Attendance.objects.filter(
            meeting=meeting, person_id=person_id, status__in=ATTENDED
        ).exists()
    )


def can_rate(roles: Roles, meeting: Meeting) -> bool:
    """Who attended a held meeting of their group rates it."""
    return (
        meeting.group_id is not None
        and meeting.group_id in roles.group_ids
        and meeting.status == Meeting.Status.HELD
        and attended(roles.person_id, meeting)
    )
