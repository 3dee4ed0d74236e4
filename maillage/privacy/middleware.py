"""A page of group content refused for want of the charter leads to the charter's page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from maillage.editions.charter import CharterRequired


class CharterRequiredMiddleware:
    """`editions.charter.require_charter` raised in a view: redirect to the acceptance page,
    which comes back to the page afterwards (`next`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CharterRequired):
            return None
        url = reverse("privacy:charter", args=[exception.group.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
