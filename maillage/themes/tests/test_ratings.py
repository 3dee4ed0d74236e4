"""The after-meeting pulse: who may rate, one rating per person and meeting, and the ratings
aggregated per theme across groups, editions and territories."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from maillage.editions.models import Group
from maillage.editions.permissions import roles_of
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.meetings.models import Attendance
from maillage.territories.models import Territory
from maillage.territories.tests.factories import TerritoryFactory
from maillage.themes import selectors, services
from maillage.themes.models import MeetingRating, MeetingTheme, Theme
from maillage.themes.permissions import can_rate, get_rated_meeting_for_user
from maillage.themes.tests.conftest import held_meeting, person_of, planned_meeting


def test_an_attendee_rates_a_held_meeting(group: Group, leader: Any) -> None:
    meeting = held_meeting(group, attendees=(leader,))

    assert can_rate(roles_of(leader), meeting)


def test_a_member_who_was_absent_may_not_rate(group: Group, leader: Any) -> None:
    meeting = held_meeting(group)
    Attendance.objects.create(
        meeting=meeting, person=person_of(leader), status=Attendance.Status.ABSENT
    )

    assert not can_rate(roles_of(leader), meeting)


def test_a_planned_meeting_is_not_rated(group: Group, leader: Any) -> None:
    meeting = planned_meeting(group, days_ahead=10)

    with pytest.raises(ValidationError):
        services.rating_record(meeting=meeting, person=person_of(leader), usefulness=4, by=None)


def test_rating_again_changes_the_rating(group: Group, leader: Any) -> None:
    meeting = held_meeting(group, attendees=(leader,))
    me = person_of(leader)
    services.rating_record(meeting=meeting, person=me, usefulness=2, by=leader)
    services.rating_record(
        meeting=meeting, person=me, usefulness=5, to_apply="Relancer les devis", by=leader
    )

    rating = MeetingRating.objects.get(meeting=meeting)
    assert (rating.usefulness, rating.to_apply) == (5, "Relancer les devis")


def test_usefulness_is_between_1_and_5(group: Group, leader: Any) -> None:
    meeting = held_meeting(group, attendees=(leader,))

    with pytest.raises(ValidationError):
        services.rating_record(meeting=meeting, person=person_of(leader), usefulness=6, by=None)


def test_staff_get_403_on_a_meetings_ratings(group: Group, project_manager: Any) -> None:
    meeting = held_meeting(group)

    with pytest.raises(PermissionDenied):
        get_rated_meeting_for_user(project_manager, meeting.pk)


def test_another_group_gets_404_on_a_meetings_ratings(
    group: Group, other_group_leader: Any
) -> None:
    meeting = held_meeting(group)

    with pytest.raises(Http404):
        get_rated_meeting_for_user(other_group_leader, meeting.pk)


def rated_group(territory: Territory, theme: Theme, values: list[int], number: int = 1) -> Group:
    edition = EditionFactory(territory=territory, number=number + 10)
    group = GroupFactory(edition=edition)
    meeting = held_meeting(group)
    MeetingTheme.objects.create(meeting=meeting, theme=theme)
    for value in values:
        person: Any = MembershipFactory(group=group).person
        MeetingRating.objects.create(meeting=meeting, person=person, usefulness=value)
    return group


def test_ratings_aggregate_across_groups_editions_and_territories(
    territory: Territory, catalogue: list[Theme]
) -> None:
    theme = catalogue[0]
    elsewhere = TerritoryFactory(network=territory.network, name="Forez")
    rated_group(territory, theme, [5, 4, 3], number=1)
    rated_group(territory, theme, [4, 4, 4], number=2)
    rated_group(elsewhere, theme, [2, 3, 4], number=1)

    summary = selectors.theme_rating_summary(theme)

    assert (summary.count, summary.groups, summary.editions, summary.territories) == (9, 3, 3, 2)
    assert summary.mean == pytest.approx(33 / 9)
    assert {row.label: row.mean for row in summary.by_territory} == {
        "Forez": 3.0,
        territory.name: 4.0,
    }


def test_breakdown_rows_with_few_ratings_are_left_out(
    territory: Territory, catalogue: list[Theme]
) -> None:
    rated_group(territory, catalogue[0], [5, 4])

    summary = selectors.theme_rating_summary(catalogue[0])

    assert summary.count == 2
    assert summary.by_edition == []


def test_catalogue_carries_each_themes_mean(territory: Territory, catalogue: list[Theme]) -> None:
    rated_group(territory, catalogue[0], [5, 4, 3])

    theme = selectors.with_ratings(Theme.objects.filter(pk=catalogue[0].pk)).get()

    assert (theme.rating_mean, theme.rating_count, theme.rated_groups) == (4.0, 3, 1)


def test_the_pulse_given_is_found_for_the_surveys(group: Group, leader: Any) -> None:
    rated, unrated = held_meeting(group, attendees=(leader,)), held_meeting(group, days_ago=40)
    me = person_of(leader)
    services.rating_record(meeting=rated, person=me, usefulness=3, by=None)

    found = selectors.pulses(me.pk, [rated.pk, unrated.pk])

    assert list(found) == [rated.pk]
    assert found[rated.pk].usefulness == 3


def test_no_mean_rests_on_fewer_than_three_ratings(
    territory: Territory, catalogue: list[Theme]
) -> None:
    """Two ratings: their mean would give each rater's to the other; counts still show."""
    rated_group(territory, catalogue[0], [5, 4])

    summary = selectors.theme_rating_summary(catalogue[0])
    (theme,), _computed_at = selectors.with_prepared_ratings([catalogue[0]], [territory.network_id])

    assert (summary.mean, summary.count) == (None, 2)
    assert (theme.rating_mean, theme.rating_count) == (None, 2)


def test_the_mean_less_the_rows_shown_gives_no_lone_rating(
    territory: Territory, catalogue: list[Theme]
) -> None:
    """Three ratings in the Roannais, one in the Forez (left out): beside the mean of four,
    the Roannais row would give the Forez rating; it is left out too."""
    theme = catalogue[0]
    rated_group(territory, theme, [5, 4, 3], number=1)
    rated_group(TerritoryFactory(network=territory.network, name="Forez"), theme, [1])

    summary = selectors.theme_rating_summary(theme)

    assert summary.mean == pytest.approx(13 / 4)
    assert summary.by_territory == []
