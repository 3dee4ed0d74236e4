"""Ballots: prepare (facilitators), vote (members, by keyboard or drag-and-drop), results after
the close, and laying the result on the group's next meetings in one step."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.api_input import parse_id
from maillage.editions.models import Membership
from maillage.editions.permissions import roles_of
from maillage.themes import selectors, services
from maillage.themes.forms import BallotForm
from maillage.themes.models import Ballot, BallotState, Theme, Vote, Wish
from maillage.themes.permissions import (
    can_vote,
    get_ballot_for_user,
    get_programme_group_for_user,
    is_facilitator,
    person_of,
)
from maillage.themes.views import is_htmx, message_errors

# Preparing ---------------------------------------------------------------------------------------


def _candidate_rows(group: Any, themes: list[Theme]) -> list[dict[str, Any]]:
    """Every usable theme with how many members wished it and, for the best suggested, why:
    wished first, then suggested, then the others by title."""
    wishes = Counter(
        Wish.objects.filter(group=group, candidate__isnull=False).values_list(
            "candidate_id", flat=True
        )
    )
    suggestions = {s.theme.pk: (rank, s) for rank, s in enumerate(selectors.recommendations(group))}
    rows: list[dict[str, Any]] = [
        {
            "theme": theme,
            "wishes": wishes.get(theme.pk, 0),
            "suggestion": suggestions[theme.pk][1] if theme.pk in suggestions else None,
        }
        for theme in themes
    ]
    rows.sort(
        key=lambda row: (
            -row["wishes"],
            suggestions[row["theme"].pk][0] if row["theme"].pk in suggestions else 999,
            row["theme"].title,
        )
    )
    return rows


def territory_zone(group: Any) -> ZoneInfo:
    """The time zone of the group's territory: a ballot's dates are typed and read there."""
    return ZoneInfo(group.edition.territory.time_zone)


def _selected(form: BallotForm) -> set[int]:
    return {
        theme_id
        for theme_id in (parse_id(str(v)) for v in form["candidates"].value() or [])
        if theme_id is not None
    }


def _ordered(selected: Any, rows: list[dict[str, Any]]) -> list[Theme]:
    chosen = {theme.pk for theme in selected}
    return [row["theme"] for row in rows if row["theme"].pk in chosen]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_create(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_programme_group_for_user(request.user, group_id, facilitate=True)
    with timezone.override(territory_zone(group)):  # the dates typed and shown are local
        return _ballot_create(request, group)


def _ballot_create(request: HttpRequest, group: Any) -> HttpResponse:
    themes_qs = services.usable_themes(group).order_by("title")
    rows = _candidate_rows(group, list(themes_qs))
    form = BallotForm(
        request.POST or None,
        themes=themes_qs,
        initial={
            "title": _("Choix des thèmes"),
            "candidates": [row["theme"].pk for row in rows if row["wishes"]],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ballot = services.ballot_create(
                group=group,
                title=data["title"],
                kind=data["kind"],
                method=data["method"],
                dots_per_member=data["dots_per_member"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                candidates=_ordered(data["candidates"], rows),
                by=request.user,
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Scrutin préparé."))
            return redirect("themes:ballot", ballot.pk)
    return render(
        request,
        "themes/ballot_form.html",
        {"group": group, "form": form, "rows": rows, "ballot": None, "selected": _selected(form)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_edit(request: HttpRequest, ballot_id: int) -> HttpResponse:
    """Change a draft ballot; an open or closed one only says why it no longer changes."""
    ballot = get_ballot_for_user(request.user, ballot_id, facilitate=True)
    with timezone.override(territory_zone(ballot.group)):  # the dates typed and shown are local
        return _ballot_edit(request, ballot)


def _ballot_edit(request: HttpRequest, ballot: Ballot) -> HttpResponse:
    group = ballot.group
    themes_qs = services.usable_themes(group).order_by("title")
    rows = _candidate_rows(group, list(themes_qs))
    candidates = selectors.candidates_of(ballot)
    form = BallotForm(
        request.POST or None,
        themes=themes_qs,
        initial={
            "title": ballot.title,
            "kind": ballot.kind,
            "method": ballot.method,
            "dots_per_member": ballot.dots_per_member,
            "opens_at": ballot.opens_at,
            "closes_at": ballot.closes_at,
            "candidates": [theme.pk for theme in candidates],
        },
    )
    if request.method == "POST" and ballot.state == BallotState.DRAFT and form.is_valid():
        data = form.cleaned_data
        try:
            services.ballot_update(
                ballot=ballot,
                title=data["title"],
                method=data["method"],
                dots_per_member=data["dots_per_member"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                candidates=_ordered(data["candidates"], rows),
                by=request.user,
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Scrutin modifié."))
            return redirect("themes:ballot", ballot.pk)
    return render(
        request,
        "themes/ballot_form.html",
        {"group": group, "form": form, "rows": rows, "ballot": ballot, "selected": _selected(form)},
    )


# Voting ------------------------------------------------------------------------------------------


def _initial_order(ballot: Ballot, candidates: list[Theme], person_id: int | None) -> list[Theme]:
    """The candidates in an order of the member's own: each member starts from a different
    shuffle, so the list order favours no theme."""
    order = list(candidates)
    random.Random(f"{ballot.pk}:{person_id}").shuffle(order)
    return order


def _order_from(ids: list[str], candidates: list[Theme]) -> list[Theme]:
    by_id = {str(theme.pk): theme for theme in candidates}
    seen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    return seen + [theme for theme in candidates if theme not in seen]


def _moved(order: list[Theme], move: str) -> tuple[list[Theme], Theme | None]:
    """Apply "up:<id>", "down:<id>", "top:<id>" or "bottom:<id>" to the order."""
    direction, _sep, theme_id = move.partition(":")
    index = next((i for i, theme in enumerate(order) if str(theme.pk) == theme_id), None)
    if index is None:
        return order, None
    theme = order.pop(index)
    target = {
        "up": max(index - 1, 0),
        "down": min(index + 1, len(order)),
        "top": 0,
        "bottom": len(order),
    }.get(direction, index)
    order.insert(target, theme)
    return order, theme


def _moved_status(theme: Theme, order: list[Theme]) -> str:
    return _("« %(theme)s » est maintenant %(position)d sur %(count)d.") % {
        "theme": theme.title,
        "position": order.index(theme) + 1,
        "count": len(order),
    }


def _choice_from(request: HttpRequest, ballot: Ballot, candidates: list[Theme]) -> dict[str, Any]:
    if ballot.method == Ballot.Method.SCHULZE:
        return {"ranking": request.POST.getlist("ranking")}
    if ballot.method == Ballot.Method.APPROVAL:
        return {"approvals": request.POST.getlist("approvals")}
    dots: dict[str, int] = {}
    for theme in candidates:
        count = parse_id(request.POST.get(f"dots-{theme.pk}", "").strip() or "0")
        if count is None:
            raise ValidationError(
                _("Les gommettes se comptent en nombres entiers positifs."), code="dots"
            )
        dots[str(theme.pk)] = count
    return {"dots": dots}


def _vote_rows(
    ballot: Ballot, candidates: list[Theme], choice: dict[str, Any], order: list[Theme]
) -> list[dict[str, Any]]:
    if ballot.method == Ballot.Method.SCHULZE:
        return [{"theme": theme, "position": i} for i, theme in enumerate(order, start=1)]
    approvals = {str(x) for x in choice.get("approvals", [])}
    dots = {str(k): v for k, v in choice.get("dots", {}).items()}
    return [
        {
            "theme": theme,
            "approved": str(theme.pk) in approvals,
            "dots": dots.get(str(theme.pk), 0),
        }
        for theme in order
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_detail(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = get_ballot_for_user(request.user, ballot_id)
    roles = roles_of(request.user)
    facilitator = is_facilitator(roles, ballot.group_id)
    voter = can_vote(roles, ballot)
    candidates = selectors.candidates_of(ballot)
    my_vote = (
        Vote.objects.filter(ballot=ballot, person_id=roles.person_id).first()
        if roles.person_id is not None
        else None
    )
    choice: dict[str, Any] = dict(my_vote.choice) if my_vote else {}
    if choice.get("ranking"):
        order = _order_from([str(i) for i in choice["ranking"]], candidates)
    else:
        order = _initial_order(ballot, candidates, roles.person_id)
    status = ""
    move = ""
    if request.method != "POST" and ballot.method == Ballot.Method.SCHULZE:
        # A move made without htmx comes back here (see below): the order it left, shown.
        shown = request.GET.get("order", "")
        if shown:
            order = _order_from(shown.split(","), candidates)
            moved_id = request.GET.get("moved", "")
            moved = next((theme for theme in order if str(theme.pk) == moved_id), None)
            if moved is not None:
                status = _moved_status(moved, order)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in {"open", "close"}:
            if not facilitator:
                raise PermissionDenied
            try:
                if action == "open":
                    services.ballot_open(ballot=ballot, by=request.user)
                    messages.success(request, _("Le scrutin est ouvert."))
                else:
                    services.ballot_close(ballot=ballot, by=request.user)
                    messages.success(request, _("Le scrutin est clos."))
            except ValidationError as error:
                message_errors(request, error)
            return redirect("themes:ballot", ballot.pk)
        if not voter:
            raise PermissionDenied
        if ballot.method == Ballot.Method.SCHULZE:
            order = _order_from(request.POST.getlist("ranking"), candidates)
        move = request.POST.get("move", "")
        if move:
            order, moved = _moved(order, move)
            if not is_htmx(request):
                # A page answering a POST would be posted again by a reload: the new order goes
                # to a page of its own (nothing is saved before the vote).
                shown = urlencode(
                    {
                        "order": ",".join(str(theme.pk) for theme in order),
                        "moved": moved.pk if moved is not None else "",
                    }
                )
                return redirect(f"{reverse('themes:ballot', args=[ballot.pk])}?{shown}#vote-form")
            if moved is not None:
                status = _moved_status(moved, order)
        else:
            try:
                choice = _choice_from(request, ballot, candidates)
                my_vote = services.vote_cast(
                    ballot=ballot,
                    person=person_of(roles),
                    choice=choice,
                    by=request.user,
                )
                choice = dict(my_vote.choice)
                status = _("Votre vote est enregistré. Vous pouvez le changer jusqu'à la clôture.")
                if not is_htmx(request):
                    messages.success(request, status)
                    return redirect("themes:ballot", ballot.pk)
            except ValidationError as error:
                status = " ".join(error.messages)
                if not is_htmx(request):
                    message_errors(request, error)
    context = _detail_context(
        ballot, candidates, order, choice, my_vote, voter, facilitator, status
    )
    if is_htmx(request) and request.method == "POST":
        response = render(request, "themes/ballot.html#vote_form", context)
        if not move:
            # The vote is saved: an order left in the address by a move made without htmx
            # would show again on a reload, in place of the vote.
            response["HX-Replace-Url"] = reverse("themes:ballot", args=[ballot.pk])
        return response
    return render(request, "themes/ballot.html", context)


def _detail_context(
    ballot: Ballot,
    candidates: list[Theme],
    order: list[Theme],
    choice: dict[str, Any],
    my_vote: Vote | None,
    voter: bool,
    facilitator: bool,
    status: str,
) -> dict[str, Any]:
    state = ballot.state
    electorate = selectors.electorate(ballot)
    voted = set(
        Vote.objects.filter(
            ballot=ballot, person_id__in=electorate.values("person_id")
        ).values_list("person_id", flat=True)
    )
    waiting: list[Membership] = []
    if facilitator and state == BallotState.OPEN:
        waiting = [
            membership
            for membership in Membership.objects.filter(group_id=ballot.group_id)
            .exclude(left_on__lte=timezone.localdate())
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
            if membership.person_id not in voted
        ]
    result = None
    if state == BallotState.CLOSED:
        result = selectors.ballot_result(ballot, candidates)
    return {
        "ballot": ballot,
        "group": ballot.group,
        "state": state,
        "candidates": candidates,
        "rows": _vote_rows(ballot, candidates, choice, order),
        "my_vote": my_vote,
        "can_vote": voter and state == BallotState.OPEN,
        "facilitator": facilitator,
        "vote_count": len(voted),
        "eligible": selectors.eligible_voters(ballot),
        "waiting": waiting,
        "result": result,
        "status": status,
        "dots_spent": sum(int(v) for v in choice.get("dots", {}).values()),
    }


# Laying the result on the meetings ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ballot_apply(request: HttpRequest, ballot_id: int) -> HttpResponse:
    """The facilitators lay a closed ballot's result on the group's next meetings without a
    theme, in one step; tied themes are flagged, and every slot can be changed before."""
    ballot = get_ballot_for_user(request.user, ballot_id, facilitate=True)
    closed = ballot.state == BallotState.CLOSED
    slots: list[selectors.Slot] = []
    result = None
    candidates = selectors.candidates_of(ballot)
    if closed:
        result = selectors.ballot_result(ballot, candidates)
        slots = selectors.ballot_layout(ballot, result)
    if request.method == "POST":
        if not closed:
            raise PermissionDenied
        by_id = {theme.pk: theme for theme in candidates}
        assignments: dict[int, Theme | None] = {}
        for slot in slots:
            value = request.POST.get(f"theme-{slot.meeting.pk}", "")
            assignments[slot.meeting.pk] = by_id.get(parse_id(value) or 0)
        try:
            services.programme_assign(
                group=ballot.group, assignments=assignments, ballot=ballot, by=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
            return redirect("themes:ballot_apply", ballot.pk)
        messages.success(request, _("Les thèmes sont posés sur les prochaines rencontres."))
        return redirect("themes:programme", ballot.group_id)
    return render(
        request,
        "themes/ballot_apply.html",
        {
            "ballot": ballot,
            "group": ballot.group,
            "closed": closed,
            "slots": slots,
            "candidates": candidates,
            "result": result,
        },
    )
