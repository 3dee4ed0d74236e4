"""Writes on editions, groups and memberships. The rules on group composition live here."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.models import Edition, EditionStatus, Group, Membership
from maillage.territories.models import Person, Territory


def edition_create(
    *,
    territory: Territory,
    number: int,
    opening_date: datetime.date,
    by: Any,
    duration_months: int = 24,
    min_leaders: int = 10,
    max_leaders: int = 12,
    facilitators_per_group: int = 3,
) -> Edition:
    if min_leaders > max_leaders:
        raise ValidationError(
            _("Le minimum de dirigeants par groupe dépasse le maximum."), code="bounds"
        )
    if Edition.objects.filter(territory=territory, number=number).exists():
        raise ValidationError(
            _("Ce territoire a déjà une édition n° %(number)s.") % {"number": number},
            code="duplicate",
        )
    with transaction.atomic():
        edition = Edition.objects.create(
            territory=territory,
            number=number,
            opening_date=opening_date,
            duration_months=duration_months,
            min_leaders=min_leaders,
            max_leaders=max_leaders,
            facilitators_per_group=facilitators_per_group,
        )
        audit(by, "editions.edition.created", obj=edition, territory_id=territory.pk)
    return edition


def edition_start_forming(*, edition: Edition, by: Any) -> Edition:
    """Recruitment ends: the project manager forms the groups."""
    if edition.status != EditionStatus.RECRUITING:
        raise ValidationError(
            _("Seule une édition en recrutement peut passer à la constitution des groupes."),
            code="transition",
        )
    with transaction.atomic():
        edition.preparation_status = EditionStatus.FORMING
        edition.save(update_fields=["preparation_status"])
        audit(by, "editions.edition.forming", obj=edition, territory_id=edition.territory_id)
    return edition


def group_create(*, edition: Edition, name: str, by: Any) -> Group:
    if edition.status == EditionStatus.CLOSED:
        raise ValidationError(_("Cette édition est terminée."), code="closed")
    with transaction.atomic():
        group = Group.objects.create(edition=edition, name=name)
        audit(by, "editions.group.created", obj=group, territory_id=edition.territory_id)
    return group


def active_members(group: Group, role: str, today: datetime.date) -> list[Membership]:
    return list(
        group.memberships.select_related("person__company")
        .filter(role=role, joined_on__lte=today)
        .exclude(left_on__lte=today)
    )


def _person_running_group(person: Person, start: datetime.date, end: datetime.date) -> Group | None:
    """Another group of this person, not left, whose edition overlaps [start, end)."""
    membership = (
        Membership.objects.select_related("group")
        .filter(
            person=person,
            group__edition__opening_date__lt=end,
            group__edition__closing_date__gt=start,
        )
        .exclude(left_on__lte=start)
        .first()
    )
    return membership.group if membership else None


def membership_add(
    *,
    group: Group,
    person: Person,
    role: str,
    by: Any,
    joined_on: datetime.date | None = None,
) -> Membership:
    """Put a person in a group, checking the composition rules with clear errors."""
    edition = group.edition
    if edition.status == EditionStatus.CLOSED:
        raise ValidationError(_("Cette édition est terminée."), code="closed")
    joined_on = joined_on or max(timezone.localdate(), edition.opening_date)
    with transaction.atomic():
        # Lock the group row so two concurrent additions cannot both pass the size check.
        Group.objects.select_for_update().filter(pk=group.pk).first()
        other = _person_running_group(person, joined_on, edition.closing_date)
        if other is not None:
            if other.pk == group.pk:
                raise ValidationError(
                    _("%(person)s fait déjà partie de ce groupe.") % {"person": person.full_name},
                    code="duplicate",
                )
            raise ValidationError(
                _("%(person)s fait déjà partie du groupe %(group)s sur la même période.")
                % {"person": person.full_name, "group": other.name},
                code="one_running_group",
            )
        current = active_members(group, role, joined_on)
        if role == Membership.Role.LEADER and len(current) >= edition.max_leaders:
            raise ValidationError(
                _("Le groupe %(group)s compte déjà %(max)d dirigeants, le maximum de l'édition.")
                % {"group": group.name, "max": edition.max_leaders},
                code="too_many_leaders",
            )
        if role == Membership.Role.FACILITATOR:
            if len(current) >= edition.facilitators_per_group:
                raise ValidationError(
                    _("Le groupe %(group)s a déjà ses %(count)d animateurs.")
                    % {"group": group.name, "count": edition.facilitators_per_group},
                    code="too_many_facilitators",
                )
            if person.company_id is None:
                raise ValidationError(
                    _("Un animateur doit être rattaché à son entreprise."), code="no_employer"
                )
            if any(m.person.company_id == person.company_id for m in current):
                raise ValidationError(
                    _(
                        "Le groupe %(group)s a déjà un animateur de %(company)s : les animateurs "
                        "viennent d'entreprises différentes."
                    )
                    % {"group": group.name, "company": person.company},
                    code="same_employer",
                )
        membership = Membership.objects.create(
            person=person, group=group, role=role, joined_on=joined_on
        )
        audit(
            by,
            "editions.membership.added",
            obj=membership,
            territory_id=edition.territory_id,
            role=role,
        )
    return membership


def membership_end(
    *, membership: Membership, by: Any, left_on: datetime.date | None = None
) -> Membership:
    """A member leaves the group during the edition."""
    left_on = left_on or timezone.localdate()
    if membership.left_on is not None:
        raise ValidationError(_("Cette personne a déjà quitté le groupe."), code="already_left")
    if left_on < membership.joined_on:
        raise ValidationError(
            _("La date de départ précède la date d'arrivée."), code="left_before_joined"
        )
    with transaction.atomic():
        membership.left_on = left_on
        membership.save(update_fields=["left_on"])
        audit(
            by,
            "editions.membership.ended",
            obj=membership,
            territory_id=membership.group.edition.territory_id,
        )
    return membership
