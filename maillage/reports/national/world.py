"""The national dataset planned in memory before it is written: shape, territories, editions,
groups, people and meetings, with the ids the writer handed out.

The plan is built by `plan_world` (territories, editions, groups and who is in them) and
`plan_meetings`; each app's part then writes its tables from it (see `__init__.PARTS`).
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from maillage.editions.models import add_months

ZONE = ZoneInfo("Europe/Paris")
EMAIL_DOMAIN = "national.maillage.test"
NETWORK_SLUG = "reseau-national"


@dataclass(frozen=True)
class Shape:
    """How big: the national dataset of issue 10, or a fraction of it (tests)."""

    territories: int = 100
    groups_per_territory: int = 10
    editions_per_territory: int = 5  # the last one running, the others closed
    people: int = 15_000
    contacts: int = 100_000
    referrals: int = 100_000
    audit_entries: int = 60_000

    @classmethod
    def scaled(cls, factor: float) -> Shape:
        """A smaller network of the same shape (at least 2 territories)."""
        national = cls()
        territories = max(2, round(national.territories * factor))
        ratio = territories / national.territories
        return cls(
            territories=territories,
            people=round(national.people * ratio),
            contacts=round(national.contacts * ratio),
            referrals=round(national.referrals * ratio),
            audit_entries=round(national.audit_entries * ratio),
        )


@dataclass
class TerritoryPlan:
    id: int
    index: int
    name: str
    slug: str
    department: str
    centre: tuple[float, float]
    commune_ids: list[int] = field(default_factory=list)
    commune_points: list[tuple[float, float]] = field(default_factory=list)
    employer_ids: list[int] = field(default_factory=list)
    project_manager_user_ids: list[int] = field(default_factory=list)
    editions: list[EditionPlan] = field(default_factory=list)


@dataclass
class EditionPlan:
    id: int
    territory: TerritoryPlan
    number: int
    opening: datetime.date
    groups: list[GroupPlan] = field(default_factory=list)
    events: list[MeetingPlan] = field(default_factory=list)
    applicant_ids: list[int] = field(default_factory=list)  # persons accepted, not yet placed

    @property
    def closing(self) -> datetime.date:
        return add_months(self.opening, 24)

    def is_closed(self, today: datetime.date) -> bool:
        return self.closing <= today

    def is_open(self, today: datetime.date) -> bool:
        return self.opening <= today


@dataclass
class PersonPlan:
    id: int
    first_name: str
    last_name: str
    email: str
    company_id: int
    territory: TerritoryPlan
    user_id: int | None = None
    quote_consent: bool = False
    directory_consent: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class MemberPlan:
    id: int  # the membership's
    person: PersonPlan
    role: str  # "leader" or "facilitator"
    joined_on: datetime.date
    left_on: datetime.date | None
    assiduity: float  # chance of being there

    def in_group_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


@dataclass
class GroupPlan:
    id: int
    edition: EditionPlan
    name: str
    weekday: int
    time: datetime.time
    members: list[MemberPlan] = field(default_factory=list)
    meetings: list[MeetingPlan] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)  # its programme, most wanted first

    @property
    def leaders(self) -> list[MemberPlan]:
        return [m for m in self.members if m.role == "leader"]

    @property
    def facilitators(self) -> list[MemberPlan]:
        return [m for m in self.members if m.role == "facilitator"]


@dataclass
class MeetingPlan:
    id: int
    edition: EditionPlan
    group: GroupPlan | None
    kind: str
    number: int | None
    starts_at: datetime.datetime
    minutes_long: int
    status: str
    host: MemberPlan | None = None
    # person id → attendance status (held meetings only)
    attendance: dict[int, str] = field(default_factory=dict)

    @property
    def day(self) -> datetime.date:
        return self.starts_at.astimezone(ZONE).date()

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes_long)

    @property
    def present_ids(self) -> list[int]:
        return [pid for pid, status in self.attendance.items() if status in ("present", "late")]


@dataclass
class World:
    """Everything the parts share. `rng(part)` gives each part its own seeded stream."""

    shape: Shape
    seed: int
    today: datetime.date
    now: datetime.datetime
    network_id: int = 0
    territories: list[TerritoryPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    companies: list[tuple[int, str, str, int, str, int, float, float]] = field(
        default_factory=list
    )  # id, name, siren, activity_id, band, commune_id, lat, lon
    activity_ids: list[int] = field(default_factory=list)
    network_admin_user_ids: list[int] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    theme_titles: dict[int, str] = field(default_factory=dict)

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{part}")

    @property
    def editions(self) -> list[EditionPlan]:
        return [e for t in self.territories for e in t.editions]

    @property
    def groups(self) -> list[GroupPlan]:
        return [g for e in self.editions for g in e.groups]

    @property
    def meetings(self) -> list[MeetingPlan]:
        return [m for e in self.editions for m in e.events] + [
            m for g in self.groups for m in g.meetings
        ]


# Names ---------------------------------------------------------------------------------------

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Claire",
    "Sophie",
    "Anne",
    "Nathalie",
    "Isabelle",
    "Céline",
    "Aurélie",
    "Élodie",
    "Hélène",
    "Juliette",
    "Lucie",
    "Mathilde",
    "Pauline",
    "Agathe",
    "Margaux",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Pierre",
    "Alexandre",
    "Romain",
    "Hugo",
    "Louis",
    "Lucas",
    "Mathieu",
    "Sébastien",
    "Olivier",
    "Laurent",
    "Philippe",
    "Christophe",
    "Vincent",
    "François",
    "Jérôme",
    "Guillaume",
    "Benoît",
    "Stéphane",
    "Damien",
    "Arnaud",
    "Yann",
    "Karim",
    "Mehdi",
    "Samir",
    "Nadia",
    "Leïla",
    "Yasmine",
    "Amine",
    "Fatou",
    "Moussa",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Pierre",
    "Renard",
    "Arnaud",
    "Rolland",
]
TRADES = [
    "Menuiserie",
    "Boulangerie",
    "Imprimerie",
    "Garage",
    "Transports",
    "Plomberie",
    "Électricité",
    "Conseil",
    "Informatique",
    "Paysages",
    "Traiteur",
    "Optique",
    "Architecture",
    "Textile",
    "Mécanique",
    "Usinage",
    "Agence",
    "Cabinet",
    "Atelier",
    "Brasserie",
    "Fromagerie",
    "Ébénisterie",
    "Maçonnerie",
    "Couverture",
    "Pharmacie",
    "Librairie",
    "Communication",
    "Nettoyage",
    "Sécurité",
    "Logistique",
    "Emballages",
    "Métallerie",
    "Serrurerie",
]
LARGE_EMPLOYERS = (
    "Banque Régionale",
    "Énergies de France",
    "Télécom Services",
    "Assurances Mutuelles",
    "Groupe Ferroviaire",
    "Industries Aéronautiques",
    "Distribution Alimentaire",
    "Laboratoires Pharmaceutiques",
    "Constructions Générales",
    "Automobiles Françaises",
    "Eaux et Services",
    "Poste et Colis",
)
TERRITORY_NAMES = [
    "Roannais",
    "Forez",
    "Velay",
    "Beaujolais",
    "Dombes",
    "Bresse",
    "Bugey",
    "Chablais",
    "Genevois",
    "Tarentaise",
    "Maurienne",
    "Grésivaudan",
    "Vercors",
    "Trièves",
    "Diois",
    "Baronnies",
    "Tricastin",
    "Comtat",
    "Luberon",
    "Camargue",
    "Crau",
    "Alpilles",
    "Esterel",
    "Var",
    "Verdon",
    "Ubaye",
    "Queyras",
    "Briançonnais",
    "Champsaur",
    "Matheysine",
    "Oisans",
    "Chartreuse",
    "Bauges",
    "Aravis",
    "Faucigny",
    "Jura",
    "Revermont",
    "Morvan",
    "Auxois",
    "Charolais",
    "Brionnais",
    "Mâconnais",
    "Chalonnais",
    "Bourbonnais",
    "Combrailles",
    "Livradois",
    "Artense",
    "Cantal",
    "Aubrac",
    "Margeride",
    "Gévaudan",
    "Cévennes",
    "Causses",
    "Rouergue",
    "Ségala",
    "Quercy",
    "Périgord",
    "Limousin",
    "Marche",
    "Berry",
    "Sologne",
    "Gâtinais",
    "Beauce",
    "Perche",
    "Vexin",
    "Brie",
    "Valois",
    "Soissonnais",
    "Thiérache",
    "Cambrésis",
    "Hainaut",
    "Artois",
    "Boulonnais",
    "Ternois",
    "Ponthieu",
    "Vimeu",
    "Caux",
    "Bray",
    "Lieuvin",
    "Pays-d'Auge",
    "Bessin",
    "Cotentin",
    "Avranchin",
    "Bocage",
    "Mayenne",
    "Anjou",
    "Saumurois",
    "Mauges",
    "Vendée",
    "Marais",
    "Aunis",
    "Saintonge",
    "Angoumois",
    "Médoc",
    "Landes",
    "Béarn",
    "Bigorre",
    "Comminges",
    "Couserans",
    "Lauragais",
    "Albigeois",
    "Minervois",
    "Corbières",
]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in plain.lower()).strip("-")


def siren_from(number: int) -> str:
    """A valid SIREN (Luhn) from a sequence number."""
    body = f"{number % 100_000_000:08d}"
    for check in range(10):
        candidate = body + str(check)
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return candidate
    raise AssertionError(number)  # pragma: no cover


def month_day(opening: datetime.date, months: int, weekday: int, week: int = 2) -> datetime.date:
    """The `week`-th `weekday` of the month `months` after the opening's month."""
    first = add_months(opening.replace(day=1), months)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (week - 1))
