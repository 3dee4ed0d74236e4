"""Recruitment pages: the public application form, the project manager's review (list,
decision), the territory's rules, and the imports of applications and of past editions."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage.accounts.http import client_ip
from maillage.editions import history_import
from maillage.editions.models import Edition, EditionStatus, Group
from maillage.editions.recruitment import imports, services
from maillage.editions.recruitment.formation import resolve_conflicts
from maillage.editions.recruitment.forms import (
    ApplicationFilterForm,
    DecisionForm,
    HistoryUploadForm,
    ImportUploadForm,
    PublicApplicationForm,
    RecruitmentSettingsForm,
)
from maillage.editions.recruitment.models import Application, settings_for
from maillage.editions.recruitment.permissions import (
    get_application_for_staff,
    get_edition_for_recruiting,
    get_territory_for_recruiting,
)
from maillage.editions.recruitment.tabular import FileRefused, RowError, read_upload

PAGE_SIZE = 25
# The public form: at most this many submissions per address and window (bots, mistakes).
APPLY_LIMIT, APPLY_WINDOW_S = 10, 600
EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


# The public form ---------------------------------------------------------------------------


def _throttled(request: HttpRequest) -> bool:
    key = f"recruitment:apply:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=APPLY_WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=APPLY_WINDOW_S)
        count = 1
    return count > APPLY_LIMIT


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Anyone may apply to an edition while it recruits (no account needed)."""
    edition = get_object_or_404(Edition.objects.select_related("territory"), pk=edition_id)
    if edition.status != EditionStatus.RECRUITING:
        return render(request, "editions/recruitment/apply_closed.html", {"edition": edition})
    rules = settings_for(edition.territory)
    form = PublicApplicationForm(request.POST or None, edition=edition, rules=rules)
    status = 200
    if request.method == "POST":
        if _throttled(request):
            return render(
                request,
                "editions/recruitment/apply_closed.html",
                {"edition": edition, "throttled": True},
                status=429,
            )
        if form.is_valid():
            try:
                services.application_submit(
                    edition=edition,
                    fields=form.application_fields(),
                    source=Application.Source.FORM,
                    language=get_language() or settings.LANGUAGE_CODE,
                    ip_address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("editions:apply_thanks", edition_id=edition.pk)
        status = 400
    communes = list(edition.territory.communes.order_by("name").values_list("insee_code", "name"))
    return render(
        request,
        "editions/recruitment/apply.html",
        {"edition": edition, "form": form, "rules": rules, "communes": communes},
        status=status,
    )


@require_safe
def apply_thanks(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.select_related("territory"), pk=edition_id)
    return render(request, "editions/recruitment/apply_thanks.html", {"edition": edition})


# Review ------------------------------------------------------------------------------------


def _filtered(edition: Edition, form: ApplicationFilterForm) -> Any:
    applications = (
        Application.objects.filter(edition=edition)
        .select_related("activity", "commune")
        .order_by("-submitted_at", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data.get("status"):
            applications = applications.filter(status=data["status"])
        if data.get("role"):
            applications = applications.filter(role=data["role"])
        text = (data.get("q") or "").strip()
        for word in text.split()[:5]:
            applications = applications.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(company_name__icontains=word)
                | Q(email__icontains=word)
            )
    return applications


@login_required
@require_safe
def application_list(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Every application of the edition, filtered and paginated (constant queries)."""
    edition = get_edition_for_recruiting(request.user, edition_id)
    form = ApplicationFilterForm(request.GET or None)
    page = Paginator(_filtered(edition, form), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        (row["status"], row["role"]): row["n"]
        for row in Application.objects.filter(edition=edition)
        .values("status", "role")
        .annotate(n=Count("id"))
        .order_by()
    }
    summary = [
        (
            label,
            counts.get((status, "leader"), 0),
            counts.get((status, "facilitator"), 0),
        )
        for status, label in Application.Status.choices
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "editions/recruitment/applications.html",
        {
            "edition": edition,
            "form": form,
            "page": page,
            "summary": summary,
            "params": params.urlencode(),
            "public_url": request.build_absolute_uri(
                reverse("editions:apply", kwargs={"edition_id": edition.pk})
            ),
            "open": edition.status == EditionStatus.RECRUITING,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    """An application, what the applicant declared, and the decision."""
    application = get_application_for_staff(request.user, application_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                application=application,
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Décision enregistrée : %(person)s est prévenu·e par e-mail.")
                % {"person": application.full_name},
            )
            return redirect("editions:applications", edition_id=application.edition_id)
    others = list(
        Application.objects.filter(edition_id=application.edition_id)
        .exclude(status=Application.Status.DECLINED)
        .only(
            "pk", "role", "first_name", "last_name", "company_name", "siret", "declared_conflicts"
        )
    )
    leaders, employers = resolve_conflicts(others)
    by_pk = {other.pk: other for other in others}
    conflicts = [by_pk[pk] for pk in sorted(leaders.get(application.pk, set()))]
    conflicts += [
        other
        for other in others
        if other.role == "facilitator" and other.siren in employers.get(application.pk, set())
    ]
    return render(
        request,
        "editions/recruitment/application.html",
        {
            "application": application,
            "edition": application.edition,
            "form": form,
            "conflicts": conflicts,
            "weekdays": [
                Group.Weekday(day).label
                for day in application.available_weekdays
                if day in Group.Weekday.values
            ],
            "moments": [
                Application.Moment(moment).label
                for moment in application.available_moments
                if moment in Application.Moment.values
            ],
            "can_decide": bool(services.TRANSITIONS.get(application.status)),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recruitment_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The territory's eligibility rules and the themes its form offers."""
    territory = get_territory_for_recruiting(request.user, slug)
    rules = settings_for(territory)
    form = RecruitmentSettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        values["theme_choices"] = form.cleaned_data["themes"]
        services.recruitment_settings_save(territory=territory, values=values, by=request.user)
        messages.success(request, _("Règles de recrutement enregistrées."))
        return redirect("editions:recruitment_settings", slug=territory.slug)
    return render(
        request,
        "editions/recruitment/settings.html",
        {"territory": territory, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# Imports -----------------------------------------------------------------------------------

SESSION_APPLICATIONS = "editions.import.applications"
SESSION_HISTORY = "editions.import.history"


def _example(name: str) -> HttpResponseBase:
    allowed = {"csv": "candidatures.csv", "xlsx": "candidatures.xlsx", "history": "historique.xlsx"}
    if name not in allowed:
        raise Http404
    return FileResponse(
        (EXAMPLES / allowed[name]).open("rb"), as_attachment=True, filename=allowed[name]
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def applications_import(request: HttpRequest, edition_id: int) -> HttpResponseBase:
    """Upload → report (every bad row with its line and reason) → confirm the valid rows."""
    edition = get_edition_for_recruiting(request.user, edition_id)
    if request.method != "POST" and request.GET.get("exemple"):
        return _example(request.GET["exemple"])
    context: dict[str, Any] = {"edition": edition, "columns": imports.COLUMNS}
    upload = ImportUploadForm()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        staged = request.session.get(SESSION_APPLICATIONS) or {}
        if staged.get("token") != request.POST.get("token") or staged.get("edition") != edition.pk:
            messages.error(request, _("Cet import a expiré : envoyez le fichier de nouveau."))
            return redirect("editions:applications_import", edition_id=edition.pk)
        rows = [(line, row) for line, row in staged["rows"]]
        try:
            created = imports.applications_import(
                edition=edition, rows=rows, expected=staged["valid"], by=request.user
            )
        except imports.ImportChanged:
            messages.warning(
                request,
                _("Des lignes ont changé depuis la vérification : voici le nouveau bilan."),
            )
            report = imports.Report(sheet=staged["sheet"], rows=rows)
            for checked in imports.check_rows(edition, staged["sheet"], rows):
                if checked.fields is not None:
                    report.valid.append(checked.line)
                report.errors += checked.errors
            context |= _stage_applications(request, edition, report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            request.session.pop(SESSION_APPLICATIONS, None)
            messages.success(
                request,
                _("%(count)d candidatures importées.") % {"count": len(created)},
            )
            return redirect("editions:applications", edition_id=edition.pk)
    elif request.method == "POST":
        upload = ImportUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                sheets = read_upload(upload.cleaned_data["file"])
            except FileRefused as refused:
                upload.add_error("file", refused.message)
            else:
                context |= _stage_applications(
                    request, edition, imports.applications_check(edition, sheets)
                )
    context["upload"] = upload
    return render(request, "editions/recruitment/import.html", context)


def _stage_applications(
    request: HttpRequest, edition: Edition, report: imports.Report
) -> dict[str, Any]:
    """Keep the rows in the session until the user confirms; nothing is written."""
    token = secrets.token_urlsafe(16)
    request.session[SESSION_APPLICATIONS] = {
        "token": token,
        "edition": edition.pk,
        "sheet": report.sheet,
        "rows": report.rows,
        "valid": report.valid,
    }
    return {"report": report, "token": token}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def history_import_view(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Past editions (editions, groups, members, meetings, attendance), checked then confirmed."""
    territory = get_territory_for_recruiting(request.user, slug)
    if request.method != "POST" and request.GET.get("exemple"):
        return _example("history")
    context: dict[str, Any] = {"territory": territory, "kinds": history_import.kinds()}
    upload = HistoryUploadForm()
    if request.method == "POST" and request.POST.get("action") == "confirm":
        staged = request.session.get(SESSION_HISTORY) or {}
        if (
            staged.get("token") != request.POST.get("token")
            or staged.get("territory") != territory.pk
        ):
            messages.error(request, _("Cet import a expiré : envoyez le fichier de nouveau."))
            return redirect("editions:history_import", slug=territory.slug)
        tables = [
            history_import.Table(t["kind"], t["sheet"], [(line, row) for line, row in t["rows"]])
            for t in staged["tables"]
        ]
        try:
            written = history_import.history_import(
                territory=territory, tables=tables, expected=staged["valid"], by=request.user
            )
        except history_import.HistoryChanged:
            messages.warning(
                request,
                _("Des lignes ont changé depuis la vérification : voici le nouveau bilan."),
            )
            _history, report = history_import.check(territory, tables)
            context |= _stage_history(request, territory.pk, report)
        else:
            request.session.pop(SESSION_HISTORY, None)
            messages.success(
                request,
                _("Historique importé : %(rows)d lignes.") % {"rows": sum(written.values())},
            )
            return redirect("reports:territory", slug=territory.slug)
    elif request.method == "POST":
        upload = HistoryUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            sheets = []
            try:
                for file in upload.cleaned_data["uploads"]:
                    sheets += read_upload(file)
            except FileRefused as refused:
                upload.add_error("uploads", refused.message)
            else:
                tables, errors = history_import.recognise(sheets)
                _history, report = history_import.check(territory, tables)
                report.errors = errors + report.errors
                context |= _stage_history(request, territory.pk, report)
    context["upload"] = upload
    return render(request, "editions/recruitment/history_import.html", context)


def _stage_history(
    request: HttpRequest, territory_id: int, report: history_import.HistoryReport
) -> dict[str, Any]:
    token = secrets.token_urlsafe(16)
    request.session[SESSION_HISTORY] = {
        "token": token,
        "territory": territory_id,
        "tables": [{"kind": t.kind, "sheet": t.sheet, "rows": t.rows} for t in report.tables],
        "valid": report.valid,
    }
    labels = {kind.key: kind.label for kind in history_import.kinds()}
    return {
        "report": report,
        "token": token,
        "counts": [(labels[key], valid, total) for key, (valid, total) in report.counts.items()],
    }


def errors_by_line(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.sheet, e.line))
