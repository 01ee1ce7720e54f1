"""Reading household tables: CSV/TSV (any of , ; tab), XLSX, Parquet, stdin; headers mapped.

Everything is read as text (or as the numbers a Parquet file holds) and parsed by `validation`,
so a bad cell becomes a reject with a reason instead of a crash, and an id such as ``01`` stays
``01``. What a file may cost is bounded by `limits`, checked before the file is read.
"""

from __future__ import annotations

import codecs
import copy
import csv
import difflib
import html
import re
import shutil
import struct
import sys
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .. import files
from ..columns import (
    BY_NAME,
    HOUSEHOLD_COLUMNS,
    INCOME_MONTH,
    INCOME_YEAR,
    INTERNAL,
    MARK_HELD,
    MARK_PREFIX,
    MARK_TARGET,
    MEMBER_BY_NAME,
    USER,
    ColumnType,
    fits_income,
    held_name,
    income_periods,
    unit_of,
    user_name,
)
from ..errors import InputError, MissingColumns, Said
from ..text import counted, fold, nfc, one_line, plural, quoted, shorten, yaml_scalar
from . import layout
from .limits import (
    MAX_COLUMNS,
    MAX_HEADER_CHARS,
    MAX_HEADER_TOTAL_CHARS,
    MAX_LINE_BYTES,
    XLSX_MAX_CELL_STYLES,
    XLSX_MAX_CELLS,
    XLSX_MAX_FORMAT_CHARS,
    XLSX_MAX_RATIO,
    XLSX_MAX_SHEET_TEXT,
    XLSX_MAX_SPARSENESS,
    XLSX_MAX_STYLES_BYTES,
    XLSX_MAX_UNCOMPRESSED,
    XLSX_RATIO_FROM_BYTES,
    XLSX_SPARSE_CELLS,
)
from .mapping import ColumnMapping, ValueCodes, known_columns
from .mapping import load_mapping as load_mapping  # where callers have always found it
from .mark_names import folded_names, indicator_of, mark_key
from .xlsx import column_letters

if TYPE_CHECKING:
    import fastexcel
    import polars as pl

    from .mark_list import MarkList

CSV_SUFFIXES = {".csv", ".txt"}
TSV_SUFFIXES = {".tsv", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
ROW = "__row__"
_EXACT = "__exact__"  # a workbook column's cells read as numbers (`Table.read_exact`)

_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
_HEAD_BYTES = 64 * 1024
_CHUNK = 1 << 22
# byte-order marks that name their encoding beyond doubt (no UTF-8 text starts with FF or FE);
# UTF-32's before UTF-16's, which they start with
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"))
_BOMS += ((b"\xfe\xff", "utf-16"),)
_UTF8 = ("utf-8", "utf-8-sig")
# the csv module refuses fields over 128 KB; lines are bounded by MAX_LINE_BYTES instead
csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES + 1))


@dataclass
class Table:
    """A table read as text, its columns renamed to canonical names where recognised."""

    frame: pl.LazyFrame
    source: str
    renamed: dict[str, str] = field(default_factory=dict)  # original header -> canonical
    # the row of the first record, for messages: a sheet's row, or a CSV file's record as Excel
    # numbers it (a cell with line breaks is one row)
    first_data_line: int = 2
    csv_path: Path | None = None  # the UTF-8 CSV actually scanned, for diagnosing broken rows
    sheets: list[str] = field(default_factory=list)  # an XLSX workbook's sheets
    sheet: str | None = None  # of those, the one read
    parquet_path: Path | None = None  # read in slices, keeping its column types
    headers: list[str] = field(default_factory=list)  # as in the file
    header_row: int = 1  # the header's (first) row in the file (for a CSV file, its record)
    header_rows: int = 1  # the rows it spans: 2 for a header merged over two rows
    # a header over two rows: a column under a group label ('group / sub') -> the texts it is
    # matched by, in order (that name, then the lower cell)
    matched_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skip_lines: int = 0  # CSV (physical) lines above the header (title and blank lines)
    body_lines: int = 0  # CSV lines above the first record under a header over two rows
    # CSV columns with no header: polars' name for one ('', '_duplicated_0') -> the name it
    # gets, '(no header, column U)'; those with no value either are not read (`unread`)
    csv_names: dict[str, str] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    # Parquet columns of a type mdpoverty cannot read, left out: header -> its type
    unreadable: dict[str, str] = field(default_factory=dict)
    numbering_row: int | None = None  # the row that numbers the columns under the header
    units_row: int | None = None  # the row of units under the header: '(người)', '(đồng)'
    # the columns under a deprivation group label: marks, not the household's answers
    marks: list[str] = field(default_factory=list)
    # the columns under a group label naming deprivation unclearly ('Not deprived'): refused
    # unless the mapping file says what each holds (`io.marks.find_marks`)
    unclear: list[str] = field(default_factory=list)
    mapping: ColumnMapping | None = None
    # a workbook's cells under the header holding an Excel error, read as empty: header ->
    # {row: the error, '#DIV/0!'} (`check_workbook`)
    excel_errors: dict[str, dict[int, str]] = field(default_factory=dict)
    # a workbook's money and m² number cells read as their number format shows them, not as
    # stored with more decimals (`_read_as_shown`): header -> {row: (stored, read)}
    shown_cells: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)
    extra_labels: dict[str, str] = field(default_factory=dict)  # extra column -> Vietnamese label
    notes: list[str] = field(default_factory=list)  # what the user should know of the reading
    notes_vi: dict[str, str] = field(default_factory=dict)  # a note -> its Vietnamese form
    mapping_absent: list[str] = field(default_factory=list)  # mapping keys no header matches
    # of those, a key that is the own cell of a column under a deprivation group label -> that
    # column's full name: its marks, taken as an answer by a line of its full name only
    mapping_marks: dict[str, str] = field(default_factory=dict)
    # a column listing the deprivations by name, as a run reads it (set by `run.marks.choose`)
    mark_list: MarkList | None = None
    kind: str = "households"  # what the table holds, for messages ('member' for --members)
    sheet_option: str = "--sheet"  # the option that chooses its sheet
    # a workbook: each header -> its column in the sheet (0-based from column A, as fastexcel's
    # `use_columns` counts it: not from the first column that holds a cell), and the rows read
    sheet_columns: dict[str, int] = field(default_factory=dict)
    sheet_rows: int = 0
    exact_columns: set[str] = field(default_factory=set)  # those `read_exact` read again
    # a workbook's columns hidden in Excel (by their name here): read, but not written to any
    # output unless the run reads them (`run.layout.withheld`): an ID-card number hidden
    # for printing never reaches a file posted for a village meeting
    hidden: list[str] = field(default_factory=list)
    # the columns an option names (--by, --weight: `run.pipeline.column_named`): read by the run
    named: set[str] = field(default_factory=set)
    # a workbook's headers whose cells that read as a number ('22', '196') are text cells, none
    # a number cell: a code typed as text, written back as text (`text_columns`)
    text_headers: set[str] = field(default_factory=set)
    encoding_option: str = "--encoding"  # the option that gives its encoding

    def header_targets(self) -> dict[str, str]:
        """Each header in the file -> the column name it gets."""
        return {h: self.renamed.get(h, h) for h in self.headers}

    def excel_error_cells(self) -> dict[str, dict[int, str]]:
        """The cells holding an Excel error (`excel_errors`) by the column name each header
        gets now: what `run.validation.validate` rejects as excel_error."""
        targets = self.header_targets()
        return {targets.get(h, h): cells for h, cells in self.excel_errors.items()}

    def text_columns(self) -> set[str]:
        """The columns (by the name each header gets now) whose cells that read as a number
        were text cells in the workbook, none a number cell (`text_headers`): an .xlsx output
        writes them as text, as they were written (``Mã tỉnh`` '22' stays '22', not 22)."""
        targets = self.header_targets()
        return {targets.get(h, h) for h in self.text_headers}

    def shown_cell_values(self) -> dict[str, dict[int, tuple[str, str]]]:
        """The cells read as Excel shows them (`shown_cells`) by the column name each header
        gets now: {row: (the value stored, the value read)}."""
        targets = self.header_targets()
        return {targets.get(h, h): cells for h, cells in self.shown_cells.items()}

    @property
    def blank_means_false(self) -> frozenset[str]:
        """Yes/no columns in which an empty cell means no (said so in the mapping file)."""
        return (
            frozenset(self.mapping.blank_means_false) if self.mapping is not None else frozenset()
        )

    @property
    def value_codes(self) -> ValueCodes | None:
        """The survey's codes per column (the mapping file's `values`), None without any."""
        if self.mapping is None or not self.mapping.values.codes:
            return None
        return self.mapping.values

    def read_exact(self, column: str) -> None:
        """Read a workbook's number cells of `column` (a sampling weight) at full precision.

        The grid is read as text, and a number cell's text is the number as Excel shows it, to
        at most 9 decimals (a weight ``1e-12`` reads ``0``, ``0.6666666666666666`` reads
        ``0.666666667``). The column is read once more, alone, as numbers: where the text read
        is a number as Excel shows it (digits, at most 9 decimals) and not exactly the cell's
        value, the cell gets its value's shortest text (``1e-12``, ``0.6666666666666666``), as
        a CSV file saved by a survey program holds it. A text cell is left as written (the two
        reads cannot tell a text cell of 16 or more digits, '12345678.123456789', from the
        number it reads as: that one is taken as the number). Nothing is done for a CSV or
        Parquet file, or twice.
        Example: ``table.read_exact("hhweight")`` before the weights are validated."""
        import polars as pl

        header = next((h for h, t in self.header_targets().items() if t == column), None)
        if self.sheet is None or header not in self.sheet_columns or column in self.exact_columns:
            return
        index = self.sheet_columns[header]
        try:
            import fastexcel

            numbers = (
                fastexcel.read_excel(Path(self.source))
                .load_sheet(
                    self.sheet,
                    header_row=None,
                    skip_rows=0,
                    use_columns=[index],
                    dtypes={index: "float"},
                )
                .to_polars()
            )
        except Exception as exc:
            raise InputError(
                f"cannot read this workbook: {failure_reason(exc)}",
                file=self.source,
                key="input.xlsx_unreadable",
                params={"reason": failure_reason(exc)},
            ) from None
        if numbers.width != 1 or numbers.height != self.sheet_rows:  # changed since it was read
            raise InputError(
                "cannot read this workbook: it changed while it was read",
                file=self.source,
                key="input.xlsx_unreadable",
                params={"reason": "it changed while it was read"},
            )
        value = _EXACT + column
        numbers = numbers.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW),
            pl.first().cast(pl.Float64).alias(value),
        ).filter(pl.col(value).is_finite())
        text = pl.col(column)
        shown = text.str.contains(r"^-?[0-9]+(\.[0-9]{1,9})?$")
        # text of at most 15 significant digits that reads as the cell's value is that value
        # (no two such decimals are one float64); a longer one may be a rounding of it
        digits = text.str.replace_all(r"[^0-9]", "").str.strip_chars("0").str.len_chars()
        same = (text.cast(pl.Float64, strict=False) == pl.col(value)) & (digits <= 15)
        differs = pl.col(value).is_not_null() & ~same
        self.frame = (
            self.frame.join(numbers.lazy(), on=ROW, how="left", maintain_order="left")
            .with_columns(
                pl.when(shown & differs)
                .then(pl.col(value).cast(pl.String))
                .otherwise(text)
                .alias(column)
            )
            .drop(value)
        )
        self.exact_columns.add(column)

    def accept_labels(self, labels: dict[str, str]) -> None:
        """Give a standard's extra column to the header that is its Vietnamese label (or its
        name, in any case or accents); headers already recognised are left as they are."""
        wanted = {fold(label): name for name, label in labels.items()}
        wanted |= {fold(name): name for name in labels}
        taken = set(self.header_targets().values())
        renames = {}
        for header, target in self.header_targets().items():
            texts = self.answer_texts(header)
            name = next((wanted[fold(t)] for t in texts if fold(t) in wanted), None)
            if target != header or name is None or name == header:
                continue
            if name in taken:
                raise InputError(
                    f"two headers give the column {quoted(name)}: {quoted(_shown(header))}"
                    " and another",
                    file=self.source,
                    column=name,
                    key="input.two_headers_one_column",
                    params={"column": quoted(name), "header": quoted(_shown(header))},
                )
            renames[header] = name
            taken.add(name)
        self.extra_labels.update(labels)
        if renames:
            self.renamed.update(renames)
            self.frame = self.frame.rename(renames)

    def hold(self, names: Collection[str]) -> None:
        """Hold each column named as one of `names` (a column the run adds: a list classified
        last year has its ``class``) under an internal name (`columns.USER` + its name) while
        mdpoverty works; every file written gives it its own name back (`columns.user_name`)."""
        renames = {c: USER + c for c in self.columns if c in names}
        if not renames:
            return
        self.renamed.update(
            {h: renames[t] for h, t in self.header_targets().items() if t in renames}
        )
        self.frame = self.frame.rename(renames)

    def answer_texts(self, header: str) -> tuple[str, ...]:
        """The texts `header` is matched by as a household's answer: a column under a
        deprivation group label by its full name only."""
        texts = self.matched_by.get(header, (header,))
        return texts[:1] if header in self.marks or header in self.unclear else texts

    separator: str = ","

    @property
    def columns(self) -> list[str]:
        return self.frame.collect_schema().names()

    def own_names(self, *, cells: bool = False) -> list[tuple[str, str]]:
        """(name, column): what an option naming a column of the user's (--by, --weight,
        --previous-class) may call each column: a column of a canonical or standard's name by
        that name, then each header as the file has it (with `cells`, a column under a group
        label by its lower cell too). Never a name mdpoverty gives a column while it works: a
        header that looks internal ('__row__') is held under another (`columns.held_name`),
        which names nothing, so '--by __user____row__' names a header of that text or none."""
        columns = self.columns
        named = [(c, c) for c in columns if not c.startswith(INTERNAL)]
        for header, target in self.header_targets().items():
            if target in columns:
                texts = self.answer_texts(header) if cells else (header,)
                named += [(text, target) for text in texts]
        return named

    def unreadable_named(self, name: str, key: Callable[[str], str] = fold) -> None:
        """Refuse (exit 4) an option's `name` that names a Parquet column of a type mdpoverty
        cannot read, left out when the file was read (`unreadable_type`)."""
        for header, kind in self.unreadable.items():
            if key(nfc(header)) == key(nfc(name)):
                raise _unreadable_error(self.source, header, kind)


def _shown(header: str) -> str:
    """A header as written, its line breaks shown as spaces."""
    return one_line(header)


def _header_aliases(extra_labels: dict[str, str] | None = None) -> dict[str, str]:
    """fold(header) -> column: canonical names, Vietnamese headers and descriptions, and the
    names and Vietnamese labels of a standard's extra columns."""
    aliases: dict[str, str] = {}
    for name, label in (extra_labels or {}).items():
        # a member column (given as an extra column with --members): its other headers too
        member = MEMBER_BY_NAME.get(name)
        others = (member.vi, *member.aliases) if member is not None else ()
        for alias in others if name not in BY_NAME else ():
            aliases[fold(alias)] = name
        aliases[fold(label)] = name
        aliases[fold(name)] = name
    for col in HOUSEHOLD_COLUMNS:
        for alias in col.aliases:
            aliases[fold(alias)] = col.name
        aliases[fold(col.name)] = col.name
        aliases[fold(col.vi_header)] = col.name
        aliases[fold(col.vi)] = col.name
    return aliases


def _other_headers(name: str) -> tuple[str, ...]:
    """The other headers accepted for a canonical household or member column."""
    col = BY_NAME.get(name) or MEMBER_BY_NAME.get(name)
    return col.aliases if col is not None else ()


def _column_of(
    mapping: ColumnMapping | None, aliases: dict[str, str]
) -> Callable[[str], str | None]:
    """The column a header names (the mapping first), or None."""

    def column_of(header: str) -> str | None:
        target = mapping.target(header) if mapping is not None else None
        # a unit by its level's words ('Quận/Huyện/Thị xã/Thành phố'), unless the mapping
        # file or a standard gives the header another column
        return target or aliases.get(fold(header)) or unit_of(header)

    return column_of


def map_headers(
    headers: list[str],
    mapping: ColumnMapping | None,
    source: str,
    aliases: dict[str, str] | None = None,
    matched_by: dict[str, tuple[str, ...]] | None = None,
    marks: Sequence[str] = (),
) -> dict[str, str]:
    """Original header -> new name; canonical and documented Vietnamese headers are recognised,
    line breaks inside a header cell count as spaces. `matched_by`: a header -> the texts it
    is matched by, in order (a column under a group label: its combined name, its own).
    `marks`: the columns under a deprivation group label, whose own cell names only what a
    mapping's ``deprived:`` line gives it (their marks), never an answer."""
    column_of = _column_of(mapping, aliases or _header_aliases())
    result: dict[str, str] = {}
    for header in headers:
        texts = (matched_by or {}).get(header, (header,))
        found = [column_of(nfc(t)) for t in texts[:1]]
        if header in marks:
            mapped = (mapping.target(nfc(t)) if mapping else None for t in texts[1:])
            found += [t for t in mapped if t is not None and t.startswith(MARK_TARGET)]
        else:
            found += [column_of(nfc(t)) for t in texts[1:]]
        result[header] = next((c for c in found if c is not None), header)
    seen: dict[str, str] = {}
    folded: dict[str, str] = {}
    known_keys = {fold(c) for c in (aliases or _header_aliases()).values()}
    known_keys |= {fold(h) for h, t in result.items() if t != h}
    for header, target in result.items():
        if target in seen:
            raise InputError(
                f"two headers give the column {quoted(target)}: "
                f"{quoted(_shown(seen[target]))} and {quoted(_shown(header))}",
                file=source,
                column=target,
                key="input.two_headers_one_column2",
                params={
                    "column": quoted(target),
                    "first": quoted(_shown(seen[target])),
                    "second": quoted(_shown(header)),
                },
            )
        seen[target] = header
        # a known column's name equal to another header but for case, accents and spaces (which
        # header matching ignores): which column is meant would be a guess. Pass-through headers
        # such as 'Số hộ' and 'Sổ hộ' are different words and both kept
        key = fold(target)
        known = target != header or key in known_keys
        if known and key in folded:
            raise InputError(
                f"the headers {quoted(_shown(folded[key]))} and {quoted(_shown(header))} differ "
                "only in case, accents or spaces, which header matching ignores: rename one in "
                "the file",
                file=source,
                key="input.headers_differ_in_case",
                params={"first": quoted(_shown(folded[key])), "second": quoted(_shown(header))},
            )
        folded[key] = header
    return result


def check_headers(headers: list[str], source: str, where: tuple[str, int] | None = None) -> None:
    """Refuse a table wider than `MAX_COLUMNS`, with a header over `MAX_HEADER_CHARS`, headers
    over `MAX_HEADER_TOTAL_CHARS` together, or one
    written twice. `where`: the row the header was read on ('row', 2), said when columns have
    no header (it may be the wrong one)."""
    if len(headers) > MAX_COLUMNS:
        raise InputError(
            f"the table has {len(headers):,} columns, more than the {MAX_COLUMNS:,} mdpoverty "
            "reads (a household table has a few dozen)",
            file=source,
            key="input.too_many_columns",
            params={"columns": len(headers), "limit": MAX_COLUMNS},
        )
    for number, header in enumerate(headers, start=1):
        if len(header) > MAX_HEADER_CHARS:
            # a header row found in the file's layout is checked there (`layout.check_lengths`)
            if where is not None:
                layout.too_long(source, str(where[1]), number - 1, header, "")
            raise InputError(
                f"the header of column {number}, {quoted(header)}, is longer than the "
                f"{MAX_HEADER_CHARS:,} characters mdpoverty reads in a header (a real one has "
                "a few dozen)",
                file=source,
                key="input.header_too_long_column",
                params={"number": number, "header": quoted(header), "limit": MAX_HEADER_CHARS},
            )
    total = sum(map(len, headers))
    if total > MAX_HEADER_TOTAL_CHARS:
        raise InputError(
            f"the table's {len(headers):,} headers hold {total:,} characters together, more "
            f"than the {MAX_HEADER_TOTAL_CHARS:,} mdpoverty reads in a header (a household "
            "table's are a few thousand): shorten the headers, or a group label written over "
            "many columns",
            file=source,
            key="input.headers_too_long",
            params={"columns": len(headers), "total": total, "limit": MAX_HEADER_TOTAL_CHARS},
        )
    seen: dict[str, int] = {}
    for number, header in enumerate(headers, start=1):
        key = nfc(header).strip()
        if key in seen:
            if not key:
                taken = f" (the header was read on {where[0]} {where[1]})" if where else ""
                raise InputError(
                    f"columns {seen[key]} and {number} have no header{taken}: give every "
                    "column with values a header, or delete the empty ones; if the header is "
                    "elsewhere, give its row with --header-row",
                    file=source,
                    key="input.columns_without_header",
                    params={"first": seen[key], "second": number, "at": where[1] if where else 0},
                )
            raise InputError(
                f"the header {quoted(_shown(key))} appears twice (columns {seen[key]} and "
                f"{number})",
                file=source,
                column=key,
                key="input.header_twice",
                params={"header": quoted(_shown(key)), "first": seen[key], "second": number},
            )
        seen[key] = number


def _sniff_separator(first_line: str) -> str:
    counts = {sep: 0 for sep in (",", ";", "\t")}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _temp_file() -> IO[bytes]:
    """A registered temporary file (removed however the run ends), open for writing."""
    from . import temporary

    return open(temporary.file_in_tmpdir("mdpoverty-", ".csv"), "wb")


def text_codec(encoding: str, source: str) -> str:
    """The codec's canonical name; an unknown name, or a codec that does not turn bytes into
    text (hex, base64, rot13, zlib...), is refused."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise InputError(
            f"unknown encoding {quoted(encoding)} (for Vietnamese Windows files: cp1258)",
            file=source,
            key="input.unknown_encoding",
            params={"encoding": quoted(encoding)},
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"{quoted(encoding)} is not a text encoding (it turns bytes into bytes); "
            "give the encoding the file was saved in, such as utf-8, cp1258 or utf-16",
            file=source,
            key="input.not_a_text_encoding",
            params={"encoding": quoted(encoding)},
        )
    return info.name


def _to_utf8_file(raw: Path, encoding: str, source: str) -> Path:
    """Re-encode a non-UTF-8 file to a temporary UTF-8 copy, in chunks (memory stays flat)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    tmp = _temp_file()
    done = 0
    try:
        with raw.open("rb") as src, tmp:
            while chunk := src.read(1 << 20):
                tmp.write(decoder.decode(chunk).encode("utf-8"))
                done += len(chunk)
            tmp.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError as exc:
        from . import temporary

        temporary.remove(tmp.name)
        raise InputError(
            f"the file is not valid {encoding} (byte {done + exc.start:,})",
            file=source,
            key="input.not_valid_encoding",
            params={"encoding": encoding, "byte": done + exc.start},
        ) from None
    except (UnicodeError, ValueError, TypeError) as exc:
        # a codec that refuses the file as a whole ('UTF-16 stream does not start with BOM')
        from . import temporary

        temporary.remove(tmp.name)
        hint = (
            "; without a byte-order mark, say which order: --encoding utf-16-le (Windows) or "
            "utf-16-be"
            if "bom" in str(exc).lower()
            else ""
        )
        raise InputError(
            f"cannot read the file as {encoding}: {quoted(str(exc), 120)}{hint}",
            file=source,
            key="input.cannot_decode",
            params={
                "encoding": encoding,
                "reason": quoted(str(exc), 120),
                "bom": bool(hint),
                "option": "--encoding",
            },
        ) from None
    return Path(tmp.name)


def _unix_line_ends(raw: Path) -> Path:
    """A temporary copy of a file whose lines end in a lone CR (old Mac), with LF instead."""
    tmp = _temp_file()
    with raw.open("rb") as src, tmp:
        carry = b""
        while chunk := src.read(1 << 20):
            chunk = carry + chunk
            carry = b"\r" if chunk.endswith(b"\r") else b""
            if carry:
                chunk = chunk[:-1]
            tmp.write(chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        tmp.write(carry.replace(b"\r", b"\n"))
    return Path(tmp.name)


def _check_text(path: Path, source: str) -> None:
    """Refuse a text file with a NUL byte anywhere, or a line longer than `MAX_LINE_BYTES`.

    One pass at the speed of memory: no text holds a NUL (it marks binary data, a damaged
    file, or UTF-16 read as UTF-8), and a file without line breaks would be read as one record.
    """
    since_break = 0  # bytes since the last line break
    offset = 0
    with path.open("rb", buffering=0) as fh:
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        while size := fh.readinto(view):
            nul = buffer.find(b"\x00", 0, size)
            if nul != -1:
                line = _line_of(path, offset + nul)
                raise InputError(
                    f"this is not a text table: line {line:,} holds a NUL byte (binary data, a "
                    "damaged file, or UTF-16 text without a byte-order mark: then give "
                    "--encoding utf-16-le)",
                    file=source,
                    key="input.nul_byte",
                    params={"line": line, "option": "--encoding"},
                )
            first = buffer.find(b"\n", 0, size)
            if first == -1:
                since_break += size
            else:
                since_break += first
                if since_break <= MAX_LINE_BYTES:
                    since_break = size - 1 - buffer.rfind(b"\n", 0, size)
            if since_break > MAX_LINE_BYTES:
                line = _line_of(path, offset + max(first, 0))
                raise InputError(
                    f"line {line:,} is longer than {MAX_LINE_BYTES >> 20} MB: no household "
                    "record is, so this is not a table with one record a line (or its line "
                    "breaks are not LF, CRLF or CR)",
                    file=source,
                    key="input.line_too_long",
                    params={"line": line, "mb": MAX_LINE_BYTES >> 20},
                )
            offset += size


def _line_of(path: Path, position: int) -> int:
    """The line (1 = the first) that holds byte `position`."""
    breaks = 0
    with path.open("rb") as fh:
        while position > 0 and (chunk := fh.read(min(_CHUNK, position))):
            breaks += chunk.count(b"\n")
            position -= len(chunk)
    return breaks + 1


def _first_line(path: Path, source: str, encoding: str) -> str:
    """The file's first line, decoded (a file checked by `_check_text`: its length is bounded)."""
    with path.open("rb") as fh:
        line = fh.readline(MAX_LINE_BYTES + 2)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            "the file is not valid UTF-8; if it was saved by Vietnamese Windows, "
            f"try --encoding cp1258 (now reading as {encoding})",
            file=source,
            key="input.not_utf8_as",
            params={"encoding": encoding, "option": "--encoding"},
        ) from None
    return text.lstrip("\ufeff").rstrip("\r\n")


def _sniff_file(head: bytes, source: str) -> None:
    """Refuse, from its first bytes, a file that is not a text table."""
    if not head.strip():
        raise InputError("the file is empty", file=source, key="input.empty")
    if head.startswith(_ZIP_MAGIC):
        raise InputError(
            "this looks like an Excel workbook, not a CSV file: give it the .xlsx extension",
            file=source,
            key="input.looks_xlsx",
        )
    if head.startswith(_PARQUET_MAGIC):
        raise InputError(
            "this looks like a Parquet file: give it the .parquet extension",
            file=source,
            key="input.looks_parquet",
        )
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            "this looks like an old .xls workbook (or a password-protected one): save it as "
            ".xlsx without a password, or as CSV",
            file=source,
            key="input.looks_xls",
        )


def read_table(
    path: str,
    *,
    encoding: str = "utf-8",
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    separator: str | None = None,
    header_row: int | None = None,
    extra_columns: dict[str, tuple[ColumnType, str]] | None = None,
    header_last: int | None = None,
    known_headers: tuple[str, ...] = (),
    headers_needed: int = layout.KNOWN_HEADERS_NEEDED,
    mark_names: dict[str, Sequence[str]] | None = None,
    sheet_option: str | None = "--sheet",
) -> Table:
    """Read `path` ('-' for CSV on stdin) as a lazy table of text columns.

    The header is found below any title rows (`layout`), or on `header_row` (the row or line
    number in the file; to `header_last`: a header over two rows, as the user says).
    `extra_columns` (a standard's extra columns: type and Vietnamese label) are recognised as
    headers and accepted as mapping targets. `known_headers` count as known columns where the
    header is looked for (a previous list's class headers), and rename nothing; the header
    names `headers_needed` known columns at least. `mark_names` (indicator id -> its names):
    a cell under a deprivation group label that names an indicator counts as a known column
    where a header over two rows is looked for (`io.marks`). `sheet_option`: the option that
    chooses the file's sheet (`--member-sheet` for the member file; None: none does, a previous
    list's), which a note on a hidden first sheet names.
    """
    import polars as pl

    extra = extra_columns or {}
    labels = {name: label for name, (_type, label) in extra.items()}
    if mapping is not None:
        mapping.check(known_columns({name: t for name, (t, _label) in extra.items()}))
    column_of = _column_of(mapping, _header_aliases(labels))
    if known_headers:
        column_of = _also_known(column_of, known_headers)
    from .mark_names import mark_finder

    mark_of = mark_finder(mark_names) if mark_names else None
    source = "<stdin>" if path == "-" else path
    if path == "-":
        # polars scans files, so stdin is spooled to a temporary file first
        tmp = _temp_file()
        with tmp:
            shutil.copyfileobj(sys.stdin.buffer, tmp, 1 << 20)
        file = Path(tmp.name)
        suffix = ".csv"
    else:
        file = Path(path)
        found = files.kind(file)
        through = files.file_before(path)  # 'h.csv/', which Path reads as 'h.csv'
        if through is not None:
            raise InputError(
                f"not a folder: {quoted(through)} is a file, and a path cannot go on past a "
                f"file; to read it, give its own path, {quoted(through)}",
                file=source,
                key="input.not_a_folder",
                params={"file": quoted(through)},
            )
        if found is None:
            raise InputError("file not found", file=source, key="input.not_found")
        if found == files.FOLDER:
            raise InputError("this is a folder, not a file", file=source, key="input.folder")
        if found != files.FILE:
            # a device, named pipe or socket: read more than once, or without end (/dev/zero)
            raise InputError(
                f"this is {files.WHAT[found]}, not a regular file; to read a stream, give - "
                "and pipe it to standard input",
                file=source,
                key="input.not_regular",
                params={"kind": found},
            )
        suffix = file.suffix.lower()

    if sheet is not None and suffix not in XLSX_SUFFIXES:
        # a sheet named for a CSV or Parquet file: perhaps the wrong file was given
        raise InputError(
            f"a sheet ({quoted(sheet)}) is named for this file, but it is not an Excel workbook "
            "(.xlsx) and has no sheets",
            file=source,
            key="input.sheet_for_non_workbook",
            params={"sheet": quoted(sheet)},
        )
    if suffix in XLSX_SUFFIXES:
        table = _read_xlsx(
            file,
            source,
            sheet,
            mapping,
            (header_row, header_last, headers_needed),
            column_of,
            labels,
            mark_of,
            frozenset(
                [n for n, c in BY_NAME.items() if c.type in _SHOWN_TYPES]
                + [n for n, (t, _label) in extra.items() if t in _SHOWN_TYPES]
            ),
            sheet_option,
        )
        table.extra_labels = labels
        return table
    if suffix in PARQUET_SUFFIXES:
        if header_row is not None:
            raise InputError(
                "--header-row applies to CSV and Excel files: a Parquet file's header is its "
                "column names",
                file=source,
                key="input.header_row_parquet",
            )
        return _read_parquet(file, source, mapping, labels, mark_of)
    if suffix not in CSV_SUFFIXES | TSV_SUFFIXES and path != "-":
        raise InputError(
            f"unknown file type {quoted(suffix or '(none)')}: use .csv, .tsv, .xlsx or .parquet",
            file=source,
            key="input.unknown_type",
            params={"suffix": quoted(suffix or "(none)")},
        )

    codec = text_codec(encoding, source)
    with file.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    _sniff_file(head, source)
    if codec in _UTF8:
        # Excel's "Unicode text" is UTF-16 with a byte-order mark: the mark says so for sure
        codec = next((name for bom, name in _BOMS if head.startswith(bom)), codec)
    if codec not in _UTF8:
        file = _to_utf8_file(file, codec, source)
        with file.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
        if not head.strip():
            raise InputError("the file is empty", file=source, key="input.empty")
    # lines that end in a lone CR (old Mac, Excel's "CSV (Macintosh)"): the first line shows it
    first_line = head.split(b"\n", 1)[0] if b"\n" in head else head[:-1]
    if b"\r" in first_line.rstrip(b"\r"):
        file = _unix_line_ends(file)
    _check_text(file, source)  # before anything reads lines: their length is bounded
    line = _first_line(file, source, encoding)
    fixed = separator or ("\t" if suffix in TSV_SUFFIXES else None)
    found = layout.csv_header(
        file,
        column_of,
        [fixed] if fixed else [",", ";", "\t"],
        header_row,
        source,
        header_last,
        headers_needed,
        mark_of,
    )
    depth, matched_by, body_lines = 1, {}, 0
    if found is None:  # no header among the first rows: the first line, as it is
        opened = unclosed_quote_row(file, layout.HEAD_BYTES)
        if opened is not None:  # a title's stray quote takes in every row after it
            raise InputError(
                f"row {opened} opens a quote (\") that is not closed in the file's first "
                f"{layout.HEAD_BYTES >> 10} KB, so every row after it reads as one cell and no "
                "header is found: close the quote or remove it",
                file=source,
                key="input.csv_unclosed_quote_head",
                params={"row": opened, "kb": layout.HEAD_BYTES >> 10},
            )
        sep = fixed or _sniff_separator(line)
        try:  # the headers checked are the ones polars reads
            cells = layout.first_record(file, sep)
        except csv.Error as exc:
            raise InputError(
                f"cannot read the header line: {failure_reason(exc)}",
                file=source,
                key="input.header_line_unreadable",
                params={"reason": failure_reason(exc)},
            ) from None
        skip, header_first, first_data, numbering, units = 0, 1, 2, None, None
    else:
        sep, cells, skip = found.separator, found.cells, found.skip_lines
        header_first, first_data, numbering = (
            found.header_row,
            found.first_data_row,
            found.numbering_row,
        )
        units = found.units_row
        depth, matched_by = found.header.depth, found.header.matched_by
        body_lines = found.last_header_line if depth > 1 else 0
    raw_cells = list(cells)
    # a column with no header (Excel pads every line of a CSV to its widest row, a title's
    # included) is named for the user, as in a workbook
    cells = [c if _filled(c) else no_header_name(i) for i, c in enumerate(cells)]
    # polars renames a repeated header silently ('area_duplicated_0'): check the raw header
    check_headers(cells, source, ("row", header_first))
    try:
        lf = scan_csv(file, sep, skip, cells if depth > 1 else None, body_lines)
        blank = [i for i, raw in enumerate(raw_cells) if not _filled(raw)]
        names = lf.collect_schema().names()
        csv_names = {}
        if depth == 1 and blank and len(names) == len(cells):
            csv_names = {names[i]: cells[i] for i in blank}
            lf = lf.rename(csv_names)
        unread = _empty_unnamed(lf, [cells[i] for i in blank])
        lf = lf.drop(unread)
        headers = lf.collect_schema().names()
    except pl.exceptions.NoDataError:
        raise InputError("the file is empty", file=source, key="input.empty") from None
    except pl.exceptions.DuplicateError:
        # the reader names blank headers '', '_duplicated_0', ... and refuses a header already
        # called so
        taken = [c for c in raw_cells if c.startswith("_duplicated_")]
        raise InputError(
            f"the header {quoted(taken[0] if taken else '_duplicated_0')} is the name the CSV "
            "reader gives a column with no header, and some columns here have none: rename it",
            file=source,
            key="input.header_reader_name",
            params={"header": quoted(taken[0] if taken else "_duplicated_0")},
        ) from None
    except pl.exceptions.ComputeError as exc:
        raise InputError(
            f"cannot read this CSV file: {failure_reason(exc)}",
            file=source,
            key="input.csv_unreadable",
            params={"reason": failure_reason(exc)},
        ) from None
    if not set(headers) <= set(cells):
        # polars read a header other than the cells checked (a quoted cell over several lines
        # past the part of the file read for them): its own names, a repeated one renamed
        check_headers(_unrenamed(headers, set(cells)), source)
    table = _finish(
        lf,
        headers,
        source,
        mapping,
        labels,
        first_data_line=first_data,
        matched_by=matched_by,
        marks=() if found is None else found.header.marks,
        unclear=() if found is None else found.header.unclear,
    )
    table.csv_path, table.separator = file, sep
    table.csv_names, table.unread = csv_names, unread
    table.skip_lines, table.header_row, table.numbering_row = skip, header_first, numbering
    table.header_rows, table.body_lines = depth, body_lines
    table.units_row = units
    _place_note(table, header_first, first_data - 1 if depth > 1 else None, header_first - 1)
    return table


def _unrenamed(headers: list[str], cells: set[str]) -> list[str]:
    """The CSV reader's `headers` with the name it gives a repeated one ('area_duplicated_0',
    silently) taken back to the header repeated, so that `check_headers` refuses it; a header
    so written in the file (one of `cells`) is kept."""
    names = set(headers)
    taken = []
    for header in headers:
        repeated = _DUPLICATED.fullmatch(header)
        if repeated and header not in cells and repeated[1] in names:
            header = repeated[1]
        taken.append(header)
    return taken


_DUPLICATED = re.compile(r"(.*)_duplicated_[0-9]+", re.S)


def _empty_unnamed(lf: pl.LazyFrame, unnamed: list[str]) -> list[str]:
    """The columns of `unnamed` (no header) with no value in any row: they hold nothing, as a
    workbook's such columns, and are not read. One more pass over the file, made only when some
    column has no header; a file that pass cannot read keeps them all, for the run to say where
    it goes wrong."""
    import polars as pl

    present = set(lf.collect_schema().names())
    unnamed = [c for c in unnamed if c in present]
    if not unnamed:
        return []
    try:
        filled = lf.select(
            (pl.col(c).str.strip_chars() != "").any().alias(c) for c in unnamed
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return []
    return [c for c in unnamed if not filled.get_column(c).item()]


def scan_csv(
    file: Path,
    separator: str,
    skip_lines: int,
    headers: list[str] | None = None,
    body_lines: int = 0,
    overrides: dict[str, pl.DataType] | None = None,
) -> pl.LazyFrame:
    """The records of a CSV file under its header, lazily, every column text but those in
    `overrides` (header -> type). Without `headers` the header is the line after
    `skip_lines`; a header over two rows (`headers`: its combined names) is not read by polars,
    which reads the records from line `body_lines` + 1 under those names."""
    import polars as pl

    if headers is None:
        return pl.scan_csv(
            file,
            separator=separator,
            infer_schema=False,
            schema_overrides=overrides or None,
            encoding="utf8",
            skip_lines=skip_lines,
            glob=False,  # a file name may hold [ ] * ?
        )
    schema = {h: (overrides or {}).get(h, pl.String) for h in headers}
    return pl.scan_csv(
        file,
        separator=separator,
        has_header=False,
        schema=schema,
        encoding="utf8",
        skip_lines=body_lines,
        glob=False,
    )


def _place_note(table: Table, first: int, last: int | None, above: int) -> None:
    """The note on where the header is (row `first`, to `last` for a header over two rows) and
    the `above` rows above it not read, in English and Vietnamese; none for a one-row header on
    the first row."""
    if last is not None:
        note = f"the header spans rows {first}-{last} (a header over two rows)"
        vi = f"tiêu đề chiếm các dòng {first}-{last} (tiêu đề hai dòng)"
    elif above:
        note, vi = f"the header is on row {first}", f"tiêu đề ở dòng {first}"
    else:
        return
    if above:
        note += f"; {_above(above, 'row')} not read"
        vi += f"; {above} dòng phía trên không được đọc"
    table.notes.insert(0, note)
    table.notes_vi[note] = vi


def _also_known(
    column_of: Callable[[str], str | None], texts: tuple[str, ...]
) -> Callable[[str], str | None]:
    """`column_of`, counting the headers `texts` (any case, accents, `_` or `-`) as known."""
    known = {_loose(t): f"known:{_loose(t)}" for t in texts}

    def column(header: str) -> str | None:
        return column_of(header) or known.get(_loose(header))

    return column


def _loose(text: str) -> str:
    return fold(text.replace("_", " ").replace("-", " "))


def ragged_rows(table: Table, limit: int = 10) -> tuple[int, list[tuple[int, int]], list[int]]:
    """(fields in the header, [(row, fields) ...] for rows with more fields than the header,
    [row ...] for rows that end in a lone CR inside the file: the reader takes only LF and CRLF
    as line ends there, so such a row runs on into the next)."""
    assert table.csv_path is not None
    found: list[tuple[int, int]] = []
    lone_cr: list[int] = []
    # lines split at LF alone, as polars splits them; the csv module stops at a lone CR
    with table.csv_path.open(encoding="utf-8-sig", errors="replace", newline="\n") as fh:
        for _ in range(table.skip_lines):  # title lines above the header
            fh.readline()
        reader = csv.reader(fh, delimiter=table.separator)
        width = len(next(reader, []))
        for _ in range(table.header_rows - 1):  # the second row of a header over two rows
            width = max(width, len(next(reader, [])))
        row = table.first_data_line
        while len(found) < limit and len(lone_cr) < limit:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:
                lone_cr.append(row)
            else:
                if len(record) > width:
                    found.append((row, len(record)))
            row += 1
    return width, found, lone_cr


def unclosed_quote_row(path: Path, limit: int | None = None) -> int | None:
    """The row (as Excel numbers them: one per record) on which a quote (") opens that is never
    closed in the CSV file at `path` (or in its first `limit` bytes), or None. A quoted cell may
    hold line breaks, so a record ends on the first line that leaves every quote closed; an
    escaped quote ("") is two, so only an open quote changes the count's parity."""
    row, start, open_quote, read = 1, 1, False, 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="\n") as fh:
        for line in fh:
            read += len(line)
            if not open_quote:
                start = row
            open_quote ^= line.count('"') % 2 == 1
            if not open_quote:
                row += 1
            if limit is not None and read >= limit:
                break
    return start if open_quote else None


def failure_reason(exc: BaseException) -> str:
    """An exception's first line, as a message may quote it: a value polars quotes between
    backticks (a cell: personal data) shown as '(a value)', the rest (it can hold a header)
    escaped and cut to 200 characters. Example: ``could not parse (a value) as dtype i64``."""
    text = re.sub(r"`[^`]*`", "(a value)", str(exc).strip(), flags=re.S)
    return quoted(text.splitlines()[0], 200)[1:-1] if text else type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Parquet


# polars reads decimals of up to 38 digits (128 bits); a Parquet decimal may have up to 76
DECIMAL_DIGITS = 38


def unreadable_type(dtype: pl.DataType) -> str | None:
    """The type of a Parquet column polars cannot read or mdpoverty cannot turn into one value
    per cell, as a message names it (`decimal(39, 0)`, `List(Int64)`); None for a column
    mdpoverty reads. An extension type (JSON,
    UUID, an application's own) is read as the values it stores."""
    import polars as pl

    if isinstance(dtype, pl.Extension):
        return unreadable_type(dtype.ext_storage())
    if isinstance(dtype, pl.Decimal) and (dtype.precision or 0) > DECIMAL_DIGITS:
        return f"decimal({dtype.precision}, {dtype.scale})"
    if _text_list(dtype):
        return None  # read as the text of its items (`parquet_columns`)
    if dtype.is_nested() or dtype == pl.Object or dtype == pl.Unknown:
        return str(dtype)  # lists and structures hold no single value per cell
    return None


# a list of texts is read as its items joined so, as mdpoverty's own output and an office's text
# cell write a list of deprivations (`io.mark_list.SEPARATORS` splits it again)
LIST_JOIN = "; "


def _text_list(dtype: pl.DataType) -> bool:
    """Whether `dtype` is a list of texts (or of categories, or of nulls), of any length or of
    a fixed one (an Arrow `fixed_size_list<string>`): one text per cell."""
    import polars as pl

    if not isinstance(dtype, pl.List | pl.Array):
        return False
    inner = dtype.inner
    if isinstance(inner, pl.Extension):
        inner = inner.ext_storage()
    return inner in (pl.String, pl.Null) or isinstance(inner, (pl.Categorical, pl.Enum))


# the dates and times polars can write as text: its formatting panics (a crash, not an
# error) on a date beyond chrono's +-262,143 years, and a wrong value can be read from a unit
# converted with an overflow; years 1-9999 (ISO 8601's four digits) leave room for both
_FIRST_DAY, _LAST_DAY = -719_162, 2_932_896  # 0001-01-01 and 9999-12-31, days from 1970
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def _range_checks(schema: pl.Schema, int96: Collection[str] = ()) -> dict[str, tuple[pl.Expr, str]]:
    """name -> (an expression true when a value of the column is outside what mdpoverty
    reads, the type as a message names it) for the Parquet columns of dates, datetimes and
    durations; compared on the stored integers, which no check can make polars panic on."""
    import polars as pl

    checks = {}
    for name, dtype in schema.items():
        raw = pl.col(name).to_physical()
        if dtype == pl.Date:
            bad = (raw < _FIRST_DAY) | (raw > _LAST_DAY)
            checks[name] = (bad.any(), f"{dtype} \u2209 0001-01-01..9999-12-31")
        elif isinstance(dtype, pl.Datetime):
            per_day = 86_400 * _PER_SECOND[dtype.time_unit or "us"]
            lowest, highest = _FIRST_DAY * per_day, (_LAST_DAY + 1) * per_day - 1
            if lowest > _INT64_MIN:  # in nanoseconds, 64 bits hold only 1677-2262: all fit
                bad = (raw < lowest) | (raw > highest)
                checks[name] = (bad.any(), f"{dtype} \u2209 0001-01-01..9999-12-31")
            elif name in int96:
                # ... and polars gives a Spark INT96 time outside them as the highest (or
                # lowest) 64-bit value, without a word: no real time is that nanosecond
                bad = (raw == _INT64_MAX) | (raw == _INT64_MIN)
                checks[name] = (bad.any(), f"{dtype} \u2209 1677-09-21..2262-04-11")
        elif isinstance(dtype, pl.Duration):
            # polars writes the lowest 64-bit duration as garbled ISO 8601 text
            checks[name] = ((raw == _INT64_MIN).any(), f"{dtype} = -2^63")
    return checks


def out_of_range(file: Path, schema: pl.Schema, source: str) -> dict[str, str]:
    """The Parquet columns (name -> the type as a message names it) of dates, datetimes or
    durations holding a value polars cannot write as text (`_range_checks`), found by one read
    of those columns alone (nothing is read when the file has none)."""
    import polars as pl

    from . import parquet_footer

    stamps = any(isinstance(t, pl.Datetime) and t.time_unit == "ns" for t in schema.values())
    footer = parquet_footer.read(file) if stamps else None
    checks = _range_checks(schema, footer.int96 if footer else ())
    found = _stored_out_of_range(file, schema, source)
    if not checks:
        return found
    try:
        values = (
            pl.scan_parquet(file, glob=False)
            .select(expr.alias(name) for name, (expr, _kind) in checks.items())
            .collect()
        )
    except (pl.exceptions.ComputeError, pl.exceptions.PanicException) as exc:
        raise InputError(
            f"cannot read this Parquet file: {failure_reason(exc)}",
            file=source,
            key="input.parquet_unreadable",
            params={"reason": failure_reason(exc)},
        ) from None
    found.update({name: kind for name, (_expr, kind) in checks.items() if values[name][0]})
    return found


def _stored_out_of_range(file: Path, schema: pl.Schema, source: str) -> dict[str, str]:
    """The Parquet columns (name -> the type as a message names it) whose stored values polars
    changes as it reads them, found by the statistics in the file's footer: times of day
    outside 0-24 h (read as empty cells) and durations in seconds past 2^63 milliseconds (read
    wrapped). A column whose footer keeps no statistics for a chunk is taken for one when
    polars' empty cells outnumber the file's (times), or always (durations in seconds): its
    values cannot be told right."""
    import polars as pl

    from . import arrow_schema, parquet_footer

    times = [name for name, dtype in schema.items() if dtype == pl.Time]
    try:
        encoded = pl.read_parquet_metadata(file).get(arrow_schema.KEY)
    except (Exception, pl.exceptions.PanicException):
        encoded = None
    seconds = arrow_schema.second_durations(encoded) if encoded else set()
    seconds = {n for n in seconds if isinstance(schema.get(n), pl.Duration)}
    if not times and not seconds:
        return {}
    footer = parquet_footer.read(file)
    found: dict[str, str] = {}
    unsure: list[str] = []
    for name in times:
        per = footer.time_units.get(name) if footer else None
        chunks = footer.chunks.get(name, []) if footer else []
        kind = f"{schema[name]} \u2209 00:00..24:00"
        if per is None or not chunks:
            found[name] = kind
            continue
        lows = [parquet_footer.as_int(c.minimum) for c in chunks]
        highs = [parquet_footer.as_int(c.maximum) for c in chunks]
        if any(lo is not None and lo < 0 for lo in lows) or any(
            hi is not None and hi >= 86_400 * per for hi in highs
        ):
            found[name] = kind
        elif None in lows or None in highs:
            unsure.append(name)
    for name in seconds:
        chunks = footer.chunks.get(name, []) if footer else []
        kind = "duration[s] \u2209 \u00b1(2^63-1) ms"
        most = _INT64_MAX // 1_000
        for chunk in chunks or [parquet_footer.Chunk()]:
            lo, hi = parquet_footer.as_int(chunk.minimum), parquet_footer.as_int(chunk.maximum)
            if lo is None or hi is None or lo < -most or hi > most:
                found[name] = kind
    if unsure:
        try:
            empty = (
                pl.scan_parquet(file, glob=False)
                .select(pl.col(unsure).null_count())
                .collect()
                .row(0)
            )
        except (pl.exceptions.ComputeError, pl.exceptions.PanicException) as exc:
            raise _parquet_unreadable(exc, source) from None
        for name, polars_empty in zip(unsure, empty, strict=True):
            stored = [c.nulls for c in footer.chunks[name]] if footer else [None]
            if polars_empty and (None in stored or polars_empty != sum(stored)):
                found[name] = f"{schema[name]} \u2209 00:00..24:00"
    return found


def parquet_columns(
    schema: pl.Schema, source: str, leave_out: Collection[str] = ()
) -> list[pl.Expr]:
    """Each column of a Parquet file as mdpoverty reads it, in one type every output holds.

    Numbers, text, true/false, dates and times keep their type. Categorical, enum and all-null
    columns become text; binary becomes text (as Hive and Spark store text; bytes that are not
    UTF-8 stop the run); durations become ISO 8601 text; an extension type its stored values; a
    list of texts (`List(String)`, a list of deprivations; of a fixed size too) the text of its
    items joined by '; ' (null items skipped; an empty list is an empty cell). A column of a
    type `unreadable_type` names (decimals of over 38 digits, other lists, structures), or one in `leave_out`
    (`out_of_range`: dates beyond the year 9999...), is left out: `_read_parquet` has refused the
    file if it is one mdpoverty needs.
    """
    import polars as pl

    exprs = []
    for name, dtype in schema.items():
        if unreadable_type(dtype) is not None or name in leave_out:
            continue
        col = pl.col(name)
        if isinstance(dtype, pl.Extension):
            col, dtype = col.ext.storage(), dtype.ext_storage()
        if dtype in (pl.Binary, pl.Null) or isinstance(dtype, (pl.Categorical, pl.Enum)):
            col = col.cast(pl.String)
        elif isinstance(dtype, pl.Duration):
            col = col.dt.to_string()
        elif _text_list(dtype):
            if isinstance(dtype, pl.Array):
                col = col.arr.to_list()
            col = col.list.eval(pl.element().cast(pl.String)).list.join(LIST_JOIN)
        exprs.append(col.alias(name))
    return exprs


def _unreadable_error(source: str, header: str, kind: str) -> InputError:
    return InputError(
        f"the column {quoted(header)} has a type mdpoverty cannot read ({kind}); convert it to "
        "numbers or text of a simpler type and save the file again",
        file=source,
        column=header,
        key="input.parquet_type",
        params={"column": quoted(header), "type": kind},
    )


def _unreadable_columns(
    file: Path,
    schema: pl.Schema,
    source: str,
    targets: dict[str, str],
    known: Collection[str],
) -> tuple[dict[str, str], str, str]:
    """The columns of a Parquet file of a type mdpoverty cannot read (`unreadable_type`), or
    holding a value polars cannot write (`out_of_range`), which are left out, with a note on
    them in English and Vietnamese; refused (exit 4) when one is a column mdpoverty reads: its
    header gives a known column (`targets`: header -> the column it gives, itself when none;
    `known`: the columns mdpoverty reads, and the headers of marks)."""
    unread = {name: kind for name, dtype in schema.items() if (kind := unreadable_type(dtype))}
    unread.update(out_of_range(file, schema, source))
    unread = {name: unread[name] for name in schema.names() if name in unread}  # file's order
    used = [n for n in unread if targets.get(n, n) != n or n in known]
    if used:
        raise _unreadable_error(source, used[0], unread[used[0]])
    if not unread:
        return {}, "", ""
    shown = ", ".join(f"{quoted(n)} ({k})" for n, k in list(unread.items())[:5])
    more = f" and {len(unread) - 5:,} more" if len(unread) > 5 else ""
    note = (
        f"{counted(len(unread), 'column')} of a type mdpoverty cannot read, not needed and left "
        f"out of the outputs: {shown}{more}"
    )
    more_vi = f" và {len(unread) - 5:,} cột khác" if len(unread) > 5 else ""
    vi = (
        f"{len(unread)} cột có kiểu dữ liệu mdpoverty không đọc được, không cần đến và không có"
        f" trong các tệp kết quả: {shown}{more_vi}"
    )
    return unread, note, vi


def _read_parquet(
    file: Path,
    source: str,
    mapping: ColumnMapping | None,
    labels: dict[str, str],
    mark_of: layout.MarkOf | None = None,
) -> Table:
    import polars as pl

    file, schema, arrow_note = _parquet_schema(file, source)
    headers = schema.names()
    check_headers(headers, source)
    # a header over two rows flattened ('<group> / <own>', mdpoverty's own output): its marks
    matched_by, marks, unclear = layout.flattened_marks(headers, mark_of)
    aliases = _header_aliases(labels)
    targets = map_headers(headers, mapping, source, aliases, matched_by, [*marks, *unclear])
    known = {*aliases.values(), *marks, *unclear}
    unread, note, note_vi = _unreadable_columns(file, schema, source, targets, known)
    headers = [h for h in headers if h not in unread]
    matched_by = {h: texts for h, texts in matched_by.items() if h not in unread}
    lf = pl.scan_parquet(file, glob=False).select(parquet_columns(schema, source, unread))
    lf = lf.select(pl.col(h).cast(pl.String) for h in headers)
    table = _finish(
        lf,
        headers,
        source,
        mapping,
        labels,
        first_data_line=1,
        matched_by=matched_by,
        marks=marks,
        unclear=unclear,
    )
    table.parquet_path = file
    table.unreadable = unread
    for en, vi in (arrow_note, (note, note_vi)):
        if en:
            table.notes.append(en)
            table.notes_vi[en] = vi
    return table


def _parquet_unreadable(exc: BaseException, source: str) -> InputError:
    return InputError(
        f"cannot read this Parquet file: {failure_reason(exc)}",
        file=source,
        key="input.parquet_unreadable",
        params={"reason": failure_reason(exc)},
    )


def _parquet_schema(file: Path, source: str) -> tuple[Path, pl.Schema, tuple[str, str]]:
    """The Parquet file to read (`file`, or a copy of it polars can read) and its schema, with a
    note (English, Vietnamese; empty when none) when it is the copy.

    polars panics (a crash) while it reads the schema of a file whose Arrow schema holds a type
    it does not implement (`arrow_schema`: `list_view`), whatever columns are asked for. Such a
    file is read from a copy with its Arrow schema hidden, by its Parquet schema (a list view is
    a list there); so is a file on whose schema polars panics for a reason not foreseen. A file
    whose schema cannot be read even so is the file's problem (exit 4), never a crash."""
    import polars as pl

    from . import arrow_schema

    try:
        metadata = pl.read_parquet_metadata(file)
    except (Exception, pl.exceptions.PanicException):
        metadata = {}  # not a Parquet file: reading its schema says why
    encoded = metadata.get(arrow_schema.KEY)
    panicking = arrow_schema.panicking_columns(encoded) if encoded else {}
    copy = _without_arrow_schema(file) if panicking else None
    try:
        schema = pl.scan_parquet(copy or file, glob=False).collect_schema()
    except pl.exceptions.PanicException as exc:
        if copy is not None or not encoded or (copy := _without_arrow_schema(file)) is None:
            raise _parquet_unreadable(exc, source) from None
        try:
            schema = pl.scan_parquet(copy, glob=False).collect_schema()
        except (Exception, pl.exceptions.PanicException):
            from . import temporary

            temporary.remove(str(copy))
            raise _parquet_unreadable(exc, source) from None
    except Exception as exc:
        raise _parquet_unreadable(exc, source) from None
    if copy is None:
        return file, schema, ("", "")
    shown = ", ".join(f"{quoted(n)} ({k})" for n, k in list(panicking.items())[:5])
    more = f" and {len(panicking) - 5:,} more" if len(panicking) > 5 else ""
    more_vi = f" và {len(panicking) - 5:,} cột khác" if len(panicking) > 5 else ""
    what = f": {shown}{more}" if shown else ""
    what_vi = f": {shown}{more_vi}" if shown else ""
    en = (
        f"the file's Arrow schema has a type polars cannot read{what}; the file is read by its"
        " Parquet types (a list view as a list, a duration as its number, a time with its zone"
        " in UTC)"
    )
    vi = (
        f"lược đồ Arrow của tệp có kiểu dữ liệu polars không đọc được{what_vi}; tệp được đọc"
        " theo các kiểu Parquet của nó (list view như một danh sách, một khoảng thời gian như"
        " con số của nó, một thời điểm có múi giờ theo UTC)"
    )
    return copy, schema, (en, vi)


def _without_arrow_schema(file: Path) -> Path | None:
    """`arrow_schema.without_arrow_schema`, kept only when the copy has no Arrow schema left."""
    import polars as pl

    from . import arrow_schema, temporary

    copy = arrow_schema.without_arrow_schema(file)
    if copy is None:
        return None
    try:
        hidden = arrow_schema.KEY not in pl.read_parquet_metadata(copy)
    except (Exception, pl.exceptions.PanicException):
        hidden = False
    if not hidden:
        temporary.remove(str(copy))
        return None
    return copy


# ---------------------------------------------------------------------------------------------
# XLSX

# a cell's or row's reference as the reader takes it: an attribute `r` (no other name ending
# in r), spaces around '=' and either quote, letters in either case (`r = 'e7'` is E7)
_REF = re.compile(rb"""(?<![\w:.-])r[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z]{0,3})([0-9]{1,9})["']""")
# a reference the reader refuses the whole sheet for (Excel never writes one): a cell's that is
# not a column's letters then a row from 1 (`r="C"`, `r="5"`, `r="$C$5"`, `r="C0"`, `r=""`), a
# row's that is not a number from 1 (`r="B"`); each attribute of the start tag read whole
_ATTRS_BEFORE = r"""(?:[ \t\r\n]+[^ \t\r\n=/>]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*'))*"""


def _bad_ref(q: str) -> str:
    other = f"[^{q}]"
    cell = f"[A-Za-z]*|[0-9]{other}*|[A-Za-z]+0+|[A-Za-z]*[0-9]+[^0-9{q}]{other}*"
    cell += f"|[A-Za-z]*[^A-Za-z0-9{q}]{other}*"
    row = f"0*|[0-9]*[^0-9{q}]{other}*"
    start = r"<(?:[A-Za-z_][A-Za-z0-9_.-]*:)?"
    attr = rf"{_ATTRS_BEFORE}[ \t\r\n]+r[ \t\r\n]*=[ \t\r\n]*{q}"
    return rf"{start}c{attr}(?:{cell}){q}|{start}row{attr}(?:{row}){q}"


_BAD_REF = f"{_bad_ref(chr(34))}|{_bad_ref(chr(39))}"
_REF_VALUE = re.compile(rb"""[ \t\r\n]r[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
# a row's or cell's start tag (any namespace prefix), for the count of the cells a row holds
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[ \t\r\n/>])")
_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[ \t\r\n/>])")
# a cell's reference in a start tag that is not self-closing: a cell that may hold a value. The
# reader places no cell for an element without one (`<c r="A9" s="1"/>`, a formatted empty
# cell), nor a row for a `<row r="9" s="1"/>` (a sheet formatted to row 1,048,576): neither
# widens the range it holds
_VALUED_REF = re.compile(
    rb"""(?<![\w:.-])r[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z]{1,3})([0-9]{1,9})["']"""
    rb"""(?:[^<>"'/]|"[^"]*"|'[^']*')*>"""
)
# a row's number, for the cells without a reference it holds (placed in it)
_ROW_NUMBER = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]{0,40}:)?row[ \t\r\n][^<>]*?(?<=[ \t\r\n])r[ \t\r\n]*=[ \t\r\n]*"""
    rb"""["']([0-9]{1,9})["']"""
)
# a cell's start tag with a reference: placed by it
_CELL_REFERENCED = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c[ \t\r\n](?:[^<>"']|"[^"]*"|'[^']*')*?"""
    rb"""(?<=[ \t\r\n])r[ \t\r\n]*="""
)
_FAR_REF = re.compile(
    rb"""(?<![\w:.-])r[ \t\r\n]*=[ \t\r\n]*["'](?:[A-Za-z]{4}|[A-Za-z]*[0-9]{10})"""
)
_SCAN_CHUNKS = 4  # chunks of a sheet's XML checked at once (polars spreads them over cores)
# a shared-string cell (t="s") whose value is not digits alone ('-20', ' 7 ', '1.5', '&#51;',
# '<![CDATA[3]]>', empty), or too large for 64 bits: the reader takes the first string for one
# it cannot parse, and no value for another, silently (one past the strings it refuses). An
# attribute value may hold '>', an element a namespace prefix, and a formula may come first.
# ASCII classes only, and no \b: polars' regex engine then keeps to its fast automaton, which
# a word boundary outside ASCII (Vietnamese text) would stop. A child element of the value
# (`<v><x/>5</v>`, read as no value) is not looked for: the first test's cost would double.
_XML_NAME = r"(?:[A-Za-z_][A-Za-z0-9_.-]*:)?"
_XML_SPACE = r"[ \t\r\n]"
_XML_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_NOT_AN_INDEX = (
    rf"(?:[^0-9<]|[0-9]+(?:[^0-9<]|<[^/])|<[^/A-Za-z_]|</{_XML_NAME}v[ \t\r\n>]"
    r"|0*[1-9][0-9]{19})"
)
# the first test, of every chunk: any element's text that is not an index (in a workbook of
# text, Excel writes none); only the chunks where it finds one get the second, of the cells
_MAYBE_BAD_SHARED = ">" + _NOT_AN_INDEX
_BAD_SHARED = (
    rf"""<{_XML_NAME}c{_XML_SPACE}(?:{_XML_ATTRS}(?:{_XML_SPACE}|"[^"]*"|'[^']*'))?"""
    rf"""t{_XML_SPACE}*={_XML_SPACE}*(?:"s"|'s'){_XML_ATTRS}>"""
    rf"""[^<]*(?:<{_XML_NAME}f[ \t\r\n/>][^<]*(?:</{_XML_NAME}f>[^<]*)?)?"""
    rf"""<{_XML_NAME}v(?:{_XML_SPACE}{_XML_ATTRS})?>{_NOT_AN_INDEX}"""
)
# A cell holding an Excel error (t="e": #DIV/0!, #N/A, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!...),
# which the reader gives as an empty cell: its start tag, a formula maybe, and its value. The
# first test, of every chunk, is for the attribute alone (Excel writes it on error cells only).
_MAYBE_ERROR = rf"""{_XML_SPACE}t{_XML_SPACE}*={_XML_SPACE}*(?:"e"|'e')"""
_ERROR_CELL = (
    rf"""<{_XML_NAME}c(?:{_XML_SPACE}[^>]*)?{_MAYBE_ERROR}[^>]*>"""
    rf"""(?:<{_XML_NAME}f[^>]*/>|<{_XML_NAME}f[^>]*>[^<]*</{_XML_NAME}f>)?"""
    rf"""<{_XML_NAME}v>[^<]{{1,32}}</"""
)
_MAYBE_ERROR_BYTES = re.compile(_MAYBE_ERROR.encode())
_ERROR_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v>([^<]{1,32})</")
# error cells noted per sheet at most (their rows: excel_error); a sheet holding more is refused
EXCEL_ERRORS_KEPT = 100_000
# For the walk that places error cells without a reference (`_unreferenced_errors`): a row or
# cell element's start, or what its text must be skipped as (a comment, CDATA, an instruction);
# the rest of a start tag to its '>' (an attribute's value may hold one); its reference; a
# cell's value (an error's) after its start tag, a formula maybe first.
# an attribute's value holds no '<' in XML: a tag is read to its '>' without passing one, so
# that no tag is read further than the next element (linear time)
_TAG_ATTRS = rb"""((?:[^<>"']|"[^<"]*"|'[^<']*')*)>"""
_WALKED_ROW = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[ \t\r\n/>])" + _TAG_ATTRS + rb"|<!--|<!\[CDATA\[|<\?"
)
_WALKED_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[ \t\r\n/>])" + _TAG_ATTRS)
_SKIPPED = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_REF_ATTR = re.compile(rb"""[ \t\r\n]r[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z]{0,3})([0-9]{0,9})["']""")
_ERROR_ATTR = re.compile(rb"""[ \t\r\n]t[ \t\r\n]*=[ \t\r\n]*(?:"e"|'e')""")
_VALUE_AFTER_TAG = re.compile(
    rb"(?:<(?:[A-Za-z_][\w.-]*:)?f[^>]*/>|<(?:[A-Za-z_][\w.-]*:)?f[^>]*>[^<]*"
    rb"</(?:[A-Za-z_][\w.-]*:)?f>)?<(?:[A-Za-z_][\w.-]*:)?v>([^<]{1,32})</"
)
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[ \t\r\n/>]")
# Bytes of a cell's XML up to its value, at most: Excel's longest cell (32,767 characters, four
# times its longest formula) at 6 bytes a character escaped (`&quot;`), and its attributes. The
# XML from a chunk's last cell is kept this long at most for a cell cut between two chunks; a
# cell still open past it is refused (`_Span.long_cell`), not let through unchecked.
_CELL_BYTES = 1 << 18
# a cell's start (a namespace prefix allowed; not <col>, <cfRule>), its whole start tag, its end
_CELL_START_REVERSED = re.compile(rb"[ \t\r\n/>]c(?::[\w.-]*[A-Za-z_])?<")  # read backwards
_CELL_TAG = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?c(?:[ \t\r\n](?:[^>"']|"[^"]*"|'[^']*')*)?>""")
_CELL_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c[ \t\r\n]*>")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[ \t\r\n/>]")
# a cell's start tag read to its '>' without passing a '<' (no attribute's value holds one)
_CELL_START_TAG = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c(?:[ \t\r\n](?:[^<>"']|"[^<"]*"|'[^<']*')*)?/?>"""
)
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _greater(number: int, low: str, high: str, longer: str) -> str:
    """A regex for the strings of `low`..`high` characters greater than `number` written in
    that base (digits 0-9, or letters A-Z for columns, A = 1)."""
    if low == "A":
        text = ""
        n = number
        while n:
            n, rest = divmod(n - 1, 26)
            text = chr(65 + rest) + text
    else:
        text = str(number)
    options = [f"{longer}{{{len(text) + 1},}}"]
    for i, ch in enumerate(text):
        if ch != high:
            rest = len(text) - i - 1
            tail = f"{longer}{{{rest}}}" if rest else ""
            options.append(re.escape(text[:i]) + f"[{chr(ord(ch) + 1)}-{high}]" + tail)
    return "(?:" + "|".join(options) + ")"


def _last_cell_start(data: bytes) -> int:
    """Where the last cell element of `data` starts, or -1: the first found in the bytes read
    backwards, in the chunk's end first, where it nearly always is (a search forwards would try
    every '<' of the chunk: 0.2 s in 4 MB of them)."""
    size = 1 << 12
    while True:
        start = max(len(data) - size, 0)
        found = _CELL_START_REVERSED.search(data[start:][::-1])
        if found is not None:
            return len(data) - found.end()
        if start == 0:
            return -1
        size <<= 4


def _open_cell(xml: bytes) -> bool:
    """Whether the cell whose XML `xml` starts with is not closed in it (a start tag that runs
    to its end is not closed either)."""
    tag = _CELL_TAG.match(xml)
    if tag is None:
        return True
    return not tag.group().endswith(b"/>") and _CELL_END.search(xml, tag.end()) is None


def _long_cell(data: bytes, carried: bytes = b"") -> bytes | None:
    """The start of a cell of the chunk `data` whose XML is longer than `_CELL_BYTES` (one
    running on past the chunk is the next chunk's to find), or of `carried`, the previous
    chunk's last cell, when it is open and runs on as long in this chunk; None if none is.

    Cheap on a real sheet: a cell's end ('</c>') is looked for in each stretch of half that
    length, and found in its first bytes; only a stretch without one, which a long cell would
    cover, is read cell by cell."""
    if carried and _open_cell(carried):
        room = _CELL_BYTES - len(carried)
        if room < len(data) and _CELL_END.search(data, 0, max(room, 0) + 16) is None:
            return carried[:4096]
    window = _CELL_BYTES // 2 - 16  # a stretch without a cell's end holds a whole window
    checked = 0
    for w in range(0, len(data) - window + 1, window):
        if w + window <= checked or data.find(b"</c>", w, w + window) != -1:
            continue
        start = data.rfind(b"</c>", checked, w)
        start = checked if start == -1 else start + 4
        end = data.find(b"</c>", w + window)
        end = len(data) if end == -1 else end + 4
        long = _long_cell_between(data, start, end)
        if long is not None:
            return long
        checked = end
    return None


def _long_cell_between(data: bytes, at: int, end: int) -> bytes | None:
    """The start of a cell starting in `data[at:end]` (a stretch without a cell's end within)
    whose XML is longer than `_CELL_BYTES`, if any, as `_long_cell`; in linear time: each tag
    read to its end or the next '<', and each cell's end looked for once."""
    while (start := _CELL_START.search(data, at, end)) is not None:
        at = start.start()
        if end - at <= _CELL_BYTES:
            return None  # a cell starting here ends by `end`, or past the chunk
        tag = _CELL_START_TAG.match(data, at)
        if tag is None:  # no cell's start tag (a comment's text): looked past
            at += 2
            continue
        if tag.group().endswith(b"/>"):
            if tag.end() - at > _CELL_BYTES:
                return data[at : at + 4096]
            at = tag.end()
            continue
        closed = _CELL_END.search(data, tag.end(), at + _CELL_BYTES + 16)
        if closed is None or closed.end() - at > _CELL_BYTES:
            return data[at : at + 4096] if at + _CELL_BYTES < len(data) else None
        at = closed.end()
    return None


def _suspect(rows: int, columns: int) -> str:
    """A regex (polars' syntax) for what needs a closer look in a sheet's XML: a cell's
    reference past row `rows` or column `columns` in a start tag that is not self-closing (a
    cell that may hold a value: `_VALUED_REF`; a row's number alone places nothing), or a row
    or cell element whose first attribute is not its reference (it is placed after the
    previous one)."""
    letters = _greater(columns, "A", "Z", "[A-Z]") if columns else "[A-Z]+"
    digits = _greater(rows, "0", "9", "[0-9]")
    unreferenced = r"(?:>|/>|\s+(?:[^r\s/>]|r[^=]))"
    ref = r"""(?:^|[ \t\r\n])r[ \t\r\n]*=[ \t\r\n]*["']"""
    return (
        f"""{ref}(?:(?i:{letters})[0-9]+|[A-Za-z]+{digits})["']"""
        """(?:[^<>"'/]|"[^"]*"|'[^']*')*>"""
        f"|<{_XML_NAME}c{unreferenced}|<{_XML_NAME}row{unreferenced}"
    )


class _Span:
    """The range of rows and columns a sheet's cells span, as the reader will place them.

    Fed the sheet's XML a few chunks at a time, each chunk ending between two elements. In a
    sheet written in order (as Excel and its kin write them) the last rows of a chunk hold its
    largest references, and polars' regex engine confirms at the speed of memory that no reference goes
    further; a chunk where one does, or where elements have no reference, is read reference by
    reference.
    """

    def __init__(self) -> None:
        self.rows = 0  # the largest row number given
        self.columns = 0  # the largest column number given
        self.unnumbered_rows = 0  # rows without a number follow the previous one
        # cells without a reference in the widest row: each follows the previous cell
        self.widest = 0
        self._row_cells = 0  # cells without a reference so far in the row being read
        self.numbered_rows = 0  # the largest number a row element gives (its cells may not)
        self.cells = 0  # cell elements (and a few others starting '<c'): the cells it holds
        # the first shared-string cell whose value is not digits alone (`_BAD_SHARED`): its
        # reference and row ('', 0 when it has none)
        self.bad_shared: tuple[str, int] | None = None
        # the first cell whose XML runs on over `_CELL_BYTES` from one chunk to the next, which
        # no cell does: its reference and row as `bad_shared`
        self.long_cell: tuple[str, int] | None = None
        # the first reference of a cell or row the reader refuses the sheet for (`_BAD_REF`):
        # as written ('C'), or None
        self.bad_ref: str | None = None
        # cells holding an Excel error, by (row, column number): its text ('#DIV/0!'); those
        # with a reference, `EXCEL_ERRORS_KEPT` at most; `error_cells` counts them all, and
        # `unplaced` those without a reference (placed by `_unreferenced_errors`)
        self.errors: dict[tuple[int, int], str] = {}
        self.error_cells = 0
        self.unplaced = 0
        self._last_cell = b""  # the XML from the last cell of the chunks seen: a cell cut in two
        # the XML bytes of each shared string (by index), when the workbook has them, and the
        # text the sheet's shared-string cells expand to (each cell its string's bytes)
        self.shared_sizes: pl.Series | None = None
        self.shared_text = 0

    def see(self, letters: bytes, digits: bytes) -> None:
        """A cell's reference (one that may hold a value: `_VALUED_REF`)."""
        self.rows = max(self.rows, int(digits))
        if letters:
            self.columns = max(self.columns, _column_number(letters))

    def scan(self, chunks: list[bytes]) -> None:
        import polars as pl

        for data in chunks:
            # the chunk's last two rows (one of them whole) hold its largest references
            start = data.rfind(b"<row")
            start = data.rfind(b"<row", 0, start) if start > 0 else start
            for letters, digits in _VALUED_REF.findall(data, max(start, 0)):
                self.see(letters, digits)
            for digits in _ROW_NUMBER.findall(data, max(start, 0)):
                self.numbered_rows = max(self.numbered_rows, int(digits))
        xml = pl.Series("xml", [data.decode("utf-8", "replace") for data in chunks], pl.String)
        texts = pl.DataFrame(xml).select(
            suspect=pl.col("xml").str.contains(_suspect(self.rows, self.columns)),
            cells=pl.col("xml").str.count_matches(rf"<{_XML_NAME}c[ \t\r\n/>]"),
            maybe_bad=pl.col("xml").str.contains(_MAYBE_BAD_SHARED),
            bad_ref=pl.col("xml").str.contains(_BAD_REF),
            maybe_error=pl.col("xml").str.contains(_MAYBE_ERROR),
        )
        self.cells += int(texts["cells"].sum())
        if self.bad_ref is None and texts["bad_ref"].any():
            found = xml.filter(texts["bad_ref"]).str.extract(_BAD_REF, 0).drop_nulls()
            value = _REF_VALUE.search(found[0].encode()) if len(found) else None
            if value is not None:
                self.bad_ref = (value[1] if value[1] is not None else value[2]).decode(
                    "utf-8", "replace"
                )
        if self.shared_sizes is not None and len(self.shared_sizes):
            self.shared_text += _expanded(xml, self.shared_sizes)
        maybe = texts["maybe_bad"]
        bad = xml.filter(maybe).str.contains(_BAD_SHARED).to_list() if maybe.any() else []
        flagged = iter(bad)
        looked_at = []  # in the order of the sheet: what is to be searched for the bad cell
        cut = []  # the cells cut between two chunks, and the bytes of each in the first chunk
        for data, looked in zip(chunks, maybe.to_list(), strict=True):
            # a cell cut between two chunks: the previous one's last cell and this one's first
            end = data.find(b"</", max(data.find(b"<v"), 0))  # most often that cell's end
            looked_at.append(self._last_cell + (data if end == -1 else data[: end + 2]))
            if self._last_cell:
                cut.append((looked_at[-1], len(self._last_cell)))
            if looked and next(flagged):
                looked_at.append(data)
            at = _last_cell_start(data)
            if self.long_cell is None:
                # a cell within the chunk, or cut from the previous one, longer than any cell
                long = _long_cell(data, self._last_cell)
                if long is not None:
                    ref = _REF.search(long, 0, 4096)
                    self.long_cell = (
                        (ref[1].decode() + ref[2].decode(), int(ref[2])) if ref else ("", 0)
                    )
            last = data[at:] if at != -1 else self._last_cell + data if self._last_cell else b""
            if len(last) > _CELL_BYTES:
                # a closed cell and what follows it (the elements after the last cell) is
                # checked in its chunk; an open one longer than any cell would not be in the
                # next: refused, not let through
                if self.long_cell is None and _open_cell(last):
                    ref = _REF.search(last, 0, 4096)
                    self.long_cell = (
                        (ref[1].decode() + ref[2].decode(), int(ref[2])) if ref else ("", 0)
                    )
                last = b""
            self._last_cell = last
        if self.bad_shared is None:
            self._see_shared(looked_at)
        cut = [(t, n) for t, n in cut if _MAYBE_ERROR_BYTES.search(t)]
        if texts["maybe_error"].any() or cut:
            self._see_errors(xml.filter(texts["maybe_error"]).to_list(), cut)
        for data, closer in zip(chunks, texts["suspect"].to_list(), strict=True):
            if closer:
                self._read_closely(data)
            else:
                # every cell placed by its reference: the row read before counts as it was
                self.widest = max(self.widest, self._row_cells)
                self._row_cells = 0

    def _see_shared(self, texts: list[bytes]) -> None:
        """The first shared-string cell of `texts` whose value is not digits alone, if any, as
        `bad_shared`. Searched by polars' regex engine, whose time is linear in the text (a
        backtracking one took 54 s on 60 KB of '<c ')."""
        import polars as pl

        xml = pl.Series([data.decode("utf-8", "replace") for data in texts], dtype=pl.String)
        found = xml.str.extract(_BAD_SHARED, 0).drop_nulls()
        if found.is_empty():
            return
        ref = _REF.search(found[0].encode())
        self.bad_shared = (ref[1].decode() + ref[2].decode(), int(ref[2])) if ref else ("", 0)

    def _see_errors(self, texts: list[str], cut: list[tuple[bytes, int]]) -> None:
        """Note the cells holding an Excel error in the chunks `texts` (`errors`) and in `cut`:
        the cells cut between two chunks, each with the length of its part in the first (one
        whole in that chunk was seen there). Each cell is counted once (`error_cells`)."""
        import polars as pl

        found = pl.Series(texts, dtype=pl.String).str.extract_all(_ERROR_CELL).explode()
        cells = [c.encode() for c in found.drop_nulls().to_list()]
        if cut:  # polars' regex engine: linear, where Python's backtracks on a hostile tag
            heads = pl.Series([t.decode("utf-8", "replace") for t, _ in cut], dtype=pl.String)
            for cell, (_, before) in zip(
                heads.str.extract(f"^{_ERROR_CELL}", 0).to_list(), cut, strict=True
            ):
                if cell is not None and len(cell.encode()) > before:
                    cells.append(cell.encode())
        self.error_cells += len(cells)
        for data in cells:
            ref = _REF.search(data, 0, data.find(b">"))
            value = _ERROR_VALUE.search(data)
            if ref is None or value is None or not ref[1]:
                self.unplaced += 1  # a cell placed after the previous one: `_unreferenced_errors`
            elif len(self.errors) < EXCEL_ERRORS_KEPT:
                key = (int(ref[2]), _column_number(ref[1]))
                self.errors.setdefault(key, html.unescape(value[1].decode()).strip())

    def _read_closely(self, data: bytes) -> None:
        for letters, digits in _VALUED_REF.findall(data):
            self.see(letters, digits)
        if _FAR_REF.search(data):
            self.rows = max(self.rows, 10**9)  # longer than any reference: beyond every limit
        # rows and cells with a namespace prefix too (`<x:row>`, `<x:c>`), as the reader reads
        # them; a cell element is counted once (not `<col>`, `<cfRule>`)
        found = list(_ROW_START.finditer(data))
        starts, ends = [m.end() for m in found], [m.start() for m in found[1:]] + [len(data)]
        # only cells without a reference widen a row past its references; when every cell of
        # the chunk has one (as a rule), no row's cells are counted
        some = len(_CELL_OPEN.findall(data)) > len(_CELL_REFERENCED.findall(data))
        self._row_cells += (
            _unreferenced_cells(data, 0, found[0].start() if found else len(data)) if some else 0
        )
        for at, end in zip(starts, ends[: len(starts)], strict=True):
            self.widest = max(self.widest, self._row_cells)
            tag_end = data.find(b">", at, end)
            if _REF_ATTR.search(data, at - 1, tag_end + 1 if tag_end != -1 else end) is None:
                self.unnumbered_rows += 1
            self._row_cells = _unreferenced_cells(data, at, end) if some else 0
        if some:
            # cells placed in their row by its number: every row's counts, not only the last's
            for digits in _ROW_NUMBER.findall(data):
                self.numbered_rows = max(self.numbered_rows, int(digits))

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) at most."""
        widest = max(self.widest, self._row_cells)
        # cells without a reference are placed in their row, which its number may give
        rows = max(self.rows, self.numbered_rows) if widest else self.rows
        return rows + self.unnumbered_rows, self.columns + widest


def _unreferenced_cells(xml: bytes, at: int, end: int) -> int:
    """Cell elements of `xml[at:end]` without a reference, each placed after the previous
    cell of its row."""
    every = len(_CELL_OPEN.findall(xml, at, end))
    return max(every - len(_CELL_REFERENCED.findall(xml, at, end)), 0)


# a shared-string cell's type and value (its string's index), as the reader takes it
_SHARED_VALUE = (
    rf"""{_XML_SPACE}t{_XML_SPACE}*={_XML_SPACE}*(?:"s"|'s')(?:[^<>"']|"[^<"]*"|'[^<']*')*>"""
    rf"""{_XML_SPACE}*<{_XML_NAME}v>{_XML_SPACE}*[0-9]{{1,10}}{_XML_SPACE}*<"""
)
# a shared string's start: each one's XML runs to the next one's start
_SHARED_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?si[ \t\r\n/>]")
_SHARED_OVERLAP = 64  # longer than any start `_SHARED_START` finds


def _expanded(xml: pl.Series, sizes: pl.Series) -> int:
    """The bytes of text the shared-string cells of the chunks `xml` expand to: for each cell,
    the XML size of the string it names (`sizes`, by index); an index past them names none."""
    import polars as pl

    found = xml.filter(xml.str.contains("t[ \t\r\n]*=[ \t\r\n]*[\"']s"))
    if found.is_empty():
        return 0
    index = (
        found.str.extract_all(_SHARED_VALUE)
        .explode()
        .drop_nulls()
        .str.extract(r"([0-9]+)[ \t\r\n]*<$", 1)
        .cast(pl.Int64, strict=False)
        .drop_nulls()
    )
    index = index.filter(index < len(sizes))
    return int(sizes.gather(index).sum()) if len(index) else 0


class _SharedSizes:
    """The XML size of each shared string of a workbook's shared-strings part, fed its bytes a
    chunk at a time (linear: each string's start found once)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self._carry = b""
        self._offset = 0  # where `_carry` starts in the part

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        last = len(data) - _SHARED_OVERLAP
        for found in _SHARED_START.finditer(data):
            if found.start() >= last:
                break
            self.starts.append(self._offset + found.start())
        keep = max(last, 0)
        self._carry, self._offset = data[keep:], self._offset + keep

    def sizes(self) -> pl.Series:
        import polars as pl

        self.feed(b"\0" * _SHARED_OVERLAP)  # the starts in the last bytes
        end = self._offset  # the part's end (the padding excluded)
        starts = pl.Series(self.starts, dtype=pl.Int64)
        return starts.shift(-1, fill_value=end) - starts


def _walked_rows(xml: bytes) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """Each row of a sheet's XML as the reader places it: its number (a row without one follows
    the previous row) and the stretches of XML that hold its cells, in order.

    One walk in linear time: each row's start tag is read to its end once, and the next element
    is looked for after it; a comment, CDATA section or processing instruction is skipped whole,
    as the reader skips it (a row's stretches are cut around it)."""
    start = _SHEET_DATA.search(xml)
    if start is None:
        return
    row = 0
    stretches: list[tuple[int, int]] = []
    at = start.end()
    while True:
        element = _WALKED_ROW.search(xml, at)
        stretches.append((at, len(xml) if element is None else element.start()))
        if element is None:
            break
        if element.group(1) is None:  # a comment, CDATA or instruction: its text holds no cell
            close = _SKIPPED[element.group()]
            end = xml.find(close, element.end())
            if end == -1:
                break
            at = end + len(close)
            continue
        yield row, stretches
        ref = _REF_ATTR.search(element[1]) if b"r" in element[1] else None
        row = int(ref[2]) if ref and ref[2] else row + 1
        stretches, at = [], element.end()
    yield row, stretches


def _walked_cells(
    xml: bytes, stretches: list[tuple[int, int]]
) -> Iterator[tuple[int, bool, re.Match[bytes], int]]:
    """The cells of one row's `stretches` (`_walked_rows`) as the reader places them: each
    one's column number (a cell without a reference follows the previous one, the first in
    column A), whether its reference gave it, its start tag (group 1: its attributes) and the
    end of its stretch."""
    column = 0
    for at, end in stretches:
        for cell in _WALKED_CELL.finditer(xml, at, end):
            attrs = cell[1]
            ref = _REF_ATTR.search(attrs) if b"r" in attrs else None
            referenced = bool(ref and ref[1])
            column = _column_number(ref[1]) if ref and ref[1] else column + 1
            yield column, referenced, cell, end


def _unreferenced_errors(xml: bytes) -> dict[tuple[int, int], str]:
    """The cells of a sheet's XML that hold an Excel error and have no reference, placed as the
    reader places them (`_walked_rows`, `_walked_cells`). By (row, column number). Only the
    rows holding an error are walked cell by cell."""
    placed: dict[tuple[int, int], str] = {}
    for row, stretches in _walked_rows(xml):
        if not any(_MAYBE_ERROR_BYTES.search(xml, at, end) for at, end in stretches):
            continue
        for column, referenced, cell, end in _walked_cells(xml, stretches):
            attrs = cell[1]
            if referenced or attrs.endswith(b"/") or b"e" not in attrs:
                continue
            if _ERROR_ATTR.search(attrs) is None:
                continue
            value = _VALUE_AFTER_TAG.match(xml, cell.end(), end)
            if value is not None:
                placed.setdefault((row, column), html.unescape(value[1].decode()).strip())
    return placed


def _sheet_names(book, entries: dict[str, object]) -> dict[str, str]:
    """Worksheet part (xl/worksheets/sheet1.xml) -> the sheet's name, from the workbook."""
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[attrs.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    names = {}
    for tag in _SHEET.findall(workbook):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part in entries:
            names[part] = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
    return names


def _cell_of_sheet(book, entries, part: str, cell: tuple[str, int], broken):
    """The sheet's name (its part's path when the workbook does not say it), the cell's
    reference, row, and how a message names it, for a refusal of one cell."""
    try:
        name = _sheet_names(book, entries).get(part, part)
    except broken:
        name = part
    ref, row = cell
    return name, ref, row, f"the cell {ref}" if ref else "a cell"


def _refuse_bad_shared(book, entries, part: str, source: str, cell: tuple[str, int], broken):
    """Refuse (exit 4) a sheet with a shared-string cell whose value is not digits alone (the
    reader would take the first string for it, or none), naming the sheet and the cell."""
    name, ref, row, at = _cell_of_sheet(book, entries, part, cell, broken)
    raise InputError(
        f"{at} of the sheet {quoted(name)} refers to its text by a value that is not a whole "
        "number of 0 or more, which Excel never writes: the workbook is damaged or built to "
        "mislead; open it in Excel or LibreOffice and save it again",
        file=source,
        row=row or None,
        column=ref.rstrip("0123456789") or None,
        key="input.xlsx_bad_shared_string",
        params={"cell": ref, "sheet": quoted(name)},
    )


def _refuse_bad_ref(book, entries, part: str, source: str, ref: str, broken):
    """Refuse (exit 4) a sheet with a cell or row whose reference places it nowhere (`r="C"`:
    no row), naming the sheet and the reference: the reader cannot read the sheet, and Excel
    never writes such a reference."""
    try:
        name = _sheet_names(book, entries).get(part, part)
    except broken:
        name = part
    raise InputError(
        f"a cell or row of the sheet {quoted(name)} has the reference {quoted(ref)}, which "
        "places it nowhere (a cell's is its column's letters then its row's number from 1, "
        "as C5; a row's its number), and which Excel never writes: the workbook is damaged or "
        "was made by another program; open it in Excel or LibreOffice and save it again",
        file=source,
        key="input.xlsx_bad_reference",
        params={"reference": quoted(ref), "sheet": quoted(name)},
    )


def _refuse_long_cell(book, entries, part: str, source: str, cell: tuple[str, int], broken):
    """Refuse (exit 4) a sheet with a cell whose XML is longer than any cell Excel writes,
    naming the sheet and the cell."""
    name, ref, row, at = _cell_of_sheet(book, entries, part, cell, broken)
    raise InputError(
        f"{at} of the sheet {quoted(name)} is written in more than {_CELL_BYTES >> 10} KB of "
        "XML, longer than any cell Excel writes: the workbook is damaged or built to mislead; "
        "open it in Excel or LibreOffice and save it again",
        file=source,
        row=row or None,
        column=ref.rstrip("0123456789") or None,
        key="input.xlsx_cell_too_long",
        params={"cell": ref, "sheet": quoted(name), "kb": _CELL_BYTES >> 10},
    )


def _refuse_many_errors(book, entries, part: str, source: str, count: int, broken):
    """Refuse (exit 4) a sheet with more cells holding an Excel error than are noted, naming
    the sheet and the count: the others would be read as empty cells."""
    try:
        name = _sheet_names(book, entries).get(part, part)
    except broken:
        name = part
    raise InputError(
        f"the sheet {quoted(name)} holds {count:,} cells with an Excel error (#DIV/0!, #N/A, "
        f"#VALUE!...), more than the {EXCEL_ERRORS_KEPT:,} mdpoverty keeps apart from empty "
        "cells: correct the formulas that fail, or delete the columns that hold them",
        file=source,
        key="input.xlsx_too_many_errors",
        params={"sheet": quoted(name), "count": count, "limit": EXCEL_ERRORS_KEPT},
    )


def check_workbook(file: Path, source: str) -> dict[str, dict[tuple[int, int], str]]:
    """Refuse a workbook that would cost more than `limits` allow, before it is read; return,
    by sheet name, its cells that hold an Excel error: (row, column number, both from 1) ->
    the error ('#DIV/0!'), which the reader gives as empty cells.

    The zip directory gives each part's size, compressed and not; each part is then inflated
    once (the directory could lie) and each sheet's references give the range its cells span,
    which the reader would hold whole.
    """
    import zipfile

    broken = (  # what a damaged zip file makes the standard library raise
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        NotImplementedError,
        zlib.error,
        struct.error,
    )
    try:
        book = zipfile.ZipFile(file)
    except broken as exc:
        raise InputError(
            f"cannot read this workbook: {failure_reason(exc)}",
            file=source,
            key="input.xlsx_unreadable",
            params={"reason": failure_reason(exc)},
        ) from None
    with book, ThreadPoolExecutor(max_workers=1) as scanner:
        entries = {e.filename: e for e in book.infolist()}
        total = sum(e.file_size for e in entries.values())
        if total > XLSX_MAX_UNCOMPRESSED:
            raise InputError(
                f"this workbook holds {total / 2**20:,.0f} MB uncompressed, more than the "
                f"{XLSX_MAX_UNCOMPRESSED >> 20:,} MB an .xlsx input may (it is read whole into "
                "memory): save the table as CSV or Parquet",
                file=source,
                key="input.xlsx_too_large",
                params={
                    "mb": round(total / 2**20),
                    "limit": XLSX_MAX_UNCOMPRESSED >> 20,
                },
            )
        try:
            styles = _part_of(book, "styles", "xl/styles.xml")
            shared = _part_of(book, "sharedStrings", "xl/sharedStrings.xml")
        except broken:
            styles, shared = "xl/styles.xml", "xl/sharedStrings.xml"
        if styles in entries and entries[styles].file_size > XLSX_MAX_STYLES_BYTES:
            size = entries[styles].file_size
            _refuse_styles(
                source,
                f"its styles part {quoted(styles)} is {size / 2**20:,.0f} MB, more than the "
                f"{XLSX_MAX_STYLES_BYTES >> 20:,} MB a workbook's styles may be",
                key="input.xlsx_styles_too_large",
                params={
                    "part": quoted(styles),
                    "mb": round(size / 2**20),
                    "limit": XLSX_MAX_STYLES_BYTES >> 20,
                },
            )
        for e in entries.values():
            if e.file_size > XLSX_RATIO_FROM_BYTES and e.file_size > XLSX_MAX_RATIO * max(
                e.compress_size, 1
            ):
                raise InputError(
                    f"the part {quoted(e.filename)} of this workbook is "
                    f"{e.file_size / max(e.compress_size, 1):,.0f} times larger than it is "
                    f"compressed (real sheets: under {XLSX_MAX_RATIO}): refused as a zip bomb",
                    file=source,
                    key="input.xlsx_zip_bomb",
                    params={
                        "part": quoted(e.filename),
                        "ratio": round(e.file_size / max(e.compress_size, 1)),
                        "limit": XLSX_MAX_RATIO,
                    },
                )
        budget = XLSX_MAX_UNCOMPRESSED
        errors: dict[str, dict[tuple[int, int], str]] = {}  # by part
        shared_sizes: pl.Series | None = None
        # the shared strings first: each sheet's cells are counted with their strings' sizes
        order = sorted(entries.values(), key=lambda e: e.filename != shared)
        # a sheet's chunks are scanned (polars) while the next ones are inflated (zlib): both
        # let go of the GIL, so the check takes about the longer of the two
        for e in order:
            is_sheet = e.filename.startswith("xl/worksheets/") and e.filename.endswith(".xml")
            span = _Span() if is_sheet else None
            if span is not None:
                span.shared_sizes = shared_sizes
            strings = _SharedSizes() if e.filename == shared else None
            kept: list[bytes] | None = [] if e.filename == styles else None
            honest = copy.copy(e)
            honest.file_size = budget + 1  # read to the end of the data, whatever it says
            read, scanning = 0, None
            try:
                with book.open(honest) as fh:
                    tail, pending = b"", []
                    while chunk := fh.read(_CHUNK):
                        read += len(chunk)
                        if read > e.file_size or read > budget:
                            raise InputError(
                                f"the part {quoted(e.filename)} of this workbook is larger than "
                                "its zip directory says: the file is damaged or built to mislead",
                                file=source,
                                key="input.xlsx_part_larger",
                                params={"part": quoted(e.filename)},
                            )
                        if strings is not None:
                            strings.feed(chunk)
                        if kept is not None:
                            kept.append(chunk)
                        if span is None:
                            continue
                        data = tail + chunk
                        cut = data.rfind(b"<")
                        if cut == -1 or len(data) - cut > 4096:
                            # inside a long text: no element is cut; a reference cut in two is
                            # seen whole in the overlap kept for the next chunk
                            pending.append(data)
                            tail = data[-32:]
                        else:
                            pending.append(data[:cut])
                            tail = data[cut:]
                        if len(pending) == _SCAN_CHUNKS:
                            if scanning is not None:
                                scanning.result()  # one group in hand, one being scanned
                            scanning, pending = scanner.submit(span.scan, pending), []
                    if scanning is not None:
                        scanning.result()
                    if span is not None:
                        span.scan([*pending, tail])
            except broken as exc:
                raise InputError(
                    f"cannot read this workbook: {failure_reason(exc)}",
                    file=source,
                    key="input.xlsx_unreadable",
                    params={"reason": failure_reason(exc)},
                ) from None
            finally:
                if scanning is not None:
                    scanning.cancel()
            budget -= read
            if strings is not None:
                shared_sizes = strings.sizes()
            if kept is not None:
                _check_styles(b"".join(kept), source)
            if span is None:
                continue
            if span.shared_text > max(XLSX_MAX_SHEET_TEXT, read):
                try:  # the sheet's name, for the message
                    name = _sheet_names(book, entries).get(e.filename, e.filename)
                except broken:
                    name = e.filename
                raise InputError(
                    f"the sheet {quoted(name)} would expand to about "
                    f"{span.shared_text / 2**20:,.0f} MB of text: its cells name the workbook's "
                    "shared texts, one long text repeated in many cells, more than the "
                    f"{XLSX_MAX_SHEET_TEXT >> 20:,} MB a sheet may hold (or its own size); delete "
                    "the long texts (notes, pasted documents) from the table's cells, or save the "
                    "table as CSV",
                    file=source,
                    key="input.xlsx_text_too_large",
                    params={
                        "sheet": quoted(name),
                        "mb": round(span.shared_text / 2**20),
                        "limit": XLSX_MAX_SHEET_TEXT >> 20,
                    },
                )
            if span.long_cell is not None:
                _refuse_long_cell(book, entries, e.filename, source, span.long_cell, broken)
            if span.bad_ref is not None:
                _refuse_bad_ref(book, entries, e.filename, source, span.bad_ref, broken)
            if span.bad_shared is not None:
                _refuse_bad_shared(book, entries, e.filename, source, span.bad_shared, broken)
            if span.error_cells > EXCEL_ERRORS_KEPT:
                _refuse_many_errors(book, entries, e.filename, source, span.error_cells, broken)
            rows, columns = span.shape
            if rows * columns > min(XLSX_SPARSE_CELLS, XLSX_MAX_CELLS):
                try:  # the sheet's name, for the message
                    name = _sheet_names(book, entries).get(e.filename, e.filename)
                except broken:
                    name = e.filename
                if rows * columns > max(XLSX_SPARSE_CELLS, XLSX_MAX_SPARSENESS * span.cells):
                    raise InputError(
                        f"the sheet {quoted(name)} spans {rows:,} rows x {columns:,} columns but "
                        f"holds about {span.cells:,} cells: the reader would hold every empty cell "
                        "between them; delete the stray cells far from the table (Ctrl+End in Excel "
                        "goes to the last one)",
                        file=source,
                        key="input.xlsx_sparse",
                        params={
                            "sheet": quoted(name),
                            "rows": rows,
                            "columns": columns,
                            "cells": span.cells,
                        },
                    )
                if rows * columns > XLSX_MAX_CELLS:
                    raise InputError(
                        f"the sheet {quoted(name)} spans {rows:,} rows x {columns:,} columns, "
                        f"more than the {XLSX_MAX_CELLS:,} cells an .xlsx input may span (the "
                        "reader holds every cell of that range, empty or not): delete stray cells "
                        "far from the table, or save it as CSV",
                        file=source,
                        key="input.xlsx_too_many_cells",
                        params={
                            "sheet": quoted(name),
                            "rows": rows,
                            "columns": columns,
                            "limit": XLSX_MAX_CELLS,
                        },
                    )
            if span.unplaced:  # within the limits: the walk is bounded by them
                # cells without a reference hold an error: placed by a walk of the sheet (once
                # more inflated), as the reader places them, which only such a sheet costs
                try:
                    with book.open(honest) as fh:
                        xml = fh.read(read)
                except broken as exc:
                    raise InputError(
                        f"cannot read this workbook: {failure_reason(exc)}",
                        file=source,
                        key="input.xlsx_unreadable",
                        params={"reason": failure_reason(exc)},
                    ) from None
                for cell, error in _unreferenced_errors(xml).items():
                    span.errors.setdefault(cell, error)
                del xml
            if span.errors:
                errors[e.filename] = span.errors
        if not errors:
            return {}
        try:
            names = _sheet_names(book, entries)
        except broken:
            names = {}
        return {names.get(part, part): cells for part, cells in errors.items()}


def _read_xlsx(
    file: Path,
    source: str,
    sheet: str | None,
    mapping: ColumnMapping | None,
    header_place: tuple[int | None, int | None, int],
    column_of: Callable[[str], str | None],
    labels: dict[str, str],
    mark_of: layout.MarkOf | None = None,
    shown_columns: frozenset[str] = frozenset(),
    sheet_option: str | None = "--sheet",
) -> Table:
    """Read a workbook's sheet; `shown_columns` (money and m²): their number cells with more
    decimals than 2 are read as their number format shows them, when it shows 2 at most.
    `sheet_option`: the option that chooses the sheet (`read_table`)."""
    import polars as pl

    header_row, header_last, needed = header_place
    try:
        import fastexcel
    except ImportError:
        raise InputError(
            "reading .xlsx needs the fastexcel package",
            file=source,
            key="input.xlsx_needs_fastexcel",
        ) from None
    with file.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(_OLE_MAGIC):
        raise InputError(
            "this is an old .xls workbook or a password-protected one: save it as .xlsx "
            "without a password, or as CSV",
            file=source,
            key="input.looks_xls",
        )
    error_cells = check_workbook(file, source)
    try:
        reader = fastexcel.read_excel(file)
        sheets = reader.sheet_names
    except Exception as exc:
        raise InputError(
            f"cannot read this workbook: {failure_reason(exc)}",
            file=source,
            key="input.xlsx_unreadable",
            params={"reason": failure_reason(exc)},
        ) from None
    if sheet is not None and sheet not in sheets:
        raise InputError(
            f"no sheet {quoted(sheet)} in this workbook (sheets: "
            f"{', '.join(quoted(s)[1:-1] for s in sheets)})",
            file=source,
            key="input.no_such_sheet",
            params={"sheet": quoted(sheet), "sheets": ", ".join(quoted(s)[1:-1] for s in sheets)},
        )
    name = sheet or sheets[0]
    try:
        # every row from the sheet's row 1, blank ones included, so that row numbers are the
        # sheet's own; every cell as text
        loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        grid = loaded.to_polars()
        # the grid starts at the sheet's first column that holds a cell, not at A (unknown to
        # a fastexcel without `absolute_index`: its error cells are then left unplaced)
        listed = loaded.available_columns
        listed = listed() if callable(listed) else listed
        starts = [getattr(c, "absolute_index", None) for c in listed]
        first_column = None if None in starts else min(starts, default=0)
        # the sheet's letter of the grid's column 0, for every column a message names
        offset = first_column or 0
        # a sheet hidden in Excel ('hidden', 'veryhidden'), read as the first: the user sees
        # another one on opening the workbook
        state = str(getattr(loaded, "visible", "visible") or "visible").lower()
    except Exception as exc:
        raise InputError(
            f"cannot read this workbook: {failure_reason(exc)}",
            file=source,
            key="input.xlsx_unreadable",
            params={"reason": failure_reason(exc)},
        ) from None
    if grid.width == 0 or grid.height == 0:
        raise InputError(
            f"the sheet {quoted(name)} is empty",
            file=source,
            key="input.sheet_empty",
            params={"sheet": quoted(name)},
        )
    head = grid.head(max(header_row or 0, layout.HEADER_SEARCH_ROWS) + 20).rows()
    header, numbering, units = layout.grid_header(
        head, column_of, header_row, source, header_last, needed, mark_of, offset
    )
    index, depth = header.index, header.depth
    header_cells = header.cells + [""] * (grid.width - len(header.cells))
    body = grid.slice(index + depth)
    # a column with neither a header nor a value holds nothing (a title cell's width)
    keep = [
        (i, column)
        for i, column in enumerate(grid.columns)
        if _filled(header_cells[i]) or body.get_column(column).drop_nulls().len()
    ]
    # a column with values and no header is named for the user, who sees it in messages
    headers = [
        str(header_cells[i]) if _filled(header_cells[i]) else no_header_name(offset + i)
        for i, _ in keep
    ]
    check_headers(headers, source, ("row", index + 1))
    frame = body.select(
        pl.col(column).alias(h) for (_i, column), h in zip(keep, headers, strict=True)
    )
    table = _finish(
        frame.lazy(),
        headers,
        source,
        mapping,
        labels,
        first_data_line=index + depth + 1,
        matched_by=header.matched_by,
        marks=header.marks,
        unclear=header.unclear,
    )
    table.sheets, table.header_row, table.header_rows = sheets, index + 1, depth
    table.sheet = name
    table.sheet_columns = {h: offset + i for (i, _column), h in zip(keep, headers, strict=True)}
    table.sheet_rows = grid.height
    # an error cell under the header, in a column read: the rejected row says so (excel_error)
    if first_column is not None and error_cells.get(name):
        table.excel_errors = _placed_errors(
            error_cells[name], grid, keep, headers, first_column, index + depth
        )
    if first_column is not None and shown_columns:
        _read_as_shown(table, file, grid, first_column, index + depth, shown_columns)
    if first_column is not None:
        table.text_headers = _text_number_headers(reader, name, body, keep, headers, first_column)
    table.numbering_row = None if numbering is None else numbering + 1
    table.units_row = None if units is None else units + 1
    _place_note(table, index + 1, index + depth if depth > 1 else None, index)
    if sheet_option is not None:
        table.sheet_option = sheet_option
    if state != "visible" and sheet is None:
        shown = quoted(one_line(name))
        # the option that reads another sheet of this file (the member file's --member-sheet);
        # a file no option chooses a sheet of is read from its first sheet alone
        note = f"the sheet read, {shown}, the workbook's first, is hidden in Excel; to read " + (
            f"another, name it with {sheet_option}"
            if sheet_option
            else "another, make it the workbook's first sheet"
        )
        table.notes.append(note)
        table.notes_vi[note] = (
            f"trang tính được đọc, {shown}, trang đầu của tệp, bị ẩn trong Excel; để đọc trang "
            + (
                f"khác, ghi tên trang với {sheet_option}"
                if sheet_option
                else "khác, hãy đưa trang đó lên đầu tệp"
            )
        )
    hidden = hidden_columns(file, name)
    if hidden:
        targets = table.header_targets()
        start = first_column or 0
        table.hidden = [
            targets.get(h, h)
            for (i, _c), h in zip(keep, headers, strict=True)
            if start + i in hidden
        ]
    return table


# a cell's text that an .xlsx output would write as a number (`io.xlsx`'s plain number)
_NUMBER_TEXT = r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$"


def _text_number_headers(
    reader: fastexcel.ExcelReader,
    sheet: str,
    body: pl.DataFrame,
    keep: list[tuple[int, str]],
    headers: list[str],
    first_column: int,
) -> set[str]:
    """The headers of the columns whose cells under the header that read as a number are all
    text cells (a code typed as text, '22', or formatted as Text): none a number cell.

    The grid is read as text, which cannot tell the text '22' from the number 22; the columns
    holding such a cell are read once more as true/false, which gives a number (or true/false)
    cell a value and a text cell none. A column mixing both is left to be written as numbers.
    Nothing when that read fails (the grid was read: never a new failure)."""
    looks = [
        (i, column, header)
        for (i, column), header in zip(keep, headers, strict=True)
        if body.get_column(column).str.contains(_NUMBER_TEXT).fill_null(False).any()
    ]
    if not looks:
        return set()
    try:
        typed = reader.load_sheet(
            sheet,
            header_row=None,
            skip_rows=0,
            use_columns=[first_column + i for i, _, _ in looks],
            dtypes={first_column + i: "boolean" for i, _, _ in looks},
        ).to_polars()
    except Exception:
        return set()
    if typed.width != len(looks) or typed.height < body.height:
        return set()
    typed = typed.tail(body.height)  # `body` is the grid's rows under the header
    found: set[str] = set()
    for (_i, column, header), typed_column in zip(looks, typed.columns, strict=True):
        number_like = body.get_column(column).str.contains(_NUMBER_TEXT).fill_null(False)
        if not (number_like & typed.get_column(typed_column).is_not_null()).any():
            found.add(header)
    return found


# the head of a sheet's XML in which its <cols> (widths, hidden columns) are looked for: they
# come before its cells, right after the sheet's view and format
_COLS_HEAD = 1 << 20
_COL = re.compile(rb"<(?:\w+:)?col\b[^>]*>")


def _zero_width(attrs: dict[bytes, bytes]) -> bool:
    """Whether a ``<col>`` is dragged to width 0: as hidden as Excel's Hide, to whoever prints."""
    try:
        return float(attrs.get(b"width", b"1")) <= 0
    except ValueError:
        return False


def hidden_columns(file: Path, sheet: str) -> set[int]:
    """The columns (0-based, A is 0) of `sheet` hidden in the workbook (Excel's Hide, a group
    collapsed, a width of 0): its ``<col min max hidden="1">`` and ``width="0"`` elements. Nothing when the part cannot be found or read
    (`check_workbook` has refused a damaged workbook already)."""
    import zipfile

    try:
        with zipfile.ZipFile(file) as book:
            entries = {e.filename: e for e in book.infolist()}
            parts = [p for p, n in _sheet_names(book, entries).items() if n == sheet]
            if not parts:
                return set()
            with book.open(parts[0]) as fh:
                head = fh.read(_COLS_HEAD)
    except Exception:  # read already by check_workbook and fastexcel: never a new failure
        return set()
    head = head.split(b"<sheetData", 1)[0]
    hidden: set[int] = set()
    for tag in _COL.findall(head):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        if attrs.get(b"hidden") not in (b"1", b"true") and not _zero_width(attrs):
            continue
        try:
            low, high = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
        except ValueError:
            continue
        hidden.update(range(max(low, 1) - 1, min(high, 16_384)))
    return hidden


def _placed_errors(
    cells: dict[tuple[int, int], str],
    grid: pl.DataFrame,
    keep: list[tuple[int, str]],
    headers: list[str],
    first_column: int,
    above: int,
) -> dict[str, dict[int, str]]:
    """The error cells (`check_workbook`'s) under the header's `above` rows, by the header of
    their column: those the grid holds empty, as the reader gives an error."""
    import polars as pl

    by_column: dict[int, dict[int, str]] = {}
    for (row, column), error in cells.items():
        if above < row <= grid.height:
            by_column.setdefault(column - 1 - first_column, {})[row] = error
    placed: dict[str, dict[int, str]] = {}
    for (i, column), header in zip(keep, headers, strict=True):
        found = by_column.get(i)
        if not found:
            continue
        rows = list(found)
        empty = grid.get_column(column).gather(pl.Series([r - 1 for r in rows])).is_null()
        kept = {r: found[r] for r, blank in zip(rows, empty.to_list(), strict=True) if blank}
        if kept:
            placed[header] = kept
    return placed


_SHOWN_TYPES = (ColumnType.MONEY, ColumnType.DECIMAL)
# a number cell's text (as the reader gives it, to 9 decimals) with decimals: a format may show
# it otherwise (a whole number shows the same under every format of at most 2 decimals)
_WITH_DECIMALS = r"^[0-9]+\.[0-9]+$"
_STYLE_ATTR = re.compile(rb"""[ \t\r\n]s[ \t\r\n]*=[ \t\r\n]*["']([0-9]{1,9})["']""")
_TYPE_ATTR = re.compile(rb"""[ \t\r\n]t[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")
_ANY_ATTR = re.compile(rb"""([\w:.-]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
_NUM_FMT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?numFmt[ \t\r\n]([^<>]*)>")
_CELL_XFS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?cellXfs[ \t\r\n/>]")
_CELL_XFS_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?cellXfs[ \t\r\n]*>")
_XF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf(?=[ \t\r\n/>])([^<>]*)>")
_XF_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?xf[ \t\r\n/>]")
_FORMAT_CODE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?numFmt[ \t\r\n][^<>]*?formatCode[ \t\r\n]*=[ \t\r\n]*"""
    rb"""(?:"([^"]*)"|'([^']*)')"""
)
_NUM_FMT_ID = re.compile(rb"""[ \t\r\n]numFmtId[ \t\r\n]*=[ \t\r\n]*["']([0-9]{1,9})["']""")


def _attrs(tag: bytes) -> dict[str, str]:
    """A start tag's attributes by their local name, their values unescaped."""
    return {
        k.decode("utf-8", "replace").split(":")[-1]: html.unescape(
            (v if v or not w else w).decode("utf-8", "replace")
        )
        for k, v, w in _ANY_ATTR.findall(tag)
    }


def _style_formats(styles: bytes) -> list[tuple[str, int | None]]:
    """Each cell style of a workbook's styles part (its cellXfs, by index): its number format's
    code and the decimals it shows (`number_formats.shown_decimals`), None for another format."""
    from .number_formats import BUILTIN, shown_decimals

    codes = {}
    for tag in _NUM_FMT.findall(styles):
        attrs = _attrs(tag)
        if attrs.get("numFmtId", "").isdigit() and "formatCode" in attrs:
            codes[int(attrs["numFmtId"])] = attrs["formatCode"]
    start = _CELL_XFS.search(styles)
    end = _CELL_XFS_END.search(styles, start.end()) if start else None
    if start is None or end is None:
        return []
    # each format looked at once, however many styles name it; one longer than Excel allows
    # (refused by `check_workbook`) shows nothing read as shown
    decimals: dict[int, tuple[str, int | None]] = {}
    formats = []
    for tag in _XF.findall(styles, start.end(), end.start()):
        found = _NUM_FMT_ID.search(tag)
        number = int(found[1]) if found else 0
        if number not in decimals:
            code = codes.get(number, BUILTIN.get(number, ""))
            fits = code and len(code) <= XLSX_MAX_FORMAT_CHARS
            decimals[number] = (code, shown_decimals(code) if fits else None)
        formats.append(decimals[number])
    return formats


def _part_of(book, kind: str, default: str) -> str:
    """The workbook's part of `kind` (styles, sharedStrings), as its relationships name it."""
    try:
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return default
    for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get(b"Type", b"").endswith(b"/" + kind.encode()):
            target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
            return target if target.startswith("xl/") else "xl/" + target
    return default


def _styles_part(book) -> str:
    """The workbook's styles part, as its relationships name it (xl/styles.xml)."""
    return _part_of(book, "styles", "xl/styles.xml")


def _refuse_styles(source: str, said: str, *, key: str, params: dict[str, object]) -> None:
    """Refuse (exit 4) a workbook whose styles part is over a limit (`limits`): its size, its
    cell styles, or a number format's length, each of which Excel keeps far below."""
    raise InputError(
        f"this workbook's cell formats are not Excel's: {said}; the workbook is damaged or built "
        "to mislead: open it in Excel or LibreOffice and save it again, or save the table as CSV",
        file=source,
        key=key,
        params=params,
    )


def _check_styles(styles: bytes, source: str) -> None:
    """Refuse a styles part with more cell styles than Excel allows, or a number format longer
    than it allows (`_refuse_styles`): in one pass of regular expressions over its bytes."""
    start = _CELL_XFS.search(styles)
    end = _CELL_XFS_END.search(styles, start.end()) if start else None
    if start is not None:
        stop = end.start() if end is not None else len(styles)
        count = sum(1 for _ in _XF_START.finditer(styles, start.end(), stop))
        if count > XLSX_MAX_CELL_STYLES:
            _refuse_styles(
                source,
                f"it has {count:,} cell styles, more than Excel's {XLSX_MAX_CELL_STYLES:,}",
                key="input.xlsx_too_many_styles",
                params={"count": count, "limit": XLSX_MAX_CELL_STYLES},
            )
    for code in _FORMAT_CODE.finditer(styles):
        raw = code[1] if code[1] is not None else code[2]
        if len(raw) > XLSX_MAX_FORMAT_CHARS:  # an escape (&quot;) is one character
            length = len(html.unescape(raw.decode("utf-8", "replace")))
            if length > XLSX_MAX_FORMAT_CHARS:
                _refuse_styles(
                    source,
                    f"a number format in it is {length:,} characters long, more than Excel's "
                    f"{XLSX_MAX_FORMAT_CHARS}",
                    key="input.xlsx_format_too_long",
                    params={"length": length, "limit": XLSX_MAX_FORMAT_CHARS},
                )


def _cells_at(
    xml: bytes, stretches: list[tuple[int, int]], row: int, columns: Collection[int]
) -> list[tuple[int, re.Match[bytes], int]]:
    """The cells in `columns` of the row `row` (its `stretches`, `_walked_rows`): each one's
    column number, start tag and the end of its stretch, as `_walked_cells` gives them. A cell
    whose reference (r="G5", as Excel writes it) is found once in the row, in a cell's start
    tag, is found by it (a search at the speed of memory); otherwise the row is walked."""
    found = []
    for column in columns:
        ref = f' r="{column_letters(column - 1)}{row}"'.encode()
        hits = [(xml.find(ref, at, end), at, end) for at, end in stretches]
        hits = [hit for hit in hits if hit[0] != -1]
        if len(hits) != 1 or sum(xml.count(ref, at, end) for at, end in stretches) != 1:
            break
        where, at, end = hits[0]
        cell = _WALKED_CELL.match(xml, max(xml.rfind(b"<", at, where), at))
        if cell is None or cell.end() <= where:  # not a cell's start tag: a formula's text
            break
        found.append((column, cell, end))
    else:
        return found
    return [
        (column, cell, end)
        for column, _referenced, cell, end in _walked_cells(xml, stretches)
        if column in columns
    ]


def _read_as_shown(
    table: Table,
    file: Path,
    grid: pl.DataFrame,
    first_column: int,
    above: int,
    columns: frozenset[str],
) -> None:
    """Read the money and m² number cells (`columns`, by the name their header gets) as Excel
    shows them when their number format shows 2 decimals at most (``#,##0``: 1500000.0833333333
    shows 1,500,000, 1500000.4 too): rounded as it rounds. A cell under General or any other
    format is left as read (with more than 2 decimals, `run.validation` rejects it).

    Only the cells with decimals are looked up (a whole number shows as it is): their rows
    walked in the sheet's XML (`_walked_rows`: linear, the other rows not walked cell by cell),
    the styles read once. A note counts by column those whose value read differs from the one
    stored; `Table.shown_cells` keeps each one's stored value."""
    import zipfile
    from decimal import Decimal

    import polars as pl

    from .number_formats import shown_value

    targets = table.header_targets()
    wanted: dict[int, dict[int, str]] = {}  # row -> {column number: header}
    # `sheet_columns` counts from column A; the grid from the sheet's first column
    for header, i in table.sheet_columns.items():
        if targets.get(header) not in columns:
            continue
        column = pl.col(grid.columns[i - first_column])
        found = grid.select(
            pl.arg_where(column.str.contains(_WITH_DECIMALS).fill_null(False))
        ).to_series()
        for index in found.filter(found >= above).to_list():
            wanted.setdefault(index + 1, {})[i + 1] = header
    if not wanted:
        return
    try:
        with zipfile.ZipFile(file) as book:
            entries = {e.filename: e for e in book.infolist()}
            part = next(
                (p for p, n in _sheet_names(book, entries).items() if n == table.sheet), None
            )
            styles = _styles_part(book)
            if part is None or styles not in entries:
                return
            formats = _style_formats(book.read(styles))
            xml = book.read(part)  # within the limits `check_workbook` set
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, zlib.error):
        return  # read as it was: the cells are rejected, as before
    shown: dict[str, dict[int, tuple[str, str]]] = {}
    used: dict[str, dict[str, list[int]]] = {}  # header -> each format -> the rows it shows
    last = max(wanted)
    for row, stretches in _walked_rows(xml):
        if row > last:  # rows come in order: none wanted below (empty formatted rows to 1M)
            break
        at = wanted.get(row)
        if at is None:
            continue
        for column, cell, end in _cells_at(xml, stretches, row, at):
            header = at[column]
            attrs = cell[1]
            if attrs.endswith(b"/"):
                continue
            kind = _TYPE_ATTR.search(attrs)
            style = _STYLE_ATTR.search(attrs)
            if kind is not None and kind[1] != b"n":  # text, a shared string, an error
                continue
            index = int(style[1]) if style else 0
            code, places = formats[index] if index < len(formats) else ("", None)
            value = _VALUE_AFTER_TAG.match(xml, cell.end(), end)
            if places is None or value is None:
                continue
            stored = value[1].decode("utf-8", "replace").strip()
            read = shown_value(stored, places)
            if read is not None and Decimal(read) != Decimal(stored):
                shown.setdefault(header, {})[row] = (stored, read)
                used.setdefault(header, {}).setdefault(code, []).append(row)
    del xml
    for header, cells in shown.items():
        column = targets.get(header, header)
        rows, texts = list(cells), [read for _stored, read in cells.values()]
        replaced = pl.col(ROW).replace_strict(rows, texts, default=None, return_dtype=pl.String)
        table.frame = table.frame.with_columns(pl.coalesce(replaced, pl.col(column)).alias(column))
        en, vi = _shown_note(header, cells, used[header])
        table.notes.append(en)
        table.notes_vi[en] = vi
    table.shown_cells = shown


def _shown_note(
    header: str, cells: dict[int, tuple[str, str]], formats: dict[str, list[int]], shown: int = 3
) -> tuple[str, str]:
    """The note (English, Vietnamese) on the cells of `header` read as Excel shows them: one
    format named as the cells' format; several (a column formatted cell by cell) each named with
    its cells' count and first row, `shown` of them at most, so that no format is called that of
    cells it does not show."""
    first, many = next(iter(cells)), len(cells) > 1
    column = quoted(_shown(header))
    if len(formats) == 1:
        code = quoted(next(iter(formats)))
        en = (
            f"{counted(len(cells), 'number cell')} of {column} {'are' if many else 'is'} read "
            f"as Excel shows {'them' if many else 'it'} under {'their' if many else 'its'} "
            f"number format {code}, rounded, not as stored with more decimals "
            f"({'the first on ' if many else ''}row {first}; explain shows a cell's stored value)"
        )
        vi = (
            f"{len(cells):,} ô số của cột {column} được đọc như Excel hiển thị theo định dạng số "
            f"của ô {code}, đã làm tròn, không theo giá trị lưu có nhiều chữ số thập phân hơn "
            f"({'ô đầu tiên ở ' if many else ''}dòng {first}; explain cho biết giá trị lưu của "
            "một ô)"
        )
        return en, vi
    parts_en, parts_vi = [], []
    for code, rows in list(formats.items())[:shown]:
        if len(rows) == 1:
            parts_en.append(f"{quoted(code)} (row {rows[0]})")
            parts_vi.append(f"{quoted(code)} (dòng {rows[0]})")
        else:
            parts_en.append(f"{quoted(code)} ({len(rows):,} cells, the first on row {rows[0]})")
            parts_vi.append(f"{quoted(code)} ({len(rows):,} ô, ô đầu tiên ở dòng {rows[0]})")
    more = len(formats) - shown
    if more > 0:
        parts_en.append(f"and {counted(more, 'more format')}")
        parts_vi.append(f"và {more:,} định dạng khác")
    en = (
        f"{counted(len(cells), 'number cell')} of {column} are read as Excel shows them under "
        f"their {len(formats):,} number formats, rounded, not as stored with more decimals: "
        f"{', '.join(parts_en)} (explain shows a cell's stored value)"
    )
    vi = (
        f"{len(cells):,} ô số của cột {column} được đọc như Excel hiển thị theo {len(formats):,} "
        "định dạng số của các ô, đã làm tròn, không theo giá trị lưu có nhiều chữ số thập phân "
        f"hơn: {', '.join(parts_vi)} (explain cho biết giá trị lưu của một ô)"
    )
    return en, vi


def _above(n: int, noun: str) -> str:
    return f"the {noun} above it is" if n == 1 else f"the {n} {noun}s above it are"


_NO_HEADER = re.compile(r"^\(no header, column [A-Z]+\)$")  # `no_header_name`'s


def no_header_name(index: int) -> str:
    """The name of a column with values and no header, as the user sees it: `index` is its
    0-based position in the sheet from column A (not from the sheet's first column that holds
    a cell), or in a CSV line."""
    return f"(no header, column {column_letters(index)})"


def is_no_header_name(header: str) -> bool:
    """Whether `header` is a name `no_header_name` gives."""
    return _NO_HEADER.match(header) is not None


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _finish(
    lf: pl.LazyFrame,
    headers: list[str],
    source: str,
    mapping: ColumnMapping | None,
    labels: dict[str, str],
    *,
    first_data_line: int,
    matched_by: dict[str, tuple[str, ...]] | None = None,
    marks: Sequence[str] = (),
    unclear: Sequence[str] = (),
) -> Table:
    import polars as pl

    if not headers or headers == [""]:
        raise InputError("the file has no header row", file=source, key="input.no_header")
    matched_by = matched_by or {}
    aliases = _header_aliases(labels)
    # a header that looks like an internal name is held under another while mdpoverty works
    renamed = {
        h: held_name(t)
        # a column under an unclear label is matched as a column of marks is: never by its
        # own cell as an answer
        for h, t in map_headers(
            headers, mapping, source, aliases, matched_by, [*marks, *unclear]
        ).items()
    }
    lf = lf.rename({h: t for h, t in renamed.items() if h != t}).with_row_index(
        ROW, offset=first_data_line
    )
    lf = lf.with_columns(pl.col(ROW).cast(pl.Int64))
    table = Table(lf, source, {h: t for h, t in renamed.items() if h != t}, first_data_line)
    table.headers = list(headers)
    table.matched_by = dict(matched_by)
    table.marks = list(marks)
    table.unclear = list(unclear)
    table.mapping = mapping
    table.extra_labels = dict(labels)
    if mapping is not None:
        present = {fold(nfc(t)) for h in headers for t in table.answer_texts(h)}
        # a column of marks's own cell, where a deprived: line names it
        for h in [*marks, *unclear]:
            present |= {
                fold(nfc(t))
                for t in matched_by.get(h, (h,))[1:]
                if (mapping.target(nfc(t)) or "").startswith(MARK_TARGET)
            }
        table.mapping_absent = [key for key in mapping.targets if key not in present]
        own_cells = {fold(nfc(t)): h for h in marks for t in matched_by.get(h, (h,))[1:]}
        table.mapping_marks = {
            key: own_cells[key] for key in table.mapping_absent if key in own_cells
        }
    return table


def mapping_notes(
    tables: list[Table],
    lang: str = "en",
    *,
    reads: Collection[str] | None = None,
    about: tuple[str, str] = ("the file", "tệp"),
) -> list[str]:
    """A note for each line of the mapping (one file read with every table of `tables`: the
    household file, and the member file with --members; each table holds the lines that apply
    to it) whose header no table it applies to has, and for each member-file line when no
    member file is read (it is used with --members only). In `lang` (en, vi). `reads`: the
    columns the file is read for (a previous list: its id, class, area and units), None for
    all; a line giving another column says nothing of it. `about`: what the file is, in
    English and Vietnamese ('the previous list'), said with its name in each note."""
    if not tables or tables[0].mapping is None:
        return []
    whole = tables[0].mapping.whole
    vi = lang == "vi"
    said = "tệp ánh xạ gán {} cho {}, nhưng {}" if vi else "the mapping gives {} to {}, but {}"
    notes = []
    for key, target in whole.targets.items():
        if reads is not None and target not in reads:
            continue
        readers = [t for t in tables if t.mapping is not None and key in t.mapping.targets]
        if not readers:  # a member-file line, and no member file
            where = (
                "đó là một cột của tệp thành viên, chỉ dùng khi có --members"
                if vi
                else "that is a member-file column, used with --members only"
            )
        elif any(key not in t.mapping_absent for t in readers):
            continue
        elif all(key in t.mapping_marks for t in readers):
            full = _shown(next(t.mapping_marks[key] for t in readers))
            where = (
                f"cột {quoted(full)} nằm dưới một nhãn nhóm thiếu hụt: cột đó chứa dấu thiếu hụt"
                f" (x khi hộ bị thiếu hụt), ngược với câu trả lời; chỉ một dòng ghi tên đầy đủ"
                f" ('{yaml_scalar(full)}: {target}') mới lấy cột đó làm câu trả lời"
                if vi
                else f"the column {quoted(full)} stands under a deprivation group label: it holds"
                " deprivation marks (an x where the household is deprived), the opposite of the"
                f" answer; only a line of its full name ('{yaml_scalar(full)}: {target}') takes it as the answer"
            )
        elif len(tables) == 1:
            name = quoted(_shown(tables[0].source), 1000)
            where = (
                f"{about[1]} {name} không có tiêu đề như vậy"
                if vi
                else f"{about[0]} {name} has no such header"
            )
        elif len(readers) == 2:
            where = (
                "cả tệp hộ lẫn tệp thành viên đều không có tiêu đề như vậy"
                if vi
                else "neither the household file nor the member file has such a header"
            )
        elif readers[0].kind == "member":
            where = (
                "tệp thành viên không có tiêu đề như vậy"
                if vi
                else "the member file has no such header"
            )
        else:
            where = (
                "tệp hộ không có tiêu đề như vậy" if vi else "the household file has no such header"
            )
        notes.append(
            f"{whole.where(key)}: " + said.format(quoted(whole.written[key]), target, where)
        )
    return notes


def _readable(written: dict[str, str]) -> dict[str, str]:
    """The headers (header -> as shown) close matches are looked for among: difflib's cost grows
    with the product of the lengths compared, and a table may have thousands of columns."""
    return dict(list({h: s for h, s in written.items() if len(s) <= 200}.items())[:1000])


def close_headers(table: Table, name: str, n: int = 3) -> list[str]:
    """The headers of `table` (as shown) and the names its columns were given ('commune' for
    'Xã') closest to `name`, as written or in any case and accents: what a mistyped --by or
    --weight may have meant."""
    written = _readable({h: _shown(h) for h in table.headers})
    # never a name mdpoverty gives a column while it works, which names nothing (`own_names`)
    targets = table.header_targets().values()
    written |= {t: t for t in targets if t not in written and not t.startswith(INTERNAL)}
    by_fold = {fold(h): shown for h, shown in written.items()}
    # a column under a group label, named by its own cell ('Việc làm'): its full name
    close = [
        written[h]
        for h in table.headers
        if h in written and fold(_own_cell(table, h)) == fold(name)
    ]
    close += difflib.get_close_matches(name, list(written.values()), n=n, cutoff=0.6)
    close += [by_fold[k] for k in difflib.get_close_matches(fold(name), list(by_fold), n=n)]
    return list(dict.fromkeys(close))[:n]


def _plainly_marks(table: Table, header: str) -> bool:
    """Whether a header says it holds deprivation marks: under a deprivation group label, or
    headed ``Thiếu hụt ...`` or ``deprived_...``. A header that only names an indicator (under
    a group such as ``Các chỉ số đạt``, or alone) may hold marks or their reverse."""
    if header in table.marks:
        return True
    texts = table.matched_by.get(header, (header,))
    return any(mark_key(t).startswith((MARK_PREFIX, "thieu hut")) for t in texts)


def marks_like(table: Table, names: dict[str, Sequence[str]]) -> dict[str, str | None]:
    """The headers left unread (no column recognised them) that hold or look like deprivation
    marks -> the indicator they name, or None: under a deprivation group label, headed
    ``Thiếu hụt ...`` or ``deprived_...``, or named by an indicator's name (labels, id,
    mark_headers; as written or as a group's lower cell), unless it is an answer column's own
    name. None of them is ever suggested as the column of a household's answer: an x there
    means the reverse."""
    folded = folded_names(names)
    # a name as written may be longer than read (decomposed accents, spaces), and "Thiếu hụt: "
    longest = 4 * max(map(len, folded), default=0) + 32
    under = set(table.marks)
    # a header that is an answer column's own name ('dependents') is the answer (`marks`)
    answers = {*BY_NAME, *MEMBER_BY_NAME, *table.extra_labels}
    found: dict[str, str | None] = {}
    for header, target in table.header_targets().items():
        if target != header or header in answers:
            continue
        texts = table.matched_by.get(header, (header,))
        own = [*texts, *reversed(list(layout.own_cells(header, longest)))]
        ind_id = indicator_of(own, folded, under_group=True)
        ind_id = ind_id or next((folded[k] for k in map(mark_key, own) if k in folded), None)
        keys = [mark_key(t) for t in own]
        marked = any(k.startswith((MARK_PREFIX, "thieu hut")) for k in keys)
        if ind_id is not None or marked or header in under:
            found[header] = ind_id
    return found


def abbreviated(name: str, headers: Iterable[str]) -> list[str]:
    """The `headers` that are an abbreviation an office heads the canonical column `name` with
    ('KV', 'k.v.', 'TT / NT' for area): letters alike but for case, accents, spaces and marks."""
    col = BY_NAME.get(name)
    wanted = {_letters(a) for a in (col.abbreviations if col is not None else ())}
    return [h for h in headers if _letters(h) in wanted]


def _letters(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _close(name: str, label: str | None, written: dict[str, str]) -> list[str]:
    """The headers of `written` (header -> as shown) close to a missing column (`name`, its
    Vietnamese header `label`), closest first: an abbreviation of it first ('KV' for area)."""
    by_shown = {shown: h for h, shown in written.items()}
    by_fold = {fold(h): h for h in written}
    close = abbreviated(name, written)
    close += [by_shown[c] for c in difflib.get_close_matches(name, list(by_shown), n=2, cutoff=0.6)]
    keys = [fold(name), fold(label) if label else None]
    keys += [fold(alias) for alias in _other_headers(name)]
    for key in keys:
        if key is not None:
            close += [by_fold[k] for k in difflib.get_close_matches(key, list(by_fold), n=1)]
    if label:  # a header that starts as the Vietnamese one ('Thu nhập BQ', 'Thu nhập ...')
        start = fold(label).split()[:2]
        close += [h for k, h in by_fold.items() if k.split()[:2] == start]
    # never an income of another period ('.../năm' for a monthly income) or a household's
    return [h for h in dict.fromkeys(close) if fits_income(name, written[h])]


def _own_cell(table: Table, header: str) -> str:
    """The cell a column under a group label has of its own ('Việc làm' of 'Các chỉ số thiếu
    hụt / Việc làm'), as the header was read; a label may hold the separator itself."""
    texts = table.matched_by.get(header, ())
    return texts[-1] if len(texts) > 1 else header.rsplit(layout.GROUP_SEPARATOR, 1)[-1]


def _group_of(header: str, own: str) -> str:
    """The group label of `header`, whose own cell is `own` (`_own_cell`)."""
    tail = layout.GROUP_SEPARATOR + own
    return header[: -len(tail)] if header.endswith(tail) else header


def _closest_indicators(
    unread: list[tuple[str, str]], names: dict[str, Sequence[str]], shown: int = 5
) -> tuple[str, str]:
    """Columns of marks naming no indicator, each with the closest indicator's id ("'Nước SH'
    (closest: water)"), a handful then a count; and a mapping line for the first."""
    from .mark_names import closest_indicator

    parts, example = [], ""
    for _, cell in unread:  # (header, its own cell)
        own = _shown(cell)
        near = closest_indicator(own, names) if names else None
        parts.append(f"{quoted(own)} (closest: {near})" if near else quoted(own))
        if not example:
            example = f"{yaml_scalar(own)}: deprived:{near or '<indicator id>'}"
    more = len(unread) - shown
    text = ", ".join(parts[:shown]) + (f" and {more} more" if more > 0 else "")
    return text, example


def _names_indicator(header: str, cell: str, ind_id: str, answer: str) -> Said:
    """A header close to a missing answer column (`answer`) that names indicator `ind_id`
    but does not say it holds deprivation marks (under a group such as 'Các chỉ số đạt'): an
    x there may be a deprivation or its reverse, so both mapping lines, never one; `cell`: its
    own cell (`_own_cell`)."""
    shown = quoted(_shown(header))
    own = yaml_scalar(_shown(cell))  # as a mapping line shows it
    return Said(
        f"  {shown} names the indicator {ind_id}, but nothing says whether an x in it is a "
        "deprivation or its reverse, so it is not read: say which with --columns, "
        f"'{own}: {answer}' (its cells are the household's answers) or "
        f"'{own}: deprived:{ind_id}' (an x is a deprivation)",
        "input.detail.names_indicator",
        header=shown,
        id=ind_id,
        own=own,
        answer=answer,
    )


def _indicators_named(named: dict[str, str], cell: str, shown: int = 12) -> Said:
    """Every column that names an indicator without saying it holds marks, with its id (a
    dozen, then a count), and the two mapping lines for the first (`cell`: its own cell)."""
    parts = [f"{quoted(_shown(h))} ({i})" for h, i in named.items()]
    more = len(parts) - shown
    text = ", ".join(parts[:shown]) + (f" and {more} more" if more > 0 else "")
    ind_id = next(iter(named.values()))
    own = yaml_scalar(_shown(cell))  # as a mapping line shows it
    n = len(named)
    return Said(
        f"{counted(n, 'column')} {plural(n, 'names', 'name')} an indicator but "
        f"{plural(n, 'does', 'do')}"
        " not say whether an x is a deprivation or its reverse (no deprivation group label such "
        f"as 'Các chỉ số thiếu hụt' above, no 'Thiếu hụt' in the header), so "
        f"{plural(n, 'it is not', 'none is')} read: {text}; say what each holds with --columns, "
        f"'{own}: <answer column>' (its cells are the household's answers) or "
        f"'{own}: deprived:{ind_id}' (an x is a deprivation)",
        "input.detail.indicators_named",
        count=n,
        columns=text,
        own=own,
        id=ind_id,
    )


def answers_naming_indicators(
    table: Table, names: dict[str, Iterable[str]]
) -> list[tuple[str, str, str, str]]:
    """The answer columns whose header names an indicator, which a list that reads other
    indicators from its deprivation marks leaves unclear (`check_not_ambiguous`): each header
    with the answer it is read as, the indicator it names and its own cell as a mapping line
    shows it. A header a mapping line names is the user's word; a header that is the answer
    column's own name (``dependents``) is the answer."""
    folded = folded_names(names)
    mapping = table.mapping
    found = []
    for header, target in table.header_targets().items():
        if target == header or target.startswith((MARK_PREFIX, MARK_HELD)):
            continue
        texts = table.matched_by.get(header, (header,))
        if mapping is not None and any(mapping.target(t) is not None for t in texts):
            continue  # the user's word
        if any(fold(t) == fold(target) for t in texts):
            continue
        ind_id = next((folded[k] for k in map(mark_key, texts) if k in folded), None)
        if ind_id is not None:
            found.append((header, target, ind_id, yaml_scalar(one_line(texts[-1]))))
    return found


def _answers_name_indicators(answers: list[tuple[str, str, str, str]]) -> Said:
    """The answer columns whose header names an indicator too (`answers_naming_indicators`:
    header, answer, indicator, own cell as a mapping line shows it), with the two mapping lines
    for the first: the run reading marks stops on them."""
    columns = ", ".join(f"{quoted(_shown(h))} ({t} / {i})" for h, t, i, _ in answers)
    _, target, ind_id, own = answers[0]
    n = len(answers)
    return Said(
        f"{columns}: {plural(n, 'this column is', 'these columns are')} read as the household's"
        f" {plural(n, 'answer', 'answers')}, but {plural(n, 'its header names', 'their headers name')}"
        " an indicator too; once the columns above are read as marks, mdpoverty does not guess"
        f" which {plural(n, 'it is', 'each is')}: say so in the --columns file too, "
        f"'{own}: deprived:{ind_id}' (marks) or '{own}: {target}' (answers)",
        "input.detail.answers_name_indicators",
        columns=columns,
        count=n,
        own=own,
        id=ind_id,
        target=target,
    )


def _looks_like_marks(header: str, cell: str, ind_id: str | None) -> Said:
    """A header close to a missing answer column that holds deprivation marks instead (`cell`:
    its own cell, `_own_cell`)."""
    shown = quoted(_shown(header))
    own = yaml_scalar(_shown(cell))  # as a mapping line shows it
    if ind_id is None:
        return Said(
            f"  {shown} looks like a column of deprivation marks (an x where the household is "
            "deprived, the reverse of a yes), not this answer: if it is one, map it with "
            f"--columns ('{own}: deprived:<indicator id>')",
            "input.detail.looks_like_marks_of_none",
            header=shown,
            own=own,
        )
    return Said(
        f"  {shown} looks like the deprivation marks of {ind_id} (an x where the household is "
        f"deprived, the reverse of a yes), not this answer: to read it so, map it with "
        f"--columns ('{own}: deprived:{ind_id}')",
        "input.detail.looks_like_marks",
        header=shown,
        id=ind_id,
        own=own,
    )


def _sheet_naming(table: Table, required: list[str]) -> tuple[str, list[str], str] | None:
    """Another sheet of `table`'s workbook whose header names some of `required` (the one
    naming most; the first of equals): its name, those headers as written, and the option that
    chooses it (`--sheet "DS hộ nghèo"`); None when no sheet does. Only each sheet's first rows
    are read, as the header is looked for."""
    if len(table.sheets) < 2 or table.sheet is None:
        return None
    import fastexcel

    column_of = _column_of(table.mapping, _header_aliases(table.extra_labels))
    wanted, best = set(required), None
    try:
        reader = fastexcel.read_excel(Path(table.source))
    except Exception:  # the workbook read once already: gone or changed since, no advice
        return None
    for name in table.sheets:
        if name == table.sheet:
            continue
        try:
            rows = (
                reader.load_sheet(
                    name,
                    header_row=None,
                    skip_rows=0,
                    n_rows=layout.HEADER_SEARCH_ROWS + 20,
                    dtypes="string",
                )
                .to_polars()
                .rows()
            )
            header = layout.grid_header(rows, column_of, None, table.source)[0] if rows else None
        except Exception:  # a sheet that cannot be read (or holds no header) is no advice
            continue
        named = [_shown(c) for c in (header.cells if header else []) if column_of(str(c)) in wanted]
        if named and (best is None or len(named) > len(best[1])):
            best = (name, named)
    if best is None:
        return None
    shown = best[0].replace('"', '\\"')
    return best[0], best[1], f'{table.sheet_option} "{shown}"'


_FIRST_MISSING = 5  # the missing columns a message names, the others counted


def missing_columns_error(
    table: Table,
    required: list[str],
    needed_by: dict[str, list[str]] | None = None,
    hints: Sequence[Said] = (),
    indicator_names: dict[str, Sequence[str]] | None = None,
) -> MissingColumns | None:
    """An error listing every missing column: the standards that need it (`needed_by`: column
    -> standard ids), a mapping entry that should have given it, close matches among the
    file's headers as written, the caller's `hints` (another input that would do: a member
    file, a column of marks), then the workbook's sheets, where the header was read and how to
    map headers with --columns (those always last). `indicator_names` (indicator id -> its
    names): a header that holds or looks like an indicator's deprivation marks is never
    suggested for a missing column; where one is close, the detail says how to map it as
    marks."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if not missing:
        return None
    needed_by = needed_by or {}
    standards = list(dict.fromkeys(s for c in missing for s in needed_by.get(c, [])))
    how = Said(
        "headers of your own can be given to these columns with --columns mapping.yaml "
        "(see the README, 'The input')",
        "input.detail.how_to_map",
    )
    where = "row"  # a CSV file's rows are numbered as Excel numbers them, as a sheet's are
    if table.header_rows > 1:
        rows = f"{table.header_row}-{table.first_data_line - 1}"
        read_on = f"{where}s {rows}"
    else:
        rows = str(table.header_row)
        read_on = f"{where} {rows}"
    # where the header was taken from, and what to do when that is not it
    # a header over more rows than were read leaves columns without a name (a label merged
    # over them): only then is a header of three rows worth naming
    three = any(is_no_header_name(h) for h in table.headers)
    place = Said(
        f"the header was read on {read_on}: mdpoverty reads a header of one row or two (a "
        "group label over the names of its columns); --header-row names its first row, or "
        "both (--header-row 4-5)"
        + ("; a header over three rows or more: keep one or two of them" if three else ""),
        "input.detail.header_read_on",
        rows=rows,
        three=three,
    )
    recognised = [h for h in table.columns if h in BY_NAME]
    if len(missing) == len(required) and recognised and standards:
        # the header was found (it names columns mdpoverty knows), but not one the standard
        # reads: a survey file given another standard, or one heading them its own way
        first = ", ".join(missing[:_FIRST_MISSING])
        more = len(missing) - _FIRST_MISSING
        shown_missing = first + (f" and {more:,} more" if more > 0 else "")
        wants = ", ".join(standards)
        heads = ", ".join(quoted(_shown(h)) for h in recognised[:3])
        heads += " ..." if len(recognised) > 3 else ""
        return MissingColumns(
            f"none of the {counted(len(missing), 'column')} {wants} reads "
            f"{plural(len(missing), 'is', 'are')} here: {shown_missing} (the header, on "
            f"{read_on}, has {heads}); is this file for another standard, "
            "or are they headed in the file's own way? then map those headers to these names "
            "with --columns mapping.yaml",
            file=table.source,
            hints_end=0,
            details=[place, how],
            standards=standards,
            key="input.standard_columns_absent",
            params={
                "count": len(missing),
                "standards": wants,
                "first": first,
                "more": max(more, 0),
                "rows": rows,
                "headers": heads,
            },
        )
    if len(missing) == len(required):
        headers = [_shown(h) for h in table.headers][:3]
        # nothing matched: another input (members, marks) is no answer; another sheet may be
        other = _sheet_naming(table, required)
        choose = ""
        if other is not None:
            named = ", ".join(quoted(h) for h in other[1][:3])
            choose = (
                f"; the sheet {quoted(other[0])} looks like the {table.kind} table (its headers"
                f" {named} name required columns): choose it with {other[2]}"
            )
        return MissingColumns(
            "none of the required columns is here: this does not look like a "
            f"{table.kind} table"
            f" (its first headers, on {read_on}: "
            f"{', '.join(quoted(h) for h in headers)}); "
            + (
                "`mdpoverty template --members` writes the expected headers"
                if table.kind == "member"
                else "`mdpoverty template` writes the expected headers"
            )
            + (
                f"; this workbook's sheets: {', '.join(quoted(s)[1:-1] for s in table.sheets)}"
                f" (choose one with {table.sheet_option})"
                if len(table.sheets) > 1
                else ""
            )
            + choose,
            file=table.source,
            hints_end=0,
            details=[
                Said(
                    f"if the header is on another {where}, give its number with --header-row",
                    "input.detail.header_elsewhere",
                ),
                how,
            ],
            standards=standards,
            key="input.no_required_column",
            params={
                "kind": table.kind,
                "where": where,
                "rows": rows,
                "headers": ", ".join(quoted(h) for h in headers),
                "sheets": ", ".join(quoted(s)[1:-1] for s in table.sheets)
                if len(table.sheets) > 1
                else "",
                "option": table.sheet_option,
                "other": None if other is None else quoted(other[0]),
                "other_headers": "" if other is None else named,
                "choose": "" if other is None else other[2],
            },
        )
    known = set(BY_NAME) | set(table.extra_labels)
    # deprivation marks (or what looks like them): never suggested for a household's answer
    marks = marks_like(table, dict(indicator_names or {}))
    marks |= {h: None for h in table.marks if h not in marks}
    written = {
        h: _shown(h)
        for h, t in table.header_targets().items()
        if user_name(t) == h and h not in known
    }
    written = _readable(written)
    # named by an indicator, but nothing says marks: either reading is the reverse of the other
    named = {h: i for h, i in marks.items() if i is not None and not _plainly_marks(table, h)}
    details = []
    for name in missing:
        col = BY_NAME.get(name)
        label = col.vi_header if col is not None else table.extra_labels.get(name)
        close = _close(name, label, written)
        # a column under a deprivation group naming no indicator: said with its group below
        like = [h for h in close if h in marks and (marks[h] or h not in table.marks)]
        close = [written[h] for h in close if h not in marks]
        hint = (
            f" (did you mean {', '.join(quoted(c) for c in dict.fromkeys(close))}?)"
            if close
            else ""
        )
        header = f" [Vietnamese header: '{label}']" if label else ""
        needs = f", needed by {', '.join(needed_by[name])}" if needed_by.get(name) else ""
        details.append(
            Said(
                f"{name}{header}{needs}{hint}",
                "input.detail.missing_column",
                name=name,
                label=label or "",
                needed_by=", ".join(needed_by.get(name, [])),
                close=", ".join(quoted(c) for c in dict.fromkeys(close)),
            )
        )
        if close:  # the line that maps it, ready to copy into a --columns file
            line = f"{yaml_scalar(close[0], quote=True)}: {name}"
            details.append(
                Said(f"  in a --columns file: {line}", "input.detail.mapping_line", line=line)
            )
        if name == INCOME_MONTH:  # a header of income per year is read as it is, / 12
            yearly = [
                written[h]
                for h in _close(INCOME_YEAR, BY_NAME[INCOME_YEAR].vi_header, written)
                if h not in marks and "year" in income_periods(written[h])
            ]
            if yearly:
                line = f"{yaml_scalar(yearly[0], quote=True)}: {INCOME_YEAR}"
                details.append(
                    Said(
                        f"  {quoted(yearly[0])} is an income per year: mdpoverty reads it as "
                        f"income per month / 12, exactly, with this line in a --columns file: "
                        f"{line}",
                        "input.detail.yearly_mapping_line",
                        header=quoted(yearly[0]),
                        line=line,
                    )
                )
        for header in like[:2]:
            ind_id = marks[header]
            if ind_id is not None and header in named:
                details.append(_names_indicator(header, _own_cell(table, header), ind_id, name))
            else:
                details.append(_looks_like_marks(header, _own_cell(table, header), ind_id))
        if table.mapping is not None:
            for key, target in table.mapping.targets.items():
                if target == name:
                    details.append(
                        Said(
                            f"  {table.mapping.where(key)} gives it the header "
                            f"{quoted(table.mapping.written[key])}, which this file does not have",
                            "input.detail.mapped_header_absent",
                            where=table.mapping.where(key),
                            header=shorten(table.mapping.written[key]),
                        )
                    )
    if named:
        details.append(_indicators_named(named, _own_cell(table, next(iter(named)))))
        # an answer column whose header names an indicator too ('Nhà tiêu hợp vệ sinh'): once
        # the columns above are marks, it is unclear (`marks.check_not_ambiguous`): said now,
        # so that one run names every column the user must decide
        answers = answers_naming_indicators(table, dict(indicator_names or {}))
        if answers:
            details.append(_answers_name_indicators(answers))
    unread = [m for m in table.marks if table.header_targets().get(m) == m]
    if unread:
        cells = [(h, _own_cell(table, h)) for h in unread]
        label = _group_of(*cells[0])
        shown, example = _closest_indicators(cells, indicator_names or {})
        details.append(
            Said(
                f"the {counted(len(unread), 'column')} under "
                f"{quoted(_shown(label))} {plural(len(unread), 'holds', 'hold')} deprivation "
                "marks (an x where the household is deprived) but name no indicator of the "
                f"standard, so {plural(len(unread), 'it is', 'they are')} not read: {shown}; head each by "
                "its indicator's name or id, or map it with --columns "
                f"({quoted(example)})",
                "input.detail.deprivation_marks",
                count=len(unread),
                label=quoted(_shown(label)),
                columns=shown,
                example=quoted(example),
            )
        )
    details += hints
    hints_end = len(details)
    if len(table.sheets) > 1:
        details.append(
            Said(
                f"this workbook's sheets: {', '.join(quoted(s)[1:-1] for s in table.sheets)}"
                f" (choose one with {table.sheet_option})",
                "input.detail.sheets",
                sheets=", ".join(quoted(s)[1:-1] for s in table.sheets),
                option=table.sheet_option,
            )
        )
    details += [place, how]
    return MissingColumns(
        f"{counted(len(missing), 'required column')} missing: {', '.join(missing)}",
        file=table.source,
        details=details,
        standards=standards,
        hints_end=hints_end,
        key="input.missing_columns",
        params={"count": len(missing), "columns": ", ".join(missing)},
    )
