"""The composition rules of groups and the derived status of editions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from maillage.editions.models import (
    EditionStatus,
    Membership,
    add_months,
    edition_label,
    edition_title,
)
from maillage.editions.selectors import composition_problems
from maillage.editions.services import (
    edition_create,
    edition_start_forming,
    membership_add,
    membership_end,
)
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.territories.tests.factories import (
    LargeCompanyFactory,
    PersonFactory,
    TerritoryFactory,
)

TODAY = datetime.date.today()
pytestmark = pytest.mark.django_db


def test_add_months_clamps_to_the_last_day_of_the_month() -> None:
    assert add_months(datetime.date(2026, 3, 26), 24) == datetime.date(2028, 3, 26)
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


def test_the_first_edition_is_the_1er_programme() -> None:
    with translation.override("fr"):
        assert edition_title(1, "Roannais") == "1er programme en Roannais"
        assert edition_title(4, "Roannais") == "4e programme en Roannais"
        assert (edition_label(1), edition_label(12)) == ("1er programme", "12e programme")
    with translation.override("en"):
        assert edition_title(1, "Roannais") == "Edition 1 in Roannais"
        assert edition_label(1) == "edition 1"


def test_edition_closes_after_its_duration() -> None:
    edition = EditionFactory(opening_date=datetime.date(2024, 3, 26))
    assert edition.closing_date == datetime.date(2026, 3, 26)


def test_edition_status_is_derived_from_its_dates() -> None:
    edition = EditionFactory(opening_date=datetime.date(2026, 3, 26))
    assert edition.status_on(datetime.date(2026, 1, 10)) == EditionStatus.RECRUITING
    assert edition.status_on(datetime.date(2026, 3, 26)) == EditionStatus.RUNNING
    assert edition.status_on(datetime.date(2028, 3, 25)) == EditionStatus.RUNNING
    assert edition.status_on(datetime.date(2028, 3, 26)) == EditionStatus.CLOSED


def test_edition_status_is_available_to_queries() -> None:
    running = EditionFactory(opening_date=TODAY - datetime.timedelta(days=10))
    EditionFactory(opening_date=TODAY - datetime.timedelta(days=1000))
    from maillage.editions.models import Edition

    found = Edition.objects.with_status().filter(status_db=EditionStatus.RUNNING)  # type: ignore[misc]
    assert list(found) == [running]


def test_edition_moves_from_recruiting_to_forming_only_before_opening(outsider) -> None:
    edition = EditionFactory(opening_date=TODAY + datetime.timedelta(days=60))
    edition_start_forming(edition=edition, by=outsider)
    assert edition.status == EditionStatus.FORMING
    with pytest.raises(ValidationError):
        edition_start_forming(edition=edition, by=outsider)


def test_edition_bounds_must_be_ordered(outsider) -> None:
    with pytest.raises(ValidationError, match="minimum"):
        edition_create(
            territory=TerritoryFactory(),
            number=1,
            opening_date=TODAY,
            by=outsider,
            min_leaders=13,
            max_leaders=12,
        )


def test_edition_number_is_unique_in_its_territory(outsider) -> None:
    territory = TerritoryFactory()
    edition_create(territory=territory, number=1, opening_date=TODAY, by=outsider)
    with pytest.raises(ValidationError, match="déjà une édition"):
        edition_create(territory=territory, number=1, opening_date=TODAY, by=outsider)


def test_a_group_refuses_a_leader_beyond_its_maximum(outsider) -> None:
    group = GroupFactory()
    MembershipFactory.create_batch(12, group=group)
    with pytest.raises(ValidationError) as error:
        membership_add(group=group, person=PersonFactory(), role="leader", by=outsider)
    assert error.value.code == "too_many_leaders"


def test_bounds_are_settings_of_the_edition(outsider) -> None:
    group = GroupFactory(edition=EditionFactory(min_leaders=15, max_leaders=20))
    MembershipFactory.create_batch(19, group=group)
    membership_add(group=group, person=PersonFactory(), role="leader", by=outsider)
    assert group.memberships.count() == 20


def test_facilitators_come_from_different_companies(outsider) -> None:
    group = GroupFactory()
    employer = LargeCompanyFactory()
    membership_add(
        group=group, person=PersonFactory(company=employer), role="facilitator", by=outsider
    )
    with pytest.raises(ValidationError) as error:
        membership_add(
            group=group, person=PersonFactory(company=employer), role="facilitator", by=outsider
        )
    assert error.value.code == "same_employer"


def test_a_group_has_at_most_its_number_of_facilitators(outsider) -> None:
    group = GroupFactory()
    for _ in range(3):
        membership_add(
            group=group,
            person=PersonFactory(company=LargeCompanyFactory()),
            role="facilitator",
            by=outsider,
        )
    with pytest.raises(ValidationError) as error:
        membership_add(
            group=group,
            person=PersonFactory(company=LargeCompanyFactory()),
            role="facilitator",
            by=outsider,
        )
    assert error.value.code == "too_many_facilitators"


def test_a_person_is_in_one_running_group_at_a_time(outsider) -> None:
    edition = EditionFactory()
    person = PersonFactory()
    membership_add(group=GroupFactory(edition=edition), person=person, role="leader", by=outsider)
    with pytest.raises(ValidationError) as error:
        membership_add(
            group=GroupFactory(edition=edition), person=person, role="leader", by=outsider
        )
    assert error.value.code == "one_running_group"


def test_a_person_who_left_may_join_another_group(outsider) -> None:
    edition = EditionFactory()
    person = PersonFactory()
    first = membership_add(
        group=GroupFactory(edition=edition), person=person, role="leader", by=outsider
    )
    membership_end(membership=first, by=outsider, left_on=TODAY)
    membership_add(group=GroupFactory(edition=edition), person=person, role="leader", by=outsider)
    assert person.memberships.count() == 2


def test_an_alumnus_may_join_a_later_edition(outsider) -> None:
    territory = TerritoryFactory()
    person = PersonFactory()
    old = EditionFactory(territory=territory, opening_date=TODAY - datetime.timedelta(days=800))
    MembershipFactory(group=GroupFactory(edition=old), person=person)
    new = EditionFactory(territory=territory, opening_date=TODAY)
    membership_add(group=GroupFactory(edition=new), person=person, role="leader", by=outsider)
    assert person.memberships.count() == 2


def test_a_closed_edition_takes_no_new_member(outsider) -> None:
    old = EditionFactory(opening_date=TODAY - datetime.timedelta(days=800))
    with pytest.raises(ValidationError) as error:
        membership_add(
            group=GroupFactory(edition=old), person=PersonFactory(), role="leader", by=outsider
        )
    assert error.value.code == "closed"


def test_composition_problems_name_what_is_wrong() -> None:
    group: Any = GroupFactory(name="Groupe Test")
    MembershipFactory.create_batch(8, group=group)
    problems = composition_problems([group])[group.pk]
    assert any("8 dirigeants" in problem for problem in problems)
    assert any("0 animateurs" in problem for problem in problems)


def test_membership_status_becomes_alumni_when_the_edition_closes() -> None:
    membership = MembershipFactory(
        group=GroupFactory(edition=EditionFactory(opening_date=datetime.date(2022, 3, 26)))
    )
    assert membership.status_on(datetime.date(2023, 1, 1)) == Membership.Status.ACTIVE
    assert membership.status_on(datetime.date(2024, 3, 26)) == Membership.Status.ALUMNI


def test_membership_status_is_left_after_leaving(outsider) -> None:
    membership = MembershipFactory()
    membership_end(membership=membership, by=outsider, left_on=TODAY)
    assert membership.status == Membership.Status.LEFT


def test_services_write_audit_entries(outsider) -> None:
    from maillage.core.models import AuditEntry

    group = GroupFactory()
    membership = membership_add(group=group, person=PersonFactory(), role="leader", by=outsider)
    membership_end(membership=membership, by=outsider)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "editions.membership.added" in actions
    assert "editions.membership.ended" in actions
