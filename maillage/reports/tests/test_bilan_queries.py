"""The bilan runs a constant number of queries: doubling the data does not add one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.reports.bilan import bilan, edition_scope, group_scope, network_scope
from maillage.reports.tests.bilan_world import TODAY, build

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]

# people, sectors, places (firms' communes; the covered ones for a territory only), meetings,
# themes, pulse; held, ideas, contacts, referrals given, won by year, won in total; stages,
# pairs, invitations; density (members, then the engine's four); quotes. A group has no parts
# (an edition, a territory, the network add two queries).
GROUP_QUERIES = 21


def count(build_bilan: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_bilan()
    return len(queries)


def test_the_group_bilan_query_budget(django_assert_num_queries: Any) -> None:
    world = build()
    scope = group_scope(world.group, TODAY)

    with django_assert_num_queries(GROUP_QUERIES):
        bilan(scope)


def test_the_network_bilan_is_constant_when_the_data_doubles() -> None:
    world = build(slug="roannais")
    network = world.territory.network
    before = count(lambda: bilan(network_scope(network, TODAY)))

    build(slug="forez")
    after = count(lambda: bilan(network_scope(network, TODAY)))

    assert after == before


def test_the_edition_bilan_is_constant_when_the_data_doubles() -> None:
    world = build(slug="roannais")
    before = count(lambda: bilan(edition_scope(world.edition, TODAY)))

    other = build(slug="forez")
    other.group.edition = world.edition
    other.group.save()  # the second group joins the first edition
    after = count(lambda: bilan(edition_scope(world.edition, TODAY)))

    assert after == before
