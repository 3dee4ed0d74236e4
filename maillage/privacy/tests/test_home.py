from __future__ import annotations

import datetime
import html
from typing import Any

from django.urls import reverse
from django.utils import timezone

from maillage.editions.models import Membership
from maillage.editions.services import membership_end


def home(client: Any, user: Any) -> str:
    client.force_login(user)
    return str(client.get(reverse("home")).content.decode())


def test_members_find_their_data_and_consents_from_the_home(client: Any, leader: Any) -> None:
    page = home(client, leader)
    assert reverse("privacy:my_data") in page
    assert reverse("privacy:consents") in page
    assert reverse("privacy:trail_index") not in page


def test_staff_find_the_audit_trail_from_the_home(client: Any, project_manager: Any) -> None:
    assert reverse("privacy:trail_index") in home(client, project_manager)


def test_an_account_without_a_role_keeps_its_explanation(client: Any, outsider: Any) -> None:
    page = home(client, outsider)
    assert "Votre compte n'est encore rattaché à aucun programme." in page


def test_a_member_who_left_the_group_still_finds_their_data_from_the_home(
    client: Any, leader: Any
) -> None:
    membership = Membership.objects.get(person__user=leader)
    membership_end(
        membership=membership, by=None, left_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = home(client, leader)
    assert reverse("privacy:my_data") in page
    assert reverse("privacy:consents") in page
    # They are told they left, not that they are tied to no programme yet.
    assert f"Vous avez quitté le groupe {membership.group.name}" in html.unescape(page)
    assert "aucun programme" not in page


def test_who_left_is_told_so_in_english_too(client: Any, leader: Any) -> None:
    membership = Membership.objects.get(person__user=leader)
    membership_end(
        membership=membership, by=None, left_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    leader.language = "en"
    leader.save(update_fields=["language"])
    page = html.unescape(home(client, leader))
    assert f"You left the group {membership.group.name} on" in page


def test_an_account_without_a_role_finds_its_data_from_the_home(client: Any, outsider: Any) -> None:
    page = home(client, outsider)
    assert reverse("privacy:my_data") in page
    assert reverse("privacy:trail_index") not in page
