from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_safe

from maillage.core.home import has_role_sections, sections_for


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Each role's first needs, from the sections the apps register (see `core.home`)."""
    sections = sections_for(request)
    return render(
        request,
        "core/home.html",
        {"sections": sections, "has_role": has_role_sections(sections)},
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the site's page; under /api/, the API's JSON error body (an address no route of
    the API matches, such as a text where an id is expected)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)
