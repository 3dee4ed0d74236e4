from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.core.personal_data import Erasure, Subject, holdings, pseudonym
from maillage.editions.permissions import visible_people
from maillage.meetings.models import Attendance, Minutes
from maillage.privacy.services import account_erase, person_erase, personal_data_export
from maillage.privacy.tests.conftest import World, identifiers
from maillage.reports.selectors import territory_report
from maillage.territories.models import Person, ProjectManager


def alice(world: World) -> Subject:
    return Subject(person_id=world.alice_person.pk, user_id=world.alice.pk)


def snapshot(subject: Subject) -> dict[tuple[str, str, str, Any], Any]:
    """Every registered personal field of the subject's rows: (model, lookup, field, pk) → value."""
    values = {}
    for holding in holdings():
        if holding.erasure is Erasure.ANONYMISE:
            for row in holding.rows(subject):
                for name in holding.fields:
                    key = (holding.model, holding.of_person or holding.of_user, name, row.pk)
                    values[key] = getattr(row, name)
    return values


def counts(subject: Subject) -> dict[tuple[str, str], int]:
    return {
        (holding.model, holding.of_person or holding.of_user): holding.rows(subject).count()
        for holding in holdings()
    }


def test_erasure_leaves_no_personal_field(world: World) -> None:
    subject = alice(world)
    before = snapshot(subject)
    names = identifiers(world, "alice")
    assert {key[0] for key in before} >= {
        "accounts.User",
        "territories.Person",
        "core.AuditEntry",
        "meetings.Rsvp",
        "meetings.ReminderDelivery",
    }

    person_erase(person=world.alice_person, by=world.alice)

    after = snapshot(subject)
    assert after.keys() >= before.keys()  # anonymised rows stay (and the erasure is audited)
    for key, value in after.items():
        assert not value or value != before.get(key), key
        for name in names:
            assert name.lower() not in str(value).lower(), key


def test_erasure_deletes_credentials_and_keeps_what_the_figures_count(world: World) -> None:
    subject = alice(world)
    before = counts(subject)
    assert before[("accounts.ApiToken", "user")] == 1
    assert before[("accounts.MagicLink", "user")] == 1
    assert before[("meetings.CalendarFeed", "person")] == 1
    assert before[("meetings.HostingPreference", "person")] == 1

    person_erase(person=world.alice_person, by=world.alice)

    after = counts(subject)
    for holding in holdings():
        key = (holding.model, holding.of_person or holding.of_user)
        if holding.erasure is Erasure.DELETE:
            assert after[key] == 0, key
        else:  # kept (the trail gains the erasure's own entry)
            assert after[key] >= before[key], key


def test_erasure_leaves_the_export_without_a_trace_of_the_person(world: World) -> None:
    names = identifiers(world, "alice")
    person_erase(person=world.alice_person, by=world.alice)
    superuser = User.objects.create_superuser("dpo@example.test", "a long passphrase here")
    text = json.dumps(personal_data_export(person=world.alice_person, by=superuser))
    for name in names:
        assert name not in text


def test_erasure_keeps_the_territory_report_totals(world: World) -> None:
    territory = world.group.edition.territory
    before = territory_report(territory)
    person_erase(person=world.alice_person, by=world.alice)
    after = territory_report(territory)
    assert after.totals == before.totals
    assert after.editions == before.editions


def test_erasure_keeps_attendance_and_membership_rows(world: World) -> None:
    person_erase(person=world.alice_person, by=world.alice)
    assert Attendance.objects.filter(person=world.alice_person).count() == 1
    assert world.alice_person.memberships.count() == 1
    assert Person.objects.get(pk=world.alice_person.pk).full_name == "Ancien membre"


def test_erased_persons_words_stay_attributed_to_a_former_member(world: World) -> None:
    person_erase(person=world.alice_person, by=world.alice)
    minutes = Minutes.objects.select_related("updated_by").get(pk=world.minutes.pk)
    assert minutes.text == "Alice a parlé de sa trésorerie."
    assert minutes.updated_by is not None
    assert minutes.updated_by.get_full_name() == "Ancien membre"


def test_erasure_pseudonymises_the_audit_labels(world: World) -> None:
    person_erase(person=world.alice_person, by=world.alice)
    labels = set(AuditEntry.objects.filter(actor=world.alice).values_list("actor_label", flat=True))
    assert labels == {pseudonym(world.alice.pk)}
    assert "Alice" not in pseudonym(world.alice.pk)
    assert not AuditEntry.objects.filter(actor=world.alice, ip_address__isnull=False).exists()


def test_pseudonyms_are_stable_and_distinct() -> None:
    assert pseudonym(1) == pseudonym(1)
    assert pseudonym(1) != pseudonym(2)


def test_erasure_leaves_other_peoples_entries_alone(world: World) -> None:
    person_erase(person=world.alice_person, by=world.alice)
    entry = AuditEntry.objects.filter(actor=world.bruno).first()
    assert entry is not None
    assert entry.actor_label == "Bruno Martin"
    assert entry.ip_address is not None


def test_erasure_is_audited(world: World, network_admin: Any) -> None:
    person_erase(person=world.alice_person, by=network_admin, ip_address="203.0.113.9")
    entry = AuditEntry.objects.get(action="privacy.personal_data.erased")
    assert entry.actor_id == network_admin.pk
    assert entry.object_id == str(world.alice_person.pk)


def test_erasure_deactivates_the_account_and_ends_its_sessions(client: Any, world: World) -> None:
    client.force_login(world.alice)
    assert client.get(reverse("home")).status_code == 200

    person_erase(person=world.alice_person, by=world.alice)

    user = User.objects.get(pk=world.alice.pk)
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@erased.invalid")
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(world.alice.pk) not in sessions
    assert client.get(reverse("home")).status_code == 302


def test_erased_person_leaves_the_directory(world: World, other_group_leader: Any) -> None:
    Person.objects.filter(pk=world.alice_person.pk).update(directory_consent=True)
    assert visible_people(other_group_leader).filter(pk=world.alice_person.pk).exists()
    person_erase(person=world.alice_person, by=world.alice)
    User.objects.get(pk=other_group_leader.pk)  # a fresh object: roles are not cached
    assert (
        not visible_people(User.objects.get(pk=other_group_leader.pk))
        .filter(pk=world.alice_person.pk)
        .exists()
    )


def test_member_cannot_erase_someone_else(world: World) -> None:
    with pytest.raises(PermissionDenied):
        person_erase(person=world.bruno_person, by=world.alice)
    assert Person.objects.get(pk=world.bruno_person.pk).last_name == "Martin"


def test_erasing_a_project_manager_removes_the_staff_role(project_manager: Any) -> None:
    account_erase(user=project_manager, by=project_manager)
    assert not ProjectManager.objects.filter(user=project_manager).exists()
    assert User.objects.get(pk=project_manager.pk).display_name == "Ancien membre"


def test_erasure_page_asks_for_a_confirmation(client: Any, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("privacy:erase"), {})
    assert response.status_code == 400
    assert Person.objects.get(pk=world.alice_person.pk).last_name == "Lambert"


def test_erasure_page_erases_and_logs_out(client: Any, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("privacy:erase"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert Person.objects.get(pk=world.alice_person.pk).last_name == "membre"
    assert client.get(reverse("home")).status_code == 302


def test_every_model_pointing_at_a_user_or_a_person_is_registered() -> None:
    """A new model holding something about a person must say, in its app's personal_data.py,
    how it is exported and erased."""
    targets = {apps.get_model("accounts.User"), apps.get_model("territories.Person")}
    declared = {(h.model, (h.of_person or h.of_user).split("__")[0]) for h in holdings()}
    subjects = {h.model for h in holdings() if (h.of_person or h.of_user) == "pk"}
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("maillage."):
            continue
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model in targets:
                label = model._meta.label
                if (label, field.name) not in declared and label not in subjects:
                    missing.append(f"{label}.{field.name}")
    assert not missing, f"declare these in the app's personal_data.py: {missing}"
