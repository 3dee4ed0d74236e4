"""The formation screen: run the engine on the accepted applications, see the proposed groups
with their scores and a map, move, swap and lock people (each change checked at once; htmx
when there is JavaScript, plain forms when not), run again for the others, publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.editions.models import Edition
from maillage.editions.recruitment import runs
from maillage.editions.recruitment.board import build_board
from maillage.editions.recruitment.forms import FormationRunForm
from maillage.editions.recruitment.models import Application, FormationRun
from maillage.editions.recruitment.permissions import get_edition_for_recruiting


def _run_of(edition: Edition, run_id: Any) -> FormationRun | None:
    """The run asked for (of this edition), else the latest."""
    if run_id:
        try:
            return FormationRun.objects.filter(edition=edition, pk=int(run_id)).first()
        except (TypeError, ValueError):
            return None
    return runs.latest_run(edition)


def _context(edition: Edition, run: FormationRun | None, **extra: Any) -> dict[str, Any]:
    latest = runs.latest_run(edition)
    accepted = dict(
        Application.objects.filter(edition=edition, status=Application.Status.ACCEPTED)
        .values_list("role")
        .annotate(n=Count("id"))
        .order_by()
    )
    try:
        runs.check_formable(edition)
        formable, not_formable = True, ""
    except ValidationError as error:
        formable, not_formable = False, " ".join(error.messages)
    return {
        "edition": edition,
        "run": run,
        "is_latest": run is not None and latest is not None and run.pk == latest.pk,
        "failure": runs.failure_text(run) if run is not None and run.error else "",
        "board": build_board(run) if run is not None else None,
        "accepted_leaders": accepted.get("leader", 0),
        "accepted_facilitators": accepted.get("facilitator", 0),
        "formable": formable,
        "not_formable": not_formable,
        "history": FormationRun.objects.filter(edition=edition).only(
            "pk", "created_at", "status", "engine_objective", "moves", "edition_id"
        )[:10],
        **extra,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def formation(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = get_edition_for_recruiting(request.user, edition_id)
    form = FormationRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            runs.run_start(
                edition=edition,
                by=request.user,
                seed=form.cleaned_data["seed"],
                time_limit_s=float(form.cleaned_data["time_limit"]),
                weights=form.weights(),
                num_groups=form.cleaned_data["num_groups"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("editions:formation", edition_id=edition.pk)
    run = _run_of(edition, request.GET.get("run"))
    if request.headers.get("HX-Request") and request.GET.get("partial") == "progress":
        if run is not None and run.status in (
            FormationRun.Status.QUEUED,
            FormationRun.Status.RUNNING,
        ):
            return render(
                request,
                "editions/recruitment/_formation_progress.html",
                {"edition": edition, "run": run},
            )
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "editions/recruitment/formation.html",
        _context(edition, run, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def formation_change(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Move, swap, lock, unlock or run again (POST). Answers the board (htmx) or goes back to
    the screen with the outcome as a message."""
    edition = get_edition_for_recruiting(request.user, edition_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    run = _run_of(edition, request.POST.get("run"))
    action = request.POST.get("action", "")
    person = _int(request.POST.get("person"))
    errors: list[str] = []
    done = ""
    try:
        if run is None:
            raise ValidationError(_("Cette proposition n'existe pas."))
        if action == "again":
            run = runs.run_again(run=run, by=request.user)
            done = _("Nouveau calcul lancé : les personnes verrouillées restent dans leur groupe.")
        elif person is None:
            raise ValidationError(_("Choisissez une personne."))
        elif action == "move":
            to_group = _int(request.POST.get("to_group"))
            if to_group is None:
                raise ValidationError(_("Choisissez un groupe."))
            run = runs.run_move(run=run, person=person, to_group=to_group, by=request.user)
            done = _("Déplacement fait : les scores sont recalculés.")
        elif action == "swap":
            other = _int(request.POST.get("other"))
            if other is None:
                raise ValidationError(_("Choisissez avec qui échanger."))
            run = runs.run_swap(run=run, person=person, other=other, by=request.user)
            done = _("Échange fait : les scores sont recalculés.")
        elif action in ("lock", "unlock"):
            run = runs.run_lock(run=run, person=person, locked=action == "lock", by=request.user)
            done = _("Verrouillé dans son groupe.") if action == "lock" else _("Déverrouillé.")
        else:
            raise ValidationError(_("Action inconnue."))
    except ValidationError as error:
        errors = error.messages
    if request.headers.get("HX-Request") and action != "again":
        return render(
            request,
            "editions/recruitment/_formation_board.html",
            _context(edition, run, errors=errors, done=done),
        )
    for message in errors:
        messages.error(request, message)
    if done:
        messages.success(request, done)
    url = reverse("editions:formation", kwargs={"edition_id": edition.pk})
    return redirect(f"{url}#formation-board" if action != "again" else url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def formation_publish(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Confirm (names of the groups), then publish: groups, memberships, emails."""
    edition = get_edition_for_recruiting(request.user, edition_id)
    run = runs.latest_run(edition)
    board = build_board(run) if run is not None else None
    errors: list[str] = []
    if request.method == "POST" and run is not None:
        names = [request.POST.get(f"name_{index}", "") for index in range(len(run.groups))]
        try:
            groups = runs.run_publish(run=run, by=request.user, names=names)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(count)d groupes publiés : leurs membres sont prévenus par e-mail.")
                % {"count": len(groups)},
            )
            return redirect("reports:edition", edition_id=edition.pk)
    problems = runs.publish_problems(run) if run is not None and run.is_open else []
    return render(
        request,
        "editions/recruitment/publish.html",
        {
            "edition": edition,
            "run": run,
            "board": board,
            "problems": problems,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
