"""The API of territories, editions, groups and /me."""

from __future__ import annotations

import pytest

from maillage.editions.models import Membership
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_with_a_detail(api) -> None:
    response = api(None).get("/territories")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_leader_lists_their_territory(api, leader, territory, other_territory) -> None:
    body = api(leader).get("/territories").json()
    assert body["count"] == 1
    assert [t["slug"] for t in body["items"]] == ["roannais"]


def test_a_network_admin_lists_every_territory_of_the_network(
    api, network_admin, territory, other_territory
) -> None:
    body = api(network_admin).get("/territories").json()
    assert {t["slug"] for t in body["items"]} == {"roannais", "forez"}


def test_the_territory_list_paginates(api, network_admin, territory) -> None:
    for _ in range(55):
        TerritoryFactory(network=territory.network)
    first = api(network_admin).get("/territories").json()
    second = api(network_admin).get("/territories", page=2).json()
    assert first["count"] == 56
    assert len(first["items"]) == 50
    assert len(second["items"]) == 6


def test_territory_detail_lists_editions(api, project_manager, edition, closed_edition) -> None:
    body = api(project_manager).get("/territories/roannais").json()
    assert body["slug"] == "roannais"
    assert [(e["number"], e["status"]) for e in body["editions"]] == [
        (3, "closed"),
        (4, "running"),
    ]


def test_a_project_manager_of_another_territory_gets_404(api, other_project_manager, territory):
    assert api(other_project_manager).get("/territories/roannais").status_code == 404


def test_an_unknown_territory_answers_404_with_a_detail(api, network_admin) -> None:
    response = api(network_admin).get("/territories/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_edition_detail_counts_group_members(api, project_manager, group, other_group) -> None:
    body = api(project_manager).get(f"/editions/{group.edition_id}").json()
    assert body["number"] == 4
    assert body["status"] == "running"
    assert {(g["name"], g["leaders"], g["facilitators"]) for g in body["groups"]} == {
        ("Groupe Loire", 12, 3),
        ("Groupe Renaison", 12, 3),
    }


def test_group_detail_lists_members_with_their_company(api, leader, group) -> None:
    body = api(leader).get(f"/groups/{group.pk}").json()
    assert len(body["members"]) == 15
    leaders = [m for m in body["members"] if m["role"] == "leader"]
    assert len(leaders) == 12
    assert leaders[0]["company"]["activity_code"]
    assert {m["status"] for m in body["members"]} == {"active"}


def test_a_leader_of_another_group_gets_404_on_the_group(api, other_group_leader, group) -> None:
    assert api(other_group_leader).get(f"/groups/{group.pk}").status_code == 404


def test_an_alumnus_still_reads_their_old_group(api, alumnus, alumni_group) -> None:
    body = api(alumnus).get(f"/groups/{alumni_group.pk}").json()
    assert {m["status"] for m in body["members"]} == {"alumni"}


def test_group_detail_runs_a_constant_number_of_queries(
    api, project_manager, group, django_assert_num_queries
) -> None:
    client = api(project_manager)
    client.get(f"/groups/{group.pk}")  # warm-up: the token's use, the roles into the cache
    # token+user, group+edition+territory, members+people+companies+activities+communes
    with django_assert_num_queries(3):
        client.get(f"/groups/{group.pk}")
    for _ in range(12):
        from maillage.editions.tests.factories import MembershipFactory

        MembershipFactory(group=group)
    client.get(f"/groups/{group.pk}")  # new members: the roles are read again, once
    with django_assert_num_queries(3):
        client.get(f"/groups/{group.pk}")


def test_me_describes_the_roles(api, facilitator, group) -> None:
    body = api(facilitator).get("/me").json()
    assert body["email"] == "facilitator@example.test"
    assert body["person"]["company"] is not None
    assert body["network_admin_of"] == []
    assert body["memberships"] == [
        {
            "group_id": group.pk,
            "group": "Groupe Loire",
            "edition_id": group.edition_id,
            "territory": "roannais",
            "role": Membership.Role.FACILITATOR,
            "status": "active",
        }
    ]


def test_me_of_a_project_manager(api, project_manager, territory) -> None:
    body = api(project_manager).get("/me").json()
    assert body["project_manager_of"] == ["roannais"]
    assert body["person"] is None


def test_an_edition_of_another_territory_answers_404(api, project_manager, territory) -> None:
    elsewhere = EditionFactory(territory=TerritoryFactory())
    GroupFactory(edition=elsewhere)
    assert api(project_manager).get(f"/editions/{elsewhere.pk}").status_code == 404
