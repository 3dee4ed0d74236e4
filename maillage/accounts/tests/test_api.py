from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory

from config.api import api
from maillage.accounts import services
from maillage.accounts.models import ApiToken, User, hash_token
from maillage.accounts.selectors import user_for_api_token
from maillage.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from maillage.accounts.tests.otp import give_totp, totp_now
from maillage.core.models import AuditEntry

TOKEN_URL = "/api/v1/auth/token"


def post_json(client: Client, url: str, payload: object) -> tuple[int, dict[str, object]]:
    response = client.post(url, json.dumps(payload), content_type="application/json")
    return response.status_code, response.json()


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_good_credentials_give_a_token(client: Client, user: User) -> None:
    status, body = post_json(client, TOKEN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    assert status == 200
    assert isinstance(body["token"], str)
    assert user_for_api_token(body["token"]) == user


def test_the_token_authenticates_a_request(client: Client, user: User) -> None:
    _, body = post_json(client, TOKEN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    response = client.delete(TOKEN_URL, headers=bearer(str(body["token"])))

    assert response.status_code == 204


def test_only_the_hash_of_the_token_is_stored(client: Client, user: User) -> None:
    _, body = post_json(client, TOKEN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})

    stored = ApiToken.objects.get()
    assert stored.token_hash == hash_token(str(body["token"]))
    assert stored.user == user


def test_bad_credentials_answer_401(client: Client, user: User) -> None:
    status, body = post_json(client, TOKEN_URL, {"email": user.email, "password": "pas-le-bon"})

    assert (status, body) == (401, {"detail": "invalid_credentials"})
    assert not ApiToken.objects.exists()


def test_an_unknown_address_answers_401(client: Client, db: None) -> None:
    status, body = post_json(client, TOKEN_URL, {"email": "personne@exemple.test", "password": "x"})

    assert (status, body) == (401, {"detail": "invalid_credentials"})


def test_a_missing_field_answers_422_with_details(client: Client, db: None) -> None:
    status, body = post_json(client, TOKEN_URL, {"email": "personne@exemple.test"})

    assert status == 422
    assert isinstance(body["detail"], list)


def test_a_malformed_body_answers_a_4xx(client: Client, db: None) -> None:
    response = client.post(TOKEN_URL, "{not json", content_type="application/json")

    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_an_anonymous_request_answers_401(client: Client, db: None) -> None:
    response = client.delete(TOKEN_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_an_unknown_token_answers_401(client: Client, db: None) -> None:
    response = client.delete(TOKEN_URL, headers=bearer("mlg_nimporte-quoi"))

    assert response.status_code == 401


def test_a_revoked_token_answers_401(client: Client, user: User) -> None:
    token, raw = services.api_token_create(user=user, name="test")
    services.api_token_revoke(token=token, by=user)

    response = client.delete(TOKEN_URL, headers=bearer(raw))

    assert response.status_code == 401


def test_revoking_through_the_api_ends_the_token(client: Client, user: User) -> None:
    _, raw = services.api_token_create(user=user, name="test")
    client.delete(TOKEN_URL, headers=bearer(raw))

    response = client.delete(TOKEN_URL, headers=bearer(raw))

    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_answers_401(client: Client, user: User) -> None:
    _, raw = services.api_token_create(user=user, name="test")
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.delete(TOKEN_URL, headers=bearer(raw))

    assert response.status_code == 401


def test_someone_else_cannot_revoke_a_token(user: User) -> None:
    token, _ = services.api_token_create(user=user, name="test")

    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=UserFactory())


def test_use_of_a_token_is_recorded_at_most_once_a_minute(
    user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    start = datetime(2026, 3, 26, 9, 0, tzinfo=UTC)
    time_machine.move_to(start, tick=False)
    token, _ = services.api_token_create(user=user, name="test")
    services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
    time_machine.move_to(datetime(2026, 3, 26, 9, 0, 30, tzinfo=UTC), tick=False)
    services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == start

    time_machine.move_to(datetime(2026, 3, 26, 9, 1, 1, tzinfo=UTC), tick=False)
    services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == datetime(
        2026, 3, 26, 9, 1, 1, tzinfo=UTC
    )


def test_an_authenticated_request_records_the_use_of_its_token(client: Client, user: User) -> None:
    token, raw = services.api_token_create(user=user, name="test")

    client.delete(TOKEN_URL, headers=bearer(raw))

    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_token_creation_and_revocation_are_audited(client: Client, user: User) -> None:
    _, body = post_json(client, TOKEN_URL, {"email": user.email, "password": DEFAULT_PASSWORD})
    client.delete(TOKEN_URL, headers=bearer(str(body["token"])))

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "accounts.login.succeeded",
        "accounts.api_token.created",
        "accounts.api_token.revoked",
    ]


@pytest.mark.parametrize(
    ("exception", "status", "detail"),
    [
        (Http404("No Territory matches the given query."), 404, "Not Found"),
        (User.DoesNotExist(), 404, "Not Found"),
        (PermissionDenied(), 403, "Forbidden"),
        (ValidationError("Ce groupe est complet."), 400, "Ce groupe est complet."),
    ],
)
def test_api_errors_answer_a_4xx_with_a_detail(
    rf: RequestFactory, exception: Exception, status: int, detail: str
) -> None:
    response = api.on_exception(rf.get("/api/v1/"), exception)

    assert response.status_code == status
    assert json.loads(response.content) == {"detail": detail}


def test_an_unexpected_error_answers_a_bare_500(
    rf: RequestFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.CRITICAL):
        response = api.on_exception(rf.get("/api/v1/"), RuntimeError("secret internals"))

    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "Internal Server Error"}


# Two-factor authentication ---------------------------------------------------------------------


@pytest.fixture
def two_factor_user(user: User, frozen: time_machine.TimeMachineFixture) -> User:
    give_totp(user)
    return user


def test_an_account_with_two_factor_needs_an_otp(client: Client, two_factor_user: User) -> None:
    status, body = post_json(
        client, TOKEN_URL, {"email": two_factor_user.email, "password": DEFAULT_PASSWORD}
    )

    assert (status, body) == (401, {"detail": "otp_required"})
    assert not ApiToken.objects.exists()


def test_a_wrong_otp_answers_otp_invalid(client: Client, two_factor_user: User) -> None:
    status, body = post_json(
        client,
        TOKEN_URL,
        {"email": two_factor_user.email, "password": DEFAULT_PASSWORD, "otp": "000000"},
    )

    assert (status, body) == (401, {"detail": "otp_invalid"})


def test_the_right_otp_gives_a_token(client: Client, two_factor_user: User) -> None:
    status, body = post_json(
        client,
        TOKEN_URL,
        {"email": two_factor_user.email, "password": DEFAULT_PASSWORD, "otp": totp_now()},
    )

    assert status == 200
    assert user_for_api_token(str(body["token"])) == two_factor_user


def test_an_otp_is_refused_when_replayed(client: Client, two_factor_user: User) -> None:
    payload = {"email": two_factor_user.email, "password": DEFAULT_PASSWORD, "otp": totp_now()}
    post_json(client, TOKEN_URL, payload)

    status, body = post_json(client, TOKEN_URL, payload)

    assert (status, body) == (401, {"detail": "otp_invalid"})


def test_a_recovery_code_works_once_as_otp(client: Client, user: User, frozen: None) -> None:
    codes = give_totp(user)
    payload = {"email": user.email, "password": DEFAULT_PASSWORD, "otp": codes[3]}

    first, _ = post_json(client, TOKEN_URL, payload)
    second, body = post_json(client, TOKEN_URL, payload)

    assert (first, second, body) == (200, 401, {"detail": "otp_invalid"})


def test_a_wrong_password_answers_invalid_credentials_even_with_an_otp(
    client: Client, two_factor_user: User
) -> None:
    status, body = post_json(
        client,
        TOKEN_URL,
        {"email": two_factor_user.email, "password": "pas-le-bon", "otp": totp_now()},
    )

    assert (status, body) == (401, {"detail": "invalid_credentials"})


def test_staff_without_two_factor_get_no_token(client: Client, staff: User) -> None:
    from conftest import PASSWORD

    status, body = post_json(client, TOKEN_URL, {"email": staff.email, "password": PASSWORD})

    assert (status, body) == (401, {"detail": "otp_setup_required"})


def test_a_superuser_without_two_factor_gets_no_token(client: Client, db: None) -> None:
    root = User.objects.create_superuser("root@example.test", DEFAULT_PASSWORD)

    status, body = post_json(client, TOKEN_URL, {"email": root.email, "password": DEFAULT_PASSWORD})

    assert (status, body) == (401, {"detail": "otp_setup_required"})


def test_the_schema_documents_the_otp_field() -> None:
    schema = api.get_openapi_schema()

    assert "otp" in schema["components"]["schemas"]["TokenIn"]["properties"]
