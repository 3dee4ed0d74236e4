"""The pages of a refusal or an error: in the reader's language, in the site's layout, with a
way back. Django's own are bare English pages ("Not Found")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from maillage.editions.models import Group

pytestmark = pytest.mark.django_db

UNKNOWN_GROUP = "/groupes/999999/"


def test_a_page_not_found_says_so_in_french_with_the_navigation(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    response = client.get(UNKNOWN_GROUP)
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr"' in page
    assert "Page introuvable" in page
    assert 'aria-label="Navigation principale"' in page
    assert f'href="{reverse("meetings:group", args=[group.pk])}"' in page  # "Mon groupe"
    assert "Not Found" not in page


def test_a_page_not_found_is_in_english_for_an_english_reader(client: Any, leader: Any) -> None:
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    page = client.get(UNKNOWN_GROUP).content.decode()
    assert '<html lang="en"' in page
    assert "Page not found" in page


def test_a_refusal_says_so_and_leads_home(client: Any, project_manager: Any, group: Group) -> None:
    client.force_login(project_manager)  # the staff do not read a group's ideas
    response = client.get(reverse("business:group_ideas", args=[group.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr"' in page
    assert "Accès refusé" in page
    assert f'href="{reverse("home")}"' in page


def test_a_server_error_says_so_in_the_sites_layout(rf: RequestFactory) -> None:
    response = defaults.server_error(rf.get("/"))  # drawn without the request's context
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr"' in page
    assert "Une erreur" in page
    assert "maillage.css" in page


def test_an_unknown_address_is_answered_by_the_same_page_when_logged_out(client: Any) -> None:
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_form_from_a_stale_page_is_refused_with_what_to_do(leader: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    response = client.post(reverse("accounts:password_change"), {})  # no CSRF token
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr"' in page
    assert "rechargez la page" in page


def test_an_api_address_no_route_matches_answers_the_apis_json_body(client: Any) -> None:
    """A text where the API expects an id: no route matches; the answer is still the API's."""
    response = client.get("/api/v1/editions/null,null")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}
