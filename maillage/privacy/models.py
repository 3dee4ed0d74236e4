"""The consent log: every change of a person's consents, with its time. Append-only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.territories.models import Person


class ConsentKind(models.TextChoices):
    """Each kind is a boolean field of `territories.Person` holding the current answer."""

    DIRECTORY = "directory_consent", _("apparaître dans l'annuaire au-delà de mon groupe")
    EMAILS = "email_consent", _("recevoir les e-mails du programme")
    QUOTES = "quote_consent", _("accepter d'être cité")


class ConsentEvent(models.Model):
    """A person gave or withdrew a consent, at this time, by this account (themself or staff)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consent_events")
    kind = models.CharField(_("consentement"), max_length=20, choices=ConsentKind.choices)
    granted = models.BooleanField(_("donné"))
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consentement donné ou retiré")
        verbose_name_plural = _("journal des consentements")

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {'granted' if self.granted else 'withdrawn'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The consent log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("The consent log is append-only.")
