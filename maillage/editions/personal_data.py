"""What the editions app holds about a person (see `core.personal_data`): their memberships of
groups and their acceptances of the groups' confidentiality charter.

Erasure keeps both: they hold no personal field once the person is anonymised, and the
group's and the territory's figures count the memberships. Their applications (identity, firm,
needs) are deleted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import (
    Erasure,
    Export,
    Holding,
    Subject,
    json_value,
    register,
)
from maillage.editions.models import Application, CharterAcceptance, Invitation, Membership


def export(subject: Subject) -> Export:
    if subject.person_id is None:
        return {}
    memberships = (
        Membership.objects.filter(person_id=subject.person_id)
        .select_related("group__edition__territory")
        .order_by("joined_on", "pk")
    )
    acceptances = (
        CharterAcceptance.objects.filter(membership__person_id=subject.person_id)
        .select_related("membership__group")
        .order_by("accepted_at", "pk")
    )
    return {
        "memberships": [
            {
                "group": m.group.name,
                "edition": str(m.group.edition.title),
                "territory": m.group.edition.territory.name,
                "role": m.role,
                "status": m.status.value,
                "joined_on": json_value(m.joined_on),
                "left_on": json_value(m.left_on),
            }
            for m in memberships
        ],
        "charter_acceptances": [
            {
                "group": a.membership.group.name,
                "version": a.version,
                "accepted_at": json_value(a.accepted_at),
            }
            for a in acceptances
        ],
    }


def application_record(application: Application) -> dict[str, Any]:
    """An application as the person (or the applicant who never joined) gets it back."""
    return {
        "edition": str(application.edition.title),
        "role": application.role,
        "status": application.status,
        "submitted_at": json_value(application.submitted_at),
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "phone": application.phone,
        "job_title": application.job_title,
        "company": application.company_name,
        "siret": application.siret,
        "headcount": application.headcount,
        "creation_year": application.creation_year,
        "has_hired": application.has_hired,
        "needs": application.needs,
        "wished_themes": application.wished_themes,
        "expertise": application.expertise,
        "available_weekdays": application.available_weekdays,
        "available_moments": application.available_moments,
        "declared_conflicts": application.declared_conflicts,
        "decision_message": application.decision_message,
    }


def export_with_invitations(subject: Subject) -> Export:
    data = export(subject)
    if subject.user_id is not None:
        data["invitations"] = [
            {
                "role": invitation.role,
                "territory": invitation.territory.name,
                "created_at": json_value(invitation.created_at),
                "accepted_at": json_value(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(accepted_by_id=subject.user_id)
            .select_related("territory")
            .order_by("created_at", "pk")
        ]
    if subject.person_id is not None:
        data["applications"] = [
            application_record(application)
            for application in Application.objects.filter(person_id=subject.person_id)
            .select_related("edition__territory")
            .order_by("submitted_at", "pk")
        ]
    return data


def erase(subject: Subject) -> None:
    """Accepted invitations go (they hold the invitee's address and name); the audit trail
    keeps that they were sent and accepted."""
    if subject.user_id is not None:
        Invitation.objects.filter(accepted_by_id=subject.user_id).delete()
    if subject.person_id is not None:
        Application.objects.filter(person_id=subject.person_id).delete()


register(
    "editions",
    holdings=[
        Holding(
            "editions.Membership",
            of_person="person",
            reason="kept: the groups' and the territory's figures count it",
        ),
        Holding(
            "editions.CharterAcceptance",
            of_person="membership__person",
            reason="kept: the record of a commitment",
        ),
        Holding(
            "editions.Invitation",
            of_user="accepted_by",
            erasure=Erasure.DELETE,
            reason="the invitation the person accepted: their address and name",
        ),
        Holding(
            "editions.Invitation",
            of_user="invited_by",
            reason="kept: invitations sent hold the invitee's data, not the sender's",
        ),
        Holding(
            "editions.Application",
            of_person="person",
            erasure=Erasure.DELETE,
            reason="the person's applications: identity, firm, needs, declared conflicts",
        ),
        Holding(
            "editions.Application",
            of_user="decided_by",
            reason="kept: who decided holds no data of theirs but the account's id",
        ),
        Holding(
            "editions.FormationRun",
            of_user="created_by",
            reason="kept: a run of the formation engine, linked to who started it",
        ),
        Holding(
            "editions.FormationRun",
            of_user="published_by",
            reason="kept: a run of the formation engine, linked to who published it",
        ),
    ],
    exporter=export_with_invitations,
    eraser=erase,
    titles={
        "memberships": _("Participations aux groupes"),
        "charter_acceptances": _("Chartes de confidentialité acceptées"),
        "invitations": _("Invitations acceptées"),
        "applications": _("Candidatures"),
    },
)
