"""Select options built once per page, each row's choice marked by the `selecting` filter."""

from __future__ import annotations

from django.template import engines

from maillage.core.templatetags.options import options_html, selecting

CHOICES = [(1, "Recruter"), (12, "Vendre <plus> & mieux"), (2, 'Le "digital"')]


def test_options_are_escaped_and_none_is_selected() -> None:
    assert options_html(CHOICES) == (
        '<option value="1">Recruter</option>'
        '<option value="12">Vendre &lt;plus&gt; &amp; mieux</option>'
        '<option value="2">Le &quot;digital&quot;</option>'
    )


def test_selecting_marks_the_one_option_with_that_value() -> None:
    options = options_html(CHOICES)
    assert selecting(options, 1).count(" selected") == 1
    assert '<option value="1" selected>Recruter</option>' in selecting(options, 1)
    # 12 is not 1 nor 2: the marker is the whole opening tag.
    assert '<option value="12" selected>' in selecting(options, 12)
    assert selecting(options, 2).count(" selected") == 1


def test_selecting_nothing_or_an_unknown_value_keeps_the_options() -> None:
    options = options_html(CHOICES)
    assert selecting(options, None) == options
    assert selecting(options, "") == options
    assert selecting(options, 99) == options


def test_in_a_template_the_result_is_not_escaped_again() -> None:
    template = engines["django"].from_string(
        "{% load options %}<select>{{ options|selecting:chosen }}</select>"
    )
    html = template.render({"options": options_html(CHOICES), "chosen": 12})
    assert '<option value="12" selected>Vendre &lt;plus&gt; &amp; mieux</option>' in html
    assert "&lt;option" not in html
