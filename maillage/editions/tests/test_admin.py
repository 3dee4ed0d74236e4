"""Staff create editions and groups and fill groups in the admin, through the services."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.editions import services
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.tests.applicants import ApplicationFactory
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.territories.models import Person, Territory
from maillage.territories.tests.admin import admin_login
from maillage.territories.tests.factories import PersonFactory


def edition_form(territory: Territory, **values: Any) -> dict[str, Any]:
    return {
        "territory": territory.pk,
        "number": 5,
        "opening_date": "2030-03-26",
        "duration_months": 24,
        "min_leaders": 10,
        "max_leaders": 12,
        "facilitators_per_group": 3,
        "absence_alert_threshold": 3,
        **values,
    }


def test_creating_an_edition_writes_the_services_audit_entry(
    client: Client, project_manager: Any, territory: Territory
) -> None:
    admin_login(client, project_manager)

    response = client.post(reverse("admin:editions_edition_add"), edition_form(territory))

    assert response.status_code == 302
    edition = Edition.objects.get(territory=territory, number=5)
    entry = AuditEntry.objects.get(action="editions.edition.created")
    assert (entry.actor_id, entry.object_id, entry.territory_id) == (
        project_manager.pk,
        str(edition.pk),
        territory.pk,
    )
    # The same entry as the service's, and no other.
    services.edition_create(
        territory=territory, number=6, opening_date=edition.opening_date, by=project_manager
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "editions.edition.created",
        "editions.edition.created",
    ]


def test_a_business_rule_is_a_form_error(
    client: Client, project_manager: Any, territory: Territory
) -> None:
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_edition_add"), edition_form(territory, min_leaders=13)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Edition.objects.filter(number=5).exists()
    assert not AuditEntry.objects.exists()


def test_an_edition_of_another_territory_is_not_a_choice(
    client: Client, project_manager: Any, territory: Territory, other_territory: Territory
) -> None:
    admin_login(client, project_manager)

    response = client.post(reverse("admin:editions_edition_add"), edition_form(other_territory))

    assert response.status_code == 200
    assert not Edition.objects.filter(territory=other_territory).exists()
    form = response.context["adminform"].form
    assert list(form.fields["territory"].queryset) == [territory]


def test_creating_a_group_goes_through_the_service(
    client: Client, project_manager: Any, edition: Edition
) -> None:
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_group_add"),
        {"edition": edition.pk, "name": "Groupe Rhins", "meeting_weekday": "1"},
    )

    assert response.status_code == 302
    group = Group.objects.get(name="Groupe Rhins")
    assert group.meeting_weekday == 1
    assert AuditEntry.objects.get(action="editions.group.created").object_id == str(group.pk)


def test_group_and_person_choices_exclude_other_territories(
    client: Client, project_manager: Any, group: Group, other_territory: Territory
) -> None:
    forez_group = GroupFactory(edition=EditionFactory(territory=other_territory, number=1))
    services.membership_add(
        group=forez_group, person=PersonFactory(), role=Membership.Role.LEADER, by=None
    )
    admin_login(client, project_manager)

    form = client.get(reverse("admin:editions_membership_add")).context["adminform"].form

    assert set(form.fields["group"].queryset) == {group}
    people = set(form.fields["person"].queryset)
    assert people == {m.person for m in group.memberships.all()}


def selected_leader(edition: Edition) -> Any:
    """An applicant selected for the edition (a person of the territory, in no group yet)."""
    person = PersonFactory()
    ApplicationFactory(edition=edition, person=person)
    return person


def test_adding_a_leader_writes_the_services_audit_entry(
    client: Client, project_manager: Any, edition: Edition
) -> None:
    group = GroupFactory(edition=edition, name="Groupe Rhins")
    person = selected_leader(edition)
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_membership_add"),
        {
            "group": group.pk,
            "person": person.pk,
            "role": "leader",
            "joined_on": edition.opening_date.isoformat(),
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(group_id=group.pk, person_id=person.pk)
    entry = AuditEntry.objects.get(action="editions.membership.added")
    assert (entry.object_id, entry.territory_id, entry.data) == (
        str(membership.pk),
        edition.territory_id,
        {"role": "leader"},
    )


def test_a_thirteenth_leader_is_refused_with_the_reason(
    client: Client, project_manager: Any, group: Group, edition: Edition
) -> None:
    person = selected_leader(edition)
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_membership_add"),
        {
            "group": group.pk,
            "person": person.pk,
            "role": "leader",
            "joined_on": edition.opening_date.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "compte déjà 12 dirigeants" in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


def test_ending_a_membership_goes_through_the_service(
    client: Client, project_manager: Any, group: Group
) -> None:
    membership = group.memberships.first()
    assert membership is not None
    left_on = datetime.date.today()
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_membership_change", args=[membership.pk]),
        {"left_on": left_on.isoformat()},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == left_on
    assert AuditEntry.objects.get(action="editions.membership.ended").object_id == str(
        membership.pk
    )

    response = client.post(
        reverse("admin:editions_membership_change", args=[membership.pk]), {"left_on": ""}
    )

    assert response.status_code == 200  # a departure is not undone here
    membership.refresh_from_db()
    assert membership.left_on == left_on


# The person box: a search, among the people of the staff's territories -------------------------

AUTOCOMPLETE_URL = reverse("admin:autocomplete")


def person_search(
    client: Client, term: str, source: str = "editions.membership.person"
) -> tuple[int, list[str]]:
    """The answer of the admin's autocomplete for a form field ("app.model.field"): its status
    and the names it offers."""
    app_label, model_name, field_name = source.split(".")
    response = client.get(
        AUTOCOMPLETE_URL,
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    if response.status_code != 200:
        return response.status_code, []
    return 200, [result["text"] for result in response.json()["results"]]


@pytest.fixture
def two_annes(edition: Edition, other_territory: Territory) -> dict[str, Person]:
    """Anne Dubreuil, selected for the Roannais's edition; Anne Dubois, a leader in the Forez."""
    roannais = PersonFactory.create(
        first_name="Anne", last_name="Dubreuil", email="anne@dubreuil.test"
    )
    ApplicationFactory(edition=edition, person=roannais)
    forez = PersonFactory.create(first_name="Anne", last_name="Dubois", email="anne@dubois.test")
    forez_group = GroupFactory(edition=EditionFactory(territory=other_territory, number=1))
    services.membership_add(group=forez_group, person=forez, role=Membership.Role.LEADER, by=None)
    return {"roannais": roannais, "forez": forez}


def test_the_person_box_finds_the_people_of_the_territory_by_name_or_email(
    client: Client, project_manager: Any, two_annes: dict[str, Person]
) -> None:
    admin_login(client, project_manager)

    assert person_search(client, "anne dub") == (200, ["Anne Dubreuil (anne@dubreuil.test)"])
    assert person_search(client, "dubreuil.test") == (200, ["Anne Dubreuil (anne@dubreuil.test)"])
    assert person_search(client, "dubois") == (200, [])


def test_the_person_box_finds_nobody_of_another_territory(
    client: Client, other_project_manager: Any, two_annes: dict[str, Person]
) -> None:
    admin_login(client, other_project_manager)

    assert person_search(client, "dubreuil") == (200, [])
    assert person_search(client, "") == (200, ["Anne Dubois (anne@dubois.test)"])


def test_a_superuser_finds_everyone(client: Client, two_annes: dict[str, Person]) -> None:
    from conftest import make_user

    admin_login(client, make_user("root@example.test", is_superuser=True, is_staff=True))

    assert person_search(client, "anne dub") == (
        200,
        ["Anne Dubois (anne@dubois.test)", "Anne Dubreuil (anne@dubreuil.test)"],
    )


@pytest.mark.parametrize(
    "source",
    [
        "business.referral.referrer",  # in no admin
        "editions.application.person",  # the superusers' admin
        "territories.person.company",  # not a search box
    ],
)
def test_the_person_box_answers_staff_only_for_their_forms(
    client: Client, project_manager: Any, two_annes: dict[str, Person], source: str
) -> None:
    admin_login(client, project_manager)

    assert person_search(client, "dubreuil", source) == (403, [])


def test_the_person_box_costs_the_same_for_any_number_of_answers(
    client: Client,
    project_manager: Any,
    group: Group,
    two_annes: dict[str, Person],
    django_assert_num_queries: Any,
) -> None:
    admin_login(client, project_manager)
    person_search(client, "")  # the roles, read once and kept in the cache

    # session, user, the count of answers, their first page
    with django_assert_num_queries(4):
        status, names = person_search(client, "")

    assert (status, len(names)) == (200, 16)  # the group's 15 people and Anne Dubreuil


def test_a_project_manager_adds_a_leader_found_in_the_person_box(
    client: Client, project_manager: Any, edition: Edition, two_annes: dict[str, Person]
) -> None:
    group = GroupFactory(edition=edition, name="Groupe Rhins")
    admin_login(client, project_manager)

    page = client.get(reverse("admin:editions_membership_add")).content.decode()

    assert 'data-ajax--url="/admin/autocomplete/"' in page
    assert re.search(r'<select name="person"[^>]*class="admin-autocomplete"', page)
    assert "Dubreuil" not in page  # no list of people: the box searches them
    found = client.get(
        AUTOCOMPLETE_URL,
        {
            "app_label": "editions",
            "model_name": "membership",
            "field_name": "person",
            "term": "dubreuil",
        },
    ).json()["results"]

    response = client.post(
        reverse("admin:editions_membership_add"),
        {
            "group": group.pk,
            "person": found[0]["id"],
            "role": "leader",
            "joined_on": edition.opening_date.isoformat(),
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(group_id=group.pk, person=two_annes["roannais"])
    entry = AuditEntry.objects.get(action="editions.membership.added", actor=project_manager)
    assert entry.object_id == str(membership.pk)


def test_a_person_of_another_territory_cannot_be_posted(
    client: Client, project_manager: Any, edition: Edition, two_annes: dict[str, Person]
) -> None:
    group = GroupFactory(edition=edition, name="Groupe Rhins")
    admin_login(client, project_manager)

    response = client.post(
        reverse("admin:editions_membership_add"),
        {
            "group": group.pk,
            "person": two_annes["forez"].pk,
            "role": "leader",
            "joined_on": edition.opening_date.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(group_id=group.pk).exists()


def test_the_group_choices_name_each_group_with_its_edition(
    client: Client, project_manager: Any, edition: Edition
) -> None:
    """Editions reuse group names: "Groupe Rhins" of two editions are told apart."""
    later = EditionFactory(territory=edition.territory, number=edition.number + 1)
    for each in (edition, later):
        GroupFactory(edition=each, name="Groupe Rhins")
    admin_login(client, project_manager)

    page = client.get(reverse("admin:editions_membership_add")).content.decode()

    for each in (edition, later):
        assert f">Groupe Rhins · {each}</option>" in page
