"""Standard output and error on a console that cannot show every character (cp1258, ASCII).

Python stops with UnicodeEncodeError at the first character the console's encoding lacks (the
box of a table, a Vietnamese letter). Such streams are given an error handler that writes the
closest character the encoding has: a Vietnamese letter as cp1258 spells it (base letter and a
combining tone mark), else without its accents, a symbol as ASCII, and '?' as a last resort.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

from ..text import unaccented

HANDLER = "mdpoverty-closest"
# cp1258 has the letters with breve, circumflex and horn, and the five tone marks as combining
# characters; NFD splits a letter such as 'ộ' into the base, the circumflex and the tone
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYMBOLS = {
    "✓": "v",
    "✗": "x",
    "→": "->",
    "←": "<-",
    "↓": "v",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "—": "-",
    "–": "-",
    "…": "...",
    "·": "-",
    "×": "x",
}


def _candidates(ch: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize(
        "NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in _TONES)
    )
    tones = "".join(m for m in decomposed[1:] if m in _TONES)
    return [ch, base + tones, decomposed, unaccented(ch), _SYMBOLS.get(ch, "")]


def closest(ch: str, encoding: str) -> str:
    """`ch` as the closest text that `encoding` can write."""
    for candidate in _candidates(ch):
        if not candidate:
            continue
        try:
            candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return candidate
    return "?"


def handler_for(encoding: str) -> str:
    """The name of an error handler that writes the closest text `encoding` has (registered
    once; a charmap codec does not tell its handler which encoding it is)."""
    name = f"{HANDLER}-{encoding}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def handle(exc: UnicodeError) -> tuple[str, int]:
            if not isinstance(exc, UnicodeEncodeError):
                raise exc
            text = exc.object[exc.start : exc.end]
            return "".join(closest(ch, encoding) for ch in text), exc.end

        codecs.register_error(name, handle)
    return name


def _can_write_vietnamese(stream: io.TextIOWrapper) -> bool:
    try:
        "Hộ nghèo ┃ ✓".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def tolerate_encoding() -> None:
    """Give stdout and stderr the closest-character handler when their encoding needs it."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _can_write_vietnamese(stream):
            stream.reconfigure(errors=handler_for(stream.encoding))
