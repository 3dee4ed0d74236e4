"""A company's logo: its own people and the staff of its territories change it on the company's
page; whoever may see the company sees it, through a permission-checked view only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.tests.files import PDF, image_bytes, upload
from maillage.editions.models import Group
from maillage.editions.tests.factories import EditionFactory, GroupFactory, MembershipFactory
from maillage.territories.models import Company, Person
from maillage.territories.services import company_logo_set
from maillage.territories.tests.factories import CompanyFactory, PersonFactory


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def company(leader: Any) -> Company:
    """The leader's own company."""
    company = Person.objects.get(user=leader).company
    assert company is not None
    return company


def send_logo(client: Any, company: Company, name: str, content: bytes) -> Any:
    return client.post(
        reverse("editions:company_edit", args=[company.pk]), {"logo": upload(name, content)}
    )


def test_a_leader_sets_their_companys_logo(client: Any, leader: Any, company: Company) -> None:
    client.force_login(leader)
    assert send_logo(client, company, "mon logo.png", image_bytes()).status_code == 302
    company.refresh_from_db()
    stored = Path(company.logo.path)
    assert stored.parent.name == "logos"
    assert "mon" not in stored.name


def test_staff_of_the_territory_set_a_members_company_logo(
    client: Any, project_manager: Any, company: Company
) -> None:
    client.force_login(project_manager)
    assert send_logo(client, company, "logo.webp", image_bytes("WEBP")).status_code == 302


def test_a_group_member_cannot_change_another_members_company_logo(
    client: Any, facilitator: Any, company: Company
) -> None:
    client.force_login(facilitator)
    assert send_logo(client, company, "logo.png", image_bytes()).status_code == 403


def test_a_pdf_named_png_is_refused_on_the_page(client: Any, leader: Any, company: Company) -> None:
    client.force_login(leader)
    response = send_logo(client, company, "logo.png", PDF)
    assert response.status_code == 200
    assert "ne correspond pas" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


def test_the_logo_is_served_as_its_image_type_without_sniffing(
    client: Any, facilitator: Any, company: Company
) -> None:
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    client.force_login(facilitator)
    response = client.get(reverse("editions:company_logo", args=[company.pk]))
    assert response.status_code == 200
    assert response.content == image_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_someone_who_cannot_see_the_company_gets_404_for_its_logo(
    client: Any, outsider: Any, company: Company
) -> None:
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    client.force_login(outsider)
    assert client.get(reverse("editions:company_logo", args=[company.pk])).status_code == 404


def test_the_company_page_shows_the_logo_and_the_link_to_change_it(
    client: Any, leader: Any, company: Company
) -> None:
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    client.force_login(leader)
    page = client.get(reverse("editions:company", args=[company.pk])).content.decode()
    assert reverse("editions:company_logo", args=[company.pk]) in page
    assert reverse("editions:company_edit", args=[company.pk]) in page


def test_replacing_the_logo_deletes_the_old_file_and_is_audited(
    client: Any, leader: Any, company: Company, django_capture_on_commit_callbacks: Any
) -> None:
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    old = Path(company.logo.path)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        send_logo(client, company, "l.jpg", image_bytes("JPEG"))
    assert not old.exists()
    entry = AuditEntry.objects.get(
        action="territories.company.logo_set", actor=leader, object_id=str(company.pk)
    )
    group = Group.objects.get(memberships__person__user=leader)
    assert entry.territory_id == group.edition.territory_id


def test_a_logo_change_is_in_the_trail_of_each_territory_of_the_firms_people(
    company: Company, group: Group, other_territory: Any
) -> None:
    other_territory_group = GroupFactory(edition=EditionFactory(territory=other_territory))
    MembershipFactory(group=other_territory_group, person=PersonFactory(company=company))
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    territories = set(
        AuditEntry.objects.filter(action="territories.company.logo_set").values_list(
            "territory_id", flat=True
        )
    )
    assert territories == {group.edition.territory_id, other_territory_group.edition.territory_id}


def test_a_logo_change_of_a_firm_outside_any_group_is_in_the_network_trail(db: None) -> None:
    lone = CompanyFactory()
    company_logo_set(company=lone, upload=upload("l.png", image_bytes()), by=None)
    entry = AuditEntry.objects.get(action="territories.company.logo_set")
    assert entry.territory_id is None


def test_removing_the_logo_deletes_its_file(
    client: Any, leader: Any, company: Company, django_capture_on_commit_callbacks: Any
) -> None:
    company_logo_set(company=company, upload=upload("l.png", image_bytes()), by=None)
    stored = Path(company.logo.path)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("editions:company_edit", args=[company.pk]), {"action": "remove"})
    company.refresh_from_db()
    assert not company.logo
    assert not stored.exists()
