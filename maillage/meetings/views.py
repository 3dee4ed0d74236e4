"""The group page: who is in it, and its meetings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from maillage.editions.models import Membership
from maillage.editions.permissions import get_group_for_user, roles_of
from maillage.editions.selectors import edition_timeline
from maillage.meetings.selectors import group_meetings


@login_required
@require_safe
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    roles = roles_of(request.user)
    today = timezone.localdate()
    memberships = list(
        group.memberships.select_related(
            "person__company__activity", "person__company__commune"
        ).order_by("person__last_name", "person__first_name")
    )
    current = [m for m in memberships if m.left_on is None or m.left_on > today]
    return render(
        request,
        "meetings/group.html",
        {
            "group": group,
            "edition": group.edition,
            "timeline": edition_timeline(group.edition, today),
            "leaders": [m for m in current if m.role == Membership.Role.LEADER],
            "facilitators": [m for m in current if m.role == Membership.Role.FACILITATOR],
            "former": [m for m in memberships if m not in current],
            "meetings": group_meetings(group),
            "show_contacts": group.pk in roles.group_ids
            or group.edition.territory_id in roles.staff.territory_ids,
            "is_staff": group.edition.territory_id in roles.staff.territory_ids,
        },
    )
