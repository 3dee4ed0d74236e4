from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from maillage.accounts import twofactor
from maillage.accounts.models import RecoveryCode, TotpDevice, User
from maillage.accounts.tests.factories import DEFAULT_PASSWORD
from maillage.accounts.tests.otp import SECRET, give_totp, totp_now
from maillage.core.models import AuditEntry

LOGIN_URL = reverse("accounts:login")
CODE_URL = reverse("accounts:second_factor")
SETUP_AT_LOGIN_URL = reverse("accounts:two_factor_setup_at_login")
SETUP_URL = reverse("accounts:two_factor_setup")
SECURITY_URL = reverse("accounts:security")
LINK_PATH = re.compile(r"http://\S+(/connexion/lien/[A-Za-z0-9_-]+/)")

pytestmark = pytest.mark.usefixtures("frozen")


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def password_login(client: Client, user: User, password: str = PASSWORD) -> str:
    response = client.post(LOGIN_URL, {"email": user.email, "password": password})
    assert response.status_code == 302
    return str(response["Location"])


def link_login(client: Client, user: User) -> str:
    client.post(reverse("accounts:magic_link_request"), {"lien-email": user.email})
    match = LINK_PATH.search(str(mail.outbox[-1].body))
    assert match is not None
    response = client.post(match.group(1))
    assert response.status_code == 302
    return str(response["Location"])


def setup_secret(client: Client) -> str:
    """The secret a set-up page shows (spaces between groups of four)."""
    page = client.get(SETUP_AT_LOGIN_URL).content.decode()
    match = re.search(r"<code>([A-Z2-7 ]{32,})</code>", page)
    assert match is not None
    return match.group(1).replace(" ", "")


# Staff: mandatory -----------------------------------------------------------------------------


def test_staff_without_an_authenticator_is_led_to_set_one_up_and_is_not_logged_in(
    client: Client, staff: User
) -> None:
    location = password_login(client, staff)

    assert location == SETUP_AT_LOGIN_URL
    assert logged_in_user_id(client) is None


def test_half_logged_staff_cannot_open_any_page(client: Client, staff: User) -> None:
    password_login(client, staff)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_set_up_page_shows_the_secret_as_text_and_the_otpauth_uri(
    client: Client, staff: User
) -> None:
    password_login(client, staff)

    page = client.get(SETUP_AT_LOGIN_URL).content.decode()

    secret = setup_secret(client)
    assert "otpauth://totp/Maillage:pm%40example.test?secret=" + secret in page
    assert 'src="data:image/svg+xml' in page
    assert not TotpDevice.objects.exists()


def test_staff_who_confirm_a_code_are_logged_in_and_see_their_recovery_codes_once(
    client: Client, staff: User
) -> None:
    password_login(client, staff)
    secret = setup_secret(client)

    response = client.post(SETUP_AT_LOGIN_URL, {"code": totp_now(secret)})

    page = response.content.decode()
    assert response.status_code == 200
    assert logged_in_user_id(client) == str(staff.pk)
    assert (
        len(re.findall(r"<li><code>[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}</code>", page))
        == 10
    )
    assert TotpDevice.objects.get(user=staff).secret == secret
    assert RecoveryCode.objects.filter(user=staff).count() == 10


def test_a_wrong_code_does_not_turn_two_factor_on(client: Client, staff: User) -> None:
    password_login(client, staff)
    client.get(SETUP_AT_LOGIN_URL)

    response = client.post(SETUP_AT_LOGIN_URL, {"code": "000000"})

    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    assert not TotpDevice.objects.exists()


def test_staff_with_an_authenticator_are_asked_for_a_code_after_their_password(
    client: Client, staff: User
) -> None:
    give_totp(staff)

    location = password_login(client, staff)

    assert location == CODE_URL
    assert logged_in_user_id(client) is None


# Superusers and Django's staff accounts: the same rules as staff.


@pytest.fixture(params=["superuser", "django_staff"])
def admin_account(request: pytest.FixtureRequest, db: None) -> User:
    """A superuser (as `createsuperuser` makes one) or a Django staff account, without
    two-factor authentication yet."""
    if request.param == "superuser":
        return User.objects.create_superuser("root@example.test", PASSWORD)
    return User.objects.create_user("django-staff@example.test", PASSWORD, is_staff=True)


def test_an_admin_account_without_an_authenticator_sets_one_up_at_its_first_login(
    client: Client, admin_account: User
) -> None:
    assert password_login(client, admin_account) == SETUP_AT_LOGIN_URL
    assert logged_in_user_id(client) is None

    client.post(SETUP_AT_LOGIN_URL, {"code": totp_now(setup_secret(client))})

    assert logged_in_user_id(client) == str(admin_account.pk)
    assert TotpDevice.objects.filter(user=admin_account).exists()


def test_an_admin_account_is_asked_for_a_code_after_its_password(
    client: Client, admin_account: User
) -> None:
    give_totp(admin_account)

    assert password_login(client, admin_account) == CODE_URL
    assert logged_in_user_id(client) is None

    client.post(CODE_URL, {"code": totp_now()})

    assert logged_in_user_id(client) == str(admin_account.pk)


def test_an_admin_account_cannot_turn_two_factor_off(client: Client, admin_account: User) -> None:
    give_totp(admin_account)
    client.force_login(admin_account)

    response = client.post(reverse("accounts:two_factor_disable"), {"code": totp_now()})

    assert response.status_code == 400
    assert TotpDevice.objects.filter(user=admin_account).exists()


def test_the_right_code_completes_the_login_with_a_new_session_key(
    client: Client, staff: User
) -> None:
    give_totp(staff)
    password_login(client, staff)
    half_logged_key = client.session.session_key

    response = client.post(CODE_URL, {"code": totp_now()})

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert logged_in_user_id(client) == str(staff.pk)
    assert client.session.session_key != half_logged_key


def test_the_second_step_keeps_the_next_url(client: Client, staff: User) -> None:
    give_totp(staff)
    client.post(LOGIN_URL, {"email": staff.email, "password": PASSWORD, "next": "/annuaire/"})

    response = client.post(CODE_URL, {"code": totp_now()})

    assert response["Location"] == "/annuaire/"


def test_a_wrong_code_is_refused(client: Client, staff: User) -> None:
    give_totp(staff)
    password_login(client, staff)

    response = client.post(CODE_URL, {"code": "123456"})

    assert response.status_code == 400
    assert "pas valide" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_staff_logging_in_by_emailed_link_are_asked_for_a_code_too(
    client: Client, staff: User
) -> None:
    give_totp(staff)

    location = link_login(client, staff)

    assert location == CODE_URL
    assert logged_in_user_id(client) is None
    client.post(CODE_URL, {"code": totp_now()})
    assert logged_in_user_id(client) == str(staff.pk)


def test_staff_without_an_authenticator_logging_in_by_link_must_set_one_up(
    client: Client, staff: User
) -> None:
    assert link_login(client, staff) == SETUP_AT_LOGIN_URL
    assert logged_in_user_id(client) is None


def test_a_code_is_refused_when_replayed(client: Client, staff: User) -> None:
    give_totp(staff)
    code = totp_now()
    password_login(client, staff)
    client.post(CODE_URL, {"code": code})
    other = Client()
    password_login(other, staff)

    response = other.post(CODE_URL, {"code": code})

    assert response.status_code == 400
    assert logged_in_user_id(other) is None


def test_the_next_steps_code_is_accepted_after_a_used_one(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    give_totp(staff)
    password_login(client, staff)
    client.post(CODE_URL, {"code": totp_now()})
    frozen.shift(timedelta(seconds=30))
    other = Client()
    password_login(other, staff)

    other.post(CODE_URL, {"code": totp_now()})

    assert logged_in_user_id(other) == str(staff.pk)


def test_a_recovery_code_replaces_the_totp_code_once(client: Client, staff: User) -> None:
    codes = give_totp(staff)
    password_login(client, staff)
    client.post(CODE_URL, {"code": codes[0].upper().replace("-", " ")})
    assert logged_in_user_id(client) == str(staff.pk)
    other = Client()
    password_login(other, staff)

    response = other.post(CODE_URL, {"code": codes[0]})

    assert response.status_code == 400
    assert logged_in_user_id(other) is None
    assert RecoveryCode.objects.filter(user=staff, used_at__isnull=True).count() == 9


def test_only_hashes_of_recovery_codes_are_stored(staff: User) -> None:
    codes = give_totp(staff)

    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not {code for code in codes} & stored
    assert all(code.replace("-", "") not in "".join(stored) for code in codes)


def test_a_pending_login_expires_after_ten_minutes(
    client: Client, staff: User, frozen: time_machine.TimeMachineFixture
) -> None:
    give_totp(staff)
    password_login(client, staff)
    frozen.shift(timedelta(minutes=10, seconds=1))

    response = client.post(CODE_URL, {"code": totp_now()})

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(client) is None


def test_the_code_page_without_a_first_factor_sends_to_the_login(client: Client, db: None) -> None:
    response = client.get(CODE_URL)

    assert response["Location"] == LOGIN_URL


def test_staff_cannot_turn_two_factor_off(client: Client, staff: User) -> None:
    give_totp(staff)
    client.force_login(staff)

    response = client.post(reverse("accounts:two_factor_disable"), {"code": totp_now()})

    assert response.status_code == 400
    assert TotpDevice.objects.filter(user=staff).exists()


def test_second_factor_steps_are_audited(client: Client, staff: User) -> None:
    give_totp(staff)
    password_login(client, staff)
    client.post(CODE_URL, {"code": "000000"})
    client.post(CODE_URL, {"code": totp_now()})

    actions = list(
        AuditEntry.objects.filter(action__startswith="accounts.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "accounts.login.succeeded",
        "accounts.two_factor.failed",
        "accounts.two_factor.verified",
    ]


def test_the_admin_login_goes_through_our_login(client: Client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"


# Members: optional ---------------------------------------------------------------------------


def test_a_member_without_two_factor_logs_in_with_the_password_alone(
    client: Client, user: User
) -> None:
    password_login(client, user, DEFAULT_PASSWORD)

    assert logged_in_user_id(client) == str(user.pk)


def test_a_member_without_two_factor_logs_in_by_link_alone(client: Client, user: User) -> None:
    link_login(client, user)

    assert logged_in_user_id(client) == str(user.pk)


def test_a_member_can_turn_two_factor_on_from_the_security_page(client: Client, user: User) -> None:
    client.force_login(user)
    page = client.get(SETUP_URL).content.decode()
    secret = client.session["_maillage_totp_setup_secret"]
    assert twofactor.grouped_secret(secret) in page

    response = client.post(SETUP_URL, {"code": totp_now(secret)})

    assert response.status_code == 200
    assert "codes de secours" in response.content.decode()
    assert TotpDevice.objects.filter(user=user, secret=secret).exists()


def test_opening_the_set_up_page_changes_nothing(client: Client, user: User) -> None:
    client.force_login(user)

    client.get(SETUP_URL)

    assert not TotpDevice.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="accounts.two_factor").exists()


def test_a_member_with_two_factor_is_asked_for_a_code(client: Client, user: User) -> None:
    give_totp(user)

    assert password_login(client, user, DEFAULT_PASSWORD) == CODE_URL
    assert link_login(Client(), user) == CODE_URL


def test_a_member_can_turn_two_factor_off_with_a_code(client: Client, user: User) -> None:
    give_totp(user)
    client.force_login(user)

    response = client.post(reverse("accounts:two_factor_disable"), {"code": totp_now()})

    assert response.status_code == 302
    assert not TotpDevice.objects.exists()
    assert not RecoveryCode.objects.exists()


def test_new_recovery_codes_replace_the_old_ones(client: Client, user: User) -> None:
    old = give_totp(user)
    client.force_login(user)

    response = client.post(reverse("accounts:recovery_codes_renew"), {"code": totp_now()})

    assert response.status_code == 200
    with pytest.raises(Exception, match="otp_invalid"):
        twofactor.second_factor_verify(user=user, code=old[1])


def test_the_security_page_says_how_many_recovery_codes_are_left(
    client: Client, user: User
) -> None:
    codes = give_totp(user)
    twofactor.second_factor_verify(user=user, code=codes[0])
    client.force_login(user)

    page = client.get(SECURITY_URL).content.decode()

    assert "Il vous reste 9 codes de secours" in page


def test_the_otpauth_uri_names_the_issuer_and_the_account() -> None:
    uri = twofactor.provisioning_uri(secret=SECRET, email="a@b.test")

    assert uri == pyotp.TOTP(SECRET).provisioning_uri(name="a@b.test", issuer_name="Maillage")
    assert uri.startswith("otpauth://totp/Maillage:a%40b.test?secret=" + SECRET)
