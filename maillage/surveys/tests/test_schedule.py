"""The standard questionnaires go out on their own on their day (surveys.schedule)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from conftest import fill_group
from maillage.core.models import AuditEntry
from maillage.editions.models import Edition, Membership, add_months
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.surveys.models import Survey, SurveyInvitation
from maillage.surveys.questionnaires import OPEN_DAYS, Kind
from maillage.surveys.schedule import due_kinds, send_due_surveys
from maillage.surveys.services import survey_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def opening_today(territory: Territory) -> Edition:
    edition = EditionFactory(territory=territory, number=7, opening_date=TODAY)
    fill_group(GroupFactory(edition=edition), leaders=11, facilitators=3)
    return edition


def test_each_questionnaire_falls_due_on_its_month_for_three_weeks() -> None:
    edition = Edition(opening_date=datetime.date(2025, 1, 15))
    assert due_kinds(edition, datetime.date(2025, 1, 15)) == [Kind.BASELINE]
    assert due_kinds(edition, datetime.date(2025, 1, 14)) == []
    last_day = datetime.date(2025, 1, 15) + datetime.timedelta(days=OPEN_DAYS - 1)
    assert due_kinds(edition, last_day) == [Kind.BASELINE]
    assert due_kinds(edition, last_day + datetime.timedelta(days=1)) == []
    assert due_kinds(edition, datetime.date(2026, 1, 15)) == [Kind.MIDTERM]
    assert due_kinds(edition, datetime.date(2027, 1, 20)) == [Kind.FINAL]
    assert due_kinds(edition, datetime.date(2028, 1, 15)) == [Kind.ALUMNI]


def test_the_joining_questionnaire_goes_to_every_leader_on_the_opening_day(
    opening_today: Edition, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [sent] = send_due_surveys(NOW)
    survey = Survey.objects.get(edition=opening_today)
    assert (survey.kind, survey.group_id, sent.created, sent.invited) == (
        Kind.BASELINE,
        None,
        True,
        11,
    )
    assert survey.closes_at - survey.opens_at == datetime.timedelta(days=OPEN_DAYS)
    assert len(mail.outbox) == 11
    assert AuditEntry.objects.filter(action="surveys.survey.created", actor=None).count() == 1


def test_running_twice_creates_and_sends_nothing_twice(opening_today: Edition) -> None:
    send_due_surveys(NOW)
    assert send_due_surveys(NOW + datetime.timedelta(hours=1)) == []
    assert Survey.objects.filter(edition=opening_today).count() == 1
    assert SurveyInvitation.objects.count() == 11


def test_a_questionnaire_the_project_manager_sent_is_not_doubled(
    opening_today: Edition, project_manager: Any
) -> None:
    group = opening_today.groups.get()
    survey_create(
        edition=opening_today,
        group=group,
        kind=Kind.BASELINE,
        opens_at=NOW - datetime.timedelta(hours=1),
        closes_at=NOW + datetime.timedelta(days=10),
        by=project_manager,
    )
    send_due_surveys(NOW)
    assert Survey.objects.filter(edition=opening_today).count() == 1


def test_a_leader_who_joins_while_the_joining_questionnaire_is_open_is_invited(
    opening_today: Edition,
) -> None:
    send_due_surveys(NOW)
    entries = AuditEntry.objects.count()
    assert send_due_surveys(NOW + datetime.timedelta(days=1)) == []  # nobody new: nothing written
    assert AuditEntry.objects.count() == entries
    newcomer = MembershipFactory(
        group=opening_today.groups.get(), role=Membership.Role.LEADER, joined_on=TODAY
    )
    [sent] = send_due_surveys(NOW + datetime.timedelta(days=2))
    assert (sent.created, sent.invited) == (False, 1)
    assert SurveyInvitation.objects.filter(person_id=newcomer.person_id).exists()


def test_a_questionnaire_overdue_by_more_than_its_open_days_is_not_sent_late(
    territory: Territory,
) -> None:
    opened = TODAY - datetime.timedelta(days=OPEN_DAYS)
    edition = EditionFactory(territory=territory, number=8, opening_date=opened)
    fill_group(GroupFactory(edition=edition), leaders=10, facilitators=3)
    assert send_due_surveys(NOW) == []


def test_the_mid_term_questionnaire_goes_out_a_year_after_the_opening(
    territory: Territory,
) -> None:
    edition = EditionFactory(territory=territory, number=9, opening_date=add_months(TODAY, -12))
    fill_group(GroupFactory(edition=edition), leaders=10, facilitators=3)
    [sent] = send_due_surveys(NOW)
    assert (sent.survey.kind, sent.invited) == (Kind.MIDTERM, 10)


def test_the_command_says_what_it_sent(opening_today: Edition) -> None:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_due_surveys", stdout=out)
    assert out.getvalue().strip() == "1 questionnaire(s) created, 11 invitation(s) sent."
