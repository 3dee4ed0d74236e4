from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maillage.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`navigation`: the entries of the main navigation for this user, read only if shown."""
    return {"navigation": SimpleLazyObject(lambda: items_for(request))}
