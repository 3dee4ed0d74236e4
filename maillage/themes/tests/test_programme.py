"""The group's programme: wishes, merging them into candidates, laying a ballot's result on the
next meetings in one step, and adjusting it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from maillage.editions.models import Group
from maillage.meetings.models import Meeting
from maillage.meetings.services.schedule import meeting_cancel as cancel_meeting
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, MeetingTheme, Theme, Wish
from maillage.themes.tests.conftest import (
    held_meeting,
    make_ballot,
    members_of,
    person_of,
    planned_meeting,
)


def main_theme(meeting: Meeting) -> Theme | None:
    link = MeetingTheme.objects.filter(meeting=meeting, position=0).first()
    return link.theme if link else None


def test_member_wishes_replace_their_previous_ones(
    group: Group, catalogue: list[Theme], leader: Any
) -> None:
    me = person_of(leader)
    services.wishes_submit(
        group=group, person=me, themes=catalogue[:2], texts=["Le télétravail"], by=leader
    )
    services.wishes_submit(group=group, person=me, themes=catalogue[1:3], texts=[], by=leader)

    wishes = Wish.objects.filter(group=group, person=me)
    assert {wish.theme for wish in wishes} == {catalogue[1], catalogue[2]}


def test_facilitators_merge_free_wishes_into_a_new_candidate(
    group: Group, leader: Any, facilitator: Any
) -> None:
    people = members_of(group)
    for person, text in zip(people, ["Le télétravail", "Travailler à distance"], strict=False):
        services.wishes_submit(group=group, person=person, themes=[], texts=[text], by=None)
    wishes = list(Wish.objects.filter(group=group))

    theme = services.wishes_merge(
        group=group, wishes=wishes, title="Le travail à distance", by=facilitator
    )

    assert theme.status == Theme.Status.PROPOSED
    assert theme.proposed_in == group
    assert set(Wish.objects.filter(candidate=theme)) == set(wishes)


def test_merged_wishes_keep_their_candidate_when_resubmitted(
    group: Group, leader: Any, facilitator: Any, catalogue: list[Theme]
) -> None:
    me = person_of(leader)
    services.wishes_submit(group=group, person=me, themes=[], texts=["Le télétravail"], by=None)
    services.wishes_merge(
        group=group, wishes=list(Wish.objects.filter(group=group)), theme=catalogue[5], by=None
    )

    services.wishes_submit(
        group=group, person=me, themes=[catalogue[0]], texts=["Le télétravail"], by=None
    )

    assert Wish.objects.get(group=group, person=me, theme__isnull=True).candidate == catalogue[5]


def closed_ballot(group: Group, themes: list[Theme], rankings: list[list[Theme]]) -> Ballot:
    ballot = make_ballot(group, themes)
    for person, ranking in zip(members_of(group), rankings, strict=False):
        services.vote_cast(
            ballot=ballot, person=person, choice={"ranking": [t.pk for t in ranking]}, by=None
        )
    services.ballot_close(ballot=ballot, by=None)
    return ballot


def test_the_result_goes_on_the_next_meetings_without_a_theme(
    group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    a, b, c = catalogue[:3]
    first, second = planned_meeting(group, days_ahead=20), planned_meeting(group, days_ahead=50)
    already = planned_meeting(group, days_ahead=10)
    MeetingTheme.objects.create(meeting=already, theme=catalogue[9])
    ballot = closed_ballot(group, [a, b, c], [[b, a, c]] * 3)

    slots = selectors.ballot_layout(ballot, selectors.ballot_result(ballot))

    assert [(slot.meeting, slot.theme) for slot in slots] == [(first, b), (second, a)]


def test_a_theme_whose_meeting_was_cancelled_is_laid_again_and_suggested_again(
    group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    a, b = catalogue[:2]
    cancelled = planned_meeting(group, days_ahead=10)
    MeetingTheme.objects.create(meeting=cancelled, theme=a)
    cancel_meeting(meeting=cancelled, by=facilitator)
    first = planned_meeting(group, days_ahead=40)
    ballot = closed_ballot(group, [a, b], [[a, b]] * 3)

    slots = selectors.ballot_layout(ballot, selectors.ballot_result(ballot))

    assert [(slot.meeting, slot.theme) for slot in slots] == [(first, a)]
    assert a in [suggestion.theme for suggestion in selectors.recommendations(group, limit=50)]


def test_tied_themes_are_flagged_for_the_facilitators(group: Group, catalogue: list[Theme]) -> None:
    a, b = catalogue[:2]
    planned_meeting(group, days_ahead=20)
    planned_meeting(group, days_ahead=50)
    ballot = closed_ballot(group, [a, b], [[a, b], [b, a]])

    slots = selectors.ballot_layout(ballot, selectors.ballot_result(ballot))

    assert [slot.tied_with for slot in slots] == [(b,), (a,)]


def test_laying_the_result_sets_every_meeting_in_one_step(
    group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    a, b = catalogue[:2]
    first, second = planned_meeting(group, days_ahead=20), planned_meeting(group, days_ahead=50)
    ballot = closed_ballot(group, [a, b], [[a, b]] * 3)

    services.programme_assign(
        group=group, assignments={first.pk: b, second.pk: a}, ballot=ballot, by=facilitator
    )

    assert (main_theme(first), main_theme(second)) == (b, a)
    ballot.refresh_from_db()
    assert ballot.applied_at is not None


def test_a_new_theme_tells_calendar_clients_the_event_changed(
    group: Group, catalogue: list[Theme]
) -> None:
    """SEQUENCE and LAST-MODIFIED of the feed's event move with the theme; a meeting whose
    theme stays the same keeps them."""
    changed, same = planned_meeting(group, days_ahead=20), planned_meeting(group, days_ahead=50)
    MeetingTheme.objects.create(meeting=same, theme=catalogue[1], position=0)
    before = {m.pk: (m.sequence, m.changed_at) for m in (changed, same)}

    services.programme_assign(
        group=group, assignments={changed.pk: catalogue[0], same.pk: catalogue[1]}, by=None
    )

    changed.refresh_from_db()
    same.refresh_from_db()
    assert changed.sequence == before[changed.pk][0] + 1
    assert changed.changed_at != before[changed.pk][1]
    assert (same.sequence, same.changed_at) == before[same.pk]


def test_an_open_ballot_cannot_be_laid_on_meetings(
    group: Group, catalogue: list[Theme], ballot: Ballot
) -> None:
    meeting = planned_meeting(group, days_ahead=20)

    with pytest.raises(ValidationError):
        services.programme_assign(
            group=group, assignments={meeting.pk: catalogue[0]}, ballot=ballot, by=None
        )


def test_facilitators_adjust_a_planned_meeting_and_keep_its_second_theme(
    group: Group, catalogue: list[Theme]
) -> None:
    meeting = planned_meeting(group, days_ahead=20)
    MeetingTheme.objects.create(meeting=meeting, theme=catalogue[0], position=0)
    MeetingTheme.objects.create(meeting=meeting, theme=catalogue[1], position=1)

    services.programme_assign(group=group, assignments={meeting.pk: catalogue[2]}, by=None)

    assert list(MeetingTheme.objects.filter(meeting=meeting).values_list("theme", "position")) == [
        (catalogue[2].pk, 0),
        (catalogue[1].pk, 1),
    ]


def test_a_held_meeting_keeps_its_theme(group: Group, catalogue: list[Theme]) -> None:
    meeting = held_meeting(group)

    with pytest.raises(ValidationError):
        services.programme_assign(group=group, assignments={meeting.pk: catalogue[0]}, by=None)


def test_another_groups_meeting_cannot_be_assigned(
    group: Group, other_group: Group, catalogue: list[Theme]
) -> None:
    meeting = planned_meeting(other_group, days_ahead=20)

    with pytest.raises(ValidationError):
        services.programme_assign(group=group, assignments={meeting.pk: catalogue[0]}, by=None)


def test_a_theme_cannot_go_on_two_meetings_at_once(group: Group, catalogue: list[Theme]) -> None:
    first, second = planned_meeting(group, days_ahead=20), planned_meeting(group, days_ahead=50)

    with pytest.raises(ValidationError):
        services.programme_assign(
            group=group, assignments={first.pk: catalogue[0], second.pk: catalogue[0]}, by=None
        )


def test_the_stage_of_a_group_is_its_half_year(group: Group) -> None:
    opening = group.edition.opening_date
    with time_machine.travel(opening + datetime.timedelta(days=200)):
        assert selectors.group_stage(group) == 1
