from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from maillage.core.models import AuditEntry

LOGIN_URL = reverse("accounts:login")


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_login_page_shows_the_password_and_the_link_forms(client: Client, db: None) -> None:
    response = client.get(LOGIN_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="password"' in content
    assert 'name="lien-email"' in content
    assert reverse("accounts:magic_link_request") in content


def test_password_login_logs_the_user_in(client: Client, user: User) -> None:
    response = client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert logged_in_user_id(client) == str(user.pk)


def test_password_login_ignores_the_case_of_the_address(client: Client, user: User) -> None:
    client.post(LOGIN_URL, {"email": user.email.upper(), "password": DEFAULT_PASSWORD})

    assert logged_in_user_id(client) == str(user.pk)


def test_password_login_rotates_the_session_key(client: Client, user: User) -> None:
    session = client.session
    session["seen"] = True
    session.save()
    key_before = session.session_key

    client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert client.session.session_key != key_before
    assert logged_in_user_id(client) == str(user.pk)


def test_password_login_follows_a_local_next_url(client: Client, user: User) -> None:
    response = client.post(
        LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )

    assert response["Location"] == "/admin/"


def test_password_login_does_not_follow_an_external_next_url(client: Client, user: User) -> None:
    response = client.post(
        LOGIN_URL,
        {"email": user.email, "password": DEFAULT_PASSWORD, "next": "https://evil.test/"},
    )

    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_wrong_password_is_refused_with_a_message(client: Client, user: User) -> None:
    response = client.post(LOGIN_URL, {"email": user.email, "password": "pas-le-bon"})

    assert response.status_code == 400
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert logged_in_user_id(client) is None


def test_unknown_address_gets_the_same_refusal_as_a_wrong_password(
    client: Client, user: User
) -> None:
    wrong_password = client.post(LOGIN_URL, {"email": user.email, "password": "pas-le-bon"})
    unknown = client.post(LOGIN_URL, {"email": "personne@exemple.test", "password": "x"})

    assert unknown.status_code == wrong_password.status_code
    assert "Adresse e-mail ou mot de passe incorrect." in unknown.content.decode()


def test_inactive_user_cannot_log_in_with_a_password(client: Client, db: None) -> None:
    inactive = UserFactory(is_active=False)

    response = client.post(LOGIN_URL, {"email": inactive.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert logged_in_user_id(client) is None


def test_login_form_marks_a_missing_field_as_invalid(client: Client, db: None) -> None:
    response = client.post(LOGIN_URL, {"email": "", "password": ""})

    content = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in content
    assert 'id="id_email_error"' in content


def test_login_and_failed_login_are_audited(client: Client, user: User) -> None:
    client.post(LOGIN_URL, {"email": user.email, "password": "pas-le-bon"})
    client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    actions = list(AuditEntry.objects.order_by("id").values_list("action", "object_id"))
    assert actions == [
        ("accounts.login.failed", str(user.pk)),
        ("accounts.login.succeeded", str(user.pk)),
    ]


def test_logout_ends_the_session(client: Client, user: User) -> None:
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None
    assert AuditEntry.objects.filter(action="accounts.session.ended").count() == 1


@pytest.mark.parametrize("method", ["get", "head", "put"])
def test_logout_refuses_other_methods_than_post(client: Client, user: User, method: str) -> None:
    client.force_login(user)

    response = getattr(client, method)(reverse("accounts:logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(user.pk)
