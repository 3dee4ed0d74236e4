from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from maillage.editions.models import Edition, Group, Membership
from maillage.territories.tests.factories import (
    LargeCompanyFactory,
    PersonFactory,
    TerritoryFactory,
)


class EditionFactory(DjangoModelFactory[Edition]):
    class Meta:
        model = Edition

    territory = factory.SubFactory(TerritoryFactory)
    number = factory.Sequence(lambda n: n + 1)
    opening_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))


class GroupFactory(DjangoModelFactory[Group]):
    class Meta:
        model = Group

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Groupe {n}")
    meeting_weekday = Group.Weekday.THURSDAY
    meeting_time = datetime.time(18, 0)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.LEADER
    joined_on = factory.LazyAttribute(lambda o: o.group.edition.opening_date)


class FacilitatorMembershipFactory(MembershipFactory):
    role = Membership.Role.FACILITATOR
    person = factory.SubFactory(PersonFactory, company=factory.SubFactory(LargeCompanyFactory))


def accept_charter(user: Any) -> Any:
    """The user accepts the current confidentiality charter of each of their groups."""
    from maillage.editions.charter import CHARTER_VERSION
    from maillage.editions.models import CharterAcceptance

    for membership in Membership.objects.filter(person__user=user):
        CharterAcceptance.objects.get_or_create(membership=membership, version=CHARTER_VERSION)
    return user
