from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.accounts.passwords import StaffMinimumLengthValidator
from maillage.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

CHANGE_URL = reverse("accounts:password_change")
FOURTEEN = "tulipe-orage-7"  # 14 characters, not common
FIFTEEN = "tulipe-orage-78"


def change(client: Client, new: str, old: str = DEFAULT_PASSWORD) -> int:
    response = client.post(
        CHANGE_URL, {"old_password": old, "new_password1": new, "new_password2": new}
    )
    return response.status_code


def test_passwords_are_hashed_with_argon2_first() -> None:
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_a_common_password_is_refused(user: User) -> None:
    with pytest.raises(ValidationError) as refusal:
        validate_password("motdepasse", user)

    assert "password_too_common" in [error.code for error in refusal.value.error_list]


def test_a_member_may_choose_ten_characters(user: User) -> None:
    validate_password("tulipe-o7x", user)


def test_staff_need_fifteen_characters(staff: User) -> None:
    with pytest.raises(ValidationError) as refusal:
        validate_password(FOURTEEN, staff)

    assert [error.code for error in refusal.value.error_list] == ["staff_password_too_short"]
    validate_password(FIFTEEN, staff)


def test_a_network_admin_needs_fifteen_characters_too(network_admin: User) -> None:
    with pytest.raises(ValidationError):
        validate_password(FOURTEEN, network_admin)


def test_a_superuser_needs_fifteen_characters_too(db: None) -> None:
    with pytest.raises(ValidationError):
        validate_password(FOURTEEN, UserFactory(is_superuser=True, is_staff=True))


def test_a_future_project_manager_can_be_held_to_the_staff_length(db: None) -> None:
    with pytest.raises(ValidationError):
        StaffMinimumLengthValidator().validate(FOURTEEN, UserFactory(), for_staff=True)


def test_the_change_page_refuses_a_short_password_for_staff(client: Client, staff: User) -> None:
    from conftest import PASSWORD

    client.force_login(staff)

    assert change(client, FOURTEEN, old=PASSWORD) == 400
    assert change(client, FIFTEEN, old=PASSWORD) == 302


def test_the_change_page_asks_for_the_current_password(client: Client, user: User) -> None:
    client.force_login(user)

    assert change(client, FIFTEEN, old="pas-le-bon") == 400
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_the_change_page_refuses_two_different_passwords(client: Client, user: User) -> None:
    client.force_login(user)

    response = client.post(
        CHANGE_URL,
        {"old_password": DEFAULT_PASSWORD, "new_password1": FIFTEEN, "new_password2": FOURTEEN},
    )

    assert response.status_code == 400
    assert "ne sont pas identiques" in response.content.decode()


def test_an_account_without_a_password_can_choose_one(client: Client, db: None) -> None:
    linked_only = User.objects.create_user(email="lien@exemple.test")
    client.force_login(linked_only)

    response = client.post(CHANGE_URL, {"new_password1": FIFTEEN, "new_password2": FIFTEEN})

    assert response.status_code == 302
    linked_only.refresh_from_db()
    assert linked_only.check_password(FIFTEEN)


def test_the_change_page_needs_a_login(client: Client, db: None) -> None:
    assert client.get(CHANGE_URL).status_code == 302


def test_guessing_the_current_password_is_slowed_down_as_logins_are(
    client: Client, user: User
) -> None:
    """A session left open is no way to guess the password: five wrong current passwords
    lock the change (and the login) for a while, even with the right one after."""
    client.force_login(user)
    for attempt in range(5):
        assert change(client, FIFTEEN, old=f"devine-{attempt}") == 400

    response = client.post(
        CHANGE_URL,
        {"old_password": DEFAULT_PASSWORD, "new_password1": FIFTEEN, "new_password2": FIFTEEN},
    )

    assert response.status_code == 400
    assert "Trop de tentatives" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
