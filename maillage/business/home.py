"""What the business app adds to the navigation, the home page and a meeting's page.

- Navigation: "Échanges" for members and alumni.
- Home: my open ideas, my referrals under way and the contacts I am asked to confirm; for a
  project manager, the network pages of their territories.
- A group meeting's page: the follow-up of the group's open ideas (the group only; staff see
  how many there are, never what they say).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from maillage.business import selectors, services
from maillage.core.home import Section
from maillage.core.navigation import NavItem
from maillage.editions.charter import has_accepted_charter
from maillage.editions.permissions import roles_of
from maillage.territories.permissions import managed_territories


def navigation(request: HttpRequest) -> Iterator[NavItem]:
    if roles_of(request.user).is_member:
        yield NavItem(pgettext("navigation", "Échanges"), reverse("business:exchanges"), order=40)


def home_sections(request: HttpRequest) -> Iterator[Section]:
    roles = roles_of(request.user)
    # The territories a project manager runs (one or two). A network admin's hundred would make
    # a list as long as the network: each territory's page links to its network instead.
    territories = managed_territories(request.user)
    if territories:
        yield Section("business/home_staff.html", order=45, context={"territories": territories})
    if not roles.is_member or roles.person_id is None:
        return
    ideas = list(selectors.my_open_ideas(roles.person_id)[:10])
    referrals = list(selectors.open_referrals(roles.person_id)[:10])
    to_confirm = selectors.contacts_to_confirm(roles.person_id).count()
    yield Section(
        "business/home_exchanges.html",
        order=25,
        context={
            "ideas": ideas,
            "referrals": referrals,
            "to_confirm": to_confirm,
            "person_id": roles.person_id,
        },
    )


def meeting_sections(request: HttpRequest, meeting: Any) -> Iterator[Section]:
    """The follow-up of ideas on a group meeting's page."""
    if meeting.group_id is None:
        return
    roles = roles_of(request.user)
    if meeting.group_id in roles.group_ids:
        if not has_accepted_charter(request.user, meeting.group):
            return
        yield Section(
            "business/meeting_ideas.html",
            order=50,
            context={
                "meeting": meeting,
                "ideas": selectors.follow_up_ideas(meeting),
                "person_id": roles.person_id,
                "facilitator": meeting.group_id in roles.facilitated_group_ids,
                "can_note": services.ideas_may_come_from(meeting),
            },
        )
    elif meeting.edition.territory_id in roles.staff.territory_ids:
        yield Section(
            "business/meeting_ideas_count.html",
            order=50,
            context={"count": len(selectors.follow_up_ideas(meeting))},
        )
