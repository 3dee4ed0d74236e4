"""Filters of the scheduling pages: the engine's English warnings and French conflicts in the
user's language."""

from __future__ import annotations

from django import template

from maillage.engines.scheduling import Conflict, CoverageWarning
from maillage.meetings.services.schedule import conflict_text, warning_text

register = template.Library()


@register.filter
def coverage_warning(warning: CoverageWarning) -> str:
    """A day our holiday data does not cover, said in the active language."""
    return warning_text(warning)


@register.filter
def conflict(conflict: Conflict) -> str:
    """Why a day does not suit (a holiday, August...), said in the active language."""
    return conflict_text(conflict)
