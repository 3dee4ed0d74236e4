"""Calendar feeds: RFC 5545 as two independent parsers read it, updates and cancellations, and
the private URL's secret."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.services import user_deactivate
from maillage.editions.models import Group, Membership
from maillage.meetings.ical import person_calendar
from maillage.meetings.models import Meeting
from maillage.meetings.services import attendance, feeds, schedule
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person
from maillage.territories.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(group: Group) -> Person:
    return group.memberships.filter(role=Membership.Role.LEADER).last().person


def events(data: bytes) -> dict[str, Any]:
    """The VEVENTs by UID, as `icalendar` reads them."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def vevents(data: bytes) -> list[Any]:
    """The VEVENTs as `vobject`, an independent parser, reads them."""
    calendar = vobject.readOne(data.decode())
    return list(calendar.vevent_list)


def only_event(data: bytes) -> Any:
    (event,) = events(data).values()
    return event


def test_the_feed_parses_with_icalendar_and_vobject(
    planned_meeting: Meeting, member: Person
) -> None:
    data = person_calendar(member)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    (event,) = vevents(data)
    assert event.uid.value == f"meeting-{planned_meeting.pk}@127.0.0.1"
    assert event.dtstart.value == planned_meeting.starts_at.replace(microsecond=0)
    assert event.dtend.value == planned_meeting.ends_at.replace(microsecond=0)
    assert event.summary.value == f"{planned_meeting.group.name} · Rencontre n° 5"
    assert int(event.sequence.value) == 0
    assert event.status.value == "CONFIRMED"


def test_the_feed_gives_times_in_the_territorys_zone_with_its_vtimezone(
    planned_meeting: Meeting, member: Person
) -> None:
    data = person_calendar(member)
    assert b"DTSTART;TZID=Europe/Paris:" in data
    (zone,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    (event,) = vevents(data)
    assert event.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Europe/Paris"]
    paris = planned_meeting.starts_at.astimezone(ZoneInfo("Europe/Paris"))
    assert event.dtstart.value.utcoffset() == paris.utcoffset()


def test_both_parsers_read_the_same_times_over_the_two_years_dst_included(
    group: Group, member: Person
) -> None:
    """Summer and winter meetings over three years: the VTIMEZONE gives each DST change on its
    own RDATE line (vobject, and the calendar servers built on it, read only the first date of
    a comma-separated RDATE: an hour off from the second summer on)."""
    paris = ZoneInfo("Europe/Paris")
    year = timezone.localdate().year
    for offset in range(3):
        for month in (1, 7):
            MeetingFactory(
                group=group,
                starts_at=datetime.datetime(year + offset, month, 15, 18, 30, tzinfo=paris),
                ends_at=datetime.datetime(year + offset, month, 15, 21, 30, tzinfo=paris),
            )

    data = person_calendar(member)

    read_by_icalendar = {uid: event["DTSTART"].dt for uid, event in events(data).items()}
    read_by_vobject = {event.uid.value: event.dtstart.value for event in vevents(data)}
    assert len(read_by_vobject) == 6
    assert read_by_vobject == read_by_icalendar
    assert sorted(str(start.astimezone(paris))[:16] for start in read_by_vobject.values()) == [
        f"{year + offset}-{month:02d}-15 18:30" for offset in range(3) for month in (1, 7)
    ]


def test_the_location_is_the_hosts_firm_and_address(
    planned_meeting: Meeting, member: Person
) -> None:
    company = planned_meeting.host_company
    company.address = "12 rue Charles de Gaulle"
    company.save()
    (event,) = vevents(person_calendar(member))
    assert event.location.value == (
        f"{company.name}, 12 rue Charles de Gaulle, "
        f"{company.commune.postal_code} {company.commune.name}"
    )


def test_names_and_places_with_odd_characters_survive_both_parsers(
    planned_meeting: Meeting, member: Person
) -> None:
    """Separators, quotes, emoji, a line break (an Excel cell imported as is) or a vertical tab
    (Word's line break, pasted): the feed is still built, and each parser reads the text back."""
    member.first_name, member.last_name = 'Zoé "Zo"', "d'Arc; Dupont,\nMartin"
    member.save()
    planned_meeting.venue_name = "Chez Zoé ; le bar, 🍷\x0bétage 2"
    planned_meeting.venue_address = "1 rue A\\B\r\n42300 Roanne"
    planned_meeting.save()

    data = person_calendar(member)

    assert not set(data.decode()) & {chr(c) for c in range(32) if chr(c) not in "\t\r\n"}
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == 'Maillage · Zoé "Zo" d\'Arc; Dupont, Martin'
    (event,) = vevents(data)
    assert event.location.value == "Chez Zoé ; le bar, 🍷 étage 2, 1 rue A\\B\n42300 Roanne"
    attendee = only_event(data)["ATTENDEE"]
    assert attendee.params["CN"] == 'Zoé "Zo" d\'Arc; Dupont, Martin'


def test_the_calendars_name_is_escaped_text_both_parsers_read_back(
    planned_meeting: Meeting, member: Person
) -> None:
    """X-WR-CALNAME is TEXT: its commas, semicolons and backslashes are escaped (unescaped,
    vobject read "Maillage · Dupont, Martin" as "Maillage · Dupont"); a line break becomes a
    space (a calendar's name is one line)."""
    member.first_name, member.last_name = "Zoé; A\\B,", "Dupont,\nMartin"
    member.save()

    data = person_calendar(member)

    written = "X-WR-CALNAME;VALUE=TEXT:Maillage · Zoé\\; A\\\\B\\, Dupont\\, Martin\r\n"
    assert written.encode() in data
    expected = "Maillage · Zoé; A\\B, Dupont, Martin"
    assert str(icalendar.Calendar.from_ical(data)["X-WR-CALNAME"]) == expected
    assert vobject.readOne(data.decode()).x_wr_calname.value == expected


@pytest.mark.parametrize("in_a_group", [True, False])
def test_a_feed_without_meetings_is_still_a_valid_calendar(
    group: Group, member: Person, in_a_group: bool
) -> None:
    """RFC 5545 wants at least one component: an empty feed (a new member, before the first
    meeting is planned) carries its territory's VTIMEZONE."""
    person = member if in_a_group else PersonFactory(first_name="Zoé", last_name="A, B; C")
    Meeting.objects.all().delete()

    data = person_calendar(person)

    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == group.edition.territory.time_zone == "Europe/Paris"
    read = vobject.readOne(data.decode())
    assert [c.name for c in read.getChildren() if isinstance(c, vobject.base.Component)] == [
        "VTIMEZONE"
    ]
    assert read.x_wr_calname.value == f"Maillage · {person.full_name}"


def test_a_feed_without_meetings_gives_the_zone_of_the_persons_territory(
    group: Group, member: Person
) -> None:
    territory = group.edition.territory
    territory.time_zone = "America/Martinique"
    territory.save(update_fields=["time_zone"])
    Meeting.objects.filter(group=group).delete()
    Meeting.objects.filter(edition=group.edition).delete()

    (zone,) = icalendar.Calendar.from_ical(person_calendar(member)).walk("VTIMEZONE")

    assert str(zone["TZID"]) == "America/Martinique"


def test_each_event_has_two_display_alarms_before_it(
    planned_meeting: Meeting, member: Person
) -> None:
    event = only_event(person_calendar(member))
    alarms = event.walk("VALARM")
    assert [str(a["ACTION"]) for a in alarms] == ["DISPLAY", "DISPLAY"]
    assert [a["TRIGGER"].dt for a in alarms] == [
        -datetime.timedelta(days=1),
        -datetime.timedelta(hours=2),
    ]


def test_the_attendee_carries_the_persons_answer(planned_meeting: Meeting, member: Person) -> None:
    attendee = only_event(person_calendar(member))["ATTENDEE"]
    assert (str(attendee), attendee.params["PARTSTAT"]) == (
        f"mailto:{member.email}",
        "NEEDS-ACTION",
    )
    attendance.rsvp_answer(meeting=planned_meeting, person=member, answer="no", by=None)
    (event,) = vevents(person_calendar(member))
    assert event.attendee.params["PARTSTAT"] == ["DECLINED"]
    assert event.organizer.value.startswith("mailto:")


def test_a_moved_meeting_keeps_its_uid_and_increments_its_sequence(
    planned_meeting: Meeting, member: Person
) -> None:
    before = only_event(person_calendar(member))
    new_day = (planned_meeting.starts_at + datetime.timedelta(days=7)).date()
    schedule.meeting_move(meeting=planned_meeting, day=new_day, by=None)
    after = only_event(person_calendar(member))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART").date() == new_day


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(
    planned_meeting: Meeting, member: Person
) -> None:
    schedule.meeting_cancel(meeting=planned_meeting, by=None)
    data = person_calendar(member)
    (event,) = vevents(data)
    assert event.status.value == "CANCELLED"
    assert int(event.sequence.value) == 1
    assert not only_event(data).walk("VALARM")


def test_the_feed_holds_the_persons_group_meetings_and_edition_events_only(
    planned_meeting: Meeting, member: Person, other_group: Group
) -> None:
    other = MeetingFactory(group=other_group, status=Meeting.Status.PLANNED)
    plenary = MeetingFactory(
        group=None, edition=planned_meeting.edition, kind=Meeting.Kind.PLENARY, number=None
    )
    uids = set(events(person_calendar(member)))
    assert f"meeting-{planned_meeting.pk}@127.0.0.1" in uids
    assert f"meeting-{plenary.pk}@127.0.0.1" in uids
    assert f"meeting-{other.pk}@127.0.0.1" not in uids


def test_in_noumea_the_feed_of_a_member_who_left_ends_on_their_last_day_there(
    group: Group, member: Person
) -> None:
    """Nouméa is 10 hours ahead of Paris: a meeting at 08:00 there on the day the member
    left falls on the evening before in Paris; it is after their departure all the same."""
    territory = group.edition.territory
    territory.time_zone = "Pacific/Noumea"
    territory.save(update_fields=["time_zone"])
    noumea = ZoneInfo("Pacific/Noumea")
    day = timezone.localdate(timezone=noumea) + datetime.timedelta(days=30)
    last = MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=datetime.datetime.combine(day, datetime.time(8), tzinfo=noumea)
        - datetime.timedelta(days=1),
    )
    after = MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=datetime.datetime.combine(day, datetime.time(8), tzinfo=noumea),
    )
    Membership.objects.filter(group=group, person=member).update(left_on=day)

    uids = set(events(person_calendar(member)))

    assert f"meeting-{last.pk}@127.0.0.1" in uids
    assert f"meeting-{after.pk}@127.0.0.1" not in uids


def test_the_private_url_serves_the_feed(
    client: Any, planned_meeting: Meeting, member: Person
) -> None:
    raw = feeds.calendar_feed_create(person=member, by=None)
    response = client.get(reverse("meetings:feed", args=[raw]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert vevents(response.content)[0].uid.value == f"meeting-{planned_meeting.pk}@127.0.0.1"


def test_only_the_secrets_hash_is_stored(member: Person) -> None:
    raw = feeds.calendar_feed_create(person=member, by=None)
    assert not member.calendar_feeds.filter(token_hash=raw).exists()


def test_a_wrong_token_answers_404(client: Any, member: Person) -> None:
    feeds.calendar_feed_create(person=member, by=None)
    assert client.get(reverse("meetings:feed", args=["not-the-token"])).status_code == 404


def test_a_revoked_token_answers_404(client: Any, member: Person) -> None:
    raw = feeds.calendar_feed_create(person=member, by=None)
    feeds.calendar_feed_revoke(person=member, by=None)
    assert client.get(reverse("meetings:feed", args=[raw])).status_code == 404


def test_a_new_token_revokes_the_previous_one(client: Any, member: Person) -> None:
    first = feeds.calendar_feed_create(person=member, by=None)
    second = feeds.calendar_feed_create(person=member, by=None)
    assert client.get(reverse("meetings:feed", args=[first])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[second])).status_code == 200


def test_the_api_serves_the_callers_feed(api: Any, leader: Any, planned_meeting: Meeting) -> None:
    response = api(leader).get("/me/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    attendee = only_event(response.content)["ATTENDEE"]
    assert str(attendee) == f"mailto:{leader.person.email}"


def test_the_schema_says_the_api_feed_is_icalendar_only(client: Any) -> None:
    """Not also JSON: a client generated from the schema would parse the feed as JSON."""
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/me/calendar.ics"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["text/calendar"]


def test_the_api_feed_needs_a_token(api: Any) -> None:
    assert api(None).get("/me/calendar.ics").status_code == 401


def test_my_calendar_page_shows_the_new_url_once(client: Any, leader: Any) -> None:
    client.force_login(leader)
    page = client.post(reverse("meetings:my_calendar"), {"action": "create"}).content.decode()
    assert "/calendrier/" in page
    again = client.get(reverse("meetings:my_calendar")).content.decode()
    assert "/calendrier/" not in again


def test_the_feed_of_a_deactivated_account_answers_404(
    client: Any, leader: Any, planned_meeting: Meeting
) -> None:
    person = Person.objects.get(user=leader)
    raw = feeds.calendar_feed_create(person=person, by=leader)
    assert client.get(reverse("meetings:feed", args=[raw])).status_code == 200
    user_deactivate(user=leader, by=None)
    assert client.get(reverse("meetings:feed", args=[raw])).status_code == 404
