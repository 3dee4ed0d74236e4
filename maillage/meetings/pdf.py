"""The attendance sheet to sign (feuille d'émargement), evidence for training funders: one row
per person expected, the status recorded, and a box for each signature."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from maillage.meetings.models import Attendance, Meeting

# The PDF core fonts speak Latin-1: typographic signs outside it get a close equivalent.
_LATIN1 = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "œ": "oe",
        "Œ": "OE",
        "€": "EUR",
        "\u202f": " ",
        "·": "-",
    }
)


# Letters that decomposition leaves as they are (no accent to take off).
_LETTERS = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "ẞ": "SS"}


def latin1(text: object) -> str:
    """Text for the core fonts: beyond Latin-1, a letter loses its accents ("Wiśniewski" →
    "Wisniewski", "Nguyễn" → "Nguyen"), a symbol or an emoji goes; what is left, "?"."""
    text = str(text).translate(_LATIN1)
    if text.isascii():
        return text
    return "".join(_closest(char) for char in text)


def _closest(char: str) -> str:
    if ord(char) < 256:
        return char
    if char in _LETTERS:
        return _LETTERS[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(ord(c) < 256 for c in base):
        return base
    if unicodedata.category(char)[0] in "SMC":  # symbols, emoji, their joiners and selectors
        return ""
    return "?"


def attendance_sheet(meeting: Meeting, rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The sheet of `meeting` for the people of `rows` (person, membership, status)."""
    zone = ZoneInfo(meeting.edition.territory.time_zone)
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone)
    document = FPDF(orientation="P", unit="mm", format="A4")
    document.set_title(latin1(_("Feuille d'émargement")))
    document.set_creator("Maillage")
    document.set_auto_page_break(auto=True, margin=15)
    document.add_page()
    document.set_font("Helvetica", "B", 15)
    document.cell(0, 9, latin1(_("Feuille d'émargement")), new_x="LMARGIN", new_y="NEXT")
    document.set_font("Helvetica", "", 11)
    title = (
        f"{meeting.group.name} - {meeting}" if meeting.group else str(meeting.get_kind_display())
    )
    lines = [
        title,
        meeting.edition.title,
        f"{formats.date_format(start, 'DATE_FORMAT')}, "
        f"{formats.time_format(start, 'TIME_FORMAT')} - {formats.time_format(end, 'TIME_FORMAT')}",
        ", ".join(p for p in (meeting.venue_label, meeting.venue_full_address) if p),
    ]
    for line in lines:
        if line:
            document.multi_cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font("Helvetica", "", 10)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with document.table(
        col_widths=(52, 50, 28, 60),
        headings_style=heading,
        line_height=12,
        text_align=("LEFT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        header = table.row()
        for label in (_("Nom"), _("Entreprise"), _("Présence"), _("Signature")):
            header.cell(latin1(label))
        for row in rows:
            person = row["person"]
            status = row.get("status") or ""
            cells = table.row()
            cells.cell(latin1(person.full_name))
            cells.cell(latin1(person.company.name if person.company else ""))
            cells.cell(latin1(_status_label(status)))
            cells.cell("")
    document.ln(8)
    document.set_font("Helvetica", "", 10)
    document.cell(0, 6, latin1(_("Signature des animateurs :")), new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def _status_label(status: str) -> str:
    return str(Attendance.Status(status).label) if status else ""
