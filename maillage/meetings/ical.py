"""A person's meetings as an iCalendar feed (RFC 5545), built with `icalendar`.

Every group meeting of the person's groups (up to the day they left) and every event of those
groups' editions. Each event has a stable UID (the meeting's id and the site's host), a SEQUENCE
the services increment on each change, STATUS:CANCELLED once cancelled, its times in the
territory's time zone with that zone's VTIMEZONE, the venue (the host's address), two alarms,
and the person as ATTENDEE with their answer (PARTSTAT). Descriptions carry the themes and a link,
never confidential content.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from maillage.core.agenda import theme_titles
from maillage.meetings import emails
from maillage.meetings.models import Meeting, Rsvp
from maillage.territories.models import Person

PRODID = "-//Maillage//Rencontres//FR"
PARTSTAT: dict[str, str] = {Rsvp.Answer.YES: "ACCEPTED", Rsvp.Answer.NO: "DECLINED"}
ALARMS = (datetime.timedelta(days=1), datetime.timedelta(hours=2))
REFRESH = datetime.timedelta(hours=6)
# The years every VTIMEZONE covers (more if the meetings go beyond): the same definition in
# every feed, since a client may keep the first one it meets for a TZID (vobject does, for the
# whole process) and read later feeds with it.
ZONE_SPAN = (datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))


def person_meetings(person: Person) -> list[Meeting]:
    """The meetings in a person's feed (two queries)."""
    memberships = list(
        person.memberships.values_list(
            "group_id", "group__edition_id", "left_on", "group__edition__territory__time_zone"
        )
    )
    if not memberships:
        return []
    condition = Q(group__isnull=True, edition_id__in={row[1] for row in memberships})
    for group_id, _edition, left_on, zone in memberships:
        in_group = Q(group_id=group_id)
        if left_on is not None:
            # Up to the day they left, in the territory (as who is expected at a meeting).
            until = datetime.datetime.combine(left_on, datetime.time(0), tzinfo=ZoneInfo(zone))
            in_group &= Q(starts_at__lt=until)
        condition |= in_group
    return list(
        Meeting.objects.filter(condition)
        .select_related("group", "edition__territory", "host_company__commune")
        .order_by("starts_at", "pk")
    )


# RFC 5545 allows no control character in a TEXT value or a parameter but the tab (line breaks
# are escaped); `icalendar` passes them through. Word's line break (a vertical tab) pasted in
# a venue, a NUL from an imported file: a space.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value (SUMMARY, LOCATION, DESCRIPTION): line breaks kept (escaped by icalendar)."""
    return _CONTROLS.sub(" ", value)


def one_line(value: str) -> str:
    """A name on one line: the calendar's (X-WR-CALNAME) and a CN parameter's."""
    return " ".join(text(value).split())


def uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "maillage"
    return f"meeting-{meeting.pk}@{host}"


def summary(meeting: Meeting) -> str:
    if meeting.group is not None:
        return f"{meeting.group.name} · {meeting}"
    return f"{str(meeting.get_kind_display()).capitalize()} · {meeting.edition.title}"


def person_calendar(
    person: Person,
    meetings: Sequence[Meeting] | None = None,
    *,
    now: datetime.datetime | None = None,
) -> bytes:
    """The person's feed, in their language."""
    now = now or timezone.now()
    meetings = person_meetings(person) if meetings is None else meetings
    answers = dict(
        Rsvp.objects.filter(person=person, meeting__in=[m.pk for m in meetings]).values_list(
            "meeting_id", "answer"
        )
    )
    themes = theme_titles(m.pk for m in meetings)
    with translation.override(emails.language_of(person)):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        # X-WR-CALNAME is TEXT (RFC 5545 3.8.8.2: an x-property's default type): its commas,
        # semicolons and backslashes are escaped. `icalendar` takes an x-property it does not
        # know as raw (neither escaped when written nor unescaped when read) unless VALUE=TEXT
        # says its type: "Dupont, Martin" reached vobject as "Dupont".
        calendar.add(
            "x-wr-calname",
            one_line(_("Maillage · %(name)s") % {"name": person.full_name}),
            parameters={"VALUE": "TEXT"},
        )
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
        for zone in _zones(person, meetings):
            calendar.add_component(zone)
        for meeting in meetings:
            calendar.add_component(_event(meeting, person, answers, themes, now))
        _one_rdate_a_line(calendar)
    return calendar.to_ical()


def _zones(person: Person, meetings: Sequence[Meeting]) -> list[Timezone]:
    """The VTIMEZONE of each zone the meetings are in; with no meeting, that of the person's
    territory (else the site's): RFC 5545 wants at least one component in a calendar, and a
    new member's feed, before any meeting, was an empty VCALENDAR."""
    if meetings:
        zones = {m.edition.territory.time_zone for m in meetings}
        first = min(m.starts_at for m in meetings).date() - datetime.timedelta(days=366)
        last = max(m.ends_at for m in meetings).date() + datetime.timedelta(days=366)
        first, last = min(first, ZONE_SPAN[0]), max(last, ZONE_SPAN[1])
    else:
        home = (
            person.memberships.order_by("-group__edition__opening_date")
            .values_list("group__edition__territory__time_zone", flat=True)
            .first()
        )
        zones, (first, last) = {home or settings.TIME_ZONE}, ZONE_SPAN
    return [Timezone.from_tzid(zone, first_date=first, last_date=last) for zone in sorted(zones)]


def _one_rdate_a_line(calendar: Calendar) -> None:
    """Each DST change of the VTIMEZONEs on its own RDATE line. `icalendar` lists them on one,
    comma-separated (valid), of which vobject (and the CalDAV servers built on it) reads only
    the first: from the second summer on, its meetings came an hour off."""
    for zone in calendar.walk("VTIMEZONE"):
        for observance in zone.subcomponents:
            found = observance.get("RDATE")
            if found is None:
                continue
            lists = found if isinstance(found, list) else [found]
            dates = [date.dt for rdates in lists for date in rdates.dts]
            del observance["RDATE"]
            for date in dates:
                observance.add("rdate", date)


def _event(
    meeting: Meeting,
    person: Person,
    answers: dict[int, str],
    themes: dict[int, list[str]],
    now: datetime.datetime,
) -> Event:
    zone = ZoneInfo(meeting.edition.territory.time_zone)
    event = Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", now)
    event.add("last-modified", meeting.changed_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", text(summary(meeting)))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.status == Meeting.Status.CANCELLED else "OPAQUE")
    location = ", ".join(p for p in (meeting.venue_label, meeting.venue_full_address) if p)
    if location:
        event.add("location", text(location))
    url = emails.meeting_url(meeting)
    event.add("url", url)
    lines = []
    titles = themes.get(meeting.pk, [])
    if titles:
        lines.append(_("Thèmes : %(themes)s") % {"themes": ", ".join(titles)})
    lines.append(url)
    event.add("description", text("\n".join(lines)))
    organiser_name, organiser_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organiser_email}")
    organizer.params["cn"] = vText(one_line(meeting.edition.territory.organiser or organiser_name))
    event.add("organizer", organizer)
    if person.email:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(one_line(person.full_name))
        attendee.params["cutype"] = vText("INDIVIDUAL")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText(
            PARTSTAT.get(answers.get(meeting.pk, ""), "NEEDS-ACTION")
        )
        event.add("attendee", attendee)
    if meeting.status != Meeting.Status.CANCELLED:
        for before in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", text(summary(meeting)))
            alarm.add("trigger", -before)
            event.add_component(alarm)
    return event
