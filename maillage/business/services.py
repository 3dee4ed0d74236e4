"""Writes of the business app: keyword-only, atomic, audited, permission-aware.

Audit entries name the objects, never what a contact's note, a referral's client or an
amount say.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.business.permissions import can_update_idea, member_person
from maillage.core.api_input import EARLIEST_DAY, LATEST_DAY
from maillage.core.audit import audit
from maillage.editions.permissions import roles_of, visible_people
from maillage.meetings.models import Meeting
from maillage.territories.models import ActivityCode, Person


def _plausible(day: datetime.date) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(
            _("Donnez une date entre %(first)s et %(last)s."),
            code="date",
            params={"first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
        )


def _not_in_future(day: datetime.date) -> None:
    _plausible(day)
    if day > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future")


# Ideas -------------------------------------------------------------------------------------------


def ideas_may_come_from(meeting: Meeting) -> bool:
    """An idea is noted from a meeting that took place: begun, and not cancelled."""
    return meeting.status != Meeting.Status.CANCELLED and meeting.starts_at <= timezone.now()


@transaction.atomic
def idea_add(
    *,
    meeting: Meeting,
    title: str,
    description: str = "",
    follow_up_on: datetime.date | None = None,
    by: Any,
) -> Idea:
    """Note an idea heard at a meeting of one's group that took place (begun, not cancelled);
    the author is the user's person."""
    author = member_person(by)
    if meeting.group_id is None or meeting.group_id not in roles_of(by).group_ids:
        raise PermissionDenied
    if not ideas_may_come_from(meeting):
        raise ValidationError(
            _("Une idée se note après la rencontre, et non d'une rencontre annulée."),
            code="meeting",
        )
    if not title.strip():
        raise ValidationError(_("Donnez un titre à l'idée."), code="title")
    if follow_up_on is not None:
        _plausible(follow_up_on)
    idea = Idea.objects.create(
        meeting=meeting,
        group_id=meeting.group_id,
        author=author,
        title=title.strip(),
        description=description.strip(),
        follow_up_on=follow_up_on,
    )
    audit(by, "business.idea.added", obj=idea, territory_id=meeting.edition.territory_id)
    return idea


@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    status: str | None = None,
    result: str | None = None,
    follow_up_on: datetime.date | None = None,
    by: Any,
) -> Idea:
    """Move an idea on (to try → tried → adopted / dropped), note its result or its next
    follow-up. The author and the group's facilitators may; a move out of order is refused."""
    if not can_update_idea(by, idea):
        raise PermissionDenied
    territory_id = idea.group.edition.territory_id
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    today = timezone.localdate()
    fields = ["updated_at"]
    previous = idea.status
    if status is not None and status != idea.status:
        if status not in idea.TRANSITIONS[idea.status]:
            raise ValidationError(
                _("Une idée « %(current)s » ne peut pas passer à « %(wanted)s ».")
                % {
                    "current": idea.get_status_display(),
                    "wanted": Idea.Status(status).label if status in Idea.Status else status,
                },
                code="transition",
            )
        idea.status = status
        fields.append("status")
        if status == Idea.Status.TRIED:
            idea.tried_on = today
            fields.append("tried_on")
        if status in (Idea.Status.ADOPTED, Idea.Status.DROPPED):
            idea.closed_on = today
            fields.append("closed_on")
    if result is not None:
        idea.result = result.strip()
        fields.append("result")
    if follow_up_on is not None:
        _plausible(follow_up_on)
        idea.follow_up_on = follow_up_on
        fields.append("follow_up_on")
    idea.save(update_fields=fields)
    audit(
        by,
        "business.idea.updated",
        obj=idea,
        territory_id=territory_id,
        status_from=previous,
        status_to=idea.status,
    )
    return idea


# Contacts ----------------------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *,
    other: Person,
    kind: str,
    direction: str,
    happened_on: datetime.date,
    note: str = "",
    by: Any,
) -> Contact:
    """Log a call, visit or help with another member the user may see (any group, alumni)."""
    author = member_person(by)
    if other.pk == author.pk:
        raise ValidationError(_("Choisissez un autre membre que vous."), code="self")
    if not visible_people(by).filter(pk=other.pk).exists():
        raise PermissionDenied
    if kind not in Contact.Kind.values or direction not in Contact.Direction.values:
        raise ValidationError(_("Type ou sens d'échange inconnu."), code="choice")
    _not_in_future(happened_on)
    contact = Contact.objects.create(
        author=author,
        other=other,
        kind=kind,
        direction=direction,
        happened_on=happened_on,
        note=note.strip(),
    )
    audit(by, "business.contact.logged", obj=contact)
    return contact


@transaction.atomic
def contact_confirm(*, contact: Contact, by: Any) -> Contact:
    """The other side confirms the contact (confirming twice changes nothing)."""
    if contact.other_id != roles_of(by).person_id:
        raise PermissionDenied
    updated = Contact.objects.filter(pk=contact.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    contact.refresh_from_db(fields=["confirmed_at"])
    if updated:
        audit(by, "business.contact.confirmed", obj=contact)
    return contact


# Referrals ---------------------------------------------------------------------------------------


def _notify(referral: Referral, event: str) -> None:
    """Tell the other party by email, after the commit (links only, see tasks)."""
    from maillage.business.tasks import referral_notify_task

    referral_id = referral.pk
    transaction.on_commit(
        lambda: referral_notify_task.enqueue(referral_id=referral_id, event=event)
    )


@transaction.atomic
def referral_give(
    *,
    referee: Person,
    client: str,
    what: str,
    warmth: int,
    given_on: datetime.date,
    by: Any,
) -> Referral:
    """A (the user) recommends B (`referee`, a member A may see) to a client or prospect.

    B is told by email."""
    referrer = member_person(by)
    if referee.pk == referrer.pk:
        raise ValidationError(_("Choisissez un autre membre que vous."), code="self")
    if not visible_people(by).filter(pk=referee.pk).exists():
        raise PermissionDenied
    if warmth not in Referral.Warmth.values:
        raise ValidationError(_("La chaleur va de 1 à 5."), code="warmth")
    if not client.strip() or not what.strip():
        raise ValidationError(_("Dites qui est le prospect et pour quoi."), code="required")
    _not_in_future(given_on)
    referral = Referral.objects.create(
        referrer=referrer,
        referee=referee,
        client=client.strip(),
        what=what.strip(),
        warmth=warmth,
        given_on=given_on,
    )
    audit(by, "business.referral.given", obj=referral, warmth=warmth)
    _notify(referral, "given")
    return referral


def amount_without_win() -> ValidationError:
    """The refusal of an amount given with another move than "won", or with no move."""
    return ValidationError(_("Un montant ne se note que pour une affaire gagnée."), code="amount")


@transaction.atomic
def referral_update(
    *, referral: Referral, status: str, amount: Decimal | None = None, by: Any
) -> Referral:
    """B moves the referral on: given → contacted → won (with the amount) / lost.

    A move out of order, an amount without "won" or "won" without an amount is refused;
    A is told by email."""
    if referral.referee_id != roles_of(by).person_id:
        raise PermissionDenied
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in referral.TRANSITIONS[referral.status]:
        raise ValidationError(
            _("Une recommandation « %(current)s » ne peut pas passer à « %(wanted)s ».")
            % {
                "current": referral.get_status_display(),
                "wanted": Referral.Status(status).label if status in Referral.Status else status,
            },
            code="transition",
        )
    if status == Referral.Status.WON:
        if amount is None or amount < 0:
            raise ValidationError(_("Indiquez le montant de l'affaire gagnée."), code="amount")
    elif amount is not None:
        raise amount_without_win()
    today = timezone.localdate()
    previous = referral.status
    referral.status = status
    referral.amount = amount
    if status == Referral.Status.CONTACTED:
        referral.contacted_on = today
    else:
        referral.closed_on = today
    referral.save(update_fields=["status", "amount", "contacted_on", "closed_on", "updated_at"])
    audit(by, "business.referral.updated", obj=referral, status_from=previous, status_to=status)
    _notify(referral, "updated")
    return referral


@transaction.atomic
def referral_thank(*, referral: Referral, message: str = "", by: Any) -> Referral:
    """B thanks A for the referral, once; A is told by email."""
    if referral.referee_id != roles_of(by).person_id:
        raise PermissionDenied
    updated = Referral.objects.filter(pk=referral.pk, thanked_at__isnull=True).update(
        thanked_at=timezone.now(), thanks_message=message.strip()[:300]
    )
    referral.refresh_from_db(fields=["thanked_at", "thanks_message"])
    if updated:
        audit(by, "business.referral.thanked", obj=referral)
        _notify(referral, "thanked")
    return referral


# Offers and needs --------------------------------------------------------------------------------


@transaction.atomic
def offer_need_save(
    *,
    offer: str,
    need: str,
    offer_activity: ActivityCode | None = None,
    need_activity: ActivityCode | None = None,
    by: Any,
) -> OfferNeed:
    """Write what the user's firm offers and needs (members and alumni)."""
    person = member_person(by)
    if offer_activity is None and person.company is not None:
        offer_activity = person.company.activity
    row, _created = OfferNeed.objects.update_or_create(
        person=person,
        defaults={
            "offer": offer.strip(),
            "need": need.strip(),
            "offer_activity": offer_activity,
            "need_activity": need_activity,
            "updated_at": timezone.now(),
        },
    )
    audit(by, "business.offer_need.saved", obj=row)
    return row
