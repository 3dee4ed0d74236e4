from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.audit import audit
from maillage.core.models import AuditEntry
from maillage.privacy.services import account_erase
from maillage.privacy.views import TRAIL_PAGE_SIZE
from maillage.territories.models import Territory
from maillage.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.pages_made  # they count the queries of making pages


def trail_url(territory: Territory) -> str:
    return reverse("privacy:territory_trail", args=[territory.slug])


def record(actor: Any, territory: Territory, action: str = "editions.group.created", n: int = 1):
    for _ in range(n):
        audit(actor, action, territory_id=territory.pk, ip_address="192.0.2.1")


@pytest.fixture
def trail(territory: Territory, other_territory: Territory, project_manager: Any) -> None:
    record(project_manager, territory, "editions.group.created")
    record(project_manager, territory, "editions.membership.added", n=2)
    record(project_manager, territory, "meetings.meeting.planned")
    record(None, other_territory, "editions.edition.created")


def test_project_manager_reads_the_trail_of_their_territory(
    client: Any, project_manager: Any, territory: Territory, trail: None
) -> None:
    client.force_login(project_manager)
    page = client.get(trail_url(territory)).content.decode()
    assert "4 entrées" in page
    assert "Claire Chef" in page
    assert "editions.membership.added" in page
    assert "192.0.2.1" in page
    assert "editions.edition.created" not in page  # the other territory's


def test_the_trail_dates_its_entries_in_the_territorys_time_zone(
    client: Any, project_manager: Any, territory: Territory
) -> None:
    """In Martinique (UTC-4), an entry written at 02:30 UTC was written the evening before."""
    territory.time_zone = "America/Martinique"
    territory.save(update_fields=["time_zone"])
    with time_machine.travel(datetime.datetime(2026, 11, 27, 2, 30, tzinfo=datetime.UTC)):
        audit(project_manager, "editions.group.created", territory_id=territory.pk)
    client.force_login(project_manager)
    page = client.get(trail_url(territory)).content.decode()
    assert "26/11/2026 22:30" in page
    assert 'datetime="2026-11-26T22:30:00-04:00"' in page


def test_network_admin_reads_every_territory_of_the_network(
    client: Any, network_admin: Any, territory: Territory, other_territory: Territory, trail: None
) -> None:
    client.force_login(network_admin)
    assert client.get(trail_url(other_territory)).status_code == 200
    index = client.get(reverse("privacy:trail_index")).content.decode()
    assert trail_url(territory) in index
    assert trail_url(other_territory) in index


def test_the_index_pages_the_territories_of_a_large_network(
    client: Any, network_admin: Any, territory: Territory
) -> None:
    for number in range(30):
        TerritoryFactory(network=territory.network, name=f"Territoire {number:02d}")
    client.force_login(network_admin)
    first = client.get(reverse("privacy:trail_index")).content.decode()
    assert "Territoire 00" in first
    assert "Page 1 sur 2" in first
    second = client.get(reverse("privacy:trail_index"), {"page": 2}).content.decode()
    assert "Territoire 29" in second
    assert "Territoire 29" not in first


@pytest.mark.parametrize(
    "role", ["other_project_manager", "leader", "facilitator", "alumnus", "outsider"]
)
def test_others_get_404(
    client: Any, request: Any, territory: Territory, trail: None, role: str
) -> None:
    client.force_login(request.getfixturevalue(role))
    assert client.get(trail_url(territory)).status_code == 404


@pytest.mark.parametrize("role", ["leader", "outsider"])
def test_the_index_is_for_staff_only(client: Any, request: Any, role: str) -> None:
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("privacy:trail_index")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client: Any, territory: Territory) -> None:
    response = client.get(trail_url(territory))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_trail_filters_by_action(
    client: Any, project_manager: Any, territory: Territory, trail: None
) -> None:
    client.force_login(project_manager)
    page = client.get(trail_url(territory), {"action": "editions.membership.added"})
    assert "2 entrées" in page.content.decode()


def test_the_trail_filters_by_family_of_actions(
    client: Any, project_manager: Any, territory: Territory, trail: None
) -> None:
    client.force_login(project_manager)
    page = client.get(trail_url(territory), {"action": "editions"}).content.decode()
    assert "3 entrées" in page
    assert "meetings.meeting.planned" not in page.split("</form>")[1]


def test_the_trail_is_paginated_newest_first(
    client: Any, project_manager: Any, territory: Territory
) -> None:
    record(project_manager, territory, "editions.group.created", n=TRAIL_PAGE_SIZE)
    record(project_manager, territory, "editions.edition.forming")
    client.force_login(project_manager)
    first = client.get(trail_url(territory))
    assert len(first.context["page"].object_list) == TRAIL_PAGE_SIZE
    assert first.context["page"].object_list[0].action == "editions.edition.forming"
    second = client.get(trail_url(territory), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_the_trail_runs_a_constant_number_of_queries(
    client: Any, project_manager: Any, territory: Territory, django_assert_num_queries: Any
) -> None:
    record(project_manager, territory, n=5)
    client.force_login(project_manager)
    client.get(trail_url(territory))  # the first request reads the roles into the cache
    with CaptureQueriesContext(connection) as few:
        client.get(trail_url(territory))
    record(project_manager, territory, "meetings.meeting.planned", n=60)
    with CaptureQueriesContext(connection) as many:
        client.get(trail_url(territory))
    assert len(many) == len(few)


def test_the_trail_query_budget(
    client: Any, project_manager: Any, territory: Territory, django_assert_num_queries: Any
) -> None:
    record(project_manager, territory, n=60)
    client.force_login(project_manager)
    # session, user; staff scope: network admin rows, project manager rows; the territory;
    # the actions (filter); the count; the page of entries; navigation (roles: memberships,
    # person; the managed territories)
    with django_assert_num_queries(11):
        client.get(trail_url(territory))


def test_an_erased_actor_appears_under_a_pseudonym(
    client: Any, project_manager: Any, network_admin: Any, territory: Territory, trail: None
) -> None:
    account_erase(user=project_manager, by=project_manager)
    client.force_login(network_admin)
    page = client.get(trail_url(territory)).content.decode()
    assert "Claire Chef" not in page
    assert "Ancien membre " in page


def test_audit_entries_cannot_be_rewritten_or_deleted(project_manager: Any, territory: Territory):
    record(project_manager, territory)
    entry = AuditEntry.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.update(action="forged")
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.all().delete()


def test_audit_entries_name_the_actor(project_manager: Any, territory: Territory) -> None:
    record(project_manager, territory)
    assert AuditEntry.objects.get().actor_label == "Claire Chef"
