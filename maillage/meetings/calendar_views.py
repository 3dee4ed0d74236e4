"""The calendar pages: a group's series (with attendance rates), scheduling it, the private
calendar feed, and the territory's experts directory."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from maillage.editions.models import Group, Membership
from maillage.editions.permissions import get_group_for_user, get_territory_for_user, roles_of
from maillage.engines.scheduling import local_datetime
from maillage.meetings import forms, ical, selectors
from maillage.meetings.models import CalendarFeed, Expert, Meeting
from maillage.meetings.services import agenda, feeds, schedule
from maillage.territories.models import Person


def _can_manage_group(request: HttpRequest, group: Group) -> bool:
    roles = roles_of(request.user)
    return (
        group.pk in roles.facilitated_group_ids
        or group.edition.territory_id in roles.staff.territory_ids
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_calendar(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group's two years: its meetings and its edition's events, and everyone's attendance."""
    group = get_group_for_user(request.user, group_id)
    roles = roles_of(request.user)
    can_manage = _can_manage_group(request, group)
    is_staff = group.edition.territory_id in roles.staff.territory_ids
    add_form = forms.AddMeetingForm(initial={"kind": Meeting.Kind.GROUP})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        add_form = forms.AddMeetingForm(request.POST)
        if add_form.is_valid():
            data = add_form.cleaned_data
            if data["kind"] != Meeting.Kind.GROUP and not is_staff:
                raise PermissionDenied
            zone = schedule.territory_calendar(group.edition.territory).zone
            try:
                meeting = schedule.meeting_add(
                    edition=group.edition,
                    group=group if data["kind"] == Meeting.Kind.GROUP else None,
                    kind=data["kind"],
                    starts_at=local_datetime(data["day"], data["start"], zone),
                    ends_at=local_datetime(data["day"], data["end"], zone),
                    venue_name=data["venue_name"],
                    venue_address=data["venue_address"],
                    by=request.user,
                )
            except ValidationError as error:
                if getattr(error, "code", None) == schedule.PAST:
                    add_form.add_error("day", error)  # said on the field that asked for it
                else:
                    for message in error.messages:
                        messages.error(request, message)
            else:
                messages.success(request, _("Rencontre ajoutée ; les membres sont prévenus."))
                return redirect("meetings:meeting", meeting.pk)
    calendar = list(selectors.group_calendar(group))
    rates, group_rate = selectors.attendance_rates(group)
    memberships = list(
        group.memberships.select_related("person").order_by(
            "role", "person__last_name", "person__first_name"
        )
    )
    joined: dict[int, datetime.date] = {}
    for m in memberships:
        joined[m.person_id] = min(m.joined_on, joined.get(m.person_id, m.joined_on))
    commitments = selectors.commitments(
        group, calendar, rates, people=[m.person_id for m in memberships], joined=joined
    )
    members = [
        {
            "membership": m,
            "rate": rates.get(m.person_id, selectors.Rate(0, 0)),
            "commitment": commitments.get(m.person_id),
        }
        for m in memberships
    ]
    mine = next(
        (
            row
            for row, m in zip(members, memberships, strict=True)
            if m.person_id == roles.person_id
        ),
        None,
    )
    return render(
        request,
        "meetings/group_calendar.html",
        {
            "group": group,
            "edition": group.edition,
            "calendar": calendar,
            "members": members,
            "mine": mine,
            "has_person": roles.person_id is not None,  # who has a calendar of their own
            "group_rate": group_rate,
            "meeting_count": sum(
                1 for m in calendar if m.group_id and m.status != Meeting.Status.CANCELLED
            ),
            "can_manage": can_manage,
            "is_staff": is_staff,
            "add_form": add_form,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_schedule(request: HttpRequest, group_id: int) -> HttpResponse:
    """Propose the group's meetings with the engine, review, create; then rotate the hosts."""
    group = get_group_for_user(request.user, group_id)
    if not _can_manage_group(request, group):
        raise PermissionDenied
    has_calendar = (
        Meeting.objects.filter(group=group).exclude(status=Meeting.Status.CANCELLED).exists()
    )
    form = forms.ScheduleForm(initial={"rule": schedule.default_rule(group), "count": 24})
    proposal = host_plan = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("preview", "create") and not has_calendar:
                form = forms.ScheduleForm(request.POST)
                if form.is_valid():
                    if action == "preview":
                        proposal = schedule.schedule_preview(group=group, **form.cleaned_data)
                    else:
                        meetings, _schedule = schedule.meetings_schedule(
                            group=group, by=request.user, **form.cleaned_data
                        )
                        messages.success(
                            request,
                            _("%(n)d rencontres planifiées.") % {"n": len(meetings)},
                        )
                        return redirect("meetings:schedule", group.pk)
            elif action == "hosts_preview":
                host_plan = schedule.hosts_propose(group=group, seed=group.pk)
            elif action == "hosts_apply":
                plan = schedule.hosts_apply(group=group, seed=group.pk, by=request.user)
                messages.success(
                    request,
                    _("Hôtes attribués ; les membres sont prévenus.")
                    if any(a.proposed for a in plan.assignments)
                    else _("Chaque rencontre a déjà son hôte."),
                )
                return redirect("meetings:calendar", group.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    people = {}
    if host_plan is not None:
        ids = [int(a.host) for a in host_plan.assignments if a.host is not None]
        people = Person.objects.select_related("company").in_bulk(ids)
    planned = (
        {m.pk: m for m in Meeting.objects.filter(group=group, status=Meeting.Status.PLANNED)}
        if host_plan is not None
        else {}
    )
    return render(
        request,
        "meetings/group_schedule.html",
        {
            "group": group,
            "edition": group.edition,
            "first_day": schedule.schedule_start(group),
            "has_calendar": has_calendar,
            "form": form,
            "proposal": proposal,
            "host_rows": [
                (planned.get(a.number), people.get(int(a.host)) if a.host is not None else None, a)
                for a in host_plan.assignments
            ]
            if host_plan is not None
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's private calendar feed: create (shown once), replace or revoke its URL."""
    person_id = roles_of(request.user).person_id
    if person_id is None:
        raise Http404
    person = Person.objects.get(pk=person_id)
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.calendar_feed_revoke(person=person, by=request.user)
            messages.success(request, _("L'adresse de votre agenda ne fonctionne plus."))
            return redirect("meetings:my_calendar")
        raw = feeds.calendar_feed_create(person=person, by=request.user)
        new_url = request.build_absolute_uri(reverse("meetings:feed", args=[raw]))
    live = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
    response = render(
        request,
        "meetings/my_calendar.html",
        {"person": person, "feed": live, "new_url": new_url},
    )
    return response


@never_cache
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed itself: no login (calendar clients cannot log in); the secret in the
    URL is the key. Unknown or revoked: 404."""
    person = feeds.person_for_feed(token)
    if person is None:
        raise Http404
    response = HttpResponse(
        ical.person_calendar(person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="maillage.ics"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def experts(request: HttpRequest, slug: str) -> HttpResponse:
    """The territory's directory of invited experts: its members and staff read it; staff and
    facilitators add to it."""
    territory = get_territory_for_user(request.user, slug)
    roles = roles_of(request.user)
    can_add = territory.pk in roles.staff.territory_ids or (
        bool(roles.facilitated_group_ids - roles.alumni_group_ids)
        and Membership.objects.filter(
            group_id__in=roles.facilitated_group_ids, group__edition__territory=territory
        ).exists()
    )
    form = forms.ExpertForm()
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = forms.ExpertForm(request.POST)
        if form.is_valid():
            agenda.expert_add(territory=territory, by=request.user, **form.cleaned_data)
            messages.success(request, _("Expert ajouté à l'annuaire."))
            return redirect("meetings:experts", territory.slug)
    return render(
        request,
        "meetings/experts.html",
        {
            "territory": territory,
            "experts": list(Expert.objects.filter(territory=territory)),
            "can_add": can_add,
            "form": form,
        },
    )
