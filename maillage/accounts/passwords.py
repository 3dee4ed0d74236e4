"""Password rules beyond Django's: staff (network admins, project managers; superusers and
Django staff accounts too) need 15 characters.

Configured in AUTH_PASSWORD_VALIDATORS, so every form that calls validate_password(password,
user) applies it. Staff-ness comes from the core registry (`core.roles`), which the territories
app fills; an invitation to become a project manager asks for it explicitly (`for_staff=True`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.roles import is_staff_member

STAFF_MIN_LENGTH = 15


class StaffMinimumLengthValidator:
    def __init__(self, min_length: int = STAFF_MIN_LENGTH) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None, *, for_staff: bool = False) -> None:
        if len(password) >= self.min_length:
            return
        if for_staff or is_staff_member(user):
            raise ValidationError(
                ngettext(
                    "Pour l'équipe du programme, le mot de passe doit compter au moins "
                    "%(min_length)d caractère.",
                    "Pour l'équipe du programme, le mot de passe doit compter au moins "
                    "%(min_length)d caractères.",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="staff_password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return _(
            "L'équipe du programme (administrateurs du réseau, chefs de projet) : au moins "
            "%(min_length)d caractères."
        ) % {"min_length": self.min_length}
