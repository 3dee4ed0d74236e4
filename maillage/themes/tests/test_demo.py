"""The themes part of the Roannais demo: past ballots and ratings for every group, and the
open ballot of the demo leader's group."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.db.models import Avg, Count
from pytest_django import DjangoDbBlocker

from maillage.editions.models import Group, Membership
from maillage.meetings.models import Meeting
from maillage.reports.tests.demo_module import demo_for_the_module
from maillage.territories.demo import NETWORK_SLUG
from maillage.themes.models import Ballot, BallotState, MeetingRating, Theme, Vote

TODAY = datetime.date(2026, 11, 26)
NOON = datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock(), demo_for_the_module(TODAY):
        yield


def leader_group() -> Group:
    membership = Membership.objects.select_related("group").get(
        person__user__email="dirigeant@demo.maillage.test", group__edition__number=4
    )
    return membership.group


@pytest.mark.django_db
def test_every_group_of_a_closed_edition_chose_its_themes_in_two_closed_ballots() -> None:
    groups = Group.objects.filter(edition__territory__slug="roannais", edition__number__lte=3)
    with time_machine.travel(NOON):
        for group in groups:
            ballots = list(Ballot.objects.filter(group=group).annotate(n=Count("votes")))
            assert [b.kind for b in sorted(ballots, key=lambda b: b.opens_at)] == [
                Ballot.Kind.LAUNCH,
                Ballot.Kind.MIDTERM,
            ]
            assert all(b.state == BallotState.CLOSED and b.applied_at for b in ballots)
            assert all(b.n >= 8 for b in ballots)


@pytest.mark.django_db
def test_the_demo_leaders_group_has_an_open_ballot_the_leader_has_not_voted_on() -> None:
    group = leader_group()
    with time_machine.travel(NOON):
        open_ballots = [b for b in Ballot.objects.filter(group=group) if b.state == "open"]

    assert len(open_ballots) == 1
    assert open_ballots[0].method == Ballot.Method.SCHULZE
    assert Vote.objects.filter(ballot=open_ballots[0]).exists()
    assert not Vote.objects.filter(
        ballot=open_ballots[0], person__user__email="dirigeant@demo.maillage.test"
    ).exists()


@pytest.mark.django_db
def test_most_held_group_meetings_are_rated() -> None:
    held = Meeting.objects.filter(
        edition__territory__slug="roannais", kind=Meeting.Kind.GROUP, status=Meeting.Status.HELD
    )

    rated = held.filter(ratings__isnull=False).distinct().count()

    assert rated >= held.count() * 0.95


@pytest.mark.django_db
def test_ratings_look_real_and_some_themes_are_consistently_better() -> None:
    mean = MeetingRating.objects.aggregate(mean=Avg("usefulness"))["mean"]
    by_title = dict(
        Theme.objects.filter(network__slug=NETWORK_SLUG)
        .annotate(mean=Avg("meeting_themes__meeting__ratings__usefulness"))
        .values_list("title", "mean")
    )

    assert 3.5 <= mean <= 4.3
    assert set(MeetingRating.objects.values_list("usefulness", flat=True)) >= {2, 3, 4, 5}
    assert by_title["Gérer sa trésorerie"] > by_title["Répondre aux marchés publics"] + 0.5


@pytest.mark.django_db
def test_the_demo_leader_has_a_meeting_left_to_rate() -> None:
    group = leader_group()
    latest = (
        Meeting.objects.filter(group=group, status=Meeting.Status.HELD)
        .filter(attendances__person__user__email="dirigeant@demo.maillage.test")
        .order_by("-starts_at")
        .first()
    )

    assert latest is not None
    assert not latest.ratings.filter(person__user__email="dirigeant@demo.maillage.test").exists()
