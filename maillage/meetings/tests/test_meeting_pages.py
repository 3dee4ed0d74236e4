"""The meeting pages: detail and RSVP, attendance on a phone, the sheet, minutes, run view,
agenda, changes, the group calendar, scheduling and the experts directory."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.core.models import AuditEntry
from maillage.core.pdf import FONT, Document
from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.meetings.models import AgendaTemplate, Attendance, Expert, Meeting, Rsvp
from maillage.meetings.services import agenda, minutes
from maillage.meetings.tests.factories import AttendanceFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]

HTMX = {"HX-Request": "true"}


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", args=[meeting.pk])


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def page(client: Any, user: Any, address: str, **extra: Any) -> Any:
    client.force_login(user)
    return client.get(address, **extra)


@pytest.fixture
def with_minutes(held_meeting: Meeting, facilitator: Any) -> Meeting:
    minutes.minutes_write(
        meeting=held_meeting,
        text="Paul a parlé de ses difficultés de trésorerie.",
        takeaways="Relancer les impayés à J+15.",
        by=facilitator,
    )
    return held_meeting


# Meeting detail and RSVP ---------------------------------------------------------------------


def test_the_meeting_page_shows_the_venue_and_the_agenda_to_the_group(
    client: Any, leader: Any, planned_meeting: Meeting
) -> None:
    agenda.agenda_item_add(
        meeting=planned_meeting, format_code="challenge", title="Le défi de Marie", by=None
    )
    html = page(client, leader, url("meeting", planned_meeting)).content.decode()
    assert planned_meeting.host_company.name in html
    assert "Le défi de Marie" in html


def test_the_meeting_page_query_budget(
    client: Any, leader: Any, planned_meeting: Meeting, django_assert_num_queries: Any
) -> None:
    for title in ("Le défi de Marie", "Tour de table", "L'expert du mois"):
        agenda.agenda_item_add(
            meeting=planned_meeting, format_code="challenge", title=title, by=None
        )
    page(client, leader, url("meeting", planned_meeting))  # the roles are cached from here
    # session, user; the meeting (with group, edition, territory, host); the charter accepted
    # (asked once, kept for the request); my answer; the answers counted; the minutes; the
    # agenda (with experts), read once; its themes; the group's ideas to follow up; whether I
    # may still answer
    with django_assert_num_queries(11):
        client.get(url("meeting", planned_meeting))


def test_staff_see_the_agenda_outline_not_its_wording(
    client: Any, project_manager: Any, planned_meeting: Meeting
) -> None:
    agenda.agenda_item_add(
        meeting=planned_meeting, format_code="challenge", title="Le défi de Marie", by=None
    )
    html = page(client, project_manager, url("meeting", planned_meeting)).content.decode()
    assert "Défi d&#x27;un membre" in html
    assert "Le défi de Marie" not in html


def test_staff_see_that_minutes_exist_and_when_never_their_text(
    client: Any, project_manager: Any, with_minutes: Meeting
) -> None:
    html = page(client, project_manager, url("meeting", with_minutes)).content.decode()
    assert "Compte rendu rédigé" in html
    assert "trésorerie" not in html
    assert "Relancer les impayés" not in html


def test_staff_see_the_takeaways_once_the_group_shared_them(
    client: Any, project_manager: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    minutes.takeaways_share(meeting=with_minutes, shared=True, by=facilitator)
    html = page(client, project_manager, url("meeting", with_minutes)).content.decode()
    assert "Relancer les impayés à J+15." in html
    assert "trésorerie" not in html


def test_a_member_answers_in_one_tap(client: Any, leader: Any, planned_meeting: Meeting) -> None:
    client.force_login(leader)
    response = client.post(url("rsvp", planned_meeting), {"answer": "yes"})
    assert response.status_code == 302
    assert Rsvp.objects.get(meeting=planned_meeting, person=leader.person).answer == "yes"


def test_an_htmx_answer_returns_the_answer_fragment(
    client: Any, leader: Any, planned_meeting: Meeting
) -> None:
    client.force_login(leader)
    response = client.post(
        url("rsvp", planned_meeting), {"answer": "no", "reason": "Salon"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "je ne viens pas" in html
    assert "Salon" in html


def test_staff_cannot_answer_for_the_group(
    client: Any, project_manager: Any, planned_meeting: Meeting
) -> None:
    client.force_login(project_manager)
    assert client.post(url("rsvp", planned_meeting), {"answer": "yes"}).status_code == 403


# Attendance -----------------------------------------------------------------------------------


def test_the_attendance_page_lists_everyone_expected(
    client: Any, facilitator: Any, planned_meeting: Meeting, group: Group
) -> None:
    response = page(client, facilitator, url("attendance", planned_meeting))
    assert len(response.context["rows"]) == group.memberships.count()


@pytest.mark.parametrize("persona", ["leader", "project_manager", "network_admin"])
def test_only_facilitators_record_attendance(
    client: Any, request: Any, persona: str, planned_meeting: Meeting
) -> None:
    user = request.getfixturevalue(persona)
    assert page(client, user, url("attendance", planned_meeting)).status_code == 403


def test_before_its_day_the_attendance_page_says_when_presence_is_recorded(
    client: Any, facilitator: Any, planned_meeting: Meeting, todays_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    later = client.get(url("attendance", planned_meeting)).content.decode()
    assert "La présence se relève à partir du jour de la rencontre." in later
    assert "<fieldset disabled>" in later
    today = client.get(url("attendance", todays_meeting)).content.decode()
    assert "jour de la rencontre" not in today
    assert "<fieldset disabled>" not in today


def test_a_tap_records_a_presence_in_place_with_htmx(
    client: Any, facilitator: Any, todays_meeting: Meeting, group: Group
) -> None:
    person = group.memberships.filter(role=Membership.Role.LEADER).first().person
    client.force_login(facilitator)
    response = client.post(
        url("attendance", todays_meeting), {"person": person.pk, "status": "late"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<li id="person-{person.pk}"')
    assert 'value="late" aria-pressed="true"' in html
    assert Attendance.objects.get(meeting=todays_meeting, person=person).status == "late"


def test_a_tap_without_javascript_records_and_comes_back_to_the_row(
    client: Any, facilitator: Any, todays_meeting: Meeting, group: Group
) -> None:
    person = group.memberships.first().person
    client.force_login(facilitator)
    response = client.post(
        url("attendance", todays_meeting), {"person": person.pk, "status": "present"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{person.pk}")
    assert Attendance.objects.filter(meeting=todays_meeting, person=person).exists()


def test_someone_outside_the_group_cannot_be_recorded(
    client: Any, facilitator: Any, planned_meeting: Meeting, other_group: Group
) -> None:
    stranger = other_group.memberships.first().person
    client.force_login(facilitator)
    response = client.post(
        url("attendance", planned_meeting),
        {"person": stranger.pk, "status": "present"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert not Attendance.objects.filter(person=stranger).exists()


@pytest.mark.parametrize("persona", ["facilitator", "project_manager"])
def test_the_attendance_sheet_is_a_pdf_for_facilitators_and_staff(
    client: Any, request: Any, persona: str, held_meeting: Meeting, group: Group
) -> None:
    AttendanceFactory(meeting=held_meeting, person=group.memberships.first().person)
    response = page(client, request.getfixturevalue(persona), url("attendance_sheet", held_meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# Names as people write them, in every alphabet a group may have: each must come back exactly
# from the sheet that people sign and that funders file (the PDF's core fonts, Latin-1 only, made
# "Lukasz Wisniewski" of the first and "??????? ??????" of the second).
NAMES = [
    ("Łukasz", "Wiśniewski"),
    ("Дмитрий", "Иванов"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("Thị Ánh", "Nguyễn"),
    ("小明", "王"),
    ("민수", "김"),
]


def test_the_attendance_sheet_prints_every_name_exactly_whatever_its_alphabet(
    client: Any, facilitator: Any, held_meeting: Meeting, group: Group
) -> None:
    people = [m.person for m in group.memberships.order_by("pk")[: len(NAMES)]]
    for person, (first, last) in zip(people, NAMES, strict=True):
        person.first_name, person.last_name = first, last
        person.save()
    people[1].company.name = "ООО «Ромашка»"
    people[1].company.save()

    response = page(client, facilitator, url("attendance_sheet", held_meeting))

    text = pdf_text(response.content)
    for first, last in NAMES:
        assert f"{first} {last}" in text
    assert "ООО «Ромашка»" in text
    assert "?" not in text


def test_the_attendance_sheet_keeps_a_name_it_cannot_draw_in_part_and_drops_emoji(
    client: Any, facilitator: Any, held_meeting: Meeting, group: Group
) -> None:
    """Devanagari is in none of the shipped fonts: its letters print "?" (a blank would hide
    that a name is there); an emoji goes; an accent typed apart (NFD, as a Mac may send it)
    prints as the one letter; the rows after a CJK name keep their font."""
    people = [m.person for m in group.memberships.order_by("pk")[:3]]
    people[0].first_name, people[0].last_name = "王", "Li"
    people[1].first_name, people[1].last_name = "Amit अमित", "Sharma 🎉"
    people[2].first_name, people[2].last_name = "Zoe\u0301", "Martin"
    for person in people:
        person.save()

    response = page(client, facilitator, url("attendance_sheet", held_meeting))

    text = pdf_text(response.content)
    assert "王 Li" in text
    assert "Amit ??? Sharma" in text
    assert "🎉" not in text
    assert "Zoé Martin" in text
    assert "Feuille d'émargement" in text
    assert "Signature des animateurs" in text


def test_the_attendance_sheet_wraps_a_long_venue_inside_the_page(
    client: Any, facilitator: Any, held_meeting: Meeting
) -> None:
    held_meeting.venue_name = "Salle des conférences de la Maison des entreprises du Roannais"
    held_meeting.venue_address = "Zone d'activités des Plaines, 12 avenue Charles de Gaulle, 42300"
    held_meeting.save()

    response = page(client, facilitator, url("attendance_sheet", held_meeting))

    reader = PdfReader(io.BytesIO(response.content))
    measure = Document("")
    right_edges = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip() and size:
            measure.set_font(FONT, "B" if "Bold" in str(font) else "", size)
            left = (tm[4] * cm[0] + cm[4]) * 25.4 / 72  # points to mm
            right_edges.append(left + measure.get_string_width(text))

    reader.pages[0].extract_text(visitor_text=visit)
    assert right_edges
    assert max(right_edges) <= 210 - 10 + 0.5  # A4, less the right margin


def test_a_leader_cannot_print_the_attendance_sheet(
    client: Any, leader: Any, held_meeting: Meeting
) -> None:
    assert page(client, leader, url("attendance_sheet", held_meeting)).status_code == 403


# Minutes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "facilitator"])
def test_the_group_reads_the_minutes(
    client: Any, request: Any, persona: str, with_minutes: Meeting
) -> None:
    html = page(client, request.getfixturevalue(persona), url("minutes", with_minutes))
    assert "trésorerie" in html.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("project_manager", 403),
        ("network_admin", 403),
        ("other_group_leader", 404),
        ("other_project_manager", 404),
        ("alumnus", 404),
        ("outsider", 404),
    ],
)
def test_nobody_else_reads_the_minutes(
    client: Any, request: Any, persona: str, status: int, with_minutes: Meeting
) -> None:
    response = page(client, request.getfixturevalue(persona), url("minutes", with_minutes))
    assert response.status_code == status
    assert "trésorerie" not in response.content.decode()


def test_a_member_who_has_not_accepted_the_charter_is_sent_to_it(
    client: Any, group: Group, with_minutes: Meeting
) -> None:
    from conftest import member_user

    agenda.agenda_item_add(
        meeting=with_minutes, format_code="challenge", title="Le défi de Marie", by=None
    )
    newcomer = member_user(group, Membership.Role.LEADER, "newcomer@example.test")
    response = page(client, newcomer, url("minutes", with_minutes))
    assert response.status_code == 302
    assert "trésorerie" not in response.content.decode()
    detail = page(client, newcomer, url("meeting", with_minutes)).content.decode()
    assert "Le défi de Marie" not in detail


def test_each_save_of_the_minutes_is_a_revision_with_its_author(
    client: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    client.force_login(facilitator)
    client.post(
        url("minutes", with_minutes),
        {"action": "save", "text": "Version corrigée.", "takeaways": ""},
    )
    revisions = list(with_minutes.minutes.revisions.all())
    assert [r.text for r in revisions] == [
        "Version corrigée.",
        "Paul a parlé de ses difficultés de trésorerie.",
    ]
    assert {r.author_id for r in revisions} == {facilitator.pk}
    html = client.get(url("minutes", with_minutes), {"revision": revisions[1].pk}).content.decode()
    assert "trésorerie" in html


def test_a_leader_writes_the_minutes_only_when_named(
    client: Any, leader: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    client.force_login(leader)
    data = {"action": "save", "text": "Par le dirigeant.", "takeaways": ""}
    assert client.post(url("minutes", with_minutes), data).status_code == 403
    minutes.minutes_writer_name(meeting=with_minutes, person=leader.person, by=facilitator)
    assert client.post(url("minutes", with_minutes), data).status_code == 302
    with_minutes.minutes.refresh_from_db()
    assert with_minutes.minutes.text == "Par le dirigeant."


def test_naming_the_minutes_writer_shows_in_the_territory_trail(
    leader: Any, facilitator: Any, with_minutes: Meeting
) -> None:
    minutes.minutes_writer_name(meeting=with_minutes, person=leader.person, by=facilitator)
    entry = AuditEntry.objects.get(action="meetings.minutes.writer_named")
    assert entry.territory_id == with_minutes.edition.territory_id
    assert entry.data == {"named": True}


# Run view ------------------------------------------------------------------------------------


@pytest.fixture
def running(planned_meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=planned_meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=50)
    )
    planned_meeting.refresh_from_db()
    agenda.agenda_item_add(meeting=planned_meeting, format_code="news_round", by=None)
    agenda.agenda_item_add(meeting=planned_meeting, format_code="codevelopment", by=None)
    return planned_meeting


def test_the_run_view_shows_the_current_item_and_its_time_left(
    client: Any, leader: Any, running: Meeting
) -> None:
    response = page(client, leader, url("run", running))
    state = response.context["state"]
    assert state.current.format == "codevelopment"  # 45 min of news round are over
    assert 69 * 60 < state.seconds_left <= 70 * 60
    assert state.step_title == "Exposé de la situation"
    assert "Temps restant : 70 min" in response.content.decode()


def test_htmx_polls_only_the_state_fragment(client: Any, leader: Any, running: Meeting) -> None:
    html = page(client, leader, url("run", running), headers=HTMX).content.decode()
    assert html.strip().startswith('<section id="run-state"')
    assert "<html" not in html


def test_a_facilitator_moves_the_run_on_to_the_next_item(
    client: Any, facilitator: Any, running: Meeting
) -> None:
    client.force_login(facilitator)
    client.post(url("run", running))  # starts the first item now
    client.post(url("run", running))  # then the second
    state = client.get(url("run", running)).context["state"]
    assert state.manual
    assert state.current.format == "codevelopment"
    assert state.seconds_left > 74 * 60


def test_staff_do_not_see_the_run_view(client: Any, project_manager: Any, running: Meeting) -> None:
    assert page(client, project_manager, url("run", running)).status_code == 403


# Agenda --------------------------------------------------------------------------------------


def test_a_facilitator_adds_a_timed_format_to_the_agenda(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    client.post(url("agenda", planned_meeting), {"action": "add", "format": "codevelopment"})
    (item,) = planned_meeting.agenda_items.all()
    assert (item.title, item.minutes) == ("Co-développement", 75)


def test_each_agenda_button_names_its_item(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    """Ten "Retirer" in a row say nothing out of their line (a screen reader's list of
    buttons): each names the item it moves or removes."""
    agenda.agenda_item_add(
        meeting=planned_meeting, format_code="challenge", title="Le défi de Marie", by=None
    )
    html = page(client, facilitator, url("agenda", planned_meeting)).content.decode()
    hidden = '<span class="visually-hidden"> «\u00a0Le défi de Marie\u00a0»</span>'
    for action in ("Monter", "Descendre", "Retirer"):
        assert f"{action}{hidden}" in html


def test_an_agenda_saved_as_a_template_builds_the_next_one(
    client: Any, facilitator: Any, planned_meeting: Meeting, group: Group
) -> None:
    agenda.agenda_item_add(meeting=planned_meeting, format_code="news_round", by=None)
    agenda.agenda_item_add(meeting=planned_meeting, format_code="thematic", minutes=50, by=None)
    client.force_login(facilitator)
    client.post(url("agenda", planned_meeting), {"action": "save_template", "name": "Classique"})
    template = AgendaTemplate.objects.get(group=group, name="Classique")
    following = MeetingFactory(group=group, status=Meeting.Status.PLANNED)
    client.post(url("agenda", following), {"action": "apply", "template": template.pk})
    assert list(following.agenda_items.values_list("format", "minutes")) == [
        ("news_round", 45),
        ("thematic", 50),
    ]


def test_items_move_up_and_down(client: Any, facilitator: Any, planned_meeting: Meeting) -> None:
    first = agenda.agenda_item_add(meeting=planned_meeting, format_code="news_round", by=None)
    agenda.agenda_item_add(meeting=planned_meeting, format_code="thematic", by=None)
    client.force_login(facilitator)
    client.post(url("agenda", planned_meeting), {"action": "down", "item": first.pk})
    assert list(planned_meeting.agenda_items.values_list("format", flat=True)) == [
        "thematic",
        "news_round",
    ]


# Changes ---------------------------------------------------------------------------------------


def test_the_project_manager_moves_a_meeting_in_one_action(
    client: Any, project_manager: Any, planned_meeting: Meeting
) -> None:
    new_day = (planned_meeting.starts_at + datetime.timedelta(days=14)).date()
    client.force_login(project_manager)
    response = client.post(url("change", planned_meeting), {"action": "move", "day": new_day})
    assert response.status_code == 302
    planned_meeting.refresh_from_db()
    assert timezone.localtime(planned_meeting.starts_at).date() == new_day
    assert planned_meeting.sequence == 1


def test_a_leader_cannot_change_the_calendar(
    client: Any, leader: Any, planned_meeting: Meeting
) -> None:
    assert page(client, leader, url("change", planned_meeting)).status_code == 403


def test_a_facilitator_cancels_a_meeting(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    data = {"action": "cancel", "reason": "Neige", "confirm": "on"}
    client.post(url("change", planned_meeting), data)
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.CANCELLED


def test_cancelling_a_meeting_asks_for_a_confirmation(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    """The button alone cancels nothing (every member would be told): the page says why."""
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    response = client.post(url("change", planned_meeting), {"action": "cancel", "reason": ""})
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == Meeting.Status.PLANNED
    assert "Tick the box to confirm the cancellation." in response.content.decode()


# Group calendar and scheduling ---------------------------------------------------------------


def calendar_url(group: Group) -> str:
    return reverse("meetings:calendar", args=[group.pk])


def test_a_member_sees_their_commitment_in_the_series(
    client: Any, leader: Any, group: Group, held_meeting: Meeting, planned_meeting: Meeting
) -> None:
    AttendanceFactory(meeting=held_meeting, person=leader.person)
    MeetingFactory(
        group=None,
        edition=group.edition,
        kind=Meeting.Kind.PLENARY,
        number=None,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=40),
    )
    html = page(client, leader, calendar_url(group)).content.decode()
    assert "1 rencontre suivie sur 2" in html  # French: singular for one
    assert "1 événement de l'édition à venir" in html


def test_a_newcomers_series_starts_on_the_day_they_joined(
    client: Any, leader: Any, group: Group, held_meeting: Meeting, planned_meeting: Meeting
) -> None:
    """Who joins after a meeting is not counted absent from it: "0 of 1", not "0 of 2"."""
    membership = Membership.objects.get(person=leader.person, group=group)
    membership.joined_on = timezone.localdate(held_meeting.starts_at) + datetime.timedelta(days=1)
    membership.save()
    html = page(client, leader, calendar_url(group)).content.decode()
    assert "0 rencontre suivie sur 1" in html


def test_a_member_sees_their_commitment_before_any_presence_is_recorded(
    client: Any, leader: Any, group: Group, planned_meeting: Meeting
) -> None:
    MeetingFactory(
        group=None,
        edition=group.edition,
        kind=Meeting.Kind.CLOSING,
        number=None,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=400),
    )
    html = page(client, leader, calendar_url(group)).content.decode()
    assert re.search(r"<strong>0 rencontres? suivies? sur 1</strong>", html)
    assert "1 événement de l'édition à venir" in html


def test_the_group_calendar_offers_my_calendar_to_who_has_one(
    client: Any, leader: Any, project_manager: Any, group: Group
) -> None:
    my_calendar = reverse("meetings:my_calendar")
    assert my_calendar in page(client, leader, calendar_url(group)).content.decode()
    # A project manager is no person of the programme: their calendar would answer 404.
    assert page(client, project_manager, my_calendar).status_code == 404
    assert my_calendar not in page(client, project_manager, calendar_url(group)).content.decode()


def add_series(group: Group, count: int) -> None:
    for index in range(count):
        meeting = MeetingFactory(
            group=group, starts_at=timezone.now() - datetime.timedelta(days=index + 1)
        )
        for membership in group.memberships.all()[:6]:
            AttendanceFactory(meeting=meeting, person=membership.person)


def count_queries(client: Any, address: str) -> int:
    """The queries of a request after a first one (which reads the roles into the cache)."""
    assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_group_calendar_queries_do_not_grow_with_the_meetings(
    client: Any, facilitator: Any, group: Group
) -> None:
    client.force_login(facilitator)
    add_series(group, 4)
    few = count_queries(client, calendar_url(group))
    add_series(group, 8)
    assert count_queries(client, calendar_url(group)) == few


def test_the_schedule_page_previews_then_creates_the_calendar(
    client: Any, project_manager: Any, territory: Any
) -> None:
    # Ascension falls on the second Thursday of May 2029.
    edition = EditionFactory(territory=territory, number=9, opening_date=datetime.date(2029, 3, 1))
    group = GroupFactory(edition=edition)
    client.force_login(project_manager)
    address = reverse("meetings:schedule", args=[group.pk])
    data = {"rule": "2 THU 18:00-21:00", "count": 24}
    preview = client.post(address, {**data, "action": "preview"}).content.decode()
    assert "Ascension" in preview
    assert not group.meetings.exists()
    client.post(address, {**data, "action": "create"})
    assert group.meetings.count() == 24


def test_a_calendar_made_after_the_opening_starts_tomorrow(
    client: Any, project_manager: Any, territory: Any
) -> None:
    """The edition opened 90 days ago: no meeting is planned in the past (it would count as
    held, with no attendance)."""
    opening = timezone.localdate() - datetime.timedelta(days=90)
    edition = EditionFactory(territory=territory, number=9, opening_date=opening)
    group = GroupFactory(edition=edition)
    client.force_login(project_manager)
    address = reverse("meetings:schedule", args=[group.pk])
    client.post(address, {"rule": "2 THU 18:00-21:00", "count": 24, "action": "create"})
    starts = list(group.meetings.order_by("starts_at").values_list("starts_at", flat=True))
    assert len(starts) == 24
    assert starts[0] > timezone.now()
    assert starts[0] - timezone.now() < datetime.timedelta(days=45)


def test_a_leader_cannot_schedule(client: Any, leader: Any, group: Group) -> None:
    assert page(client, leader, reverse("meetings:schedule", args=[group.pk])).status_code == 403


# Experts ---------------------------------------------------------------------------------------


def test_the_project_manager_adds_an_expert_the_group_reads(
    client: Any, project_manager: Any, leader: Any, territory: Any
) -> None:
    address = reverse("meetings:experts", args=[territory.slug])
    client.force_login(project_manager)
    client.post(address, {"name": "Anne Conseil", "organisation": "Bpifrance", "topics": "Export"})
    assert Expert.objects.filter(territory=territory, name="Anne Conseil").exists()
    html = page(client, leader, address).content.decode()
    assert "Anne Conseil" in html
    assert client.post(address, {"name": "Intrus"}).status_code == 403


# Security headers -----------------------------------------------------------------------------


def test_meeting_pages_carry_no_inline_script_or_style(
    client: Any, facilitator: Any, running: Meeting
) -> None:
    client.force_login(facilitator)
    for name in ("meeting", "attendance", "minutes", "run", "agenda", "change"):
        html = client.get(url(name, running)).content.decode()
        assert "style=" not in html, name
        assert "<script>" not in html, name
        assert " on" + "click=" not in html, name


# Odd input ---------------------------------------------------------------------------------------

ODD_IDS = ["abc", "1.5", "²", "", "9" * 30]


@pytest.mark.parametrize("value", ODD_IDS)
def test_an_odd_agenda_item_or_template_id_answers_404(
    client: Any, facilitator: Any, planned_meeting: Meeting, value: str
) -> None:
    client.force_login(facilitator)
    for data in ({"action": "up", "item": value}, {"action": "apply", "template": value}):
        assert client.post(url("agenda", planned_meeting), data).status_code == 404


@pytest.mark.parametrize("value", [v for v in ODD_IDS if v])
def test_an_odd_minutes_writer_id_answers_404(
    client: Any, facilitator: Any, with_minutes: Meeting, value: str
) -> None:
    client.force_login(facilitator)
    response = client.post(url("minutes", with_minutes), {"action": "writer", "writer": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ODD_IDS)
def test_an_odd_revision_in_the_address_shows_the_current_minutes(
    client: Any, leader: Any, with_minutes: Meeting, value: str
) -> None:
    response = page(client, leader, url("minutes", with_minutes) + f"?revision={value}")
    assert response.status_code == 200
    assert response.context["shown_revision"] is None


@pytest.mark.parametrize("value", ["9" * 30, "0", "-3"])
def test_an_attendance_tap_for_an_impossible_person_id_is_refused(
    client: Any, facilitator: Any, planned_meeting: Meeting, value: str
) -> None:
    client.force_login(facilitator)
    response = client.post(
        url("attendance", planned_meeting), {"person": value, "status": "present"}, headers=HTMX
    )
    assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=planned_meeting).exists()


def test_a_move_into_the_hour_the_clocks_skip_is_refused_with_a_message(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    before = (planned_meeting.starts_at, planned_meeting.ends_at)
    client.force_login(facilitator)
    data = {"action": "move", "day": "2027-03-28", "start": "02:30", "end": "03:30"}

    response = client.post(url("change", planned_meeting), data)

    assert response.status_code == 200
    assert "on change d&#x27;heure cette nuit-là" in response.content.decode()
    planned_meeting.refresh_from_db()
    assert (planned_meeting.starts_at, planned_meeting.ends_at) == before


PAST = "Une rencontre ne peut pas être placée dans le passé."


def test_a_move_into_the_past_is_refused_on_the_day_field(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    before = (planned_meeting.starts_at, planned_meeting.sequence)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(facilitator)

    response = client.post(url("change", planned_meeting), {"action": "move", "day": yesterday})

    assert response.status_code == 200
    assert response.context["move_form"].errors == {"day": [PAST]}
    planned_meeting.refresh_from_db()
    assert (planned_meeting.starts_at, planned_meeting.sequence) == before


def test_a_shift_into_the_past_is_refused_on_the_weeks_field(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    before = (planned_meeting.starts_at, planned_meeting.sequence)
    client.force_login(facilitator)

    response = client.post(url("change", planned_meeting), {"action": "shift", "weeks": -2})

    assert response.status_code == 200
    (error,) = response.context["shift_form"].errors["weeks"]
    assert error.startswith("Une rencontre ne peut pas être placée dans le passé\u00a0: celle du ")
    planned_meeting.refresh_from_db()
    assert (planned_meeting.starts_at, planned_meeting.sequence) == before


def test_a_meeting_added_in_the_past_is_refused_on_the_day_field(
    client: Any, facilitator: Any, group: Group
) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(facilitator)
    data = {"kind": "group", "day": yesterday, "start": "18:00", "end": "21:00"}

    response = client.post(reverse("meetings:calendar", args=[group.pk]), data)

    assert response.status_code == 200
    assert response.context["add_form"].errors == {"day": [PAST]}
    assert PAST in response.content.decode()
    assert not Meeting.objects.filter(group=group).exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_meeting_day_out_of_any_programme_is_refused_by_the_forms(
    client: Any, facilitator: Any, planned_meeting: Meeting, group: Group, day: str
) -> None:
    """Year 1 overflows when converted to UTC; year 9999 once the following are shifted."""
    client.force_login(facilitator)
    times = {"day": day, "start": "00:00", "end": "01:00"}
    moved = client.post(url("change", planned_meeting), {"action": "move", **times})
    added = client.post(reverse("meetings:calendar", args=[group.pk]), {"kind": "group", **times})
    assert (moved.status_code, added.status_code) == (200, 200)
    assert moved.context["move_form"].errors
    assert added.context["add_form"].errors
    assert list(Meeting.objects.filter(group=group)) == [planned_meeting]


def test_the_schedule_page_says_a_late_calendar_starts_tomorrow(
    client: Any, project_manager: Any, territory: Any
) -> None:
    opening = timezone.localdate() - datetime.timedelta(days=90)
    group = GroupFactory(
        edition=EditionFactory(territory=territory, number=9, opening_date=opening)
    )
    project_manager.language = "en"
    project_manager.save(update_fields=["language"])
    client.force_login(project_manager)
    html = client.get(reverse("meetings:schedule", args=[group.pk])).content.decode()
    assert "The edition has opened: meetings are planned from" in html


# Times in the territory's zone ---------------------------------------------------------------


@pytest.fixture
def in_reunion(group: Group) -> Meeting:
    """The group's territory is La Réunion (UTC+4, three or two hours ahead of Paris): its next
    meeting, 18:00–21:00 there."""
    from zoneinfo import ZoneInfo

    territory = group.edition.territory
    territory.time_zone = "Indian/Reunion"
    territory.save(update_fields=["time_zone"])
    reunion = ZoneInfo("Indian/Reunion")
    day = timezone.localdate(timezone=reunion) + datetime.timedelta(days=10)
    return MeetingFactory(
        group=group,
        number=5,
        status=Meeting.Status.PLANNED,
        starts_at=datetime.datetime.combine(day, datetime.time(18), tzinfo=reunion),
    )


def test_a_meetings_page_gives_its_hours_in_its_territorys_zone(
    client: Any, facilitator: Any, in_reunion: Meeting
) -> None:
    assert (
        "de 18:00 à 21:00" in page(client, facilitator, url("meeting", in_reunion)).content.decode()
    )


def test_the_group_calendar_and_the_home_give_the_hours_in_the_territorys_zone(
    client: Any, leader: Any, group: Group, in_reunion: Meeting
) -> None:
    assert "18:00" in page(client, leader, calendar_url(group)).content.decode()
    assert "de 18:00 à 21:00" in page(client, leader, reverse("home")).content.decode()
