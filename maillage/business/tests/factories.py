from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.tests.factories import PersonFactory


class IdeaFactory(DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    meeting = factory.SubFactory(MeetingFactory)
    group = factory.SelfAttribute("meeting.group")
    author = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Idée {n} : un entretien annuel en deux temps")


class ContactFactory(DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    author = factory.SubFactory(PersonFactory)
    other = factory.SubFactory(PersonFactory)
    kind = Contact.Kind.CALL
    direction = Contact.Direction.GIVEN
    happened_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))


class ReferralFactory(DjangoModelFactory[Referral]):
    class Meta:
        model = Referral

    referrer = factory.SubFactory(PersonFactory)
    referee = factory.SubFactory(PersonFactory)
    client = "Boulangerie Martin (secret)"
    what = "Refaire leur site internet"
    warmth = Referral.Warmth.EXPECTS_CALL
    given_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))


class OfferNeedFactory(DjangoModelFactory[OfferNeed]):
    class Meta:
        model = OfferNeed

    person = factory.SubFactory(PersonFactory)
    offer = ""
    need = ""
