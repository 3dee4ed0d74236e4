"""What the meetings app adds to the home page and the navigation: my group, its next meeting."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext, pgettext

from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.editions.models import Group
from maillage.editions.permissions import roles_of
from maillage.editions.selectors import with_member_counts
from maillage.meetings.selectors import next_meetings


def navigation(request: HttpRequest) -> Iterator[NavItem]:
    roles = roles_of(request.user)
    current = sorted(roles.group_ids - roles.alumni_group_ids)
    if len(current) == 1:
        yield NavItem(
            pgettext("navigation", "Mon groupe"),
            reverse("meetings:group", args=[current[0]]),
            order=10,
        )
    elif current:
        # Rare (a facilitator of two groups): name them, one small query.
        for group_id, name in Group.objects.filter(pk__in=current).values_list("pk", "name"):
            yield NavItem(name, reverse("meetings:group", args=[group_id]), order=10)
    elif roles.alumni_group_ids:
        group_id = min(roles.alumni_group_ids)
        yield NavItem(
            pgettext("navigation", "Mon ancien groupe"),
            reverse("meetings:group", args=[group_id]),
            order=10,
        )


def home_sections(request: HttpRequest) -> Iterator[Section]:
    """Facilitator: prepare the next meeting. Leader: the next meeting. Both: my group."""
    roles = roles_of(request.user)
    if not roles.group_ids:
        return
    current = roles.group_ids - roles.alumni_group_ids
    groups = list(
        with_member_counts(
            Group.objects.filter(pk__in=roles.group_ids).select_related("edition__territory")
        ).order_by("-edition__opening_date", "name")
    )
    upcoming = next_meetings(current)
    facilitated = [g for g in groups if g.pk in roles.facilitated_group_ids and g.pk in current]
    led = [g for g in groups if g.pk in current and g.pk not in roles.facilitated_group_ids]
    if facilitated:
        yield Section(
            "meetings/home_prepare.html",
            order=5,
            context={"entries": [(group, upcoming.get(group.pk)) for group in facilitated]},
        )
    if led:
        yield Section(
            "meetings/home_next_meeting.html",
            order=10,
            context={"entries": [(group, upcoming.get(group.pk)) for group in led]},
        )
    current_groups = [g for g in groups if g.pk in current]
    if current_groups:
        yield Section(
            "meetings/home_groups.html",
            order=20,
            context={
                "groups": current_groups,
                "title": ngettext("Mon groupe", "Mes groupes", len(current_groups)),
            },
        )
    former = [g for g in groups if g.pk in roles.alumni_group_ids]
    if former:
        yield Section(
            "meetings/home_groups.html",
            order=30,
            context={
                "groups": former,
                "title": ngettext("Mon ancien groupe", "Mes anciens groupes", len(former)),
            },
        )
