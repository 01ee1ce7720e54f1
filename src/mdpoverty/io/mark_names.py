"""The names an indicator's column of deprivation marks is known by, as headers are matched.

An indicator's labels, id and ``mark_headers`` (`run.marks.names_of`) are matched ignoring case,
accents, spaces and line breaks, a trailing ``(x)`` read as nothing (``Việc làm (x)``); a header
``deprived_<id>`` names an id, ``Thiếu hụt <name>`` (or ``Thiếu hụt: <name>``) a name; under a
deprivation group label the column's own cell names one. No table is read here: `readers` (which
finds the header) and `marks` (which finds the columns) both ask.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from ..columns import MARK_PREFIX
from ..text import fold
from . import layout

_THIEU_HUT = re.compile(r"^thieu hut\s*:?\s*(.+)$")  # folded 'Thiếu hụt: Nhà tiêu hợp vệ sinh'
_MARK_SIGN = re.compile(r"\s*\(\s*x\s*\)$")  # 'Việc làm (x)': the column's mark, said in its header


def mark_key(text: str) -> str:
    """A header as an indicator's name is matched: folded (case, accents, spaces and line
    breaks ignored), a trailing ``(x)`` read as nothing (``Việc làm (x)``)."""
    return _MARK_SIGN.sub("", fold(text))


def folded_names(names: dict[str, Iterable[str]]) -> dict[str, str]:
    """`mark_key`(a name of an indicator) -> its id (`names`: id -> the names it is known
    by); each id its own name, entered first, so that no label takes another's id."""
    folded = {ind_id: ind_id for ind_id in names}
    for ind_id, texts in names.items():
        for text in texts:
            folded.setdefault(mark_key(text), ind_id)
    return folded


def mark_finder(names: dict[str, Iterable[str]]) -> Callable[[str], str | None]:
    """The indicator a cell under a deprivation group label names (`names`: id -> its
    names), or None: for finding a header over two rows (`layout`)."""
    folded = folded_names(names)

    def find(cell: str) -> str | None:
        return folded.get(mark_key(cell))

    return find


def indicator_of(texts: Iterable[str], names: dict[str, str], under_group: bool) -> str | None:
    """The indicator whose marks a header holds (`texts`: the texts it is matched by; `names`:
    fold(a name of an indicator) -> its id, each id its own name; `under_group`: the header
    stands under a deprivation group label, and the text after it is the column's own cell), or
    None."""
    for text in texts:
        key = mark_key(text)
        if key.startswith(MARK_PREFIX):  # deprived_<id>: an id, not another of its names
            rest = key[len(MARK_PREFIX) :]
            if names.get(rest) == rest:
                return rest
        found = _THIEU_HUT.match(key)
        if found is not None and found.group(1) in names:
            return names[found.group(1)]
    if under_group:
        longest = max(map(len, names), default=0)
        for text in texts:
            for own in _own_cells(text, longest):
                if own in names:
                    return names[own]
    return None


def _own_cells(text: str, longest: int) -> list[str]:
    """The texts that may be a column's own cell under a group label (`text`: 'group / own'),
    as `mark_key` reads them, longest first (`layout.own_cells`). Only those no longer than
    `longest` (the longest name) can name an indicator, and a longer tail never reads shorter,
    so the walk from the right stops there."""
    found: list[str] = []
    for own in layout.own_cells(text):
        key = mark_key(own)
        if len(key) > longest:
            break
        found.append(key)
    return found[::-1]


def closest_indicator(text: str, names: dict[str, Iterable[str]]) -> str | None:
    """The indicator whose name is closest to `text` (a header naming none), or None."""
    folded = folded_names(names)
    close = difflib.get_close_matches(mark_key(text), list(folded), n=1, cutoff=0.4)
    return folded[close[0]] if close else None
