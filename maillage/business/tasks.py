"""Background work of the business app: the emails about referrals.

Each email goes to one party, in their language, and carries a link only: never the client's
name, what the lead is about, nor an amount (an email travels further than the page).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from maillage.business.models import Referral
from maillage.meetings.emails import absolute, language_of, reachable
from maillage.territories.models import Person

logger = logging.getLogger(__name__)

# event → (who is told, template)
EVENTS = {
    "given": ("referee", "referral_given"),
    "updated": ("referrer", "referral_updated"),
    "thanked": ("referrer", "referral_thanked"),
}


def render(template: str, context: dict[str, object], *, language: str) -> tuple[str, str]:
    """(subject, body) of `business/email/<template>.txt`: first line subject, then the body."""
    with translation.override(language):
        text = render_to_string(f"business/email/{template}.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


@task()
def referral_notify_task(*, referral_id: int, event: str) -> int:
    """Tell the party concerned by `event` ("given": B; "updated", "thanked": A). Returns the
    number of emails sent (0 when the person has no address or declined emails)."""
    referral = (
        Referral.objects.select_related("referrer__user", "referee__user")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or event not in EVENTS:
        return 0
    side, template = EVENTS[event]
    person: Person = getattr(referral, side)
    if not reachable(person):
        return 0
    language = language_of(person)
    subject, body = render(
        template,
        {
            "person": person,
            "status": referral.status,
            "url": absolute(reverse("business:referral", args=[referral.pk])),
            "site_url": settings.SITE_URL,
        },
        language=language,
    )
    EmailMessage(
        subject=subject, body=body, to=[person.email], headers={"Content-Language": language}
    ).send()
    return 1
