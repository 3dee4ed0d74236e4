"""Small real files for upload tests: each is what its extension says."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def image_bytes(format_name: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(buffer, format=format_name)
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


# A fixed date in every member: the same members always give the same bytes (with the clock's
# time, two calls a second apart differed, and a test comparing them failed now and then).
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def zipped(members: dict[str, bytes], *, first_stored: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first_stored:
            archive.writestr(
                zipfile.ZipInfo(first_stored, ZIP_DATE), members[first_stored], zipfile.ZIP_STORED
            )
        for name, content in members.items():
            if name != first_stored:
                archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx_bytes() -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt_bytes() -> bytes:
    return zipped(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
        first_stored="mimetype",
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
