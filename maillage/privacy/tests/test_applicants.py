"""Applicants who never joined: their applications are tied to no person, so a network admin
(or the operator, `manage.py applicant_data`) answers their written request by email address."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from maillage.core.models import AuditEntry
from maillage.editions.models import Application, Edition
from maillage.editions.tests.applicants import ApplicationFactory
from maillage.editions.tests.factories import EditionFactory
from maillage.privacy.services import applicant_erase, applicant_export
from maillage.territories.tests.factories import NetworkFactory, PersonFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

EMAIL = "Claire.Candidate@example.test"


@pytest.fixture
def declined(edition: Edition) -> Application:
    return ApplicationFactory(
        edition=edition,
        email=EMAIL,
        needs="Trouver un repreneur",
        status=Application.Status.DECLINED,
    )


def test_a_network_admin_exports_an_applicants_applications(
    network_admin: Any, declined: Application, edition: Edition
) -> None:
    joined = ApplicationFactory(
        edition=EditionFactory(territory=edition.territory, number=9),
        email=EMAIL,
        person=PersonFactory(),
    )
    someone_else = ApplicationFactory(edition=edition, email="other@example.test")
    document = applicant_export(email="claire.candidate@example.test ", by=network_admin)
    applications = document["data"]["editions"]["applications"]
    assert [row["needs"] for row in applications] == ["Trouver un repreneur"]
    assert json.dumps(document)  # serialisable as it is
    entry = AuditEntry.objects.get(action="privacy.applicant.exported")
    assert entry.territory_id == edition.territory_id
    assert EMAIL.lower() not in json.dumps(entry.data).lower()
    assert Application.objects.filter(pk__in=[joined.pk, someone_else.pk]).count() == 2


def test_a_network_admin_erases_an_applicants_applications(
    network_admin: Any, declined: Application, edition: Edition
) -> None:
    joined = ApplicationFactory(
        edition=EditionFactory(territory=edition.territory, number=9),
        email=EMAIL,
        person=PersonFactory(),
    )
    assert applicant_erase(email=EMAIL, by=network_admin) == 1
    assert not Application.objects.filter(pk=declined.pk).exists()
    assert Application.objects.filter(pk=joined.pk).exists()  # the person's own rights cover it
    entry = AuditEntry.objects.get(action="privacy.applicant.erased")
    assert entry.data == {"count": 1}
    assert entry.territory_id == edition.territory_id
    assert applicant_erase(email=EMAIL, by=network_admin) == 0


def test_a_network_admin_reaches_only_the_applications_to_their_networks(
    network_admin: Any, declined: Application
) -> None:
    other_network = TerritoryFactory(network=NetworkFactory(slug="autre-reseau"))
    elsewhere = ApplicationFactory(edition=EditionFactory(territory=other_network), email=EMAIL)
    assert applicant_erase(email=EMAIL, by=network_admin) == 1
    assert Application.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("who", ["project_manager", "leader", "outsider"])
def test_others_may_not_answer_for_an_applicant(
    request: pytest.FixtureRequest, who: str, declined: Application
) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        applicant_export(email=EMAIL, by=user)
    with pytest.raises(PermissionDenied):
        applicant_erase(email=EMAIL, by=user)
    assert Application.objects.filter(pk=declined.pk).exists()


def test_the_command_exports_then_erases(declined: Application) -> None:
    out = StringIO()
    call_command("applicant_data", "export", EMAIL, stdout=out)
    assert json.loads(out.getvalue())["data"]["editions"]["applications"][0]["email"] == EMAIL
    out = StringIO()
    call_command("applicant_data", "erase", EMAIL, stdout=out)
    assert out.getvalue().strip() == "1 applications erased"
    assert not Application.objects.filter(pk=declined.pk).exists()
