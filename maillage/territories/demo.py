"""The territories part of the demo: the network, the Roannais, its staff, firms and people.

Everything here is fictitious: firm names, people and SIREN numbers are generated (the SIREN
and SIRET keys are valid, the numbers belong to nobody we know of); the NAF codes and the
communes with their coordinates are real. Emails use the reserved `.test` domain.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from stdnum import luhn

from maillage.accounts.models import TotpDevice, User
from maillage.territories.data import roannais_communes
from maillage.territories.demo_data import (
    COMMUNE_WEIGHTS,
    FACILITATOR_TITLES,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LARGE_COMPANIES,
    LAST_NAMES,
    LEADER_TITLES,
    SMALL_FIRM_ACTIVITIES,
    STREETS,
)
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

DEMO_EMAIL_DOMAIN = "demo.maillage.test"
NETWORK_NAME = "Réseau Plato"
NETWORK_SLUG = "plato-demo"
TERRITORY_NAME = "Roannais"
TERRITORY_SLUG = "roannais"
ORGANISER = "CCI du Roannais"
ROANNE = "42187"

NETWORK_ADMIN_EMAIL = f"reseau@{DEMO_EMAIL_DOMAIN}"
PROJECT_MANAGER_EMAIL = f"chef-de-projet@{DEMO_EMAIL_DOMAIN}"
ACCOUNT_EMAILS = (NETWORK_ADMIN_EMAIL, PROJECT_MANAGER_EMAIL)
# Demo only: staff must log in with two-factor authentication, so the staff demo accounts have
# fixed TOTP secrets (base32), printed by load_demo and in the README: add them to an
# authenticator app to try these roles.
NETWORK_ADMIN_TOTP_SECRET = "MAILLAGEDEMORESEAUROANNAIS234567"
PROJECT_MANAGER_TOTP_SECRET = "MAILLAGEDEMOCHEFDEPROJETROANNAIS"


@dataclass
class DemoPerson:
    """A person of the demo with what the model does not keep (gender for wording)."""

    person: Person
    feminine: bool
    reliability: float  # chance of attending a meeting

    @property
    def company(self) -> Company:
        assert self.person.company is not None
        return self.person.company


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    totp_secret: str = ""


@dataclass
class TerritoryDemo:
    network: Network
    territory: Territory
    communes: list[Commune]
    leaders: list[DemoPerson]  # one per small firm, in the order editions should take them
    facilitators: list[DemoPerson]  # one per large company
    accounts: list[DemoAccount] = field(default_factory=list)


def ascii_slug(text: str, separator: str = ".") -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in decomposed.lower()).split()
    return separator.join(words)


def demo_user(*, email: str, display_name: str, password_hash: str) -> User:
    """A demo account: only `load_demo` creates them; the password is hashed once by the caller."""
    return User.objects.create(email=email, display_name=display_name, password=password_hash)


class _Numbers:
    """SIREN numbers with a valid Luhn key, unique within the demo."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def siren(self) -> str:
        while True:
            body = f"{self.rng.randint(30_000_000, 99_999_999):08d}"
            number = body + luhn.calc_check_digit(body)
            if number not in self.seen and not number.startswith("356000000"):
                self.seen.add(number)
                return number

    def siret(self, siren: str) -> str:
        body = siren + f"{self.rng.randint(1, 4):04d}"
        return body + luhn.calc_check_digit(body)


class _People:
    """Plausible French names, each full name used once, and their demo e-mail addresses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[tuple[str, str]] = set()
        self.emails: set[str] = set()

    def new(self, *, feminine: bool) -> tuple[str, str, str]:
        while True:
            first = self.rng.choice(FIRST_NAMES_F if feminine else FIRST_NAMES_M)
            last = self.rng.choice(LAST_NAMES)
            if (first, last) not in self.names:
                break
        self.names.add((first, last))
        base = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email, suffix = f"{base}@{DEMO_EMAIL_DOMAIN}", 2
        while email in self.emails:
            email, suffix = f"{base}{suffix}@{DEMO_EMAIL_DOMAIN}", suffix + 1
        self.emails.add(email)
        return first, last, email

    def phone(self) -> str:
        # Numbers reserved by the Arcep for fiction: 06 39 98 xx xx and 04 65 71 xx xx.
        prefix = self.rng.choice(("06 39 98", "04 65 71"))
        return f"{prefix} {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"


def _near(commune: Commune, rng: random.Random) -> tuple[float, float]:
    """A position a few hundred metres around the commune's main place."""
    assert commune.latitude is not None
    assert commune.longitude is not None
    return (
        round(commune.latitude + rng.uniform(-0.008, 0.008), 6),
        round(commune.longitude + rng.uniform(-0.011, 0.011), 6),
    )


def _address(rng: random.Random) -> str:
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}"


def _consents(person: Person, rng: random.Random) -> None:
    person.directory_consent = rng.random() < 0.9  # most agree to appear, a few do not
    person.email_consent = rng.random() < 0.97
    person.quote_consent = rng.random() < 0.4


def build(
    *, rng: random.Random, password_hash: str, small_firms: int, founded_before: int
) -> TerritoryDemo:
    """The network, the Roannais with its staff, `small_firms` small firms each with its leader,
    and the large companies each with a manager who facilitates groups.

    Needs the reference data (NAF rev. 2 and communes) loaded. `founded_before` is the year
    before which the firms were founded (the first edition's year)."""
    network = Network.objects.create(name=NETWORK_NAME, slug=NETWORK_SLUG)
    territory = Territory.objects.create(
        network=network,
        name=TERRITORY_NAME,
        slug=TERRITORY_SLUG,
        organiser=ORGANISER,
        time_zone="Europe/Paris",
        school_zone="A",  # Loire: académie de Lyon
    )
    communes = list(
        Commune.objects.filter(insee_code__in=[row.insee for row in roannais_communes()])
    )
    territory.communes.set(communes)
    by_insee = {commune.insee_code: commune for commune in communes}
    weights = [COMMUNE_WEIGHTS.get(commune.insee_code, 1) for commune in communes]
    codes = {
        activity.code: activity
        for activity in ActivityCode.objects.filter(nomenclature=ActivityCode.Nomenclature.NAF_REV2)
    }

    admin = demo_user(
        email=NETWORK_ADMIN_EMAIL, display_name="Hélène Carrier", password_hash=password_hash
    )
    NetworkAdmin.objects.create(network=network, user=admin)
    TotpDevice.objects.create(user=admin, secret=NETWORK_ADMIN_TOTP_SECRET)
    manager = demo_user(
        email=PROJECT_MANAGER_EMAIL, display_name="Julien Fayolle", password_hash=password_hash
    )
    ProjectManager.objects.create(territory=territory, user=manager)
    TotpDevice.objects.create(user=manager, secret=PROJECT_MANAGER_TOTP_SECRET)

    numbers, people = _Numbers(rng), _People(rng)
    companies: list[Company] = []
    persons: list[tuple[Person, bool, float]] = []
    names_taken: set[str] = set()

    # Small firms cycle through the activities in a shuffled order, so that any run of
    # consecutive firms shorter than the catalogue has distinct activities.
    activities = list(SMALL_FIRM_ACTIVITIES)
    rng.shuffle(activities)
    for index in range(small_firms):
        activity = activities[index % len(activities)]
        feminine = rng.random() < 0.38
        first, last, email = people.new(feminine=feminine)
        commune = rng.choices(communes, weights)[0]
        surname = last if rng.random() < 0.6 else rng.choice(LAST_NAMES)
        name = ""
        for pattern in rng.sample(activity.names, len(activity.names)):
            name = pattern.format(nom=surname, ville=commune.name, prenom=first)
            if name not in names_taken:
                break
        if name in names_taken:
            name = f"{name} ({commune.name})"
        names_taken.add(name)
        band = Company.HeadcountBand.TPE
        if rng.random() < activity.pme_share:
            band = Company.HeadcountBand.PME
        staff = rng.randint(10, 85) if band == Company.HeadcountBand.PME else rng.randint(1, 9)
        founded = rng.randint(founded_before - 40, founded_before - 2)
        latitude, longitude = _near(commune, rng)
        siren = numbers.siren()
        company = Company(
            name=name,
            siren=siren,
            siret=numbers.siret(siren),
            activity=codes[activity.code],
            headcount_band=band,
            commune=commune,
            address=_address(rng),
            latitude=latitude,
            longitude=longitude,
            description=(
                f"{activity.blurb.capitalize()}. Fondée en {founded}, "
                f"{staff} salarié{'s' if staff > 1 else ''}."
            ),
        )
        companies.append(company)
        title = rng.choice(LEADER_TITLES)[feminine]
        person = Person(
            first_name=first,
            last_name=last,
            email=email,
            phone=people.phone(),
            job_title=title,
            company=company,
        )
        _consents(person, rng)
        persons.append((person, feminine, rng.uniform(0.66, 0.95)))

    for spec in LARGE_COMPANIES:
        commune = by_insee.get(spec.commune) or by_insee[ROANNE]
        latitude, longitude = _near(commune, rng)
        siren = numbers.siren()
        company = Company(
            name=spec.name,
            siren=siren,
            siret=numbers.siret(siren),
            activity=codes[spec.code],
            headcount_band=spec.band,
            commune=commune,
            address=_address(rng),
            latitude=latitude,
            longitude=longitude,
            description=f"{codes[spec.code].label}. Site du Roannais d'un groupe régional.",
        )
        companies.append(company)
        feminine = rng.random() < 0.45
        first, last, email = people.new(feminine=feminine)
        person = Person(
            first_name=first,
            last_name=last,
            email=email,
            phone=people.phone(),
            job_title=rng.choice(FACILITATOR_TITLES)[feminine],
            company=company,
        )
        _consents(person, rng)
        persons.append((person, feminine, rng.uniform(0.72, 0.95)))

    Company.objects.bulk_create(companies)
    Person.objects.bulk_create([person for person, _, _ in persons])
    demo_people = [DemoPerson(person, feminine, rate) for person, feminine, rate in persons]
    return TerritoryDemo(
        network=network,
        territory=territory,
        communes=communes,
        leaders=demo_people[:small_firms],
        facilitators=demo_people[small_firms:],
        accounts=[
            DemoAccount(
                NETWORK_ADMIN_EMAIL, "administratrice du réseau", NETWORK_ADMIN_TOTP_SECRET
            ),
            DemoAccount(
                PROJECT_MANAGER_EMAIL, "chef de projet, Roannais", PROJECT_MANAGER_TOTP_SECRET
            ),
        ],
    )


def delete(network: Network) -> None:
    """Remove the territories part of the demo (after the upper apps removed theirs)."""
    people = Person.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    company_ids = list(people.exclude(company=None).values_list("company_id", flat=True))
    people.delete()
    Company.objects.filter(pk__in=company_ids, people=None).delete()
    territories = Territory.objects.filter(network=network)
    ProjectManager.objects.filter(territory__in=territories).delete()
    territories.delete()
    network.delete()
