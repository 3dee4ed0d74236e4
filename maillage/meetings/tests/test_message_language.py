"""The services' refusals, and the scheduling engine's (English, Django-free), reach the person in
their language: French by default, English when English is active."""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.engines.scheduling import Conflict, TerritoryCalendar, check_day
from maillage.meetings.models import Meeting
from maillage.meetings.services import agenda, attendance, schedule
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_by_default() -> Iterator[None]:
    """The site's language (a request with an English cookie leaves English active after it)."""
    with translation.override("fr"):
        yield


def refusal(call: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.messages


def a_leader_id(group: Group) -> int:
    return group.memberships.filter(role=Membership.Role.LEADER)[0].person_id


def test_a_refused_attendance_is_said_in_french_by_default(
    planned_meeting: Meeting, group: Group
) -> None:
    planned_meeting.status = Meeting.Status.CANCELLED
    planned_meeting.save()
    statuses = {a_leader_id(group): "present"}

    messages = refusal(
        attendance.attendance_record_many, meeting=planned_meeting, statuses=statuses, by=None
    )

    assert messages == ["Cette rencontre est annulée."]


def test_a_refused_attendance_is_said_in_english_to_an_english_user(
    planned_meeting: Meeting, group: Group
) -> None:
    planned_meeting.status = Meeting.Status.CANCELLED
    planned_meeting.save()
    statuses = {a_leader_id(group): "present"}

    with translation.override("en"):
        messages = refusal(
            attendance.attendance_record_many, meeting=planned_meeting, statuses=statuses, by=None
        )

    assert messages == ["This meeting is cancelled."]


def test_an_unknown_status_is_named_in_either_language(
    todays_meeting: Meeting, group: Group
) -> None:
    statuses = {a_leader_id(group): "asleep"}
    call = attendance.attendance_record_many

    french = refusal(call, meeting=todays_meeting, statuses=statuses, by=None)
    with translation.override("en"):
        english = refusal(call, meeting=todays_meeting, statuses=statuses, by=None)

    assert french == ["Statut de présence inconnu\u00a0: asleep."]
    assert english == ["Unknown attendance status: asleep."]


def test_an_unknown_session_format_is_said_in_either_language(
    planned_meeting: Meeting,
) -> None:
    call = agenda.agenda_item_add
    kwargs = {"meeting": planned_meeting, "format_code": "nope", "by": None}

    with translation.override("en"):
        english = refusal(call, **kwargs)

    assert refusal(call, **kwargs) == ["Format de séance inconnu\u00a0: nope."]
    assert english == ["Unknown session format: nope."]


def test_the_engines_refusal_of_a_rule_is_said_in_french_on_a_french_page() -> None:
    assert refusal(schedule.read_rule, rule="3 JEU 21:00-18:00") == [
        "La rencontre doit finir après son début, le même jour (21:00-18:00)."
    ]


def test_the_engines_refusal_of_a_rule_is_said_in_english_on_an_english_page() -> None:
    with translation.override("en"):
        messages = refusal(schedule.read_rule, rule="3 THU 18:00")

    assert messages == [
        "The end time is missing in rule “3 THU 18:00” "
        "(e.g. “3 THU 18:00-21:00” or “last TUE 12:00-14:00”)."
    ]


def test_the_engines_refusal_quotes_the_unknown_weekday_in_either_language() -> None:
    with translation.override("en"):
        english = refusal(schedule.read_rule, rule="3 XYZ 18:00-21:00")

    assert refusal(schedule.read_rule, rule="3 XYZ 18:00-21:00") == [
        "Jour inconnu «\u00a0XYZ\u00a0» dans la règle «\u00a03 XYZ 18:00-21:00\u00a0»\u00a0: "
        "écrivez LUN, MAR, MER, JEU, VEN, SAM ou DIM."
    ]
    assert english == [
        "Unknown weekday “XYZ” in rule “3 XYZ 18:00-21:00”: "
        "write MON, TUE, WED, THU, FRI, SAT or SUN."
    ]


def test_a_move_into_the_skipped_hour_is_refused_in_english_on_an_english_page(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    client.cookies["django_language"] = "en"
    data = {"action": "move", "day": "2027-03-28", "start": "02:30", "end": "03:30"}

    response = client.post(reverse("meetings:change", args=[planned_meeting.pk]), data)

    assert response.status_code == 200
    assert "the clocks change that night" in response.content.decode()


def test_a_move_into_the_past_is_refused_in_english_on_an_english_page(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    client.cookies["django_language"] = "en"
    data = {"action": "move", "day": "2020-01-09"}

    response = client.post(reverse("meetings:change", args=[planned_meeting.pk]), data)

    assert response.status_code == 200
    assert response.context["move_form"].errors == {
        "day": ["A meeting cannot be placed in the past."]
    }


def test_a_shift_into_the_past_names_the_meeting_in_english_on_an_english_page(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    client.cookies["django_language"] = "en"
    data = {"action": "shift", "weeks": -8}

    response = client.post(reverse("meetings:change", args=[planned_meeting.pk]), data)

    (error,) = response.context["shift_form"].errors["weeks"]
    assert error.startswith("A meeting cannot be placed in the past: the one on ")


def test_a_day_out_of_our_holiday_data_is_warned_in_either_language() -> None:
    calendar = TerritoryCalendar(school_zone="A", avoid_school_holidays=True)
    (warning,) = check_day(datetime.date(2028, 10, 19), calendar).warnings

    with translation.override("en"):
        english = schedule.warning_text(warning)

    french = schedule.warning_text(warning)
    assert french.startswith("Les vacances scolaires de la zone A ne sont connues que du ")
    assert french.endswith("au 31 août 2028\u00a0: le 19 octobre 2028 n'a pas été vérifié.")
    assert english.startswith("School holidays of zone A are known from ")
    assert english.endswith("to Aug. 31, 2028 only: Oct. 19, 2028 was not checked.")


# The holidays a schedule runs into ---------------------------------------------------------------


@pytest.fixture
def zone_a_group(territory: Territory) -> Group:
    """A group of a zone A territory whose edition opens in January 2027."""
    territory.school_zone = "A"
    territory.save()
    edition = EditionFactory(territory=territory, number=9, opening_date=datetime.date(2027, 1, 1))
    return GroupFactory(edition=edition)


def schedule_preview_text(client: Any, project_manager: Any, group: Group) -> str:
    client.force_login(project_manager)
    data = {
        "rule": "1 THU 18:00-21:00",
        "count": 12,
        "avoid_school_holidays": "on",
        "avoid_august": "on",
        "action": "preview",
    }
    response = client.post(reverse("meetings:schedule", args=[group.pk]), data)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())  # spaces, even non-breaking


def test_the_schedule_preview_names_the_holidays_in_french(
    client: Any, project_manager: Any, zone_a_group: Group
) -> None:
    text = schedule_preview_text(client, project_manager, zone_a_group)

    assert "déplacée du 6 mai : Ascension, pont de l'Ascension zone A" in text
    assert "vacances d'été zone A, août" in text
    assert "vacances de la Toussaint zone A" in text


def test_the_schedule_preview_names_the_holidays_in_english_on_an_english_page(
    client: Any, project_manager: Any, zone_a_group: Group
) -> None:
    client.cookies["django_language"] = "en"

    text = schedule_preview_text(client, project_manager, zone_a_group)

    assert "Ascension Day, Ascension long weekend, zone A" in text
    assert "summer holidays, zone A, August" in text
    assert "All Saints' holidays, zone A" in text
    assert [word for word in ("Ascension,", "pont de", "vacances", "août") if word in text] == []


def test_a_move_onto_a_holiday_warns_in_the_pages_language(
    client: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    client.force_login(facilitator)
    client.cookies["django_language"] = "en"
    data = {"action": "move", "day": "2030-12-25"}

    english = client.post(reverse("meetings:change", args=[planned_meeting.pk]), data, follow=True)
    client.cookies["django_language"] = "fr"
    french = client.post(reverse("meetings:change", args=[planned_meeting.pk]), data, follow=True)

    assert [str(m) for m in english.context["messages"]][1:] == [
        "Note, on 25/12/2030: Christmas Day."
    ]
    assert [str(m) for m in french.context["messages"]][1:] == [
        "Attention, le 25/12/2030\u00a0: Noël."
    ]


@pytest.mark.parametrize(
    ("conflict", "french", "english"),
    [
        (
            Conflict("school_holiday", "x", {"name": "Vacances d'Hiver", "zone": "B"}),
            "vacances d'hiver zone B",
            "winter holidays, zone B",
        ),
        (
            Conflict("school_holiday", "x", {"name": "Vacances de Noël", "zone": "C"}),
            "vacances de Noël zone C",
            "Christmas holidays, zone C",
        ),
        (
            Conflict("school_holiday", "x", {"name": "Vacances de Carnaval", "zone": "A"}),
            "Vacances de Carnaval zone A",
            "Vacances de Carnaval, zone A",
        ),
        (Conflict("august", "août"), "août", "August"),
        (
            Conflict("same_day", "réunion n° 812 le même jour", {"number": 812}),
            "une autre rencontre a lieu ce jour-là",
            "another meeting takes place that day",
        ),
    ],
)
def test_a_conflict_is_said_in_the_active_language(
    conflict: Conflict, french: str, english: str
) -> None:
    with translation.override("en"):
        in_english = schedule.conflict_text(conflict)

    assert (schedule.conflict_text(conflict), in_english) == (french, english)


def test_the_territory_calendar_names_public_holidays_in_the_active_language(
    territory: Territory,
) -> None:
    christmas = datetime.date(2030, 12, 25)
    with translation.override("en"):
        english = check_day(christmas, schedule.territory_calendar(territory)).conflicts

    french = check_day(christmas, schedule.territory_calendar(territory)).conflicts
    assert [schedule.conflict_text(c) for c in (*french, *english)] == ["Noël", "Christmas Day"]
