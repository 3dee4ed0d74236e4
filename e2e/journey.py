"""A person's way through Maillage in one browser context: logging in through the real form,
pages checked with axe-core as they come, then the same pages again in English.

Used by the tests marked `browser` only (see conftest.py for the server, demo and browser).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)

from e2e.axe import Violation, blocking_violations, report

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "maillage-demo-roannais"  # the demo accounts' (maillage.reports.demo.PASSWORD)
TOTP_STEP = 30  # seconds, as maillage.accounts.twofactor counts them


@dataclass(frozen=True)
class Device:
    name: str
    options: dict[str, Any]


DESKTOP = Device("desktop", {"viewport": {"width": 1280, "height": 800}})
PHONE = Device(
    "phone",
    {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
)
DEVICES = [DESKTOP, PHONE]


@dataclass(frozen=True)
class Role:
    name: str
    email: str
    totp_secret: str = ""  # the demo's public secret, for staff (see README.md)


LEADER = Role("leader", "dirigeant@demo.maillage.test")
FACILITATOR = Role("facilitator", "animateur@demo.maillage.test")
PROJECT_MANAGER = Role(
    "project-manager", "chef-de-projet@demo.maillage.test", "MAILLAGEDEMOCHEFDEPROJETROANNAIS"
)
NETWORK_ADMIN = Role(
    "network-admin", "reseau@demo.maillage.test", "MAILLAGEDEMORESEAUROANNAIS234567"
)


def new_context(browser: Browser, device: Device, **options: Any) -> BrowserContext:
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", **device.options, **options
    )
    context.set_default_timeout(15_000)
    return context


_last_step: dict[str, int] = {}


def totp_code(role: Role) -> str:
    """A code the server takes: the server refuses a step already used, and accepts the steps
    just before and after now. Each login of the run takes a later step than the last one,
    waiting for the clock when the steps around now are used up."""
    totp = pyotp.TOTP(role.totp_secret)
    while True:
        now = time.time()
        now_step = int(now) // TOTP_STEP
        # The step before now only far from the next boundary, where the server agrees.
        earliest = now_step - 1 if now % TOTP_STEP < TOTP_STEP - 5 else now_step
        step = max(earliest, _last_step.get(role.email, earliest - 1) + 1)
        if step <= now_step + 1:
            _last_step[role.email] = step
            return totp.at(step * TOTP_STEP)
        time.sleep(TOTP_STEP - now % TOTP_STEP + 0.5)


def log_in(page: Page, site: str, role: Role) -> None:
    """Through the login form, then the second-factor step when the account is asked one."""
    page.goto(f"{site}/connexion/")
    page.locator("#id_email").fill(role.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if "/connexion/code/" in page.url:
        assert role.totp_secret, f"{role.email} was asked for a second factor"
        page.locator("#id_code").fill(totp_code(role))
        page.get_by_role("button", name="Vérifier").click()
    else:
        assert not role.totp_secret, f"{role.email} (staff) logged in without a second factor"
    expect(page).to_have_url(f"{site}/")


@dataclass
class Journey:
    browser: Browser
    site: str
    device: Device
    role: Role
    language: str = "fr"
    addresses: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context = new_context(self.browser, self.device)
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        # CSP refusals, failed loads of the page's own files, script errors.
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    # Moving around ------------------------------------------------------------------------

    def log_in(self) -> None:
        log_in(self.page, self.site, self.role)

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def nav_link(self, name: str) -> Locator:
        navigation = self.page.get_by_role("navigation", name="Navigation principale")
        return navigation.get_by_role("link", name=name, exact=True)

    def search_directory(self, text: str) -> None:
        """From the main navigation to the directory, then a search by name."""
        self.nav_link("Annuaire").click()
        expect(self.heading).to_have_text("Annuaire")
        self.page.get_by_label("Nom ou entreprise").fill(text)
        self.page.get_by_role("button", name="Rechercher", exact=True).click()
        expect(self.page).to_have_url(re.compile(r"/annuaire/\?.*q="))

    # Checking -----------------------------------------------------------------------------

    def check(self, screenshot: str = "") -> None:
        """Check the page shown: its language, then axe-core; remember it for the English
        round. `screenshot` names a file of docs/screenshots/ to (over)write with the view."""
        page = self.page
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        address = page.url.removeprefix(self.site)
        where = f"{self.role.name}, {self.device.name}, {self.language}: {address}"
        self.violations.extend(blocking_violations(page, where))
        if self.language == "fr":
            self.addresses.append(address)
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{screenshot}.png", animations="disabled")

    def switch_to_english(self) -> None:
        """The language switch of the header, once; the same page comes back in English."""
        address = self.page.url
        self.page.get_by_role("button", name="English").click()
        expect(self.page.locator("html")).to_have_attribute("lang", "en")
        expect(self.page).to_have_url(address)
        expect(self.page.get_by_role("navigation", name="Main navigation")).to_be_visible()
        self.language = "en"

    def revisit_in_english(self) -> None:
        """Switch to English on the last page, check it, then every earlier page again."""
        *earlier, last = self.addresses
        assert self.page.url == self.site + last
        self.switch_to_english()
        self.check()
        for address in earlier:
            self.page.goto(self.site + address)
            self.check()

    def finish(self) -> None:
        """The journey's verdict: no error in the browser, no blocking axe violation."""
        assert not self.errors, "Errors in the browser:\n" + "\n".join(self.errors)
        assert not self.violations, report(self.violations)
