"""The keyboard alone: the skip link, the main menu and the directory's filters (Tab, Enter,
arrows), with the focus visible on every element it reaches."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.journey import DESKTOP, LEADER, Device, Role

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        text: (element.innerText || element.value || "").trim().slice(0, 60),
        inNavigation: Boolean(element.closest("nav.site-nav")),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
    };
}"""


@pytest.fixture
def page(open_as: Callable[[Device, Role], Page]) -> Page:
    return open_as(DESKTOP, LEADER)


def focused(page: Page) -> dict[str, Any]:
    """What has the focus, and whether it shows (an outline or a shadow)."""
    element: dict[str, Any] = page.evaluate(FOCUSED)
    assert element["outline"] or element["shadow"], f"the focus is not visible on {element}"
    return element


def tab_until(page: Page, reached: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Press Tab until `reached` holds for the focused element; every step's focus shows."""
    for _ in range(40):
        page.keyboard.press("Tab")
        element = focused(page)
        if reached(element):
            return element
    raise AssertionError("40 presses of Tab did not reach the element")


@pytest.mark.browser
def test_the_skip_link_comes_first_shows_and_leads_to_the_content(site: str, page: Page) -> None:
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    focused(page)
    box = skip_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the focused skip link is above the screen"
    assert box["height"] > 0
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/#main")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    focused(page)


@pytest.mark.browser
def test_the_main_menu_and_the_directory_filters_work_with_the_keyboard_alone(
    site: str, page: Page
) -> None:
    page.goto(f"{site}/")
    tab_until(page, lambda element: element["inNavigation"] and element["text"] == "Annuaire")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/annuaire/")

    tab_until(page, lambda element: element["id"] == "id_q")
    page.keyboard.type("a")
    tab_until(page, lambda element: element["id"] == "id_role")
    page.keyboard.press("ArrowDown")  # "Tous" → "Dirigeants"
    expect(page.locator("#id_role")).to_have_value("leader")
    tab_until(page, lambda element: element["tag"] == "button" and element["text"] == "Rechercher")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/annuaire/\?(.*&)?q=a&.*role=leader"))

    results = page.get_by_role("region", name=re.compile(r"\d+ personnes?"))
    first = results.get_by_role("link").first
    name = first.inner_text()
    tab_until(page, lambda element: element["text"] == name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
