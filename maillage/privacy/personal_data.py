"""What the privacy app holds about a person (see `core.personal_data`): their consent log.

Erasure keeps the log: it is the proof of what the person agreed to and when, and holds no
personal field (the person it points to is anonymised).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import Export, Holding, Subject, json_value, register
from maillage.privacy.models import ConsentEvent


def export(subject: Subject) -> Export:
    if subject.person_id is None:
        return {}
    events = ConsentEvent.objects.filter(person_id=subject.person_id).order_by("at", "pk")
    return {
        "consent_log": [
            {
                "consent": event.kind,
                "granted": event.granted,
                "at": json_value(event.at),
                "by_yourself": event.by_id == subject.user_id and event.by_id is not None,
            }
            for event in events
        ]
    }


register(
    "privacy",
    holdings=[
        Holding("privacy.ConsentEvent", of_person="person", reason="kept: the proof of a consent"),
        Holding(
            "privacy.ConsentEvent",
            of_user="by",
            reason="kept: who recorded a consent (the account is anonymised)",
        ),
    ],
    exporter=export,
    titles={"consent_log": _("Historique de vos consentements")},
)
