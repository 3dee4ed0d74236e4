"""English is complete: every string of the code and templates is in the English catalogue,
translated, and the compiled catalogue matches it. French strings follow French typography."""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

from maillage.core.catalogue import french_plurals, plural_entries, read_catalogue, unquote

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
GETTEXT_FUNCTIONS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
Key = tuple[str | None, str]


def _strings_of_call(node: ast.Call) -> Key | None:
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    if name not in GETTEXT_FUNCTIONS:
        return None
    context_at, msgid_at = GETTEXT_FUNCTIONS[name]
    args = node.args
    if len(args) <= msgid_at or not isinstance(args[msgid_at], ast.Constant):
        return None
    context = None
    if context_at is not None:
        context_node = args[context_at]
        if not isinstance(context_node, ast.Constant):
            return None
        context = str(context_node.value)
    return context, str(args[msgid_at].value)


def python_strings(source: str) -> set[Key]:
    keys = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and (key := _strings_of_call(node)) is not None:
            keys.add(key)
    return keys


def template_strings(source: str) -> set[Key]:
    """Django's own template-to-gettext conversion, then the calls it wrote."""
    converted = templatize(source)
    keys = set()
    for match in re.finditer(r"(?<![\w.])(_|n?p?gettext)\(", converted):
        tokens = tokenize.generate_tokens(io.StringIO(converted[match.end() - 1 :]).readline)
        strings, depth = [], 0
        for token in tokens:
            if token.type == tokenize.OP and token.string == "(":
                depth += 1
            elif token.type == tokenize.OP and token.string == ")":
                depth -= 1
                if depth == 0:
                    break
            elif token.type == tokenize.STRING and depth == 1:
                strings.append(unquote(token.string))
        if match.group(1) in {"pgettext", "npgettext"}:
            keys.add((strings[0], strings[1]))
        elif strings:
            keys.add((None, strings[0]))
    return keys


def source_strings() -> dict[Key, Path]:
    found: dict[Key, Path] = {}
    for path in sorted([*(ROOT / "maillage").rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        if "migrations" not in path.parts:
            for key in python_strings(path.read_text(encoding="utf-8")):
                found.setdefault(key, path)
    templates = [*(ROOT / "templates").rglob("*"), *(ROOT / "maillage").glob("*/templates/**/*")]
    for path in sorted(templates):
        if path.suffix in {".html", ".txt"}:
            for key in template_strings(path.read_text(encoding="utf-8")):
                found.setdefault(key, path)
    return found


def test_every_string_of_the_code_is_in_the_english_catalogue() -> None:
    catalogue = {(entry.msgctxt, entry.msgid) for entry in read_catalogue(CATALOGUE)}
    missing = {
        f"{path.relative_to(ROOT)}: {key[1]!r}"
        for key, path in source_strings().items()
        if key not in catalogue
    }
    assert sorted(missing) == [], "run `make messages` and translate the new entries"


def test_every_english_entry_is_translated() -> None:
    untranslated = [
        entry.msgid for entry in read_catalogue(CATALOGUE) if entry.fuzzy or not all(entry.msgstr)
    ]
    assert untranslated == []


def test_the_compiled_english_catalogue_matches_its_source() -> None:
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for entry in read_catalogue(CATALOGUE):
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert translations.ngettext(msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert translations.ngettext(msgid, entry.msgid_plural, 2) == entry.msgstr[1]
        else:
            assert translations.gettext(msgid) == entry.msgstr[0], entry.msgid


FRENCH_SPACING = re.compile(r"\w ?[;:!?](?:\s|$)|« | »|\w[;!?]")


def test_french_strings_put_a_non_breaking_space_before_double_punctuation() -> None:
    """`:`, `;`, `!`, `?` and the inside of « » take a non-breaking space in French."""
    wrong = [
        entry.msgid
        for entry in read_catalogue(CATALOGUE)
        if entry.msgctxt != "long date with weekday"
        and any(FRENCH_SPACING.search(text) for text in [entry.msgid, entry.msgid_plural or ""])
    ]
    assert wrong == []


FRENCH_CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_french_catalogue_holds_every_plural_message_under_the_french_rule() -> None:
    """French says "0 rencontre suivie": every plural message is in locale/fr, as written by
    `manage.py french_plurals` from the English catalogue, and compiled."""
    assert FRENCH_CATALOGUE.read_text(encoding="utf-8") == french_plurals(
        read_catalogue(CATALOGUE)
    ), "run `manage.py french_plurals`, then compilemessages"
    with FRENCH_CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    plurals = plural_entries(read_catalogue(CATALOGUE))
    assert plurals
    for entry in plurals:
        assert entry.msgid_plural is not None
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert translations.ngettext(msgid, entry.msgid_plural, 0) == entry.msgid
        assert translations.ngettext(msgid, entry.msgid_plural, 2) == entry.msgid_plural


def test_french_counts_zero_in_the_singular() -> None:
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("fr"):
        assert ngettext("%(n)d voix", "%(n)d voix", 0) == "%(n)d voix"
        text = ngettext(
            "%(counter)s rencontre suivie sur %(total)s",
            "%(counter)s rencontres suivies sur %(total)s",
            0,
        )
    assert text == "%(counter)s rencontre suivie sur %(total)s"
