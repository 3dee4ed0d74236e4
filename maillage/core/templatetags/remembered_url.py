"""`{% url %}` with its answers remembered: Django's, except that a reversal already made by
this process (same view, arguments, URL configuration, prefix and language) is not made again.

Reversing walks the URL patterns each time: a page listing 25 territories or 50 meetings with
a few links each spent about a fifth of its time there. The URLs of a deployment do not change
while it runs, so the answer for given arguments does not either. Only plain arguments (text,
whole numbers) are remembered; anything else (a model instance, whose text could change) is
reversed every time, as by Django. Installed for every template as a builtin (settings), so it
replaces Django's tag without a `{% load %}`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

REMEMBERED = 20_000  # reversals kept per process (a few MB at most)


@lru_cache(maxsize=REMEMBERED)
def remembered_reverse(
    urlconf: str | None,
    prefix: str,
    language: str | None,
    view_name: str,
    args: tuple[str | int, ...],
    kwargs: tuple[tuple[str, str | int], ...],
    current_app: str | None,
) -> str:
    # `prefix` and `language` are in the key only (reverse() reads them itself): a prefix or
    # translated URL patterns give other answers.
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def _plain(value: Any) -> bool:
    return type(value) in (str, int)


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            if all(map(_plain, args)) and all(map(_plain, kwargs.values())):
                url = remembered_reverse(
                    get_urlconf(),
                    get_script_prefix(),
                    get_language(),
                    view_name,
                    tuple(args),
                    tuple(sorted(kwargs.items())),
                    current_app,
                )
            else:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    """Django's `{% url %}` (same syntax), remembering its answers."""
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
