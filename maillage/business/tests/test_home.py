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
