"""The directory, person and company pages: privacy, search, filters and query budgets."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import fill_group
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.selectors import composition_problems, edition_timeline
from maillage.editions.tests.factories import (
    EditionFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
)
from maillage.territories.models import Person
from maillage.territories.tests.factories import (
    ActivityCodeFactory,
    CommuneFactory,
    CompanyFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]

DIRECTORY = "/annuaire/"


def leader_of(group: Group, index: int = -1) -> Person:
    memberships = list(
        group.memberships.filter(role=Membership.Role.LEADER, person__user__isnull=True)
    )
    return memberships[index].person


def private(person: Person) -> Person:
    person.directory_consent = False
    person.save()
    return person


def directory_names(client: Any, user: Any, **params: Any) -> set[str]:
    client.force_login(user)
    response = client.get(DIRECTORY, {"page": 1, **params} if params else None)
    assert response.status_code == 200
    return {person.full_name for person in response.context["page"].paginator.object_list}


# Who appears ------------------------------------------------------------------------------------


def test_directory_hides_a_member_who_did_not_consent_from_other_groups(
    client: Any, other_group_leader: Any, group: Group
) -> None:
    hidden = private(leader_of(group))
    names = directory_names(client, other_group_leader)
    assert hidden.full_name not in names
    assert leader_of(group, 0).full_name in names


def test_directory_shows_a_member_who_did_not_consent_to_their_own_group(
    client: Any, leader: Any, group: Group
) -> None:
    hidden = private(leader_of(group))
    assert hidden.full_name in directory_names(client, leader)


@pytest.mark.parametrize("persona", ["project_manager", "network_admin"])
def test_directory_shows_a_member_who_did_not_consent_to_the_territory_staff(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    hidden = private(leader_of(group))
    assert hidden.full_name in directory_names(client, request.getfixturevalue(persona))


def test_directory_shows_nothing_of_a_territory_to_another_project_manager(
    client: Any, other_project_manager: Any, group: Group
) -> None:
    assert directory_names(client, other_project_manager) == set()


def test_directory_is_empty_for_an_account_without_a_role(
    client: Any, outsider: Any, group: Group
) -> None:
    client.force_login(outsider)
    page = client.get(DIRECTORY).content.decode()
    assert "L'annuaire est vide pour vous." in page


def test_directory_sends_anonymous_visitors_to_the_login(client: Any) -> None:
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_directory_shows_contact_details_of_the_own_group_only(
    client: Any, leader: Any, group: Group, other_group: Group, settings: Any
) -> None:
    settings.DIRECTORY_PAGE_SIZE = 100
    mate, stranger = leader_of(group), leader_of(other_group)
    client.force_login(leader)
    page = client.get(DIRECTORY).content.decode()
    assert f"mailto:{mate.email}" in page
    assert f"mailto:{stranger.email}" not in page
    assert stranger.full_name in page


# Search and filters -----------------------------------------------------------------------------


def test_directory_finds_a_person_by_name(client: Any, leader: Any, group: Group) -> None:
    person = leader_of(group)
    person.first_name, person.last_name = "Élodie", "Vernay"
    person.save()
    assert directory_names(client, leader, q="vernay") == {"Élodie Vernay"}
    assert directory_names(client, leader, q="Élodie Vernay") == {"Élodie Vernay"}


def test_directory_finds_people_by_company(client: Any, leader: Any, group: Group) -> None:
    person = leader_of(group)
    person.company = CompanyFactory.create(name="Tissages de Charlieu")
    person.save()
    assert directory_names(client, leader, q="tissages") == {person.full_name}


def test_directory_filters_by_sector(client: Any, leader: Any, group: Group) -> None:
    person = leader_of(group)
    person.company = CompanyFactory.create(
        activity=ActivityCodeFactory(code="62.01Z", section="J", section_label="Information")
    )
    person.save()
    assert directory_names(client, leader, sector="J") == {person.full_name}


def test_directory_filters_by_commune(client: Any, leader: Any, group: Group) -> None:
    person = leader_of(group)
    commune = CommuneFactory(insee_code="69123", name="Lyon")  # no other company is there
    person.company = CompanyFactory.create(commune=commune)
    person.save()
    assert directory_names(client, leader, commune="lyon") == {person.full_name}


def test_the_commune_is_typed_accents_case_and_saint_aside(
    client: Any, leader: Any, group: Group
) -> None:
    person = leader_of(group)
    commune = CommuneFactory(insee_code="42218", name="Saint-Étienne")
    person.company = CompanyFactory.create(commune=commune)
    person.save()
    for typed in ("saint etienne", "St-Etienne", "ÉTIENNE", " st étienne "):
        assert directory_names(client, leader, commune=typed) == {person.full_name}, typed
    assert directory_names(client, leader, commune="Valence") == set()


def test_the_directory_suggests_communes_only_while_they_are_few(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(DIRECTORY).content.decode()
    communes = {
        m.person.company.commune.name
        for m in group.memberships.select_related("person__company__commune")
        if m.person.company and m.person.company.commune
    }
    assert communes
    assert all(f'<option value="{name}">' in page for name in communes)
    for number in range(90):
        member = MembershipFactory(group=group, role=Membership.Role.LEADER)
        member.person.company = CompanyFactory.create(
            commune=CommuneFactory(insee_code=f"99{number:03d}", name=f"Commune {number}")
        )
        member.person.save()
    cache.clear()
    page = client.get(DIRECTORY).content.decode()
    assert 'list="directory-communes"' in page
    assert '<option value="Commune' not in page


def test_directory_filters_by_edition(
    client: Any, project_manager: Any, group: Group, alumni_group: Group
) -> None:
    names = directory_names(client, project_manager, edition=alumni_group.edition_id)
    expected = {m.person.full_name for m in alumni_group.memberships.all()}
    assert names == expected


@pytest.fixture
def forez_group(other_territory: Any) -> Group:
    """A group in the network's second territory."""
    edition = EditionFactory(
        territory=other_territory,
        number=2,
        opening_date=datetime.date.today() - datetime.timedelta(days=60),
    )
    group = GroupFactory(edition=edition, name="Groupe Forez")
    fill_group(group)
    return group


def directory_form(client: Any, user: Any, **params: Any) -> Any:
    client.force_login(user)
    response = client.get(DIRECTORY, params or None)
    assert response.status_code == 200
    return response.context["form"]


def test_one_territory_needs_no_territory_filter(
    client: Any, project_manager: Any, group: Group, alumni_group: Group
) -> None:
    form = directory_form(client, project_manager)
    assert "territory" not in form.fields
    editions = {value for value, _label in form.fields["edition"].choices if value}
    assert editions == {group.edition_id, alumni_group.edition_id}
    assert not form.fields["edition"].disabled


def test_several_territories_choose_the_territory_first(
    client: Any, network_admin: Any, group: Group, forez_group: Group
) -> None:
    form = directory_form(client, network_admin)
    territories = [label for value, label in form.fields["territory"].choices if value]
    assert territories == ["Forez", "Roannais"]
    assert form.fields["edition"].disabled
    assert form.fields["edition"].choices == [("", "Toutes")]
    page = client.get(DIRECTORY).content.decode()
    assert "Choisissez d'abord un territoire." in page


def test_directory_filters_by_territory(
    client: Any, network_admin: Any, group: Group, forez_group: Group
) -> None:
    names = directory_names(client, network_admin, territory=forez_group.edition.territory_id)
    assert names == {m.person.full_name for m in forez_group.memberships.all()}


def test_a_chosen_territory_offers_its_editions_only(
    client: Any, network_admin: Any, group: Group, forez_group: Group
) -> None:
    forez = forez_group.edition.territory_id
    form = directory_form(client, network_admin, territory=forez)
    editions = {value for value, _label in form.fields["edition"].choices if value}
    assert editions == {forez_group.edition_id}
    # An edition of another territory is refused inline, not applied.
    client.force_login(network_admin)
    response = client.get(DIRECTORY, {"territory": forez, "edition": group.edition_id})
    assert 'aria-invalid="true"' in response.content.decode()
    names = {p.full_name for p in response.context["page"].paginator.object_list}
    assert names == {m.person.full_name for m in forez_group.memberships.all()}


def test_a_link_naming_only_the_edition_still_filters(
    client: Any, network_admin: Any, group: Group, forez_group: Group
) -> None:
    names = directory_names(client, network_admin, edition=forez_group.edition_id)
    assert names == {m.person.full_name for m in forez_group.memberships.all()}
    form = directory_form(client, network_admin, edition=forez_group.edition_id)
    assert not form.fields["edition"].disabled


def test_a_member_of_several_territories_network_is_offered_their_own_editions(
    client: Any, leader: Any, group: Group, forez_group: Group
) -> None:
    form = directory_form(client, leader)
    assert "territory" in form.fields
    editions = {value for value, _label in form.fields["edition"].choices if value}
    assert editions == {group.edition_id}
    assert not form.fields["edition"].disabled
    # Another territory chosen: its editions.
    form = directory_form(client, leader, territory=forez_group.edition.territory_id)
    editions = {value for value, _label in form.fields["edition"].choices if value}
    assert editions == {forez_group.edition_id}


def test_a_member_filters_the_network_by_territory(
    client: Any, leader: Any, group: Group, forez_group: Group
) -> None:
    hidden = private(leader_of(forez_group))
    names = directory_names(client, leader, territory=forez_group.edition.territory_id)
    assert names == {
        m.person.full_name for m in forez_group.memberships.all() if m.person != hidden
    }


def test_directory_filters_by_role(client: Any, leader: Any, group: Group) -> None:
    names = directory_names(client, leader, role=Membership.Role.FACILITATOR)
    expected = {
        m.person.full_name for m in group.memberships.filter(role=Membership.Role.FACILITATOR)
    }
    assert names >= expected
    assert len(names & expected) == 3
    assert leader_of(group).full_name not in names


def test_directory_filters_alumni(
    client: Any, project_manager: Any, group: Group, alumni_group: Group
) -> None:
    names = directory_names(client, project_manager, role="alumnus")
    assert names == {m.person.full_name for m in alumni_group.memberships.all()}


def test_directory_combines_edition_and_role_on_the_same_membership(
    client: Any, project_manager: Any, group: Group, alumni_group: Group
) -> None:
    # A leader of the closed edition now facilitates in the current one.
    person = leader_of(alumni_group)
    FacilitatorMembershipFactory(group=group, person=person)
    names = directory_names(
        client, project_manager, edition=alumni_group.edition_id, role="facilitator"
    )
    assert person.full_name not in names


def test_directory_shows_an_inline_error_for_an_unknown_filter_value(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    response = client.get(DIRECTORY, {"sector": "Q", "q": leader_of(group).last_name})
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert response.context["page"].paginator.count == 1


def test_directory_says_what_to_do_when_nothing_matches(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(DIRECTORY, {"q": "personne-de-ce-nom"}).content.decode()
    assert "Personne ne correspond à cette recherche." in page
    assert "Effacer les filtres" in page


def test_directory_is_paginated(
    client: Any, project_manager: Any, group: Group, other_group: Group, settings: Any
) -> None:
    settings.DIRECTORY_PAGE_SIZE = 10
    client.force_login(project_manager)
    response = client.get(DIRECTORY, {"page": 2, "role": "leader"})
    assert len(response.context["rows"]) == 10
    assert response.context["page"].paginator.num_pages == 3
    page = response.content.decode()
    assert "page=3" in page
    assert "role=leader&amp;page=3" in page


# Query budget -----------------------------------------------------------------------------------


def test_directory_query_budget(
    client: Any, leader: Any, group: Group, other_group: Group, django_assert_num_queries: Any
) -> None:
    client.force_login(leader)
    # session, user; roles: network admin rows, project manager rows, memberships, person;
    # the territories one may filter on (kept with the roles); the network's people who appear
    # in the directory (prepared: then from the cache), the user's groups' members, their
    # entries; edition choices; the page's people (with company, activity, commune), their
    # memberships (with group, edition, territory)
    with django_assert_num_queries(13):
        client.get(DIRECTORY)
    # The next request: the roles and the network's people come from the cache.
    with django_assert_num_queries(7):
        client.get(DIRECTORY)


def test_directory_queries_do_not_grow_with_the_data(
    client: Any, project_manager: Any, group: Group, edition: Edition, settings: Any
) -> None:
    settings.DIRECTORY_PAGE_SIZE = 100
    client.force_login(project_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(DIRECTORY, {"q": "Nom"})
    fill_group(GroupFactory(edition=edition))
    fill_group(GroupFactory(edition=EditionFactory(territory=edition.territory)))
    cache.clear()  # the territory's people are prepared, then served from the cache a while
    with CaptureQueriesContext(connection) as after:
        response = client.get(DIRECTORY, {"q": "Nom"})
    assert len(response.context["rows"]) == 45
    assert len(after) == len(before)


# Person page -------------------------------------------------------------------------------------


def person_url(person: Person) -> str:
    return reverse("editions:person", args=[person.pk])


@pytest.mark.parametrize(
    "persona", ["leader", "facilitator", "project_manager", "network_admin", "other_group_leader"]
)
def test_person_page_opens_for_who_may_see_the_person(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(person_url(leader_of(group))).status_code == 200


@pytest.mark.parametrize("persona", ["other_group_leader", "other_project_manager", "outsider"])
def test_person_page_of_a_private_member_is_not_found_beyond_the_group(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    hidden = private(leader_of(group))
    client.force_login(request.getfixturevalue(persona))
    assert client.get(person_url(hidden)).status_code == 404


def test_person_page_sends_anonymous_visitors_to_the_login(client: Any, group: Group) -> None:
    response = client.get(person_url(leader_of(group)))
    assert response.status_code == 302


def test_person_page_shows_contact_details_to_a_group_mate(
    client: Any, leader: Any, group: Group
) -> None:
    person = leader_of(group)
    client.force_login(leader)
    page = client.get(person_url(person)).content.decode()
    assert f"mailto:{person.email}" in page
    assert "Groupe Loire" in page


def test_person_page_badges_each_membership_with_its_status(
    client: Any, leader: Any, group: Group
) -> None:
    client.force_login(leader)
    page = client.get(person_url(leader_of(group))).content.decode()
    assert '<span class="badge badge--active">actif</span>' in page


def test_person_page_keeps_contact_details_from_another_group(
    client: Any, other_group_leader: Any, group: Group
) -> None:
    person = leader_of(group)
    client.force_login(other_group_leader)
    page = client.get(person_url(person)).content.decode()
    assert person.email not in page
    assert "réservées aux membres de son groupe" in page
    # The group's name shows, without a link to a page the reader may not open.
    assert reverse("meetings:group", args=[group.pk]) not in page


# Company page ------------------------------------------------------------------------------------


def company_url(person: Person) -> str:
    return reverse("editions:company", args=[person.company_id])


def test_company_page_shows_the_company_and_its_people(
    client: Any, leader: Any, group: Group
) -> None:
    person = leader_of(group)
    client.force_login(leader)
    page = client.get(company_url(person)).content.decode()
    assert person.company.name in page
    assert person.company.siren in page
    assert person.full_name in page


@pytest.mark.parametrize("persona", ["other_project_manager", "outsider"])
def test_company_page_is_not_found_for_who_sees_none_of_its_people(
    client: Any, group: Group, persona: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(company_url(leader_of(group))).status_code == 404


def test_company_page_lists_only_the_people_the_reader_may_see(
    client: Any, other_group_leader: Any, group: Group, other_group: Group
) -> None:
    company = CompanyFactory(name="Groupe Seb")
    visible = PersonFactory(company=company)
    hidden = PersonFactory(company=company, directory_consent=False)
    MembershipFactory(group=group, person=visible)
    MembershipFactory(group=group, person=hidden)
    client.force_login(other_group_leader)
    page = client.get(reverse("editions:company", args=[company.pk])).content.decode()
    assert visible.full_name in page
    assert hidden.full_name not in page


def test_company_page_queries_do_not_grow_with_its_people(
    client: Any, project_manager: Any, group: Group
) -> None:
    company = CompanyFactory()
    for _ in range(2):
        MembershipFactory(group=group, person=PersonFactory(company=company))
    client.force_login(project_manager)
    url = reverse("editions:company", args=[company.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(4):
        MembershipFactory(group=group, person=PersonFactory(company=company))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


# Selectors -------------------------------------------------------------------------------------


def test_composition_problems_name_each_group_s_faults(group: Group, edition: Edition) -> None:
    small = GroupFactory(edition=edition)
    fill_group(small, leaders=9, facilitators=2)
    big = GroupFactory(edition=edition)
    fill_group(big, leaders=13)
    same_employer = GroupFactory(edition=edition)
    fill_group(same_employer, facilitators=2)
    employer = same_employer.memberships.filter(role="facilitator").first().person.company
    FacilitatorMembershipFactory(group=same_employer, person=PersonFactory(company=employer))
    left = GroupFactory(edition=edition)
    fill_group(left)
    gone = left.memberships.filter(role="leader").first()
    gone.left_on = timezone.localdate()
    gone.save()
    groups = list(Group.objects.filter(edition=edition).select_related("edition"))
    bulk = composition_problems(groups)
    assert set(bulk) == {small.pk, big.pk, same_employer.pk}
    assert bulk[small.pk] == [
        "9 dirigeants (attendu\u00a0: 10 à 12)",
        "2 animateurs (attendu\u00a0: 3)",
    ]
    assert bulk[big.pk] == ["13 dirigeants (attendu\u00a0: 10 à 12)"]
    assert bulk[same_employer.pk] == ["plusieurs animateurs de la même entreprise"]


def test_composition_problems_skip_closed_editions(alumni_group: Group) -> None:
    alumni_group.memberships.filter(role="leader").delete()
    assert composition_problems([alumni_group]) == {}


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (datetime.date(2026, 3, 25), 0),
        (datetime.date(2026, 3, 26), 1),
        (datetime.date(2026, 4, 25), 1),
        (datetime.date(2026, 4, 26), 2),
        (datetime.date(2028, 3, 25), 24),
        (datetime.date(2028, 3, 26), 24),
    ],
)
def test_edition_timeline_counts_the_months_from_the_opening(
    territory: Any, today: datetime.date, month: int
) -> None:
    edition = EditionFactory(territory=territory, opening_date=datetime.date(2026, 3, 26))
    assert edition_timeline(edition, today).month == month
