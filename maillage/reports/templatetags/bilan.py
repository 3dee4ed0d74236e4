"""Filters of the bilan pages: shares as percentages, a hidden figure as "—" with its reason."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from maillage.editions.models import edition_label, edition_title

register = template.Library()


def _hidden() -> SafeString:
    return format_html(
        '<span class="hidden-figure">—<span class="visually-hidden"> {}</span></span>',
        _("(non montré : moins de cinq personnes)"),
    )


@register.filter
def programme(number: int) -> str:
    """An edition by its number: "4e programme", "1er programme"."""
    return edition_label(number)


@register.filter
def programme_in(number: int, territory_name: str) -> str:
    """An edition's title: "4e programme en Roannais"."""
    return edition_title(number, territory_name)


@register.simple_tag
def not_asked() -> SafeString:
    """A figure the questionnaire does not ask (the NPS of the baseline): said, not hidden."""
    return format_html('<span class="hidden-figure">{}</span>', _("non demandé"))


@register.filter
def pct(value: float | None) -> str | SafeString:
    """0.625 → "63 %"; None → "—"."""
    if value is None:
        return _hidden()
    return f"{formats.number_format(round(100 * value), 0, use_l10n=True)}\u202f%"


@register.filter
def num(value: float | Decimal | None, digits: int = 1) -> str | SafeString:
    """A figure with `digits` decimals; None → "—"."""
    if value is None:
        return _hidden()
    return str(formats.number_format(round(float(value), digits), digits, use_l10n=True))


@register.filter
def signed(value: float | None, digits: int = 2) -> str | SafeString:
    if value is None:
        return _hidden()
    text = str(formats.number_format(round(abs(value), digits), digits, use_l10n=True))
    return f"{'−' if value < 0 else '+'}{text}"


@register.filter
def euros(value: Decimal | None) -> str | SafeString:
    if value is None:
        return _hidden()
    amount = formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0€"
