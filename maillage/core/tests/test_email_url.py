"""EMAIL_URL: where the file mailer of `make run` writes the login links (README: var/mail/)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from config.settings import mailer_from_url


def test_a_file_url_keeps_its_absolute_path() -> None:
    options = mailer_from_url("file:///srv/maillage/mail")["OPTIONS"]
    assert options == {"file_path": "/srv/maillage/mail"}


def test_the_default_writes_under_the_var_folder() -> None:
    default = mailer_from_url(f"file://{settings.VAR_DIR / 'mail'}")["OPTIONS"]
    assert isinstance(default, dict)
    assert Path(default["file_path"]) == settings.VAR_DIR / "mail"
