"""The admin for staff: who enters, what each role reaches, and what stays out of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from conftest import make_user
from maillage.accounts.tests.otp import give_totp, totp_now
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.admin_scope import StaffScopedAdmin
from maillage.territories.models import Territory
from maillage.territories.tests.admin import admin_login
from maillage.territories.tests.factories import (
    NetworkAdminFactory,
    NetworkFactory,
    TerritoryFactory,
)


@pytest.fixture
def elsewhere(db: None) -> Territory:
    """A territory of another network."""
    return TerritoryFactory(network=NetworkFactory(slug="autre", name="Autre réseau"))


@pytest.fixture
def other_network_admin(elsewhere: Territory) -> Any:
    user = make_user("admin-ailleurs@example.test")
    NetworkAdminFactory(network=elsewhere.network, user=user)
    return user


@pytest.fixture
def superuser(db: None) -> Any:
    return make_user("root@example.test", is_superuser=True, is_staff=True)


@pytest.fixture
def world(group: Group, elsewhere: Territory, other_territory: Territory) -> dict[str, Any]:
    """An object of each kind in the Roannais (inside), and in another network (outside).
    The Forez (`other_project_manager`'s) is in the Roannais's network."""
    membership = Membership.objects.filter(group=group).select_related("person__company").first()
    assert membership is not None
    forez_group = GroupFactory(edition=EditionFactory(territory=elsewhere, number=1))
    forez_membership = MembershipFactory(group=forez_group)
    return {
        "inside": {
            "territory": group.edition.territory,
            "edition": group.edition,
            "group": group,
            "membership": membership,
            "person": membership.person,
            "company": membership.person.company,
            "meeting": MeetingFactory(group=group),
        },
        "outside": {
            "territory": elsewhere,
            "edition": forez_group.edition,
            "group": forez_group,
            "membership": forez_membership,
            "person": forez_membership.person,
            "company": forez_membership.person.company,
            "meeting": MeetingFactory(group=forez_group),
        },
    }


MODELS = {
    "territory": "territories_territory",
    "edition": "editions_edition",
    "group": "editions_group",
    "membership": "editions_membership",
    "person": "territories_person",
    "company": "territories_company",
    "meeting": "meetings_meeting",
}
ROLES = [
    "anonymous",
    "leader",
    "facilitator",
    "alumnus",
    "project_manager",
    "other_project_manager",
    "network_admin",
    "other_network_admin",
    "superuser",
]
# What staff may do on each model (with objects of their territories); others get nothing.
STAFF_ADD = {"territory": "network_admin", "edition": "all", "group": "all", "membership": "all"}


def expected(role: str, kind: str, page: str, where: str) -> int:
    if role in {"anonymous", "leader", "facilitator", "alumnus"}:
        return 302  # the admin sends to its login, which is the app's
    if role == "superuser":
        return 200
    network_admin = role in {"network_admin", "other_network_admin"}
    if kind == "territory" and not network_admin:
        return 404 if page == "change" else 403
    if page == "add":
        allowed = STAFF_ADD.get(kind)
        return 200 if allowed == "all" or (allowed == "network_admin" and network_admin) else 403
    if page == "changelist":
        return 200
    # A change page: inside the role's territories, or 404.
    mine = {"inside": {"project_manager", "network_admin"}, "outside": {"other_network_admin"}}
    return 200 if role in mine[where] else 404


def url(kind: str, page: str, obj: Any) -> str:
    if page == "change":
        return reverse(f"admin:{MODELS[kind]}_change", args=[obj.pk])
    return reverse(f"admin:{MODELS[kind]}_{page}")


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_answer_each_role_by_its_territories(
    client: Client, request: Any, world: dict[str, Any], alumnus: Any, role: str
) -> None:
    if role != "anonymous":
        admin_login(client, request.getfixturevalue(role))
    answers = {}
    wanted = {}
    for kind in MODELS:
        for page, where in [
            ("changelist", ""),
            ("add", ""),
            ("change", "inside"),
            ("change", "outside"),
        ]:
            obj = world[where or "inside"][kind]
            key = f"{kind} {page} {where}"
            answers[key] = client.get(url(kind, page, obj)).status_code
            wanted[key] = expected(role, kind, page, where)
    assert answers == wanted


def test_changelists_list_the_staff_territories_only(
    client: Client, project_manager: Any, world: dict[str, Any]
) -> None:
    admin_login(client, project_manager)
    for kind in ["edition", "group", "person", "company", "meeting"]:
        page = client.get(url(kind, "changelist", None)).content.decode()
        inside = reverse(f"admin:{MODELS[kind]}_change", args=[world["inside"][kind].pk])
        outside = reverse(f"admin:{MODELS[kind]}_change", args=[world["outside"][kind].pk])
        assert inside in page, kind
        assert outside not in page, kind


def test_a_network_admin_reaches_every_territory_of_the_network(
    client: Client, network_admin: Any, territory: Territory
) -> None:
    sister = TerritoryFactory(network=territory.network, name="Beaujolais")
    edition = EditionFactory(territory=sister, number=1)
    admin_login(client, network_admin)

    assert client.get(url("territory", "change", sister)).status_code == 200
    assert client.get(url("edition", "change", edition)).status_code == 200


# Entering ------------------------------------------------------------------------------------


def test_staff_without_the_second_factor_are_sent_to_log_in_again(
    client: Client, project_manager: Any
) -> None:
    client.force_login(project_manager)  # e.g. logged in as a member before being made staff

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin_login"))
    assert client.get(url("edition", "changelist", None)).status_code == 302


def test_staff_enter_after_the_password_and_the_second_factor(
    client: Client, project_manager: Any
) -> None:
    from conftest import PASSWORD

    give_totp(project_manager)
    response = client.post(
        reverse("accounts:login"),
        {"email": project_manager.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == reverse("accounts:second_factor")
    assert client.get("/admin/").status_code == 302  # half-logged

    response = client.post(reverse("accounts:second_factor"), {"code": totp_now()})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("kind", ["superuser", "django_staff"])
def test_admin_accounts_without_the_second_factor_are_sent_to_log_in_again(
    client: Client, superuser: Any, kind: str
) -> None:
    account = superuser if kind == "superuser" else make_user("dj@example.test", is_staff=True)
    client.force_login(account)  # a password-only login (e.g. a session from before the rule)

    for path in ["/admin/", url("edition", "changelist", None), reverse("admin:autocomplete")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("admin_login")), path

    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "demande une connexion avec votre second facteur" in response.content.decode()


def test_a_superuser_enters_with_the_second_factor(client: Client, superuser: Any) -> None:
    admin_login(client, superuser)

    assert client.get("/admin/").status_code == 200
    assert client.get(url("edition", "changelist", None)).status_code == 200


def test_the_login_asks_a_superuser_for_the_code(client: Client, superuser: Any) -> None:
    from conftest import PASSWORD

    give_totp(superuser)
    response = client.post(
        reverse("accounts:login"),
        {"email": superuser.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == reverse("accounts:second_factor")
    assert client.get("/admin/").status_code == 302  # half-logged

    response = client.post(reverse("accounts:second_factor"), {"code": totp_now()})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_later_login_without_second_factor_loses_the_admin(
    client: Client, project_manager: Any
) -> None:
    admin_login(client, project_manager)
    client.force_login(project_manager)  # a new login in the same session

    assert client.get("/admin/").status_code == 302


def test_the_admin_login_sends_to_the_app_login(client: Client, project_manager: Any) -> None:
    client.force_login(project_manager)

    response = client.get(reverse("admin:login") + "?next=/admin/editions/")

    assert response["Location"] == reverse("accounts:login") + "?next=/admin/editions/"


def test_staff_change_their_password_on_the_app_page(client: Client, project_manager: Any) -> None:
    admin_login(client, project_manager)

    response = client.get(reverse("admin:password_change"))

    assert response["Location"] == reverse("accounts:password_change")


def test_the_view_on_site_redirect_is_not_for_staff(
    client: Client, project_manager: Any, world: dict[str, Any]
) -> None:
    from django.contrib.contenttypes.models import ContentType

    admin_login(client, project_manager)
    edition = world["outside"]["edition"]
    content_type = ContentType.objects.get_for_model(Edition)

    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, edition.pk]))

    assert response.status_code == 404


def test_the_navigation_links_the_admin_for_staff(client: Client, project_manager: Any) -> None:
    client.force_login(project_manager)

    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


# What stays out ------------------------------------------------------------------------------

# The models staff may open, and how. Anything else registered is for superusers only; group
# content (minutes, ideas, contacts, referrals, votes, ratings, answers, documents) is not
# registered at all.
STAFF_MODELS = {
    "territories.territory": {"view", "add", "change"},
    "territories.person": {"view", "change"},
    "territories.company": {"view", "change"},
    "territories.commune": {"view"},
    "territories.activitycode": {"view"},
    "editions.edition": {"view", "add", "change"},
    "editions.group": {"view", "add", "change"},
    "editions.membership": {"view", "add", "change"},
    "editions.recruitmentsettings": {"view", "add", "change"},
    "meetings.meeting": {"view"},
    "surveys.survey": {"view"},
    "surveys.surveyquestion": {"view"},
}


def test_staff_reach_exactly_the_listed_models() -> None:
    reached = {
        model._meta.label_lower: set(model_admin.staff_actions)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, StaffScopedAdmin) and model_admin.staff_actions
    }
    assert reached == STAFF_MODELS


SUPERUSER_ONLY = [
    "accounts_user",
    "accounts_apitoken",
    "core_auditentry",
    "territories_network",
    "editions_application",
    "editions_formationrun",
    "themes_theme",
]


@pytest.mark.parametrize("name", SUPERUSER_ONLY)
def test_superuser_only_models_are_refused_to_staff(
    client: Client, network_admin: Any, superuser: Any, name: str
) -> None:
    admin_login(client, network_admin)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
    admin_login(client, superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/meetings/minutes/",
        "/admin/meetings/minutesrevision/",
        "/admin/business/idea/",
        "/admin/business/contact/",
        "/admin/business/referral/",
        "/admin/surveys/surveyresponse/",
    ],
)
def test_group_content_is_in_nobodys_admin(
    client: Client, network_admin: Any, superuser: Any, path: str
) -> None:
    admin_login(client, network_admin)
    assert client.get(path).status_code == 404
    admin_login(client, superuser)
    assert client.get(path).status_code == 404


def test_staff_cannot_change_reference_data(
    client: Client, project_manager: Any, world: dict[str, Any]
) -> None:
    commune = world["inside"]["company"].commune
    admin_login(client, project_manager)
    change = reverse("admin:territories_commune_change", args=[commune.pk])

    response = client.post(change, {"name": "Ailleurs", "insee_code": commune.insee_code})

    assert response.status_code == 403


def test_a_person_record_is_rectified_and_audited(
    client: Client, project_manager: Any, world: dict[str, Any]
) -> None:
    from maillage.core.models import AuditEntry

    person = world["inside"]["person"]
    admin_login(client, project_manager)

    response = client.post(
        url("person", "change", person),
        {"first_name": "Anne-Marie", "last_name": person.last_name, "phone": "", "job_title": ""},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Anne-Marie"
    entry = AuditEntry.objects.get(action="territories.person.changed")
    assert entry.territory_id == world["inside"]["territory"].pk
    assert entry.data == {"fields": ["first_name"]}


def test_staff_cannot_change_a_persons_email_or_consents(
    client: Client, project_manager: Any, world: dict[str, Any]
) -> None:
    person = world["inside"]["person"]
    admin_login(client, project_manager)

    client.post(
        url("person", "change", person),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": "pm@example.test",
            "directory_consent": "",
        },
    )

    person.refresh_from_db()
    assert person.email != "pm@example.test"
    assert person.directory_consent is True


def territory_form(**values: Any) -> dict[str, Any]:
    data = {
        "name": "Pays de Gex",
        "slug": "pays-de-gex",
        "organiser": "CCI de l'Ain",
        "time_zone": "Europe/Paris",
        "holiday_subdivision": "",
        "school_zone": "",
        "project_manager_roles-TOTAL_FORMS": "0",
        "project_manager_roles-INITIAL_FORMS": "0",
        "project_manager_roles-MIN_NUM_FORMS": "0",
        "project_manager_roles-MAX_NUM_FORMS": "1000",
    }
    return {**data, **values}


def test_a_network_admin_adds_a_territory_to_their_network_audited(
    client: Client, network_admin: Any, territory: Territory
) -> None:
    from maillage.core.models import AuditEntry

    admin_login(client, network_admin)
    response = client.post(
        reverse("admin:territories_territory_add"), territory_form(network=territory.network_id)
    )

    assert response.status_code == 302
    added = Territory.objects.get(slug="pays-de-gex")
    assert added.network_id == territory.network_id
    entry = AuditEntry.objects.get(action="territories.territory.added")
    assert entry.territory_id == added.pk
    assert entry.actor_id == network_admin.pk


def test_a_network_admin_cannot_add_a_territory_to_another_network(
    client: Client, network_admin: Any, elsewhere: Territory
) -> None:
    admin_login(client, network_admin)
    response = client.post(
        reverse("admin:territories_territory_add"), territory_form(network=elsewhere.network_id)
    )

    assert response.status_code == 200  # the form again, with the network refused
    assert "network" in response.context["adminform"].form.errors
    assert not Territory.objects.filter(slug="pays-de-gex").exists()


def test_a_project_manager_cannot_add_a_territory(
    client: Client, project_manager: Any, territory: Territory
) -> None:
    admin_login(client, project_manager)
    response = client.post(
        reverse("admin:territories_territory_add"), territory_form(network=territory.network_id)
    )

    assert response.status_code == 403
    assert not Territory.objects.filter(slug="pays-de-gex").exists()


def test_a_network_admin_removes_a_project_manager_who_loses_the_territory(
    client: Client, network_admin: Any, project_manager: Any, territory: Territory
) -> None:
    from maillage.core.models import AuditEntry
    from maillage.territories.models import ProjectManager

    manager_client = Client()
    admin_login(manager_client, project_manager)
    territory_page = reverse("reports:territory", args=[territory.slug])
    assert manager_client.get(territory_page).status_code == 200
    role = ProjectManager.objects.get(territory=territory, user=project_manager)

    admin_login(client, network_admin)
    response = client.post(
        reverse("admin:territories_territory_change", args=[territory.pk]),
        territory_form(
            name=territory.name,
            slug=territory.slug,
            organiser=territory.organiser,
            **{
                "project_manager_roles-TOTAL_FORMS": "1",
                "project_manager_roles-INITIAL_FORMS": "1",
                "project_manager_roles-0-id": str(role.pk),
                "project_manager_roles-0-territory": str(territory.pk),
                "project_manager_roles-0-DELETE": "on",
            },
        ),
    )

    assert response.status_code == 302
    assert not ProjectManager.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action="territories.project_manager.removed")
    assert entry.territory_id == territory.pk
    assert entry.data == {"user_id": project_manager.pk}
    assert manager_client.get(territory_page).status_code in (403, 404)


def test_a_member_made_project_manager_in_the_admin_logs_in_again_with_two_factor(
    client: Client, superuser: Any, leader: Any, territory: Territory
) -> None:
    from maillage.accounts.services import api_token_create
    from maillage.core.models import AuditEntry
    from maillage.territories.models import ProjectManager

    member_client = Client()
    member_client.force_login(leader)
    _, raw = api_token_create(user=leader, name="script")
    territory_page = reverse("reports:territory", args=[territory.slug])
    admin_login(client, superuser)

    response = client.post(
        reverse("admin:territories_territory_change", args=[territory.pk]),
        territory_form(
            network=territory.network_id,
            name=territory.name,
            slug=territory.slug,
            organiser=territory.organiser,
            **{
                "project_manager_roles-TOTAL_FORMS": "1",
                "project_manager_roles-0-territory": str(territory.pk),
                "project_manager_roles-0-user": str(leader.pk),
            },
        ),
    )

    assert response.status_code == 302
    assert ProjectManager.objects.filter(territory=territory, user=leader).exists()
    # The session opened without a second factor ends; so does the API token.
    assert member_client.get(territory_page).status_code == 302
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    entry = AuditEntry.objects.get(action="territories.project_manager.added")
    assert (entry.actor_id, entry.territory_id) == (superuser.pk, territory.pk)


def test_a_user_made_network_admin_in_the_admin_logs_in_again_with_two_factor(
    client: Client, superuser: Any, leader: Any, territory: Territory
) -> None:
    from maillage.core.models import AuditEntry
    from maillage.territories.models import NetworkAdmin

    member_client = Client()
    member_client.force_login(leader)
    network = territory.network
    admin_login(client, superuser)

    response = client.post(
        reverse("admin:territories_network_change", args=[network.pk]),
        {
            "name": network.name,
            "slug": network.slug,
            "admin_roles-TOTAL_FORMS": "1",
            "admin_roles-INITIAL_FORMS": "0",
            "admin_roles-MIN_NUM_FORMS": "0",
            "admin_roles-MAX_NUM_FORMS": "1000",
            "admin_roles-0-network": str(network.pk),
            "admin_roles-0-user": str(leader.pk),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert NetworkAdmin.objects.filter(network=network, user=leader).exists()
    assert member_client.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.filter(action="territories.network_admin.added").exists()
