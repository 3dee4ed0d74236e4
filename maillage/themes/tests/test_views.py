"""The pages: vote by keyboard (buttons, with or without htmx), results after the close, the
rating form, the home reminders, and query budgets that do not grow with the data."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.editions.models import Group
from maillage.editions.tests.factories import MembershipFactory
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, MeetingRating, MeetingTheme, Theme, Vote, Wish
from maillage.themes.tests.conftest import (
    held_meeting,
    make_ballot,
    members_of,
    person_of,
    planned_meeting,
)

pytestmark = pytest.mark.pages_made  # they count the queries of making pages

HTMX = {"HX-Request": "true"}


def ballot_url(ballot: Ballot) -> str:
    return reverse("themes:ballot", args=[ballot.pk])


def test_moving_a_theme_up_reorders_the_form_without_voting(
    client: Any, ballot: Ballot, leader: Any
) -> None:
    a, b, c, d = selectors.candidates_of(ballot)
    client.force_login(leader)

    response = client.post(
        ballot_url(ballot),
        {"ranking": [a.pk, b.pk, c.pk, d.pk], "move": f"up:{c.pk}"},
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(f'value="{c.pk}"') < page.index(f'value="{b.pk}"')
    assert "est maintenant 2 sur 4" in page
    assert '<form id="vote-form"' in page
    assert "<html" not in page  # the fragment only
    assert not Vote.objects.exists()


def test_a_move_without_htmx_answers_with_a_page_a_reload_does_not_post_again(
    client: Any, ballot: Ballot, leader: Any
) -> None:
    a, b, c, d = selectors.candidates_of(ballot)
    client.force_login(leader)

    response = client.post(
        ballot_url(ballot), {"ranking": [a.pk, b.pk, c.pk, d.pk], "move": f"up:{c.pk}"}
    )

    assert response.status_code == 302
    assert response["Location"] == (
        f"{ballot_url(ballot)}?order={a.pk}%2C{c.pk}%2C{b.pk}%2C{d.pk}&moved={c.pk}#vote-form"
    )
    page = client.get(response["Location"]).content.decode()
    assert page.index(f'value="{c.pk}"') < page.index(f'value="{b.pk}"')
    assert "est maintenant 2 sur 4" in page
    assert not Vote.objects.exists()


def test_a_vote_by_htmx_clears_an_order_left_in_the_address(
    client: Any, ballot: Ballot, leader: Any
) -> None:
    order = [theme.pk for theme in selectors.candidates_of(ballot)]
    client.force_login(leader)

    moved = client.post(
        ballot_url(ballot), {"ranking": order, "move": f"up:{order[1]}"}, headers=HTMX
    )
    cast = client.post(ballot_url(ballot), {"ranking": order, "action": "cast"}, headers=HTMX)

    assert "HX-Replace-Url" not in moved
    assert cast["HX-Replace-Url"] == ballot_url(ballot)
    assert Vote.objects.get().choice == {"ranking": order}


def test_an_order_in_the_address_keeps_every_candidate_once(
    client: Any, ballot: Ballot, leader: Any
) -> None:
    a, b, c, d = selectors.candidates_of(ballot)
    client.force_login(leader)

    page = client.get(ballot_url(ballot), {"order": f"{d.pk},x,{d.pk},999999", "moved": "x"})

    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(f'value="{d.pk}"') < min(html.index(f'value="{t.pk}"') for t in (a, b, c))
    assert all(html.count(f'name="ranking" value="{t.pk}"') == 1 for t in (a, b, c, d))
    assert 'role="status" aria-live="polite"></p>' in html  # no move announced


def test_voting_without_javascript_saves_the_order_shown(
    client: Any, ballot: Ballot, leader: Any
) -> None:
    order = [theme.pk for theme in selectors.candidates_of(ballot)][::-1]
    client.force_login(leader)

    response = client.post(ballot_url(ballot), {"ranking": order, "action": "cast"})

    assert response.status_code == 302
    assert Vote.objects.get(ballot=ballot, person=person_of(leader)).choice == {"ranking": order}
    assert f'value="{order[0]}"' in client.get(ballot_url(ballot)).content.decode()


def test_approval_vote_from_the_page(
    client: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    ballot = make_ballot(group, catalogue[:3], method=Ballot.Method.APPROVAL)
    client.force_login(leader)

    client.post(ballot_url(ballot), {"approvals": [catalogue[1].pk], "action": "cast"})

    assert Vote.objects.get().choice == {"approvals": [catalogue[1].pk]}


def test_dot_vote_over_budget_shows_the_error_in_the_fragment(
    client: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    ballot = make_ballot(group, catalogue[:2], method=Ballot.Method.DOTS, dots=3)
    client.force_login(leader)

    response = client.post(
        ballot_url(ballot),
        {f"dots-{catalogue[0].pk}": "2", f"dots-{catalogue[1].pk}": "2", "action": "cast"},
        headers=HTMX,
    )

    assert "Vous avez 3 gommettes, pas plus." in response.content.decode()
    assert not Vote.objects.exists()


def test_members_see_the_result_after_the_close(client: Any, ballot: Ballot, leader: Any) -> None:
    order = [theme.pk for theme in selectors.candidates_of(ballot)]
    services.vote_cast(ballot=ballot, person=person_of(leader), choice={"ranking": order}, by=None)
    client.force_login(leader)
    assert "Préférences par paires" not in client.get(ballot_url(ballot)).content.decode()

    with time_machine.travel(ballot.closes_at + datetime.timedelta(minutes=1)):
        page = client.get(ballot_url(ballot)).content.decode()

    assert "Préférences par paires" in page
    assert '<th scope="row">1. ' in page


def test_facilitator_closes_early_and_lays_the_result(
    client: Any, ballot: Ballot, facilitator: Any
) -> None:
    first = planned_meeting(ballot.group, days_ahead=20)
    client.force_login(facilitator)
    client.post(ballot_url(ballot), {"action": "close"})
    candidates = selectors.candidates_of(ballot)

    response = client.post(
        reverse("themes:ballot_apply", args=[ballot.pk]), {f"theme-{first.pk}": candidates[2].pk}
    )

    assert response.status_code == 302
    assert MeetingTheme.objects.get(meeting=first).theme == candidates[2]


def test_a_member_submits_wishes_from_the_programme(
    client: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    client.force_login(leader)

    client.post(
        reverse("themes:programme", args=[group.pk]),
        {"action": "wishes", "themes": [catalogue[3].pk], "free": "Le télétravail\n"},
    )

    assert {(w.theme, w.text) for w in Wish.objects.filter(person=person_of(leader))} == {
        (catalogue[3], ""),
        (None, "Le télétravail"),
    }


def test_the_programme_offers_the_catalogue_with_my_wishes_checked(
    client: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    client.force_login(leader)
    url = reverse("themes:programme", args=[group.pk])
    client.post(url, {"action": "wishes", "themes": [catalogue[3].pk], "free": ""})

    page = client.get(url).content.decode()

    boxes = re.findall(r'<input type="checkbox" name="themes" value="(\d+)"([^>]*)>', page)
    offered = [int(value) for value, _attrs in boxes]
    active = sorted(
        (t for t in catalogue if t.status == Theme.Status.ACTIVE), key=lambda t: t.title
    )
    assert offered == [t.pk for t in active]
    assert [int(value) for value, attrs in boxes if " checked" in attrs] == [catalogue[3].pk]


def test_an_attendee_rates_from_the_form(client: Any, group: Group, leader: Any) -> None:
    meeting = held_meeting(group, attendees=(leader,))
    client.force_login(leader)

    client.post(
        reverse("themes:rating", args=[meeting.pk]), {"usefulness": "5", "comment": "Concret."}
    )

    assert MeetingRating.objects.get(meeting=meeting).usefulness == 5


def test_home_reminds_a_member_to_vote_and_to_rate(
    client: Any, ballot: Ballot, group: Group, leader: Any
) -> None:
    meeting = held_meeting(group, days_ago=5, attendees=(leader,))
    client.force_login(leader)

    page = client.get(reverse("home")).content.decode()

    assert reverse("themes:ballot", args=[ballot.pk]) in page
    assert reverse("themes:rating", args=[meeting.pk]) in page


def test_home_shows_the_ballot_closing_first_and_the_latest_meeting_to_rate(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any, leader: Any
) -> None:
    days = datetime.timedelta(days=1)
    later = make_ballot(group, catalogue[:3], closes_in=9 * days, by=facilitator)
    sooner = make_ballot(
        group, catalogue[3:6], closes_in=datetime.timedelta(days=2), by=facilitator
    )
    older = held_meeting(group, days_ago=20, attendees=(leader,))
    latest = held_meeting(group, days_ago=3, attendees=(leader,))
    client.force_login(leader)

    page = client.get(reverse("home")).content.decode()

    assert reverse("themes:ballot", args=[sooner.pk]) in page
    assert reverse("themes:ballot", args=[later.pk]) not in page
    assert reverse("themes:rating", args=[latest.pk]) in page
    assert reverse("themes:rating", args=[older.pk]) not in page


def test_home_stops_reminding_once_voted(client: Any, ballot: Ballot, leader: Any) -> None:
    services.vote_cast(ballot=ballot, person=person_of(leader), choice={"ranking": []}, by=None)
    client.force_login(leader)

    assert reverse("themes:ballot", args=[ballot.pk]) not in client.get("/").content.decode()


# Query budgets ----------------------------------------------------------------------------------


def add_data(group: Group, catalogue: list[Theme], count: int) -> None:
    """Meetings with themes and ratings, ballots with votes, wishes, members."""
    MembershipFactory.create_batch(count, group=group)
    people = members_of(group)
    for index in range(count):
        meeting = held_meeting(group, days_ago=40 + index)
        MeetingTheme.objects.create(meeting=meeting, theme=catalogue[index])
        for person in people[:3]:
            MeetingRating.objects.create(meeting=meeting, person=person, usefulness=4)
        planned_meeting(group, days_ahead=30 * (index + 1))
        ballot = make_ballot(group, catalogue[index : index + 3])
        for person in people[:3]:
            services.vote_cast(ballot=ballot, person=person, choice={"ranking": []}, by=None)
        services.wishes_submit(
            group=group, person=people[index], themes=catalogue[:2], texts=["Texte"], by=None
        )


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_programme_queries_do_not_grow_with_the_data(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    url = reverse("themes:programme", args=[group.pk])
    client.force_login(facilitator)
    add_data(group, catalogue, 3)
    before = queries(client, url)
    add_data(group, catalogue, 6)

    assert queries(client, url) == before


def test_catalogue_queries_do_not_grow_with_the_data(
    client: Any, group: Group, catalogue: list[Theme], project_manager: Any
) -> None:
    client.force_login(project_manager)
    add_data(group, catalogue, 3)
    services.theme_propose(group=group, person=None, title="Un", description="", by=None)
    before = queries(client, reverse("themes:catalogue"))
    add_data(group, catalogue, 6)
    services.theme_propose(group=group, person=None, title="Deux", description="", by=None)
    cache.clear()  # the network's ratings are prepared once, then served from the cache

    assert queries(client, reverse("themes:catalogue")) == before


def test_ballot_page_queries_do_not_grow_with_the_votes(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    ballot = make_ballot(group, catalogue[:4])
    people = members_of(group)
    for person in people[:4]:
        services.vote_cast(ballot=ballot, person=person, choice={"ranking": []}, by=None)
    client.force_login(facilitator)
    url = ballot_url(ballot)
    before = queries(client, url)
    MembershipFactory.create_batch(10, group=group)
    for person in members_of(group)[4:]:
        services.vote_cast(ballot=ballot, person=person, choice={"ranking": []}, by=None)

    assert queries(client, url) == before


def test_ballot_list_api_queries_do_not_grow_with_the_ballots(
    api: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    client = api(leader)
    add_data(group, catalogue, 2)
    client.get("/themes")  # the token's first use is recorded once
    client.get(f"/groups/{group.pk}/ballots")  # the roles into the cache
    with CaptureQueriesContext(connection) as before:
        client.get(f"/groups/{group.pk}/ballots")
    add_data(group, catalogue, 5)
    client.get(f"/groups/{group.pk}/ballots")
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"/groups/{group.pk}/ballots")

    assert response.json()["count"] == 7
    assert len(after) == len(before)


ODD_NUMBERS = ["²", "٣", "9" * 5000, "1.5", "-1"]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_dots_that_are_not_plain_digits_are_refused_with_a_message(
    client: Any, group: Group, catalogue: list[Theme], leader: Any, value: str
) -> None:
    ballot = make_ballot(group, catalogue[:2], method=Ballot.Method.DOTS)
    client.force_login(leader)

    response = client.post(
        ballot_url(ballot), {f"dots-{catalogue[0].pk}": value, "action": "cast"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "nombres entiers positifs" in response.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_laying_a_result_with_an_odd_theme_id_leaves_the_meeting_without_theme(
    client: Any, ballot: Ballot, facilitator: Any, value: str
) -> None:
    first = planned_meeting(ballot.group, days_ahead=20)
    client.force_login(facilitator)
    client.post(ballot_url(ballot), {"action": "close"})

    response = client.post(
        reverse("themes:ballot_apply", args=[ballot.pk]), {f"theme-{first.pk}": value}
    )

    assert response.status_code == 302
    assert not MeetingTheme.objects.filter(meeting=first).exists()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_the_programme_adjusted_with_an_odd_theme_id_clears_the_slot(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any, value: str
) -> None:
    meeting = planned_meeting(group, days_ahead=20)
    client.force_login(facilitator)

    response = client.post(
        reverse("themes:programme", args=[group.pk]),
        {"action": "adjust", f"theme-{meeting.pk}": value},
    )

    assert response.status_code == 302
    assert not MeetingTheme.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_a_ballot_form_with_an_odd_candidate_id_is_shown_again(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any, value: str
) -> None:
    client.force_login(facilitator)

    response = client.post(
        reverse("themes:ballot_create", args=[group.pk]),
        {"title": "Choix", "method": "schulze", "candidates": [value, catalogue[0].pk]},
    )

    assert response.status_code == 200
    assert not Ballot.objects.exists()


def test_the_catalogue_search_ignores_a_nul_character(
    client: Any, catalogue: list[Theme], leader: Any
) -> None:
    """PostgreSQL cannot compare with U+0000 (a 500 there): the search drops it."""
    client.force_login(leader)

    response = client.get(reverse("themes:catalogue"), {"q": "Gestion\x00"})

    assert response.status_code == 200
    assert response.context["query"] == "Gestion"


def test_a_ballots_dates_are_typed_and_read_in_the_territorys_time_zone(
    client: Any, group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    """In La Réunion, a ballot closing at 18:00 closes at 18:00 there (14:00 UTC), not at
    18:00 in Paris."""
    from zoneinfo import ZoneInfo

    territory = group.edition.territory
    territory.time_zone = "Indian/Reunion"
    territory.save(update_fields=["time_zone"])
    reunion = ZoneInfo("Indian/Reunion")
    day = datetime.date.today() + datetime.timedelta(days=10)
    client.force_login(facilitator)

    response = client.post(
        reverse("themes:ballot_create", args=[group.pk]),
        {
            "title": "Choix",
            "kind": "other",
            "method": "schulze",
            "dots_per_member": 8,
            "opens_at": f"{day - datetime.timedelta(days=5)}T09:00",
            "closes_at": f"{day}T18:00",
            "candidates": [catalogue[0].pk, catalogue[1].pk],
        },
    )

    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.closes_at == datetime.datetime.combine(day, datetime.time(18), tzinfo=reunion)
    edit = client.get(reverse("themes:ballot_edit", args=[ballot.pk])).content.decode()
    assert f'value="{day}T18:00"' in edit


def test_home_gives_a_ballots_closing_day_in_the_territorys_time_zone(
    client: Any, group: Group, catalogue: list[Theme], leader: Any
) -> None:
    """Martinique is five or six hours behind Paris: a ballot closing at 22:00 there closes
    the next day in Paris; the member reads the day of their territory."""
    from zoneinfo import ZoneInfo

    territory = group.edition.territory
    territory.time_zone = "America/Martinique"
    territory.save(update_fields=["time_zone"])
    martinique = ZoneInfo("America/Martinique")
    day = datetime.date.today() + datetime.timedelta(days=5)
    ballot = make_ballot(group, catalogue[:3])
    Ballot.objects.filter(pk=ballot.pk).update(
        closes_at=datetime.datetime.combine(day, datetime.time(22), tzinfo=martinique)
    )
    client.force_login(leader)

    html = client.get(reverse("home")).content.decode()

    assert f"jusqu’au {day:%d/%m/%Y}" in html or f"jusqu'au {day:%d/%m/%Y}" in html
