"""English is complete: every string of the code and templates is in the English catalogue,
translated, and the compiled catalogue matches it. French strings follow French typography."""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation.template import templatize

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


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))


def read_catalogue(path: Path) -> list[Entry]:
    """A small reader of .po files (the header entry left out)."""
    entries: list[Entry] = []
    entry, current = Entry(), ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or line.startswith("#~"):
            if entry.msgid or entry.msgstr:
                if entry.msgid:
                    entries.append(entry)
                entry, current = Entry(), ""
            continue
        if line.startswith("#,") and "fuzzy" in line:
            entry.fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if current == "msgstr":
                entry.msgstr[-1] += value
            elif current == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif current == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            else:
                entry.msgid += value
        else:
            keyword, _space, text = line.partition(" ")
            current = "msgstr" if keyword.startswith("msgstr") else keyword
            if current == "msgstr":
                entry.msgstr.append(_unquote(text))
            elif current == "msgctxt":
                entry.msgctxt = _unquote(text)
            elif current == "msgid_plural":
                entry.msgid_plural = _unquote(text)
            else:
                entry.msgid = _unquote(text)
    return entries


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
                strings.append(_unquote(token.string))
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
