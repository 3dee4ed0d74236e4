"""Select options built once per page, not once per row.

A form with one select per row (a meeting's theme, say) would loop over every choice on every
row in the template language, which costs as much as the rest of the page. Build the options
once in the view with `options_html`, then mark each row's choice::

    {% load options %}
    <select name="theme-{{ meeting.pk }}">{{ theme_options|selecting:current_id }}</select>
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def options_html(choices: Iterable[tuple[object, object]]) -> SafeString:
    """`<option>` elements for (value, label) pairs, both escaped, none selected."""
    return format_html_join("", '<option value="{}">{}</option>', choices)


@register.filter
def selecting(options: SafeString, value: object) -> SafeString:
    """`options` (from `options_html`) with the one whose value is `value` selected; the same
    options when none has it (or `value` is None)."""
    if value is None:
        return options
    marker = format_html('<option value="{}">', value)
    return mark_safe(options.replace(marker, f"{marker[:-1]} selected>", 1))
