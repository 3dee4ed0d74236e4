"""Every main page and API list of every role reads as many queries on a network twice as big,
with twice as many contacts, referrals and audit entries per person (the generated network of
`maillage.reports.national`, two then four territories).

Per-page budgets, with what each query is, live in each app's tests:

- core: home of each role (core/tests/test_views.py);
- editions: directory, company page, group API, applications review, formation screen;
- meetings: group page, group calendar, meetings API list;
- themes: programme, catalogue, ballot page, ballots API list;
- business: exchanges, contacts, referrals, ideas, network pages and their API lists;
- privacy: audit trail; reports: territory page, edition page, territory report API.

This test covers every page of `maillage.reports.national.pages.main_pages` at once, on data
that grows everywhere at the same time.
"""

from __future__ import annotations

import dataclasses

import pytest

from maillage.reports.national import Shape
from maillage.reports.tests.national import generated, visit_main_pages

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(600), pytest.mark.pages_made]

SMALL = Shape(
    territories=2,
    groups_per_territory=4,
    editions_per_territory=3,
    people=120,
    contacts=500,
    referrals=500,
    audit_entries=300,
)
DOUBLE = dataclasses.replace(
    SMALL, territories=4, people=240, contacts=2_000, referrals=2_000, audit_entries=1_200
)


def counts(shape: Shape) -> dict[str, int]:
    """Queries of each page, but the session's: its last activity is written once a minute."""
    with generated(shape) as accounts:
        visits = visit_main_pages(accounts, warm=False)
    bad = [f"{v.page.label} {v.page.path}: {v.status}" for v in visits if v.status != 200]
    assert not bad, bad
    return {
        visit.page.label: sum('"django_session"' not in str(q["sql"]) for q in visit.queries)
        for visit in visits
    }


def test_no_main_page_reads_more_queries_when_the_network_doubles() -> None:
    small, double = counts(SMALL), counts(DOUBLE)
    grown = {page: (small[page], double[page]) for page in small if double[page] != small[page]}
    assert not grown, f"queries (small network, double network): {grown}"
