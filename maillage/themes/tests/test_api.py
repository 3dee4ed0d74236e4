"""The themes API: catalogue, ballots (results once closed), voting, ratings."""

from __future__ import annotations

import datetime
from typing import Any

import time_machine

from maillage.editions.models import Group
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, MeetingRating, Theme, Vote
from maillage.themes.tests.conftest import held_meeting, make_ballot, person_of


def test_themes_lists_the_catalogue(api: Any, catalogue: list[Theme], leader: Any) -> None:
    response = api(leader).get("/themes")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(catalogue)
    assert {"id", "title", "rating_mean", "rated_groups"} <= set(body["items"][0])


def test_outsider_sees_an_empty_catalogue(api: Any, catalogue: list[Theme], outsider: Any) -> None:
    assert api(outsider).get("/themes").json()["count"] == 0


def test_group_ballots_are_listed_for_members(api: Any, ballot: Ballot, leader: Any) -> None:
    body = api(leader).get(f"/groups/{ballot.group_id}/ballots").json()

    assert [item["id"] for item in body["items"]] == [ballot.pk]
    assert body["items"][0]["state"] == "open"


def test_staff_get_403_on_group_ballots(api: Any, ballot: Ballot, project_manager: Any) -> None:
    assert api(project_manager).get(f"/groups/{ballot.group_id}/ballots").status_code == 403


def test_member_votes_through_the_api(api: Any, ballot: Ballot, leader: Any) -> None:
    ranking = [theme.pk for theme in selectors.candidates_of(ballot)][::-1]

    response = api(leader).put(f"/ballots/{ballot.pk}/vote", {"ranking": ranking})

    assert response.status_code == 200
    assert response.json()["ranking"] == ranking
    assert Vote.objects.get(ballot=ballot).choice == {"ranking": ranking}


def test_voting_with_the_wrong_field_answers_400(api: Any, ballot: Ballot, leader: Any) -> None:
    response = api(leader).put(f"/ballots/{ballot.pk}/vote", {"approvals": []})

    assert response.status_code == 400
    assert response.json()["detail"] == "Envoyez «\xa0ranking\xa0» pour la méthode de ce scrutin."


def test_voting_with_the_wrong_field_is_refused_in_english_to_an_english_user(
    api: Any, ballot: Ballot, leader: Any
) -> None:
    leader.language = "en"
    leader.save(update_fields=["language"])

    response = api(leader).put(f"/ballots/{ballot.pk}/vote", {"approvals": []})

    assert response.json()["detail"] == "Send “ranking” for this ballot's method."
    assert response["Content-Language"] == "en"


def test_voting_after_the_close_answers_400(api: Any, ballot: Ballot, leader: Any) -> None:
    with time_machine.travel(ballot.closes_at + datetime.timedelta(hours=1)):
        response = api(leader).put(f"/ballots/{ballot.pk}/vote", {"ranking": []})

    assert response.status_code == 400
    assert "ouvert" in response.json()["detail"]


def test_staff_get_403_when_voting(api: Any, ballot: Ballot, network_admin: Any) -> None:
    assert api(network_admin).put(f"/ballots/{ballot.pk}/vote", {"ranking": []}).status_code == 403


def test_results_are_hidden_until_the_close(api: Any, ballot: Ballot, facilitator: Any) -> None:
    body = api(facilitator).get(f"/ballots/{ballot.pk}").json()

    assert body["results"] is None
    assert body["can_vote"] is True


def test_closed_ballot_answers_its_results_with_the_matrix(
    api: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    a, b = catalogue[:2]
    ballot = make_ballot(group, [a, b])
    services.vote_cast(
        ballot=ballot, person=person_of(leader), choice={"ranking": [b.pk, a.pk]}, by=leader
    )
    services.ballot_close(ballot=ballot, by=None)

    body = api(leader).get(f"/ballots/{ballot.pk}").json()

    assert body["results"]["tiers"] == [
        {"place": 1, "theme_ids": [b.pk], "score": None},
        {"place": 2, "theme_ids": [a.pk], "score": None},
    ]
    assert body["results"]["pairwise"] == {str(a.pk): {str(b.pk): 0}, str(b.pk): {str(a.pk): 1}}
    assert body["my_vote"]["ranking"] == [b.pk, a.pk]


def test_attendee_rates_through_the_api(api: Any, group: Group, leader: Any) -> None:
    meeting = held_meeting(group, attendees=(leader,))

    response = api(leader).put(
        f"/meetings/{meeting.pk}/rating", {"usefulness": 4, "to_apply": "Un point hebdomadaire"}
    )

    assert response.status_code == 200
    assert api(leader).get(f"/meetings/{meeting.pk}/rating").json()["usefulness"] == 4
    assert MeetingRating.objects.get(meeting=meeting).to_apply == "Un point hebdomadaire"


def test_a_member_who_did_not_attend_gets_403_when_rating(
    api: Any, group: Group, leader: Any
) -> None:
    meeting = held_meeting(group)

    assert api(leader).put(f"/meetings/{meeting.pk}/rating", {"usefulness": 4}).status_code == 403


def test_theme_ratings_answer_the_aggregate(
    api: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    body = api(leader).get(f"/themes/{catalogue[0].pk}/ratings").json()

    assert body == {
        "theme_id": catalogue[0].pk,
        "mean": None,
        "count": 0,
        "groups": 0,
        "editions": 0,
        "territories": 0,
        "by_territory": [],
        "by_edition": [],
        "by_stage": [],
    }
