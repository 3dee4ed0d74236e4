"""What the territories app holds about a person (see `core.personal_data`): their Person row
(name, contact details, consents), the company they are attached to, their staff roles.

Erasure: the Person row stays, so that memberships, attendance and every figure built on them
stay right, but it is renamed "Ancien membre", loses its contact details and its consents. The
link to the company stays (companies count in the bilan; a company is not a person). Staff roles
are deleted.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import (
    FORMER_MEMBER,
    Erasure,
    Export,
    Holding,
    Subject,
    record,
    register,
)
from maillage.territories.models import NetworkAdmin, Person, ProjectManager

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "directory_consent",
    "email_consent",
    "quote_consent",
)
ERASED_FIELDS = PERSON_FIELDS


def export(subject: Subject) -> Export:
    data: Export = {}
    if subject.person_id is not None:
        person = (
            Person.objects.select_related("company__activity", "company__commune")
            .filter(pk=subject.person_id)
            .first()
        )
        if person is not None:
            data["person"] = [record(person, PERSON_FIELDS)]
            company = person.company
            if company is not None:
                data["company"] = [
                    {
                        **record(company, ["name", "siren", "siret", "address", "website"]),
                        "activity": f"{company.activity.code} {company.activity.label}",
                        "headcount_band": company.get_headcount_band_display(),
                        "commune": company.commune.name if company.commune else None,
                    }
                ]
    if subject.user_id is not None:
        data["staff_roles"] = [
            {"role": "network_admin", "network": name}
            for name in NetworkAdmin.objects.filter(user_id=subject.user_id).values_list(
                "network__name", flat=True
            )
        ] + [
            {"role": "project_manager", "territory": name}
            for name in ProjectManager.objects.filter(user_id=subject.user_id).values_list(
                "territory__name", flat=True
            )
        ]
        if not data["staff_roles"]:
            del data["staff_roles"]
    return data


def erase(subject: Subject) -> None:
    if subject.person_id is not None:
        first, last = FORMER_MEMBER.split(" ", 1)
        Person.objects.filter(pk=subject.person_id).update(
            first_name=first,
            last_name=last,
            email="",
            phone="",
            job_title="",
            directory_consent=False,
            email_consent=False,
            quote_consent=False,
        )
    if subject.user_id is not None:
        NetworkAdmin.objects.filter(user_id=subject.user_id).delete()
        ProjectManager.objects.filter(user_id=subject.user_id).delete()


register(
    "territories",
    holdings=[
        Holding(
            "territories.Person",
            of_person="pk",
            erasure=Erasure.ANONYMISE,
            fields=ERASED_FIELDS,
            reason="kept under the name 'Ancien membre': the figures count it",
        ),
        Holding("territories.NetworkAdmin", of_user="user", erasure=Erasure.DELETE),
        Holding("territories.ProjectManager", of_user="user", erasure=Erasure.DELETE),
    ],
    exporter=export,
    eraser=erase,
    titles={
        "person": _("Fiche"),
        "company": _("Entreprise"),
        "staff_roles": _("Rôles dans le réseau"),
    },
)
