"""Recommendations: what groups like this one rated best at the same stage, with the reason."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.editions.models import Group
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Territory
from maillage.themes import recommender, selectors
from maillage.themes.models import MeetingRating, MeetingTheme, Theme
from maillage.themes.recommender import Basis, GroupProfile, Session

pytestmark = pytest.mark.pages_made  # they count the queries of making pages


def profile(group_id: int, sectors: dict[str, float], pme: float = 0.5) -> GroupProfile:
    return GroupProfile(group_id, sectors, {"PME": pme, "TPE": 1 - pme})


def test_identical_groups_are_fully_similar() -> None:
    a = profile(1, {"C": 0.5, "G": 0.5})

    assert recommender.similarity(a, profile(2, {"C": 0.5, "G": 0.5})) == pytest.approx(1.0)


def test_groups_of_other_sectors_and_sizes_are_less_similar() -> None:
    a = profile(1, {"C": 1.0}, pme=1.0)

    assert recommender.similarity(a, profile(2, {"G": 1.0}, pme=0.0)) == 0.0


def test_a_theme_rated_well_at_the_same_stage_comes_first_with_that_reason() -> None:
    target = profile(0, {"C": 1.0})
    profiles = {i: profile(i, {"C": 1.0}) for i in range(1, 5)}
    sessions = [Session(i, 10, 1, 9, 2) for i in range(1, 5)]  # 4.5 at stage 1
    sessions += [Session(i, 20, 1, 7, 2) for i in range(1, 5)]  # 3.5 at stage 1
    sessions += [Session(i, 20, 3, 10, 2) for i in range(1, 5)]  # 5.0, but at stage 3

    ranked = recommender.recommend(target, 1, profiles, sessions, [20, 10])

    assert [r.theme_id for r in ranked] == [10, 20]
    assert (ranked[0].basis, ranked[0].mean, ranked[0].groups) == (Basis.SAME_STAGE, 4.5, 4)


def test_similar_groups_weigh_more_than_different_ones() -> None:
    target = profile(0, {"F": 1.0}, pme=0.0)
    profiles = {1: profile(1, {"F": 1.0}, pme=0.0), 2: profile(2, {"J": 1.0}, pme=1.0)}
    sessions = [Session(1, 10, 0, 5, 1), Session(2, 10, 0, 1, 1)]
    sessions += [Session(1, 20, 0, 1, 1), Session(2, 20, 0, 5, 1)]

    ranked = recommender.recommend(target, 0, profiles, sessions, [20, 10])

    assert ranked[0].theme_id == 10


def test_the_target_groups_own_sessions_are_left_out() -> None:
    target = profile(1, {"C": 1.0})
    sessions = [Session(1, 10, 0, 50, 10)]

    ranked = recommender.recommend(target, 0, {1: target}, sessions, [10])

    assert ranked[0].basis == Basis.UNRATED


def test_stage_of_a_day_is_its_half_year() -> None:
    opening = datetime.date(2026, 3, 26)

    assert [
        recommender.stage_at(opening, datetime.date(y, m, 1))
        for y, m in [(2026, 4), (2026, 10), (2027, 4), (2027, 12), (2028, 6)]
    ] == [0, 1, 2, 3, 3]


def rate(group: Group, theme: Theme, value: int, *, days_after_opening: int) -> None:
    starts_at = datetime.datetime.combine(
        group.edition.opening_date + datetime.timedelta(days=days_after_opening),
        datetime.time(18),
        tzinfo=datetime.UTC,
    )
    meeting: Any = MeetingFactory(group=group, starts_at=starts_at)
    MeetingTheme.objects.create(meeting=meeting, theme=theme)
    for _ in range(3):
        person: Any = MembershipFactory(group=group).person
        MeetingRating.objects.create(meeting=meeting, person=person, usefulness=value)


def test_recommendations_for_a_group_give_their_reasons(
    territory: Territory, group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    best, worst = catalogue[0], catalogue[1]
    for number in range(3):
        past = GroupFactory(edition=EditionFactory(territory=territory, number=number + 1))
        MembershipFactory.create_batch(3, group=past)
        rate(past, best, 5, days_after_opening=100)
        rate(past, worst, 2, days_after_opening=100)

    suggestions = selectors.recommendations(group, stage=0)

    assert suggestions[0].theme == best
    assert suggestions[0].reason == "noté 5,0/5 par 3 groupes au même stade"
    assert worst not in [suggestion.theme for suggestion in suggestions]


def test_the_networks_rating_history_is_prepared_not_read_on_every_request(
    territory: Territory, group: Group, catalogue: list[Theme]
) -> None:
    past = GroupFactory(edition=EditionFactory(territory=territory, number=1))
    MembershipFactory.create_batch(3, group=past)
    rate(past, catalogue[0], 5, days_after_opening=100)
    first = selectors.recommendations(group, stage=0)
    with CaptureQueriesContext(connection) as again:
        second = selectors.recommendations(group, stage=0)
    assert [s.theme for s in second] == [s.theme for s in first]
    assert not any("themes_meetingrating" in q["sql"] for q in again.captured_queries)


def test_a_reasons_mean_is_rounded_not_cut() -> None:
    item = recommender.Recommendation(1, 0.9, Basis.ALL_GROUPS, 3.69, 4)
    assert selectors.reason_text(item) == "noté 3,7/5 par 4 groupes"
