"""Reading spreadsheets people send: CSV (any of , ; or tab; UTF-8, UTF-16 with its byte-order
mark, or Windows-1252; any line ends) and XLSX (each sheet), into rows of text keyed by column,
each with its line number in the file.

Column headers are matched loosely (accents, case, spaces and punctuation aside) against each
column's French and English names, so "Année de création", "annee_creation" and
"creation_year" are one column. Errors are told in the user's language, with the sheet (or
file) and the line.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from maillage.editions.recruitment.forms import fold
from maillage.territories.validators import compact_number

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


class FileRefused(Exception):
    """The file cannot be read at all (format, encoding, size)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise  # shown in reports
    names: tuple[str, ...]  # accepted headers (compared through header_key)
    required: bool = False


@dataclass
class Sheet:
    """One table: a CSV file or an XLSX sheet."""

    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, header → text)


@dataclass(frozen=True)
class RowError:
    sheet: str
    line: int
    column: str
    message: str


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates in ISO form, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()[:5] if isinstance(value, datetime.time) else value.isoformat()
    return str(value).strip()


def _table(name: str, lines: Iterable[tuple[int, Sequence[Any]]]) -> Sheet | None:
    """The first non-empty line is the header; blank lines are skipped."""
    sheet: Sheet | None = None
    for number, cells in lines:
        texts = [cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        if sheet is None:
            sheet = Sheet(name=name, headers=texts)
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise FileRefused(
                _("%(sheet)s compte plus de %(max)d lignes : découpez le fichier.")
                % {"sheet": name, "max": MAX_ROWS}
            )
        row = {
            header: texts[index] if index < len(texts) else ""
            for index, header in enumerate(sheet.headers)
            if header
        }
        sheet.rows.append((number, row))
    return sheet


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("Ce fichier n'est pas du texte lisible (UTF-8 ou Windows-1252)."))


def read_csv(name: str, data: bytes) -> Sheet | None:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": the csv module's own line handling, so that a lone CR (Excel for Mac's
    # "CSV (Macintosh)") ends a line as LF and CRLF do.
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return _table(name, ((reader.line_num, row) for row in reader))
    except csv.Error as exc:
        raise FileRefused(
            _("Ce fichier CSV est mal formé (ligne %(line)d).") % {"line": reader.line_num}
        ) from exc


def read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise FileRefused(_("Ce fichier n'est pas un classeur Excel (.xlsx) lisible.")) from exc
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            sheet = _table(
                worksheet.title,
                (
                    (number, row)
                    for number, row in enumerate(worksheet.iter_rows(values_only=True), 1)
                ),
            )
            if sheet is not None:
                sheets.append(sheet)
    finally:
        workbook.close()
    return sheets


def read_upload(upload: UploadedFile) -> list[Sheet]:
    """The tables of an uploaded .csv or .xlsx file (a CSV is one table, named after the file)."""
    name = upload.name or ""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise FileRefused(
            _("Ce fichier dépasse %(size)d Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    if name.lower().endswith((".csv", ".txt")):
        sheet = read_csv(re.sub(r"\.(csv|txt)$", "", name, flags=re.IGNORECASE), data)
        return [sheet] if sheet is not None else []
    raise FileRefused(_("Envoyez un fichier .csv ou .xlsx."))


def match_columns(sheet: Sheet, columns: Sequence[Column]) -> tuple[dict[str, str], list[RowError]]:
    """Header → column key, and an error for each required column missing (line 1)."""
    by_name = {header_key(name): column.key for column in columns for name in column.names}
    mapping: dict[str, str] = {}
    for header in sheet.headers:
        key = by_name.get(header_key(header))
        if key is not None and key not in mapping.values():
            mapping[header] = key
    errors = [
        RowError(
            sheet.name,
            1,
            str(column.label),
            _("Colonne obligatoire absente : « %(column)s ».") % {"column": column.names[0]},
        )
        for column in columns
        if column.required and column.key not in mapping.values()
    ]
    return mapping, errors


def keyed(row: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    return {mapping[header]: value for header, value in row.items() if header in mapping}


def parse_date(text: str) -> datetime.date | None:
    """2024-03-26, 26/03/2024 or 26/03/24; None when it is none of them."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d %H:%M"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_time(text: str) -> datetime.time | None:
    """18:00, 18h00, 18h or 18:00:00; None when it is none of them."""
    match = re.fullmatch(r"(\d{1,2})\s*[:hH]\s*(\d{2})?(?::\d{2})?", text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]


# Excel shows a number of 12 digits or more in scientific notation, and saves a CSV as it shows
# it: a SIRET typed or opened as a number comes back "8,12346E+13" (or "8.12346E+13"), its last
# eight digits lost for good. Such a cell is refused, never read as a SIRET.
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")


def in_scientific_notation(text: str) -> bool:
    return _SCIENTIFIC.fullmatch("".join(text.split())) is not None


def rounded_refusal(text: str) -> ValidationError:
    return ValidationError(
        _(
            "« %(value)s » : un tableur a écrit ce numéro en notation scientifique et en a "
            "perdu les derniers chiffres. Saisissez-le en entier, dans une colonne au format "
            "Texte (voir l'aide de l'import)."
        )
        % {"value": text.strip()},
        code="scientific",
    )


def siret_cell(text: str) -> str:
    """A SIRET as a spreadsheet gives it back: spaces of any kind (Excel's thousands separator
    is a no-break space), dots and dashes aside, the leading zeros a spreadsheet ate restored.
    ValidationError when a spreadsheet wrote it in scientific notation."""
    if in_scientific_notation(text):
        raise rounded_refusal(text)
    digits = compact_number(text)
    if digits.isdigit() and 12 <= len(digits) < 14:  # a spreadsheet ate the leading zeros
        return digits.zfill(14)
    return digits
