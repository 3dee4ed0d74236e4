"""Roles kept in the cache between requests: one cache read instead of four queries, and never
a stale answer after a change to memberships, people, editions or staff assignments.

Each "request" below reads the user afresh, as the authentication middleware does, so only the
cache (not the per-request copy on the user object) can carry roles from one to the next.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.accounts.models import User
from maillage.core import generations
from maillage.core.roles import ROLES_GENERATION, bump_roles
from maillage.editions.models import Group, Membership
from maillage.editions.permissions import roles_of
from maillage.editions.tests.factories import MembershipFactory
from maillage.territories.models import NetworkAdmin, ProjectManager, Territory
from maillage.territories.tests.factories import PersonFactory, ProjectManagerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]


def fresh_roles(user: User, today: datetime.date | None = None) -> Any:
    """The user's roles as the next request sees them."""
    return roles_of(User.objects.get(pk=user.pk), today=today)


def queries_of_fresh_roles(user: User) -> int:
    again = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        roles_of(again)
    return len(captured)


def test_the_next_request_reads_the_roles_from_the_cache(leader: User, group: Group) -> None:
    assert queries_of_fresh_roles(leader) > 0
    assert queries_of_fresh_roles(leader) == 0
    assert fresh_roles(leader).group_ids == {group.pk}


def test_without_the_cache_every_request_reads_them(
    leader: User, group: Group, settings: Any
) -> None:
    settings.ROLES_CACHE_SECONDS = 0
    assert queries_of_fresh_roles(leader) > 0
    assert queries_of_fresh_roles(leader) > 0


def test_a_new_membership_counts_at_once(leader: User, group: Group, other_group: Group) -> None:
    assert fresh_roles(leader).group_ids == {group.pk}
    MembershipFactory(group=other_group, person=leader.person)
    assert fresh_roles(leader).group_ids == {group.pk, other_group.pk}


def test_leaving_a_group_ends_its_access_at_once(leader: User, group: Group) -> None:
    assert group.pk in fresh_roles(leader).group_ids
    membership = Membership.objects.get(person__user=leader, group=group)
    membership.left_on = datetime.date.today()
    membership.save()
    assert group.pk not in fresh_roles(leader).group_ids


def test_a_bulk_update_ends_access_at_once_though_it_sends_no_signal(
    leader: User, group: Group
) -> None:
    """The connection sees every write (core.page_cache.when_written): no script has to
    remember to call bump_roles."""
    assert group.pk in fresh_roles(leader).group_ids
    Membership.objects.filter(person__user=leader, group=group).update(
        left_on=datetime.date.today()
    )
    assert group.pk not in fresh_roles(leader).group_ids


def test_a_raw_sql_write_ends_access_at_once(leader: User, group: Group) -> None:
    assert group.pk in fresh_roles(leader).group_ids
    table = Membership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE "group_id" = %s', [group.pk])
    assert fresh_roles(leader).group_ids == frozenset()


def test_a_deleted_membership_ends_its_access_at_once(leader: User, group: Group) -> None:
    assert group.pk in fresh_roles(leader).group_ids
    Membership.objects.filter(person__user=leader, group=group).delete()
    assert fresh_roles(leader).group_ids == frozenset()


def test_a_departure_dated_ahead_applies_on_that_day_without_any_write(
    leader: User, group: Group
) -> None:
    today = datetime.date.today()
    membership = Membership.objects.get(person__user=leader, group=group)
    membership.left_on = today + datetime.timedelta(days=10)
    membership.save()
    assert group.pk in fresh_roles(leader, today).group_ids
    later = today + datetime.timedelta(days=10)
    assert group.pk not in fresh_roles(leader, later).group_ids


def test_moving_an_edition_into_the_past_makes_alumni_at_once(leader: User, group: Group) -> None:
    assert group.pk not in fresh_roles(leader).alumni_group_ids
    edition = group.edition
    edition.opening_date = datetime.date.today() - datetime.timedelta(days=3 * 365)
    edition.save()  # the closing date follows the opening date
    assert group.pk in fresh_roles(leader).alumni_group_ids


def test_a_new_project_manager_sees_the_territory_at_once(
    outsider: User, territory: Territory
) -> None:
    assert fresh_roles(outsider).territory_ids == frozenset()
    ProjectManagerFactory(territory=territory, user=outsider)
    assert fresh_roles(outsider).staff.managed_territory_ids == {territory.pk}


def test_a_removed_project_manager_loses_the_territory_at_once(
    project_manager: User, territory: Territory
) -> None:
    assert territory.pk in fresh_roles(project_manager).territory_ids
    ProjectManager.objects.filter(user=project_manager).delete()
    assert fresh_roles(project_manager).territory_ids == frozenset()


def test_a_removed_network_admin_loses_the_network_at_once(
    network_admin: User, territory: Territory
) -> None:
    assert territory.network_id in fresh_roles(network_admin).network_ids
    NetworkAdmin.objects.filter(user=network_admin).delete()
    assert fresh_roles(network_admin).network_ids == frozenset()


def test_a_territory_added_to_an_administered_network_counts_at_once(
    network_admin: User, territory: Territory
) -> None:
    assert fresh_roles(network_admin).territory_ids == {territory.pk}
    added = Territory.objects.create(network=territory.network, name="Forez", slug="forez")
    assert fresh_roles(network_admin).territory_ids == {territory.pk, added.pk}


def test_linking_a_person_to_an_account_counts_at_once(outsider: User) -> None:
    assert fresh_roles(outsider).person_id is None
    person = PersonFactory()
    person.user = outsider
    person.save()
    assert fresh_roles(outsider).person_id == person.pk


def test_a_deleted_account_s_id_reused_finds_no_roles(network_admin: User) -> None:
    """The key holds the account's creation time: a new account with the same id (SQLite can
    hand an id out again) does not inherit the roles cached for the old one."""
    assert fresh_roles(network_admin).network_ids
    primary_key = network_admin.pk
    User.objects.filter(pk=primary_key).update(
        date_joined=network_admin.date_joined - datetime.timedelta(days=1)
    )
    again = User.objects.get(pk=primary_key)
    with CaptureQueriesContext(connection) as captured:
        roles_of(again)
    assert len(captured) > 0  # not served from the old account's entry


def test_a_bump_inside_a_transaction_moves_again_on_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = generations.current(ROLES_GENERATION)
    with django_capture_on_commit_callbacks(execute=True):
        bump_roles()
        during = generations.current(ROLES_GENERATION)
    after = generations.current(ROLES_GENERATION)
    assert before != during != after


def test_an_evicted_generation_never_serves_an_old_copy() -> None:
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    assert generations.cached_for_generation("test", "test:value", read, 60) == 1
    assert generations.cached_for_generation("test", "test:value", read, 60) == 1
    from django.core.cache import cache

    cache.delete("generation:test")
    assert generations.cached_for_generation("test", "test:value", read, 60) == 2
    generations.bump("test")
    assert generations.cached_for_generation("test", "test:value", read, 60) == 3


class CountingCache:
    """Counts the round trips to the cache made through `generations` (get, get_many)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.trips = 0
        real = generations.cache
        outer = self

        class Counted:
            def __getattr__(self, name: str) -> Any:
                attribute = getattr(real, name)
                if name in {"get", "get_many"}:

                    def counted(*args: Any, **kwargs: Any) -> Any:
                        outer.trips += 1
                        return attribute(*args, **kwargs)

                    return counted
                return attribute

        monkeypatch.setattr(generations, "cache", Counted())


def test_a_warm_request_reads_every_part_of_the_roles_in_one_cache_trip(
    project_manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maillage.territories.permissions import managed_territories

    def a_request() -> None:
        again = User.objects.get(pk=project_manager.pk)
        roles_of(again)
        managed_territories(again)

    a_request()  # fills the cache
    counting = CountingCache(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        a_request()
    assert len(captured) == 1  # the user; no role read from the database
    assert counting.trips == 1


def test_a_snapshot_taken_before_this_process_writes_is_not_used_after(
    leader: User, group: Group, other_group: Group
) -> None:
    fresh_roles(leader)  # cached
    same_request = User.objects.get(pk=leader.pk)
    from maillage.territories.permissions import staff_scope

    staff_scope(same_request)  # the first part asked for takes the snapshot, members included
    MembershipFactory(group=other_group, person=leader.person)
    assert roles_of(same_request).group_ids == {group.pk, other_group.pk}
