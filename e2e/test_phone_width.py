"""On the narrowest phones in use (375 px wide): no page is wider than the screen, whatever
long e-mail address, key or table it shows. A page wider than the screen scrolls sideways,
and its right edge (buttons, addresses) falls out of sight."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.journey import FACILITATOR, LEADER, PROJECT_MANAGER, Device, Role

OpenAs = Callable[[Device, Role], Page]

SMALL_PHONE = Device(
    "small phone",
    {
        "viewport": {"width": 375, "height": 667},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
)

WIDER_THAN_THE_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main *")]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .filter(element => !element.parentElement.closest(".table-scroll"))
        .map(element => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 80))
        .slice(0, 5);
}"""


def accept_charter_if_asked(page: Page) -> None:
    if "/charte/" in page.url:  # the group's confidentiality charter, accepted once
        page.get_by_label(re.compile("J'ai lu la charte")).check()
        page.get_by_role("button", name="J'accepte la charte").click()


def assert_fits_the_screen(page: Page) -> None:
    page.wait_for_load_state()
    wider = page.evaluate(WIDER_THAN_THE_SCREEN)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"{page.url} is {scroll_width} px wide: {wider}"


@pytest.mark.browser
def test_a_leaders_pages_with_addresses_and_keys_fit_a_small_phone(
    site: str, open_as: OpenAs
) -> None:
    page = open_as(SMALL_PHONE, LEADER)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mon groupe"
    ).click()
    page.locator(".people a.people__name").first.click()  # a member, with their e-mail
    expect(page.get_by_role("heading", name="Coordonnées")).to_be_visible()
    assert_fits_the_screen(page)

    page.goto(f"{site}/compte/securite/double-authentification/")  # the otpauth address
    expect(page.get_by_text("otpauth://")).to_be_visible()
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_a_project_managers_application_and_formation_pages_fit_a_small_phone(
    site: str, open_as: OpenAs
) -> None:
    page = open_as(SMALL_PHONE, PROJECT_MANAGER)
    page.goto(f"{site}/territoires/roannais/")
    page.get_by_role("link", name="N° 4", exact=True).click()
    page.get_by_role("link", name="Constituer les groupes").click()
    expect(page.locator("article.formation-group").first).to_be_visible()
    assert_fits_the_screen(page)

    page.go_back()
    page.get_by_role("link", name="Candidatures", exact=True).click()
    page.locator("main table tbody a").first.click()  # an application, with its e-mail
    expect(page.get_by_role("heading", name="Identité")).to_be_visible()
    assert_fits_the_screen(page)


@pytest.mark.browser
def test_a_facilitators_agenda_ideas_and_ballot_result_fit_a_small_phone(
    site: str, open_as: OpenAs
) -> None:
    page = open_as(SMALL_PHONE, FACILITATOR)
    prepare = page.get_by_role("region", name="Préparer la prochaine rencontre")
    prepare.get_by_role("link", name=re.compile("^Préparer l'ordre du jour")).click()
    accept_charter_if_asked(page)
    expect(page.get_by_role("button", name="Retirer").first).to_be_visible()  # each item's
    assert_fits_the_screen(page)

    page.goto(f"{site}/")
    prepare.get_by_role("link", name=re.compile(r"^Rencontre n° ")).click()
    expect(page.get_by_role("button", name=re.compile("^Passer à")).first).to_be_visible()
    assert_fits_the_screen(page)  # the ideas of the group, with their status buttons

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Nos thèmes"
    ).click()
    page.get_by_role("link", name="Les thèmes de la première année").click()  # closed
    expect(page.locator("table.matrix")).to_be_visible()
    assert_fits_the_screen(page)
