"""Text normalisation shared by readers and matching."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC form: cp1258 and some keyboards write tone marks decomposed."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A key for loose matching: no diacritics, no case, single spaces ('Quảng Ninh' -> 'quang ninh')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
