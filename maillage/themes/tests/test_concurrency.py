"""Concurrent votes lose nothing (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from maillage.editions.tests.factories import MembershipFactory
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, Vote

VOTERS = 50


@pytest.mark.postgres
def test_fifty_concurrent_votes_are_all_counted(transactional_db: None, ballot: Ballot) -> None:
    people = [MembershipFactory(group=ballot.group).person for _ in range(VOTERS)]
    ranking = [theme.pk for theme in selectors.candidates_of(ballot)]
    start = threading.Barrier(VOTERS)
    errors: list[BaseException] = []

    def vote(person: Any, offset: int) -> None:
        try:
            start.wait()
            order = ranking[offset % len(ranking) :] + ranking[: offset % len(ranking)]
            services.vote_cast(ballot=ballot, person=person, choice={"ranking": order}, by=None)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(p, i)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Vote.objects.filter(ballot=ballot).count() == VOTERS
    assert selectors.ballot_result(ballot).votes == VOTERS


@pytest.mark.postgres
def test_one_member_voting_twice_at_once_keeps_one_vote(
    transactional_db: None, ballot: Ballot
) -> None:
    person: Any = MembershipFactory(group=ballot.group).person
    ranking = [theme.pk for theme in selectors.candidates_of(ballot)]
    start = threading.Barrier(10)

    def vote(order: list[int]) -> None:
        try:
            start.wait()
            services.vote_cast(ballot=ballot, person=person, choice={"ranking": order}, by=None)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=vote, args=(ranking if i % 2 else ranking[::-1],))
        for i in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Vote.objects.filter(ballot=ballot, person=person).count() == 1
