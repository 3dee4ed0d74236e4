from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.editions.permissions import visible_people
from maillage.privacy.models import ConsentEvent
from maillage.privacy.services import consents_update
from maillage.privacy.tests.conftest import World
from maillage.territories.models import Person


def test_a_consent_change_is_logged_with_its_time(world: World) -> None:
    consents_update(person=world.alice_person, choices={"directory_consent": False}, by=world.alice)
    event = ConsentEvent.objects.filter(person=world.alice_person).first()
    assert event is not None
    assert (event.kind, event.granted, event.by_id) == ("directory_consent", False, world.alice.pk)
    assert event.at is not None
    assert Person.objects.get(pk=world.alice_person.pk).directory_consent is False


def test_a_consent_change_is_audited(world: World) -> None:
    consents_update(person=world.alice_person, choices={"email_consent": False}, by=world.alice)
    entry = AuditEntry.objects.filter(action="privacy.consents.updated").first()
    assert entry is not None
    assert entry.data == {"email_consent": False}


def test_unchanged_consents_write_nothing(world: World) -> None:
    before = ConsentEvent.objects.count()
    current = Person.objects.get(pk=world.alice_person.pk)
    choices = {"directory_consent": current.directory_consent, "quote_consent": True}
    assert consents_update(person=world.alice_person, choices=choices, by=world.alice) == []
    assert ConsentEvent.objects.count() == before


def test_the_consent_log_is_append_only(world: World) -> None:
    event = ConsentEvent.objects.filter(person=world.alice_person).first()
    assert event is not None
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_a_member_cannot_change_someone_elses_consents(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        consents_update(person=world.bruno_person, choices={"quote_consent": False}, by=world.alice)


def test_withdrawing_the_directory_consent_hides_from_other_groups(
    world: World, other_group_leader: Any
) -> None:
    consents_update(person=world.alice_person, choices={"directory_consent": True}, by=world.alice)
    assert (
        visible_people(User.objects.get(pk=other_group_leader.pk))
        .filter(pk=world.alice_person.pk)
        .exists()
    )
    consents_update(person=world.alice_person, choices={"directory_consent": False}, by=world.alice)
    assert (
        not visible_people(User.objects.get(pk=other_group_leader.pk))
        .filter(pk=world.alice_person.pk)
        .exists()
    )


def test_consents_page_records_the_choices(client: Any, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("privacy:consents"), {"email_consent": "on"})
    assert response.status_code == 302
    person = Person.objects.get(pk=world.alice_person.pk)
    assert (person.directory_consent, person.email_consent, person.quote_consent) == (
        False,
        True,
        False,
    )
    page = client.get(reverse("privacy:consents")).content.decode()
    assert "Historique" in page
    assert "retiré" in page


def test_consents_page_explains_when_the_account_has_no_person(client: Any, outsider: Any) -> None:
    client.force_login(outsider)
    page = client.get(reverse("privacy:consents")).content.decode()
    assert "aucune fiche de participant" in page
