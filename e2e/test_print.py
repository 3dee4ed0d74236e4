"""Printing: the group's member list and the territory's bilan on A4, content only."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.journey import DESKTOP, PROJECT_MANAGER, Device, Role

# A4 is 210 mm wide; static/css/maillage.css prints with 12 mm side margins: 186 mm at 96 dpi.
A4_CONTENT_WIDTH = round(186 / 25.4 * 96)
HIDDEN_IN_PRINT = [".skip-link", ".site-nav", ".site-header__tools", ".site-footer"]
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const shown = element => element.getBoundingClientRect().width > 1;  // not .visually-hidden
    const wide = [document.documentElement, ...document.querySelectorAll("main *")]
        .filter(shown)
        .filter(element => element.getBoundingClientRect().right > width + 1
            || element.scrollWidth > element.clientWidth + 1
            && getComputedStyle(element).overflowX !== "visible");
    return wide
        .filter(element => !wide.includes(element.parentElement))  // the outermost only
        .map(element => `${element.tagName.toLowerCase()}.${element.className}`
            + ` (right edge ${Math.round(element.getBoundingClientRect().right)} px,`
            + ` content ${element.scrollWidth} px in ${element.clientWidth} px)`);
}"""


@pytest.fixture
def page(open_as: Callable[[Device, Role], Page]) -> Page:
    return open_as(DESKTOP, PROJECT_MANAGER)


def assert_prints_on_a4(page: Page) -> None:
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1000})
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    too_wide = page.evaluate(OVERFLOW)
    assert not too_wide, f"wider than A4 ({A4_CONTENT_WIDTH} px): {too_wide}"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1


@pytest.mark.browser
def test_a_group_page_prints_its_member_list_on_a4_without_navigation(
    site: str, page: Page
) -> None:
    page.get_by_role("region", name="Mes éditions").get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile(r"^Groupe ")).first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ dirigeants?$"))).to_be_visible()
    assert_prints_on_a4(page)


@pytest.mark.browser
def test_the_territory_bilan_prints_on_a4_without_navigation(site: str, page: Page) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Roannais"
    ).click()
    expect(page.get_by_role("heading", name="Bilan", exact=True)).to_be_visible()
    assert_prints_on_a4(page)
