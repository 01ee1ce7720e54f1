"""Lists as offices lay them out for print, read as they are.

- **The header row** is the first row (of the first `HEADER_SEARCH_ROWS`) that names at least
  `KNOWN_HEADERS_NEEDED` known columns (canonical, Vietnamese or unaccented headers, a mapping
  file's headers, a standard's extra columns), province, district and commune not counted, so a
  title block such as ``Xã | Đồn Đạc | Huyện | Ba Chẽ`` is not taken for it. Title and blank
  rows above it are not read. ``--header-row N`` names it instead.
- **A header over two rows** (cells merged down hold their text in the upper row; a group
  label merged across columns holds it in its first cell, the columns' names in the row below):
  the row under the header row is its second row when (1) every cell it fills is blank in the
  upper row or lies under a group label (an upper cell whose right neighbour is blank, the two
  cells under them filled), (2) nothing stands under the household id's header, and (3) each
  row needs the other: together (per column, the lower cell when filled, else the upper) they
  name more known columns than the upper row alone, and than the lower row alone or the upper
  row has two cells or more, one over a blank lower cell (a title row of one cell over a
  header row is not the first of two); or the upper row is a header by itself and every cell
  the lower row fills names a column under a group label closed by a named column to its
  right (pass-through columns: ``Chủ hộ / Năm sinh``). Together they must name
  `KNOWN_HEADERS_NEEDED` known columns, unless ``--header-row`` names the upper row. A column
  under a group is named ``group / sub`` (`GROUP_SEPARATOR`), matched by that name or its lower
  cell.
- **A numbering row** ``(1) (2) (3) ...``, ``1 2 3 ...`` or ``A B 1 2 ...`` (also
  ``(4)=(2)x(3)``) is recognised only as the first non-blank row under the header: every filled
  cell is such a label, at least 3 and at least half the header's cells are filled, and the
  numbers (and the letters) rise from left to right.
- **A totals row** has a cell that reads ``Tổng cộng``, ``Cộng``, ``Tổng`` or ``Tổng số`` (any
  case, accents or none, a colon after it allowed) and a household id that is empty or is that
  word itself: a household with an id is never taken for a totals row, whatever its name.
- **A blank row** has no cell with anything but spaces.
- **A footer row** (signatures, place and date, notes) is a row below the first totals row with no
  household id, or whose id cell holds the signature block's words (`signature_row`: no digit in
  it, no number in the row), and with no value (`holds_value`: a number, a mark, a one-word
  answer; not a signature block's words) in a column the run reads as a household's data
  (income, size, marks, answers): a row with one is a household, whatever is above it.

Numbering, totals, blank and footer rows are skipped and counted apart (rows read = classified +
rejected + skipped); no other row is ever skipped. A cheap look at the household id over whole
columns (`maybe_skipped`) picks the few rows the full rules (`skip_reason`) then examine.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from ..columns import OPTIONAL_UNITS
from ..errors import InputError
from ..text import counted, fold, quoted
from .limits import MAX_HEADER_CHARS
from .xlsx import column_letters

if TYPE_CHECKING:
    import polars as pl

HEADER_SEARCH_ROWS = 50
KNOWN_HEADERS_NEEDED = 3
GROUP_SEPARATOR = " / "  # a column under a group label: 'Thiếu hụt các chỉ số / Ghi chú'
MAX_PARTS = 64  # the separators looked at from a header's right end: no name holds as many
SKIP = "__skip__"  # the reason a row is skipped (null: a household row)

NUMBERING, UNITS, TOTALS, BLANK, FOOTER = "numbering", "units", "totals", "blank", "footer"
SIGNATURE = "signature"  # a footer row whose id cell holds the signature block's words
SKIP_REASONS = {
    NUMBERING: "numbering row under the header",
    UNITS: "units row under the header",
    TOTALS: "totals row",
    BLANK: "blank row",
    FOOTER: "row with no household id below the totals row",
    SIGNATURE: "signature block in the id column below the totals row",
}
TOTALS_WORDS = ("tong cong", "tong so", "tong", "cong")  # folded: Tổng cộng, Tổng số, Tổng, Cộng
_TOTALS_PATTERN = r"^(?:" + "|".join(TOTALS_WORDS) + r")\s*:?$"

_LABEL = r"[(\[]?\s*(\d{1,3}|[A-Za-z]{1,2})\s*[)\]]?"
_NUMBERING_CELL = re.compile(rf"^{_LABEL}(?:\s*[-=+*/x×:.,]\s*{_LABEL})*$")
HEAD_BYTES = 256 * 1024  # the head of a CSV file in which its header is looked for
# a label names deprivation when, normalised and folded, it holds one of these
_DEPRIVATION = re.compile(r"thieu\s*hut|depriv")
# A label naming deprivation is a group of deprivation marks only when every word in it is one
# of these affirmative words seen on real lists (digits and `_LABEL_MARKS` allowed too): any
# other word ('không', 'chẳng', 'mất', 'vượt qua', 'absent', 'kh', a typo) may turn it round,
# so such a label is unclear and its columns are read only as a mapping file says. A whitelist,
# as a list of negations always leaks. Accented words are matched as written (case aside); a
# word typed without accents by its unaccented form, except 'dau', which is also 'đâu' (a
# negation: 'có thiếu hụt đâu').
_VI_WORDS = "các những chỉ số tiêu chí thiếu hụt bị có về dịch vụ xã hội cơ bản đa chiều nghèo"
_VI_WORDS += " hộ gia đình của nhóm tình trạng mức độ đánh dấu x nếu ghi"
_EN_WORDS = "deprivation deprivations deprived indicator indicators dimension dimensions"
_EN_WORDS += " multidimensional poverty of the household households in by mark marks marked if"
LABEL_WORDS = frozenset(f"{_VI_WORDS} {_EN_WORDS}".split())
_LABEL_ASCII = frozenset(fold(w) for w in LABEL_WORDS) - {"dau"}
# '=' (a legend: 'Deprivations (0 = deprived)') and '?' (a question) are not among them
_LABEL_MARKS = frozenset("()[]:;,.-\u2013\u2014/*#'\"")
_LABEL_TOKEN = re.compile(r"[^\W_]+|\S")
_LOOK_ALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})  # eth read as Đ, đ


_UNITS_CELL = re.compile(r"^\(([^()]{1,30})\)$")
_UNIT_WORD = re.compile(r"[^\W\d_]|%")
Cells = Sequence[str | None]


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


@dataclass(frozen=True)
class Header:
    """The header found in a file's first rows."""

    index: int  # of its (first) row among the rows looked at
    depth: int  # the rows it spans: 1, or 2 for a header merged over two rows
    cells: list[str]  # each column's name: as written, or combined over the two rows
    matched_by: dict[str, tuple[str, ...]]  # a combined name -> the texts it is matched by
    named: int  # the known columns it names, units not counted
    # the columns under a deprivation group label ('Chỉ số thiếu hụt / Nhà tiêu hợp vệ sinh'),
    # matched as answers by their full name only
    marks: tuple[str, ...] = ()
    # the columns under a group label that names deprivation unclearly ('Not deprived / BHYT'),
    # matched by their full name only: read only as the mapping file says
    unclear: tuple[str, ...] = ()
    rows: tuple[Sequence[str], ...] = ()  # its row or rows as written (for `check_lengths`)


MarkOf = Callable[[str], "str | None"]
_MARK_KNOWN = "\x00marks:"  # counted as known: an indicator's marks under a deprivation group


def _with_marks(column_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`column_of`, and the marks of an indicator (`_MARK_KNOWN` + its id) as a known column."""

    def known(text: str) -> str | None:
        return text if text.startswith(_MARK_KNOWN) else column_of(text)

    return _bounded(known)


def _bounded(column_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """`column_of`, a text over `MAX_HEADER_CHARS` naming no column without being looked at:
    a header that long is refused (`check_lengths`) if it is the header, and folding it for
    every row looked at would cost its length times the columns."""

    def known(text: str) -> str | None:
        return None if len(text) > MAX_HEADER_CHARS else column_of(text)

    return known


def _known(
    texts: Sequence[Sequence[str]],
    column_of: Callable[[str], str | None],
    *,
    units: bool = False,
) -> int:
    """How many known columns the columns named by `texts` (for each column, the texts it may
    be matched by, in order) name; the units (province, district, commune) counted only with
    `units`: they do not make a row a header, but a group label over them ('Địa chỉ' over
    'Tỉnh | Huyện') makes two rows one header as any other group does."""
    found = set()
    for options in texts:
        column = next((c for c in map(column_of, options) if c is not None), None)
        found.add(column)
    return len(found - {None, *(() if units else OPTIONAL_UNITS)})


def _remembered(column_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    seen: dict[str, str | None] = {}

    def remembered(text: str) -> str | None:
        if text not in seen:
            seen[text] = column_of(text)
        return seen[text]

    return remembered


def own_cells(cell: str, longest: int = MAX_HEADER_CHARS) -> Iterator[str]:
    """The texts that may be a column's own cell in a header over two rows flattened
    (``<group> / <own>``): what follows each separator, shortest first, since the label may hold
    the separator itself; only those no longer than `longest` (a header is no longer than
    `MAX_HEADER_CHARS`), after the last `MAX_PARTS` separators. Built from the right, and a
    longer one is never shorter, so a header of thousands of separators costs its last few
    parts. The group label of each is ``cell[: -len(own) - len(GROUP_SEPARATOR)]``."""
    longest = min(longest, MAX_HEADER_CHARS)
    parts = cell.rsplit(GROUP_SEPARATOR, MAX_PARTS)
    for at in range(len(parts) - 1, 0, -1):
        own = GROUP_SEPARATOR.join(parts[at:])
        if len(own) > longest:
            return
        yield own


def flattened_group(cell: str, mark_of: MarkOf | None) -> tuple[str, bool] | None:
    """A one-row header ``<group> / <own>`` that is a header over two rows flattened (as
    mdpoverty's own output writes one): (its own cell, whether the group label is a clear
    deprivation label), when the group part names deprivation (`is_deprivation_label`, or
    `is_unclear_deprivation_label`) and the own cell names an indicator (`mark_of`); else None.
    The label may hold the separator itself, so each split from the right is tried
    (`own_cells`)."""
    if mark_of is None or GROUP_SEPARATOR not in cell or len(cell) > MAX_HEADER_CHARS:
        return None  # a header that long is refused (`check_lengths`)
    for own in own_cells(cell):
        if mark_of(own) is None:
            continue
        group = cell[: -len(own) - len(GROUP_SEPARATOR)]
        if is_deprivation_label(group):
            return own, True
        if is_unclear_deprivation_label(group):
            return own, False
    return None


def _one_row(
    row: Cells, index: int, column_of: Callable[[str], str | None], mark_of: MarkOf | None = None
) -> Header:
    """`row` as a header of one row; a cell that is a header over two rows flattened
    (`flattened_group`) is read as the same header over two rows reads it."""
    cells = ["" if c is None else str(c) for c in row]
    matched_by, marks, unclear = flattened_marks(cells, mark_of)
    counted: list[tuple[str, ...]] = []
    for cell in cells:
        if not _filled(cell):
            continue
        indicator = mark_of(matched_by[cell][1]) if cell in marks and mark_of else None
        counted.append((_MARK_KNOWN + indicator,) if indicator else (cell,))
    named = _known(counted, _with_marks(column_of))
    return Header(index, 1, cells, matched_by, named, marks, unclear, rows=(cells,))


def flattened_marks(
    cells: Sequence[str], mark_of: MarkOf | None
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], tuple[str, ...]]:
    """The cells of a one-row header that are a header over two rows flattened
    (`flattened_group`), as `Header` holds them: (cell -> (cell, its own cell); the cells
    under a deprivation group label; those under an unclear one)."""
    matched_by: dict[str, tuple[str, ...]] = {}
    marks: list[str] = []
    unclear: list[str] = []
    for cell in cells:
        flat = flattened_group(cell, mark_of) if _filled(cell) else None
        if flat is not None:
            matched_by[cell] = (cell, flat[0])
            (marks if flat[1] else unclear).append(cell)
    return matched_by, tuple(marks), tuple(unclear)


def label_text(text: str) -> str:
    """A group label as its words are read: NFKC (full-width letters, compatibility forms), no
    format characters (zero-width spaces, soft hyphens, joiners: category Cf), no case."""
    normal = unicodedata.normalize("NFKC", text.translate(_LOOK_ALIKES))
    return "".join(ch for ch in normal if unicodedata.category(ch) != "Cf").casefold()


def is_label_word(token: str) -> bool:
    """Whether a word or sign of a normalised label (`label_text`) may stand in a plain
    deprivation label: an affirmative word (`LABEL_WORDS`), a number but zero, a plain sign."""
    if token in LABEL_WORDS or token in _LABEL_MARKS:
        return True
    if token.isascii() and token.isdigit():
        return token.strip("0") != ""  # a zero says none: 'Các chỉ số 0 thiếu hụt'
    return token.isascii() and token in _LABEL_ASCII


# A legend of the marks at a label's end: '(x = thiếu hụt)', '(để trống = không thiếu hụt)',
# '(x = deprived, blank = not deprived)', read on the normalised label (`label_text`) by this
# strict grammar, never by dropping a parenthesis. Its left sides are marks validation reads as
# deprived (`run.validation.MARK_WORDS`, kept equal by a test: io sits below run) or words for
# a blank cell; its right sides say deprived or not deprived. Nothing else may stand in it. A
# no (`0`, `không`: `FALSE_WORDS`) said to be deprived is read as a contradiction, to say why
# the label is refused; said to be not deprived it is no legend of the grammar.
LEGEND_MARKED = frozenset(["x", "1", "có", "co", "yes", "y", "true", "đúng", "dung", "✓", "✔", "√"])
LEGEND_BLANK = frozenset(
    ("để trống", "de trong", "không ghi", "khong ghi", "trống", "trong", "blank", "empty")
)
LEGEND_UNMARKED = frozenset(["false", "no", "n", "0", "không", "khong", "sai"])
_LEGEND_DEPRIVED = frozenset(
    ("thiếu hụt", "thieu hut", "bị thiếu hụt", "bi thieu hut", "có thiếu hụt", "co thieu hut")
) | {"deprived"}
_LEGEND_NOT_DEPRIVED = frozenset(
    ("không thiếu hụt", "khong thieu hut", "không bị thiếu hụt", "khong bi thieu hut")
) | {"not deprived"}
_LEGEND_OR = re.compile(r"\s*/\s*|\s+(?:hoặc|hoac|or)\s+")


@dataclass(frozen=True)
class Legend:
    """A label's legend of its marks (`legend_of`): the label before it, and the clauses that
    say the reverse of how the marks are read ('x = không thiếu hụt'), normalised."""

    head: str
    contradictions: tuple[str, ...]


def legend_of(text: str) -> Legend | None:
    """The legend at the end of a group label (``Các chỉ số thiếu hụt (không ghi = không thiếu
    hụt)``), or None when it ends in no parenthesis or in one that is no legend by the grammar:
    clauses ``<marks> = <meaning>`` joined by ``,`` or ``;``, where <marks> are marks read as
    deprived (``x``, ``1``, ``có``...) or words for a blank cell (``để trống``, ``không ghi``,
    ``trống``, ``blank``, ``empty``), several joined by ``/``, ``,``, ``hoặc`` or ``or``, and
    <meaning> is ``thiếu hụt``/``deprived`` or ``không thiếu hụt``/``not deprived``."""
    normal = label_text(text).rstrip()
    opened = normal.rfind("(")
    if not normal.endswith(")") or opened < 0 or ")" in normal[opened + 1 : -1]:
        return None
    head, inside = normal[:opened].rstrip(), normal[opened + 1 : -1]
    pending: list[str] = []
    contradictions: list[str] = []
    clauses = 0
    for part in re.split(r"[,;]", inside):
        part = " ".join(part.split())
        if "=" not in part:
            pending.append(part)
            continue
        lhs, _, rhs = (p.strip() for p in part.partition("="))
        words = [*pending, *_LEGEND_OR.split(lhs)]
        pending = []
        if "=" in rhs or not words or "" in words:
            return None
        deprived = rhs in _LEGEND_DEPRIVED
        if not deprived and rhs not in _LEGEND_NOT_DEPRIVED:
            return None
        marked = all(w in LEGEND_MARKED for w in words)
        unmarked = all(w in LEGEND_BLANK or w in LEGEND_UNMARKED for w in words)
        if not (marked or all(w in LEGEND_BLANK for w in words) or (unmarked and deprived)):
            return None
        clauses += 1
        if marked != deprived:
            contradictions.append(f"{', '.join(words)} = {rhs}")
    if pending or not clauses:
        return None
    return Legend(head, tuple(contradictions))


def legend_contradiction(text: str) -> str | None:
    """The first clause of a group label's legend that says the reverse of how the marks are
    read (``x = không thiếu hụt``, ``trống = thiếu hụt``), normalised; None when none does."""
    legend = legend_of(text)
    return legend.contradictions[0] if legend and legend.contradictions else None


def _plain_words(normal: str) -> bool:
    return all(map(is_label_word, _LABEL_TOKEN.findall(normal)))


def _names_deprivation(text: str) -> tuple[bool, bool]:
    """(the label names deprivation, every word of it is a plain label's). A legend of the
    marks at its end that agrees with how they are read (`legend_of`) is no word of it; one
    that says the reverse makes the label unclear."""
    normal = label_text(text)
    names = _DEPRIVATION.search(fold(normal)) is not None
    legend = legend_of(text) if names else None
    if legend is not None and _DEPRIVATION.search(fold(legend.head)):
        return True, not legend.contradictions and _plain_words(legend.head)
    return names, names and _plain_words(normal)


def is_deprivation_label(text: str) -> bool:
    """Whether a group label says its columns hold deprivation marks (``Chỉ số thiếu hụt``,
    ``Thiếu hụt``, ``deprivations``, ``deprived``): an ``x`` under ``Nhà tiêu hợp vệ sinh``
    there means the household has none, the opposite of the household's answer. Only a label
    all of whose words are affirmative (`LABEL_WORDS`) is one; a label naming deprivation with
    any other word is unclear (`is_unclear_deprivation_label`)."""
    names, plain = _names_deprivation(text)
    return names and plain


def is_unclear_deprivation_label(text: str) -> bool:
    """Whether a group label names deprivation but is not clearly a group of deprivation
    marks: it holds a word other than `LABEL_WORDS` (``Các chỉ số không thiếu hụt``, ``Not
    deprived``, ``Non-deprived``, ``Chẳng thiếu hụt``, ``Deprivations absent``,
    ``Deprivations (0 = deprived)``). An ``x`` under it may be a deprivation or its opposite:
    its columns are read only as a mapping file says."""
    names, plain = _names_deprivation(text)
    return names and not plain


def is_units_cell(cell: object) -> bool:
    """A unit in parentheses, as offices write it under a header: ``(người)``, ``(đồng)``,
    ``(m2)``, ``(1.000 đồng)``, ``(%)``."""
    match = _UNITS_CELL.match(str(cell).strip()) if _filled(cell) else None
    if match is None:
        return False
    inner = match.group(1).strip()
    return _UNIT_WORD.search(inner) is not None and not re.fullmatch(r"[A-Za-z]", inner)


def is_units_row(cells: Cells) -> bool:
    """Whether every filled cell of `cells` (one at least) is a unit such as ``(người)``."""
    filled = [c for c in cells if _filled(c)]
    return bool(filled) and all(map(is_units_cell, filled))


def _two_rows(
    upper: Cells,
    lower: Cells,
    index: int,
    column_of: Callable[[str], str | None],
    *,
    forced: bool = False,
    mark_of: MarkOf | None = None,
) -> Header | None:
    """`upper` over `lower` as one header (see the module's rule), or None when `lower` is not
    a second header row (`forced`: the user said it is; only a value under a column named
    above refuses it). The count of known columns is left to the caller. `mark_of`: the
    indicator a cell under a deprivation group names (its marks count as a known column)."""
    column_of = _with_marks(column_of)
    width = max(len(upper), len(lower))
    up = [str(upper[j]) if j < len(upper) and _filled(upper[j]) else "" for j in range(width)]
    low = [str(lower[j]) if j < len(lower) and _filled(lower[j]) else "" for j in range(width)]
    if not any(low):
        return None
    # a group label: an upper cell over two columns at least (the one to its right blank),
    # the names of both in the lower row; a merged cell holds its text in its first cell
    label = [
        bool(up[j]) and j + 1 < width and not up[j + 1] and bool(low[j]) and bool(low[j + 1])
        for j in range(width)
    ]
    cells: list[str] = []
    matched_by: dict[str, tuple[str, ...]] = {}
    counted: list[tuple[str, ...]] = []  # the texts each column is counted by
    marks: list[str] = []
    unclear: list[str] = []
    group, group_at = "", -1
    deprivation = doubt = False
    under: set[int] = set()  # the labels the lower row's names stand under
    grouped = True  # every cell the lower row fills lies under a group label
    merged_down = False  # a column named in the upper row, blank in the lower (merged down)
    for j in range(width):
        if up[j]:
            if low[j] and not label[j] and is_units_cell(low[j]):
                # a merged-down column's unit under it: 'Thu nhập bình quân' over '(đồng)'
                name = f"{up[j]} {low[j]}"
                matched_by[name] = (name, up[j])
                cells.append(name)
                counted.append(matched_by[name])
                merged_down, group = True, ""
                continue
            if low[j] and not label[j]:
                return None  # a cell under a column named above: a value, not a name
            if low[j] and column_of(up[j]) == "household_id":
                return None  # a household's id
            group, group_at = (up[j], j) if label[j] else ("", -1)
            # a label too long is refused if this is the header (`check_lengths`); its columns
            # are named by its first characters meanwhile, not by as many copies of it
            group = group[: MAX_HEADER_CHARS + 1]
            deprivation = is_deprivation_label(group)
            doubt = not deprivation and is_unclear_deprivation_label(group)
        if not low[j]:
            merged_down = merged_down or bool(up[j])
            cells.append(up[j])
            counted.append((up[j],))
            continue
        grouped = grouped and bool(group)
        under.add(group_at)
        if group:
            name = f"{group}{GROUP_SEPARATOR}{low[j]}"
            # under a deprivation group a cell marks a deprivation: matched as an answer by its
            # full name only (a mapping's word), never by its lower cell, whose column means
            # the opposite; a mapping's deprived: line may name either (`readers.map_headers`)
            matched_by[name] = (name, low[j])
            indicator = mark_of(low[j]) if deprivation and mark_of is not None else None
            if deprivation:
                marks.append(name)
            if doubt:
                unclear.append(name)
            counted.append((name, low[j]) if indicator is None else (_MARK_KNOWN + indicator,))
        else:
            name = low[j]
            counted.append((name,))
        cells.append(name)
    if forced:
        known = _known(counted, column_of)
        return Header(index, 2, cells, matched_by, known, tuple(marks), tuple(unclear), (up, low))
    named = _known(counted, column_of)
    with_units = _known(counted, column_of, units=True)
    # a group label's own text does not count: 'Họ và tên' merged over two cells names a
    # column, but not the two cells of a household's name under it
    plain = [(c,) for c, is_label in zip(up, label, strict=True) if c and not is_label]
    upper_plain = _known(plain, column_of, units=True)
    # one label over every column the lower row names, nothing left of it, and no known column
    # named beside it ('Biểu số 01' right of the table): a title over a one-row header
    if len(under) == 1 and -1 not in under and not any(up[: min(under)]) and not upper_plain:
        return None
    lower_alone = _known([(c,) for c in low if c], column_of, units=True)
    # the two rows are one header when the lower names a known column the upper does not, and
    # the upper is needed: a title row of one cell over a header row is not the first of two
    upper_needed = with_units > lower_alone or (merged_down and sum(map(bool, up)) >= 2)
    if not (with_units > upper_plain and upper_needed):
        return None
    return Header(index, 2, cells, matched_by, named, tuple(marks), tuple(unclear), (up, low))


def check_lengths(header: Header, source: str, first_column: int = 0) -> None:
    """Refuse a header with a cell, a group label or a combined name (``group / sub``) over
    `MAX_HEADER_CHARS` characters, naming its row and column (rows numbered from 1 as
    `header.index` counts them; `first_column`: the sheet's column of the cells' first, 0 = A,
    as a workbook's rows start at the sheet's first column that holds a cell)."""
    first = header.index + 1
    for depth, row in enumerate(header.rows):
        for j, cell in enumerate(row):
            if len(cell) > MAX_HEADER_CHARS:
                too_long(source, str(first + depth), first_column + j, cell, "")
    for j, name in enumerate(header.cells if header.depth > 1 else ()):
        if len(name) > MAX_HEADER_CHARS:
            rows = f"{first}-{first + 1}"
            too_long(source, rows, first_column + j, name, " of its two rows together")


def too_long(source: str, row: str, index: int, text: str, together: str) -> None:
    """Refuse the header `text` of row (or rows) `row`, column `index` (0-based): over
    `MAX_HEADER_CHARS`; `together`: said of a combined name."""
    column = column_letters(index)
    raise InputError(
        f"{'rows' if '-' in row else 'row'} {row}, column {column}: the header{together} "
        f"{quoted(text)} is longer than the {MAX_HEADER_CHARS:,} characters mdpoverty reads "
        "in a header (a real one has a few dozen): shorten it, or give the header's row with "
        "--header-row",
        file=source,
        key="input.header_too_long",
        params={
            "row": row,
            "column": column,
            "header": quoted(text),
            "limit": MAX_HEADER_CHARS,
            "together": " ghép từ hai dòng" if together else "",
        },
    )


def header_at(
    rows: Sequence[Cells],
    index: int,
    column_of: Callable[[str], str | None],
    *,
    given: bool,
    depth: int | None = None,
    option: str = "",
    source: str = "",
    needed: int = KNOWN_HEADERS_NEEDED,
    mark_of: MarkOf | None = None,
) -> Header:
    """The header whose (first) row is `rows[index]`: over two rows when the next row is its
    second (see the module's rule; `given`: the row was named with --header-row, so the two
    need not name `KNOWN_HEADERS_NEEDED` known columns), else that row alone. `depth` 1 or 2:
    the rows the user said it spans (`option`, as written, for the message)."""
    if depth == 1:
        return _one_row(rows[index], index, column_of, mark_of)
    if depth == 2:
        two = None
        if index + 1 < len(rows):
            two = _two_rows(
                rows[index], rows[index + 1], index, column_of, forced=True, mark_of=mark_of
            )
        if two is None:
            raise InputError(
                f"{option}: the second row is not a header row: it is empty, or a cell in it "
                "stands under a column the first row names, not under a group label (a cell "
                "merged across two columns or more)",
                file=source,
                key="input.header_second_row_refused",
                params={"option": option},
            )
        return two
    if index + 1 < len(rows):
        two = _two_rows(rows[index], rows[index + 1], index, column_of, mark_of=mark_of)
        if two is not None and (given or two.named >= needed):
            return two
    return _one_row(rows[index], index, column_of, mark_of)


def find_header(
    rows: Sequence[Cells],
    column_of: Callable[[str], str | None],
    needed: int = KNOWN_HEADERS_NEEDED,
    mark_of: MarkOf | None = None,
) -> Header | None:
    """The header (see the module's rule) among the first `HEADER_SEARCH_ROWS` of `rows`, or
    None.

    `column_of` gives the column a header cell names, or None for a cell that names none;
    `needed`: the known columns a header names at least.
    """
    column_of = _remembered(column_of)  # each cell is looked up for two pairs of rows
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        header = header_at(rows, index, column_of, given=False, needed=needed, mark_of=mark_of)
        if header.named >= needed:
            return header
    return None


def is_numbering_row(cells: Cells, width: int) -> bool:
    """Whether `cells` (the first non-blank row under a header of `width` named cells) is a
    numbering row such as ``(1) (2) (3)``, ``1 2 3``, ``A B 1 2``."""
    filled = [str(c).strip() for c in cells if _filled(c)]
    if len(filled) < 3 or 2 * len(filled) < width:
        return False
    numbers: list[int] = []
    letters: list[str] = []
    for cell in filled:
        match = _NUMBERING_CELL.match(cell)
        if match is None:
            return False
        label = match.group(1)
        if label.isdigit():
            numbers.append(int(label))
        else:
            letters.append(label.upper())
    rising = all(a < b for a, b in pairwise(numbers))
    return rising and all(a < b for a, b in pairwise(letters))


def layout_rows(rows: Sequence[Cells], width: int) -> tuple[int | None, int | None]:
    """(numbering, units): the offsets in `rows` (the rows under a header of `width` named
    cells) of its numbering row and its units row, each None when absent. They are the first
    one or two non-blank rows, in either order."""
    numbering = units = None
    seen = 0
    for offset, row in enumerate(rows):
        if not any(_filled(c) for c in row):
            continue
        if numbering is None and is_numbering_row(row, width):
            numbering = offset
        elif units is None and is_units_row(row):
            units = offset
        else:
            break
        seen += 1
        if seen == 2:
            break
    return numbering, units


@dataclass(frozen=True)
class CsvHeader:
    """Where the header of a CSV file is, and what follows it.

    Rows are numbered as Excel numbers them on opening the file: one row per record (title
    and blank lines included), a quoted cell with line breaks in it staying in one row; lines
    are the physical ones, which the reader skips."""

    separator: str
    skip_lines: int  # physical lines above the header
    header: Header
    last_header_line: int  # the last line of the header's (last) record
    first_data_row: int  # the row of the first record under the header
    numbering_row: int | None  # its row, when a record under the header numbers the columns
    units_row: int | None = None  # its row, when a record under the header gives units

    @property
    def cells(self) -> list[str]:
        return self.header.cells

    @property
    def header_row(self) -> int:
        """The row of the header's (first) record."""
        return self.header.index + 1


def _records(text: str, separator: str, limit: int) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of the records in `text` (a file's head); a record cut
    off by the end of the head is left out."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    found: list[tuple[int, int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            found.append((start, reader.line_num, record))
            start = reader.line_num + 1
            if len(found) > limit:
                break
    except csv.Error:
        pass
    if found and not text.endswith(("\n", "\r")) and len(found[-1][2]) and len(text) >= HEAD_BYTES:
        found.pop()  # the head may end inside this record
    return found


def first_record(path: Path, separator: str) -> list[str]:
    """The cells of the first record of the CSV file at `path` (UTF-8, lines checked: bounded),
    as polars reads it: a quoted cell may carry it over several lines. When the head read
    (`HEAD_BYTES`) ends inside it, the first line's cells. Raises csv.Error for a line the
    csv module cannot read."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        records = _records(head.decode("utf-8", "replace").lstrip("\ufeff"), separator, 1)
        if records and records[0][0] == 1:
            return records[0][2]
        fh.seek(0)
        line = fh.readline().decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")
    return next(csv.reader([line], delimiter=separator), [])


def csv_header(
    path: Path,
    column_of: Callable[[str], str | None],
    separators: Sequence[str],
    header_row: int | None,
    source: str,
    last: int | None = None,
    needed: int = KNOWN_HEADERS_NEEDED,
    mark_of: MarkOf | None = None,
) -> CsvHeader | None:
    """The header of the CSV file at `path` (UTF-8): on row `header_row` when given (rows
    numbered as Excel numbers them: see `CsvHeader`), else the first record that qualifies
    (with the record under it, for a header over two rows; or rows `header_row` and `last`,
    as the user says); each separator is tried, and the one that finds the header first (then
    names the most known columns) wins. None when no record qualifies."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    found: list[tuple[tuple[int, int, int], CsvHeader]] = []
    refused: InputError | None = None  # the second row, refused under every separator
    if header_row is not None and last is not None and last != header_row + 1:
        option = f"--header-row {header_row}-{last}"
        raise InputError(
            f"{option}: a header spans one row or two rows in a row",
            file=source,
            key="input.header_rows_apart",
            params={"option": option},
        )
    for separator in separators:
        records = _records(head, separator, max(header_row or 0, HEADER_SEARCH_ROWS) + 20)
        rows = [r[2] for r in records]
        if header_row is not None:
            index = _record_at(records, header_row, complete=len(head) < HEAD_BYTES, source=source)
            option = f"--header-row {header_row}" + (f"-{last}" if last else "")
            try:
                header = header_at(
                    rows,
                    index,
                    column_of,
                    given=True,
                    depth=None if last is None else 2,
                    option=option,
                    source=source,
                    mark_of=mark_of,
                )
            except InputError as exc:
                refused = exc
                continue
        else:
            header = find_header(rows, column_of, needed, mark_of)
            if header is None:
                continue
        rank = (header.index, -header.named, -len(header.cells))
        found.append((rank, _header_at(records, header, separator)))
    if not found:
        if refused is not None:
            raise refused
        return None
    if header_row is not None:
        chosen = min(found, key=lambda f: f[0][1:])[1]
    else:
        chosen = min(found, key=lambda f: f[0])[1]
    check_lengths(chosen.header, source)
    return chosen


def _record_at(
    records: list[tuple[int, int, list[str]]], row: int, *, complete: bool, source: str
) -> int:
    """The index of row `row` (--header-row) among `records`; an empty row, or one past the
    file's end or past the head that is read, is refused."""
    if row <= len(records):
        if not any(_filled(c) for c in records[row - 1][2]):
            raise InputError(
                f"--header-row {row}: that row is empty",
                file=source,
                key="input.header_row_row_empty",
                params={"line": row},
            )
        return row - 1
    if complete:
        raise InputError(
            f"--header-row {row}: the file has only {counted(len(records), 'row')}",
            file=source,
            key="input.header_row_past_end",
            params={"line": row, "lines": len(records)},
        )
    raise InputError(
        f"--header-row {row}: the header is looked for in the file's first "
        f"{HEAD_BYTES >> 10} KB, which row {row} is past",
        file=source,
        key="input.header_row_no_record",
        params={"line": row, "kb": HEAD_BYTES >> 10},
    )


def _header_at(
    records: list[tuple[int, int, list[str]]], header: Header, separator: str
) -> CsvHeader:
    first = records[header.index][0]
    last = records[header.index + header.depth - 1][1]
    width = sum(1 for c in header.cells if _filled(c))
    below = records[header.index + header.depth :]
    numbering, units = layout_rows([r[2] for r in below], width)
    # rows are records (as Excel numbers them), one number per record from the header's
    data = header.index + header.depth + 1
    return CsvHeader(
        separator,
        first - 1,
        header,
        last,
        data,
        None if numbering is None else data + numbering,
        None if units is None else data + units,
    )


def grid_header(
    rows: Sequence[Cells],
    column_of: Callable[[str], str | None],
    header_row: int | None,
    source: str,
    last: int | None = None,
    needed: int = KNOWN_HEADERS_NEEDED,
    mark_of: MarkOf | None = None,
    first_column: int = 0,
) -> tuple[Header, int | None, int | None]:
    """For a sheet read as rows of cells from its row 1: (the header, index of a numbering
    row under it or None, index of a units row under it or None). Without `header_row` and
    with no row that qualifies, the first non-blank row. `last`: the header's second row, as
    the user said (--header-row 4-5); `first_column`: the sheet's column of the rows' first
    cell (0 = A), for the column a message names."""
    if header_row is not None:
        index = header_row - 1
        if index >= len(rows):
            raise InputError(
                f"--header-row {header_row}: the sheet has only {counted(len(rows), 'row')}",
                file=source,
                key="input.header_row_past_sheet",
                params={"line": header_row, "rows": len(rows)},
            )
        if not any(_filled(c) for c in rows[index]):
            raise InputError(
                f"--header-row {header_row}: that row is empty",
                file=source,
                key="input.header_row_row_empty",
                params={"line": header_row},
            )
        option = f"--header-row {header_row}" + (f"-{last}" if last else "")
        if last is not None and last != header_row + 1:
            raise InputError(
                f"{option}: a header spans one row or two rows in a row",
                file=source,
                key="input.header_rows_apart",
                params={"option": option},
            )
        depth = None if last is None else 2
        header = header_at(
            rows,
            index,
            column_of,
            given=True,
            depth=depth,
            option=option,
            source=source,
            mark_of=mark_of,
        )
    else:
        found = find_header(rows, column_of, needed, mark_of)
        if found is None:
            first = next((i for i, r in enumerate(rows) if any(_filled(c) for c in r)), 0)
            found = _one_row(rows[first] if first < len(rows) else [], first, column_of, mark_of)
        header = found
    check_lengths(header, source, first_column)
    width = sum(1 for c in header.cells if _filled(c))
    below = header.index + header.depth
    numbering, units = layout_rows(rows[below : below + HEADER_SEARCH_ROWS], width)
    return (
        header,
        None if numbering is None else below + numbering,
        None if units is None else below + units,
    )


def folded(expr: pl.Expr) -> pl.Expr:
    """Text without accents (``đ`` as ``d``), lower case, single spaces: `text.fold` in polars."""
    return (
        expr.str.replace_all("[đĐ]", "d")
        .str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def _spellings() -> list[str]:
    """The totals words as an id cell may hold them: with or without accents, in lower,
    UPPER, Capitalised or Title case, with or without a colon."""
    words = ["tổng cộng", "tổng số", "tổng", "cộng"]
    words += [_strip_accents(w) for w in words]
    cased = {form for w in words for form in (w, w.upper(), w.capitalize(), w.title())}
    return sorted(cased | {w + ":" for w in cased} | {w + " :" for w in cased})


def _strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def maybe_skipped(household_id: pl.Expr) -> pl.Expr:
    """A cheap first look, over whole columns, at the parsed household id (stripped, NFC):
    the rows that may be blank or totals rows, whose id is empty or a totals word.
    `skip_reason` then looks at these few rows only."""
    import polars as pl

    words = pl.lit(pl.Series(_spellings(), dtype=pl.String)).implode()
    return household_id.is_null() | household_id.is_in(words)


def skip_reason(
    cells: list[pl.Expr],
    household_id: pl.Expr,
    numbering: pl.Expr,
    units: pl.Expr | None = None,
) -> pl.Expr:
    """Why a row is skipped (`NUMBERING`, `UNITS`, `BLANK`, `TOTALS`), null for a household
    row.

    `cells` are every cell of the row as read, `household_id` the parsed id (null when empty),
    `numbering` whether the row is the numbering row and `units` whether it is the units row.
    """
    import polars as pl

    units = pl.lit(False) if units is None else units
    text = [c.cast(pl.String).str.strip_chars() for c in cells]
    id_empty = household_id.is_null()
    id_word = folded(household_id).str.contains(_TOTALS_PATTERN).fill_null(False)
    blank = id_empty & pl.all_horizontal(t.is_null() | (t == "") for t in text)
    totals = (id_empty | id_word) & pl.any_horizontal(
        folded(t).str.contains(_TOTALS_PATTERN).fill_null(False) for t in text
    )
    return (
        pl.when(numbering)
        .then(pl.lit(NUMBERING))
        .when(units)
        .then(pl.lit(UNITS))
        .when(blank)
        .then(pl.lit(BLANK))
        .when(totals)
        .then(pl.lit(TOTALS))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


# a household's id holds a digit or no space ('QN0040', 'H-12', '01'); a signature block's
# cell is words ('Người lập biểu', '(Ký, ghi rõ họ tên)', 'Trần Thị Lan') or a place and date
_WORDS = r"^[^\d]*\p{L}[^\d]*[\s(),][^\d]*$"
_DATED = r"\bngay\b.*\bthang\b.*\bnam\b"
# a cell that is a number ('4', '1.500.000', '2,5'): a household's size or income
_NUMBER = r"^[+-]?\d[\d\s.,']*$"


def holds_value(cell: pl.Expr) -> pl.Expr:
    """Whether a cell as read holds a household's value: anything but blank and the words of
    a signature block (`TRƯỞNG PHÒNG`, a signer's name, a place and date), which its right-hand
    part puts in whatever column is there, a marks column too. A number (`1.200.000 đ`, `4`),
    a mark (`x`) or a one-word answer (`Có`) is a value."""
    import polars as pl

    text = cell.cast(pl.String).str.strip_chars()
    words = folded(text)
    signed = words.str.contains(_WORDS) | words.str.contains(_DATED)
    return ((text.str.len_chars() > 0) & ~signed).fill_null(False)


def signature_row(cells: list[pl.Expr], household_id: pl.Expr) -> pl.Expr:
    """Whether a row below the totals row whose id cell is filled is the list's signature
    block all the same: its id cell holds words with no digit (`Người lập biểu`, `(Ký, ghi rõ
    họ tên)`, the signer's name) or a place and date (`Ba Chẽ, ngày 10 tháng 12 năm 2025`), and
    no cell of the row is a number. A household's row has its size and income, which are
    numbers, and an id such as `QN0040` holds a digit: neither is ever taken for one."""
    import polars as pl

    text = folded(household_id)
    said = text.str.contains(_WORDS) | text.str.contains(_DATED)
    number = pl.any_horizontal(
        c.cast(pl.String).str.strip_chars().str.contains(_NUMBER).fill_null(False) for c in cells
    )
    return said.fill_null(False) & ~number


@dataclass
class SkipMarker:
    """The rows of one file that are not households (or persons), batch by batch in the file's
    order: the same rules for the household file and the member file. It remembers the first
    totals row, as a footer row may be in a later batch than it."""

    numbering_row: int | None = None
    totals_at: int | None = None
    units_row: int | None = None

    def reasons(
        self,
        batch: pl.DataFrame,
        cells: list[pl.Expr],
        household_id: pl.Expr,
        row: str,
        data: list[pl.Expr] | None = None,
        held: pl.Expr | None = None,
    ) -> pl.DataFrame:
        """(`row`, `SKIP`) of the rows of `batch` that are skipped, in the batch's order.

        `cells` are every cell as read, `household_id` the parsed id (null when empty), `row`
        the column with the file's row numbers, `data` the cells as read of the columns the run
        reads as a household's data (income, size, marks, answers: not the id, nor a unit). A
        row below the totals row is a footer or signature row only if none of its `data`
        cells holds anything: a household written below a (sub)total, with or without its
        id, is a household (classified, or rejected for its missing id), never skipped. `held`
        (a boolean over the row) says a row holds such data in a way `holds_value` cannot see:
        a previous list's class word ('Hộ nghèo') read as a class. Only the few rows
        `maybe_skipped` picks are examined in full.
        """
        import polars as pl

        filled = pl.any_horizontal(holds_value(c) for c in data or [pl.lit(None, dtype=pl.String)])
        if held is not None:
            filled = filled | held.fill_null(False)

        numbering, units = (
            pl.lit(False) if at is None else pl.col(row) == at
            for at in (self.numbering_row, self.units_row)
        )
        empty = pl.DataFrame(schema={row: batch.schema[row], SKIP: pl.String})
        maybe = batch.select(maybe_skipped(household_id) | numbering | units).to_series()
        if not maybe.any():
            return empty
        no_id = "__no_id__"
        found = batch.filter(maybe).select(
            row,
            skip_reason(cells, household_id, numbering, units).alias(SKIP),
            (household_id.is_null() & ~filled).alias(no_id),
        )
        # below a totals row, a row with no household id is the list's footer (signatures,
        # place and date, notes): skipped with its reason, never taken for a household
        totals = found.filter(pl.col(SKIP) == TOTALS)[row]
        first = totals.min() if self.totals_at is None else self.totals_at
        if first is not None:
            self.totals_at = first  # type: ignore[assignment]
            footer = pl.col(SKIP).is_null() & pl.col(no_id) & (pl.col(row) > first)
            found = found.with_columns(
                pl.when(footer).then(pl.lit(FOOTER)).otherwise(pl.col(SKIP)).alias(SKIP)
            )
            # the signature block in the id column ('Người lập biểu', the signer's name):
            # few rows, below the totals row only
            below = batch.filter(~maybe & (batch.get_column(row) > first))
            if below.height:
                signed = below.filter(signature_row(cells, household_id) & ~filled).select(
                    row, pl.lit(SIGNATURE).alias(SKIP), pl.lit(False).alias(no_id)
                )
                if signed.height:
                    found = pl.concat([found, signed], how="vertical_relaxed").sort(row)
        return found.filter(pl.col(SKIP).is_not_null()).drop(no_id)
