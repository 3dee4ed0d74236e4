"""Generated networks for the scale tests: build one inside a savepoint, request the main pages
as each role, then roll it back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.accounts.services import api_token_create
from maillage.reports.national import NETWORK_SLUG, Shape, generate
from maillage.reports.national.pages import BenchAccounts, Page, bench_accounts, main_pages

TODAY = datetime.date(2026, 11, 26)


@contextmanager
def generated(shape: Shape, seed: int = 1) -> Iterator[BenchAccounts]:
    """A generated network, rolled back on exit (the test's own transaction stays clean), with
    an empty cache (prepared figures of an earlier network would be taken for its own)."""
    cache.clear()
    with transaction.atomic():
        generate(shape=shape, seed=seed)
        try:
            yield bench_accounts(NETWORK_SLUG)
        finally:
            transaction.set_rollback(True)
            cache.clear()


@dataclass
class Visit:
    page: Page
    status: int
    queries: list[dict[str, Any]]


def visit_main_pages(accounts: BenchAccounts, *, warm: bool = True) -> list[Visit]:
    """Each main page as its role (the second time when `warm`: caches filled)."""
    clients: dict[str, tuple[Client, dict[str, str]]] = {}
    visits = []
    for page in main_pages(accounts):
        if page.role not in clients:
            client = Client()
            user = accounts.users[page.role]
            client.force_login(user)
            _token, raw = api_token_create(user=user, name="scale tests")
            clients[page.role] = (client, {"Authorization": f"Bearer {raw}"})
        client, bearer = clients[page.role]
        headers = bearer if page.api else {}
        if warm:
            client.get(page.path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, headers=headers)
        visits.append(Visit(page, response.status_code, list(captured.captured_queries)))
    return visits
