"""The form renderer writes the choice widgets exactly as Django's templates do."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from maillage.core.form_renderer import FormRenderer

CHOICES = [
    ("", "— choose —"),
    ("a", "Plain"),
    ("<b>", 'Tricky <i>"label"</i> & co'),
    (3, gettext_lazy("Tous")),
    (4.5, 4.5),
]
GROUPED = [
    ("Fruits & more", [("apple", "Apple"), ("pear", "Pear")]),
    ("solo", "Solo"),
    ("<Veg>", [("leek", "Leek")]),
]


class Everything(forms.Form):
    select = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED)
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "grid"})
    )
    grouped_boxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    yes_no = forms.NullBooleanField(required=False)
    disabled = forms.ChoiceField(
        choices=CHOICES,
        disabled=True,
        widget=forms.Select(attrs={"data-x": mark_safe("<safe>"), "autofocus": True}),
    )
    no_id = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"hidden": False})
    )


DATA: list[dict[str, Any] | None] = [
    None,
    {
        "select": "<b>",
        "grouped": "pear",
        "several": ["a", "3"],
        "boxes": ["<b>", "4.5"],
        "grouped_boxes": ["apple", "leek"],
        "radios": "a",
        "yes_no": "true",
    },
    {"select": "nope", "boxes": []},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_choice_widgets_render_as_djangos_templates(
    data: dict[str, Any] | None, language: str, auto_id: str | bool
) -> None:
    ours, djangos = FormRenderer(), DjangoTemplates()
    with override(language):
        for name in Everything.base_fields:
            form_ours = Everything(data, auto_id=auto_id, renderer=ours)
            form_djangos = Everything(data, auto_id=auto_id, renderer=djangos)
            assert str(form_ours[name]) == str(form_djangos[name]), name
            assert form_ours.as_div() == form_djangos.as_div()


def test_a_widget_with_options_of_its_own_goes_to_django() -> None:
    class Custom(forms.RadioSelect):
        option_template_name = "django/forms/widgets/checkbox_option.html"

    class Odd(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Odd(choices=CHOICES)
    assert widget.render("odd", "a", renderer=FormRenderer()) == widget.render(
        "odd", "a", renderer=DjangoTemplates()
    )
    radios = Custom(choices=CHOICES)
    assert radios.render("r", "a", renderer=FormRenderer()) == radios.render(
        "r", "a", renderer=DjangoTemplates()
    )


def test_the_site_uses_it(settings: Any) -> None:
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "maillage.core.form_renderer.FormRenderer"
    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), FormRenderer)
