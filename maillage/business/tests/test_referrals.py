"""Referrals: A recommends B to a client; both see it, nobody else; B moves it on, A is told by
email (links only) and may be thanked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.business import services
from maillage.business.models import Referral
from maillage.business.tests.conftest import group_neighbour, person_of
from maillage.editions.models import Group
from maillage.territories.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members")]

TODAY = datetime.date.today()
CLIENT = "Boulangerie Dufour"


@pytest.fixture
def referral(
    leader: Any, other_group_leader: Any, django_capture_on_commit_callbacks: Any
) -> Referral:
    """The leader (A) recommends the leader of the other group (B)."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.referral_give(
            referee=person_of(other_group_leader),
            client=CLIENT,
            what="Refaire leur site internet",
            warmth=Referral.Warmth.INTRODUCED_PERSON,
            given_on=TODAY,
            by=leader,
        )


def update(referral: Referral, by: Any, status: str, amount: Decimal | None = None) -> Referral:
    return services.referral_update(referral=referral, status=status, amount=amount, by=by)


def test_b_is_told_of_a_new_referral_by_email_with_a_link_only(
    referral: Referral, other_group_leader: Any
) -> None:
    (email,) = mail.outbox
    assert email.to == [person_of(other_group_leader).email]
    assert reverse("business:referral", args=[referral.pk]) in email.body
    assert CLIENT not in email.body
    assert CLIENT not in str(email.subject)


def test_b_moves_the_referral_to_won_with_the_amount(
    referral: Referral, other_group_leader: Any
) -> None:
    update(referral, other_group_leader, "contacted")
    referral = update(referral, other_group_leader, "won", Decimal("4800"))
    assert referral.status == Referral.Status.WON
    assert referral.amount == Decimal("4800")
    assert referral.contacted_on == TODAY
    assert referral.closed_on == TODAY


def test_a_won_referral_needs_its_amount(referral: Referral, other_group_leader: Any) -> None:
    with pytest.raises(ValidationError):
        update(referral, other_group_leader, "won")


def test_an_amount_is_only_for_a_won_referral(referral: Referral, other_group_leader: Any) -> None:
    with pytest.raises(ValidationError):
        update(referral, other_group_leader, "lost", Decimal("100"))


def test_a_closed_referral_cannot_move_again(referral: Referral, other_group_leader: Any) -> None:
    update(referral, other_group_leader, "lost")
    with pytest.raises(ValidationError):
        update(referral, other_group_leader, "contacted")


def test_a_cannot_update_the_referral(referral: Referral, leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        update(referral, leader, "contacted")


def test_a_is_told_in_their_language_when_b_updates(
    referral: Referral,
    leader: Any,
    other_group_leader: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    leader.language = "en"
    leader.save(update_fields=["language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update(referral, other_group_leader, "won", Decimal("1200"))
    (email,) = mail.outbox
    assert email.to == [person_of(leader).email]
    assert email.extra_headers["Content-Language"] == "en"
    assert "1200" not in email.body
    assert CLIENT not in email.body
    assert reverse("business:referral", args=[referral.pk]) in email.body


def test_no_email_to_a_person_who_declined_emails(
    referral: Referral,
    leader: Any,
    other_group_leader: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Person.objects.filter(user=leader).update(email_consent=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update(referral, other_group_leader, "contacted")
    assert mail.outbox == []


def test_b_thanks_a_once_and_a_is_told(
    referral: Referral,
    leader: Any,
    other_group_leader: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_thank(
            referral=referral, message="Merci, c'est signé !", by=other_group_leader
        )
        services.referral_thank(referral=referral, message="Encore merci", by=other_group_leader)
    referral.refresh_from_db()
    assert referral.thanks_message == "Merci, c'est signé !"
    assert [email.to for email in mail.outbox] == [[person_of(leader).email]]


def test_a_cannot_thank_themself(referral: Referral, leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.referral_thank(referral=referral, by=leader)


def test_a_member_cannot_recommend_someone_they_may_not_see(
    other_group_leader: Any, group: Group
) -> None:
    with pytest.raises(PermissionDenied):
        services.referral_give(
            referee=group_neighbour(group),
            client="x",
            what="y",
            warmth=1,
            given_on=TODAY,
            by=other_group_leader,
        )


def test_the_audit_never_holds_the_client(referral: Referral) -> None:
    from maillage.core.models import AuditEntry

    for entry in AuditEntry.objects.filter(action__startswith="business."):
        assert CLIENT not in str(entry.data)


# Pages -------------------------------------------------------------------------------------------


def detail_url(referral: Referral) -> str:
    return reverse("business:referral", args=[referral.pk])


@pytest.mark.parametrize("persona", ["leader", "other_group_leader"])
def test_both_sides_read_the_referral(
    client: Any, request: Any, referral: Referral, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(detail_url(referral))
    assert response.status_code == 200
    assert CLIENT in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["facilitator", "alumnus", "project_manager", "network_admin", "outsider"]
)
def test_anyone_else_gets_404_on_the_referral(
    client: Any, request: Any, referral: Referral, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail_url(referral)).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "project_manager", "network_admin"])
def test_the_client_appears_on_no_one_elses_page(
    client: Any, request: Any, referral: Referral, persona: str, group: Group
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("business:referrals"),
        reverse("business:exchanges"),
        reverse("home"),
        reverse("business:territory_network", args=[group.edition.territory.slug]),
    ):
        assert CLIENT not in client.get(url).content.decode()


def test_b_updates_in_one_tap_with_htmx(
    client: Any, referral: Referral, other_group_leader: Any
) -> None:
    client.force_login(other_group_leader)
    response = client.post(
        detail_url(referral), {"status": "won", "amount": "3000"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="referral-status"' in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).amount == Decimal("3000")


def test_a_gets_403_when_posting_an_update(client: Any, referral: Referral, leader: Any) -> None:
    client.force_login(leader)
    assert client.post(detail_url(referral), {"status": "contacted"}).status_code == 403


def test_b_thanks_a_on_the_page(client: Any, referral: Referral, other_group_leader: Any) -> None:
    client.force_login(other_group_leader)
    response = client.post(
        reverse("business:referral_thank", args=[referral.pk]), {"message": "Merci !"}
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).thanked_at is not None


def test_the_form_gives_a_referral(client: Any, leader: Any, other_group_leader: Any) -> None:
    client.force_login(leader)
    response = client.post(
        reverse("business:referral_new"),
        {
            "referee": person_of(other_group_leader).pk,
            "client": "Garage Bernard",
            "what": "Un logiciel de devis",
            "given_on": TODAY,
            "warmth": 3,
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == detail_url(referral)


# API ---------------------------------------------------------------------------------------------


def test_the_api_lists_the_referral_to_its_two_sides_only(
    api: Any, referral: Referral, leader: Any, other_group_leader: Any, project_manager: Any
) -> None:
    assert api(leader).get("/referrals").json()["items"][0]["client"] == CLIENT
    assert api(other_group_leader).get("/referrals").json()["count"] == 1
    assert api(project_manager).get("/referrals").json() == {"items": [], "count": 0}


def test_the_api_gives_a_referral(api: Any, leader: Any, other_group_leader: Any) -> None:
    response = api(leader).post(
        "/referrals",
        {
            "referee_id": person_of(other_group_leader).pk,
            "client": "Hôtel du Centre",
            "what": "Séminaire",
            "warmth": 5,
        },
    )
    assert response.status_code == 201
    assert response.json()["warmth_label"] == "Je vous ai présentés en personne"


def test_the_api_refuses_a_warmth_out_of_range(
    api: Any, leader: Any, other_group_leader: Any
) -> None:
    response = api(leader).post(
        "/referrals",
        {"referee_id": person_of(other_group_leader).pk, "client": "x", "what": "y", "warmth": 6},
    )
    assert response.status_code == 422


def test_the_api_patch_is_for_b_only(
    api: Any, referral: Referral, leader: Any, other_group_leader: Any, facilitator: Any
) -> None:
    assert (
        api(leader).patch(f"/referrals/{referral.pk}", {"status": "contacted"}).status_code == 403
    )
    assert (
        api(facilitator).patch(f"/referrals/{referral.pk}", {"status": "contacted"}).status_code
        == 404
    )
    won = api(other_group_leader).patch(
        f"/referrals/{referral.pk}", {"status": "won", "amount": "950.50", "thank": True}
    )
    assert won.status_code == 200
    assert won.json()["amount"] == "950.50"
    assert won.json()["thanked_at"] is not None


def test_the_api_refuses_a_wrong_move_with_its_reason(
    api: Any, referral: Referral, other_group_leader: Any
) -> None:
    response = api(other_group_leader).patch(f"/referrals/{referral.pk}", {"status": "won"})
    assert response.status_code == 400
    assert "montant" in response.json()["detail"]


def test_the_api_refuses_an_amount_without_a_status(
    api: Any, referral: Referral, other_group_leader: Any
) -> None:
    """An amount alone would be dropped without a word: it is refused with the reason."""
    response = api(other_group_leader).patch(f"/referrals/{referral.pk}", {"amount": "100"})
    assert response.status_code == 400
    assert "montant" in response.json()["detail"]
    referral.refresh_from_db()
    assert (referral.status, referral.amount) == (Referral.Status.GIVEN, None)


def test_a_referral_dated_before_the_century_is_refused(
    leader: Any, other_group_leader: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.referral_give(
            referee=person_of(other_group_leader),
            client=CLIENT,
            what="Un devis",
            warmth=Referral.Warmth.INTRODUCED_PERSON,
            given_on=datetime.date(1, 1, 1),
            by=leader,
        )
    assert error.value.code == "date"
    assert not Referral.objects.exists()
