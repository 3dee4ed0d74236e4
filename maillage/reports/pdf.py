"""PDF documents of the reports app, made with fpdf2 (pure Python, from PyPI):

- the bilan, its sections and its charts drawn as vector bars (the layout of `charts`);
- a participant's certificate of attendance (meetings attended, training hours);
- a facilitator's statement of hours given, for their employer's CSR report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from maillage.core.pdf import FONT, Document
from maillage.reports.bilan.figures import Bilan
from maillage.reports.charts import LABEL_WIDTH, WIDTH, Chart, bilan_charts
from maillage.reports.evidence import Evidence, format_hours
from maillage.reports.exports import Line, Section, Table, hidden_note, sections

ACCENT = (0, 100, 74)
GREY = (120, 120, 120)
HIDDEN = "-"


def _heading(document: Document, text: str, size: int = 15) -> None:
    document.set_font(FONT, "B", size)
    document.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    document.ln(1)


def _text(document: Document, text: str, size: int = 10) -> None:
    document.set_font(FONT, "", size)
    document.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _format(value: object, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Rounded first: Django's number_format cuts the digits off (3.69 with one digit: 3,6).
        text = formats.number_format(
            round(value, digits), digits, use_l10n=True, force_grouping=True
        )
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def _lines(document: Document, lines: Sequence[Line]) -> None:
    document.set_font(FONT, "", 10)
    for line in lines:
        document.cell(120, 6, line.label)
        document.cell(
            0, 6, _format(line.value, line.unit, line.digits), new_x="LMARGIN", new_y="NEXT"
        )
    document.ln(2)


def _decimals(value: object) -> int:
    """How many decimals a figure was rounded to (the exports round each kind: a mean to 2, a
    share in % to 1, an NPS to 0), at most 2."""
    if not isinstance(value, float):
        return 0
    return next((digits for digits in (0, 1) if round(value, digits) == value), 2)


def _table(document: Document, table: Table) -> None:
    if not table.rows:
        return
    # One number of decimals per column, the most its figures need: 3,80 beside 3,95.
    digits = [
        max((_decimals(row[i]) for row in table.rows), default=0) for i in range(len(table.headers))
    ]
    document.set_font(FONT, "B", 10)
    document.cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 9)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with document.table(headings_style=heading, line_height=5, text_align="LEFT") as pdf_table:
        header = pdf_table.row()
        for title in table.headers:
            header.cell(title)
        for row in table.rows:
            cells = pdf_table.row()
            cells.cell(str(row[0]))  # the row's label (a year: no digit grouping)
            for index, value in enumerate(row[1:], 1):
                cells.cell(_format(value, digits=digits[index]))
    document.ln(3)


def _chart(document: Document, chart: Chart) -> None:
    """The chart's bars as rectangles, its labels and values as text (vector, searchable)."""
    scale = min(document.epw, 140) / WIDTH  # chart units to millimetres (140 mm wide at most)
    height = chart.height * scale + 10
    if document.get_y() + height > document.page_break_trigger:
        document.add_page()
    document.set_font(FONT, "B", 10)
    document.cell(0, 6, chart.title, new_x="LMARGIN", new_y="NEXT")
    top = document.get_y()
    left = document.l_margin
    document.set_font(FONT, "", 8)
    for bar in chart.bars():
        y = top + float(bar.y) * scale
        bar_height = 20 * scale
        document.set_xy(left, y)
        document.cell(LABEL_WIDTH * scale - 2, bar_height, bar.label[:48], align="R")
        width = float(bar.width) * scale
        if not bar.hidden and width > 0:
            document.set_fill_color(*ACCENT)
            document.rect(left + LABEL_WIDTH * scale, y, width, bar_height, style="F")
        document.set_xy(left + float(bar.text_x) * scale, y)
        text = HIDDEN if bar.hidden else bar.text
        document.cell(30, bar_height, text)
    document.set_fill_color(255, 255, 255)
    document.set_draw_color(*GREY)
    axis = left + LABEL_WIDTH * scale
    document.line(axis, top, axis, top + chart.height * scale)
    document.set_draw_color(0, 0, 0)
    document.set_xy(left, top + chart.height * scale + 2)
    document.set_text_color(*GREY)
    _text(document, chart.description, 8)
    document.set_text_color(0, 0, 0)
    document.ln(2)


def bilan_pdf(report: Bilan) -> bytes:
    scope = report.scope
    title = _("Bilan · %(name)s") % {"name": scope.title}
    document = Document(title)
    _heading(document, title, 16)
    _text(
        document,
        _("Du %(start)s au %(end)s. Établi le %(today)s.")
        % {
            "start": formats.date_format(scope.start, "DATE_FORMAT"),
            "end": formats.date_format(scope.end, "DATE_FORMAT"),
            "today": formats.date_format(scope.today, "DATE_FORMAT"),
        },
    )
    _text(document, hidden_note() + " " + _("Dans ce document : « - »."), 9)
    document.ln(3)
    charts = {chart.key: chart for chart in bilan_charts(report)}
    placed = {
        "activity": ["meetings", "attendance", "sectors", "themes"],
        "exchanges": ["contacts"],
        "business": ["referrals"],
        "change": ["isolation", "density"],
    }
    for section in sections(report):
        _section(
            document, section, [charts[key] for key in placed.get(section.key, []) if key in charts]
        )
    return document.output_bytes()


def _section(document: Document, section: Section, charts: Sequence[Chart]) -> None:
    if document.get_y() > document.page_break_trigger - 40:
        document.add_page()
    _heading(document, section.title, 13)
    _lines(document, section.lines)
    for chart in charts:
        _chart(document, chart)
    for table in section.tables:
        _table(document, table)


# Evidence ------------------------------------------------------------------------------------


def _hours(minutes: int) -> str:
    return format_hours(minutes)


def _evidence_table(document: Document, evidence: Evidence, role_column: bool) -> None:
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    document.set_font(FONT, "", 9)
    widths = (28, 70, 62, 30) if role_column else (30, 80, 80)
    with document.table(
        col_widths=widths, headings_style=heading, line_height=6, text_align="LEFT"
    ) as table:
        header = table.row()
        titles = [_("Date"), _("Rencontre"), _("Groupe ou édition")]
        if role_column:
            titles.append(_("Durée"))
        else:
            titles[2] = _("Groupe ou édition")
        for title in titles:
            header.cell(title)
        for item in evidence.meetings:
            cells = table.row()
            cells.cell(formats.date_format(item.day, "SHORT_DATE_FORMAT"))
            cells.cell(item.title)
            cells.cell(item.where)
            if role_column:
                cells.cell(_hours(item.minutes))


def certificate_pdf(evidence: Evidence, today: datetime.date | None = None) -> bytes:
    """The certificate of attendance of a participant, for training-funding files."""
    today = today or timezone.localdate()
    title = _("Attestation de présence")
    document = Document(title)
    _heading(document, title, 16)
    _text(document, evidence.organiser, 11)
    document.ln(4)
    _text(
        document,
        _(
            "%(organiser)s atteste que %(name)s%(company)s a participé au programme d'échanges "
            "entre dirigeants « %(programme)s » : %(count)s rencontres suivies, soit %(hours)s "
            "de formation entre pairs."
        )
        % {
            "organiser": evidence.organiser,
            "name": evidence.name,
            "company": f" ({evidence.company})" if evidence.company else "",
            "programme": evidence.programme,
            "count": len(evidence.meetings),
            "hours": _hours(evidence.minutes),
        },
        11,
    )
    document.ln(4)
    _evidence_table(document, evidence, role_column=True)
    document.ln(6)
    _text(
        document,
        _("Total : %(count)s rencontres, %(hours)s.")
        % {"count": len(evidence.meetings), "hours": _hours(evidence.minutes)},
        11,
    )
    document.ln(6)
    _text(
        document,
        _("Fait le %(today)s, pour servir et valoir ce que de droit.")
        % {"today": formats.date_format(today, "DATE_FORMAT")},
    )
    _text(document, _("Pour l'organisateur, le chef de projet :"))
    return document.output_bytes()


def statement_pdf(evidence: Evidence, today: datetime.date | None = None) -> bytes:
    """The statement of hours a facilitator gave, for their employer's CSR report."""
    today = today or timezone.localdate()
    title = _("Relevé d'heures d'animation bénévole")
    document = Document(title)
    _heading(document, title, 16)
    _text(document, evidence.organiser, 11)
    document.ln(4)
    _text(
        document,
        _(
            "%(name)s%(company)s a animé, à titre bénévole, un groupe de dirigeants de petites "
            "entreprises du programme « %(programme)s » : %(count)s rencontres, soit %(hours)s "
            "donnés au tissu économique local."
        )
        % {
            "name": evidence.name,
            "company": _(", salarié de %(company)s,") % {"company": evidence.company}
            if evidence.company
            else "",
            "programme": evidence.programme,
            "count": len(evidence.meetings),
            "hours": _hours(evidence.minutes),
        },
        11,
    )
    document.ln(4)
    _evidence_table(document, evidence, role_column=True)
    document.ln(6)
    _text(
        document,
        _("Total : %(count)s rencontres, %(hours)s.")
        % {"count": len(evidence.meetings), "hours": _hours(evidence.minutes)},
        11,
    )
    document.ln(4)
    _text(
        document,
        _(
            "Ce relevé peut figurer dans le rapport de responsabilité sociétale (RSE) de "
            "l'employeur, au titre du mécénat de compétences."
        ),
    )
    _text(
        document,
        _("Établi le %(today)s.") % {"today": formats.date_format(today, "DATE_FORMAT")},
    )
    return document.output_bytes()
