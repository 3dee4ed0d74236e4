from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, make_user
from maillage.accounts.models import User, hash_token
from maillage.accounts.services import api_token_create
from maillage.core.models import AuditEntry
from maillage.editions.invitations import services
from maillage.editions.models import Edition, Group, Invitation, Membership
from maillage.editions.tests.factories import GroupFactory
from maillage.territories.models import Person, ProjectManager, Territory
from maillage.territories.tests.factories import PersonFactory

LINK = re.compile(r"http://\S+(/invitations/(?P<token>[A-Za-z0-9_-]+)/)")
NEW_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def open_group(edition: Edition) -> Group:
    """A group of the current edition with room for leaders and facilitators."""
    return GroupFactory(edition=edition, name="Groupe Forez-Nord")


def send(by: User, group: Group, email: str = "nouvelle@exemple.test", **extra: Any) -> str:
    """Invite through the service; the path of the emailed link."""
    services.invitation_send(
        by=by,
        role=extra.pop("role", Invitation.Role.LEADER),
        email=email,
        territory=group.edition.territory,
        group=group,
        first_name=extra.pop("first_name", "Nina"),
        last_name=extra.pop("last_name", "Nouvelle"),
        **extra,
    )
    match = LINK.search(str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def send_pm(by: User, territory: Territory, email: str = "cheffe@exemple.test") -> str:
    services.invitation_send(
        by=by,
        role=Invitation.Role.PROJECT_MANAGER,
        email=email,
        territory=territory,
        first_name="Chloé",
        last_name="Cheffe",
    )
    match = LINK.search(str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def accept(client: Client, path: str, password: str = NEW_PASSWORD) -> Any:
    return client.post(path, {"password1": password, "password2": password})


# Sending ---------------------------------------------------------------------------------------


def test_staff_invite_through_the_form_and_an_email_goes_out(
    client: Client, project_manager: User, open_group: Group
) -> None:
    client.force_login(project_manager)
    url = reverse("editions:invite_to_group", kwargs={"group_id": open_group.pk})

    response = client.post(
        url,
        {
            "email": "nina@exemple.test",
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "role": "leader",
            "language": "fr",
        },
    )

    assert response.status_code == 302
    assert mail.outbox[0].to == ["nina@exemple.test"]
    assert LINK.search(str(mail.outbox[0].body))
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.group, invitation.invited_by) == (
        "leader",
        open_group,
        project_manager,
    )
    assert AuditEntry.objects.filter(action="editions.invitation.sent").count() == 1


def test_only_the_hash_of_the_token_is_stored(project_manager: User, open_group: Group) -> None:
    path = send(project_manager, open_group)
    token = path.rstrip("/").rsplit("/", 1)[-1]

    assert Invitation.objects.get().token_hash == hash_token(token)
    assert len(token) >= 43


def test_the_email_goes_out_in_the_language_chosen_for_a_newcomer(
    project_manager: User, open_group: Group
) -> None:
    send(project_manager, open_group, language="en")

    assert mail.outbox[0].extra_headers["Content-Language"] == "en"


def test_an_english_invitation_is_written_in_english(
    project_manager: User, open_group: Group
) -> None:
    send(project_manager, open_group, language="en")

    assert mail.outbox[0].subject == "Invitation to join Maillage"
    assert "invites you to join Maillage as" in str(mail.outbox[0].body)


def test_the_email_goes_out_in_the_language_of_an_existing_account(
    project_manager: User, open_group: Group
) -> None:
    make_user("english@exemple.test", language="en")

    send(project_manager, open_group, email="english@exemple.test", language="fr")

    assert mail.outbox[0].extra_headers["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("project_manager", 200),
        ("network_admin", 200),
        ("leader", 403),
        ("facilitator", 403),
        ("other_project_manager", 404),
        ("other_group_leader", 404),
        ("outsider", 404),
    ],
)
def test_only_staff_of_the_territory_may_open_the_group_invitation_form(
    client: Client, group: Group, persona: str, status: int, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("editions:invite_to_group", kwargs={"group_id": group.pk}))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("project_manager", 200),
        ("network_admin", 200),
        ("leader", 403),
        ("other_project_manager", 404),
        ("outsider", 404),
    ],
)
def test_only_staff_of_the_territory_may_invite_a_project_manager(
    client: Client,
    territory: Territory,
    group: Group,
    persona: str,
    status: int,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(persona))

    url = reverse("editions:invite_project_manager", kwargs={"slug": territory.slug})

    assert client.get(url).status_code == status


def test_the_invitation_form_needs_a_login(client: Client, group: Group) -> None:
    response = client.get(reverse("editions:invite_to_group", kwargs={"group_id": group.pk}))

    assert response.status_code == 302


def test_a_group_invitation_cannot_ask_for_the_project_manager_role(
    client: Client, project_manager: User, open_group: Group
) -> None:
    client.force_login(project_manager)

    response = client.post(
        reverse("editions:invite_to_group", kwargs={"group_id": open_group.pk}),
        {
            "email": "nina@exemple.test",
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "role": "project_manager",
            "language": "fr",
        },
    )

    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_the_service_refuses_a_role_that_does_not_fit_the_target(
    project_manager: User, open_group: Group
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.invitation_send(
            by=project_manager,
            role=Invitation.Role.PROJECT_MANAGER,
            email="x@exemple.test",
            territory=open_group.edition.territory,
            group=open_group,
        )


def test_staff_of_another_territory_cannot_invite_through_the_service(
    other_project_manager: User, open_group: Group
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        send(other_project_manager, open_group)


def test_a_facilitator_needs_a_person_with_a_company_before_the_invitation(
    project_manager: User, open_group: Group
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="entreprise"):
        send(project_manager, open_group, role=Invitation.Role.FACILITATOR)


# Accepting -------------------------------------------------------------------------------------


def test_opening_the_link_shows_the_invitation_and_changes_nothing(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    response = client.get(path)

    assert response.status_code == 200
    assert "dirigeant" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()


def test_a_newcomer_accepts_sets_a_password_joins_the_group_and_is_logged_in(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    response = accept(client, path)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    membership = Membership.objects.get(group=open_group, person__user=user)
    assert membership.role == Membership.Role.LEADER
    assert membership.person.full_name == "Nina Nouvelle"


def test_accepting_is_audited(client: Client, project_manager: User, open_group: Group) -> None:
    path = send(project_manager, open_group)

    accept(client, path)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"editions.invitation.accepted", "editions.membership.added"} <= actions


def test_a_newcomer_may_go_without_a_password_and_use_login_links(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    client.post(path, {"password1": "", "password2": ""})

    user = User.objects.get(email="nouvelle@exemple.test")
    assert not user.has_usable_password()
    assert Membership.objects.filter(person__user=user).exists()


def test_a_common_password_is_refused_at_acceptance(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    response = accept(client, path, password="motdepasse")

    assert response.status_code == 400
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitation_serves_once(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)
    accept(client, path)
    client.logout()

    response = accept(client, path)

    assert response.status_code == 200
    assert "déjà été acceptée" in response.content.decode()
    assert Membership.objects.filter(group=open_group).count() == 1


def test_an_invitation_expires_after_fourteen_days(
    client: Client,
    project_manager: User,
    open_group: Group,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    path = send(project_manager, open_group)
    time_machine.move_to(Invitation.objects.get().created_at + timedelta(days=14, seconds=1))

    response = accept(client, path)

    assert "a expiré" in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()


def test_an_invitation_still_works_on_its_thirteenth_day(
    client: Client,
    project_manager: User,
    open_group: Group,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    path = send(project_manager, open_group)
    time_machine.move_to(Invitation.objects.get().created_at + timedelta(days=13, hours=23))

    accept(client, path)

    assert Membership.objects.filter(group=open_group).count() == 1


def test_an_unknown_token_is_refused(client: Client, db: None) -> None:
    response = client.post(reverse("editions:invitation", kwargs={"token": "x" * 43}))

    assert "n'existe pas" in response.content.decode().replace("&#x27;", "'")


def test_the_role_comes_from_the_invitation_not_from_the_form(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    client.post(path, {"password1": "", "password2": "", "role": "project_manager"})

    user = User.objects.get(email="nouvelle@exemple.test")
    assert not ProjectManager.objects.filter(user=user).exists()
    assert Membership.objects.get(person__user=user).role == Membership.Role.LEADER


def test_an_existing_account_accepts_with_the_link_alone(
    client: Client, project_manager: User, open_group: Group
) -> None:
    existing = make_user("deja@exemple.test")
    person = PersonFactory.create(email="deja@exemple.test", user=existing)
    path = send(project_manager, open_group, email="deja@exemple.test")

    response = client.post(path)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert Membership.objects.filter(group=open_group, person=person).exists()


def test_a_facilitator_invitation_links_the_existing_person(
    client: Client, project_manager: User, open_group: Group
) -> None:
    person = PersonFactory.create(email="anim@exemple.test")
    path = send(
        project_manager, open_group, email="anim@exemple.test", role=Invitation.Role.FACILITATOR
    )

    accept(client, path)

    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "anim@exemple.test"
    assert Membership.objects.get(person=person).role == Membership.Role.FACILITATOR


def test_someone_logged_in_with_another_account_cannot_accept(
    client: Client, project_manager: User, open_group: Group, outsider: User
) -> None:
    path = send(project_manager, open_group)
    client.force_login(outsider)

    response = client.post(path)

    assert response.status_code == 400
    assert "autre adresse" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_a_full_group_refuses_the_newcomer_and_the_invitation_stays_unused(
    client: Client, project_manager: User, group: Group
) -> None:
    path = send(project_manager, group)

    response = accept(client, path)

    assert response.status_code == 400
    assert "maximum" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()


def test_a_new_project_manager_becomes_staff_and_must_set_up_two_factor(
    client: Client, project_manager: User, territory: Territory
) -> None:
    path = send_pm(project_manager, territory)

    response = accept(client, path, password="une phrase de passe de chef")

    user = User.objects.get(email="cheffe@exemple.test")
    assert ProjectManager.objects.filter(territory=territory, user=user).exists()
    assert response["Location"] == reverse("accounts:two_factor_setup_at_login")
    assert "_auth_user_id" not in client.session


def test_a_new_project_manager_needs_fifteen_characters(
    client: Client, project_manager: User, territory: Territory
) -> None:
    path = send_pm(project_manager, territory)

    response = accept(client, path, password="tulipe-orage-7")  # 14

    assert response.status_code == 400
    assert not ProjectManager.objects.exclude(user=project_manager).exists()


def test_a_logged_in_member_becoming_project_manager_logs_in_again_with_two_factor(
    client: Client, project_manager: User, territory: Territory
) -> None:
    invitee = make_user("cheffe@exemple.test")
    elsewhere = Client()
    elsewhere.force_login(invitee)
    path = send_pm(project_manager, territory)
    client.force_login(invitee)

    response = client.post(path)

    assert ProjectManager.objects.filter(user=invitee).exists()
    assert response["Location"] == reverse("accounts:two_factor_setup_at_login")
    assert "_auth_user_id" not in client.session
    assert elsewhere.get(reverse("home")).status_code == 302


def test_a_member_becoming_project_manager_loses_the_api_tokens_taken_without_two_factor(
    client: Client, project_manager: User, territory: Territory
) -> None:
    invitee = make_user("cheffe@exemple.test")
    _, raw = api_token_create(user=invitee, name="script")
    path = send_pm(project_manager, territory)
    client.force_login(invitee)

    client.post(path)

    assert ProjectManager.objects.filter(user=invitee).exists()
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_logged_in_member_joining_another_group_keeps_the_session(
    client: Client, project_manager: User, open_group: Group
) -> None:
    invitee = make_user("nouvelle@exemple.test")
    path = send(project_manager, open_group)
    client.force_login(invitee)

    response = client.post(path)

    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(invitee.pk)


def test_a_person_record_is_created_for_a_newcomer(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    accept(client, path)

    person = Person.objects.get(email="nouvelle@exemple.test")
    assert (person.first_name, person.last_name) == ("Nina", "Nouvelle")


def test_the_invitation_page_for_an_unknown_address_asks_for_an_optional_password(
    client: Client, project_manager: User, open_group: Group
) -> None:
    path = send(project_manager, open_group)

    page = client.get(path).content.decode()

    assert 'name="password1"' in page
    assert PASSWORD not in page
