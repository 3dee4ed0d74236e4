"""Factories of applications and a recruiting edition with accepted applicants, for the
recruitment and formation tests."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from maillage.editions.models import Application, Edition, EditionStatus, Membership
from maillage.editions.recruitment.services import link_person
from maillage.editions.tests.factories import EditionFactory
from maillage.territories.models import Territory
from maillage.territories.tests.factories import (
    ActivityCodeFactory,
    CommuneFactory,
    luhn_complete,
)


def siret_of(n: int) -> str:
    siren = luhn_complete(f"{20000000 + n:08d}")
    return luhn_complete(f"{siren}0001")


class ApplicationFactory(DjangoModelFactory[Application]):
    class Meta:
        model = Application

    edition = factory.SubFactory(EditionFactory)
    role = Membership.Role.LEADER
    first_name = factory.Sequence(lambda n: f"Candidat{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    email = factory.Sequence(lambda n: f"candidat{n}@example.test")
    company_name = factory.Sequence(lambda n: f"Entreprise candidate {n}")
    siret = factory.Sequence(siret_of)
    activity = factory.SubFactory(ActivityCodeFactory)
    headcount = 12
    creation_year = 2005
    commune = factory.SubFactory(CommuneFactory)
    has_hired = factory.LazyFunction(lambda: True)
    wished_themes = factory.LazyFunction(lambda: ["Développement commercial"])
    source = Application.Source.FORM


class FacilitatorApplicationFactory(ApplicationFactory):
    role = Membership.Role.FACILITATOR
    headcount = 800
    has_hired = factory.LazyFunction(lambda: None)
    wished_themes = factory.LazyFunction(list)
    expertise = factory.LazyFunction(lambda: ["Développement commercial", "Recrutement"])


def recruiting_edition(territory: Territory, **kwargs: Any) -> Edition:
    return EditionFactory(
        territory=territory,
        number=kwargs.pop("number", 5),
        opening_date=kwargs.pop(
            "opening_date", datetime.date.today() + datetime.timedelta(days=120)
        ),
        preparation_status=EditionStatus.RECRUITING,
        **kwargs,
    )


def accept(application: Application) -> Application:
    """Accepted and linked to a person, as `application_decide` leaves it (no audit, no mail)."""
    application.person = link_person(application)
    application.status = Application.Status.ACCEPTED
    application.save(update_fields=["person", "status"])
    return application


def accepted_cohort(edition: Edition, leaders: int, facilitators: int) -> list[Application]:
    """Accepted leaders of distinct NAF classes and facilitators of distinct employers."""
    people = [
        accept(
            ApplicationFactory(
                edition=edition, activity=ActivityCodeFactory(code=f"{10 + i:02d}.11Z")
            )
        )
        for i in range(leaders)
    ]
    people += [accept(FacilitatorApplicationFactory(edition=edition)) for _ in range(facilitators)]
    return people
