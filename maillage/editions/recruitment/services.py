"""Writes of recruitment: applications submitted and decided, the territory's rules.

Every function is keyword-only, atomic and audited; emails leave after the commit (tasks).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.models import Edition, EditionStatus, Membership
from maillage.editions.recruitment.models import (
    Application,
    RecruitmentSettings,
    headcount_band,
)
from maillage.territories.models import Company, Person, Territory

Status = Application.Status

# Decisions the project manager may take from each status. A declined application stays
# declined (the person may apply to the next edition); an accepted one may go back to the
# waiting list or be declined until its person is in a group of the edition.
TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED},
    Status.WAITLISTED: {Status.ACCEPTED, Status.DECLINED},
    Status.ACCEPTED: {Status.WAITLISTED, Status.DECLINED},
    Status.DECLINED: set(),
}
OPEN_TO_APPLICATIONS = {EditionStatus.RECRUITING}
OPEN_TO_STAFF_ENTRIES = {EditionStatus.RECRUITING, EditionStatus.FORMING}


def check_open(edition: Edition, *, staff: bool) -> None:
    """Applications come in while the edition recruits; staff may still add some while the
    groups are formed."""
    allowed = OPEN_TO_STAFF_ENTRIES if staff else OPEN_TO_APPLICATIONS
    if edition.status not in allowed:
        raise ValidationError(
            _("Cette édition ne reçoit plus de candidatures."), code="closed_to_applications"
        )


def _notify(application: Application, kind: str) -> None:
    from maillage.editions.recruitment.tasks import application_notify_task

    application_id = application.pk
    transaction.on_commit(
        lambda: application_notify_task.enqueue(application_id=application_id, kind=kind)
    )


@transaction.atomic
def application_submit(
    *,
    edition: Edition,
    fields: dict[str, Any],
    source: str,
    language: str,
    by: Any = None,
    ip_address: str | None = None,
    notify: bool = True,
) -> Application:
    """Record an application whose fields `ApplicationForm` validated. The applicant gets an
    acknowledgement by email (form and API; imports say nothing)."""
    check_open(edition, staff=source != Application.Source.FORM)
    application = Application.objects.create(
        edition=edition, source=source, language=language, **fields
    )
    audit(
        by,
        "editions.application.submitted",
        obj=application,
        territory_id=edition.territory_id,
        ip_address=ip_address,
        role=application.role,
        source=source,
    )
    if notify:
        _notify(application, "received")
    return application


def in_a_group(application: Application) -> bool:
    return application.person_id is not None and (
        Membership.objects.filter(
            person_id=application.person_id, group__edition_id=application.edition_id
        ).exists()
    )


@transaction.atomic
def application_decide(
    *,
    application: Application,
    status: str,
    by: Any,
    message: str = "",
    notify: bool = True,
) -> Application:
    """Accept, waitlist or decline; the applicant is told by email in their language.

    Accepting links the application to a person of the programme (and their firm), found by
    email (and SIRET or SIREN) or created."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status not in TRANSITIONS.get(application.status, set()):
        raise ValidationError(
            _("Une candidature « %(current)s » ne peut pas devenir « %(new)s ».")
            % {
                "current": Status(application.status).label,
                "new": Status(status).label if status in Status.values else status,
            },
            code="transition",
        )
    if application.status == Status.ACCEPTED and in_a_group(application):
        raise ValidationError(
            _("%(person)s est déjà dans un groupe de cette édition.")
            % {"person": application.full_name},
            code="in_a_group",
        )
    if status == Status.ACCEPTED:
        application.person = link_person(application)
    application.status = status
    application.decision_message = message.strip()
    application.decided_at = timezone.now()
    application.decided_by = by if getattr(by, "is_authenticated", False) else None
    application.save(
        update_fields=["person", "status", "decision_message", "decided_at", "decided_by"]
    )
    audit(
        by,
        f"editions.application.{status}",
        obj=application,
        territory_id=application.edition.territory_id,
    )
    if notify:
        _notify(application, status)
    return application


def link_company(application: Application) -> Company:
    """The application's firm: by SIRET, else by SIREN, else created from the application."""
    company = (
        Company.objects.filter(siret=application.siret).first()
        or Company.objects.filter(siren=application.siren).order_by("pk").first()
    )
    if company is not None:
        return company
    if application.activity is None:
        raise ValidationError(
            _("Indiquez le code NAF de %(company)s avant d'accepter.")
            % {"company": application.company_name},
            code="no_activity",
        )
    band = headcount_band(application.headcount)
    if application.role == Membership.Role.FACILITATOR and application.headcount is None:
        band = Company.HeadcountBand.GE
    commune = application.commune
    return Company.objects.create(
        name=application.company_name,
        siren=application.siren,
        siret=application.siret,
        activity=application.activity,
        headcount_band=band,
        commune=commune,
        latitude=commune.latitude,
        longitude=commune.longitude,
    )


def link_person(application: Application) -> Person:
    """The applicant as a person of the programme: found by email, or created with their
    firm. A person found keeps their data; one without a firm gets the application's."""
    if application.person_id is not None:
        person = application.person
        assert person is not None
        return person
    person = Person.objects.filter(email__iexact=application.email).first()
    if person is None:
        return Person.objects.create(
            first_name=application.first_name,
            last_name=application.last_name,
            email=application.email,
            phone=application.phone,
            job_title=application.job_title,
            company=link_company(application),
        )
    if person.company_id is None:
        person.company = link_company(application)
        person.save(update_fields=["company"])
    return person


@transaction.atomic
def recruitment_settings_save(
    *, territory: Territory, values: dict[str, Any], by: Any
) -> RecruitmentSettings:
    """Set the territory's eligibility rules and the themes its form offers."""
    rules, _created = RecruitmentSettings.objects.get_or_create(territory=territory)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    audit(by, "editions.recruitment_settings.changed", obj=rules, territory_id=territory.pk)
    return rules
