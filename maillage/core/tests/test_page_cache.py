"""Pages kept between requests of a session (core.page_cache): served again only while what
they were made from is unchanged, to the same session only."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.contrib import messages
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from config import urls as config_urls
from maillage.accounts.models import ApiToken, User
from maillage.core import page_cache
from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def page(client: Client, path: str, **headers: str) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return response


def kept(response: Any) -> str:
    return response.get(page_cache.HIT_HEADER, "")


def signed_in(user: Any) -> Client:
    """A session as a browser has it: its CSRF cookie from the sign-in page, then signed in."""
    client = Client()
    client.get("/connexion/")
    client.force_login(user)
    return client


def test_a_page_asked_again_is_served_kept_with_fewer_queries(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    first = page(client, f"/groupes/{group.pk}/")
    assert kept(first) == "kept"
    with CaptureQueriesContext(connection) as queries:
        again = page(client, f"/groupes/{group.pk}/")
    assert len(queries) <= 2, [query["sql"] for query in queries]  # the session, the user
    assert kept(again) == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_save_to_what_the_page_shows_makes_it_again(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    group.name = "Les Tisserands du lundi"
    group.save()
    again = page(client, f"/groupes/{group.pk}/")
    assert kept(again) == "kept"
    assert "Les Tisserands du lundi" in again.content.decode()


def test_a_bulk_update_makes_it_again_though_it_sends_no_signal(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    Group.objects.filter(pk=group.pk).update(name="Les Fileurs")
    assert "Les Fileurs" in page(client, f"/groupes/{group.pk}/").content.decode()


def test_a_member_who_leaves_loses_the_kept_page_at_once(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    membership = Membership.objects.get(person__user=leader)
    membership.left_on = datetime.date.today()
    membership.save()
    assert client.get(f"/groupes/{group.pk}/").status_code == 404


def test_another_session_of_the_same_person_is_not_served_the_first_ones(
    leader: Any, group: Group
) -> None:
    page(signed_in(leader), "/")
    assert kept(page(signed_in(leader), "/")) == "kept"


def test_no_one_else_is_served_a_kept_page(leader: Any, facilitator: Any, group: Group) -> None:
    leaders_client = signed_in(leader)
    page(leaders_client, f"/groupes/{group.pk}/")
    other = page(signed_in(facilitator), f"/groupes/{group.pk}/")
    assert kept(other) == "kept"


def test_a_signed_out_session_never_reaches_a_kept_page(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    cookie = client.cookies["sessionid"].value
    client.post("/deconnexion/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get(f"/groupes/{group.pk}/")
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]


def test_a_deactivated_account_never_reaches_a_kept_page(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    type(leader).objects.filter(pk=leader.pk).update(is_active=False)
    assert client.get(f"/groupes/{group.pk}/").status_code == 302


def test_the_language_and_the_address_are_part_of_the_key(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, f"/groupes/{group.pk}/")
    client.cookies["django_language"] = "en"
    english = page(client, f"/groupes/{group.pk}/")
    assert kept(english) == "kept"
    assert english["Content-Language"] == "en"
    assert kept(page(client, f"/groupes/{group.pk}/?onglet=2")) == "kept"


def test_an_htmx_fragment_is_not_served_for_the_page(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, "/echanges/")
    fragment = page(client, "/echanges/", **{"HX-Request": "true"})
    assert kept(fragment) != "hit"


def test_the_clock_makes_a_page_again_after_its_period(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=5)
    with time_machine.travel(start, tick=False):
        page(client, "/")
        assert kept(page(client, "/")) == "hit"
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert kept(page(client, "/")) == "kept"


def test_a_hard_reload_makes_the_page_again_and_keeps_it(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, "/")
    assert kept(page(client, "/", **{"Cache-Control": "no-cache"})) == "kept"
    assert kept(page(client, "/", Pragma="no-cache")) == "kept"
    assert kept(page(client, "/")) == "hit"


def test_forget_all_makes_every_page_again(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, "/")
    page_cache.forget_all()
    assert kept(page(client, "/")) == "kept"


def test_the_forget_pages_command_makes_every_page_again(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, "/")
    call_command("forget_pages", stdout=io.StringIO())
    assert kept(page(client, "/")) == "kept"


def test_off_when_no_seconds_are_set(settings: Any, leader: Any, group: Group) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    client = signed_in(leader)
    page(client, "/")
    assert kept(page(client, "/")) == ""


@pytest.mark.urls(__name__)
def test_a_page_waiting_messages_is_made_with_them(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    page(client, "/")
    page(client, "/essai/message/")  # "Noté." waits for the next page
    response = page(client, "/")
    assert kept(response) == ""
    assert "Noté." in response.content.decode()
    assert "Noté." not in page(client, "/").content.decode()


def counted(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{Group.objects.count()} groupes")


def writes(request: HttpRequest) -> HttpResponse:
    User.objects.filter(pk=request.user.pk or 0).update(last_login=timezone.now())
    return HttpResponse("écrit")


def tells(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Noté.")
    return HttpResponse("message")


def remembers(request: HttpRequest) -> HttpResponse:
    request.session["vues"] = request.session.get("vues", 0) + 1
    return HttpResponse("session")


def downloads(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"%PDF-1.7", content_type="application/pdf")


urlpatterns = [
    path("essai/compte/", counted),
    path("essai/ecrit/", writes),
    path("essai/message/", tells),
    path("essai/session/", remembers),
    path("essai/pdf/", downloads),
    *config_urls.urlpatterns,
]


@pytest.mark.urls(__name__)
def test_a_page_that_reads_is_kept_and_follows_a_new_row(leader: Any, group: Group) -> None:
    client = signed_in(leader)
    assert kept(page(client, "/essai/compte/")) == "kept"
    assert kept(page(client, "/essai/compte/")) == "hit"
    GroupFactory(edition=group.edition)
    again = page(client, "/essai/compte/")
    assert kept(again) == "kept"
    assert again.content.decode() == f"{Group.objects.count()} groupes"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "address", ["/essai/ecrit/", "/essai/message/", "/essai/session/", "/essai/pdf/"]
)
def test_a_page_with_an_effect_or_a_download_is_made_each_time(
    leader: Any, group: Group, address: str
) -> None:
    client = signed_in(leader)
    client.get(address)
    assert kept(client.get(address)) == ""


def test_the_connection_is_watched(db: None) -> None:
    assert page_cache.watch_queries in connection.execute_wrappers


def test_the_api_keeps_a_tokens_answers_and_refuses_a_revoked_token(
    api: Any, leader: Any, group: Group
) -> None:
    client = api(leader)
    first = client.get(f"/groups/{group.pk}/meetings")
    assert first.status_code == 200
    assert kept(first) == "kept"
    again = client.get(f"/groups/{group.pk}/meetings")
    assert kept(again) == "hit"
    assert again.json() == first.json()
    ApiToken.objects.filter(user=leader).update(revoked_at=timezone.now())
    assert client.get(f"/groups/{group.pk}/meetings").status_code == 401


def test_an_api_token_of_someone_else_is_not_served_the_kept_answer(
    api: Any, leader: Any, facilitator: Any, group: Group
) -> None:
    api(leader).get(f"/groups/{group.pk}/meetings")
    assert kept(api(facilitator).get(f"/groups/{group.pk}/meetings")) == "kept"


def test_a_write_in_a_transaction_moves_the_version_again_at_commit(
    group: Group, django_capture_on_commit_callbacks: Any
) -> None:
    key = "page-cache:table:editions_group"
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        Group.objects.filter(pk=group.pk).update(name="Avant le commit")
        during = page_cache.cache.get(key)
    assert during is not None
    for callback in callbacks:
        callback()
    assert page_cache.cache.get(key) != during


@pytest.mark.parametrize(
    ("sql", "written"),
    [
        ('INSERT INTO "business_idea" ("title") VALUES (%s)', "business_idea"),
        ('UPDATE "editions_group" SET "name" = %s', "editions_group"),
        ('DELETE FROM "meetings_attendance" WHERE "id" IN (%s)', "meetings_attendance"),
        ("insert or replace into business_contact values (1)", "business_contact"),
    ],
)
def test_writes_are_recognised(sql: str, written: str) -> None:
    found = page_cache._WRITE.match(sql)
    assert found is not None
    assert found.group(1) == written


def test_reads_name_every_table_a_query_touches() -> None:
    sql = (
        'SELECT "a"."id" FROM "editions_group" INNER JOIN "editions_membership" ON (…) '
        'LEFT OUTER JOIN "territories_person" T3 ON (…) WHERE EXISTS(SELECT 1 AS "a" FROM '
        '"business_idea" U0 WHERE U0."group_id" = ("editions_group"."id"))'
    )
    tables = set(page_cache._READ.findall(sql))
    assert {
        "editions_group",
        "editions_membership",
        "territories_person",
        "business_idea",
    } <= tables


def test_a_kept_page_of_another_layout_is_a_miss_not_an_error(leader: Any, group: Group) -> None:
    """A page kept by an older version of the module (after a deploy) is made again."""
    client = signed_in(leader)
    page(client, "/")
    kept_keys = [  # in the tests' local-memory cache, as ":1:<key>"
        key.split(":", 2)[2] for key in page_cache.cache._cache if ":page-cache:page:" in key
    ]
    assert kept_keys
    for key in kept_keys:
        page_cache.cache.set(key, {"old": "layout"}, 60)
    assert kept(page(client, "/")) == "kept"
