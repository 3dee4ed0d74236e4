"""One journey per role, on a desktop and on a phone: the pages each role needs first, in
French, then again in English after the language switch, each checked by axe-core.

A journey fails on any serious or critical axe violation (WCAG 2.1 A/AA), any error in the
browser (a refusal of the Content-Security-Policy, a failed load, a script error), or any
page answered 4xx/5xx. Some of them write the screenshots of docs/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from e2e.journey import (
    DESKTOP,
    DEVICES,
    FACILITATOR,
    LEADER,
    NETWORK_ADMIN,
    PHONE,
    PROJECT_MANAGER,
    Device,
    Journey,
    Role,
)

StartJourney = Callable[[Device, Role], Journey]

on_each_device = pytest.mark.parametrize("device", DEVICES, ids=lambda device: device.name)


def _find_a_group_member_in_the_directory(journey: Journey, screenshot: str = "") -> None:
    """From a group page: search the directory for the first leader's last name, open the
    person's page."""
    name = journey.page.locator(".people .people__name").first.inner_text()
    journey.search_directory(name.split()[-1])
    results = journey.page.get_by_role("region", name=re.compile(r"\d+ personnes?"))
    expect(results.get_by_role("link", name=name, exact=True)).to_be_visible()
    journey.check(screenshot=screenshot)
    results.get_by_role("link", name=name, exact=True).click()
    expect(journey.heading).to_have_text(name)
    journey.check()


@pytest.mark.browser
@on_each_device
def test_a_leader_sees_the_next_meeting_their_data_the_group_and_finds_a_member(
    start_journey: StartJourney, device: Device
) -> None:
    journey = start_journey(device, LEADER)
    page = journey.page
    journey.log_in()
    expect(page.get_by_role("heading", name="Prochaine rencontre")).to_be_visible()
    journey.check(screenshot="leader-home-phone" if device is PHONE else "")

    page.get_by_role("link", name="Voir et télécharger tout ce que Maillage sait de vous").click()
    expect(journey.heading).to_have_text("Mes données")
    journey.check()

    journey.nav_link("Mon groupe").click()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ dirigeants?$"))).to_be_visible()
    journey.check()

    _find_a_group_member_in_the_directory(
        journey, screenshot="directory-phone" if device is PHONE else ""
    )
    page.get_by_role("article").get_by_role("link").first.click()  # the member's company
    expect(page.get_by_role("heading", name="Dans le programme")).to_be_visible()
    journey.check()

    journey.revisit_in_english()
    journey.finish()


@pytest.mark.browser
@on_each_device
def test_a_facilitator_prepares_the_next_meeting_and_finds_a_member(
    start_journey: StartJourney, device: Device
) -> None:
    journey = start_journey(device, FACILITATOR)
    page = journey.page
    journey.log_in()
    prepare = page.get_by_role("region", name="Préparer la prochaine rencontre")
    expect(prepare.get_by_role("heading", name="À faire")).to_be_visible()
    journey.check()

    prepare.get_by_role("link", name=re.compile(r"^Voir ")).first.click()
    expect(page.get_by_role("heading", name="Rencontres", exact=True)).to_be_visible()
    journey.check(screenshot="group-desktop" if device is DESKTOP else "")

    _find_a_group_member_in_the_directory(journey)

    journey.revisit_in_english()
    journey.finish()


@pytest.mark.browser
@on_each_device
def test_a_project_manager_follows_the_editions_the_territory_and_a_group(
    start_journey: StartJourney, device: Device
) -> None:
    journey = start_journey(device, PROJECT_MANAGER)
    page = journey.page
    journey.log_in()
    expect(page.get_by_role("heading", name="À surveiller")).to_be_visible()
    journey.check()

    editions = page.get_by_role("region", name="Mes éditions")
    editions.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Groupes", exact=True)).to_be_visible()
    journey.check()

    journey.nav_link("Roannais").click()
    expect(page.get_by_role("heading", name="Bilan", exact=True)).to_be_visible()
    journey.check(screenshot="project-manager-territory-desktop" if device is DESKTOP else "")

    page.get_by_role("link", name=re.compile(r"^Groupe ")).first.click()
    expect(page.get_by_role("heading", name="Rencontres", exact=True)).to_be_visible()
    journey.check()

    _find_a_group_member_in_the_directory(journey)

    journey.revisit_in_english()
    journey.finish()


@pytest.mark.browser
@on_each_device
def test_a_network_admin_opens_a_territory_an_edition_and_the_directory(
    start_journey: StartJourney, device: Device
) -> None:
    journey = start_journey(device, NETWORK_ADMIN)
    page = journey.page
    journey.log_in()
    territories = page.get_by_role("region", name="Mes territoires")
    expect(territories.get_by_role("table")).to_be_visible()
    journey.check()

    territories.get_by_role("link", name="Roannais").click()
    expect(page.get_by_role("heading", name="Bilan", exact=True)).to_be_visible()
    journey.check()

    page.get_by_role("link", name="N° 4", exact=True).click()
    expect(page.get_by_role("heading", name="Groupes", exact=True)).to_be_visible()
    journey.check()

    page.get_by_role("link", name=re.compile(r"^Groupe ")).first.click()
    expect(page.get_by_role("heading", name="Rencontres", exact=True)).to_be_visible()
    journey.check()

    _find_a_group_member_in_the_directory(journey)

    journey.revisit_in_english()
    journey.finish()
