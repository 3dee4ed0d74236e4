"""The message catalogues: a small .po reader, and the French catalogue of plural forms.

The source strings are French, so French needs no translation, except for plurals: gettext
chooses between a message's two forms with the catalogue's plural rule, and a message missing
from the catalogue falls back to English's rule (one: singular, else plural), which writes
"0 rencontres suivies". `locale/fr` therefore holds every plural message of the English
catalogue, translated to itself, under the French rule (0 and 1: singular).
`manage.py french_plurals` writes it (`make messages` runs it).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

FRENCH_HEADER = """# French plural forms of Maillage (the source strings are French): written by
# `manage.py french_plurals` from the English catalogue; do not edit.
msgid ""
msgstr ""
"Project-Id-Version: Maillage\\n"
"PO-Revision-Date: 2026-11-27 02:00+0100\\n"
"Last-Translator: Maillage developers\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False


def unquote(text: str) -> str:
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
            value = unquote(line)
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
                entry.msgstr.append(unquote(text))
            elif current == "msgctxt":
                entry.msgctxt = unquote(text)
            elif current == "msgid_plural":
                entry.msgid_plural = unquote(text)
            else:
                entry.msgid = unquote(text)
    return entries


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def plural_entries(entries: list[Entry]) -> list[Entry]:
    """The plural messages (fuzzy ones left out, as gettext leaves them)."""
    return [entry for entry in entries if entry.msgid_plural is not None and not entry.fuzzy]


def french_plurals(entries: list[Entry]) -> str:
    """The French catalogue: each plural message as its own translation."""
    blocks = [FRENCH_HEADER]
    for entry in plural_entries(entries):
        assert entry.msgid_plural is not None
        lines = ["#, python-format"] if "%(" in entry.msgid + entry.msgid_plural else []
        if entry.msgctxt is not None:
            lines.append(f"msgctxt {_quoted(entry.msgctxt)}")
        lines += [
            f"msgid {_quoted(entry.msgid)}",
            f"msgid_plural {_quoted(entry.msgid_plural)}",
            f"msgstr[0] {_quoted(entry.msgid)}",
            f"msgstr[1] {_quoted(entry.msgid_plural)}",
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_french_plurals(english: Path, french: Path) -> int:
    """Write `french` from `english`; the number of plural messages."""
    entries = read_catalogue(english)
    french.parent.mkdir(parents=True, exist_ok=True)
    french.write_text(french_plurals(entries), encoding="utf-8")
    return len(plural_entries(entries))
