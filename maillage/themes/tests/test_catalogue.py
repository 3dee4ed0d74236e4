"""The catalogue: read by anyone of the network, curated by its staff; proposals from groups."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from maillage.editions.models import Group
from maillage.themes import services
from maillage.themes.models import Theme
from maillage.themes.permissions import can_curate, get_theme_for_user, visible_themes
from maillage.themes.tests.conftest import person_of


def test_the_starter_catalogue_has_the_themes_of_the_issue(catalogue: list[Theme]) -> None:
    titles = {theme.title for theme in catalogue}

    assert len(titles) >= 27
    assert {
        "Communication interne",
        "Financer sa stratégie commerciale",
        "L'entretien annuel d'évaluation",
        "Le business plan",
        "La motivation des salariés",
        "La gestion du stress",
        "Développement commercial",
    } <= titles
    assert all(theme.description for theme in catalogue)


def test_members_read_the_catalogue_of_their_network(catalogue: list[Theme], leader: Any) -> None:
    assert visible_themes(leader).count() == len(catalogue)


def test_outsider_gets_404_on_a_theme(catalogue: list[Theme], outsider: Any) -> None:
    with pytest.raises(Http404):
        get_theme_for_user(outsider, catalogue[0].pk)


def test_project_managers_and_network_admins_curate(
    catalogue: list[Theme], project_manager: Any, network_admin: Any, leader: Any
) -> None:
    network_id = catalogue[0].network_id

    assert can_curate(project_manager, network_id)
    assert can_curate(network_admin, network_id)
    assert not can_curate(leader, network_id)


def test_a_member_may_not_edit_a_theme(catalogue: list[Theme], leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        get_theme_for_user(leader, catalogue[0].pk, curate=True)


def test_a_retired_theme_stays_readable_but_leaves_the_choices(
    group: Group, catalogue: list[Theme], project_manager: Any
) -> None:
    services.theme_transition(theme=catalogue[0], action="retire", by=project_manager)

    assert catalogue[0] not in services.usable_themes(group)
    assert visible_themes(project_manager).filter(pk=catalogue[0].pk).exists()


def test_retiring_twice_is_refused(catalogue: list[Theme]) -> None:
    services.theme_transition(theme=catalogue[0], action="retire", by=None)

    with pytest.raises(ValidationError):
        services.theme_transition(theme=catalogue[0], action="retire", by=None)


def test_a_proposal_is_seen_by_its_group_and_the_curators_only(
    group: Group, leader: Any, other_group_leader: Any, project_manager: Any
) -> None:
    theme = services.theme_propose(
        group=group, person=person_of(leader), title="Le télétravail", description="", by=leader
    )

    assert visible_themes(leader).filter(pk=theme.pk).exists()
    assert visible_themes(project_manager).filter(pk=theme.pk).exists()
    assert not visible_themes(other_group_leader).filter(pk=theme.pk).exists()


def test_an_accepted_proposal_joins_the_catalogue(
    group: Group, leader: Any, other_group_leader: Any, project_manager: Any
) -> None:
    theme = services.theme_propose(
        group=group, person=person_of(leader), title="Le télétravail", description="", by=leader
    )

    services.theme_transition(theme=theme, action="accept", by=project_manager)

    assert visible_themes(other_group_leader).filter(pk=theme.pk).exists()


def test_proposing_a_catalogue_title_again_returns_the_catalogue_theme(
    group: Group, catalogue: list[Theme]
) -> None:
    theme = services.theme_propose(
        group=group, person=None, title="communication  interne", description="", by=None
    )

    assert theme == catalogue[0]


def test_staff_add_a_theme_from_the_page(client: Any, project_manager: Any, territory: Any) -> None:
    client.force_login(project_manager)

    response = client.post(
        reverse("themes:create"),
        {"network": territory.network_id, "title": "Le mécénat", "description": "Donner."},
    )

    theme = Theme.objects.get(title="Le mécénat")
    assert response["Location"] == reverse("themes:theme", args=[theme.pk])
    assert theme.status == Theme.Status.ACTIVE


def test_a_member_gets_403_on_the_new_theme_page(client: Any, leader: Any) -> None:
    client.force_login(leader)

    assert client.get(reverse("themes:create")).status_code == 403


def test_staff_accept_a_proposal_from_its_page(
    client: Any, group: Group, project_manager: Any
) -> None:
    theme = services.theme_propose(
        group=group, person=None, title="Le télétravail", description="", by=None
    )
    client.force_login(project_manager)

    client.post(reverse("themes:theme", args=[theme.pk]), {"action": "accept"})

    theme.refresh_from_db()
    assert theme.status == Theme.Status.ACTIVE
