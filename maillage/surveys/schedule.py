"""The standard questionnaires go out on their own, on their day.

Each edition's four questionnaires fall due at fixed months from its opening
(`questionnaires.MONTHS_FROM_OPENING`: on joining, at mid-term, at the end, one year after). On
the day one falls due, `send_due_surveys` creates it for the whole edition, open for
`OPEN_DAYS`, and invites its leaders, as a project manager would from the territory's page
(`services.survey_create`, `services.survey_invite`, audited as the system's). A questionnaire a
project manager already sent (to the edition or to some of its groups) is not doubled; one due
more than `OPEN_DAYS` ago is not sent late (the project manager may still send it). While the
joining questionnaire is open, leaders who join the edition are invited too.

`manage.py send_due_surveys`, daily (cron or a systemd timer, docs/deployment.md). Running it
twice, or on two machines at once, creates nothing twice: each edition is locked while its
questionnaires are checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from maillage.editions.models import Edition, add_months
from maillage.surveys import services
from maillage.surveys.models import Survey
from maillage.surveys.questionnaires import MONTHS_FROM_OPENING, OPEN_DAYS, SENT_KINDS, Kind
from maillage.surveys.selectors import expected_people


@dataclass(frozen=True)
class Sent:
    survey: Survey
    invited: int
    created: bool  # False: newcomers invited to an open joining questionnaire


def _due_day(edition: Edition, kind: str) -> datetime.date:
    return add_months(edition.opening_date, MONTHS_FROM_OPENING[Kind(kind)])


def due_kinds(edition: Edition, today: datetime.date) -> list[str]:
    """The questionnaires of `edition` due on `today`: due since fewer than OPEN_DAYS days."""
    window = datetime.timedelta(days=OPEN_DAYS)
    return [
        kind
        for kind in SENT_KINDS
        if _due_day(edition, kind) <= today < _due_day(edition, kind) + window
    ]


def send_due_surveys(now: datetime.datetime | None = None) -> list[Sent]:
    """Create and send the questionnaires due today; invite the newcomers of open joining
    questionnaires. What was sent, per survey."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    earliest = today - datetime.timedelta(days=OPEN_DAYS + 31 * max(MONTHS_FROM_OPENING.values()))
    sent: list[Sent] = []
    for edition_id in Edition.objects.filter(
        opening_date__gte=earliest, opening_date__lte=today
    ).values_list("pk", flat=True):
        sent += _send_for_edition(edition_id, now, today)
    return sent


def _send_for_edition(edition_id: int, now: datetime.datetime, today: datetime.date) -> list[Sent]:
    sent: list[Sent] = []
    with transaction.atomic():
        edition = Edition.objects.select_for_update().select_related("territory").get(pk=edition_id)
        surveys = list(Survey.objects.filter(edition=edition).order_by("opens_at", "pk"))
        already = {survey.kind for survey in surveys}  # to the edition or to some of its groups
        for kind in due_kinds(edition, today):
            if kind in already:
                continue
            survey = services.survey_create(
                edition=edition,
                kind=kind,
                opens_at=now,
                closes_at=now + datetime.timedelta(days=OPEN_DAYS),
                by=None,
            )
            invited = services.survey_invite(survey=survey, by=None, now=now)
            sent.append(Sent(survey, len(invited), created=True))
        for survey in surveys:
            if survey.kind == Kind.BASELINE and survey.opens_at <= now < survey.closes_at:
                newcomers = expected_people(survey, today).exclude(
                    person_id__in=survey.invitations.values("person_id")
                )
                if newcomers.exists():
                    invited = services.survey_invite(survey=survey, by=None, now=now)
                    sent.append(Sent(survey, len(invited), created=False))
    return sent
