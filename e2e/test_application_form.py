"""The public application form, as an applicant on a phone sends it incomplete: the errors
are listed on top (each a link to its field) and under each field, tied to it for screen
readers, and the page passes axe-core in that state, in French and in English."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.axe import blocking_violations, report
from e2e.journey import PHONE, PROJECT_MANAGER, Device, Role, new_context

OpenAs = Callable[[Device, Role], Page]

ERRORS_UNTIED = """() => [...document.querySelectorAll('[aria-invalid="true"]')]
    .filter(field => !(field.getAttribute("aria-describedby") || "").split(/\\s+/)
        .map(id => document.getElementById(id))
        .some(description => description && description.textContent.trim()))
    .map(field => field.name)"""


def public_form_address(open_as: OpenAs, site: str) -> str:
    """As the project manager gives it out: from the recruiting edition's applications."""
    page = open_as(PHONE, PROJECT_MANAGER)
    page.goto(f"{site}/territoires/roannais/")
    page.get_by_role("link", name="N° 5", exact=True).click()
    page.get_by_role("link", name="Candidatures", exact=True).click()
    link = page.locator("main a[href*='/candidater/']").first
    address = link.get_attribute("href")
    assert address
    return address


@pytest.mark.browser
def test_an_incomplete_application_shows_its_errors_tied_to_their_fields(
    site: str, browser: Browser, open_as: OpenAs
) -> None:
    address = public_form_address(open_as, site)
    context = new_context(browser, PHONE)
    try:
        page = context.new_page()
        violations = []
        for language, send in (("fr", "Envoyer ma candidature"), ("en", "Send my application")):
            if language == "en":
                page.get_by_role("button", name="English").click()
            page.goto(address)
            page.get_by_role("button", name=send).click()
            summary = page.get_by_role("alert")
            expect(summary.get_by_role("link").first).to_be_visible()
            assert page.evaluate(ERRORS_UNTIED) == []
            violations += blocking_violations(page, f"applicant, phone, {language}: {address}")
        assert not violations, report(violations)
    finally:
        context.close()
