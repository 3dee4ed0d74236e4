from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.core.models import AuditEntry
from maillage.editions import charter
from maillage.editions.charter import (
    CharterRequired,
    charter_accept,
    has_accepted_charter,
    membership_to_accept,
    require_charter,
)
from maillage.editions.models import CharterAcceptance, Group, Membership
from maillage.editions.services import membership_end


def accept(user: Any, group: Group) -> CharterAcceptance:
    membership = membership_to_accept(user, group)
    assert membership is not None
    return charter_accept(membership=membership, by=user)


def test_a_member_who_has_not_accepted_is_refused_the_content(leader: Any, group: Group) -> None:
    with pytest.raises(CharterRequired):
        require_charter(leader, group)


def test_a_member_who_accepted_reads_the_content(leader: Any, group: Group) -> None:
    accept(leader, group)
    require_charter(leader, group)


def test_the_acceptance_is_recorded_with_its_version_and_time(leader: Any, group: Group) -> None:
    acceptance = accept(leader, group)
    assert acceptance.version == charter.CHARTER_VERSION
    assert acceptance.accepted_at is not None
    entry = AuditEntry.objects.get(action="editions.charter.accepted")
    assert entry.data == {"version": charter.CHARTER_VERSION}
    assert entry.territory_id == group.edition.territory_id


def test_accepting_twice_keeps_one_acceptance(leader: Any, group: Group) -> None:
    accept(leader, group)
    accept(leader, group)
    assert CharterAcceptance.objects.count() == 1


def test_a_new_version_of_the_charter_is_accepted_again(
    leader: Any, group: Group, monkeypatch: Any
) -> None:
    accept(leader, group)
    monkeypatch.setattr(charter, "CHARTER_VERSION", "2")
    assert not has_accepted_charter(leader, group, version="2")
    with pytest.raises(CharterRequired):
        require_charter(leader, group)
    accept(leader, group)
    assert sorted(CharterAcceptance.objects.values_list("version", flat=True)) == ["1", "2"]


def test_the_acceptance_of_one_group_does_not_open_another(
    facilitator: Any, group: Group, other_group: Group
) -> None:
    Membership.objects.filter(person__user=facilitator).update(left_on=None)
    accept(facilitator, group)
    assert not has_accepted_charter(facilitator, other_group)


def test_non_members_are_not_asked_for_the_charter(project_manager: Any, group: Group) -> None:
    require_charter(project_manager, group)  # their access is get_group_for_user's business


def test_only_the_member_accepts_their_charter(
    leader: Any, project_manager: Any, group: Group
) -> None:
    membership = membership_to_accept(leader, group)
    assert membership is not None
    with pytest.raises(PermissionDenied):
        charter_accept(membership=membership, by=project_manager)


def test_a_member_who_left_cannot_accept(leader: Any, group: Group) -> None:
    membership = Membership.objects.get(person__user=leader, group=group)
    membership_end(
        membership=membership, by=None, left_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    membership.refresh_from_db()
    assert membership_to_accept(leader, group) is None
    with pytest.raises(ValidationError):
        charter_accept(membership=membership, by=leader)
