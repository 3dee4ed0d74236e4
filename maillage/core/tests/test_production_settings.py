"""Production settings (DEBUG=0) pass Django's deployment checks, with no warning left."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def production_env() -> dict[str, str]:
    """What docs/deployment.md asks for: no debug, a real secret, the host, an SMTP server."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="maillage.example.org",
        CSRF_TRUSTED_ORIGINS="https://maillage.example.org",
        SITE_URL="https://maillage.example.org",
        EMAIL_URL="smtp://maillage:secret@smtp.example.org:587/?tls=True",
        PYTHONPATH=str(ROOT),
    )
    return env


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def production_setting(*names: str) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print('\\n'.join(repr(getattr(settings, name)) for name in {names!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


def test_production_cookies_are_secure_and_bound_to_the_host() -> None:
    assert production_setting(
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
    ) == ["'__Host-sessionid'", "'__Host-csrftoken'", "True", "True", "True"]
