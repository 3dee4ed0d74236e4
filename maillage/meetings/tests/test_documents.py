"""A meeting's documents: the group shares and downloads them; staff get 403, everyone else
404; files are checked, stored under generated names, served as attachments only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.personal_data import Subject
from maillage.core.tests.files import PDF, docx_bytes, upload
from maillage.meetings.models import Meeting, MeetingDocument
from maillage.meetings.personal_data import export
from maillage.meetings.services.documents import document_add


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def document(planned_meeting: Meeting, leader: Any) -> MeetingDocument:
    return document_add(
        meeting=planned_meeting, title="Plan de trésorerie", upload=upload("p.pdf", PDF), by=leader
    )


def share(client: Any, meeting: Meeting, name: str, content: bytes) -> Any:
    return client.post(
        reverse("meetings:documents", args=[meeting.pk]),
        {"title": "Support de la rencontre", "file": upload(name, content)},
    )


def test_a_member_shares_a_document_from_the_meeting(
    client: Any, leader: Any, planned_meeting: Meeting, settings: Any
) -> None:
    client.force_login(leader)
    response = share(client, planned_meeting, "Support (final).docx", docx_bytes())
    assert response.status_code == 302
    document = MeetingDocument.objects.get(meeting=planned_meeting)
    stored = Path(document.file.path)
    assert stored.parent == Path(settings.MEDIA_ROOT) / "meeting-documents"
    assert "final" not in stored.name
    assert stored.read_bytes() == docx_bytes()


def test_a_document_whose_content_is_not_its_type_is_refused_on_the_page(
    client: Any, leader: Any, planned_meeting: Meeting, settings: Any
) -> None:
    client.force_login(leader)
    response = share(client, planned_meeting, "support.pdf", b"<html><script>x</script>")
    assert response.status_code == 200
    assert "ne correspond pas" in response.content.decode()
    assert not MeetingDocument.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_the_group_downloads_a_document_as_an_attachment(
    client: Any, facilitator: Any, document: MeetingDocument
) -> None:
    client.force_login(facilitator)
    response = client.get(reverse("meetings:document", args=[document.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan-de-tresorerie.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_of_the_territory_cannot_download_a_document(
    client: Any, project_manager: Any, document: MeetingDocument
) -> None:
    client.force_login(project_manager)
    assert client.get(reverse("meetings:document", args=[document.pk])).status_code == 403


def test_a_leader_of_another_group_gets_404_for_a_document(
    client: Any, other_group_leader: Any, document: MeetingDocument
) -> None:
    client.force_login(other_group_leader)
    assert client.get(reverse("meetings:document", args=[document.pk])).status_code == 404


def test_staff_cannot_share_a_document(
    client: Any, project_manager: Any, planned_meeting: Meeting
) -> None:
    client.force_login(project_manager)
    assert share(client, planned_meeting, "support.pdf", PDF).status_code == 403


def test_a_member_cannot_remove_a_document_someone_else_shared(
    client: Any, leader: Any, facilitator: Any, planned_meeting: Meeting
) -> None:
    shared = document_add(
        meeting=planned_meeting, title="Support", upload=upload("s.pdf", PDF), by=facilitator
    )
    client.force_login(leader)
    response = client.post(reverse("meetings:document_remove", args=[shared.pk]))
    assert response.status_code == 403
    assert MeetingDocument.objects.filter(pk=shared.pk).exists()


def test_the_uploader_removes_their_document_and_its_file_goes(
    client: Any,
    leader: Any,
    document: MeetingDocument,
    django_capture_on_commit_callbacks: Any,
) -> None:
    stored = Path(document.file.path)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:document_remove", args=[document.pk]))
    assert response.status_code == 302
    assert not MeetingDocument.objects.exists()
    assert not stored.exists()


def test_a_facilitator_removes_a_members_document(
    client: Any, facilitator: Any, document: MeetingDocument
) -> None:
    client.force_login(facilitator)
    client.post(reverse("meetings:document_remove", args=[document.pk]))
    assert not MeetingDocument.objects.exists()


def test_sharing_and_removing_are_audited_without_the_content(
    client: Any, facilitator: Any, document: MeetingDocument
) -> None:
    client.force_login(facilitator)
    client.post(reverse("meetings:document_remove", args=[document.pk]))
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "meetings.document.added" in actions
    assert "meetings.document.removed" in actions
    assert "trésorerie" not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_a_meetings_documents_go_with_it_files_included(
    document: MeetingDocument, django_capture_on_commit_callbacks: Any
) -> None:
    stored = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        document.meeting.delete()
    assert not stored.exists()


def test_the_export_lists_the_documents_one_shared_by_title(
    leader: Any, document: MeetingDocument
) -> None:
    shared = export(Subject(person_id=None, user_id=leader.pk))["documents_shared"]
    assert [row["title"] for row in shared] == ["Plan de trésorerie"]
