"""Writes on territories: staff assignments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.accounts.services import sessions_end_all
from maillage.core.audit import audit
from maillage.territories.models import ProjectManager, Territory


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
    sessions_end_all(user=user, ip_address=ip_address)
    audit(
        by,
        "territories.project_manager.added",
        obj=manager,
        territory_id=territory.pk,
        ip_address=ip_address,
    )
    return manager
