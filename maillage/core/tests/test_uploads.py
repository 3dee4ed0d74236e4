"""Uploads are checked by extension and content, size-limited, and stored under generated
names outside the static files; no URL serves the media folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from maillage.core.tests.files import (
    PDF,
    docx_bytes,
    image_bytes,
    odt_bytes,
    upload,
    xlsx_bytes,
    zipped,
)
from maillage.core.uploads import Kind, check_upload, generated_name


def refusal(name: str, content: bytes, kind: Kind) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content), kind)
    return str(caught.value.code)


@pytest.mark.parametrize(
    ("name", "format_name"), [("logo.png", "PNG"), ("logo.JPG", "JPEG"), ("logo.webp", "WEBP")]
)
def test_logos_in_png_jpeg_or_webp_are_accepted(name: str, format_name: str) -> None:
    extension = name.split(".")[1].lower()
    assert check_upload(upload(name, image_bytes(format_name)), Kind.LOGO) == extension


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cr.pdf", PDF),
        ("cr.docx", docx_bytes()),
        ("cr.xlsx", xlsx_bytes()),
        ("cr.odt", odt_bytes()),
    ],
)
def test_documents_in_pdf_docx_xlsx_or_odt_are_accepted(name: str, content: bytes) -> None:
    assert check_upload(upload(name, content), Kind.DOCUMENT) == name.split(".")[1]


def test_an_svg_logo_is_refused_by_its_extension() -> None:
    assert refusal("logo.svg", b"<svg onload='alert(1)'/>", Kind.LOGO) == "extension"


def test_an_executable_named_like_a_document_is_refused_by_its_content() -> None:
    assert refusal("rapport.pdf", b"MZ\x90\x00 not a pdf", Kind.DOCUMENT) == "content"


def test_a_jpeg_named_png_is_refused() -> None:
    assert refusal("logo.png", image_bytes("JPEG"), Kind.LOGO) == "content"


def test_html_named_png_is_refused() -> None:
    assert refusal("logo.png", b"<html><script>alert(1)</script>", Kind.LOGO) == "content"


def test_a_docx_named_xlsx_is_refused() -> None:
    assert refusal("tableau.xlsx", docx_bytes(), Kind.DOCUMENT) == "content"


def test_a_plain_zip_named_docx_is_refused() -> None:
    assert refusal("cr.docx", zipped({"a.txt": b"hello"}), Kind.DOCUMENT) == "content"


def test_an_odt_without_its_mimetype_member_first_is_refused() -> None:
    assert refusal("cr.odt", zipped({"content.xml": b"<office/>"}), Kind.DOCUMENT) == "content"


def test_a_logo_too_large_in_pixels_is_refused() -> None:
    assert refusal("logo.png", image_bytes("PNG", (4001, 10)), Kind.LOGO) == "content"


def test_a_file_over_the_size_limit_is_refused(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = {"logo": 1_000_000, "document": 100}
    assert refusal("cr.pdf", PDF + b" " * 100, Kind.DOCUMENT) == "too_large"


def test_stored_names_are_generated_not_the_users() -> None:
    name = generated_name("meeting-documents", "pdf")
    assert name.startswith("meeting-documents/")
    assert name.endswith(".pdf")
    assert len(Path(name).stem) == 32
    assert generated_name("meeting-documents", "pdf") != name


def test_media_live_outside_the_static_files() -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    static = [Path(settings.STATIC_ROOT).resolve()] + [
        Path(folder).resolve() for folder in settings.STATICFILES_DIRS
    ]
    assert not any(
        media.is_relative_to(folder) or folder.is_relative_to(media) for folder in static
    )


def test_no_url_serves_the_media_folder() -> None:
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    for path in ("/media/logos/x.png", "/logos/x.png", "/meeting-documents/x.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)
