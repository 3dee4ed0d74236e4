"""What upper apps add to a meeting, without the meetings app importing them.

The meetings app sits below `themes/` and `business/`, which own their links to meetings
(meeting ↔ theme, idea ↔ meeting). They register here, in their `AppConfig.ready()`:

- a *theme titles* provider: meeting ids → the titles of each meeting's themes, read in one
  query whatever the number of meetings. Reminders, calendar feeds, the API and the pages show
  them. Theme titles are meeting metadata (staff see them too).
- a *section* builder: the request and a meeting → sections of the meeting page (e.g. the ideas
  to follow up), each naming its template and context, as the home page's sections do. It is
  the builder's business to show confidential content only to the meeting's group.

    agenda.register_theme_titles(titles_of_meetings)
    agenda.register_section(ideas_section)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpRequest

from maillage.core.home import Section

ThemeTitles = Callable[[Sequence[int]], Mapping[int, Sequence[str]]]
MeetingSectionBuilder = Callable[[HttpRequest, Any], Iterable[Section]]

_theme_providers: list[ThemeTitles] = []
_section_builders: list[MeetingSectionBuilder] = []


def register_theme_titles(provider: ThemeTitles) -> ThemeTitles:
    """Add a provider of theme titles (idempotent: `ready()` may run twice)."""
    if provider not in _theme_providers:
        _theme_providers.append(provider)
    return provider


def register_section(builder: MeetingSectionBuilder) -> MeetingSectionBuilder:
    """Add a builder of meeting-page sections (idempotent)."""
    if builder not in _section_builders:
        _section_builders.append(builder)
    return builder


def theme_titles(meeting_ids: Iterable[int]) -> dict[int, list[str]]:
    """The theme titles of each meeting (an empty list when none, or no provider)."""
    ids = list(meeting_ids)
    titles: dict[int, list[str]] = {meeting_id: [] for meeting_id in ids}
    if not ids:
        return titles
    for provider in _theme_providers:
        for meeting_id, found in provider(ids).items():
            titles.setdefault(meeting_id, []).extend(found)
    return titles


def sections_for(request: HttpRequest, meeting: Any) -> list[Section]:
    sections = [section for build in _section_builders for section in build(request, meeting)]
    return sorted(sections, key=lambda section: section.order)
