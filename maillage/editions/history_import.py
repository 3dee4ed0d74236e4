"""Import of a territory's past editions, so that its history and its bilan start complete:
editions, groups and members here; meetings and attendance from the meetings app (its own
`history_import` module registers them: this app sits below it).

One XLSX workbook with a sheet per kind, or one CSV file per kind, named after the kind
(French or English: docs/imports.md). As with applications, the whole upload is checked first,
every bad row reported with its sheet, line and reason; rows that depend on a bad row (the
members of a refused group) are refused too. Confirming writes every valid row in one
transaction, or none.

The past is imported as it was: the composition rules of `membership_add` (group sizes, one
running group at a time) are not applied to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.api_input import LATEST_DAY
from maillage.core.audit import audit
from maillage.core.roles import bump_roles
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.recruitment.forms import Lookups, fold
from maillage.editions.recruitment.imports import ROLES
from maillage.editions.recruitment.models import headcount_band
from maillage.editions.recruitment.tabular import (
    Column,
    RowError,
    Sheet,
    keyed,
    match_columns,
    parse_date,
    parse_time,
    siret_cell,
)
from maillage.territories.models import Company, Person, Territory
from maillage.territories.validators import validate_siret

Payload = dict[str, Any]


@dataclass
class History:
    """What the checked rows will create, by natural key, for the rows that refer to them.

    `objects` maps the same keys to the rows written (or found in the database)."""

    territory: Territory
    lookups: Lookups = field(default_factory=Lookups)
    editions: dict[int, Payload] = field(default_factory=dict)  # number →
    groups: dict[tuple[int, str], Payload] = field(default_factory=dict)  # (number, name) →
    people: dict[str, Payload] = field(default_factory=dict)  # person key →
    memberships: dict[tuple[int, str, str], Payload] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # for the kinds of upper apps
    objects: dict[Any, Any] = field(default_factory=dict)


Check = Callable[[History, dict[str, str]], Payload]  # raises ValidationError
Write = Callable[[History, list[Payload]], int]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    names: tuple[str, ...]  # sheet or file names (folded), French and English
    columns: tuple[Column, ...]
    order: int
    check: Check
    write: Write


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    autodiscover_modules("history_import")
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def refuse(message: str, column: str = "") -> ValidationError:
    return ValidationError(message, code=column or "row")


# Editions ------------------------------------------------------------------------------------


# The largest value of a small-integer column (PostgreSQL's smallint): an edition's, a
# meeting's number. A number past a column's range is refused at the check, not at the write.
SMALLINT_MAX = 32767


def number_of(text: str, label: str, maximum: int = SMALLINT_MAX) -> int:
    """A whole number from 1 to `maximum`, else the row is refused."""
    try:
        value = int(text.strip())
    except ValueError:
        raise refuse(
            _("« %(value)s » n'est pas un nombre (%(column)s).") % {"value": text, "column": label}
        ) from None
    if not 1 <= value <= maximum:
        raise refuse(
            _("%(column)s : un nombre de 1 à %(max)d.") % {"column": label, "max": maximum}
        )
    return value


# The days a past edition may hold: from the first programmes to the app's last day.
EARLIEST_PAST_DAY = datetime.date(1950, 1, 1)


def plausible_day(day: datetime.date, label: str) -> datetime.date:
    """A day between EARLIEST_PAST_DAY and LATEST_DAY, else the row is refused (an opening in
    9999 would close past the calendar's end)."""
    if not EARLIEST_PAST_DAY <= day <= LATEST_DAY:
        raise refuse(
            _("%(column)s : une date entre %(first)d et %(last)d.")
            % {"column": label, "first": EARLIEST_PAST_DAY.year, "last": LATEST_DAY.year}
        )
    return day


def _date(text: str, label: str) -> datetime.date:
    value = parse_date(text)
    if value is None:
        raise refuse(
            _(
                "« %(value)s » n'est pas une date (%(column)s ; par exemple 2024-03-26 "
                "ou 26/03/2024)."
            )
            % {"value": text, "column": label}
        )
    return plausible_day(value, label)


def edition_of(history: History, text: str) -> tuple[int, Any]:
    """An edition by its number: one of the file's, else one of the territory's."""
    number = number_of(text, _("édition"))
    if number in history.editions:
        return number, history.editions[number]
    edition = Edition.objects.filter(territory=history.territory, number=number).first()
    if edition is None:
        raise refuse(
            _("Édition n° %(number)d inconnue : ajoutez-la à la feuille des éditions.")
            % {"number": number}
        )
    history.objects[("edition", number)] = edition
    return number, edition


def check_edition(history: History, row: dict[str, str]) -> Payload:
    number = number_of(row.get("number", ""), _("numéro"))
    if (
        number in history.editions
        or Edition.objects.filter(territory=history.territory, number=number).exists()
    ):
        raise refuse(_("L'édition n° %(number)d existe déjà.") % {"number": number})
    opening = _date(row.get("opening_date", ""), _("date d'ouverture"))
    payload: Payload = {"number": number, "opening_date": opening}
    for key, label, default, maximum in (
        ("duration_months", _("durée (mois)"), 24, 120),
        ("min_leaders", _("dirigeants min."), 10, 100),
        ("max_leaders", _("dirigeants max."), 12, 100),
        ("facilitators_per_group", _("animateurs par groupe"), 3, 20),
    ):
        payload[key] = number_of(row[key], label, maximum) if row.get(key, "").strip() else default
    if payload["min_leaders"] > payload["max_leaders"]:
        raise refuse(_("Le minimum de dirigeants par groupe dépasse le maximum."))
    history.editions[number] = payload
    return payload


def write_editions(history: History, payloads: list[Payload]) -> int:
    for payload in payloads:
        edition = Edition(territory=history.territory, **payload)
        edition.preparation_status = "forming"
        edition.save()
        history.objects[("edition", payload["number"])] = edition
    return len(payloads)


# Groups --------------------------------------------------------------------------------------

WEEKDAYS = {
    "lundi": 0, "monday": 0, "mardi": 1, "tuesday": 1, "mercredi": 2, "wednesday": 2,
    "jeudi": 3, "thursday": 3, "vendredi": 4, "friday": 4,
}  # fmt: skip


def group_of(history: History, edition_text: str, name: str) -> tuple[tuple[int, str], Any]:
    number, _edition = edition_of(history, edition_text)
    key = (number, fold(name))
    if not name.strip():
        raise refuse(_("Nommez le groupe."))
    if key in history.groups:
        return key, history.groups[key]
    group = Group.objects.filter(
        edition__territory=history.territory, edition__number=number, name__iexact=name.strip()
    ).first()
    if group is None:
        raise refuse(
            _("Groupe « %(name)s » inconnu dans l'édition n° %(number)d.")
            % {"name": name, "number": number}
        )
    history.objects[("group", key)] = group
    return key, group


def check_group(history: History, row: dict[str, str]) -> Payload:
    number, _edition = edition_of(history, row.get("edition", ""))
    name = " ".join(row.get("name", "").split())[:100]  # as stored: two names alike once cut
    if not name:
        raise refuse(_("Nommez le groupe."))
    key = (number, fold(name))
    if (
        key in history.groups
        or Group.objects.filter(
            edition__territory=history.territory, edition__number=number, name__iexact=name
        ).exists()
    ):
        raise refuse(_("Le groupe « %(name)s » existe déjà dans cette édition.") % {"name": name})
    weekday_text = fold(row.get("weekday", ""))
    if weekday_text and weekday_text not in WEEKDAYS:
        raise refuse(_("Jour inconnu : « %(day)s ».") % {"day": row.get("weekday", "")})
    time_text = row.get("time", "").strip()
    meeting_time = parse_time(time_text) if time_text else None
    if time_text and meeting_time is None:
        raise refuse(
            _("« %(value)s » n'est pas une heure (par exemple 18:30).") % {"value": time_text}
        )
    payload: Payload = {
        "key": key,
        "name": name,
        "meeting_weekday": WEEKDAYS.get(weekday_text),
        "meeting_time": meeting_time,
    }
    history.groups[key] = payload
    return payload


def write_groups(history: History, payloads: list[Payload]) -> int:
    for payload in payloads:
        number, _name = payload["key"]
        group = Group.objects.create(
            edition=history.objects[("edition", number)],
            name=payload["name"],
            meeting_weekday=payload["meeting_weekday"],
            meeting_time=payload["meeting_time"],
        )
        history.objects[("group", payload["key"])] = group
    return len(payloads)


# Members -------------------------------------------------------------------------------------


def person_key(row: dict[str, str]) -> str:
    email = row.get("email", "").strip().lower()
    if email:
        return email
    return "|".join(fold(row.get(k, "")) for k in ("first_name", "last_name", "company"))


def check_member(history: History, row: dict[str, str]) -> Payload:
    group_key, _group = group_of(history, row.get("edition", ""), row.get("group", ""))
    role = ROLES.get(fold(row.get("role", "")))
    if role is None:
        raise refuse(
            _("Rôle inconnu : « %(role)s » (dirigeant ou animateur).")
            % {"role": row.get("role", "")}
        )
    first, last = row.get("first_name", "").strip(), row.get("last_name", "").strip()
    if not first or not last:
        raise refuse(_("Donnez le prénom et le nom."))
    email = row.get("email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise refuse(_("Adresse e-mail invalide : « %(email)s ».") % {"email": email}) from None
    siret = siret_cell(row.get("siret", ""))
    activity = None
    if siret:
        validate_siret(siret)
        naf = row.get("naf", "").strip()
        activity = history.lookups.activity(naf) if naf else None
        if naf and activity is None:
            raise refuse(
                _("« %(code)s » n'est pas un code NAF rév. 2 (par exemple 25.62A).") % {"code": naf}
            )
        if activity is None and not Company.objects.filter(siren=siret[:9]).exists():
            raise refuse(_("Donnez le code NAF de l'entreprise (elle n'est pas encore connue)."))
    commune = None
    if row.get("commune", "").strip():
        found = history.lookups.communes(
            row["commune"], history.lookups.commune_ids_of_territory(history.territory.pk)
        )
        if len(found) != 1:
            raise refuse(
                _("Commune inconnue ou ambiguë : « %(value)s » (nom ou code INSEE).")
                % {"value": row["commune"]}
            )
        commune = found[0]
    dates = {}
    for key, label in (("joined_on", _("arrivée")), ("left_on", _("départ"))):
        dates[key] = _date(row[key], label) if row.get(key, "").strip() else None
    if dates["joined_on"] and dates["left_on"] and dates["left_on"] < dates["joined_on"]:
        raise refuse(_("La date de départ précède la date d'arrivée."))
    key = person_key(row)
    membership_key = (*group_key, key)
    if membership_key in history.memberships:
        raise refuse(_("Cette personne figure deux fois dans ce groupe."))
    if (
        email
        and isinstance(_group, Group)
        and Membership.objects.filter(group=_group, person__email__iexact=email).exists()
    ):
        raise refuse(_("Cette personne fait déjà partie de ce groupe."))
    person = history.people.setdefault(
        key,
        {
            "key": key,
            "first_name": first[:100],
            "last_name": last[:100],
            "email": email,
            "company": row.get("company", "").strip()[:200],
            "siret": siret,
            "activity": activity,
            "headcount": row.get("headcount", "").strip(),
            "commune": commune,
        },
    )
    payload: Payload = {"group": group_key, "person": person["key"], "role": role, **dates}
    history.memberships[membership_key] = payload
    return payload


def _company(history: History, person: Payload) -> Company | None:
    siret = person["siret"]
    if not siret:
        return None
    found = history.objects.get(("company", siret[:9]))
    if found is None:
        found = (
            Company.objects.filter(siret=siret).first()
            or Company.objects.filter(siren=siret[:9]).first()
        )
    if found is None:
        headcount = int(person["headcount"]) if person["headcount"].isdigit() else None
        commune = person["commune"]
        found = Company.objects.create(
            name=person["company"] or siret,
            siren=siret[:9],
            siret=siret,
            activity=person["activity"],
            headcount_band=headcount_band(headcount),
            commune=commune,
            latitude=commune.latitude if commune else None,
            longitude=commune.longitude if commune else None,
        )
    history.objects[("company", siret[:9])] = found
    return found


def person_for(history: History, key: str) -> Person:
    found = history.objects.get(("person", key))
    if found is not None:
        return found
    data = history.people[key]
    person = Person.objects.filter(email__iexact=data["email"]).first() if data["email"] else None
    if person is None:
        person = Person.objects.create(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            company=_company(history, data),
        )
    history.objects[("person", key)] = person
    return person


def write_members(history: History, payloads: list[Payload]) -> int:
    memberships = []
    for payload in payloads:
        group = history.objects[("group", payload["group"])]
        person = person_for(history, payload["person"])
        memberships.append(
            Membership(
                person=person,
                group=group,
                role=payload["role"],
                joined_on=payload["joined_on"] or group.edition.opening_date,
                left_on=payload["left_on"],
            )
        )
        history.objects[("membership", payload["group"], payload["person"])] = person
    Membership.objects.bulk_create(memberships)
    bump_roles()  # bulk_create sends no signal
    return len(memberships)


register(
    Kind(
        "editions",
        gettext_lazy("éditions"),
        ("editions", "edition"),
        (
            Column("number", gettext_lazy("numéro"), ("numero", "number", "n"), True),
            Column(
                "opening_date",
                gettext_lazy("date d'ouverture"),
                ("date_d_ouverture", "ouverture", "opening_date", "opening"),
                True,
            ),
            Column(
                "duration_months",
                gettext_lazy("durée (mois)"),
                ("duree_mois", "duree", "duration_months"),
            ),
            Column(
                "min_leaders", gettext_lazy("dirigeants min."), ("dirigeants_min", "min_leaders")
            ),
            Column(
                "max_leaders", gettext_lazy("dirigeants max."), ("dirigeants_max", "max_leaders")
            ),
            Column(
                "facilitators_per_group",
                gettext_lazy("animateurs par groupe"),
                ("animateurs_par_groupe", "facilitators_per_group"),
            ),
        ),
        10,
        check_edition,
        write_editions,
    )
)
register(
    Kind(
        "groups",
        gettext_lazy("groupes"),
        ("groupes", "groups", "groupe", "group"),
        (
            Column("edition", gettext_lazy("édition"), ("edition",), True),
            Column("name", gettext_lazy("nom"), ("nom", "name", "groupe", "group"), True),
            Column("weekday", gettext_lazy("jour"), ("jour", "weekday", "day")),
            Column("time", gettext_lazy("heure"), ("heure", "time")),
        ),
        20,
        check_group,
        write_groups,
    )
)
register(
    Kind(
        "members",
        gettext_lazy("membres"),
        ("membres", "members", "membre", "member"),
        (
            Column("edition", gettext_lazy("édition"), ("edition",), True),
            Column("group", gettext_lazy("groupe"), ("groupe", "group"), True),
            Column("role", gettext_lazy("rôle"), ("role",), True),
            Column("first_name", gettext_lazy("prénom"), ("prenom", "first_name"), True),
            Column("last_name", gettext_lazy("nom"), ("nom", "last_name"), True),
            Column("email", gettext_lazy("e-mail"), ("email", "e-mail", "courriel")),
            Column("company", gettext_lazy("entreprise"), ("entreprise", "company")),
            Column("siret", "SIRET", ("siret",)),
            Column("naf", gettext_lazy("code NAF"), ("naf", "code_naf", "ape")),
            Column("headcount", gettext_lazy("effectif"), ("effectif", "headcount")),
            Column("commune", gettext_lazy("commune"), ("commune", "city", "insee")),
            Column("joined_on", gettext_lazy("arrivée"), ("arrivee", "arrive_le", "joined_on")),
            Column("left_on", gettext_lazy("départ"), ("depart", "parti_le", "left_on")),
        ),
        30,
        check_member,
        write_members,
    )
)


# Checking and writing a whole upload ---------------------------------------------------------


@dataclass
class Table:
    """A sheet recognised as a kind, its rows keyed by column."""

    kind: str
    sheet: str
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class HistoryReport:
    tables: list[Table] = field(default_factory=list)
    valid: dict[str, list[int]] = field(default_factory=dict)  # kind → lines
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (valid, total)

    @property
    def valid_total(self) -> int:
        return sum(len(lines) for lines in self.valid.values())


def recognise(sheets: list[Sheet]) -> tuple[list[Table], list[RowError]]:
    """Each sheet (or CSV file) named after a kind, its columns matched; unknown ones reported."""
    by_name = {name: kind for kind in kinds() for name in kind.names}
    tables, errors = [], []
    for sheet in sheets:
        kind = by_name.get(fold(sheet.name).replace(" ", "_"))
        if kind is None:
            errors.append(
                RowError(
                    sheet.name,
                    1,
                    "",
                    _("Feuille ou fichier non reconnu : nommez-le %(names)s.")
                    % {"names": ", ".join(k.names[0] for k in kinds())},
                )
            )
            continue
        mapping, missing = match_columns(sheet, kind.columns)
        errors += missing
        if not missing:
            tables.append(
                Table(
                    kind.key, sheet.name, [(line, keyed(row, mapping)) for line, row in sheet.rows]
                )
            )
    return tables, errors


def check(territory: Territory, tables: list[Table]) -> tuple[History, HistoryReport]:
    """Check every row of every table, kinds in order (editions before their groups…)."""
    history = History(territory=territory)
    report = HistoryReport(tables=tables)
    for kind in kinds():
        for table in (t for t in tables if t.kind == kind.key):
            lines = report.valid.setdefault(kind.key, [])
            for line, row in table.rows:
                try:
                    kind.check(history, row)
                except ValidationError as exc:
                    report.errors += [
                        RowError(table.sheet, line, "", message) for message in exc.messages
                    ]
                else:
                    lines.append(line)
            _valid, total = report.counts.get(kind.key, (0, 0))
            report.counts[kind.key] = (len(lines), total + len(table.rows))
    return history, report


class HistoryChanged(Exception):
    """The valid rows changed between the check and the confirmation."""


@transaction.atomic
def history_import(
    *, territory: Territory, tables: list[Table], expected: dict[str, list[int]], by: Any
) -> dict[str, int]:
    """Write every valid row of the upload, kinds in order, all or none."""
    history = History(territory=territory)
    payloads: dict[str, list[Payload]] = {}
    valid: dict[str, list[int]] = {}
    for kind in kinds():
        for table in (t for t in tables if t.kind == kind.key):
            for line, row in table.rows:
                try:
                    payload = kind.check(history, row)
                except ValidationError:
                    continue
                payloads.setdefault(kind.key, []).append(payload)
                valid.setdefault(kind.key, []).append(line)
    if {k: v for k, v in valid.items() if v} != {k: v for k, v in expected.items() if v}:
        raise HistoryChanged
    written = {}
    for kind in kinds():
        if payloads.get(kind.key):
            written[kind.key] = kind.write(history, payloads[kind.key])
    audit(by, "editions.history.imported", territory_id=territory.pk, counts=written)
    return written
