"""The bilan as sections of lines and tables, written to XLSX (one sheet per section) and CSV.
The PDF (`reports.pdf`) reads the same sections. Exports show what the page shows: the same
hidden figures (empty, with the reason), never an individual's answer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from maillage.reports.bilan.figures import Bilan
from maillage.reports.bilan.scope import Level
from maillage.surveys.questionnaires import Kind

type Value = int | float | Decimal | str | None


@dataclass(frozen=True)
class Line:
    label: str
    value: Value  # None: hidden (fewer than five people) or not measured yet
    unit: str = ""
    digits: int = 0


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Value]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def hidden_note() -> str:
    return _("Vide : chiffre non montré, il repose sur moins de cinq personnes.")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def part_label(level: Level) -> str:
    return {
        Level.NETWORK: _("Territoire"),
        Level.TERRITORY: _("Édition"),
        Level.EDITION: _("Groupe"),
        Level.GROUP: "",
    }[level]


def sections(report: Bilan) -> list[Section]:
    activity, exchanges, business, change = (
        report.activity,
        report.exchanges,
        report.business,
        report.change,
    )
    paired = change.isolation_change
    out = [
        Section(
            "activity",
            _("Activité"),
            [
                Line(_("Dirigeants"), activity.leaders),
                Line(_("Animateurs"), activity.facilitators),
                Line(_("Entreprises"), activity.companies),
                Line(_("Secteurs d'activité"), activity.sectors),
                Line(_("Communes"), activity.communes),
                Line(_("Rencontres tenues"), activity.meetings_held),
                Line(_("Taux de présence"), _pct(activity.attendance_rate), "%", 1),
                Line(_("Utilité des rencontres (sur 5)"), _round(activity.usefulness), "", 2),
                Line(_("Personnes ayant donné un avis"), activity.usefulness_raters),
            ],
            [
                Table(
                    _("Thèmes abordés"),
                    [_("Thème"), _("Rencontres"), _("Personnes ayant noté"), _("Utilité (sur 5)")],
                    [[t.title, t.meetings, t.raters, _round(t.rating)] for t in activity.themes],
                ),
                Table(
                    _("Entreprises par secteur"),
                    [_("Secteur"), _("Entreprises")],
                    [[s.label, s.firms] for s in activity.sector_breakdown],
                ),
                Table(
                    _("Communes"),
                    [_("Commune"), _("Entreprises")],
                    [[p.name, p.firms] for p in activity.places],
                ),
                Table(
                    _("Par année"),
                    [_("Année"), _("Rencontres tenues"), _("Taux de présence (%)")],
                    [[y.year, y.meetings_held, _pct(y.attendance_rate)] for y in report.years],
                ),
            ],
        ),
        Section(
            "exchanges",
            _("Échanges"),
            [
                Line(_("Idées notées"), exchanges.ideas_noted),
                Line(_("Idées adoptées"), exchanges.ideas_adopted),
                Line(_("Échanges entre membres"), exchanges.contacts),
                Line(_("dont entre groupes"), exchanges.contacts_across_groups),
                Line(_("dont entre anciens"), exchanges.contacts_among_alumni),
            ],
            [
                Table(
                    _("Par année"),
                    [_("Année"), _("Idées notées"), _("Idées adoptées"), _("Échanges")],
                    [[y.year, y.ideas_noted, y.ideas_adopted, y.contacts] for y in report.years],
                )
            ],
        ),
        Section(
            "business",
            _("Affaires"),
            [
                Line(_("Recommandations données"), business.referrals_given),
                Line(_("Recommandations gagnées"), business.referrals_won),
                Line(_("Montant gagné"), business.amount_won, "€"),
                Line(_("Personnes ayant gagné une affaire"), business.winners),
                Line(
                    _("Répondants ayant fait affaire avec d'autres membres"),
                    _pct(business.business_share),
                    "%",
                    1,
                ),
            ],
            [
                Table(
                    _("Par année"),
                    [_("Année"), _("Données"), _("Gagnées"), _("Montant gagné (€)")],
                    [
                        [y.year, y.referrals_given, y.referrals_won, y.amount_won]
                        for y in report.years
                    ],
                )
            ],
        ),
        Section(
            "change",
            _("Évolution"),
            [
                Line(_("Isolement à l'entrée (1 à 5)"), _round(change.isolation_before), "", 2),
                Line(
                    _("Isolement %(stage)s (1 à 5)") % {"stage": Kind(change.after_stage).label},
                    _round(change.isolation_after),
                    "",
                    2,
                ),
                Line(_("Personnes ayant répondu aux deux"), change.pairs),
                Line(
                    _("Variation moyenne de l'isolement"),
                    _round(paired.mean if paired else None),
                    "",
                    2,
                ),
                Line(
                    _("Intervalle de confiance à 95 % : borne basse"),
                    _round(paired.low if paired else None),
                    "",
                    2,
                ),
                Line(
                    _("Intervalle de confiance à 95 % : borne haute"),
                    _round(paired.high if paired else None),
                    "",
                    2,
                ),
                Line(_("NPS (−100 à 100)"), _round(change.nps, 0)),
                Line(_("Satisfaction (sur 5)"), _round(change.satisfaction), "", 2),
                Line(_("Taux de réponse aux questionnaires"), _pct(change.response_rate), "%", 1),
                Line(_("Densité du réseau au début"), _pct(change.density_start), "%", 1),
                Line(_("Densité du réseau à la fin"), _pct(change.density_end), "%", 1),
                Line(_("Liens entre membres au début"), change.ties_start),
                Line(_("Liens entre membres à la fin"), change.ties_end),
            ],
            [
                Table(
                    _("Par questionnaire"),
                    [
                        _("Questionnaire"),
                        _("Répondants"),
                        _("Isolement (1 à 5)"),
                        _("NPS"),
                        _("Satisfaction (sur 5)"),
                        _("Ont fait affaire (%)"),
                        _("Toujours en contact (%)"),
                    ],
                    [
                        [
                            str(Kind(stage.kind).label),
                            stage.respondents,
                            *(
                                value if figure in stage.asked else _("non demandé")
                                for figure, value in (
                                    ("isolation", _round(stage.isolation)),
                                    ("nps", _round(stage.nps, 0)),
                                    ("satisfaction", _round(stage.satisfaction)),
                                    ("business", _pct(stage.business_share)),
                                    ("in_touch", _pct(stage.in_touch_share)),
                                )
                            ),
                        ]
                        for stage in change.stages
                    ],
                )
            ],
        ),
        Section(
            "quotes",
            _("Citations"),
            tables=[
                Table(
                    _("Paroles de participants (citées avec leur accord)"),
                    [_("Citation"), _("Questionnaire"), _("Édition")],
                    [[q.text, str(Kind(q.kind).label), q.edition] for q in report.quotes],
                )
            ],
        ),
    ]
    if report.parts:
        out.append(
            Section(
                "parts",
                part_label(report.scope.level),
                tables=[
                    Table(
                        part_label(report.scope.level),
                        [
                            part_label(report.scope.level),
                            _("Dirigeants"),
                            _("Animateurs"),
                            _("Rencontres tenues"),
                            _("Taux de présence (%)"),
                        ],
                        [
                            [
                                p.name,
                                p.leaders,
                                p.facilitators,
                                p.meetings_held,
                                _pct(p.attendance_rate),
                            ]
                            for p in report.parts
                        ],
                    )
                ],
            )
        )
    return out


def _cell(value: Value) -> int | float | str | None:
    if isinstance(value, Decimal):
        return float(value)
    return value


# A spreadsheet runs a cell starting with one of these as a formula (CSV), or openpyxl writes
# it as one ("="): user text (a quote, a group's name) must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet: Worksheet, values: Sequence[int | float | str | None]) -> None:
    # XML 1.0, so a workbook, holds no control character but tab and line breaks: openpyxl
    # refused a group named with Word's line break (a vertical tab) pasted in, and the whole
    # export failed. A space instead.
    values = [ILLEGAL_CHARACTERS_RE.sub(" ", v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    for column, value in enumerate(values, 1):
        if isinstance(value, str) and value.startswith("="):
            sheet.cell(row=sheet.max_row, column=column).data_type = "s"


def to_xlsx(report: Bilan) -> bytes:
    """One sheet per section: its lines, then its tables; a hidden figure is an empty cell."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in sections(report):
        sheet = workbook.create_sheet(section.title[:31])
        _append(sheet, [report.scope.title])
        sheet["A1"].font = bold
        _append(sheet, [section.title])
        _append(sheet, [])
        if section.lines:
            _append(sheet, [_("Indicateur"), _("Valeur"), _("Unité")])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for line in section.lines:
                _append(sheet, [line.label, _cell(line.value), line.unit])
            _append(sheet, [])
        for table in section.tables:
            _append(sheet, [table.title])
            sheet[f"A{sheet.max_row}"].font = bold
            _append(sheet, table.headers)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                _append(sheet, [_cell(value) for value in row])
            _append(sheet, [])
        _append(sheet, [hidden_note()])
        sheet.column_dimensions["A"].width = 48
        for column in "BCDEF":
            sheet.column_dimensions[column].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(report: Bilan) -> str:
    """One row per figure: section, table, row label, column, value (empty when hidden).

    Separated by ";" and opened by a byte-order mark, as Excel in French expects: without the
    mark, Excel reads UTF-8 as Windows-1252 and every accent comes out garbled."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = _SafeWriter(buffer)
    writer.writerow([_("section"), _("tableau"), _("ligne"), _("colonne"), _("valeur"), _("unité")])
    for section in sections(report):
        for line in section.lines:
            writer.writerow([section.title, "", line.label, "", _text(line.value), line.unit])
        for table in section.tables:
            for row in table.rows:
                for header, value in zip(table.headers[1:], row[1:], strict=True):
                    writer.writerow([section.title, table.title, row[0], header, _text(value), ""])
    writer.writerow([hidden_note(), "", "", "", "", ""])
    return buffer.getvalue()


class _SafeWriter:
    """A ";" CSV writer that prefixes text cells a spreadsheet would run as a formula with an
    apostrophe (OWASP's advice); the figures are written by `_text`, never prefixed."""

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.writer(buffer, delimiter=";")

    def writerow(self, cells: list[Value]) -> None:
        self._writer.writerow(
            [_neutralised(cell) if isinstance(cell, str) else cell for cell in cells]
        )


def _neutralised(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) and not _is_number(cell) else cell


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def _text(value: Value) -> str:
    """A figure as the user's spreadsheet reads it: a decimal comma in French (with ";" as the
    separator, "3.8" would open as the 3rd of August), no thousands separator."""
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)
