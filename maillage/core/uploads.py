"""Uploaded files: checked by extension and content, size-limited, stored under generated names,
served only through permission-checked views.

- **Kinds**: a company logo (PNG, JPEG, WebP: read by Pillow, which must recognise the same
  format as the extension says) and a meeting document (PDF, DOCX, XLSX, ODT: recognised by
  their signature and, for the zipped formats, by the parts that make them that format).
  SVG is refused: it may carry scripts.
- **Size**: `settings.UPLOAD_MAX_BYTES[kind]`, checked before the content is read.
- **Names**: `<folder>/<random uuid>.<ext>` under `MEDIA_ROOT` (outside the static files); the
  name the user gave is never used on disk (a document keeps its title in the database).
- **Serving**: there is no `MEDIA_URL` route. `file_response()` answers with the content type of
  the checked kind (never guessed from the file), `X-Content-Type-Options: nosniff`, and
  `Content-Disposition: attachment` for documents; each app's view authorises first.
"""

from __future__ import annotations

import enum
import uuid
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

# A logo larger than this is refused (it is shown at most a few hundred pixels wide).
MAX_LOGO_SIDE = 4000


class Kind(enum.Enum):
    LOGO = "logo"
    DOCUMENT = "document"


def _image(format_name: str) -> Callable[[IO[bytes]], bool]:
    def matches(stream: IO[bytes]) -> bool:
        from PIL import Image

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(stream) as image:
                    if image.format != format_name:
                        return False
                    width, height = image.size
                    if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                        return False
                    image.verify()
        except Exception:  # any decoding failure means: not this image
            return False
        return True

    return matches


def _starts_with(signature: bytes) -> Callable[[IO[bytes]], bool]:
    def matches(stream: IO[bytes]) -> bool:
        return stream.read(len(signature)) == signature

    return matches


def _office_open_xml(main_part: str) -> Callable[[IO[bytes]], bool]:
    """DOCX and XLSX are zip files with a content-types part and their main part."""

    def matches(stream: IO[bytes]) -> bool:
        if stream.read(4) != b"PK\x03\x04":
            return False
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and main_part in names

    return matches


def _open_document(mimetype: bytes) -> Callable[[IO[bytes]], bool]:
    """OpenDocument files are zip files whose first member, stored uncompressed, is `mimetype`
    holding the document's type (ODF 1.2, part 3, section 3.3): it sits at a fixed offset."""

    def matches(stream: IO[bytes]) -> bool:
        head = stream.read(38 + len(mimetype))
        return head[:4] == b"PK\x03\x04" and head[30:38] == b"mimetype" and head[38:] == mimetype

    return matches


@dataclass(frozen=True)
class FileType:
    content_type: str
    matches: Callable[[IO[bytes]], bool]


TYPES: dict[Kind, dict[str, FileType]] = {
    Kind.LOGO: {
        "png": FileType("image/png", _image("PNG")),
        "jpg": FileType("image/jpeg", _image("JPEG")),
        "jpeg": FileType("image/jpeg", _image("JPEG")),
        "webp": FileType("image/webp", _image("WEBP")),
    },
    Kind.DOCUMENT: {
        "pdf": FileType("application/pdf", _starts_with(b"%PDF-")),
        "docx": FileType(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _office_open_xml("word/document.xml"),
        ),
        "xlsx": FileType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _office_open_xml("xl/workbook.xml"),
        ),
        "odt": FileType(
            "application/vnd.oasis.opendocument.text",
            _open_document(b"application/vnd.oasis.opendocument.text"),
        ),
    },
}


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().removeprefix(".")


def accepted_extensions(kind: Kind) -> str:
    """For the file input's `accept` attribute: ".png,.jpg,…"."""
    return ",".join(f".{extension}" for extension in TYPES[kind])


def max_bytes(kind: Kind) -> int:
    limit: int = settings.UPLOAD_MAX_BYTES[kind.value]
    return limit


def check_upload(upload: Any, kind: Kind) -> str:
    """Refuse (ValidationError) a file too large, with another extension, or whose content is
    not what its extension says. Returns the extension, lower case."""
    limit = max_bytes(kind)
    if upload.size > limit:
        raise ValidationError(
            _("Ce fichier dépasse la taille permise (%(size)s Mo au plus).")
            % {"size": f"{limit / 1_000_000:g}"},
            code="too_large",
        )
    extension = extension_of(upload.name or "")
    file_type = TYPES[kind].get(extension)
    if file_type is None:
        raise ValidationError(
            _("Type de fichier refusé. Formats acceptés : %(formats)s.")
            % {"formats": ", ".join(TYPES[kind])},
            code="extension",
        )
    upload.seek(0)
    try:
        matches = file_type.matches(upload)
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _("Le contenu de ce fichier ne correspond pas à son extension (.%(extension)s).")
            % {"extension": extension},
            code="content",
        )
    return extension


def generated_name(folder: str, extension: str) -> str:
    """Where an upload is stored: a random name in `folder`, never the user's file name."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def delete_after_commit(stored: FieldFile) -> None:
    """Delete a stored file once the transaction that dropped its row (or replaced it) commits;
    a rollback keeps it, with the row that still names it."""
    name, storage = stored.name, stored.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def file_response(
    stored: FieldFile, kind: Kind, *, title: str = "", attachment: bool
) -> HttpResponse:
    """The stored file, with the content type of its checked extension and no sniffing;
    `attachment` makes browsers download it rather than open it. Read whole: uploads are
    size-limited, and no file handle outlives the request."""
    extension = extension_of(stored.name or "")
    file_type = TYPES[kind][extension]
    with stored.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=file_type.content_type)
    filename = f"{slugify(title) or kind.value}.{extension}"
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response
