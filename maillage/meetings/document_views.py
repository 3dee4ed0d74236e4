"""A meeting's documents: the group shares files (slides, handouts) and downloads them; staff
of the territory get 403, everyone else 404. Files are only served here, as attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.core.uploads import Kind, file_response
from maillage.meetings import forms
from maillage.meetings.models import MeetingDocument
from maillage.meetings.permissions import Need, get_document_for_user, get_meeting_for_user
from maillage.meetings.services.documents import can_remove, document_add, document_remove


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def documents(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id, Need.CONTENT)
    form = forms.DocumentForm()
    if request.method == "POST":
        form = forms.DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document_add(
                    meeting=meeting,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Document partagé avec le groupe."))
                return redirect("meetings:documents", meeting.pk)
    rows = list(
        MeetingDocument.objects.filter(meeting=meeting)
        .select_related("uploaded_by", "meeting__group", "meeting__edition")
        .order_by("uploaded_at", "pk")
    )
    return render(
        request,
        "meetings/documents.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": [(document, can_remove(request.user, document)) for document in rows],
        },
    )


@login_required
@require_safe
def document_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    document = get_document_for_user(request.user, document_id)
    return file_response(document.file, Kind.DOCUMENT, title=document.title, attachment=True)


@login_required
@require_POST
def document_remove_view(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, document_id)
    meeting_id = document.meeting_id
    document_remove(document=document, by=request.user)
    messages.success(request, _("Document retiré."))
    return redirect("meetings:documents", meeting_id)
