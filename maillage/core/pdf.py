"""The base of every PDF the app makes (fpdf2): A4, Unicode fonts shipped inside the package.

The PDF core fonts (Helvetica…) speak Latin-1 only: a Polish, Greek or Russian name came out
without its letters. Every document here writes with DejaVu Sans (regular and bold, in
`fonts/`), which covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols; fpdf2 embeds
only the glyphs a document uses (a subset), so a page stays a few tens of kilobytes.

Chinese, Japanese and Korean, which DejaVu lacks, fall back to Droid Sans Fallback (also in
`fonts/`), loaded only by a document that needs it (it takes about a second to read). A
character that neither font has (Devanagari, Thai, an emoji…) cannot be drawn: a symbol or an
emoji is left out, a letter is printed "?", so that a row shows that a name is there and which
part is missing, rather than a blank (fpdf2 would silently drop it). See docs/outputs.md.

Text is put in NFC first: a name typed on a Mac (an "é" as "e" and a combining accent) prints and
extracts as the same name typed anywhere else.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "dejavu"
FALLBACK = "droidfallback"
_FILES = {
    (FONT, ""): "DejaVuSans.ttf",
    (FONT, "B"): "DejaVuSans-Bold.ttf",
    (FALLBACK, ""): "DroidSansFallback.ttf",
}
MISSING = "?"
# Control characters but the line break, which no font draws (a vertical tab, Word's line break,
# pasted in a name): a space.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class Document(FPDF):
    """An A4 portrait document in DejaVu Sans, its first page open."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", FONTS / _FILES[FONT, ""])
        self.add_font(FONT, "B", FONTS / _FILES[FONT, "B"])
        self.set_font(FONT, "", 10)
        self.set_title(unicodedata.normalize("NFC", title))
        self.set_creator("Maillage")
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()

    def normalize_text(self, text: str) -> str:
        """Every text fpdf2 writes or measures goes through here (cells, tables, widths)."""
        text = _CONTROLS.sub(" ", unicodedata.normalize("NFC", text))
        if text.isascii():
            return text
        printable = "".join(self._printable(char) for char in text)
        if FALLBACK in self.fonts and self.page > 0 and not self.current_font_is_set_on_page:
            # fpdf2 2.8.9: when the first text after a new page or a set_font() starts in a
            # fallback font, it sets the main font inside that line's own q…Q only, yet takes
            # it as set for the page: the next lines had no font ("No font in show"), and
            # viewers and text extraction lost them. Setting it on the page first avoids that.
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))  # type: ignore[arg-type]
        return printable

    def _printable(self, char: str) -> str:
        code = ord(char)
        if code < 128 or code in self.current_font.cmap:  # type: ignore[union-attr]
            return char
        if code in self._fallback_cmap():
            return char
        category = unicodedata.category(char)
        if category == "Zs":
            return " "
        if category[0] in "SMC":  # symbols, emoji, combining marks, joiners and selectors
            return ""
        return MISSING

    def _fallback_cmap(self) -> dict[int, str]:
        """The CJK font's characters, the font added to this document on first need."""
        if FALLBACK not in self.fonts:
            self.add_font(FALLBACK, "", FONTS / _FILES[FALLBACK, ""])
            # exact_match=False: bold text falls back to the (only, regular) CJK font too.
            self.set_fallback_fonts([FALLBACK], exact_match=False)
        return self.fonts[FALLBACK].cmap  # type: ignore[union-attr]

    def output_bytes(self) -> bytes:
        try:
            return bytes(self.output())
        finally:
            # fontTools reads the font files lazily and keeps them open until collected (a
            # ResourceWarning then): closed here, once the document is written.
            for font in self.fonts.values():
                ttfont = getattr(font, "ttfont", None)
                if ttfont is not None:
                    ttfont.close()
