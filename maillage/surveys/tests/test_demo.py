"""The demo's surveys are answered realistically, and the Roannais bilan shows the organiser's
figures next to the new ones. The demo is built once for the module (see reports' test_demo)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db.models import Avg
from pytest_django import DjangoDbBlocker

from maillage.editions.models import Edition
from maillage.reports.bilan import bilan, edition_scope, network_scope, territory_scope
from maillage.reports.tests.demo_module import demo_for_the_module
from maillage.surveys.models import Response, Survey
from maillage.territories.models import Network, Territory

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock(), demo_for_the_module(TODAY):
        yield


def roannais() -> Territory:
    return Territory.objects.get(slug="roannais")


@pytest.mark.django_db
def test_each_closed_edition_has_its_baseline_midterm_and_final() -> None:
    kinds = set(
        Survey.objects.filter(edition__territory__slug="roannais").values_list(
            "edition__number", "kind"
        )
    )

    assert {(n, k) for n in (1, 2, 3) for k in ("baseline", "midterm", "final")} <= kinds
    assert (4, "baseline") in kinds
    assert (4, "midterm") not in kinds  # not due yet


@pytest.mark.django_db
def test_isolation_falls_from_baseline_to_final() -> None:
    means = dict(
        Response.objects.filter(survey__edition__territory__slug="roannais")
        .values("survey__kind")
        .annotate(mean=Avg("isolation"))
        .values_list("survey__kind", "mean")
    )

    assert 3.2 < means["baseline"] < 3.9
    assert means["final"] < means["midterm"] < means["baseline"]


@pytest.mark.django_db
def test_some_comments_may_be_quoted_and_a_few_were_chosen() -> None:
    comments = Response.objects.filter(survey__edition__territory__slug="roannais").exclude(
        comment=""
    )

    assert comments.filter(quote_consent=True).exists()
    assert comments.filter(quote_consent=False).exists()
    assert 0 < comments.filter(quoted_at__isnull=False).count() <= 3 * 4


@pytest.mark.django_db
def test_the_roannais_bilan_shows_the_organisers_figures_and_the_new_ones() -> None:
    report = bilan(territory_scope(roannais(), TODAY))
    first_three = [p for p in report.parts if int(p.name) <= 3]

    assert sum(p.meetings_held for p in first_three) > 130
    assert report.activity.leaders > 100
    change = report.change.isolation_change
    assert change is not None
    assert change.high < 0  # less isolated, and the interval says so
    assert report.change.nps is not None
    assert report.business.amount_won is not None
    assert report.change.density_end > report.change.density_start
    assert report.quotes


@pytest.mark.django_db
def test_a_closed_edition_bilan_has_its_change() -> None:
    edition = Edition.objects.get(territory__slug="roannais", number=3)

    change = bilan(edition_scope(edition, TODAY)).change

    assert change.isolation_change is not None
    assert change.pairs >= 5


@pytest.mark.django_db
def test_the_network_bilan_over_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    network = Network.objects.get(territories__slug="roannais")
    started = time.perf_counter()
    report = bilan(network_scope(network, TODAY))
    elapsed = time.perf_counter() - started

    assert report.activity.meetings_held > 130
    with capsys.disabled():
        print(f"\nnetwork bilan over the demo: {elapsed:.2f} s")
