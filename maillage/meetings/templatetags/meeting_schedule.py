"""Filters of the scheduling pages: the engine's English warnings in the user's language."""

from __future__ import annotations

from django import template

from maillage.engines.scheduling import CoverageWarning
from maillage.meetings.services.schedule import warning_text

register = template.Library()


@register.filter
def coverage_warning(warning: CoverageWarning) -> str:
    """A day our holiday data does not cover, said in the active language."""
    return warning_text(warning)
