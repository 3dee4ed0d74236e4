"""The pages of themes: the catalogue, the group's programme, ballots and the rating form.

Thin function views: fetch and authorise in one call, then selectors and services. htmx
requests get the fragment they swap; other requests a full page or a redirect (everything works
without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def message_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
