"""The form renderer (settings.FORM_RENDERER): Django's, with the choice widgets written in Python.

Django renders a select, a list of checkboxes or of radio buttons through one template per
option (and another for its attributes): on a page with a catalogue of thirty themes as
checkboxes, that was a quarter of the page's time. The markup here is the same as Django's
templates, byte for byte (`core/tests/test_form_renderer.py` compares them on every kind of
choice widget); any other template, or an option with a template of its own, goes to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
_OPTION_TEMPLATES = {
    f"{_WIDGETS}select_option.html",
    f"{_WIDGETS}checkbox_option.html",
    f"{_WIDGETS}radio_option.html",
}


def _text(value: Any) -> str:
    """`{{ value }}`: localized, escaped unless already safe."""
    return str(conditional_escape(localize(value)))


def _raw(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: as text, escaped unless already safe."""
    return str(conditional_escape(value if hasattr(value, "__html__") else str(value)))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_raw(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/select.html, with select_option.html for each option."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{_raw(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"  # each option's template ends with a newline
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: Mapping[str, Any]) -> str:
    """django/forms/widgets/checkbox_option.html or radio_option.html, which include
    input_option.html, which includes input.html: each ends with a newline."""
    value = "" if option["value"] is None else f' value="{_raw(option["value"])}"'
    field = (
        f'<input type="{_text(option["type"])}" name="{_text(option["name"])}"{value}'
        f"{_attrs(option['attrs'])}>\n"
    )
    if not option["wrap_label"]:
        return f"{field}\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{field} {_text(option['label'])}</label>\n\n"


def _multiple_input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/multiple_input.html (checkbox_select.html, radio.html)."""
    widget_id = widget["attrs"].get("id")
    css_class = widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_text(widget_id)}"' if widget_id else "",
        f' class="{_text(css_class)}"' if css_class else "",
        ">",
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_text(group_name)}</label>")
        parts.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}checkbox_select.html": _multiple_input,
    f"{_WIDGETS}radio.html": _multiple_input,
}


class FormRenderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        write = _WRITERS.get(template_name)
        widget = context.get("widget")
        if write is None or widget is None or not _standard_options(widget):
            return super().render(template_name, context, request)
        return write(widget).strip()


def _standard_options(widget: Mapping[str, Any]) -> bool:
    return all(
        option.get("template_name") in _OPTION_TEMPLATES
        for _name, options, _index in widget.get("optgroups", ())
        for option in options
    )
