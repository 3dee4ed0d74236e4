"""What themes hold about a person: exported, and erased where it names them."""

from __future__ import annotations

from typing import Any

from maillage.core.personal_data import Subject
from maillage.editions.models import Group
from maillage.themes import personal_data, selectors, services
from maillage.themes.models import Ballot, MeetingRating, Theme, Vote, Wish
from maillage.themes.tests.conftest import held_meeting, person_of


def subject_of(user: Any) -> Subject:
    return Subject(person_id=person_of(user).pk, user_id=user.pk)


def test_export_lists_wishes_votes_and_ratings(
    group: Group, ballot: Ballot, catalogue: list[Theme], leader: Any
) -> None:
    me = person_of(leader)
    services.wishes_submit(group=group, person=me, themes=[], texts=["Le télétravail"], by=None)
    order = [theme.pk for theme in selectors.candidates_of(ballot)]
    services.vote_cast(ballot=ballot, person=me, choice={"ranking": order}, by=None)
    meeting = held_meeting(group, attendees=(leader,))
    services.rating_record(meeting=meeting, person=me, usefulness=4, comment="Utile", by=None)

    data = personal_data.export(subject_of(leader))

    assert data["theme_wishes"][0]["text"] == "Le télétravail"
    assert data["theme_votes"][0]["ranking"][0] == catalogue[0].title
    assert data["meeting_ratings"][0]["comment"] == "Utile"


def test_erasure_deletes_wishes_keeps_votes_and_blanks_rating_words(
    group: Group, ballot: Ballot, leader: Any
) -> None:
    me = person_of(leader)
    services.wishes_submit(group=group, person=me, themes=[], texts=["Mon associé"], by=None)
    services.vote_cast(ballot=ballot, person=me, choice={"ranking": []}, by=None)
    meeting = held_meeting(group, attendees=(leader,))
    services.rating_record(
        meeting=meeting, person=me, usefulness=2, comment="Mon associé", to_apply="X", by=None
    )

    personal_data.erase(subject_of(leader))

    assert not Wish.objects.filter(person=me).exists()
    assert Vote.objects.filter(person=me).count() == 1
    rating = MeetingRating.objects.get(person=me)
    assert (rating.usefulness, rating.comment, rating.to_apply) == (2, "", "")
