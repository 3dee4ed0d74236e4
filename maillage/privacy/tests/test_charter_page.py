"""Members accept their group's charter before reading its content (editions.charter)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse

from config.api import api
from maillage.editions.charter import CHARTER_VERSION, CharterRequired
from maillage.editions.models import CharterAcceptance, Group

pytestmark = pytest.mark.urls("maillage.privacy.tests.content_urls")


def content_url(group: Group) -> str:
    return f"/essai/groupes/{group.pk}/contenu/"


def charter_url(group: Group) -> str:
    return reverse("privacy:charter", args=[group.pk])


def test_a_member_without_the_charter_is_led_to_it(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leader)
    response = client.get(content_url(group))
    assert response.status_code == 302
    assert response["Location"] == f"{charter_url(group)}?next={quote(content_url(group), safe='')}"


def test_the_charter_page_shows_the_text_and_the_acceptance(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(charter_url(group)).content.decode()
    assert "Garder pour moi ce qui se dit dans le groupe" in page
    assert f"Version {CHARTER_VERSION}" in page
    assert 'name="accept"' in page


def test_accepting_records_the_version_and_leads_back(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    response = client.post(charter_url(group), {"accept": "on", "next": content_url(group)})
    assert response.status_code == 302
    assert response["Location"] == content_url(group)
    acceptance = CharterAcceptance.objects.get(membership__person__user=leader)
    assert acceptance.version == CHARTER_VERSION
    assert acceptance.accepted_at is not None
    assert client.get(content_url(group)).content == b"contenu confidentiel"


def test_accepting_needs_the_box_ticked(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leader)
    response = client.post(charter_url(group), {})
    assert response.status_code == 400
    assert not CharterAcceptance.objects.exists()


def test_accepting_does_not_follow_an_outside_next(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leader)
    response = client.post(charter_url(group), {"accept": "on", "next": "https://evil.test/"})
    assert response["Location"] == reverse("meetings:group", args=[group.pk])


def test_staff_read_the_charter_but_do_not_accept_it(
    client: Any, project_manager: Any, group: Group
) -> None:
    client.force_login(project_manager)
    page = client.get(charter_url(group)).content.decode()
    assert "Garder pour moi" in page
    assert 'name="accept"' not in page
    assert client.post(charter_url(group), {"accept": "on"}).status_code == 403


def test_an_outsider_gets_404_on_the_charter(client: Any, outsider: Any, group: Group) -> None:
    client.force_login(outsider)
    assert client.get(charter_url(group)).status_code == 404


def test_staff_still_get_403_on_group_content(
    client: Any, project_manager: Any, group: Group
) -> None:
    client.force_login(project_manager)
    assert client.get(content_url(group)).status_code == 403


def test_the_api_answers_charter_required(rf: Any, group: Group) -> None:
    response = api.on_exception(rf.get("/api/v1/"), CharterRequired(group))
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "charter_required"}
