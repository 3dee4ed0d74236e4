"""The pages of one meeting: detail and RSVP, attendance, attendance sheet, minutes, run view,
agenda, and the calendar changes. Each view fetches and authorises in one call, then calls
services; htmx requests get the fragment they swap, other requests a redirect (works without
JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.core import agenda as agenda_registry
from maillage.core.api_input import parse_id
from maillage.editions.models import Membership
from maillage.editions.permissions import roles_of
from maillage.meetings import formats, forms, pdf, selectors
from maillage.meetings.emails import active_memberships
from maillage.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    Attendance,
    Meeting,
    Minutes,
    Rsvp,
)
from maillage.meetings.permissions import Need, can, get_meeting_for_user, reads_content
from maillage.meetings.services import agenda, attendance, minutes, schedule
from maillage.territories.models import Person


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _message_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _expected(meeting: Meeting) -> list[Membership]:
    return list(
        active_memberships(meeting)
        .select_related("person__company")
        .order_by("-role", "person__last_name", "person__first_name")  # leaders first
    )


def _can_rsvp(meeting: Meeting, person_id: int | None) -> bool:
    return (
        person_id is not None
        and meeting.status == Meeting.Status.PLANNED
        and meeting.ends_at > timezone.now()
        and active_memberships(meeting).filter(person_id=person_id).exists()
    )


@login_required
@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    roles = roles_of(request.user)
    content = reads_content(request.user, meeting)
    my_rsvp = None
    if roles.person_id is not None:
        my_rsvp = Rsvp.objects.filter(meeting=meeting, person_id=roles.person_id).first()
    answers = dict(
        Rsvp.objects.filter(meeting=meeting).values_list("answer").annotate(n=Count("pk"))
    )
    meeting_minutes = (
        Minutes.objects.filter(meeting=meeting)
        .only("updated_at", "takeaways", "takeaways_shared", "takeaways_shared_at", "meeting_id")
        .first()
    )
    items = list(meeting.agenda_items.select_related("expert"))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "total_minutes": sum(item.minutes for item in items),
            "themes": agenda_registry.theme_titles([meeting.pk])[meeting.pk],
            "sections": agenda_registry.sections_for(request, meeting),
            "content": content,
            "can_manage": can(roles, meeting, Need.MANAGE),
            "can_facilitate": can(roles, meeting, Need.FACILITATE),
            "can_rsvp": _can_rsvp(meeting, roles.person_id),
            "rsvp": my_rsvp,
            "rsvp_form": forms.RsvpForm(),
            "answers_yes": answers.get(Rsvp.Answer.YES, 0),
            "answers_no": answers.get(Rsvp.Answer.NO, 0),
            "minutes": meeting_minutes,
        },
    )


@login_required
@require_POST
def rsvp(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    person_id = roles_of(request.user).person_id
    if person_id is None or not _can_rsvp(meeting, person_id):
        raise PermissionDenied
    form = forms.RsvpForm(request.POST)
    answer = None
    if form.is_valid():
        answer = attendance.rsvp_answer(
            meeting=meeting,
            person=Person.objects.get(pk=person_id),
            answer=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    if is_htmx(request):
        return render(
            request,
            "meetings/_rsvp.html",
            {"meeting": meeting, "rsvp": answer, "rsvp_form": form, "can_rsvp": True},
        )
    if answer is not None:
        messages.success(request, _("Votre réponse est enregistrée."))
    return redirect("meetings:meeting", meeting.pk)


def _attendance_rows(meeting: Meeting) -> list[dict[str, object]]:
    memberships = _expected(meeting)
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    answers = {
        r.person_id: r
        for r in Rsvp.objects.filter(meeting=meeting).only("person_id", "answer", "reason")
    }
    return [
        {
            "membership": m,
            "person": m.person,
            "status": statuses.get(m.person_id, ""),
            "rsvp": answers.get(m.person_id),
        }
        for m in memberships
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Facilitators tap present / late / excused / absent for each person, on a phone."""
    meeting = get_meeting_for_user(request.user, meeting_id, Need.FACILITATE)
    if request.method == "POST":
        form = forms.AttendanceRowForm(request.POST)
        if form.is_valid():
            person_id = form.cleaned_data["person"]
            try:
                attendance.attendance_record_many(
                    meeting=meeting,
                    statuses={person_id: form.cleaned_data["status"]},
                    by=request.user,
                )
            except ValidationError as error:
                if is_htmx(request):
                    return HttpResponse(" ".join(error.messages), status=400)
                _message_errors(request, error)
            if is_htmx(request):
                row = next(r for r in _attendance_rows(meeting) if r["person"].pk == person_id)  # type: ignore[attr-defined]
                return render(
                    request,
                    "meetings/attendance.html#row",
                    {
                        "meeting": meeting,
                        "row": row,
                        "statuses": Attendance.Status.choices,
                        "open": attendance.attendance_open(meeting),
                    },
                )
            return redirect(
                reverse("meetings:attendance", args=[meeting.pk]) + f"#person-{person_id}"
            )
        if is_htmx(request):
            return HttpResponse(_("Choix invalide."), status=400)
        messages.error(request, _("Choix invalide."))
        return redirect("meetings:attendance", meeting.pk)
    rows = _attendance_rows(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "recorded": sum(1 for r in rows if r["status"]),
            "statuses": Attendance.Status.choices,
            "open": attendance.attendance_open(meeting),
        },
    )


@login_required
@require_safe
def attendance_sheet(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The attendance sheet to sign (feuille d'émargement), as a PDF: facilitators and staff."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    roles = roles_of(request.user)
    if not (can(roles, meeting, Need.FACILITATE) or can(roles, meeting, Need.MANAGE)):
        raise PermissionDenied
    rows = _attendance_rows(meeting)
    document = pdf.attendance_sheet(meeting, rows)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emargement-{meeting.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes: the group only (staff 403, others 404), with their revisions."""
    meeting = get_meeting_for_user(request.user, meeting_id, Need.CONTENT)
    roles = roles_of(request.user)
    current = Minutes.objects.filter(meeting=meeting).first()
    can_write = can(roles, meeting, Need.WRITE_MINUTES)
    form = forms.MinutesForm(
        initial={"text": current.text, "takeaways": current.takeaways} if current else None
    )
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                form = forms.MinutesForm(request.POST)
                if form.is_valid():
                    minutes.minutes_write(meeting=meeting, by=request.user, **form.cleaned_data)
                    messages.success(request, _("Compte rendu enregistré."))
                    return redirect("meetings:minutes", meeting.pk)
            elif action in ("share", "withdraw"):
                minutes.takeaways_share(meeting=meeting, shared=action == "share", by=request.user)
                return redirect("meetings:minutes", meeting.pk)
            elif action == "writer":
                if not can(roles, meeting, Need.FACILITATE):
                    raise PermissionDenied
                posted = request.POST.get("writer", "")
                writer = None
                if posted:
                    writer = get_object_or_404(
                        Person, pk=parse_id(posted), memberships__group_id=meeting.group_id
                    )
                minutes.minutes_writer_name(meeting=meeting, person=writer, by=request.user)
                return redirect("meetings:minutes", meeting.pk)
            elif action == "catch_up":
                if not can(roles, meeting, Need.FACILITATE):
                    raise PermissionDenied
                sent = attendance.catch_up_queue(meeting=meeting, by=request.user)
                messages.success(
                    request, _("Rattrapage envoyé à %(n)d absent(s).") % {"n": len(sent)}
                )
                return redirect("meetings:minutes", meeting.pk)
        except ValidationError as error:
            _message_errors(request, error)
    revisions = list(current.revisions.select_related("author")) if current else []
    shown = None
    revision_id = parse_id(request.GET.get("revision"))
    if revision_id is not None:
        shown = next((r for r in revisions if r.pk == revision_id), None)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": current,
            "revisions": revisions,
            "shown_revision": shown,
            "form": form,
            "can_write": can_write,
            "can_facilitate": can(roles, meeting, Need.FACILITATE),
            "members": [m for m in _expected(meeting) if m.role == Membership.Role.LEADER],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The current agenda item and its time left, computed on the server (htmx polls it)."""
    meeting = get_meeting_for_user(request.user, meeting_id, Need.CONTENT)
    roles = roles_of(request.user)
    can_facilitate = can(roles, meeting, Need.FACILITATE)
    if request.method == "POST":
        if not can_facilitate:
            raise PermissionDenied
        agenda.run_advance(meeting=meeting, by=request.user)
        if not is_htmx(request):
            return redirect("meetings:run", meeting.pk)
    items = list(meeting.agenda_items.all())
    context = {
        "meeting": meeting,
        "state": selectors.run_state(meeting, items),
        "can_facilitate": can_facilitate,
    }
    if is_htmx(request):
        return render(request, "meetings/run.html#state", context)
    return render(request, "meetings/run.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Facilitators build the agenda from the session formats and the group's templates."""
    meeting = get_meeting_for_user(request.user, meeting_id, Need.FACILITATE)
    territory_id = meeting.edition.territory_id
    add_form = forms.AgendaItemForm(territory_id=territory_id)
    template_form = forms.TemplateForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                add_form = forms.AgendaItemForm(request.POST, territory_id=territory_id)
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    agenda.agenda_item_add(
                        meeting=meeting,
                        format_code=data["format"],
                        title=data["title"],
                        minutes=data["minutes"],
                        details=data["details"],
                        expert=data["expert"],
                        by=request.user,
                    )
                    return redirect("meetings:agenda", meeting.pk)
            elif action in ("up", "down", "remove"):
                item = get_object_or_404(
                    AgendaItem, pk=parse_id(request.POST.get("item")), meeting=meeting
                )
                if action == "remove":
                    agenda.agenda_item_remove(item=item, by=request.user)
                else:
                    agenda.agenda_item_move(
                        item=item, offset=-1 if action == "up" else 1, by=request.user
                    )
                return redirect("meetings:agenda", meeting.pk)
            elif action == "apply":
                template = get_object_or_404(
                    AgendaTemplate,
                    pk=parse_id(request.POST.get("template")),
                    group_id=meeting.group_id,
                )
                agenda.agenda_template_apply(meeting=meeting, template=template, by=request.user)
                return redirect("meetings:agenda", meeting.pk)
            elif action == "save_template":
                template_form = forms.TemplateForm(request.POST)
                if template_form.is_valid():
                    agenda.agenda_template_save(
                        meeting=meeting, name=template_form.cleaned_data["name"], by=request.user
                    )
                    messages.success(request, _("Modèle enregistré."))
                    return redirect("meetings:agenda", meeting.pk)
        except ValidationError as error:
            _message_errors(request, error)
    items = list(meeting.agenda_items.select_related("expert"))
    return render(
        request,
        "meetings/agenda.html",
        {
            "meeting": meeting,
            "items": items,
            "total_minutes": sum(i.minutes for i in items),
            "formats": formats.FORMATS,
            "add_form": add_form,
            "template_form": template_form,
            "templates": list(AgendaTemplate.objects.filter(group_id=meeting.group_id))
            if meeting.group_id
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_change(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Move, shift (this one and the following), cancel, or set the venue: one action each."""
    meeting = get_meeting_for_user(request.user, meeting_id, Need.MANAGE)
    hosts = [
        (m.person_id, f"{m.person.full_name} ({m.person.company.name})")
        for m in _expected(meeting)
        if m.role == Membership.Role.LEADER and m.person.company is not None
    ]
    venue_initial = {
        "host": meeting.host_id or "",
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
    }
    local = timezone.localtime(
        meeting.starts_at, schedule.territory_calendar(meeting.edition.territory).zone
    )
    move_form = forms.MoveForm(initial={"day": local.date()})
    shift_form, cancel_form = forms.ShiftForm(), forms.CancelForm()
    venue_form = forms.VenueForm(initial=venue_initial, hosts=hosts)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            result = None
            if action == "move":
                move_form = forms.MoveForm(request.POST)
                if move_form.is_valid():
                    data = move_form.cleaned_data
                    result = schedule.meeting_move(
                        meeting=meeting,
                        day=data["day"],
                        start=data["start"],
                        end=data["end"],
                        by=request.user,
                    )
            elif action == "shift":
                shift_form = forms.ShiftForm(request.POST)
                if shift_form.is_valid():
                    result = schedule.meetings_shift(
                        meeting=meeting, weeks=shift_form.cleaned_data["weeks"], by=request.user
                    )
            elif action == "cancel":
                cancel_form = forms.CancelForm(request.POST)
                if cancel_form.is_valid():
                    schedule.meeting_cancel(
                        meeting=meeting, reason=cancel_form.cleaned_data["reason"], by=request.user
                    )
                    messages.success(request, _("Rencontre annulée ; les membres sont prévenus."))
                    return redirect("meetings:meeting", meeting.pk)
            elif action == "venue":
                venue_form = forms.VenueForm(request.POST, hosts=hosts)
                if venue_form.is_valid():
                    data = venue_form.cleaned_data
                    host = Person.objects.get(pk=data["host"]) if data["host"] else None
                    schedule.meeting_set_venue(
                        meeting=meeting,
                        host=host,
                        venue_name=data["venue_name"],
                        venue_address=data["venue_address"],
                        by=request.user,
                    )
                    messages.success(request, _("Lieu enregistré ; les membres sont prévenus."))
                    return redirect("meetings:meeting", meeting.pk)
            if result is not None:
                messages.success(
                    request, _("Nouvelle date enregistrée ; les membres sont prévenus.")
                )
                for conflict in result.conflicts:
                    messages.warning(
                        request,
                        _("Attention, le %(day)s : %(reason)s.")
                        % {
                            "day": conflict.day.strftime("%d/%m/%Y"),
                            "reason": schedule.conflict_text(conflict.conflict),
                        },
                    )
                for warning in result.warnings:
                    messages.warning(request, schedule.warning_text(warning))
                return redirect("meetings:meeting", meeting.pk)
        except ValidationError as error:
            if getattr(error, "code", None) == schedule.PAST and action in ("move", "shift"):
                # Said on the field that asked for it: the day, or the weeks of the shift.
                if action == "move":
                    move_form.add_error("day", error)
                else:
                    shift_form.add_error("weeks", error)
            else:
                _message_errors(request, error)
    return render(
        request,
        "meetings/meeting_change.html",
        {
            "meeting": meeting,
            "move_form": move_form,
            "shift_form": shift_form,
            "cancel_form": cancel_form,
            "venue_form": venue_form,
            "following": Meeting.objects.filter(
                group=meeting.group,
                edition_id=meeting.edition_id,
                starts_at__gte=meeting.starts_at,
                status=Meeting.Status.PLANNED,
            ).count(),
        },
    )
