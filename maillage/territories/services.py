"""Writes on territories: staff assignments, company logos."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.accounts.services import sessions_end_all
from maillage.core.audit import audit
from maillage.core.uploads import Kind, check_upload
from maillage.territories.models import Company, NetworkAdmin, ProjectManager, Territory


@transaction.atomic
def project_manager_add(
    *, territory: Territory, user: Any, by: Any, ip_address: str | None = None
) -> ProjectManager:
    """Make `user` a project manager of `territory`. Staff rules (two-factor authentication,
    shorter sessions, longer passwords) apply from their next login: their current sessions
    end here, so that next login is now."""
    if ProjectManager.objects.filter(territory=territory, user=user).exists():
        raise ValidationError(
            _("Cette personne est déjà chef de projet de ce territoire."), code="duplicate"
        )
    manager = ProjectManager.objects.create(territory=territory, user=user)
    staff_role_granted(role=manager, by=by, ip_address=ip_address)
    return manager


@transaction.atomic
def staff_role_granted(
    *, role: ProjectManager | NetworkAdmin, by: Any, ip_address: str | None = None
) -> None:
    """A staff role was just given (by invitation, or by a superuser in the admin). Staff
    rules apply from the next login: the account's sessions end and its API tokens are
    revoked, since none of them passed a second factor. Audited."""
    sessions_end_all(user=role.user, ip_address=ip_address)
    if isinstance(role, ProjectManager):
        audit(
            by,
            "territories.project_manager.added",
            obj=role,
            territory_id=role.territory_id,
            ip_address=ip_address,
        )
    else:
        audit(by, "territories.network_admin.added", obj=role, ip_address=ip_address)


# Company logos ----------------------------------------------------------------------------------


def _delete_after_commit(company: Company, name: str) -> None:
    """The replaced or removed logo's file goes once the change commits."""
    storage = company.logo.storage
    transaction.on_commit(lambda: storage.delete(name))


def _audit_company(by: Any, action: str, company: Company, ip_address: str | None) -> None:
    """One entry per territory where the firm's people are members, so that each territory's
    trail shows it (a firm outside any group: one entry, network-wide only)."""
    territory_ids = sorted(
        Territory.objects.filter(editions__groups__memberships__person__company=company)
        .values_list("pk", flat=True)
        .distinct()
    )
    targets: list[int | None] = [*territory_ids] or [None]
    for territory_id in targets:
        audit(by, action, obj=company, territory_id=territory_id, ip_address=ip_address)


@transaction.atomic
def company_logo_set(
    *, company: Company, upload: Any, by: Any, ip_address: str | None = None
) -> Company:
    """Replace the company's logo by `upload` (checked: PNG, JPEG or WebP, size-limited;
    stored under a generated name). Who may is the caller's check (editions.permissions)."""
    extension = check_upload(upload, Kind.LOGO)
    previous = company.logo.name
    company.logo.save(f"logo.{extension}", upload, save=False)
    company.save(update_fields=["logo"])
    if previous:
        _delete_after_commit(company, previous)
    _audit_company(by, "territories.company.logo_set", company, ip_address)
    return company


@transaction.atomic
def company_logo_remove(*, company: Company, by: Any, ip_address: str | None = None) -> Company:
    previous = company.logo.name
    if not previous:
        return company
    company.logo = ""
    company.save(update_fields=["logo"])
    _delete_after_commit(company, previous)
    _audit_company(by, "territories.company.logo_removed", company, ip_address)
    return company
