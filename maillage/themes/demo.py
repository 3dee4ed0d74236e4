"""The themes part of the demo: the network's catalogue and the themes each group chose.

Each group lays a theme on every meeting (now and then a second one); the groups of the latest
edition all opened with "Développement commercial", as the 4th Roanne edition did. Held
meetings and the next planned ones carry their themes; later ones are left for the group to
choose.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from maillage.editions.demo import DemoGroup
from maillage.meetings.demo import MeetingsDemo, Topic, TopicPlan
from maillage.meetings.models import Meeting
from maillage.territories.models import Network
from maillage.themes.catalogue import SALES_DEVELOPMENT, STARTER_THEMES, starter_catalogue_load
from maillage.themes.models import MeetingTheme, Theme

PLAN_LENGTH = 24
SECOND_THEME_SHARE = 0.15
PLANNED_WITH_THEMES = 2  # the next planned meetings of a group already have their theme

ThemePlan = dict[int, list[list[Theme]]]  # group pk → themes by meeting number (index 0 = n° 1)


def build_catalogue(network: Network) -> list[Theme]:
    return starter_catalogue_load(network=network)


def plan(groups: Sequence[DemoGroup], catalogue: Sequence[Theme], rng: random.Random) -> ThemePlan:
    """Each group's themes for its meetings, drawn without repeat while the catalogue lasts."""
    latest = max(group.edition.number for group in groups)
    opening = next(theme for theme in catalogue if theme.title == SALES_DEVELOPMENT)
    plans: ThemePlan = {}
    for group in groups:
        order = list(catalogue)
        rng.shuffle(order)
        if group.edition.number == latest:
            order.remove(opening)
            order.insert(0, opening)
        meetings: list[list[Theme]] = []
        for index in range(PLAN_LENGTH):
            themes = [order[index % len(order)]]
            if rng.random() < SECOND_THEME_SHARE:
                themes.append(order[(index + PLAN_LENGTH) % len(order)])
            meetings.append(themes)
        assert group.group.pk is not None
        plans[group.group.pk] = meetings
    return plans


def topics(theme_plan: ThemePlan) -> TopicPlan:
    """The plan as the minutes speak of it: titles and the lessons drawn."""
    lessons = {item.slug: item.takeaways for item in STARTER_THEMES}
    return {
        group_id: [
            [Topic(theme.title, tuple(lessons.get(theme.slug, ()))) for theme in themes]
            for themes in meetings
        ]
        for group_id, meetings in theme_plan.items()
    }


def link(meetings_demo: MeetingsDemo, theme_plan: ThemePlan) -> list[MeetingTheme]:
    """Lay the planned themes on the held meetings and on the next planned ones of each group."""
    links = []
    planned_seen: dict[int, int] = {}
    for meeting in meetings_demo.meetings:
        if meeting.kind != Meeting.Kind.GROUP or meeting.group_id is None:
            continue
        if meeting.status == Meeting.Status.CANCELLED:
            continue
        if meeting.status == Meeting.Status.PLANNED:
            planned_seen[meeting.group_id] = planned_seen.get(meeting.group_id, 0) + 1
            if planned_seen[meeting.group_id] > PLANNED_WITH_THEMES:
                continue
        themes = theme_plan[meeting.group_id][(meeting.number or 1) - 1]
        links += [
            MeetingTheme(meeting=meeting, theme=theme, position=position)
            for position, theme in enumerate(themes)
        ]
    return MeetingTheme.objects.bulk_create(links)


def delete(network: Network) -> None:
    """Remove the themes part of the demo (first: meetings cannot go while themes point at them)."""
    MeetingTheme.objects.filter(meeting__edition__territory__network=network).delete()
    Theme.objects.filter(network=network).delete()
