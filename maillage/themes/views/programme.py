"""The group's programme of themes: its meetings and their themes, its ballots, the members'
wishes and proposals. Group content: the group only (staff 403, others 404)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.api_input import parse_id
from maillage.core.templatetags.options import options_html
from maillage.editions.models import Group
from maillage.editions.permissions import roles_of
from maillage.meetings.models import Meeting
from maillage.territories.models import Person
from maillage.themes import selectors, services
from maillage.themes.forms import MergeForm, ProposalForm, WishForm
from maillage.themes.models import Theme, Wish
from maillage.themes.permissions import (
    get_programme_group_for_user,
    is_current_member,
    is_facilitator,
    person_of,
)
from maillage.themes.views import message_errors


def _me(request: HttpRequest) -> Person:
    return person_of(roles_of(request.user))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_programme_group_for_user(request.user, group_id)
    roles = roles_of(request.user)
    member = is_current_member(roles, group.pk)
    facilitator = is_facilitator(roles, group.pk)
    usable = list(services.usable_themes(group).order_by("title"))
    if request.method == "POST":
        return _post(request, group, usable, member=member, facilitator=facilitator)
    return render(
        request,
        "themes/programme.html",
        _context(group, usable, roles.person_id, member, facilitator),
    )


def _form_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _post(
    request: HttpRequest, group: Group, usable: list[Theme], *, member: bool, facilitator: bool
) -> HttpResponse:
    """Handle one action, then back to the page (errors as messages)."""
    action = request.POST.get("action", "")
    if not member or (action in {"merge", "adjust"} and not facilitator):
        raise PermissionDenied
    themes = services.usable_themes(group).filter(status=Theme.Status.ACTIVE)
    try:
        if action == "wishes":
            form = WishForm(request.POST, themes=themes)
            if not form.is_valid():
                _form_errors(request, form)
                return redirect("themes:programme", group.pk)
            services.wishes_submit(
                group=group,
                person=_me(request),
                themes=list(form.cleaned_data["themes"]),
                texts=form.cleaned_data["free"],
                by=request.user,
            )
            messages.success(request, _("Vos souhaits sont enregistrés."))
        elif action == "propose":
            proposal = ProposalForm(request.POST)
            if not proposal.is_valid():
                _form_errors(request, proposal)
                return redirect("themes:programme", group.pk)
            services.theme_propose(
                group=group,
                person=_me(request),
                title=proposal.cleaned_data["title"],
                description=proposal.cleaned_data["description"],
                by=request.user,
            )
            messages.success(
                request,
                _("Thème proposé : le groupe peut le mettre au vote dès maintenant."),
            )
        elif action == "merge":
            merge = MergeForm(
                request.POST,
                wishes=Wish.objects.filter(group=group, theme__isnull=True),
                themes=services.usable_themes(group),
            )
            if not merge.is_valid():
                _form_errors(request, merge)
                return redirect("themes:programme", group.pk)
            services.wishes_merge(
                group=group,
                wishes=list(merge.cleaned_data["wishes"]),
                theme=merge.cleaned_data["theme"],
                title=merge.cleaned_data["title"],
                person=_me(request),
                by=request.user,
            )
            messages.success(request, _("Souhaits regroupés."))
        elif action == "adjust":
            by_id = {theme.pk: theme for theme in usable}
            planned = Meeting.objects.filter(
                group=group,
                kind=Meeting.Kind.GROUP,
                status=Meeting.Status.PLANNED,
                starts_at__gt=timezone.now(),
            ).values_list("pk", flat=True)
            assignments: dict[int, Theme | None] = {}
            for meeting_id in planned:
                key = f"theme-{meeting_id}"
                if key not in request.POST:
                    continue
                value = request.POST[key]
                assignments[meeting_id] = by_id.get(parse_id(value) or 0)
            services.programme_assign(group=group, assignments=assignments, by=request.user)
            messages.success(request, _("Programme mis à jour."))
        else:
            messages.error(request, _("Action inconnue."))
    except ValidationError as error:
        message_errors(request, error)
    return redirect("themes:programme", group.pk)


def _context(
    group: Group,
    usable: list[Theme],
    person_id: int | None,
    member: bool,
    facilitator: bool,
) -> dict[str, Any]:
    meetings = selectors.group_meetings(group)
    wishes = selectors.group_wishes(group)
    mine = [wish for wish in wishes if wish.person_id == person_id]
    by_candidate: dict[int, list[Wish]] = defaultdict(list)
    loose = []
    for wish in wishes:
        if wish.candidate_id is not None:
            by_candidate[wish.candidate_id].append(wish)
        elif wish.theme_id is None:
            loose.append(wish)
    themes_by_id = {theme.pk: theme for theme in usable}
    wished = sorted(
        (
            (themes_by_id.get(theme_id) or wishes_of[0].candidate, wishes_of)
            for theme_id, wishes_of in by_candidate.items()
        ),
        key=lambda item: (-len(item[1]), item[0].title if item[0] else ""),
    )
    now = timezone.now()
    wish_form = WishForm(
        initial={
            "themes": [wish.theme_id for wish in mine if wish.theme_id],
            "free": "\n".join(wish.text for wish in mine if not wish.theme_id),
        },
        themes=services.usable_themes(group).filter(status=Theme.Status.ACTIVE),
        shown=[theme for theme in usable if theme.status == Theme.Status.ACTIVE],
    )
    return {
        "group": group,
        "edition": group.edition,
        "stage": selectors.stage_label(
            selectors.meeting_stage(timezone.localdate(), group.edition.opening_date)
        ),
        "meetings": meetings,
        "planned": [
            m for m in meetings if m.status == Meeting.Status.PLANNED and m.starts_at > now
        ],
        "ballots": selectors.group_ballots(group),
        "wished": wished,
        "loose": loose,
        "wish_count": len({wish.person_id for wish in wishes}),
        "usable": usable,
        "theme_options": options_html((theme.pk, theme.title) for theme in usable),
        "proposals": [theme for theme in usable if theme.proposed_in_id == group.pk],
        "member": member,
        "facilitator": facilitator,
        "wish_form": wish_form,
        "proposal_form": ProposalForm(),
    }
