from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from maillage.business.models import Idea
from maillage.business.tests.factories import IdeaFactory
from maillage.core.audit import audit
from maillage.core.models import AuditEntry
from maillage.core.tests.files import PDF
from maillage.editions.models import Group
from maillage.editions.recruitment.models import Application
from maillage.editions.tests.applicants import ApplicationFactory
from maillage.meetings.models import MeetingDocument, Minutes
from maillage.meetings.tests.factories import MeetingFactory, MinutesFactory
from maillage.privacy.retention import apply_retention
from maillage.privacy.tasks import apply_retention_task

pytestmark = pytest.mark.django_db


def entry_aged(days: int, ip: str = "198.51.100.4") -> AuditEntry:
    entry = audit(None, "accounts.login.failed", ip_address=ip)
    # `at` is set on creation: age the entry through the database (a test-only rewrite).
    AuditEntry._base_manager.filter(pk=entry.pk).update(
        at=timezone.now() - datetime.timedelta(days=days)
    )
    return entry


def address(entry: AuditEntry) -> str | None:
    return AuditEntry.objects.values_list("ip_address", flat=True).get(pk=entry.pk)


def test_retention_purges_audit_addresses_older_than_twelve_months() -> None:
    old = entry_aged(400)
    recent = entry_aged(300)
    apply_retention()
    assert address(old) is None
    assert address(recent) == "198.51.100.4"
    assert AuditEntry.objects.filter(pk=old.pk).exists()  # the entry stays


def test_retention_period_of_audit_addresses_is_a_setting(settings: Any) -> None:
    settings.RETENTION = {"audit_addresses": 6}
    entry = entry_aged(200)
    apply_retention()
    assert address(entry) is None


def test_retention_is_idempotent() -> None:
    entry_aged(400)
    first = {r.kind: r.affected for r in apply_retention()}
    entries = AuditEntry.objects.count()
    second = {r.kind: r.affected for r in apply_retention()}
    assert first["audit_addresses"] == 1
    assert second["audit_addresses"] == 0
    assert AuditEntry.objects.count() == entries  # the second run wrote nothing


def closed_group_minutes(alumni_group: Group) -> Minutes:
    meeting = MeetingFactory(
        group=alumni_group, starts_at=timezone.now() - datetime.timedelta(days=800)
    )
    return MinutesFactory(meeting=meeting)


def test_minutes_are_kept_by_default(alumni_group: Group) -> None:
    minutes = closed_group_minutes(alumni_group)
    apply_retention()
    assert Minutes.objects.filter(pk=minutes.pk).exists()


def test_minutes_go_after_the_period_following_the_closing(
    settings: Any, alumni_group: Group, group: Group
) -> None:
    # The alumni edition closed about 6 months ago (opened 900 days ago, 24 months long).
    settings.RETENTION = {"minutes": 3}
    old = closed_group_minutes(alumni_group)
    current = MinutesFactory(meeting=MeetingFactory(group=group))
    apply_retention()
    assert not Minutes.objects.filter(pk=old.pk).exists()
    assert Minutes.objects.filter(pk=current.pk).exists()
    entry = AuditEntry.objects.get(action="privacy.retention.minutes_deleted")
    assert entry.territory_id == alumni_group.edition.territory_id
    assert entry.data["count"] == 1


def test_minutes_are_kept_within_the_period(settings: Any, alumni_group: Group) -> None:
    settings.RETENTION = {"minutes": 24}
    minutes = closed_group_minutes(alumni_group)
    apply_retention()
    assert Minutes.objects.filter(pk=minutes.pk).exists()


def test_unknown_kinds_of_data_are_refused(settings: Any) -> None:
    settings.RETENTION = {"photos": 3}
    with pytest.raises(ValueError, match="photos"):
        apply_retention()


def test_apply_retention_command_reports_every_kind() -> None:
    entry_aged(400)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    lines = out.getvalue().splitlines()
    assert "audit_addresses: after 12 months: 1 purged" in lines
    assert "minutes: kept (no period set)" in lines
    assert "applications: kept (no period set)" in lines
    assert not any("not modelled" in line for line in lines)


def test_retention_task_applies_the_policy() -> None:
    entry_aged(400)
    result = apply_retention_task.enqueue()
    assert result.return_value["audit_addresses"] == 1


def test_ideas_go_after_the_period_following_the_closing(
    settings: Any, alumni_group: Group, group: Group
) -> None:
    settings.RETENTION = {"ideas": 3}
    old_meeting = MeetingFactory(
        group=alumni_group, starts_at=timezone.now() - datetime.timedelta(days=800)
    )
    author = alumni_group.memberships.first().person
    old = IdeaFactory(meeting=old_meeting, group=alumni_group, author=author)
    current = IdeaFactory(
        meeting=MeetingFactory(group=group), group=group, author=group.memberships.first().person
    )
    apply_retention()
    assert not Idea.objects.filter(pk=old.pk).exists()
    assert Idea.objects.filter(pk=current.pk).exists()
    again = {result.kind: result.affected for result in apply_retention()}
    assert again["ideas"] == 0  # idempotent


def test_applications_go_after_the_period_following_the_closing(
    settings: Any, alumni_group: Group, group: Group
) -> None:
    settings.RETENTION = {"applications": 3}
    declined = ApplicationFactory(edition=alumni_group.edition, status=Application.Status.DECLINED)
    accepted = ApplicationFactory(edition=alumni_group.edition, status=Application.Status.ACCEPTED)
    current = ApplicationFactory(edition=group.edition)
    first = {result.kind: result.affected for result in apply_retention()}
    assert first["applications"] == 2
    assert not Application.objects.filter(pk__in=[declined.pk, accepted.pk]).exists()
    assert Application.objects.filter(pk=current.pk).exists()
    entry = AuditEntry.objects.get(action="privacy.retention.applications_deleted")
    assert entry.territory_id == alumni_group.edition.territory_id
    assert entry.data == {"count": 2, "months": 3}
    again = {result.kind: result.affected for result in apply_retention()}
    assert again["applications"] == 0


def test_applications_are_kept_within_the_period(settings: Any, alumni_group: Group) -> None:
    settings.RETENTION = {"applications": 24}
    application = ApplicationFactory(edition=alumni_group.edition)
    apply_retention()
    assert Application.objects.filter(pk=application.pk).exists()


def test_meeting_documents_go_with_their_files_after_the_period(
    settings: Any,
    tmp_path: Path,
    alumni_group: Group,
    group: Group,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.RETENTION = {"documents": 3}
    old_meeting: Any = MeetingFactory(
        group=alumni_group, starts_at=timezone.now() - datetime.timedelta(days=800)
    )
    current_meeting: Any = MeetingFactory(group=group)
    old = MeetingDocument.objects.create(
        meeting=old_meeting, title="Support", file=ContentFile(PDF, name="s.pdf")
    )
    current = MeetingDocument.objects.create(
        meeting=current_meeting, title="Plan", file=ContentFile(PDF, name="p.pdf")
    )
    old_file, current_file = Path(old.file.path), Path(current.file.path)
    assert old_file.exists()
    assert current_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        results = {result.kind: result.affected for result in apply_retention()}
    assert results["documents"] == 1
    assert not MeetingDocument.objects.filter(pk=old.pk).exists()
    assert not old_file.exists()
    assert MeetingDocument.objects.filter(pk=current.pk).exists()
    assert current_file.exists()


def test_every_kind_of_the_policy_has_a_rule() -> None:
    assert all(result.implemented for result in apply_retention())


def test_retention_periods_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.settings import _retention_months

    monkeypatch.setenv("RETENTION_DOCUMENTS_MONTHS", "18")
    monkeypatch.setenv("RETENTION_IDEAS_MONTHS", "")
    assert _retention_months("documents") == 18
    assert _retention_months("ideas") is None
    assert _retention_months("audit_addresses", 12) == 12
