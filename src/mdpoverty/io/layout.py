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
- **A footer row** (signatures, place and date, notes) is a row with no household id below the first
  totals row.

Numbering, totals, blank and footer rows are skipped and counted apart (rows read = classified +
rejected + skipped); no other row is ever skipped. A cheap look at the household id over whole
columns (`maybe_skipped`) picks the few rows the full rules (`skip_reason`) then examine.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from ..columns import OPTIONAL_UNITS
from ..errors import InputError

if TYPE_CHECKING:
    import polars as pl

HEADER_SEARCH_ROWS = 50
KNOWN_HEADERS_NEEDED = 3
GROUP_SEPARATOR = " / "  # a column under a group label: 'Thiếu hụt các chỉ số / Ghi chú'
SKIP = "__skip__"  # the reason a row is skipped (null: a household row)

NUMBERING, TOTALS, BLANK, FOOTER = "numbering", "totals", "blank", "footer"
SKIP_REASONS = {
    NUMBERING: "numbering row under the header",
    TOTALS: "totals row",
    BLANK: "blank row",
    FOOTER: "row with no household id below the totals row",
}
TOTALS_WORDS = ("tong cong", "tong so", "tong", "cong")  # folded: Tổng cộng, Tổng số, Tổng, Cộng
_TOTALS_PATTERN = r"^(?:" + "|".join(TOTALS_WORDS) + r")\s*:?$"

_LABEL = r"[(\[]?\s*(\d{1,3}|[A-Za-z]{1,2})\s*[)\]]?"
_NUMBERING_CELL = re.compile(rf"^{_LABEL}(?:\s*[-=+*/x×:.,]\s*{_LABEL})*$")
_HEAD_BYTES = 256 * 1024
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


def _known(texts: Sequence[Sequence[str]], column_of: Callable[[str], str | None]) -> int:
    """How many known columns (units not counted) the columns named by `texts` (for each
    column, the texts it may be matched by, in order) name."""
    found = set()
    for options in texts:
        column = next((c for c in map(column_of, options) if c is not None), None)
        found.add(column)
    return len(found - {None, *OPTIONAL_UNITS})


def _remembered(column_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    seen: dict[str, str | None] = {}

    def remembered(text: str) -> str | None:
        if text not in seen:
            seen[text] = column_of(text)
        return seen[text]

    return remembered


def _one_row(row: Cells, index: int, column_of: Callable[[str], str | None]) -> Header:
    cells = ["" if c is None else str(c) for c in row]
    named = _known([(c,) for c in cells if _filled(c)], column_of)
    return Header(index, 1, cells, {}, named)


def _two_rows(
    upper: Cells, lower: Cells, index: int, column_of: Callable[[str], str | None]
) -> Header | None:
    """`upper` over `lower` as one header (see the module's rule), or None when `lower` is not
    a second header row. The count of known columns is left to the caller."""
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
    group = ""
    grouped = True  # every cell the lower row fills lies under a group label
    merged_down = False  # a column named in the upper row, blank in the lower (merged down)
    for j in range(width):
        if up[j]:
            if low[j] and not label[j]:
                return None  # a cell under a column named above: a value, not a name
            if low[j] and column_of(up[j]) == "household_id":
                return None  # a household's id
            group = up[j] if label[j] else ""
        if not low[j]:
            merged_down = merged_down or bool(up[j])
            cells.append(up[j])
            continue
        grouped = grouped and bool(group)
        if group:
            name = f"{group}{GROUP_SEPARATOR}{low[j]}"
            matched_by[name] = (name, low[j])
        else:
            name = low[j]
        cells.append(name)
    named = _known([matched_by.get(c, (c,)) for c in cells if c], column_of)
    upper_alone = _known([(c,) for c in up if c], column_of)
    lower_alone = _known([(c,) for c in low if c], column_of)
    # the two rows are one header when each needs the other: a title row over a header row
    # (one cell, over a lower row that names every column itself) is not the first of two
    upper_needed = named > lower_alone or (merged_down and sum(map(bool, up)) >= 2)
    needs_both = named > upper_alone and upper_needed
    # or the upper row is a header by itself, and the lower one names the columns of its
    # groups (pass-through columns only: 'Chủ hộ / Năm sinh'), each group closed by a column named
    # to its right (a row of notes under the last columns is not taken for their names)
    closed = not label[max(j for j in range(width) if up[j])] if any(up) else False
    sub_names = upper_alone >= KNOWN_HEADERS_NEEDED and named >= upper_alone and grouped and closed
    if not (needs_both or sub_names):
        return None
    return Header(index, 2, cells, matched_by, named)


def header_at(
    rows: Sequence[Cells], index: int, column_of: Callable[[str], str | None], *, given: bool
) -> Header:
    """The header whose (first) row is `rows[index]`: over two rows when the next row is its
    second (see the module's rule; `given`: the row was named with --header-row, so the two
    need not name `KNOWN_HEADERS_NEEDED` known columns), else that row alone."""
    if index + 1 < len(rows):
        two = _two_rows(rows[index], rows[index + 1], index, column_of)
        if two is not None and (given or two.named >= KNOWN_HEADERS_NEEDED):
            return two
    return _one_row(rows[index], index, column_of)


def find_header(rows: Sequence[Cells], column_of: Callable[[str], str | None]) -> Header | None:
    """The header (see the module's rule) among the first `HEADER_SEARCH_ROWS` of `rows`, or
    None.

    `column_of` gives the column a header cell names, or None for a cell that names none.
    """
    column_of = _remembered(column_of)  # each cell is looked up for two pairs of rows
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        header = header_at(rows, index, column_of, given=False)
        if header.named >= KNOWN_HEADERS_NEEDED:
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


@dataclass(frozen=True)
class CsvHeader:
    """Where the header of a CSV file is, and what follows it."""

    separator: str
    skip_lines: int  # physical lines above the header
    header: Header
    last_header_line: int  # the last line of the header's (last) record
    first_data_line: int  # the line of the first record under the header
    numbering_row: int | None  # its line, when the first non-blank record numbers the columns

    @property
    def cells(self) -> list[str]:
        return self.header.cells


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
    if found and not text.endswith(("\n", "\r")) and len(found[-1][2]) and len(text) >= _HEAD_BYTES:
        found.pop()  # the head may end inside this record
    return found


def csv_header(
    path: Path,
    column_of: Callable[[str], str | None],
    separators: Sequence[str],
    header_row: int | None,
    source: str,
) -> CsvHeader | None:
    """The header of the CSV file at `path` (UTF-8): on line `header_row` when given, else
    the first record that qualifies (with the record under it, for a header over two rows);
    each separator is tried, and the one that finds the header first (then names the most
    known columns) wins. None when no record qualifies."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    found: list[tuple[tuple[int, int, int], CsvHeader]] = []
    for separator in separators:
        records = _records(head, separator, max(header_row or 0, HEADER_SEARCH_ROWS) + 20)
        rows = [r[2] for r in records]
        if header_row is not None:
            index = _record_on_line(
                records, header_row, complete=len(head) < _HEAD_BYTES, source=source
            )
            header = header_at(rows, index, column_of, given=True)
        else:
            header = find_header(rows, column_of)
            if header is None:
                continue
        rank = (header.index, -header.named, -len(header.cells))
        found.append((rank, _header_at(records, header, separator)))
    if not found:
        return None
    if header_row is not None:
        return min(found, key=lambda f: f[0][1:])[1]
    return min(found, key=lambda f: f[0])[1]


def _record_on_line(
    records: list[tuple[int, int, list[str]]], line: int, *, complete: bool, source: str
) -> int:
    for index, (first, _last, cells) in enumerate(records):
        if first == line:
            if not any(_filled(c) for c in cells):
                raise InputError(
                    f"--header-row {line}: that line is empty",
                    file=source,
                    key="input.header_row_line_empty",
                    params={"line": line},
                )
            return index
    if complete and all(last < line for _first, last, _cells in records):
        lines = records[-1][1] if records else 0
        raise InputError(
            f"--header-row {line}: the file has only {lines} lines",
            file=source,
            key="input.header_row_past_end",
            params={"line": line, "lines": lines},
        )
    raise InputError(
        f"--header-row {line}: no record starts on that line",
        file=source,
        key="input.header_row_no_record",
        params={"line": line},
    )


def _header_at(
    records: list[tuple[int, int, list[str]]], header: Header, separator: str
) -> CsvHeader:
    first = records[header.index][0]
    last = records[header.index + header.depth - 1][1]
    width = sum(1 for c in header.cells if _filled(c))
    numbering = None
    # polars numbers records from the first data line, one number per record
    for offset, (_start, _end, record) in enumerate(records[header.index + header.depth :]):
        if any(_filled(c) for c in record):
            if is_numbering_row(record, width):
                numbering = last + 1 + offset
            break
    return CsvHeader(separator, first - 1, header, last, last + 1, numbering)


def grid_header(
    rows: Sequence[Cells],
    column_of: Callable[[str], str | None],
    header_row: int | None,
    source: str,
) -> tuple[Header, int | None]:
    """For a sheet read as rows of cells from its row 1: (the header, index of a numbering
    row under it or None). Without `header_row` and with no row that qualifies, the first
    non-blank row."""
    if header_row is not None:
        index = header_row - 1
        if index >= len(rows):
            raise InputError(
                f"--header-row {header_row}: the sheet has only {len(rows)} rows",
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
        header = header_at(rows, index, column_of, given=True)
    else:
        found = find_header(rows, column_of)
        if found is None:
            first = next((i for i, r in enumerate(rows) if any(_filled(c) for c in r)), 0)
            found = _one_row(rows[first] if first < len(rows) else [], first, column_of)
        header = found
    width = sum(1 for c in header.cells if _filled(c))
    below = header.index + header.depth
    for i in range(below, min(len(rows), below + HEADER_SEARCH_ROWS)):
        if any(_filled(c) for c in rows[i]):
            return header, (i if is_numbering_row(rows[i], width) else None)
    return header, None


def _folded(expr: pl.Expr) -> pl.Expr:
    """Text without accents, lower case, single spaces (as `text.fold`), in polars."""
    return (
        expr.str.normalize("NFD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("[đĐ]", "d")
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


def skip_reason(cells: list[pl.Expr], household_id: pl.Expr, numbering: pl.Expr) -> pl.Expr:
    """Why a row is skipped (`NUMBERING`, `BLANK`, `TOTALS`), null for a household row.

    `cells` are every cell of the row as read, `household_id` the parsed id (null when empty)
    and `numbering` whether the row is the numbering row.
    """
    import polars as pl

    text = [c.cast(pl.String).str.strip_chars() for c in cells]
    id_empty = household_id.is_null()
    id_word = _folded(household_id).str.contains(_TOTALS_PATTERN).fill_null(False)
    blank = id_empty & pl.all_horizontal(t.is_null() | (t == "") for t in text)
    totals = (id_empty | id_word) & pl.any_horizontal(
        _folded(t).str.contains(_TOTALS_PATTERN).fill_null(False) for t in text
    )
    return (
        pl.when(numbering)
        .then(pl.lit(NUMBERING))
        .when(blank)
        .then(pl.lit(BLANK))
        .when(totals)
        .then(pl.lit(TOTALS))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


@dataclass
class SkipMarker:
    """The rows of one file that are not households (or persons), batch by batch in the file's
    order: the same rules for the household file and the member file. It remembers the first
    totals row, as a footer row may be in a later batch than it."""

    numbering_row: int | None = None
    totals_at: int | None = None

    def reasons(
        self, batch: pl.DataFrame, cells: list[pl.Expr], household_id: pl.Expr, row: str
    ) -> pl.DataFrame:
        """(`row`, `SKIP`) of the rows of `batch` that are skipped, in the batch's order.

        `cells` are every cell as read, `household_id` the parsed id (null when empty), `row`
        the column with the file's row numbers. Only the few rows `maybe_skipped` picks are
        examined in full.
        """
        import polars as pl

        numbering = (
            pl.lit(False) if self.numbering_row is None else pl.col(row) == self.numbering_row
        )
        empty = pl.DataFrame(schema={row: batch.schema[row], SKIP: pl.String})
        maybe = batch.select(maybe_skipped(household_id) | numbering).to_series()
        if not maybe.any():
            return empty
        no_id = "__no_id__"
        found = batch.filter(maybe).select(
            row,
            skip_reason(cells, household_id, numbering).alias(SKIP),
            household_id.is_null().alias(no_id),
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
        return found.filter(pl.col(SKIP).is_not_null()).drop(no_id)
