"""Writes of the privacy app: export and erase a person's data, record their consents.

What each app holds about a person is registered in `core.personal_data`; these services run
every registration, inside one transaction, and audit what they did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.audit import audit, audit_per_territory
from maillage.core.personal_data import Subject, json_value, registrations
from maillage.editions.models import Application
from maillage.editions.personal_data import application_record
from maillage.privacy.models import ConsentEvent, ConsentKind
from maillage.privacy.permissions import check_personal_data_right
from maillage.territories.models import Person
from maillage.territories.permissions import staff_scope

EXPORT_FORMAT = "maillage-personal-data/1"


def subject_of(*, person: Person | None = None, user: User | None = None) -> Subject:
    """The subject behind a person (and their account) or an account (and its person)."""
    if person is not None:
        return Subject(person_id=person.pk, user_id=person.user_id)
    if user is None:
        raise ValueError("A person or a user is needed.")
    person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    return Subject(person_id=person_id, user_id=user.pk)


def _export(subject: Subject) -> dict[str, Any]:
    data = {}
    for registration in registrations():
        sections = {key: rows for key, rows in registration.exporter(subject).items() if rows}
        if sections:
            data[registration.app_label] = sections
    return {
        "format": EXPORT_FORMAT,
        "generated_at": json_value(timezone.now()),
        "subject": {"person_id": subject.person_id, "user_id": subject.user_id},
        "data": data,
    }


def personal_data_export(
    *,
    by: Any,
    person: Person | None = None,
    user: User | None = None,
    ip_address: str | None = None,
    channel: str = "json",
) -> dict[str, Any]:
    """Everything the platform holds about the person (or account), and nobody else's, as a
    JSON-serialisable dict. Audited: an export is an event of the trail."""
    subject = subject_of(person=person, user=user)
    check_personal_data_right(by, subject)
    with transaction.atomic():
        document = _export(subject)
        audit(
            by,
            "privacy.personal_data.exported",
            obj=person or user,
            ip_address=ip_address,
            channel=channel,
        )
    return document


def _erase(subject: Subject, *, by: Any, obj: Any, ip_address: str | None) -> None:
    check_personal_data_right(by, subject)
    with transaction.atomic():
        # Written first: when the person erases themself, their own erasers pseudonymise it.
        audit(by, "privacy.personal_data.erased", obj=obj, ip_address=ip_address)
        # Upper floors first, as a deletion would go.
        for registration in reversed(registrations()):
            registration.eraser(subject)


def person_erase(*, person: Person, by: Any, ip_address: str | None = None) -> None:
    """Remove or anonymise every personal field of the person and their account.

    What makes the figures stays (memberships, attendance: rows pointing at the anonymised
    person); what they wrote in the group stays, attributed to "Ancien membre"; their account is
    deactivated, its sessions end; the audit trail names them by a pseudonym.
    """
    _erase(subject_of(person=person), by=by, obj=person, ip_address=ip_address)


def account_erase(*, user: User, by: Any, ip_address: str | None = None) -> None:
    """Erase an account and, when it has one, its person (see `person_erase`)."""
    _erase(subject_of(user=user), by=by, obj=user, ip_address=ip_address)


def consents_update(
    *,
    person: Person,
    choices: Mapping[str, bool],
    by: Any,
    ip_address: str | None = None,
) -> list[ConsentEvent]:
    """Set the person's consents (`ConsentKind` value → given or not). Each change is logged
    with its time and audited; unchanged answers write nothing."""
    check_personal_data_right(by, subject_of(person=person))
    unknown = set(choices) - set(ConsentKind.values)
    if unknown:
        raise ValueError(f"Unknown consents: {sorted(unknown)}")
    events = []
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        changed = {
            kind: granted
            for kind, granted in choices.items()
            if getattr(current, kind) != bool(granted)
        }
        if not changed:
            return []
        for kind, granted in changed.items():
            setattr(person, kind, bool(granted))
            events.append(
                ConsentEvent.objects.create(person=person, kind=kind, granted=bool(granted), by=by)
            )
        Person.objects.filter(pk=person.pk).update(
            **{kind: bool(granted) for kind, granted in changed.items()}
        )
        audit(
            by,
            "privacy.consents.updated",
            obj=person,
            ip_address=ip_address,
            **{kind: bool(granted) for kind, granted in changed.items()},
        )
    return events


# Applicants who never joined ---------------------------------------------------------------------
# An application declined, waitlisted or still under review is tied to no person or account: the
# applicant exercises their rights by a written request, which a network admin (or the operator,
# `manage.py applicant_data`) answers by their email address.


def applicant_applications(*, email: str, by: Any) -> QuerySet[Application]:
    """The applications sent with `email` and tied to no person, that `by` may answer for: a
    superuser (or the system, `by=None` from a management command) all of them, a network admin
    those to their networks' editions. Anyone else: refused."""
    rows = Application.objects.filter(email__iexact=email.strip(), person__isnull=True)
    if by is None or by.is_superuser:
        return rows
    networks = staff_scope(by).admin_network_ids if by.is_authenticated else set()
    if not networks:
        raise PermissionDenied
    return rows.filter(edition__territory__network_id__in=networks)


def applicant_export(*, email: str, by: Any, ip_address: str | None = None) -> dict[str, Any]:
    """What the applications sent with `email` hold, as JSON (audited, one entry per
    territory)."""
    rows = list(
        applicant_applications(email=email, by=by)
        .select_related("edition__territory")
        .order_by("submitted_at", "pk")
    )
    with transaction.atomic():
        audit_per_territory(
            by,
            "privacy.applicant.exported",
            Counter(row.edition.territory_id for row in rows),
            ip_address=ip_address,
        )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": json_value(timezone.now()),
        "subject": {"applicant_email": email.strip()},
        "data": {"editions": {"applications": [application_record(row) for row in rows]}},
    }


def applicant_erase(*, email: str, by: Any, ip_address: str | None = None) -> int:
    """Delete the applications sent with `email` and tied to no person; the audit trail keeps
    how many went, per territory, without the address."""
    with transaction.atomic():
        rows = list(
            applicant_applications(email=email, by=by)
            .select_for_update(of=("self",))
            .values_list("pk", "edition__territory_id")
        )
        Application.objects.filter(pk__in=[pk for pk, _territory_id in rows]).delete()
        audit_per_territory(
            by,
            "privacy.applicant.erased",
            Counter(territory_id for _pk, territory_id in rows),
            ip_address=ip_address,
        )
    return len(rows)
