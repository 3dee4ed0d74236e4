"""The staff admin in a browser: the person box of "add a membership" is a search (Django's
select2 widget) that works under the site's content security policy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from e2e.journey import DESKTOP, PROJECT_MANAGER, Device, Journey, Role

StartJourney = Callable[[Device, Role], Journey]


@pytest.mark.browser
def test_a_project_manager_finds_a_person_by_searching_in_the_membership_form(
    start_journey: StartJourney,
) -> None:
    journey = start_journey(DESKTOP, PROJECT_MANAGER)
    page = journey.page
    journey.log_in()
    page.goto(f"{journey.site}/admin/editions/membership/add/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator(".field-person .select2-selection").click()
    page.locator(".select2-search__field").fill("dirigeant@demo")
    option = page.locator(".select2-results__option", has_text="dirigeant@demo.maillage.test")
    expect(option).to_have_count(1)
    option.click()
    expect(page.locator(".field-person .select2-selection__rendered")).to_contain_text(
        "dirigeant@demo.maillage.test"
    )
    journey.finish()
