"""The directory of a national network (editions.directory) shows exactly what
`visible_people` allows, for every role, on a generated network (consenting and
non-consenting people, people who left, alumni, staff of one territory and of the network)."""

from __future__ import annotations

import pytest

from maillage.editions.directory import directory_for, may_see
from maillage.editions.permissions import roles_of, visible_people
from maillage.editions.selectors import memberships_for_display
from maillage.reports.national import Shape
from maillage.reports.national.pages import ROLES
from maillage.reports.tests.national import generated
from maillage.territories.models import Person

pytestmark = pytest.mark.django_db

SHAPE = Shape(
    territories=3,
    groups_per_territory=3,
    editions_per_territory=3,
    people=200,
    contacts=100,
    referrals=100,
    audit_entries=50,
)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_check_agrees_with_visible_people(role: str) -> None:
    with generated(SHAPE) as accounts:
        user = accounts.users[role]
        expected = set(visible_people(user).values_list("pk", flat=True))
        people = Person.objects.prefetch_related(memberships_for_display())
        seen = {person.pk for person in people if may_see(roles_of(user), person)}
    assert seen == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_prepared_directory_lists_whom_the_user_may_see(role: str) -> None:
    with generated(SHAPE) as accounts:
        user = accounts.users[role]
        expected = set(visible_people(user).values_list("pk", flat=True))
        listed = [entry.id for entry in directory_for(user).entries]
    assert sorted(listed) == sorted(expected)
