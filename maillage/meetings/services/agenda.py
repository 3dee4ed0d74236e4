"""The agenda: items built from the session formats, the group's templates, the territory's
experts, and the run view's current item."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.meetings import formats
from maillage.meetings.models import AgendaItem, AgendaTemplate, Expert, Meeting
from maillage.territories.models import Territory

MAX_ITEM_MINUTES = 480


def _check_minutes(minutes: int) -> int:
    if not 1 <= minutes <= MAX_ITEM_MINUTES:
        raise ValidationError(_("Une durée va de 1 à %(max)s minutes.") % {"max": MAX_ITEM_MINUTES})
    return minutes


def _check_expert(meeting: Meeting, expert: Expert | None) -> None:
    if expert is not None and expert.territory_id != meeting.edition.territory_id:
        raise ValidationError(_("Cet expert n'est pas dans l'annuaire du territoire."))


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    format_code: str,
    by: Any,
    title: str = "",
    minutes: int | None = None,
    details: str = "",
    expert: Expert | None = None,
) -> AgendaItem:
    """Append an item from a session format (its title and duration unless given)."""
    try:
        session = formats.get_format(format_code)
    except ValueError as error:
        raise ValidationError(
            _("Format de séance inconnu : %(code)s.") % {"code": format_code}
        ) from error
    _check_expert(meeting, expert)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        format=session.code,
        title=(title.strip() or str(session.title))[:200],
        minutes=_check_minutes(minutes if minutes is not None else session.minutes),
        position=0 if last is None else last + 1,
        details=details.strip(),
        expert=expert,
    )
    audit(by, "meetings.agenda.item_added", obj=meeting, format=session.code)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    by: Any,
    title: str,
    minutes: int,
    details: str = "",
    expert: Expert | None = None,
) -> AgendaItem:
    _check_expert(item.meeting, expert)
    if not title.strip():
        raise ValidationError(_("Un point de l'ordre du jour a un titre."))
    item.title, item.minutes = title.strip()[:200], _check_minutes(minutes)
    item.details, item.expert = details.strip(), expert
    item.save()
    audit(by, "meetings.agenda.item_changed", obj=item.meeting)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Any) -> None:
    meeting = item.meeting
    item.delete()
    _renumber(meeting)
    audit(by, "meetings.agenda.item_removed", obj=meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, by: Any) -> None:
    """Move an item up (offset -1) or down (+1) in the agenda."""
    items = list(item.meeting.agenda_items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    audit(by, "meetings.agenda.item_moved", obj=item.meeting)


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.agenda_items.order_by("position", "pk"))
    for position, item in enumerate(items):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_template_save(*, meeting: Meeting, name: str, by: Any) -> AgendaTemplate:
    """Save the meeting's agenda as a template of its group (replacing one of that name)."""
    if meeting.group is None:
        raise ValidationError(_("Les modèles d'ordre du jour sont ceux d'un groupe."))
    name = name.strip()[:100]
    if not name:
        raise ValidationError(_("Nommez le modèle."))
    items = [
        {"format": i.format, "title": i.title, "minutes": i.minutes, "details": i.details}
        for i in meeting.agenda_items.order_by("position", "pk")
    ]
    if not items:
        raise ValidationError(_("L'ordre du jour est vide."))
    template, _created = AgendaTemplate.objects.update_or_create(
        group=meeting.group, name=name, defaults={"items": items}
    )
    audit(by, "meetings.agenda.template_saved", obj=template)
    return template


@transaction.atomic
def agenda_template_apply(
    *, meeting: Meeting, template: AgendaTemplate, by: Any
) -> list[AgendaItem]:
    """Append the template's items to the meeting's agenda."""
    if template.group_id != meeting.group_id:
        raise ValidationError(_("Ce modèle n'est pas celui du groupe."))
    added = []
    for entry in template.items:
        added.append(
            agenda_item_add(
                meeting=meeting,
                format_code=str(entry.get("format", formats.OTHER.code)),
                title=str(entry.get("title", "")),
                minutes=int(entry.get("minutes", formats.OTHER.minutes)),
                details=str(entry.get("details", "")),
                by=by,
            )
        )
    return added


@transaction.atomic
def expert_add(
    *,
    territory: Territory,
    name: str,
    by: Any,
    organisation: str = "",
    topics: str = "",
    email: str = "",
    phone: str = "",
) -> Expert:
    if not name.strip():
        raise ValidationError(_("Donnez le nom de l'expert."))
    expert = Expert.objects.create(
        territory=territory,
        name=name.strip()[:150],
        organisation=organisation.strip()[:200],
        topics=topics.strip()[:300],
        email=email.strip(),
        phone=phone.strip()[:30],
    )
    audit(by, "meetings.expert.added", obj=expert, territory_id=territory.pk)
    return expert


@transaction.atomic
def run_advance(*, meeting: Meeting, by: Any) -> AgendaItem | None:
    """Start the meeting's first item, or go on to the next one (None: the agenda is done)."""
    items = list(meeting.agenda_items.order_by("position", "pk"))
    if meeting.run_item_id is None:
        following = items[0] if items else None
    else:
        ids = [item.pk for item in items]
        index = ids.index(meeting.run_item_id) if meeting.run_item_id in ids else -1
        following = items[index + 1] if index + 1 < len(items) else None
    # No item but a time: the agenda was run to its end at that time.
    meeting.run_item = following
    meeting.run_item_started_at = timezone.now()
    meeting.save(update_fields=["run_item", "run_item_started_at"])
    audit(by, "meetings.run.advanced", obj=meeting)
    return following
