"""A leader's home: my open ideas and my referrals; the "Échanges" entry of the navigation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.business.tests.conftest import person_of
from maillage.business.tests.factories import IdeaFactory, ReferralFactory
from maillage.meetings.models import Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members")]


def test_a_leaders_home_shows_their_open_ideas_and_referrals(
    client: Any, leader: Any, other_group_leader: Any, meeting: Meeting
) -> None:
    me = person_of(leader)
    IdeaFactory(meeting=meeting, author=me, title="Rituel du lundi")
    IdeaFactory(meeting=meeting, author=me, title="Déjà adoptée", status="adopted")
    ReferralFactory(referrer=person_of(other_group_leader), referee=me, client="Hôtel du Lac")
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "Mes idées en cours" in page
    assert "Rituel du lundi" in page
    assert "Déjà adoptée" not in page
    assert "Hôtel du Lac" in page
    assert reverse("business:exchanges") in page


@pytest.mark.parametrize("persona", ["project_manager", "network_admin", "outsider"])
def test_non_members_have_no_exchanges_on_their_home(
    client: Any, request: Any, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("home")).content.decode()
    assert "Mes idées en cours" not in page
    assert reverse("business:exchanges") not in page


def test_alumni_keep_their_exchanges(client: Any, alumnus: Any, leader: Any) -> None:
    ReferralFactory(referrer=person_of(leader), referee=person_of(alumnus), client="Garage Roux")
    client.force_login(alumnus)
    assert "Garage Roux" in client.get(reverse("business:exchanges")).content.decode()
    assert client.get(reverse("business:offers_needs")).status_code == 200


def test_a_project_managers_home_links_to_the_network_of_their_territory(
    client: Any, project_manager: Any, territory: Any
) -> None:
    client.force_login(project_manager)
    page = client.get(reverse("home")).content.decode()
    assert reverse("business:territory_network", args=[territory.slug]) in page


def test_a_network_admins_home_does_not_list_every_territorys_network(
    client: Any, network_admin: Any, territory: Any
) -> None:
    """A national network has a hundred territories: the list would be as long; each
    territory's page links to its network instead."""
    client.force_login(network_admin)
    network_page = reverse("business:territory_network", args=[territory.slug])
    assert network_page not in client.get(reverse("home")).content.decode()
    territory_page = client.get(reverse("reports:territory", args=[territory.slug]))
    assert network_page in territory_page.content.decode()


def test_a_member_finds_the_territorys_network_on_the_territory_page(
    client: Any, leader: Any, territory: Any
) -> None:
    client.force_login(leader)
    page = client.get(reverse("reports:territory", args=[territory.slug])).content.decode()
    assert reverse("business:territory_network", args=[territory.slug]) in page
