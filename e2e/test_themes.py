"""Ranking themes on a phone: the demo leader opens the group's open ballot from the home page,
moves a theme with the keyboard (the focus stays on the button), drags another by its handle,
votes, and sees the result once a facilitator closes the ballot. Pages checked with axe-core, in
French then in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.journey import FACILITATOR, LEADER, PHONE, Device, Journey, Role

StartJourney = Callable[[Device, Role], Journey]


def accept_charter_if_asked(page: Page) -> None:
    if "/charte/" in page.url:  # the group's confidentiality charter, accepted once
        page.get_by_label(re.compile("J'ai lu la charte")).check()
        page.get_by_role("button", name="J'accepte la charte").click()


def titles(items: Locator) -> list[str]:
    return [items.nth(i).get_attribute("data-theme-title") or "" for i in range(items.count())]


def drag_to_top(page: Page, items: Locator, index: int) -> None:
    """Press the handle of item `index`, move above the first item, release."""
    items.nth(0).evaluate("item => item.scrollIntoView({block: 'start'})")
    handle = items.nth(index).locator(".ranking__handle").bounding_box()
    top = items.nth(0).bounding_box()
    assert handle is not None
    assert top is not None
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + handle["width"] / 2, top["y"] + 2, steps=12)
    page.mouse.up()


@pytest.mark.browser
def test_a_leader_ranks_themes_by_keyboard_and_drag_on_a_phone_then_sees_the_result(
    start_journey: StartJourney,
) -> None:
    journey = start_journey(PHONE, LEADER)
    page = journey.page
    journey.log_in()

    page.get_by_role("link", name=re.compile("Votez")).first.click()
    accept_charter_if_asked(page)
    expect(journey.heading).to_have_text("Les thèmes de la deuxième année")
    ballot_url = page.url
    journey.check(screenshot="ballot-phone")

    items = page.locator("li.ranking__item")
    before = titles(items)
    first = before[0]
    down = page.get_by_role("button", name=re.compile("Descendre.*" + re.escape(first)))
    down.focus()
    page.keyboard.press("Enter")
    expect(items.nth(1)).to_have_attribute("data-theme-title", first)
    expect(page.get_by_role("status").last).to_contain_text("maintenant 2 sur")
    expect(
        page.get_by_role("button", name=re.compile("Descendre.*" + re.escape(first)))
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(items.nth(2)).to_have_attribute("data-theme-title", first)

    dragged = titles(items)[4]
    drag_to_top(page, items, 4)
    expect(items.nth(0)).to_have_attribute("data-theme-title", dragged)
    expect(items.nth(0).locator(".ranking__position")).to_have_text("1")
    ranked = titles(items)

    page.get_by_role("button", name="Voter", exact=True).click()
    expect(page.get_by_role("status").last).to_contain_text("Votre vote est enregistré")
    page.goto(ballot_url)  # not reload: a move sent without htmx leaves a POST to resend
    assert titles(page.locator("li.ranking__item")) == ranked
    journey.check()

    facilitator = start_journey(PHONE, FACILITATOR)
    facilitator.log_in()
    facilitator.page.goto(ballot_url)
    accept_charter_if_asked(facilitator.page)
    facilitator.page.get_by_role("button", name="Clore maintenant").click()
    expect(facilitator.page.get_by_role("heading", name="Résultat")).to_be_visible()

    page.goto(ballot_url)  # not reload: a move sent without htmx leaves a POST to resend
    expect(page.get_by_role("heading", name="Résultat")).to_be_visible()
    matrix = page.get_by_role("table")
    expect(matrix.get_by_role("rowheader")).to_have_count(len(ranked))
    expect(page.get_by_role("heading", name="Votre vote")).to_have_count(0)
    journey.check(screenshot="ballot-result-phone")

    journey.revisit_in_english()
    journey.finish()
    facilitator.finish()


@pytest.mark.browser
def test_a_leader_rates_the_last_meeting_and_browses_the_themes_on_a_phone(
    start_journey: StartJourney,
) -> None:
    journey = start_journey(PHONE, LEADER)
    page = journey.page
    journey.log_in()

    page.get_by_role("link", name=re.compile("Notez la rencontre")).first.click()
    accept_charter_if_asked(page)
    expect(journey.heading).to_have_text("Votre avis sur la rencontre")
    journey.check(screenshot="rating-phone")
    page.get_by_label("4 – utile").check()
    page.get_by_label("Une chose que vous allez appliquer (facultatif)").fill(
        "Un point d'équipe chaque lundi"
    )
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="L'avis du groupe")).to_be_visible()
    expect(page.get_by_text("Un point d'équipe chaque lundi")).to_be_visible()
    journey.check()

    journey.nav_link("Nos thèmes").click()
    expect(journey.heading).to_have_text("Nos thèmes")
    journey.check(screenshot="programme-phone")

    page.get_by_role("link", name="Le catalogue des thèmes du réseau").click()
    expect(journey.heading).to_have_text("Catalogue des thèmes")
    journey.check()
    page.get_by_role("link", name="Gérer sa trésorerie").click()
    expect(journey.heading).to_have_text("Gérer sa trésorerie")
    expect(page.get_by_role("table").first).to_be_visible()
    journey.check(screenshot="theme-phone")

    journey.revisit_in_english()
    journey.finish()
