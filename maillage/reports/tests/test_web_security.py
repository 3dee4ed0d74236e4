"""Web security of every page: a strict Content-Security-Policy, no inline code, no caching of
authenticated pages, ids out of range answered without error; CSRF on every form.

The pages come from the URL resolver through the access matrix (`test_access_matrix`), with its
world and its personas: a new URL is checked here as soon as it is in the matrix. Each test logs
in once as a persona and reads every page (200s, 403s and 404s are all pages).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from maillage.reports.tests.test_access_matrix import (
    PAGES,
    PUBLIC_PAGES,
    ROLES,
    iter_url_patterns,
    log_in,
    url_for,
)
from maillage.reports.tests.test_access_matrix import world as world

# A <script> element without src, unless it holds data (JSON is not executed).
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=[\"']application/(?:ld\+)?json)[^>]*>",
    re.IGNORECASE,
)
INLINE_CODE = {
    "inline <script>": INLINE_SCRIPT,
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style= attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE),
    "on…= handler": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I),
}
ALL_PAGES = sorted({*PAGES, *PUBLIC_PAGES})
MEMBERS_AND_STAFF = [role for role in ROLES if role != "anonymous"]


def pattern_of(name: str) -> Any:
    return dict(iter_url_patterns(get_resolver().url_patterns))[name]


def policy_problems(response: Any) -> list[str]:
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    problems = [] if "frame-ancestors 'none'" in policy else ["no frame-ancestors 'none'"]
    return problems + [
        f"allows {word}" for word in ("unsafe-inline", "unsafe-eval") if word in policy
    ]


def inline_code(html: str) -> list[tuple[str, str]]:
    """(what, where) for each piece of inline code in `html`."""
    return [
        (label, html[match.start() : match.start() + 100])
        for label, pattern in INLINE_CODE.items()
        for match in pattern.finditer(html)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_a_strict_policy_and_no_inline_code(
    client: Any, request: Any, world: dict[str, Any], role: str
) -> None:
    log_in(client, request, role)
    problems = {}
    for name in ALL_PAGES:
        response = client.get(url_for(name, world))
        found = policy_problems(response)
        if response.get("Content-Type", "").startswith("text/html"):
            found += [f"{label}: {at!r}" for label, at in inline_code(response.content.decode())]
        if found:
            problems[name] = found
    assert not problems


@pytest.mark.parametrize("role", MEMBERS_AND_STAFF)
def test_pages_seen_logged_in_are_never_stored(
    client: Any, request: Any, world: dict[str, Any], role: str
) -> None:
    log_in(client, request, role)
    stored = {}
    for name in ALL_PAGES:
        response = client.get(url_for(name, world))
        if response.get("Cache-Control") != "no-store":
            stored[name] = (response.status_code, response.get("Cache-Control"))
    assert not stored


def test_inline_code_is_recognised() -> None:
    html = (
        '<p style="color: red"><script>alert(1)</script><script src="/a.js"></script>'
        '<script type="application/json">{}</script><style>p {}</style>'
        '<a href="javascript:x" onclick="y">'
    )
    assert [label for label, _at in inline_code(html)] == [
        "inline <script>",
        "<style> element",
        "style= attribute",
        "on…= handler",
        "javascript: URL",
    ]


@pytest.mark.parametrize("role", ["leader", "project_manager"])
def test_ids_beyond_64_bits_find_nothing_instead_of_failing(
    client: Any, request: Any, world: dict[str, Any], role: str
) -> None:
    """SQLite refuses to bind integers past 64 bits: a page must look such an id up through a
    range-checked lookup (`pk`, `x__pk`), never a foreign key's raw `x_id`."""
    log_in(client, request, role)
    failed = {}
    for name in ALL_PAGES:
        kwargs = {
            key: 2**70 if converter.regex == "[0-9]+" else world[key]
            for key, converter in pattern_of(name).pattern.converters.items()
        }
        if 2**70 in kwargs.values():
            status = client.get(reverse(name, kwargs=kwargs)).status_code
            if status >= 500:
                failed[name] = status
    assert not failed


# CSRF ------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post[\"']?[^>]*>(.*?)</form>", re.I | re.S)


def test_every_post_form_carries_the_csrf_token() -> None:
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("maillage/**/templates/**/*.html")]
    missing = [
        f"{path.relative_to(ROOT)}: {form[:60]!r}"
        for path in templates
        for form in POST_FORM.findall(path.read_text())
        if "{% csrf_token %}" not in form
    ]
    assert templates
    assert not missing


def test_no_view_is_exempt_from_csrf() -> None:
    sources = [*ROOT.glob("maillage/**/*.py"), *ROOT.glob("config/*.py")]
    exempt = [
        str(path.relative_to(ROOT))
        for path in sources
        if "/tests/" not in str(path) and "csrf_exempt" in path.read_text()
    ]
    assert not exempt


def test_a_post_without_the_csrf_token_is_refused(leader: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    assert client.post(reverse("accounts:logout_everywhere")).status_code == 403
