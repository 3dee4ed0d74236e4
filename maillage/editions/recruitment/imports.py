"""Bulk import of applications from a CSV or XLSX file (columns: docs/imports.md).

Two steps, and nothing is written before the second:

1. `applications_check(edition, sheets)` validates the whole file, each row through the same
   `ApplicationForm` as the public form, and reports every bad row with its line and reason
   (in the user's language); the rows are kept in the session.
2. `applications_import(edition, rows, by)` validates them again and writes every valid row in
   one transaction, or none: if anything fails on the way, nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.editions.models import Edition, Membership
from maillage.editions.recruitment import services
from maillage.editions.recruitment.forms import ApplicationForm, Lookups, fold
from maillage.editions.recruitment.models import Application, settings_for
from maillage.editions.recruitment.tabular import (
    Column,
    RowError,
    Sheet,
    in_scientific_notation,
    keyed,
    match_columns,
    rounded_refusal,
    siret_cell,
    split_list,
)

COLUMNS = (
    Column("role", gettext_lazy("rôle"), ("role", "rôle"), required=True),
    Column("first_name", gettext_lazy("prénom"), ("prenom", "first_name", "firstname"), True),
    Column("last_name", gettext_lazy("nom"), ("nom", "last_name", "lastname", "surname"), True),
    Column("email", gettext_lazy("e-mail"), ("email", "e-mail", "courriel", "mail"), True),
    Column("phone", gettext_lazy("téléphone"), ("telephone", "phone", "tel")),
    Column("job_title", gettext_lazy("fonction"), ("fonction", "job_title", "job")),
    Column(
        "company_name",
        gettext_lazy("entreprise"),
        ("entreprise", "company", "company_name", "raison_sociale"),
        True,
    ),
    Column("siret", "SIRET", ("siret",), True),
    Column("naf", gettext_lazy("code NAF"), ("naf", "code_naf", "ape", "code_ape", "naf_code")),
    Column("headcount", gettext_lazy("effectif"), ("effectif", "headcount", "employees")),
    Column(
        "creation_year",
        gettext_lazy("année de création"),
        ("annee_de_creation", "annee_creation", "creation_year", "founded"),
    ),
    Column("commune", gettext_lazy("commune"), ("commune", "city", "town", "insee"), True),
    Column(
        "has_hired",
        gettext_lazy("a déjà embauché"),
        ("a_deja_embauche", "deja_embauche", "has_hired"),
    ),
    Column("needs", gettext_lazy("besoins"), ("besoins", "needs")),
    Column(
        "wished_themes",
        gettext_lazy("thématiques"),
        ("thematiques", "thematiques_souhaitees", "themes", "wished_themes"),
    ),
    Column("expertise", gettext_lazy("expertise"), ("expertise", "thematiques_d_expertise")),
    Column(
        "available_weekdays",
        gettext_lazy("jours"),
        ("jours", "jours_possibles", "weekdays", "days"),
    ),
    Column(
        "available_moments",
        gettext_lazy("moments"),
        ("moments", "moments_possibles", "times"),
    ),
    Column(
        "declared_conflicts",
        gettext_lazy("conflits"),
        ("conflits", "concurrents", "conflicts", "competitors"),
    ),
    Column("status", gettext_lazy("statut"), ("statut", "status")),
    Column("language", gettext_lazy("langue"), ("langue", "language", "lang")),
)
LABELS = {column.key: column.label for column in COLUMNS}

ROLES = {
    "leader": Membership.Role.LEADER,
    "dirigeant": Membership.Role.LEADER,
    "dirigeante": Membership.Role.LEADER,
    "facilitator": Membership.Role.FACILITATOR,
    "animateur": Membership.Role.FACILITATOR,
    "animatrice": Membership.Role.FACILITATOR,
}
YES = {"oui", "yes", "o", "y", "1", "true", "vrai", "x"}
NO = {"non", "no", "n", "0", "false", "faux"}
WEEKDAYS = {
    **{
        name: index
        for index, name in enumerate(["lundi", "mardi", "mercredi", "jeudi", "vendredi"])
    },
    **{
        name: index
        for index, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday"])
    },
    **{name: index for index, name in enumerate(["lun", "mar", "mer", "jeu", "ven"])},
    **{name: index for index, name in enumerate(["mon", "tue", "wed", "thu", "fri"])},
}
MOMENTS = {
    "matin": "morning",
    "morning": "morning",
    "midi": "lunch",
    "dejeuner": "lunch",
    "lunch": "lunch",
    "soir": "evening",
    "soiree": "evening",
    "evening": "evening",
}
STATUSES = {
    "": Application.Status.SUBMITTED,
    "submitted": Application.Status.SUBMITTED,
    "a examiner": Application.Status.SUBMITTED,
    "recue": Application.Status.SUBMITTED,
    "accepted": Application.Status.ACCEPTED,
    "acceptee": Application.Status.ACCEPTED,
    "accepte": Application.Status.ACCEPTED,
    "waitlisted": Application.Status.WAITLISTED,
    "liste d'attente": Application.Status.WAITLISTED,
    "en liste d'attente": Application.Status.WAITLISTED,
    "declined": Application.Status.DECLINED,
    "refusee": Application.Status.DECLINED,
    "refuse": Application.Status.DECLINED,
}

LANGUAGES = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}

Row = tuple[int, dict[str, str]]  # (line in the file, column key → text)


@dataclass
class Report:
    """What a file would import: its valid rows and every bad row's line and reason."""

    sheet: str
    rows: list[Row] = field(default_factory=list)  # every row read, keyed by column
    valid: list[int] = field(default_factory=list)  # lines of the valid rows
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})


def _words(text: str) -> list[str]:
    return [fold(part) for part in split_list(text.replace(",", ";"))]


def form_data(
    row: dict[str, str], theme_choices: Sequence[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A row's text as the form's data, French or English words understood; and the errors of
    values the form cannot see (an unknown role, day or moment)."""
    errors: list[tuple[str, str]] = []
    data: dict[str, Any] = {
        key: row.get(key, "")
        for key in (
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "company_name",
            "siret",
            "naf",
            "headcount",
            "creation_year",
            "commune",
            "needs",
            "declared_conflicts",
        )
    }
    try:
        data["siret"] = siret_cell(data["siret"])
    except ValidationError as exc:
        errors += [("siret", message) for message in exc.messages]
    for part in split_list(data["declared_conflicts"]):
        if in_scientific_notation(part):  # a SIRET Excel rounded: it would match no firm
            errors += [("declared_conflicts", m) for m in rounded_refusal(part).messages]
    role = fold(row.get("role", ""))
    data["role"] = ROLES.get(role, role)
    hired = fold(row.get("has_hired", ""))
    data["has_hired"] = "yes" if hired in YES else "no" if hired in NO else ""
    if hired and not data["has_hired"]:
        errors.append(("has_hired", _("Répondez oui ou non.")))
    by_fold = {fold(label): label for label in theme_choices}
    for key in ("wished_themes", "expertise"):
        data[key] = [by_fold.get(fold(x), x) for x in split_list(row.get(key, ""))]
    days = []
    for word in _words(row.get("available_weekdays", "")):
        if word in WEEKDAYS:
            days.append(str(WEEKDAYS[word]))
        else:
            errors.append(("available_weekdays", _("Jour inconnu : « %(day)s ».") % {"day": word}))
    data["available_weekdays"] = days
    moments = []
    for word in _words(row.get("available_moments", "")):
        if word in MOMENTS:
            moments.append(MOMENTS[word])
        else:
            errors.append(
                ("available_moments", _("Moment inconnu : « %(moment)s ».") % {"moment": word})
            )
    data["available_moments"] = moments
    language = fold(row.get("language", ""))
    data["language"] = LANGUAGES.get(language, "")
    if language and not data["language"]:
        errors.append(
            ("language", _("Langue inconnue : « %(language)s ».") % {"language": language})
        )
    status = fold(row.get("status", ""))
    if status not in STATUSES:
        errors.append(("status", _("Statut inconnu : « %(status)s ».") % {"status": status}))
    return data, errors


@dataclass(frozen=True)
class Checked:
    line: int
    fields: dict[str, Any] | None
    status: str
    errors: list[RowError]


def check_rows(edition: Edition, sheet_name: str, rows: list[Row]) -> list[Checked]:
    """Validate every row; the emails already taken (this edition, earlier rows) are refused."""
    rules = settings_for(edition.territory)
    lookups = Lookups()
    taken = {
        e.lower()
        for e in Application.objects.filter(edition=edition).values_list("email", flat=True)
    }
    checked = []
    default_language = str(settings.LANGUAGE_CODE)
    for line, row in rows:
        data, problems = form_data(row, rules.theme_choices)
        form = ApplicationForm(
            data, edition=edition, rules=rules, taken_emails=taken, lookups=lookups
        )
        errors = [
            RowError(sheet_name, line, str(LABELS.get(key, key)), message)
            for key, message in problems
        ]
        if form.is_valid() and not errors:
            fields = form.application_fields()
            taken.add(fields["email"])
            status = STATUSES[fold(row.get("status", ""))]
            fields["language"] = data["language"] or default_language
            checked.append(Checked(line, fields, status, []))
            continue
        if not form.is_valid():
            rounded = any(key == "siret" for key, _message in problems)
            for name, messages in form.errors.items():
                if name == "siret" and rounded:  # said better: Excel rounded it
                    continue
                label = (
                    str(LABELS.get(name) or form.fields[name].label) if name in form.fields else ""
                )
                errors += [RowError(sheet_name, line, label, str(message)) for message in messages]
        checked.append(Checked(line, None, "", errors))
    return checked


def pick_sheet(sheets: list[Sheet]) -> Sheet | None:
    """The sheet named like applications; else the first whose headers name every required
    column (a workbook often opens on an instructions sheet); else the first, whose report
    then says which columns are missing."""
    for sheet in sheets:
        if fold(sheet.name) in {"candidatures", "applications"}:
            return sheet
    for sheet in sheets:
        if not match_columns(sheet, COLUMNS)[1]:
            return sheet
    return sheets[0] if sheets else None


def applications_check(edition: Edition, sheets: list[Sheet]) -> Report:
    sheet = pick_sheet(sheets)
    if sheet is None:
        return Report(
            sheet="",
            errors=[RowError("", 1, "", _("Le fichier ne contient aucune ligne."))],
        )
    mapping, errors = match_columns(sheet, COLUMNS)
    report = Report(sheet=sheet.name, errors=errors)
    if errors:
        return report
    report.rows = [(line, keyed(row, mapping)) for line, row in sheet.rows]
    if not report.rows:
        report.errors.append(RowError(sheet.name, 1, "", _("Le fichier ne contient aucune ligne.")))
        return report
    for checked in check_rows(edition, sheet.name, report.rows):
        if checked.fields is not None:
            report.valid.append(checked.line)
        report.errors += checked.errors
    return report


class ImportChanged(Exception):
    """Between the check and the confirmation, some rows changed validity: check again."""


@transaction.atomic
def applications_import(
    *, edition: Edition, rows: list[Row], expected: list[int], by: Any
) -> list[Application]:
    """Write the valid rows (the `expected` lines, as checked and shown), all or none.

    Raises ImportChanged when the valid rows are no longer those the user confirmed (an
    application came in meanwhile with the same address…): nothing is written then."""
    services.check_open(edition, staff=True)
    checked = check_rows(edition, "", rows)
    valid = [c for c in checked if c.fields is not None]
    if [c.line for c in valid] != list(expected):
        raise ImportChanged
    created = []
    for item in valid:
        assert item.fields is not None
        fields = dict(item.fields)
        language = fields.pop("language")
        application = services.application_submit(
            edition=edition,
            fields=fields,
            source=Application.Source.IMPORT,
            language=language,
            by=by,
            notify=False,
        )
        if item.status != Application.Status.SUBMITTED:
            try:
                services.application_decide(
                    application=application, status=item.status, by=by, notify=False
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("Ligne %(line)d : %(reason)s")
                    % {"line": item.line, "reason": " ".join(exc.messages)}
                ) from exc
        created.append(application)
    return created
