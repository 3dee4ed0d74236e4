"""API of meetings: a group's meetings, one meeting, its attendance and minutes, my calendar.

Same rules as the pages: a meeting outside your groups and territories answers 404; the
minutes are the group's (staff 403); attendance is written by the group's facilitators.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from maillage.accounts.api import api_user
from maillage.core.agenda import theme_titles
from maillage.editions.permissions import get_group_for_user, roles_of
from maillage.meetings import ical
from maillage.meetings.emails import active_memberships
from maillage.meetings.models import Attendance, Meeting, Minutes, Rsvp
from maillage.meetings.permissions import Need, can, get_meeting_for_user, reads_content
from maillage.meetings.selectors import group_calendar
from maillage.meetings.services import attendance, minutes
from maillage.territories.models import Person

router = Router(tags=["meetings"])


class VenueOut(Schema):
    name: str
    address: str
    host_person_id: int | None
    host_company_id: int | None


class MeetingSummaryOut(Schema):
    id: int
    edition_id: int
    group_id: int | None
    kind: str
    number: int | None
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    sequence: int
    venue: VenueOut
    themes: list[str]


class AgendaItemOut(Schema):
    position: int
    format: str
    format_label: str
    minutes: int
    title: str | None  # None for staff: the agenda's wording is the group's
    details: str | None
    expert: str | None


class RsvpCountsOut(Schema):
    yes: int
    no: int


class MeetingOut(MeetingSummaryOut):
    agenda: list[AgendaItemOut]
    rsvp: RsvpCountsOut
    minutes_updated_at: datetime.datetime | None
    takeaways: str | None  # once the group shared them (always for the group itself)


class AttendanceEntryOut(Schema):
    person_id: int
    first_name: str
    last_name: str
    role: str
    status: str | None
    rsvp: str | None


class AttendanceOut(Schema):
    meeting_id: int
    recorded: int
    entries: list[AttendanceEntryOut]


class AttendanceEntryIn(Schema):
    person_id: int
    status: str


class AttendanceIn(Schema):
    entries: list[AttendanceEntryIn]


class RevisionOut(Schema):
    id: int
    author_id: int | None
    created_at: datetime.datetime


class MinutesOut(Schema):
    meeting_id: int
    text: str
    takeaways: str
    takeaways_shared: bool
    updated_at: datetime.datetime | None
    revisions: list[RevisionOut]


class MinutesIn(Schema):
    text: str
    takeaways: str = ""
    takeaways_shared: bool | None = None


def _title(meeting: Meeting) -> str:
    return ical.summary(meeting)


def _summary(meeting: Meeting, themes: dict[int, list[str]]) -> dict[str, object]:
    return {
        "id": meeting.pk,
        "edition_id": meeting.edition_id,
        "group_id": meeting.group_id,
        "kind": meeting.kind,
        "number": meeting.number,
        "title": _title(meeting),
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "sequence": meeting.sequence,
        "venue": {
            "name": meeting.venue_label,
            "address": meeting.venue_full_address,
            "host_person_id": meeting.host_id,
            "host_company_id": meeting.host_company_id,
        },
        "themes": themes.get(meeting.pk, []),
    }


@router.get("/groups/{int:group_id}/meetings", response=list[MeetingSummaryOut])
@paginate(PageNumberPagination)
def list_group_meetings(request: HttpRequest, group_id: int) -> list[dict[str, object]]:
    """The group's meetings and its edition's events, in date order."""
    group = get_group_for_user(api_user(request), group_id)
    meetings = list(group_calendar(group).select_related("group", "edition__territory"))
    themes = theme_titles(m.pk for m in meetings)
    return [_summary(meeting, themes) for meeting in meetings]


@router.get("/meetings/{int:meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    """A meeting: venue, status, themes, agenda (its wording for the group only), answers."""
    user = api_user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    content = reads_content(user, meeting)
    items = meeting.agenda_items.select_related("expert")
    answers = dict(
        Rsvp.objects.filter(meeting=meeting).values_list("answer").annotate(n=Count("pk"))
    )
    meeting_minutes = Minutes.objects.filter(meeting=meeting).first()
    takeaways = None
    if meeting_minutes is not None and (content or meeting_minutes.takeaways_shared):
        takeaways = meeting_minutes.takeaways
    return {
        **_summary(meeting, theme_titles([meeting.pk])),
        "agenda": [
            {
                "position": item.position,
                "format": item.format,
                "format_label": str(item.get_format_display()),
                "minutes": item.minutes,
                "title": item.title if content else None,
                "details": item.details if content else None,
                "expert": item.expert.name if content and item.expert else None,
            }
            for item in items
        ],
        "rsvp": {"yes": answers.get(Rsvp.Answer.YES, 0), "no": answers.get(Rsvp.Answer.NO, 0)},
        "minutes_updated_at": meeting_minutes.updated_at if meeting_minutes else None,
        "takeaways": takeaways,
    }


def _attendance(meeting: Meeting, *, with_answers: bool) -> dict[str, object]:
    """Each expected person's presence; their answer to the invitation only `with_answers`
    (the group's business: staff see who came, not who said they would not)."""
    memberships = (
        active_memberships(meeting)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name")
    )
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    answers = (
        dict(Rsvp.objects.filter(meeting=meeting).values_list("person_id", "answer"))
        if with_answers
        else {}
    )
    entries = [
        {
            "person_id": m.person_id,
            "first_name": m.person.first_name,
            "last_name": m.person.last_name,
            "role": m.role,
            "status": statuses.get(m.person_id),
            "rsvp": answers.get(m.person_id),
        }
        for m in memberships
    ]
    return {
        "meeting_id": meeting.pk,
        "recorded": sum(1 for e in entries if e["status"]),
        "entries": entries,
    }


@router.get("/meetings/{int:meeting_id}/attendance", response=AttendanceOut)
def get_attendance(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    """Who is expected and who came; who answered what, for the group only (staff get no
    `rsvp`)."""
    user = api_user(request)
    meeting = get_meeting_for_user(user, meeting_id)
    return _attendance(meeting, with_answers=reads_content(user, meeting))


@router.put("/meetings/{int:meeting_id}/attendance", response=AttendanceOut)
def put_attendance(
    request: HttpRequest, meeting_id: int, payload: AttendanceIn
) -> dict[str, object]:
    """Record presences (the group's facilitators; staff for an edition event)."""
    user = api_user(request)
    meeting = get_meeting_for_user(user, meeting_id, Need.FACILITATE)
    attendance.attendance_record_many(
        meeting=meeting, statuses={e.person_id: e.status for e in payload.entries}, by=user
    )
    return _attendance(meeting, with_answers=reads_content(user, meeting))


def _minutes(meeting: Meeting) -> dict[str, object]:
    current = Minutes.objects.filter(meeting=meeting).first()
    if current is None:
        return {
            "meeting_id": meeting.pk,
            "text": "",
            "takeaways": "",
            "takeaways_shared": False,
            "updated_at": None,
            "revisions": [],
        }
    return {
        "meeting_id": meeting.pk,
        "text": current.text,
        "takeaways": current.takeaways,
        "takeaways_shared": current.takeaways_shared,
        "updated_at": current.updated_at,
        "revisions": [
            {"id": r.pk, "author_id": r.author_id, "created_at": r.created_at}
            for r in current.revisions.all()
        ],
    }


@router.get("/meetings/{int:meeting_id}/minutes", response=MinutesOut)
def get_minutes(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    """The minutes: the group only (staff 403, others 404)."""
    meeting = get_meeting_for_user(api_user(request), meeting_id, Need.CONTENT)
    return _minutes(meeting)


@router.put("/meetings/{int:meeting_id}/minutes", response=MinutesOut)
def put_minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> dict[str, object]:
    """Write the minutes (facilitators, or the member they named); optionally share the
    takeaways."""
    user = api_user(request)
    meeting = get_meeting_for_user(user, meeting_id, Need.CONTENT)
    if not can(roles_of(user), meeting, Need.WRITE_MINUTES):
        raise PermissionDenied
    minutes.minutes_write(meeting=meeting, text=payload.text, takeaways=payload.takeaways, by=user)
    if payload.takeaways_shared is not None:
        minutes.takeaways_share(meeting=meeting, shared=payload.takeaways_shared, by=user)
    return _minutes(meeting)


@router.get(
    "/me/calendar.ics",
    openapi_extra={
        "responses": {
            200: {
                "description": "iCalendar",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def my_calendar_feed(request: HttpRequest) -> HttpResponse:
    """The caller's meetings as an iCalendar feed (RFC 5545)."""
    person = Person.objects.filter(user=api_user(request)).first()
    if person is None:
        raise Http404
    return HttpResponse(ical.person_calendar(person), content_type="text/calendar; charset=utf-8")
