from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.privacy.services import personal_data_export
from maillage.privacy.tests.conftest import World, identifiers


def test_export_contains_the_persons_data(world: World) -> None:
    document = personal_data_export(person=world.alice_person, by=world.alice)
    data = document["data"]
    assert data["territories"]["person"][0]["last_name"] == "Lambert"
    assert data["territories"]["person"][0]["phone"] == "0611223344"
    assert data["accounts"]["account"][0]["email"] == "alice.lambert@example.test"
    assert [m["group"] for m in data["editions"]["memberships"]] == ["Groupe Loire"]
    assert data["editions"]["charter_acceptances"][0]["version"] == "1"
    assert data["meetings"]["attendance"][0]["status"] == "present"
    assert data["meetings"]["minutes_edited"][0]["meeting"] == "Rencontre n° 3"
    assert data["privacy"]["consent_log"][0]["consent"] == "quote_consent"
    assert "accounts.login.succeeded" in [e["action"] for e in data["core"]["audit_entries"]]
    assert data["accounts"]["apitoken"][0]["name"] == "portable de Alice Lambert"


def test_export_contains_nobody_elses_data(world: World) -> None:
    text = json.dumps(personal_data_export(person=world.alice_person, by=world.alice))
    for value in identifiers(world, "bruno"):
        assert value not in text
    others = world.group.memberships.exclude(person__in=[world.alice_person, world.bruno_person])
    for membership in others.select_related("person"):
        assert membership.person.email not in text
        assert membership.person.last_name not in text


def test_export_never_contains_secrets(world: World) -> None:
    document = personal_data_export(person=world.alice_person, by=world.alice)
    text = json.dumps(document)
    assert world.alice.password not in text
    assert "token_hash" not in text
    assert "password" not in text


def test_export_is_json_serialisable_and_names_its_subject(world: World) -> None:
    document = personal_data_export(person=world.alice_person, by=world.alice)
    assert json.loads(json.dumps(document))["subject"] == {
        "person_id": world.alice_person.pk,
        "user_id": world.alice.pk,
    }


def test_export_is_audited(world: World) -> None:
    personal_data_export(person=world.alice_person, by=world.alice, ip_address="203.0.113.9")
    entry = AuditEntry.objects.get(action="privacy.personal_data.exported")
    assert entry.actor_id == world.alice.pk
    assert entry.ip_address == "203.0.113.9"


def test_member_cannot_export_someone_else(world: World) -> None:
    with pytest.raises(PermissionDenied):
        personal_data_export(person=world.bruno_person, by=world.alice)


def test_network_admin_exports_a_person_of_the_network(world: World, network_admin: Any) -> None:
    document = personal_data_export(person=world.bruno_person, by=network_admin)
    assert document["data"]["territories"]["person"][0]["last_name"] == "Martin"


def test_project_manager_cannot_export_a_person(world: World, project_manager: Any) -> None:
    with pytest.raises(PermissionDenied):
        personal_data_export(person=world.bruno_person, by=project_manager)


def test_account_without_a_person_exports_its_account(outsider: Any) -> None:
    document = personal_data_export(user=outsider, by=outsider)
    assert document["data"]["accounts"]["account"][0]["email"] == "outsider@example.test"
    assert "territories" not in document["data"]


def test_my_data_page_shows_my_data_and_the_download_link(client: Any, world: World) -> None:
    client.force_login(world.alice)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Lambert" in page
    assert "0611223344" in page
    assert "Martin" not in page
    assert reverse("privacy:my_data_download") in page


def test_download_is_a_json_attachment(client: Any, world: World) -> None:
    client.force_login(world.alice)
    response = client.get(reverse("privacy:my_data_download"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["data"]["territories"]["person"][0]["first_name"] == (
        "Alice"
    )


def test_my_data_sends_anonymous_visitors_to_the_login(client: Any, db: None) -> None:
    response = client.get(reverse("privacy:my_data_download"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
