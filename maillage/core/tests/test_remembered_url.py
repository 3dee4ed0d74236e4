"""`{% url %}` (core.templatetags.remembered_url) answers exactly as Django's tag, and does
not walk the URL patterns again for a reversal it already made."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.template import Context, Engine, engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from maillage.core.templatetags import remembered_url


def render(source: str, **context: Any) -> str:
    return engines["django"].from_string(source).render(context)


def render_with_djangos_tag(source: str, **context: Any) -> str:
    return Engine().from_string(source).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'home' %}",
        "{% url 'meetings:calendar' 42 %}",
        "{% url 'meetings:calendar' group_id %}",
        "{% url 'reports:territory' slug %}",
        "{% url 'reports:territory' slug=slug %}",
        "{% url 'reports:territory' slug as address %}[{{ address }}]",
        "{% url 'no-such-view' as address %}[{{ address }}]",
    ],
)
def test_it_answers_as_djangos_tag(source: str) -> None:
    context = {"group_id": 7, "slug": "roannais-forez"}
    assert render(source, **context) == render_with_djangos_tag(source, **context)


def test_the_templates_use_it_without_loading_it() -> None:
    template = engines["django"].from_string("{% url 'home' %}")
    assert isinstance(template.template.nodelist[0], remembered_url.RememberedURLNode)


def test_a_reversal_is_made_once_then_remembered() -> None:
    remembered_url.remembered_reverse.cache_clear()
    with mock.patch.object(remembered_url, "reverse", wraps=reverse) as reversals:
        for group_id in (3, 3, 3, 4):
            render("{% url 'meetings:calendar' group_id %}", group_id=group_id)
    assert reversals.call_count == 2


def test_other_arguments_are_reversed_every_time() -> None:
    """An object's text could change: only text and whole numbers are remembered."""

    class Slug:
        def __str__(self) -> str:
            return "roannais"

    with mock.patch.object(remembered_url, "reverse", wraps=reverse) as reversals:
        for _ in range(3):
            assert render("{% url 'reports:territory' slug %}", slug=Slug()) == reverse(
                "reports:territory", args=["roannais"]
            )
    assert reversals.call_count == 3


def test_an_unknown_view_still_raises() -> None:
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")


def test_the_script_prefix_is_part_of_the_answer() -> None:
    """Served under /maillage/, the same reversal gives another address."""
    from django.urls import set_script_prefix

    request = RequestFactory().get("/")
    assert render("{% url 'home' %}", request=request) == "/"
    set_script_prefix("/maillage/")
    try:
        assert render("{% url 'home' %}", request=request) == "/maillage/"
    finally:
        set_script_prefix("/")
