"""The attendance sheet to sign (feuille d'émargement), evidence for training funders: one row
per person expected, the status recorded, and a box for each signature."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from maillage.core.pdf import FONT, Document
from maillage.meetings.models import Attendance, Meeting


def attendance_sheet(meeting: Meeting, rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The sheet of `meeting` for the people of `rows` (person, membership, status)."""
    zone = ZoneInfo(meeting.edition.territory.time_zone)
    start = timezone.localtime(meeting.starts_at, zone)
    end = timezone.localtime(meeting.ends_at, zone)
    document = Document(_("Feuille d'émargement"))
    document.set_font(FONT, "B", 15)
    document.cell(0, 9, _("Feuille d'émargement"), new_x="LMARGIN", new_y="NEXT")
    document.set_font(FONT, "", 11)
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
            document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font(FONT, "", 10)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with document.table(
        col_widths=(52, 50, 28, 60),
        headings_style=heading,
        line_height=12,
        text_align=("LEFT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        header = table.row()
        for label in (_("Nom"), _("Entreprise"), _("Présence"), _("Signature")):
            header.cell(label)
        for row in rows:
            person = row["person"]
            status = row.get("status") or ""
            cells = table.row()
            cells.cell(person.full_name)
            cells.cell(person.company.name if person.company else "")
            cells.cell(_status_label(status))
            cells.cell("")
    document.ln(8)
    document.set_font(FONT, "", 10)
    document.cell(0, 6, _("Signature des animateurs :"), new_x="LMARGIN", new_y="NEXT")
    return document.output_bytes()


def _status_label(status: str) -> str:
    return str(Attendance.Status(status).label) if status else ""
