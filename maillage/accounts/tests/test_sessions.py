from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from maillage.accounts import services
from maillage.accounts.models import ApiToken, User
from maillage.accounts.tests.factories import DEFAULT_PASSWORD
from maillage.accounts.tests.otp import give_totp, totp_now
from maillage.core.models import AuditEntry

HOME = reverse("home")
LOGIN_URL = reverse("accounts:login")

pytestmark = pytest.mark.usefixtures("frozen")


def is_logged_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def log_in_staff(client: Client, staff: User) -> None:
    client.post(LOGIN_URL, {"email": staff.email, "password": PASSWORD})
    client.post(reverse("accounts:second_factor"), {"code": totp_now()})


# Lifetimes ------------------------------------------------------------------------------------


def test_the_lifetimes_differ_for_staff_and_members() -> None:
    assert settings.SESSION_LIFETIMES == {
        "staff": {"idle": 30 * 60, "absolute": 12 * 3600},
        "member": {"idle": 14 * 86400, "absolute": 30 * 86400},
    }


def test_a_staff_session_ends_after_thirty_idle_minutes(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(staff)
    frozen.shift(timedelta(minutes=30, seconds=1))

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_a_staff_session_survives_twenty_nine_idle_minutes(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(staff)
    frozen.shift(timedelta(minutes=29))

    assert is_logged_in(client)


def test_an_active_staff_session_ends_twelve_hours_after_the_login(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(staff)
    for _ in range(12 * 3 - 1):  # a request every 20 minutes, the last at 11:40
        frozen.shift(timedelta(minutes=20))
        assert is_logged_in(client)

    frozen.shift(timedelta(minutes=20, seconds=1))

    assert not is_logged_in(client)


def test_a_member_session_survives_thirteen_idle_days(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(user)
    frozen.shift(timedelta(days=13))

    assert is_logged_in(client)


def test_a_member_session_ends_after_fourteen_idle_days(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(user)
    frozen.shift(timedelta(days=14, seconds=1))

    assert not is_logged_in(client)


def test_an_active_member_session_ends_thirty_days_after_the_login(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(user)
    for _ in range(2):
        frozen.shift(timedelta(days=10))
        assert is_logged_in(client)
    frozen.shift(timedelta(days=9, hours=23))
    assert is_logged_in(client)

    frozen.shift(timedelta(hours=1, seconds=1))

    assert not is_logged_in(client)


def test_an_expired_session_says_so_on_the_login_page(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    client.force_login(staff)
    frozen.shift(timedelta(hours=1))

    page = client.get(HOME, follow=True).content.decode()

    assert "Votre session a expiré" in page


def test_the_session_store_keeps_a_staff_session_twelve_hours_at_most(
    client: Client, staff: User
) -> None:
    client.force_login(staff)

    assert client.session.get_expiry_age() == 12 * 3600


def test_sessions_are_kept_server_side() -> None:
    from config import settings as project_settings

    assert project_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_the_session_key_changes_at_login(client: Client, user: User) -> None:
    session = client.session
    session["seen"] = True
    session.save()

    client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert client.session.session_key != session.session_key


def test_the_session_key_changes_at_each_step_of_a_two_factor_login(
    client: Client, staff: User
) -> None:
    give_totp(staff)
    keys = [client.session.session_key]
    client.post(LOGIN_URL, {"email": staff.email, "password": PASSWORD})
    keys.append(client.session.session_key)
    client.post(reverse("accounts:second_factor"), {"code": totp_now()})
    keys.append(client.session.session_key)

    assert len(set(keys)) == 3


# Log out everywhere, deactivation, password change ------------------------------------------


def test_logging_out_everywhere_ends_every_session_of_the_account(
    client: Client, user: User
) -> None:
    phone, laptop = Client(), Client()
    phone.force_login(user)
    laptop.force_login(user)

    response = laptop.post(reverse("accounts:logout_everywhere"))

    assert response["Location"] == LOGIN_URL
    assert not is_logged_in(phone)
    assert not is_logged_in(laptop)
    assert AuditEntry.objects.filter(action="accounts.session.ended_everywhere").count() == 1


def test_logging_out_everywhere_revokes_the_accounts_api_tokens(
    client: Client, user: User, staff: User
) -> None:
    _, raw = services.api_token_create(user=user, name="script")
    _, theirs = services.api_token_create(user=staff, name="script")
    client.force_login(user)

    client.post(reverse("accounts:logout_everywhere"))

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {theirs}"}).status_code == 200
    )
    entry = AuditEntry.objects.get(action="accounts.session.ended_everywhere")
    assert entry.data == {"tokens_revoked": 1}


def test_logging_out_everywhere_leaves_other_accounts_alone(
    client: Client, user: User, staff: User
) -> None:
    mine, theirs = Client(), Client()
    mine.force_login(user)
    theirs.force_login(staff)

    mine.post(reverse("accounts:logout_everywhere"))

    assert is_logged_in(theirs)


def test_logging_out_everywhere_refuses_a_get(client: Client, user: User) -> None:
    client.force_login(user)

    assert client.get(reverse("accounts:logout_everywhere")).status_code == 405
    assert is_logged_in(client)


def test_a_new_login_works_after_logging_out_everywhere(client: Client, user: User) -> None:
    client.force_login(user)
    client.post(reverse("accounts:logout_everywhere"))

    client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert is_logged_in(client)


def test_deactivating_an_account_ends_its_sessions(client: Client, user: User) -> None:
    client.force_login(user)

    services.user_deactivate(user=user, by=None)

    assert not is_logged_in(client)


def test_deactivating_an_account_revokes_its_api_tokens(client: Client, user: User) -> None:
    _, raw = services.api_token_create(user=user, name="script")

    services.user_deactivate(user=user, by=None)

    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_deactivated_account_cannot_log_in(client: Client, user: User) -> None:
    services.user_deactivate(user=user, by=None)

    response = client.post(LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 400


def test_deactivation_is_audited(user: User, staff: User) -> None:
    services.api_token_create(user=user, name="script")

    services.user_deactivate(user=user, by=staff, ip_address="192.0.2.1")

    entry = AuditEntry.objects.get(action="accounts.user.deactivated")
    assert (entry.actor_id, entry.object_id, entry.data) == (
        staff.pk,
        str(user.pk),
        {"tokens_revoked": 1},
    )


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    client: Client, user: User
) -> None:
    other = Client()
    other.force_login(user)
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "une phrase de passe toute neuve",
            "new_password2": "une phrase de passe toute neuve",
        },
    )

    assert response.status_code == 302
    assert is_logged_in(client)
    assert not is_logged_in(other)
    user.refresh_from_db()
    assert user.check_password("une phrase de passe toute neuve")
    assert AuditEntry.objects.filter(action="accounts.password.changed").exists()


def test_a_staff_session_after_a_full_login_is_a_staff_session(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    give_totp(staff)
    log_in_staff(client, staff)
    assert is_logged_in(client)

    frozen.shift(timedelta(minutes=31))

    assert not is_logged_in(client)


def test_the_token_endpoint_is_not_affected_by_sessions(client: Client, user: User) -> None:
    response = client.post(
        "/api/v1/auth/token",
        json.dumps({"email": user.email, "password": DEFAULT_PASSWORD}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
