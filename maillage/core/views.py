from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
