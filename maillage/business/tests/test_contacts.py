"""Contacts between members: logged in one short form, confirmed by the other side, seen by the
two of them only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.business import services
from maillage.business.models import Contact
from maillage.business.tests.conftest import group_neighbour, person_of
from maillage.editions.models import Group

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members")]

TODAY = datetime.date.today()


@pytest.fixture
def contact(leader: Any, other_group_leader: Any) -> Contact:
    """The leader called the leader of the other group (who appears in the directory)."""
    return services.contact_log(
        other=person_of(other_group_leader),
        kind=Contact.Kind.CALL,
        direction=Contact.Direction.GIVEN,
        happened_on=TODAY,
        note="Conseil sur un recrutement",
        by=leader,
    )


def test_a_member_logs_a_call_to_a_member_of_another_group(contact: Contact, leader: Any) -> None:
    assert contact.author == person_of(leader)
    assert not contact.confirmed_by_other_side


def test_a_member_logs_a_contact_with_an_alumnus(leader: Any, alumnus: Any) -> None:
    contact = services.contact_log(
        other=person_of(alumnus),
        kind=Contact.Kind.VISIT,
        direction=Contact.Direction.RECEIVED,
        happened_on=TODAY,
        by=leader,
    )
    assert contact.other == person_of(alumnus)


def test_a_member_cannot_name_someone_they_may_not_see(
    other_group_leader: Any, group: Group
) -> None:
    hidden = group_neighbour(group)  # not in the directory, not in their group
    with pytest.raises(PermissionDenied):
        services.contact_log(
            other=hidden, kind="call", direction="given", happened_on=TODAY, by=other_group_leader
        )


def test_a_member_may_name_a_groupmate_who_keeps_out_of_the_directory(
    leader: Any, group: Group
) -> None:
    neighbour = group_neighbour(group)
    contact = services.contact_log(
        other=neighbour, kind="help", direction="given", happened_on=TODAY, by=leader
    )
    assert contact.other == neighbour


def test_a_contact_cannot_be_in_the_future(leader: Any, other_group_leader: Any) -> None:
    with pytest.raises(ValidationError):
        services.contact_log(
            other=person_of(other_group_leader),
            kind="call",
            direction="given",
            happened_on=TODAY + datetime.timedelta(days=1),
            by=leader,
        )


def test_a_member_cannot_log_a_contact_with_themself(leader: Any) -> None:
    with pytest.raises(ValidationError):
        services.contact_log(
            other=person_of(leader), kind="call", direction="given", happened_on=TODAY, by=leader
        )


def test_staff_cannot_log_contacts(project_manager: Any, other_group_leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.contact_log(
            other=person_of(other_group_leader),
            kind="call",
            direction="given",
            happened_on=TODAY,
            by=project_manager,
        )


def test_the_other_side_confirms(contact: Contact, other_group_leader: Any) -> None:
    services.contact_confirm(contact=contact, by=other_group_leader)
    assert Contact.objects.get(pk=contact.pk).confirmed_by_other_side


def test_the_author_cannot_confirm_their_own_contact(contact: Contact, leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.contact_confirm(contact=contact, by=leader)


# Pages -------------------------------------------------------------------------------------------


def confirm_url(contact: Contact) -> str:
    return reverse("business:contact_confirm", args=[contact.pk])


def test_the_other_side_confirms_in_one_tap(
    client: Any, contact: Contact, other_group_leader: Any
) -> None:
    client.force_login(other_group_leader)
    response = client.post(confirm_url(contact), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="contact-{contact.pk}"' in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).confirmed_at is not None


def test_the_author_gets_403_on_confirm(client: Any, contact: Contact, leader: Any) -> None:
    client.force_login(leader)
    assert client.post(confirm_url(contact)).status_code == 403


@pytest.mark.parametrize("persona", ["facilitator", "alumnus", "project_manager", "outsider"])
def test_anyone_else_gets_404_on_confirm(
    client: Any, request: Any, contact: Contact, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.post(confirm_url(contact)).status_code == 404


@pytest.mark.parametrize("persona", ["leader", "other_group_leader"])
def test_both_sides_see_the_contact_in_their_list(
    client: Any, request: Any, contact: Contact, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("business:contacts")).content.decode()
    assert "Conseil sur un recrutement" in page


@pytest.mark.parametrize("persona", ["facilitator", "alumnus", "project_manager", "network_admin"])
def test_nobody_else_sees_the_contact(
    client: Any, request: Any, contact: Contact, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for name in ("business:contacts", "business:exchanges"):
        page = client.get(reverse(name)).content.decode()
        assert "Conseil sur un recrutement" not in page


def test_the_form_logs_a_contact_and_comes_back(
    client: Any, leader: Any, other_group_leader: Any
) -> None:
    client.force_login(leader)
    other = person_of(other_group_leader)
    form = client.get(reverse("business:contact_new") + f"?avec={other.pk}").content.decode()
    assert f'value="{other.pk}" selected' in form
    response = client.post(
        reverse("business:contact_new"),
        {"other": other.pk, "kind": "visit", "direction": "given", "happened_on": TODAY},
    )
    assert response.status_code == 302
    assert Contact.objects.get().kind == "visit"


def test_the_form_does_not_offer_people_the_member_may_not_see(
    client: Any, other_group_leader: Any, group: Group
) -> None:
    hidden = group_neighbour(group)
    client.force_login(other_group_leader)
    form = client.get(reverse("business:contact_new")).content.decode()
    assert f'value="{hidden.pk}"' not in form


@pytest.mark.parametrize("persona", ["project_manager", "outsider"])
def test_the_form_is_refused_to_non_members(client: Any, request: Any, persona: str) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("business:contact_new")).status_code == 403


# API ---------------------------------------------------------------------------------------------


def test_the_api_logs_a_contact(api: Any, leader: Any, other_group_leader: Any) -> None:
    other = person_of(other_group_leader)
    response = api(leader).post(
        "/contacts", {"other_id": other.pk, "kind": "help", "direction": "received"}
    )
    assert response.status_code == 201
    assert response.json()["happened_on"] == TODAY.isoformat()


def test_the_api_answers_404_for_a_person_the_member_may_not_see(
    api: Any, other_group_leader: Any, group: Group
) -> None:
    hidden = group_neighbour(group)
    response = api(other_group_leader).post(
        "/contacts", {"other_id": hidden.pk, "kind": "call", "direction": "given"}
    )
    assert response.status_code == 404


def test_the_api_lists_the_contact_to_its_two_sides_only(
    api: Any, contact: Contact, leader: Any, other_group_leader: Any, facilitator: Any
) -> None:
    assert api(leader).get("/contacts").json()["count"] == 1
    assert api(other_group_leader).get("/contacts").json()["count"] == 1
    assert api(facilitator).get("/contacts").json() == {"items": [], "count": 0}


def test_the_api_confirms_for_the_other_side_only(
    api: Any, contact: Contact, leader: Any, other_group_leader: Any, facilitator: Any
) -> None:
    assert api(leader).post(f"/contacts/{contact.pk}/confirm", {}).status_code == 403
    assert api(facilitator).post(f"/contacts/{contact.pk}/confirm", {}).status_code == 404
    confirmed = api(other_group_leader).post(f"/contacts/{contact.pk}/confirm", {})
    assert confirmed.json()["confirmed"] is True


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
def test_the_api_refuses_a_contact_dated_before_the_century(
    api: Any, leader: Any, other_group_leader: Any, day: str
) -> None:
    response = api(leader).post(
        "/contacts",
        {
            "other_id": person_of(other_group_leader).pk,
            "kind": "call",
            "direction": "given",
            "happened_on": day,
        },
    )
    assert response.status_code == 400
    assert "2000" in response.json()["detail"]
    assert not Contact.objects.exists()


def test_the_form_says_in_english_that_the_day_is_out_of_range(
    client: Any, leader: Any, other_group_leader: Any
) -> None:
    leader.language = "en"
    leader.save(update_fields=["language"])
    client.force_login(leader)
    response = client.post(
        reverse("business:contact_new"),
        {
            "other": person_of(other_group_leader).pk,
            "kind": "call",
            "direction": "given",
            "happened_on": "0001-01-01",
        },
    )
    assert response.status_code == 200
    assert "Give a date between 2000 and 2199." in response.content.decode()
    assert not Contact.objects.exists()
