"""Group formation on the demo: the project manager opens the recruiting edition (edition 5),
runs the engine on its accepted applications, and moves a leader from one proposed group to the
other with the keyboard; the move is checked and the scores recomputed in place (htmx). Pages
checked with axe-core, in French then in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from e2e.journey import DESKTOP, PROJECT_MANAGER, Device, Journey, Role

StartJourney = Callable[[Device, Role], Journey]


@pytest.mark.browser
def test_a_project_manager_moves_a_leader_between_two_proposed_groups(
    start_journey: StartJourney,
) -> None:
    journey = start_journey(DESKTOP, PROJECT_MANAGER)
    page = journey.page
    journey.log_in()

    page.goto(f"{journey.site}/territoires/roannais/")
    page.get_by_role("link", name="N° 5", exact=True).click()
    expect(journey.heading).to_have_text(re.compile("5e programme"))
    page.get_by_role("link", name="Constituer les groupes").click()
    expect(journey.heading).to_have_text("Constituer les groupes")
    journey.check()

    page.get_by_label("Temps de calcul maximal (secondes)").fill("1")
    page.get_by_role("button", name="Calculer").click()
    groups = page.locator("article.formation-group")
    expect(groups).to_have_count(2)
    expect(page.locator("svg.formation-map__svg circle")).to_have_count(22)
    journey.check(screenshot="formation-desktop")

    row = groups.nth(0).locator("tbody tr[data-person]").first
    person = row.get_attribute("data-person")
    name = row.locator("th").inner_text().split("\n")[0].strip()
    select = row.get_by_label(f"Déplacer {name} vers")
    select.focus()  # by keyboard: the group is chosen, then Tab to the button and Enter
    expect(select).to_have_value("1")
    page.keyboard.press("Tab")
    expect(row.get_by_role("button", name="Déplacer")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").get_by_text(re.compile("Déplacement fait"))).to_be_focused()
    moved = page.locator("article.formation-group").nth(1).locator(f'tr[data-person="{person}"]')
    expect(moved).to_be_visible()
    expect(groups.nth(0).locator(f'tr[data-person="{person}"]')).to_have_count(0)
    journey.check()

    page.goto(page.url)  # the move is kept (a GET, whatever sent the move)
    expect(
        page.locator("article.formation-group").nth(1).locator(f'tr[data-person="{person}"]')
    ).to_be_visible()
    journey.revisit_in_english()
    journey.finish()
