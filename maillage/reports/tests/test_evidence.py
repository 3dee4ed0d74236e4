"""Evidence for funders and sponsors: meetings attended and hours, the certificate of
attendance and the facilitator's statement (PDFs read back)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.meetings.tests.factories import AttendanceFactory
from maillage.reports.evidence import edition_hours, person_evidence
from maillage.reports.tests.bilan_world import World, build
from maillage.territories.models import Person
from maillage.territories.tests.factories import ProjectManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = build()
    for meeting in world.meetings[:2]:
        AttendanceFactory(meeting=meeting, person=world.facilitator)
    return world


def account(person: Person, email: str) -> User:
    user = User.objects.create_user(email=email, password="x" * 12)
    person.user = user
    person.save(update_fields=["user"])
    return user


def pdf_text(body: bytes) -> str:
    """The text of every page, each run of spaces as one (a justified line's word spacing reads
    as several)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def test_a_leader_counts_the_meetings_attended_present_or_late(world: World) -> None:
    evidence = person_evidence(world.leaders[4], "leader")

    assert evidence is not None
    assert len(evidence.meetings) == 2  # present, late; excused at the third
    assert evidence.minutes == 6 * 60
    assert evidence.hours == "6 h"


def test_a_facilitator_counts_the_meetings_facilitated(world: World) -> None:
    evidence = person_evidence(world.facilitator, "facilitator")

    assert evidence is not None
    assert evidence.minutes == 6 * 60
    assert person_evidence(world.facilitator, "leader") is None


def test_the_edition_lists_everyone_with_their_hours(world: World) -> None:
    rows = {row.person_id: row for row in edition_hours(world.edition)}

    assert (rows[world.leaders[0].pk].meetings, rows[world.leaders[0].pk].minutes) == (3, 540)
    assert (rows[world.leaders[4].pk].meetings, rows[world.leaders[4].pk].minutes) == (2, 360)
    assert rows[world.facilitator.pk].role == "facilitator"
    assert rows[world.facilitator.pk].minutes == 360


def test_a_leader_downloads_their_certificate(client: Any, world: World) -> None:
    client.force_login(account(world.leaders[0], "l0@example.test"))

    response = client.get(reverse("reports:certificate", args=[world.leaders[0].pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Attestation de présence" in text
    assert "L0 Dirigeant" in text
    assert "9 h" in text
    assert AuditEntry.objects.filter(action="reports.certificate.issued").exists()


@pytest.mark.parametrize(
    ("first_name", "last_name", "file_name"),
    [("Łukasz", "Wiśniewski", "attestation-lukasz-wisniewski.pdf"), ("明", "王", None)],
)
def test_the_certificates_file_is_named_after_the_person_whatever_their_alphabet(
    client: Any, world: World, first_name: str, last_name: str, file_name: str | None
) -> None:
    leader = world.leaders[0]
    leader.first_name, leader.last_name = first_name, last_name
    leader.save(update_fields=["first_name", "last_name"])
    client.force_login(account(leader, "l0@example.test"))

    response = client.get(reverse("reports:certificate", args=[leader.pk]))

    expected = file_name or f"attestation-{leader.pk}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_a_leader_cannot_download_another_ones_certificate(client: Any, world: World) -> None:
    client.force_login(account(world.leaders[0], "l0@example.test"))

    response = client.get(reverse("reports:certificate", args=[world.leaders[1].pk]))

    assert response.status_code == 404


def test_the_facilitator_statement_for_the_employer(client: Any, world: World) -> None:
    user = User.objects.create_user(email="chef@example.test", password="x" * 12)
    ProjectManagerFactory(territory=world.territory, user=user)
    client.force_login(user)

    response = client.get(reverse("reports:statement", args=[world.facilitator.pk]))

    text = pdf_text(response.content)
    assert "Relevé d'heures d'animation bénévole" in text
    assert world.facilitator.company.name in text
    assert "6 h" in text


def test_the_project_manager_sees_each_members_hours(client: Any, world: World) -> None:
    user = User.objects.create_user(email="chef@example.test", password="x" * 12)
    ProjectManagerFactory(territory=world.territory, user=user)
    client.force_login(user)

    page = client.get(reverse("reports:edition_evidence", args=[world.edition.pk])).content.decode()

    assert "L4 Dirigeant" in page
    assert "6 h" in page
    assert reverse("reports:statement", args=[world.facilitator.pk]) in page


def test_a_member_sees_their_own_hours(client: Any, world: World) -> None:
    client.force_login(account(world.leaders[0], "l0@example.test"))

    page = client.get(reverse("reports:my_evidence")).content.decode()

    assert "3 rencontres suivies" in page
    assert "9 h de formation" in page


# Names in every alphabet come back exactly (the PDF's core fonts, Latin-1 only, made
# "Lukasz Wisniewski" of the first and "??????? ??????" of the second).
NAMES = [("Łukasz", "Wiśniewski"), ("Дмитрий", "Иванов"), ("Αλέξανδρος", "Παπαδόπουλος")]


@pytest.mark.parametrize(("first_name", "last_name"), [*NAMES, ("小明", "王")])
def test_the_certificate_prints_the_name_exactly_whatever_its_alphabet(
    client: Any, world: World, first_name: str, last_name: str
) -> None:
    leader = world.leaders[0]
    leader.first_name, leader.last_name = first_name, last_name
    leader.save(update_fields=["first_name", "last_name"])
    world.group.name = "Ποταμός"
    world.group.save(update_fields=["name"])
    client.force_login(account(leader, "l0@example.test"))

    response = client.get(reverse("reports:certificate", args=[leader.pk]))

    text = pdf_text(response.content)
    assert f"{first_name} {last_name}" in text
    assert "Ποταμός" in text  # the meetings' group, in the table
    assert "Attestation de présence" in text


@pytest.mark.parametrize(("first_name", "last_name"), NAMES)
def test_the_statement_prints_the_facilitator_and_employer_exactly(
    client: Any, world: World, first_name: str, last_name: str
) -> None:
    facilitator = world.facilitator
    facilitator.first_name, facilitator.last_name = first_name, last_name
    facilitator.save(update_fields=["first_name", "last_name"])
    facilitator.company.name = "Банк «Луара»"
    facilitator.company.save(update_fields=["name"])
    user = User.objects.create_user(email="chef@example.test", password="x" * 12)
    ProjectManagerFactory(territory=world.territory, user=user)
    client.force_login(user)

    response = client.get(reverse("reports:statement", args=[facilitator.pk]))

    text = pdf_text(response.content)
    assert f"{first_name} {last_name}" in text
    assert "Банк «Луара»" in text
    assert len(response.content) < 60_000  # fonts embedded as subsets
