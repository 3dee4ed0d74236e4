"""What themes add to a meeting (registered in `core.agenda` by the app's `ready()`): the titles
of its themes, and on its page the after-meeting pulse for its group."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.http import HttpRequest

from maillage.core.home import Section
from maillage.editions.permissions import roles_of
from maillage.themes.models import MeetingRating, MeetingTheme
from maillage.themes.permissions import can_rate


def theme_titles(meeting_ids: Sequence[int]) -> Mapping[int, Sequence[str]]:
    """Meeting id → its theme titles, main theme first (one query)."""
    titles: dict[int, list[str]] = {}
    links = (
        MeetingTheme.objects.filter(meeting_id__in=list(meeting_ids))
        .order_by("meeting_id", "position", "pk")
        .values_list("meeting_id", "theme__title")
    )
    for meeting_id, title in links:
        titles.setdefault(meeting_id, []).append(title)
    return titles


def rating_section(request: HttpRequest, meeting: Any) -> Iterator[Section]:
    """For the group's members on a held meeting: rate it, or see the group's ratings."""
    if meeting.group_id is None or meeting.status != "held":
        return
    roles = roles_of(request.user)
    if meeting.group_id not in roles.group_ids:
        return
    mine = (
        MeetingRating.objects.filter(meeting=meeting, person_id=roles.person_id).first()
        if roles.person_id is not None
        else None
    )
    yield Section(
        "themes/meeting_rating_section.html",
        order=40,
        context={"meeting": meeting, "mine": mine, "can_rate": can_rate(roles, meeting)},
    )
