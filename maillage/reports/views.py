"""The territory page (its bilan, its editions and groups) and the edition page."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from maillage.editions.models import Group
from maillage.editions.permissions import (
    can_see_group,
    get_edition_for_user,
    get_territory_for_user,
    roles_of,
)
from maillage.editions.selectors import composition_problems, edition_timeline
from maillage.reports.selectors import groups_with_figures, territory_report


@login_required
@require_safe
def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_user(request.user, slug)
    roles = roles_of(request.user)
    is_staff = territory.pk in roles.staff.territory_ids
    report = territory_report(territory)
    groups = list(groups_with_figures(Group.objects.filter(edition__territory=territory)))
    problems = composition_problems(groups) if is_staff else {}
    by_edition = {
        edition_id: [(group, problems.get(group.pk, [])) for group in edition_groups]
        for edition_id, edition_groups in groupby(groups, key=lambda group: group.edition_id)
    }
    return render(
        request,
        "reports/territory.html",
        {
            "territory": territory,
            "report": report,
            "editions": [
                (figures, by_edition.get(figures.id, [])) for figures in reversed(report.editions)
            ],
            "is_staff": is_staff,
            # Members see the other groups' names and figures, but only open their own.
            "openable_group_ids": {group.pk for group in groups if can_see_group(roles, group)},
        },
    )


@login_required
@require_safe
def edition_detail(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, edition_id)
    roles = roles_of(request.user)
    is_staff = edition.territory_id in roles.staff.territory_ids
    today = timezone.localdate()
    groups = list(groups_with_figures(Group.objects.filter(edition=edition), today))
    problems = composition_problems(groups, today) if is_staff else {}
    return render(
        request,
        "reports/edition.html",
        {
            "edition": edition,
            "timeline": edition_timeline(edition, today),
            "groups": [(group, problems.get(group.pk, [])) for group in groups],
            "totals": {
                "leaders": sum(group.leader_count for group in groups),  # type: ignore[attr-defined]
                "facilitators": sum(group.facilitator_count for group in groups),  # type: ignore[attr-defined]
                "held": sum(group.held_count for group in groups),  # type: ignore[attr-defined]
            },
            "is_staff": is_staff,
            "openable_group_ids": {group.pk for group in groups if can_see_group(roles, group)},
        },
    )
