from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts import throttle
from maillage.accounts.models import User
from maillage.accounts.tests.factories import DEFAULT_PASSWORD
from maillage.accounts.tests.otp import give_totp, totp_now

LOGIN_URL = reverse("accounts:login")
LINK_REQUEST_URL = reverse("accounts:magic_link_request")
CODE_URL = reverse("accounts:second_factor")
TOKEN_URL = "/api/v1/auth/token"

pytestmark = pytest.mark.usefixtures("frozen")


def attempt(client: Client, user: User, password: str, address: str = "192.0.2.1") -> int:
    response = client.post(
        LOGIN_URL, {"email": user.email, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code


def fail(client: Client, user: User, times: int, address: str = "192.0.2.1") -> None:
    for _ in range(times):
        attempt(client, user, "pas-le-bon", address)


def test_the_right_password_is_refused_after_five_failures_from_one_address(
    client: Client, user: User
) -> None:
    fail(client, user, 5)

    response = client.post(
        LOGIN_URL, {"email": user.email, "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )

    assert response.status_code == 429
    assert (
        "Trop de tentatives. Par sécurité, réessayez dans 15 minutes." in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client: Client, user: User) -> None:
    fail(client, user, 4)

    assert attempt(client, user, DEFAULT_PASSWORD) == 302


def test_the_lock_ends_after_the_cool_off(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    fail(client, user, 5)
    frozen.shift(timedelta(minutes=14, seconds=59))
    assert attempt(client, user, DEFAULT_PASSWORD) == 429

    frozen.shift(timedelta(seconds=2))

    assert attempt(client, user, DEFAULT_PASSWORD) == 302


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(
    client: Client, user: User
) -> None:
    fail(client, user, 5, address="203.0.113.9")

    assert attempt(client, user, DEFAULT_PASSWORD, address="192.0.2.1") == 302


def test_failures_spread_over_many_addresses_lock_the_account_for_five_minutes(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    for index in range(20):
        attempt(client, user, "pas-le-bon", address=f"198.51.100.{index}")

    assert attempt(client, user, DEFAULT_PASSWORD, address="192.0.2.1") == 429
    frozen.shift(timedelta(minutes=5, seconds=1))
    assert attempt(client, user, DEFAULT_PASSWORD, address="192.0.2.1") == 302


def test_the_account_lock_leaves_the_emailed_link_open(client: Client, user: User) -> None:
    for index in range(20):
        attempt(client, user, "pas-le-bon", address=f"198.51.100.{index}")

    client.post(LINK_REQUEST_URL, {"lien-email": user.email})

    assert len(mail.outbox) == 1


def test_an_unknown_address_is_locked_like_a_known_one(client: Client, db: None) -> None:
    for _ in range(5):
        client.post(LOGIN_URL, {"email": "personne@exemple.test", "password": "x"})

    response = client.post(LOGIN_URL, {"email": "personne@exemple.test", "password": "x"})

    assert response.status_code == 429


def test_a_success_clears_the_failures_of_that_address(client: Client, user: User) -> None:
    fail(client, user, 4)
    attempt(client, user, DEFAULT_PASSWORD)
    client.logout()

    fail(client, user, 4)

    assert attempt(client, user, DEFAULT_PASSWORD) == 302


def test_one_address_is_limited_to_twenty_link_requests(client: Client, user: User) -> None:
    for index in range(20):
        client.post(LINK_REQUEST_URL, {"lien-email": f"x{index}@exemple.test"})

    response = client.post(LINK_REQUEST_URL, {"lien-email": user.email})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert mail.outbox == []


def test_an_inbox_gets_at_most_five_links_per_quarter_hour_and_the_answer_stays_the_same(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    for index in range(6):
        response = client.post(
            LINK_REQUEST_URL, {"lien-email": user.email}, REMOTE_ADDR=f"198.51.100.{index}"
        )
        assert response["Location"] == reverse("accounts:magic_link_sent")
    assert len(mail.outbox) == 5

    frozen.shift(timedelta(minutes=15, seconds=1))
    client.post(LINK_REQUEST_URL, {"lien-email": user.email})

    assert len(mail.outbox) == 6


def test_second_factor_codes_are_refused_after_five_failures(client: Client, user: User) -> None:
    give_totp(user)
    attempt(client, user, DEFAULT_PASSWORD)
    for _ in range(5):
        client.post(CODE_URL, {"code": "000000"}, REMOTE_ADDR="192.0.2.1")

    response = client.post(CODE_URL, {"code": totp_now()}, REMOTE_ADDR="192.0.2.1")

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_second_factor_lock_ends_after_fifteen_minutes(
    client: Client, user: User, frozen: time_machine.TimeMachineFixture
) -> None:
    give_totp(user)
    attempt(client, user, DEFAULT_PASSWORD)
    for _ in range(5):
        client.post(CODE_URL, {"code": "000000"}, REMOTE_ADDR="192.0.2.1")
    frozen.shift(timedelta(minutes=15, seconds=1))
    attempt(client, user, DEFAULT_PASSWORD)  # the pending login itself lasts ten minutes

    client.post(CODE_URL, {"code": totp_now()}, REMOTE_ADDR="192.0.2.1")

    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_api_answers_429_with_retry_after_when_locked(client: Client, user: User) -> None:
    body = json.dumps({"email": user.email, "password": "pas-le-bon"})
    for _ in range(5):
        client.post(TOKEN_URL, body, content_type="application/json")

    response = client.post(
        TOKEN_URL,
        json.dumps({"email": user.email, "password": DEFAULT_PASSWORD}),
        content_type="application/json",
    )

    assert response.status_code == 429
    assert response.json() == {"detail": "too_many_attempts"}
    assert response["Retry-After"] == "900"


def test_the_rules_have_a_finite_cool_off() -> None:
    for rules in throttle.RULES.values():
        for rule in rules:
            assert 0 < rule.cooloff <= 15 * 60


def test_behind_a_proxy_the_address_comes_from_the_proxys_forwarded_header(
    rf: Any, settings: Any
) -> None:
    from maillage.accounts.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")

    assert client_ip(request) == "192.0.2.7"


def test_without_a_proxy_a_forwarded_header_is_ignored(rf: Any) -> None:
    from maillage.accounts.http import client_ip

    request = rf.get("/", REMOTE_ADDR="192.0.2.8", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "192.0.2.8"
