"""The after-meeting pulse: attendees rate the theme session of a held meeting of their group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core import agenda
from maillage.editions.permissions import roles_of
from maillage.themes import selectors, services
from maillage.themes.forms import AfterMeetingPulseForm
from maillage.themes.models import MeetingRating
from maillage.themes.permissions import can_rate, get_rated_meeting_for_user, person_of
from maillage.themes.views import message_errors


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rating(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One short form: usefulness 1–5, one thing to apply, a comment. The group sees the mean
    and the comments, never who wrote them."""
    meeting = get_rated_meeting_for_user(request.user, meeting_id)
    roles = roles_of(request.user)
    allowed = can_rate(roles, meeting)
    mine = (
        MeetingRating.objects.filter(meeting=meeting, person_id=roles.person_id).first()
        if roles.person_id is not None
        else None
    )
    initial = (
        {"usefulness": mine.usefulness, "comment": mine.comment, "to_apply": mine.to_apply}
        if mine
        else None
    )
    form = AfterMeetingPulseForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.rating_record(
                    meeting=meeting,
                    person=person_of(roles),
                    by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                message_errors(request, error)
            else:
                messages.success(request, _("Merci ! Votre avis est enregistré."))
                return redirect("themes:rating", meeting.pk)
    return render(
        request,
        "themes/rating.html",
        {
            "meeting": meeting,
            "themes": agenda.theme_titles([meeting.pk])[meeting.pk],
            "form": form,
            "can_rate": allowed,
            "mine": mine,
            "ratings": selectors.meeting_ratings(meeting) if mine else None,
        },
    )
