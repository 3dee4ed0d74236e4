"""The territory page and the edition page: who may see them, what they show, their budget."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import fill_group
from maillage.editions.models import Edition, Group
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Territory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]

MEMBERS_AND_STAFF = ["leader", "facilitator", "alumnus", "project_manager", "network_admin"]
OUTSIDERS = ["other_project_manager", "outsider"]


def territory_url(territory: Territory) -> str:
    return reverse("reports:territory", args=[territory.slug])


def edition_url(edition: Edition) -> str:
    return reverse("reports:edition", args=[edition.pk])


def page_of(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def add_full_group(edition: Edition, name: str, meetings: int = 3) -> Group:
    group = GroupFactory(edition=edition, name=name)
    fill_group(group)
    MeetingFactory.create_batch(meetings, group=group)
    return group


# Territory page ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS_AND_STAFF)
def test_territory_page_opens_for_its_members_alumni_and_staff(
    client: Any, group: Group, territory: Territory, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(territory_url(territory)).status_code == 200


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_territory_page_is_not_found_for_another_territory_or_an_outsider(
    client: Any, group: Group, territory: Territory, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(territory_url(territory)).status_code == 404


def test_territory_page_sends_anonymous_visitors_to_the_login(
    client: Any, territory: Territory
) -> None:
    response = client.get(territory_url(territory))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_territory_page_shows_each_edition_figures_and_totals(
    client: Any, project_manager: Any, group: Group, alumni_group: Group, territory: Territory
) -> None:
    MeetingFactory.create_batch(2, group=group)
    MeetingFactory.create_batch(5, group=alumni_group)
    MeetingFactory(group=alumni_group, status=Meeting.Status.CANCELLED)
    client.force_login(project_manager)
    response = client.get(territory_url(territory))
    report = response.context["report"]
    assert [(e.number, e.leaders, e.meetings_held) for e in report.editions] == [
        (3, 12, 5),
        (4, 12, 2),
    ]
    assert (report.totals.leaders, report.totals.meetings_held) == (24, 7)
    page = response.content.decode()
    assert "Toutes éditions" in page
    assert '<td class="number">24</td>' in page


def test_territory_page_lists_each_edition_groups(
    client: Any, leader: Any, group: Group, other_group: Group, alumni_group: Group
) -> None:
    page = page_of(client, leader, territory_url(group.edition.territory))
    for name in ["Groupe Loire", "Groupe Renaison", "Groupe Charlieu"]:
        assert name in page
    assert reverse("meetings:group", args=[group.pk]) in page


@pytest.mark.parametrize("page", ["territory", "edition"])
def test_members_get_no_link_to_a_group_page_they_cannot_open(
    client: Any, leader: Any, group: Group, other_group: Group, page: str
) -> None:
    url = (
        territory_url(group.edition.territory)
        if page == "territory"
        else edition_url(group.edition)
    )
    content = page_of(client, leader, url)
    assert other_group.name in content
    assert reverse("meetings:group", args=[group.pk]) in content
    assert reverse("meetings:group", args=[other_group.pk]) not in content
    assert client.get(reverse("meetings:group", args=[other_group.pk])).status_code == 404


@pytest.mark.parametrize("page", ["territory", "edition"])
def test_staff_get_a_link_to_every_group_page(
    client: Any, project_manager: Any, group: Group, other_group: Group, page: str
) -> None:
    url = (
        territory_url(group.edition.territory)
        if page == "territory"
        else edition_url(group.edition)
    )
    content = page_of(client, project_manager, url)
    assert reverse("meetings:group", args=[other_group.pk]) in content


def test_territory_page_flags_incomplete_groups_to_staff_only(
    client: Any, project_manager: Any, leader: Any, group: Group, edition: Edition
) -> None:
    fill_group(GroupFactory(edition=edition, name="Groupe Perreux"), leaders=6)
    url = territory_url(edition.territory)
    assert "6 dirigeants (attendu\u00a0: 10 à 12)" in page_of(client, project_manager, url)
    assert "attendu" not in page_of(client, leader, url)


def test_territory_page_without_editions_says_what_to_do(
    client: Any, project_manager: Any, territory: Territory
) -> None:
    page = page_of(client, project_manager, territory_url(territory))
    assert "Aucune édition pour l'instant." in page
    assert "Créez la première édition" in page


def test_territory_page_query_budget(
    client: Any,
    project_manager: Any,
    group: Group,
    alumni_group: Group,
    django_assert_num_queries: Any,
) -> None:
    client.force_login(project_manager)
    # session, user, the territory; roles: network admin rows, project manager rows,
    # memberships, person; bilan: editions, people per edition, meetings held, totals;
    # groups (with member and meeting counts); their members (composition check);
    # navigation: the managed territories
    with django_assert_num_queries(14):
        client.get(territory_url(group.edition.territory))


def test_territory_page_queries_do_not_grow_with_the_data(
    client: Any, project_manager: Any, group: Group, alumni_group: Group, territory: Territory
) -> None:
    client.force_login(project_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(territory_url(territory))
    add_full_group(group.edition, "Groupe Perreux")
    add_full_group(alumni_group.edition, "Groupe Ouest")
    add_full_group(EditionFactory(territory=territory, number=5), "Groupe Nord")
    with CaptureQueriesContext(connection) as after:
        client.get(territory_url(territory))
    assert len(after) == len(before)


# Edition page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS_AND_STAFF)
def test_edition_page_opens_for_the_territory_members_and_staff(
    client: Any, group: Group, edition: Edition, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edition_url(edition)).status_code == 200


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_edition_page_is_not_found_for_another_territory_or_an_outsider(
    client: Any, group: Group, edition: Edition, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edition_url(edition)).status_code == 404


def test_edition_page_sends_anonymous_visitors_to_the_login(client: Any, edition: Edition) -> None:
    response = client.get(edition_url(edition))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_edition_page_lists_groups_with_their_counts_and_meetings_held(
    client: Any, project_manager: Any, group: Group, other_group: Group, edition: Edition
) -> None:
    MeetingFactory.create_batch(3, group=group)
    MeetingFactory(group=group, status=Meeting.Status.PLANNED)
    client.force_login(project_manager)
    response = client.get(edition_url(edition))
    rows = [
        (g.name, g.leader_count, g.facilitator_count, g.held_count, problems)
        for g, problems in response.context["groups"]
    ]
    assert rows == [("Groupe Loire", 12, 3, 3, []), ("Groupe Renaison", 12, 3, 0, [])]
    page = response.content.decode()
    assert "Conforme" in page
    assert "en cours" in page


def test_edition_page_shows_where_the_edition_stands_in_its_two_years(
    client: Any, leader: Any, group: Group, edition: Edition
) -> None:
    page = page_of(client, leader, edition_url(edition))
    assert "Mois 3 sur 24" in page or "Mois 4 sur 24" in page
    assert '<progress value="' in page


def test_edition_page_query_budget(
    client: Any,
    project_manager: Any,
    group: Group,
    other_group: Group,
    django_assert_num_queries: Any,
) -> None:
    client.force_login(project_manager)
    # session, user, the edition (with territory); roles: network admin rows, project manager
    # rows, memberships, person; groups (with member and meeting counts); their members
    # (composition check); navigation: the managed territories
    with django_assert_num_queries(10):
        client.get(edition_url(group.edition))


def test_edition_page_queries_do_not_grow_with_the_data(
    client: Any, project_manager: Any, group: Group, edition: Edition
) -> None:
    client.force_login(project_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(edition_url(edition))
    add_full_group(edition, "Groupe Perreux")
    add_full_group(edition, "Groupe Ouest", meetings=6)
    with CaptureQueriesContext(connection) as after:
        client.get(edition_url(edition))
    assert len(after) == len(before)
