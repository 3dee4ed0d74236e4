"""Browser tests: Playwright driving Debian's Chromium against a live server holding the demo.

The demo is built once for the whole `e2e` package, committed in the test database, and the
database is flushed after the last browser test. The live server is pytest-django's; its
autouse helper would make each test using it transactional (the database flushed after every
test, the demo with it), so this package replaces that helper by one that only allows the
live server's host. The database stays unblocked while a test runs: the server's thread serves
the browser from it (the in-memory SQLite connection is shared with that thread).

Every fixture that starts something (server, demo, browser) is reached only from tests marked
`browser`: `pytest -m "not browser"` starts none of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from playwright.sync_api import Browser, Page, Playwright, StorageState, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from e2e.journey import Device, Journey, Role, log_in, new_context

CHROMIUM = os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """Replaces pytest-django's helper of that name here: no flush after each test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    server: LiveServer = request.getfixturevalue("live_server")
    server._live_server_modified_settings.enable()
    yield
    server._live_server_modified_settings.disable()


@pytest.fixture(scope="package")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The Roannais demo anchored on today, hashed with the tests' fast password hasher (the
    root conftest.py sets it for every test, the live server's requests included)."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="package")
def playwright(demo: None) -> Iterator[Playwright]:
    # Started after the demo is built and stopped before it is removed: while Playwright's
    # event loop is set in this thread, Django refuses ORM calls from it.
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def site(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    live_server: LiveServer,
    demo: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[str]:
    """The live server's address; the database is open to its thread while the test runs.

    The test database comes before the server (hence the order of the arguments): the server
    then finds it in memory and shares its connection with its threads, as Django's
    LiveServerTestCase does, instead of opening others on the same memory.
    """
    assert request.node.get_closest_marker("browser"), "mark this test @pytest.mark.browser"
    assert live_server.thread.connections_override, "the server has its own connection"
    with django_db_blocker.unblock():
        yield live_server.url


@pytest.fixture
def start_journey(site: str, browser: Browser) -> Iterator[Callable[[Device, Role], Journey]]:
    """Start a journey (its own browser context); contexts are closed after the test."""
    journeys: list[Journey] = []

    def start(device: Device, role: Role) -> Journey:
        journey = Journey(browser, site, device, role)
        journeys.append(journey)
        return journey

    yield start
    for journey in journeys:
        journey.context.close()


@pytest.fixture(scope="package")
def _logged_in_states() -> dict[str, StorageState]:
    return {}


@pytest.fixture
def open_as(
    site: str, browser: Browser, _logged_in_states: dict[str, StorageState]
) -> Iterator[Callable[[Device, Role], Page]]:
    """A page logged in as the role: through the login form the first time in the run, then
    with that login's cookies (staff's second factor is asked once)."""
    contexts = []

    def open_page(device: Device, role: Role) -> Page:
        state = _logged_in_states.get(role.email)
        context = new_context(browser, device, storage_state=state)
        contexts.append(context)
        page = context.new_page()
        if state is None:
            log_in(page, site, role)
            _logged_in_states[role.email] = context.storage_state()
        else:
            page.goto(f"{site}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
