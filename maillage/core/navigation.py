"""The main navigation, by role, filled by the apps (core imports no app).

Each app registers, in its `AppConfig.ready()`, a builder returning the entries it has for the
user of the request; `context_processors.navigation` gathers them, lowest `order` first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    current: bool = False


NavBuilder = Callable[[HttpRequest], Iterable[NavItem]]

_builders: list[NavBuilder] = []


def register(builder: NavBuilder) -> NavBuilder:
    """Add a builder of navigation entries (idempotent: `ready()` may run twice)."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def items_for(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = sorted(
        (item for builder in _builders for item in builder(request)), key=lambda i: i.order
    )
    # The entry whose address is the longest prefix of the page's is the current one.
    best = max(
        (item for item in items if _is_under(request.path, item.url)),
        key=lambda item: len(item.url),
        default=None,
    )
    return [NavItem(item.label, item.url, item.order, current=item is best) for item in items]


def _is_under(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
