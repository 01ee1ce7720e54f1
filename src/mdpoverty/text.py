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


# how a province's name is prefixed in lists: "Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"
_PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp.", "tp ")


def province_key(name: str) -> str:
    """A key for a province's name: folded, without 'Tỉnh', 'Thành phố' or 'TP.' in front
    ('Tỉnh Đồng Nai' -> 'dong nai', 'TP. Hồ Chí Minh' -> 'ho chi minh')."""
    key = fold(name)
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :].strip()
    return key


def unaccented(text: str) -> str:
    """The text without diacritics, case kept ('Hộ nghèo' -> 'Ho ngheo')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
