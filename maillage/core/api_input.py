"""What the API accepts as numbers: I-JSON's integers (RFC 7493), at most 2**53 - 1 in size.

Pages that read an id from a form field or a query string use `parse_id` for the same bounds.

Strings may not hold the NUL character (U+0000): PostgreSQL cannot store it in a text column or
compare with it (a DataError, hence a 500). Bodies and query strings that hold one are refused
with 400 here too, as Django's form fields refuse it on the pages.

Larger ones are refused with 400 `{"detail": ...}` before they reach a query: SQLite cannot
bind an integer past 64 bits (a raw foreign key lookup raises OverflowError), and a page number
times the page size must stay within 64 bits. Query strings and JSON bodies are checked here,
for every operation at once; path ids go through range-checked `pk` lookups.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser
from pydantic import WithJsonSchema

MAX_INTEGER = 2**53 - 1

# The days a person may give (a meeting's, a contact's, a follow-up's): programmes began in this
# century, and years far off are typing slips that the time zones cannot even convert (year 1
# or 9999 overflow once shifted to UTC, a 500 rather than a refusal).
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2199, 12, 31)
INTEGER = re.compile(r"\s*[+-]?0*(\d+)\s*")


def out_of_range(text: str) -> bool:
    """Whether `text` writes an integer larger than MAX_INTEGER (counted before converting:
    Python refuses to convert very long digit strings)."""
    match = INTEGER.fullmatch(text)
    if match is None:
        return False
    digits = match.group(1)
    return len(digits) > len(str(MAX_INTEGER)) or int(digits) > MAX_INTEGER


def checked_int(text: str) -> int:
    if out_of_range(text):
        raise ValueError(f"integer out of range: {text[:30]}")
    return int(text)


def _holds_nul(data: object) -> bool:
    """Whether a string of `data` (a parsed JSON document, or a list of strings) holds U+0000."""
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_holds_nul(item) for item in data)
    return False


def parse_id(text: object) -> int | None:
    """An id written in a form field or a query string: ASCII digits, at most MAX_INTEGER;
    None for anything else (empty, "abc", "1.5", "²", a number past 64 bits), so that a lookup
    with it finds nothing instead of failing (`str.isdigit()` accepts "²", which `int()`
    refuses)."""
    if not isinstance(text, str) or not text.isascii() or not text.isdigit():
        return None
    if out_of_range(text):
        return None
    return int(text)


class BoundedIntegerParser(Parser):
    """Django Ninja's parser, refusing integers out of range (a body that has one: 400
    "Cannot parse request body"; a query parameter: 400 naming it)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(request.body, parse_int=checked_int)
        if _holds_nul(data):
            raise ValueError("strings may not contain the NUL character (U+0000)")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if any(isinstance(value, str) and out_of_range(value) for value in values):
                raise HttpError(400, f"{key}: number out of range")
            if _holds_nul(key) or _holds_nul(values):
                raise HttpError(400, f"{key[:30]!r}: the NUL character is not allowed")
        return super().parse_querydict(data, list_fields, request)


def named_choices(choices: type[enum.Enum], name: str) -> WithJsonSchema:
    """A choices enum's schema under a name of its own, inline: ninja files an enum's definition
    under its class name, the last one winning, and `Idea.Status`, `Referral.Status` and
    `Application.Status` are all "Status". Use: `Annotated[Idea.Status, named_choices(...)]`."""
    return WithJsonSchema(
        {"title": name, "type": "string", "enum": [choice.value for choice in choices]}
    )
