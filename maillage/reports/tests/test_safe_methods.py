"""Safe methods are safe: no GET changes domain state, and a method a page does not declare
answers 405.

The pages come from the URL resolver through the access matrix (`test_access_matrix`), with its
world and its personas: a new URL is checked here as soon as it is in the matrix.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.models import AuditEntry
from maillage.reports.tests.test_access_matrix import PAGES, PUBLIC_PAGES, ROLES, log_in, url_for
from maillage.reports.tests.test_access_matrix import world as world

pytestmark = pytest.mark.pages_made  # they count the queries of making pages

ALL_PAGES = sorted({*PAGES, *PUBLIC_PAGES})
# Tables a GET may write: the audit trail (exports are audited) and the session store (last
# activity, pending logins). Rate-limit counters live in the cache, not in the database.
MAY_WRITE = {AuditEntry._meta.db_table, "django_session"}
WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)",
    re.IGNORECASE,
)


def tables_written(queries: list[dict[str, Any]]) -> set[str]:
    return {match.group(1) for query in queries if (match := WRITE.match(query["sql"]))}


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_domain_state(
    client: Any, request: Any, world: dict[str, Any], role: str
) -> None:
    """Every statement a GET sends is read, whatever the page answers; only the audit trail
    and the session store may be written."""
    log_in(client, request, role)
    written = {}
    for name in ALL_PAGES:
        with CaptureQueriesContext(connection) as queries:
            client.get(url_for(name, world))
        if tables := tables_written(queries.captured_queries) - MAY_WRITE:
            written[name] = sorted(tables)
    assert not written


def test_writes_are_recognised() -> None:
    queries = [
        {"sql": 'INSERT INTO "core_auditentry" ("at") VALUES (%s)'},
        {"sql": 'UPDATE "meetings_meeting" SET "status" = %s'},
        {"sql": 'DELETE FROM "django_session" WHERE 1'},
        {"sql": 'SELECT "x" FROM "editions_group"'},
    ]
    assert tables_written(queries) == {"core_auditentry", "meetings_meeting", "django_session"}


def admitted(name: str) -> str:
    """A persona the page lets in: its GET answers 200 (405 for POST-only pages)."""
    if name in PUBLIC_PAGES:
        return "anonymous"
    return next(role for role in ROLES if PAGES[name][role] in (200, 405))


@pytest.mark.parametrize("role", sorted({admitted(name) for name in ALL_PAGES}))
def test_undeclared_methods_answer_405(
    client: Any, request: Any, world: dict[str, Any], role: str
) -> None:
    log_in(client, request, role)
    accepted = {}
    for name in (name for name in ALL_PAGES if admitted(name) == role):
        url = url_for(name, world)
        for method in ("put", "patch", "delete"):
            if (status := getattr(client, method)(url).status_code) != 405:
                accepted[f"{method.upper()} {name}"] = status
    assert not accepted
