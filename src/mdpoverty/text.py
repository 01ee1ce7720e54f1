"""Text normalisation shared by readers and matching, and showing user text in messages."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

# Messages show user text (headers, cells, sheet and province names, encodings) cut to this many
# characters: enough to recognise any real one, and a 100 MB header stays one short line.
QUOTE_CHARS = 60


def nfc(text: str) -> str:
    """NFC form: cp1258 and some keyboards write tone marks decomposed."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A key for loose matching: no diacritics, no case, single spaces ('Quảng Ninh' -> 'quang ninh')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@functools.lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    return fold(text)


def group_order(path: Sequence[str | None]) -> tuple:
    """The sort key of a group of a breakdown (`--by`) by its path, its units top down: the one
    order every command lists groups in (and breaks a tie in count by). By name as a list is
    read, accents and case aside (`Đông Triều` comes with the Ds, `an thi` with `Ân Thi`), then
    as written between names that differ only so; a blank group (None or '') last.

    >>> sorted(["Zeta", "", "Đông Triều", "Ân Thi", "an thi"], key=lambda g: group_order([g]))
    ['an thi', 'Ân Thi', 'Đông Triều', 'Zeta', '']
    """
    return tuple((not v, _folded(v) if v else "", v or "") for v in path)


# how a province's name is prefixed in lists: "Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"
_PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp.", "tp ")


# Latin capital eth (U+00D0) is what cp1258's Đ (0xD0) becomes when read as Latin-1
_LOOK_ALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def province_key(name: str) -> str:
    """A key for a province's name: folded, without 'Tỉnh', 'Thành phố' or 'TP.' in front
    ('Tỉnh Đồng Nai' -> 'dong nai', 'TP. Hồ Chí Minh' -> 'ho chi minh'). Invisible format
    characters (zero-width spaces...) are dropped and 'Ð' (eth) is read as 'Đ'."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    key = fold(visible.translate(_LOOK_ALIKES))
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :].strip()
    return key


def unaccented(text: str) -> str:
    """The text without diacritics, case kept ('Hộ nghèo' -> 'Ho ngheo')."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _visible(ch: str) -> str:
    # control and format characters (a line break, an escape sequence's ESC, NUL, a zero-width
    # space) would break the message's line, drive the terminal, or hide a difference: their code
    if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp"):
        code = ord(ch)
        if code < 0x100:
            return f"\\x{code:02x}"
        # a character beyond U+FFFF (a tag character) in 8 digits: '\\ue0041' would be U+E004
        # and a '1'
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


def visible(text: object, keep: str = "") -> str:
    """User text with its control and format characters written as their codes, whole: a line
    break as \\x0a (as click writes a usage error's values), a zero-width space as \\u200b;
    the characters in `keep` stay as they are (a whole message keeps its line breaks).

    >>> visible("--a\\nb")
    '--a\\\\x0ab'
    """
    return "".join(ch if ch in keep else _visible(ch) for ch in str(text))


def caret(text: str, position: int) -> tuple[str, str]:
    """`text` as a message shows it (`visible`, its tabs kept) and a line with a caret under
    its character at `position`, counted on screen: an escaped character ('\\u200b') is six
    columns, a wide one (CJK, full-width) two, a combining mark none, a tab a tab.

    >>> caret("a\u200b b", 3)
    ('a\\u200b b', '        ^')
    """
    shown = visible(text, keep="\t")
    pad = "".join("\t" if ch == "\t" else " " * _cells(ch) for ch in visible(text[:position], "\t"))
    return shown, pad + "^"


def _cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def shorten(text: object, limit: int = QUOTE_CHARS) -> str:
    """User text cut to a readable length for a message, invisible characters made visible
    ('Đồng Nai\u200b' -> 'Đồng Nai\\u200b'), so two names that look alike can be told apart.

    >>> shorten("x" * 100, limit=5)
    'xxxxx... (100 characters)'
    """
    s = str(text)
    shown = "".join(_visible(ch) for ch in s[:limit])
    return shown if len(s) <= limit else shown + f"... ({len(s):,} characters)"


def one_line(text: object) -> str:
    """A header as a message shows it: its line breaks (and runs of spaces) as one space.

    >>> one_line("Thu nhập bình quân\nđầu người/tháng")
    'Thu nhập bình quân đầu người/tháng'
    """
    return " ".join(str(text).split())


def quoted(text: object, limit: int = QUOTE_CHARS) -> str:
    """`shorten`, in single quotes: how a message names a header, a cell or a sheet.

    >>> quoted("Khu vực")
    "'Khu vực'"
    """
    return f"'{shorten(text, limit)}'"


def yaml_scalar(text: object, limit: int = QUOTE_CHARS, *, quote: bool = False) -> str:
    """User text (a header) as a mapping line a message offers shows it, to be copied into a
    YAML file: as written (with `quote`, in single quotes, a quote doubled) when every
    character is visible; otherwise in double quotes with YAML's escapes of the characters
    `visible` escapes, which YAML reads back as the same text. Cut as `shorten` cuts (the cut
    said, in the quotes) past `limit` characters.

    >>> yaml_scalar("Nước SH"), yaml_scalar("Mã's", quote=True), yaml_scalar("Mã\u200b")
    ('Nước SH', "'Mã''s'", '"Mã\\\\u200b"')
    """
    s = str(text)
    cut = "" if len(s) <= limit else f"... ({len(s):,} characters)"
    if visible(s) == s:
        shown = s[:limit] + cut
        return "'" + shown.replace("'", "''") + "'" if quote else shown
    escaped = "".join("\\" + ch if ch in '"\\' else _visible(ch) for ch in s[:limit])
    return f'"{escaped}{cut}"'


def plural(n: int, one: str, many: str | None = None) -> str:
    """The English noun (or words) after the count `n`: `one` for 1, else `many` (`one` + 's'
    unless given): plural(1, 'row') -> 'row', plural(0, 'row') -> 'rows', plural(2, 'household
    has', 'households have') -> 'households have'. The one plural rule of every English output;
    Vietnamese has no plural, its texts keep their noun."""
    if n == 1:
        return one
    return one + "s" if many is None else many


def counted(n: int, one: str, many: str | None = None) -> str:
    """A count and its English noun: counted(1, 'row') -> '1 row', counted(2971, 'row') ->
    '2,971 rows'."""
    return f"{n:,} {plural(n, one, many)}"
