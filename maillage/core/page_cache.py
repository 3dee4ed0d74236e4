"""Pages kept between two requests of one session, for as long as nothing they read changed.

A page (GET, 200, HTML or JSON) asked by a signed-in session or an API token is kept in the
cache for at most PAGE_CACHE_SECONDS (0: off), under a key made of who asks (the session, its
CSRF cookie and its user; or the API token and its user), the address, the language, the time
zone, the htmx headers and the current period of PAGE_CACHE_SECONDS (a page that depends on the
clock — "tomorrow", a ballot closing — is made again at the next period). With it are kept the
versions of everything it was made from:

- every table its queries read, seen on the database connection (`FROM "t"`, `JOIN "t"`). A
  table's version moves after every INSERT, UPDATE or DELETE of it by any process, through any
  path (saves, bulk writes, raw SQL): at once, and again when the transaction commits, so that
  a copy made by another process before the commit is not served after it;
- the other cached data the page used (`note`): the roles' generation, prepared figures;
- an epoch, moved by migrations, settings changes and the bulk loaders that write past Django
  (`forget_all`).

It is served again only while all of them are current: one cache round trip for the page, one
for the versions, and no view code: the session, the user and the middleware run as for any
request, so a signed-out or expired session never reaches a kept page. A page whose making
wrote anything, set a cookie, changed the session, queued or showed a message, or read a table
Django does not manage is not kept. Per session, never shared: no one is shown a page made for
someone else. Only with a cache every process shares (Redis), as for the roles.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from functools import cache as remembered
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation

EPOCH_KEY = "page-cache:epoch"
HIT_HEADER = "X-Page-Cache"
# Request headers a view may answer differently to (htmx fragments, JSON or HTML).
VARYING_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "Accept")
KEPT_CONTENT_TYPES = ("text/html", "application/json")

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][\w$]*)',
    re.IGNORECASE,
)
_SCHEMA_CHANGE = re.compile(r"\s*(?:ALTER|DROP|TRUNCATE|CREATE|RENAME)\b", re.IGNORECASE)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w$]*)', re.IGNORECASE)
# Django's aliases of subqueries and joins (U0, T3, V1…): not tables.
_ALIAS = re.compile(r"[A-Z]\d+$")


def _table_key(table: str) -> str:
    return f"page-cache:table:{table}"


def _new_version() -> str:
    return secrets.token_hex(8)


@remembered
def _managed_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


# Moving versions ------------------------------------------------------------------------------


def _move(tables: Iterable[str]) -> None:
    cache.set_many({_table_key(table): _new_version() for table in tables}, None)


def forget_all() -> None:
    """Every kept page is made again: after writes that bypass the connection (COPY), schema
    changes and settings changes."""
    cache.set(EPOCH_KEY, _new_version(), None)


def _written(connection: Any, table: str) -> None:
    """`table` was written: its version moves now, and again at the commit (deduplicated per
    transaction; a rolled-back write needs no second move)."""
    _move([table])
    if not connection.in_atomic_block:
        return  # autocommit: already committed
    pending: set[str] = connection.__dict__.setdefault("_page_cache_pending", set())
    pending.add(table)

    def at_commit() -> None:
        if pending:
            _move(list(pending))
            pending.clear()

    connection.on_commit(at_commit)


# Watching the connection ------------------------------------------------------------------------


@dataclass
class _Making:
    """What the page being made read, and whether it may be kept."""

    versions: dict[str, Any]
    session_before: dict[str, Any]
    tables: set[str] = field(default_factory=set)
    notes: dict[str, Any] = field(default_factory=dict)
    spoiled: str = ""

    def tables_read(self) -> set[str]:
        """The tables its queries read, without Django's aliases of subqueries and joins."""
        return {table for table in self.tables if not _ALIAS.match(table)}


_making: ContextVar[_Making | None] = ContextVar("page_cache_making", default=None)


def watch_queries(
    execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """An execute wrapper on every connection (core.apps): moves the versions of written
    tables and records the tables a page being made reads."""
    making = _making.get()
    written = _WRITE.match(sql) if isinstance(sql, str) else None
    if written is None and isinstance(sql, str) and not _SCHEMA_CHANGE.match(sql):
        if making is not None:
            making.tables.update(_READ.findall(sql))
        return execute(sql, params, many, context)
    try:
        return execute(sql, params, many, context)
    finally:
        if written is None:  # a schema change, or SQL not given as text: anything may move
            forget_all()
        else:
            table = written.group(1)
            _written(context["connection"], table)
            for tables, react in _listeners:
                if table in tables:
                    react()
        if making is not None:
            making.spoiled = "wrote" if written is not None else "schema change or composed SQL"


_listeners: list[tuple[frozenset[str], Callable[[], None]]] = []


def when_written(tables: Iterable[str], react: Callable[[], None]) -> None:
    """Call `react()` after every statement that writes one of `tables`, whatever sent it
    (a save, `update()`, `bulk_create()`, raw SQL): the roles' generation uses it."""
    _listeners.append((frozenset(tables), react))


def install(connection: Any, **_kwargs: Any) -> None:
    """`connection_created` receiver: watch this connection (once)."""
    if watch_queries not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_queries)


def note(key: str, value: Any) -> None:
    """The page being made (if any) used the cached `key` as it was `value`: it is kept only
    while the cache still holds that value."""
    making = _making.get()
    if making is not None:
        making.notes[key] = value


# Serving -----------------------------------------------------------------------------------------

# accounts sets it (accounts.api.page_cache_identity): who an API request is, or None.
api_identity: Callable[[HttpRequest], str | None] | None = None


# A kept page in the cache: plain values only, tagged with their layout, so that a page kept by
# an older version of this module is a miss, never an error.
_KEPT_LAYOUT = "page-cache/1"


@dataclass(frozen=True)
class _Kept:
    depends_on: dict[str, Any]
    status: int
    headers: list[tuple[str, str]]
    content: bytes

    def stored(self) -> tuple[Any, ...]:
        return (_KEPT_LAYOUT, self.depends_on, self.status, self.headers, self.content)

    @classmethod
    def from_stored(cls, value: Any) -> _Kept | None:
        if not (isinstance(value, tuple) and len(value) == 5 and value[0] == _KEPT_LAYOUT):
            return None
        return cls(*value[1:])

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response


@dataclass
class _Pending:
    key: str
    making: _Making
    token: Token[_Making | None]


def _identity(request: HttpRequest, view: Callable[..., Any]) -> str | None:
    module = getattr(view, "__module__", "") or ""
    if module.startswith("ninja."):
        return api_identity(request) if api_identity is not None else None
    if not module.startswith("maillage."):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    session_key = request.session.session_key
    if not session_key:
        return None
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return f"session:{session_key}:{csrf}:{user.pk}"


def _messages_waiting(request: HttpRequest) -> bool:
    return bool(request.COOKIES.get(CookieStorage.cookie_name)) or (
        SessionStorage.session_key in request.session
    )


def _reloaded(request: HttpRequest) -> bool:
    """A hard reload (the browser's Ctrl+Shift+R sends no-cache): the page is made again (and
    kept anew)."""
    return "no-cache" in request.headers.get("Cache-Control", "") or (
        request.headers.get("Pragma") == "no-cache"
    )


def _page_key(request: HttpRequest, identity: str, seconds: int) -> str:
    period = int(timezone.now().timestamp()) // seconds
    parts = [
        identity,
        request.get_host(),
        request.get_full_path(),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        *(request.headers.get(name, "") for name in VARYING_HEADERS),
        str(period),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"page-cache:page:{digest}"


def _current_versions() -> dict[str, Any]:
    """The epoch and every table's version, read before the page is made (a write committed
    while it is made moves a version past the one kept with it)."""
    keys = [EPOCH_KEY, *(_table_key(table) for table in sorted(_managed_tables()))]
    found: dict[str, Any] = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_version(), None)
        found.update(cache.get_many(missing))
    return found


def _still_current(depends_on: dict[str, Any]) -> bool:
    found = cache.get_many(list(depends_on))
    return len(found) == len(depends_on) and all(
        found[key] == value for key, value in depends_on.items()
    )


def _why_not_kept(request: HttpRequest, response: HttpResponseBase, making: _Making) -> str:
    if making.spoiled:
        return making.spoiled
    if response.status_code != 200 or response.streaming or response.cookies:
        return "response"
    if not response.get("Content-Type", "").startswith(KEPT_CONTENT_TYPES):
        return "content type"
    if response.has_header("Content-Disposition"):
        return "download"
    csrf_secret = request.META.get("CSRF_COOKIE")
    if csrf_secret is not None and csrf_secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return "new CSRF secret"  # the page's tokens are not those of the session's cookie
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return "messages"
    if dict(request.session.items()) != making.session_before:
        return "session changed"
    if making.tables_read() - _managed_tables():
        return "unknown table"
    return ""


class PageCacheMiddleware:
    """Serves a kept page instead of calling its view (see the module). Last in MIDDLEWARE:
    every other middleware has run (session, user, language, session lifetime) when it looks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        pending: _Pending | None = request.__dict__.pop("_page_cache", None)
        if pending is not None:
            _making.reset(pending.token)
            self._keep(request, response, pending)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        seconds: int = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return None
        identity = _identity(request, view)
        if identity is None or _messages_waiting(request):
            return None
        key = _page_key(request, identity, seconds)
        kept = None if _reloaded(request) else _Kept.from_stored(cache.get(key))
        if kept is not None and _still_current(kept.depends_on):
            return kept.response()
        making = _Making(_current_versions(), dict(request.session.items()))
        request._page_cache = _Pending(key, making, _making.set(making))  # type: ignore[attr-defined]
        return None

    def _keep(self, request: HttpRequest, response: HttpResponseBase, pending: _Pending) -> None:
        making = pending.making
        reason = _why_not_kept(request, response, making)
        if reason:
            response[HIT_HEADER + "-Skip"] = reason
            return
        assert isinstance(response, HttpResponse)
        depends_on = {EPOCH_KEY: making.versions[EPOCH_KEY]}
        for table in making.tables_read():
            depends_on[_table_key(table)] = making.versions[_table_key(table)]
        depends_on.update(making.notes)
        kept = _Kept(depends_on, response.status_code, list(response.items()), response.content)
        cache.set(pending.key, kept.stored(), settings.PAGE_CACHE_SECONDS)
        response[HIT_HEADER] = "kept"
