"""What the business app holds about a person (see `core.personal_data`).

- Ideas they noted: the group's record, kept (the author is renamed "Ancien membre" with the
  person); the export lists them.
- Contacts and referrals they are a party to: the rows stay, for the figures (counts, the
  network, won amounts); what was written in them goes (a contact's note, a referral's client,
  what it was about and the thank-you).
- Offers and needs: deleted.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.core.personal_data import Erasure, Export, Holding, Subject, record, register


def export(subject: Subject) -> Export:
    if subject.person_id is None:
        return {}
    person_id = subject.person_id
    data: Export = {
        "ideas": [
            record(idea, ["title", "description", "status", "result", "created_on", "closed_on"])
            for idea in Idea.objects.filter(author_id=person_id).order_by("created_on", "pk")
        ],
        "contacts": [
            {
                **record(contact, ["kind", "direction", "happened_on", "note", "confirmed_at"]),
                "logged_by_you": contact.author_id == person_id,
                "other_person_id": (
                    contact.other_id if contact.author_id == person_id else contact.author_id
                ),
            }
            for contact in Contact.objects.filter(
                Q(author_id=person_id) | Q(other_id=person_id)
            ).order_by("happened_on", "pk")
        ],
        "referrals": [
            {
                **record(
                    referral,
                    ["client", "what", "given_on", "warmth", "status", "amount", "thanked_at"],
                ),
                "given_by_you": referral.referrer_id == person_id,
                "other_person_id": (
                    referral.referee_id
                    if referral.referrer_id == person_id
                    else referral.referrer_id
                ),
            }
            for referral in Referral.objects.filter(
                Q(referrer_id=person_id) | Q(referee_id=person_id)
            ).order_by("given_on", "pk")
        ],
        "offers_and_needs": [
            record(row, ["offer", "need", "updated_at"])
            for row in OfferNeed.objects.filter(person_id=person_id)
        ],
    }
    return {key: rows for key, rows in data.items() if rows}


def erase(subject: Subject) -> None:
    if subject.person_id is None:
        return
    person_id = subject.person_id
    Contact.objects.filter(Q(author_id=person_id) | Q(other_id=person_id)).update(note="")
    Referral.objects.filter(Q(referrer_id=person_id) | Q(referee_id=person_id)).update(
        client="", what="", thanks_message=""
    )
    OfferNeed.objects.filter(person_id=person_id).delete()


_KEPT = "kept for the figures; what was written in it is blanked"
register(
    "business",
    holdings=[
        Holding(
            "business.Idea",
            of_person="author",
            erasure=Erasure.KEEP,
            reason="kept: the group's record, attributed to 'Ancien membre'",
        ),
        Holding(
            "business.Contact",
            of_person="author",
            erasure=Erasure.ANONYMISE,
            fields=("note",),
            reason=_KEPT,
        ),
        Holding(
            "business.Contact",
            of_person="other",
            erasure=Erasure.ANONYMISE,
            fields=("note",),
            reason=_KEPT,
        ),
        Holding(
            "business.Referral",
            of_person="referrer",
            erasure=Erasure.ANONYMISE,
            fields=("client", "what", "thanks_message"),
            reason=_KEPT,
        ),
        Holding(
            "business.Referral",
            of_person="referee",
            erasure=Erasure.ANONYMISE,
            fields=("client", "what", "thanks_message"),
            reason=_KEPT,
        ),
        Holding("business.OfferNeed", of_person="person", erasure=Erasure.DELETE),
    ],
    exporter=export,
    eraser=erase,
    titles={
        "ideas": _("Idées à transposer que vous avez notées"),
        "contacts": _("Échanges avec d'autres membres"),
        "referrals": _("Recommandations données et reçues"),
        "offers_and_needs": _("Vos offres et besoins"),
    },
)
