from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts import services
from maillage.accounts.models import MagicLink, User, hash_token
from maillage.accounts.tests.factories import UserFactory
from maillage.core.models import AuditEntry

REQUEST_URL = reverse("accounts:magic_link_request")
LINK_PATH = re.compile(r"http://\S+(/connexion/lien/(?P<token>[A-Za-z0-9_-]+)/)")


def request_link(client: Client, email: str) -> str:
    """Ask for a link and return the path it emails."""
    client.post(REQUEST_URL, {"lien-email": email})
    match = LINK_PATH.search(str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_requesting_a_link_emails_a_link_to_the_confirmation_page(
    client: Client, user: User
) -> None:
    response = client.post(REQUEST_URL, {"lien-email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:magic_link_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert LINK_PATH.search(str(mail.outbox[0].body))


def test_only_the_hash_of_the_link_is_stored(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    token = path.rstrip("/").rsplit("/", 1)[-1]

    link = MagicLink.objects.get()
    assert len(token) >= 22  # at least 128 random bits, base64url-encoded
    assert link.token_hash == hash_token(token)
    assert token not in link.token_hash


def test_unknown_address_gets_the_same_answer_and_nothing_is_sent(
    client: Client, user: User
) -> None:
    known = client.post(REQUEST_URL, {"lien-email": user.email})
    mail.outbox.clear()

    unknown = client.post(REQUEST_URL, {"lien-email": "personne@exemple.test"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []
    assert MagicLink.objects.count() == 1


def test_inactive_account_gets_no_link(client: Client, db: None) -> None:
    inactive = UserFactory(is_active=False)

    client.post(REQUEST_URL, {"lien-email": inactive.email})

    assert mail.outbox == []


def test_confirmation_after_request_says_the_same_for_everyone(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:magic_link_sent"))

    assert response.status_code == 200
    assert "Si un compte correspond à cette adresse" in response.content.decode()


def test_invalid_address_shows_the_error_on_the_login_page(client: Client, db: None) -> None:
    response = client.post(REQUEST_URL, {"lien-email": "pas-une-adresse"})

    assert response.status_code == 400
    assert 'id="id_lien-email_error"' in response.content.decode()


def test_opening_the_link_shows_a_button_and_does_not_log_in(client: Client, user: User) -> None:
    path = request_link(client, user.email)

    response = client.get(path)

    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert logged_in_user_id(client) is None
    assert MagicLink.objects.get().used_at is None


def test_posting_the_link_logs_in(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    session = client.session
    session["seen"] = True
    session.save()
    key_before = session.session_key

    response = client.post(path)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    assert client.session.session_key != key_before


def test_a_link_cannot_be_used_twice(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    client.post(path)
    client.logout()

    response = client.post(path)

    assert response.status_code == 400
    assert "déjà servi" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_opening_a_used_link_says_so(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    client.post(path)
    client.logout()

    response = client.get(path)

    assert "déjà servi" in response.content.decode()
    assert '<form method="post">' not in response.content.decode()


def test_an_expired_link_is_refused(
    client: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 26, 9, 0, tzinfo=UTC), tick=False)
    path = request_link(client, user.email)
    time_machine.move_to(datetime(2026, 3, 26, 9, 10, 1, tzinfo=UTC), tick=False)

    response = client.post(path)

    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_a_link_still_works_just_before_it_expires(
    client: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 26, 9, 0, tzinfo=UTC), tick=False)
    path = request_link(client, user.email)
    time_machine.move_to(datetime(2026, 3, 26, 9, 9, 59, tzinfo=UTC), tick=False)

    client.post(path)

    assert logged_in_user_id(client) == str(user.pk)


def test_an_unknown_link_is_refused(client: Client, db: None) -> None:
    response = client.post(reverse("accounts:magic_link", kwargs={"token": "x" * 43}))

    assert response.status_code == 400
    assert "n'est pas valide" in html.unescape(response.content.decode())


def test_a_link_of_a_deactivated_account_is_refused(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.post(path)

    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    page = html.unescape(response.content.decode())
    assert "n'est pas valide" in page  # the generic refusal: the link was not used before
    assert "déjà" not in page


def test_consuming_twice_through_the_service_fails_the_second_time(user: User) -> None:
    token = "jeton-de-test-suffisamment-long-pour-le-test"
    MagicLink.objects.create(
        user=user,
        token_hash=hash_token(token),
        expires_at=datetime.now(UTC) + timedelta(minutes=5),
    )

    services.magic_link_consume(token=token)

    with pytest.raises(services.LoginRefused) as refusal:
        services.magic_link_consume(token=token)
    assert refusal.value.code == "magic_link_used"


def test_the_link_is_emailed_in_the_users_language(
    client: Client, db: None, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 26, 13, 0, tzinfo=UTC), tick=False)
    english = UserFactory(language="en")

    client.post(REQUEST_URL, {"lien-email": english.email})

    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "en"
    assert "2:10 p.m." in str(message.body)  # 14:10 in Paris, in English


def test_the_link_is_emailed_in_french_to_a_french_user(
    client: Client, user: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2026, 3, 26, 13, 0, tzinfo=UTC), tick=False)

    client.post(REQUEST_URL, {"lien-email": user.email})

    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "14:10" in str(message.body)
    assert "Bonjour," in str(message.body)


def test_requesting_sending_and_using_a_link_are_audited(client: Client, user: User) -> None:
    path = request_link(client, user.email)
    client.post(path)

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "accounts.magic_link.requested",
        "accounts.magic_link.sent",
        "accounts.magic_link.consumed",
    ]
