"""The home page, by role, composed of sections that the apps register.

Core imports no app: each app registers, in its `AppConfig.ready()`, a builder that looks at the
request and returns the sections it has for that user (none when the user has no role there)::

    home.register(my_sections)

A section names its template and the context it needs; the home page shows every section, in the
order of their `order` (lower first: what each role needs first). A section shown to every
account (`every_account=True`, such as "your data") does not count as a role: with no other
section, the page explains that the account is tied to no programme yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    order: int = 100
    context: Mapping[str, Any] = field(default_factory=dict)
    every_account: bool = False


SectionBuilder = Callable[[HttpRequest], Iterable[Section]]

_builders: list[SectionBuilder] = []


def register(builder: SectionBuilder) -> SectionBuilder:
    """Add a builder of home sections (idempotent: `ready()` may run twice)."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def sections_for(request: HttpRequest) -> list[Section]:
    sections = [section for builder in _builders for section in builder(request)]
    return sorted(sections, key=lambda section: section.order)


def has_role_sections(sections: Iterable[Section]) -> bool:
    """True when some section comes from a role (not only those every account gets)."""
    return any(not section.every_account for section in sections)
