from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from maillage.territories.models import (
    ActivityCode,
    Commune,
    Company,
    Network,
    NetworkAdmin,
    Person,
    ProjectManager,
    Territory,
)

# Valid SIRENs (Luhn key) to draw from, and their head-office SIRETs.
SIRENS = ["732829320", "552100554", "542051180", "443061841", "784671695", "808332670"]


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit to `body`."""
    for digit in "0123456789":
        candidate = body + digit
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError  # pragma: no cover


class NetworkFactory(DjangoModelFactory[Network]):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = "Réseau Plato"
    slug = "plato"


class TerritoryFactory(DjangoModelFactory[Territory]):
    class Meta:
        model = Territory

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    organiser = factory.LazyAttribute(lambda o: f"CCI {o.name}")


class CommuneFactory(DjangoModelFactory[Commune]):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    # Codes no real commune has ("99…"): a test naming a real one (42187, Roanne) never gets
    # a made-up commune that the sequence happened to give that code (get_or_create).
    insee_code = factory.Sequence(lambda n: f"99{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_code = "42300"
    department = "42"
    latitude = 46.03
    longitude = 4.07


class ActivityCodeFactory(DjangoModelFactory[ActivityCode]):
    class Meta:
        model = ActivityCode
        django_get_or_create = ("nomenclature", "code")

    nomenclature = ActivityCode.Nomenclature.NAF_REV2
    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}.{n % 9 + 1}{n % 10}Z")
    label = factory.Sequence(lambda n: f"Activité {n}")
    section = "C"


class CompanyFactory(DjangoModelFactory[Company]):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(lambda n: luhn_complete(f"{10000000 + n:08d}"))
    activity = factory.SubFactory(ActivityCodeFactory)
    headcount_band = Company.HeadcountBand.TPE
    commune = factory.SubFactory(CommuneFactory)


class LargeCompanyFactory(CompanyFactory):
    headcount_band = Company.HeadcountBand.GE


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.test")
    company = factory.SubFactory(CompanyFactory)
    directory_consent = True


class NetworkAdminFactory(DjangoModelFactory[NetworkAdmin]):
    class Meta:
        model = NetworkAdmin

    network = factory.SubFactory(NetworkFactory)


class ProjectManagerFactory(DjangoModelFactory[ProjectManager]):
    class Meta:
        model = ProjectManager

    territory = factory.SubFactory(TerritoryFactory)
