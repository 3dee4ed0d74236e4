"""The catalogue of themes and the link between a meeting and its themes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.meetings.models import Meeting
from maillage.territories.models import Network


class Theme(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("thématique")
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="unique_theme_slug")
        ]

    def __str__(self) -> str:
        return self.title


class MeetingTheme(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meeting_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="meeting_themes")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "theme"], name="unique_meeting_theme")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} at {self.meeting_id}"
