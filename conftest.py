"""Named personas for the tests: a story reads "the outsider gets 404".

The world: the territory "Roannais" runs a current edition with two groups of 12 leaders and
3 facilitators each, and a closed edition with one group (the alumni); another territory has
its own project manager.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo
from typing import Any

import pytest
import time_machine

from maillage.accounts.models import User
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.tests.factories import (
    EditionFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
)
from maillage.territories.models import Territory
from maillage.territories.tests.factories import (
    NetworkAdminFactory,
    NetworkFactory,
    ProjectManagerFactory,
    TerritoryFactory,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _roles_cached(settings: Any) -> None:
    """Roles kept in the cache between requests, as in production (with Redis): every test
    that changes someone's roles then checks their access proves the cache follows."""
    settings.ROLES_CACHE_SECONDS = 120


QUERY_COUNTERS = {"django_assert_num_queries", "django_assert_max_num_queries"}


@pytest.fixture(autouse=True)
def _pages_kept(request: Any, settings: Any) -> None:
    """Pages kept between requests of a session, as in production (with Redis): every test
    that writes, then reads a page again, proves the kept page follows (core.page_cache).
    Tests that count the queries of making a page (marked `pages_made`, or counting with
    pytest-django's fixtures) have every page made."""
    counts = QUERY_COUNTERS & set(request.fixturenames)
    made = counts or request.node.get_closest_marker("pages_made") is not None
    settings.PAGE_CACHE_SECONDS = 0 if made else 60


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _french_after_each_test() -> Any:
    """A request activates its page's language for the thread and leaves it there (as Django's
    own LocaleMiddleware does): each test starts in French, whatever the one before asked."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


def make_user(email: str, **extra: Any) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def fill_group(group: Group, leaders: int = 12, facilitators: int = 3) -> None:
    MembershipFactory.create_batch(leaders, group=group)
    FacilitatorMembershipFactory.create_batch(facilitators, group=group)


def member_user(group: Group, role: str, email: str) -> User:
    """Give an account to one member of `group` with that role."""
    membership = (
        Membership.objects.filter(group=group, role=role, person__user__isnull=True)
        .select_related("person")
        .first()
    )
    assert membership is not None
    user = make_user(email, display_name=membership.person.full_name)
    membership.person.user = user
    membership.person.save(update_fields=["user"])
    return user


@pytest.fixture
def territory(db: None) -> Territory:
    return TerritoryFactory(name="Roannais", slug="roannais", organiser="CCI du Roannais")


@pytest.fixture
def other_territory(db: None) -> Territory:
    return TerritoryFactory(name="Forez", slug="forez", organiser="CCI du Forez")


@pytest.fixture
def edition(territory: Territory) -> Edition:
    return EditionFactory(
        territory=territory,
        number=4,
        opening_date=datetime.date.today() - datetime.timedelta(days=90),
    )


@pytest.fixture
def closed_edition(territory: Territory) -> Edition:
    return EditionFactory(
        territory=territory,
        number=3,
        opening_date=datetime.date.today() - datetime.timedelta(days=900),
    )


@pytest.fixture
def group(edition: Edition) -> Group:
    group = GroupFactory(edition=edition, name="Groupe Loire")
    fill_group(group)
    return group


@pytest.fixture
def other_group(edition: Edition) -> Group:
    group = GroupFactory(edition=edition, name="Groupe Renaison")
    fill_group(group)
    return group


@pytest.fixture
def alumni_group(closed_edition: Edition) -> Group:
    group = GroupFactory(edition=closed_edition, name="Groupe Charlieu")
    fill_group(group)
    return group


@pytest.fixture
def leader(group: Group) -> User:
    return member_user(group, Membership.Role.LEADER, "leader@example.test")


@pytest.fixture
def facilitator(group: Group) -> User:
    return member_user(group, Membership.Role.FACILITATOR, "facilitator@example.test")


@pytest.fixture
def other_group_leader(other_group: Group) -> User:
    return member_user(other_group, Membership.Role.LEADER, "other-leader@example.test")


@pytest.fixture
def alumnus(alumni_group: Group) -> User:
    return member_user(alumni_group, Membership.Role.LEADER, "alumnus@example.test")


@pytest.fixture
def project_manager(territory: Territory) -> User:
    user = make_user("pm@example.test", display_name="Claire Chef")
    ProjectManagerFactory(territory=territory, user=user)
    return user


@pytest.fixture
def other_project_manager(other_territory: Territory) -> User:
    user = make_user("pm-forez@example.test", display_name="Paul Forez")
    ProjectManagerFactory(territory=other_territory, user=user)
    return user


@pytest.fixture
def network_admin(territory: Territory) -> User:
    user = make_user("admin@example.test", display_name="Nadia Réseau")
    NetworkAdminFactory(network=territory.network, user=user)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("outsider@example.test", display_name="Olivier Dehors")


@pytest.fixture
def network(db: None) -> Any:
    return NetworkFactory()


def pytest_configure(config: Any) -> None:
    """MAILLAGE_TEST_TIME=HH:MM runs the tests with the clock at that time of today in Paris,
    ticking (CI runs its PostgreSQL pass late in the evening: meetings made "in ten days at
    the current hour" ended after midnight there, and tests failed only when CI ran late)."""
    wanted = os.environ.get("MAILLAGE_TEST_TIME")
    if not wanted:
        return
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    today = datetime.datetime.now(paris).date()
    moment = datetime.datetime.combine(today, datetime.time.fromisoformat(wanted), tzinfo=paris)
    time_machine.travel(moment, tick=True).start()


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """`postgres` tests only run when the database is PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


class ApiClient:
    """The Django test client speaking to the API with a bearer token."""

    def __init__(self, client: Any, user: User | None) -> None:
        from maillage.accounts.services import api_token_create

        self.client = client
        self.headers = {}
        if user is not None:
            _token, raw = api_token_create(user=user, name="tests")
            self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(client: Any) -> Any:
    """`api(user)` → an API client authenticated as `user` (None: anonymous)."""
    return lambda user: ApiClient(client, user)
