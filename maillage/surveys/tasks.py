"""Background work of the surveys app: one email per invitation, in the person's language.

The task makes the invitation's token itself (only its hash is stored), so that no secret link
ever sits in the task queue.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from maillage.meetings import emails
from maillage.surveys.models import SurveyInvitation, SurveyState
from maillage.surveys.services import invitation_new_token


@task()
def survey_invitation_send_task(*, invitation_id: int, reminder: bool) -> bool:
    """Send (or remind) one invitation; False when there is nothing to send: answered,
    closed, or a person without an email address or who declined the programme's emails."""
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("survey__edition__territory", "person__user")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.answered_at is not None:
            return False
        survey = invitation.survey
        if survey.state == SurveyState.CLOSED or not emails.reachable(invitation.person):
            return False
        token = invitation_new_token(invitation=invitation, reminder=reminder)
    language = emails.language_of(invitation.person)
    zone = ZoneInfo(survey.edition.territory.time_zone)
    context = {
        "person": invitation.person,
        "survey": survey,
        "reminder": reminder,
        "url": emails.absolute(reverse("surveys:answer", args=[token])),
    }
    with translation.override(language), timezone.override(zone):
        text = render_to_string("surveys/email/invitation.txt", context)
    subject, _, body = text.strip().partition("\n")
    emails.send(
        to=invitation.person.email,
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        language=language,
    )
    return True
