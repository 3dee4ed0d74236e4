"""A non-editable install (a wheel) holds only the .py files of the packages, and the files
`[tool.setuptools.package-data]` lists: every other file the app reads must be listed there."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def listed_files() -> set[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    found: set[Path] = set()
    for package, patterns in config["tool"]["setuptools"]["package-data"].items():
        bases = (
            [p.parent for p in (ROOT / "maillage").rglob("__init__.py")]
            if package == "*"
            else [ROOT.joinpath(*package.split("."))]
        )
        for base in bases:
            for pattern in patterns:
                found.update(base.glob(pattern))
    return found


def test_every_file_the_package_reads_is_package_data() -> None:
    needed = {
        path
        for path in (ROOT / "maillage").rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        and "tests" not in path.parts
    }

    assert needed - listed_files() == set()


def test_the_pdf_fonts_and_their_licences_are_package_data() -> None:
    names = {path.name for path in listed_files()}

    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallback.ttf"} <= names
    assert {"LICENSE-DejaVu.txt", "LICENSE-DroidSansFallback.txt"} <= names
