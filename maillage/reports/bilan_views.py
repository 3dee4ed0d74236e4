"""The bilan pages (group, edition, territory, network) and their exports (PDF, XLSX, CSV), and
the evidence for funders: certificates of attendance and facilitators' statements."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from maillage.core.audit import audit
from maillage.editions.models import Membership
from maillage.editions.permissions import get_edition_for_user, roles_of
from maillage.reports.bilan import Level, Scope
from maillage.reports.bilan.figures import Bilan, PartRow
from maillage.reports.bilan.prepared import bilan_for, bilan_page_for
from maillage.reports.charts import bilan_charts, mesh_map
from maillage.reports.evidence import edition_hours, person_evidence
from maillage.reports.exports import part_label, to_csv, to_xlsx
from maillage.reports.pdf import bilan_pdf, certificate_pdf, statement_pdf
from maillage.reports.permissions import get_scope_for_user
from maillage.territories.models import Person

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _urls(scope: Scope, key: int | str) -> dict[str, str]:
    name = f"reports:{scope.level}_bilan_export"
    return {fmt: reverse(name, args=[key, fmt]) for fmt in FORMATS}


def _part_url(level: Level, part: PartRow, openable: frozenset[int]) -> str | None:
    if part.key not in openable:
        return None
    if level == Level.NETWORK:
        return reverse("reports:territory_bilan", args=[part.slug])
    child = {Level.TERRITORY: "edition_bilan", Level.EDITION: "group_bilan"}.get(level)
    return reverse(f"reports:{child}", args=[part.key]) if child else None


def _openable_parts(user: Any, scope: Scope, parts: list[PartRow]) -> frozenset[int]:
    """The parts whose own bilan the reader may open: every one, but a member of an edition
    opens the bilan of their own groups only (the others' answer 404)."""
    keys = frozenset(part.key for part in parts)
    if scope.level != Level.EDITION:
        return keys
    roles = roles_of(user)
    if roles.staff.territory_ids.intersection(scope.territory_ids):
        return keys
    return keys & roles.group_ids


def _page(request: HttpRequest, level: Level, key: int | str) -> HttpResponse:
    scope = get_scope_for_user(request.user, level, key)
    report, map_html, computed_at = bilan_page_for(scope)
    openable = _openable_parts(request.user, scope, report.parts)

    def draw() -> str:
        return render_to_string(
            "reports/_bilan_content.html",
            _content_context(scope, key, report, map_html, computed_at, openable),
            request=request,
        )

    # Figures computed for this request (none prepared) are drawn for it.
    content = (
        draw() if computed_at is None else _drawn_once(scope, key, computed_at, openable, draw)
    )
    return render(
        request,
        "reports/bilan.html",
        {"scope": scope, "content": mark_safe(content)},  # drawn by our template
    )


# The page drawn from prepared figures is the same for everyone who may read it and open the
# same parts: it is kept with the figures it shows (their computation time in the key), in
# each language and zone.
DRAWN_SECONDS = 3600


def _drawn_once(
    scope: Scope,
    key: int | str,
    computed_at: datetime.datetime,
    openable: frozenset[int],
    draw: Callable[[], str],
) -> str:
    parts = [
        str(scope.level),
        str(key),
        scope.title,
        scope.start.isoformat(),
        scope.end.isoformat(),
        computed_at.isoformat(),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        ",".join(map(str, sorted(openable))),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    cache_key = f"bilan-page:{digest}"
    content: str | None = cache.get(cache_key)
    if content is None:
        content = draw()
        cache.set(cache_key, content, DRAWN_SECONDS)
    return content


def _content_context(
    scope: Scope,
    key: int | str,
    report: Bilan,
    map_html: str | None,
    computed_at: datetime.datetime | None,
    openable: frozenset[int],
) -> dict[str, Any]:
    charts = {chart.key: chart for chart in bilan_charts(report)}
    return {
        "report": report,
        "scope": scope,
        "charts": charts,
        "activity_charts": [
            charts[chart]
            for chart in ("meetings", "attendance", "sectors", "themes")
            if chart in charts
        ],
        "map": mesh_map(report.activity.places, report.activity.places_are_territories)
        if map_html is None
        else None,
        "map_html": mark_safe(map_html) if map_html else None,  # drawn by our template
        "exports": _urls(scope, key),
        "part_label": part_label(scope.level),
        "parts": [(part, _part_url(scope.level, part, openable)) for part in report.parts],
        "key": key,
        "computed_at": computed_at,
    }


# Latin letters that have no decomposition (slugify, which takes accents off, dropped them).
_BARE_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ø": "O", "ø": "o"}
    | {"ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe"}
)


def file_name_part(name: str, fallback: object) -> str:
    """A name in a downloaded file's name: its letters without accents ("Łukasz Wiśniewski"
    gives lukasz-wisniewski; slugify alone dropped the Ł), else the fallback (a name with no
    Latin letter)."""
    return slugify(name.translate(_BARE_LETTERS)) or str(fallback)


@login_required
@require_safe
def group_bilan(request: HttpRequest, group_id: int) -> HttpResponse:
    return _page(request, Level.GROUP, group_id)


@login_required
@require_safe
def edition_bilan(request: HttpRequest, edition_id: int) -> HttpResponse:
    return _page(request, Level.EDITION, edition_id)


@login_required
@require_safe
def territory_bilan(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, Level.TERRITORY, slug)


@login_required
@require_safe
def network_bilan(request: HttpRequest, network_slug: str) -> HttpResponse:
    return _page(request, Level.NETWORK, network_slug)


def _export(request: HttpRequest, level: Level, key: int | str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    scope = get_scope_for_user(request.user, level, key)
    report: Bilan = bilan_for(scope)[0]
    body: bytes | str
    if fmt == "pdf":
        body = bilan_pdf(report)
    elif fmt == "xlsx":
        body = to_xlsx(report)
    else:
        body = to_csv(report)
    audit(
        request.user,
        "reports.bilan.exported",
        territory_id=scope.territory_ids[0] if len(scope.territory_ids) == 1 else None,
        level=str(level),
        key=str(key),
        format=fmt,
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"bilan-{file_name_part(scope.title, scope.pk)}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def group_bilan_export(request: HttpRequest, group_id: int, fmt: str) -> HttpResponse:
    return _export(request, Level.GROUP, group_id, fmt)


@login_required
@require_safe
def edition_bilan_export(request: HttpRequest, edition_id: int, fmt: str) -> HttpResponse:
    return _export(request, Level.EDITION, edition_id, fmt)


@login_required
@require_safe
def territory_bilan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return _export(request, Level.TERRITORY, slug, fmt)


@login_required
@require_safe
def network_bilan_export(request: HttpRequest, network_slug: str, fmt: str) -> HttpResponse:
    return _export(request, Level.NETWORK, network_slug, fmt)


# Evidence --------------------------------------------------------------------------------------


def _person_for_evidence(user: object, person_id: int) -> Person:
    """Oneself, or a person of a territory the user is staff of; anyone else 404."""
    roles = roles_of(user)
    person = Person.objects.select_related("company").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if person.pk == roles.person_id:
        return person
    staff_of = Membership.objects.filter(
        person=person, group__edition__territory_id__in=roles.staff.territory_ids
    )
    if not roles.staff.territory_ids or not staff_of.exists():
        raise Http404
    return person


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def certificate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_evidence(request.user, person_id)
    evidence = person_evidence(person, Membership.Role.LEADER)
    if evidence is None:
        raise Http404
    audit(request.user, "reports.certificate.issued", obj=person)
    return _pdf(
        certificate_pdf(evidence), f"attestation-{file_name_part(person.full_name, person.pk)}.pdf"
    )


@login_required
@require_safe
def statement(request: HttpRequest, facilitator_id: int) -> HttpResponse:
    person = _person_for_evidence(request.user, facilitator_id)
    evidence = person_evidence(person, Membership.Role.FACILITATOR)
    if evidence is None:
        raise Http404
    audit(request.user, "reports.statement.issued", obj=person)
    return _pdf(
        statement_pdf(evidence),
        f"releve-animation-{file_name_part(person.full_name, person.pk)}.pdf",
    )


@login_required
@require_safe
def edition_evidence(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Staff: each member's meetings and hours, with their certificate or statement."""
    edition = get_edition_for_user(request.user, edition_id)
    if edition.territory_id not in roles_of(request.user).staff.territory_ids:
        raise Http404
    return render(
        request,
        "reports/edition_evidence.html",
        {"edition": edition, "rows": edition_hours(edition)},
    )


@login_required
@require_safe
def my_evidence(request: HttpRequest) -> HttpResponse:
    """A member's own meetings and hours, with their certificate or statement."""
    person_id = roles_of(request.user).person_id
    person = (
        Person.objects.select_related("company").filter(pk=person_id).first()
        if person_id is not None
        else None
    )
    if person is None:
        raise Http404
    return render(
        request,
        "reports/my_evidence.html",
        {
            "person": person,
            "as_leader": person_evidence(person, Membership.Role.LEADER),
            "as_facilitator": person_evidence(person, Membership.Role.FACILITATOR),
        },
    )
