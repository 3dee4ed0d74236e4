"""Attendance on a phone: a facilitator opens a meeting of the group and taps each presence; the
taps are recorded in place (htmx) and stay after a reload. Pages checked with axe-core, in
French then in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from e2e.journey import FACILITATOR, PHONE, Device, Journey, Role

StartJourney = Callable[[Device, Role], Journey]


@pytest.mark.browser
def test_a_facilitator_records_attendance_on_a_phone(start_journey: StartJourney) -> None:
    journey = start_journey(PHONE, FACILITATOR)
    page = journey.page
    journey.log_in()

    journey.nav_link("Mon groupe").click()
    page.get_by_role("link", name=re.compile("Calendrier, événements")).click()
    expect(journey.heading).to_have_text(re.compile("Calendrier de"))
    journey.check()

    held = page.locator("tbody tr", has_text="tenue").last
    held.get_by_role("link").click()
    expect(journey.heading).to_have_text(re.compile("Rencontre n°"))
    journey.check(screenshot="meeting-phone")

    page.get_by_role("link", name="Noter les présences").click()
    if "/charte/" in page.url:  # the group's confidentiality charter, accepted once
        page.get_by_label(re.compile("J'ai lu la charte")).check()
        page.get_by_role("button", name="J'accepte la charte").click()
    expect(journey.heading).to_have_text("Présences")
    journey.check(screenshot="attendance-phone")

    rows = page.locator("li.attendance-row")
    first, second = rows.nth(0), rows.nth(1)
    first.get_by_role("button", name="En retard").click()
    expect(first.get_by_role("button", name="En retard")).to_have_attribute("aria-pressed", "true")
    second.get_by_role("button", name="Excusé").click()
    expect(second.get_by_role("button", name="Excusé")).to_have_attribute("aria-pressed", "true")
    expect(first.get_by_role("button", name="Présent")).to_have_attribute("aria-pressed", "false")

    page.goto(page.url)  # a GET, whatever sent the taps
    rows = page.locator("li.attendance-row")
    expect(rows.nth(0).get_by_role("button", name="En retard")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(rows.nth(1).get_by_role("button", name="Excusé")).to_have_attribute(
        "aria-pressed", "true"
    )
    journey.check()

    journey.revisit_in_english()
    journey.finish()
