"""Reading household tables: CSV/TSV (any of , ; tab), XLSX, Parquet, stdin; headers mapped.

Everything is read as text and parsed by `validation`, so a bad cell becomes a reject with a
reason instead of a crash, and an id such as ``01`` stays ``01``.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..columns import BY_NAME, CANONICAL, ColumnType, held_name, user_name
from ..errors import InputError, MissingColumns
from ..text import fold, nfc
from . import layout
from .mapping import ColumnMapping, known_columns
from .mapping import load_mapping as load_mapping  # where callers have always found it

if TYPE_CHECKING:
    import polars as pl

CSV_SUFFIXES = {".csv", ".txt"}
TSV_SUFFIXES = {".tsv", ".tab"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
ROW = "__row__"

_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"


@dataclass
class Table:
    """A table read as text, its columns renamed to canonical names where recognised."""

    frame: pl.LazyFrame
    source: str
    renamed: dict[str, str] = field(default_factory=dict)  # original header -> canonical
    first_data_line: int = 2  # the line (or sheet row) of the first record, for messages
    csv_path: Path | None = None  # the UTF-8 CSV actually scanned, for diagnosing broken rows
    sheets: list[str] = field(default_factory=list)  # an XLSX workbook's sheets
    parquet_path: Path | None = None  # read in slices, keeping its column types
    headers: list[str] = field(default_factory=list)  # as in the file
    header_row: int = 1  # the header's row (line) in the file
    skip_lines: int = 0  # CSV lines above the header (title and blank lines)
    numbering_row: int | None = None  # the row that numbers the columns under the header
    mapping: ColumnMapping | None = None
    extra_labels: dict[str, str] = field(default_factory=dict)  # extra column -> Vietnamese label
    notes: list[str] = field(default_factory=list)  # what the user should know of the reading

    def header_targets(self) -> dict[str, str]:
        """Each header in the file -> the column name it gets."""
        return {h: self.renamed.get(h, h) for h in self.headers}

    @property
    def blank_means_false(self) -> frozenset[str]:
        """Yes/no columns in which an empty cell means no (said so in the mapping file)."""
        return (
            frozenset(self.mapping.blank_means_false) if self.mapping is not None else frozenset()
        )

    def accept_labels(self, labels: dict[str, str]) -> None:
        """Give a standard's extra column to the header that is its Vietnamese label (or its
        name, in any case or accents); headers already recognised are left as they are."""
        wanted = {fold(label): name for name, label in labels.items()}
        wanted |= {fold(name): name for name in labels}
        taken = set(self.header_targets().values())
        renames = {}
        for header, target in self.header_targets().items():
            name = wanted.get(fold(header))
            if target != header or name is None or name == header:
                continue
            if name in taken:
                raise InputError(
                    f"two headers give the column '{name}': '{header}' and another",
                    file=self.source,
                    column=name,
                )
            renames[header] = name
            taken.add(name)
        self.extra_labels.update(labels)
        if renames:
            self.renamed.update(renames)
            self.frame = self.frame.rename(renames)

    separator: str = ","

    @property
    def columns(self) -> list[str]:
        return self.frame.collect_schema().names()


def _shown(header: str) -> str:
    """A header as written, its line breaks shown as spaces."""
    return " ".join(header.split())


def _header_aliases(extra_labels: dict[str, str] | None = None) -> dict[str, str]:
    """fold(header) -> column: canonical names, Vietnamese headers and descriptions, and the
    names and Vietnamese labels of a standard's extra columns."""
    aliases: dict[str, str] = {}
    for name, label in (extra_labels or {}).items():
        aliases[fold(label)] = name
        aliases[fold(name)] = name
    for col in CANONICAL:
        aliases[fold(col.name)] = col.name
        aliases[fold(col.vi_header)] = col.name
        aliases[fold(col.vi)] = col.name
    return aliases


def _column_of(
    mapping: ColumnMapping | None, aliases: dict[str, str]
) -> Callable[[str], str | None]:
    """The column a header names (the mapping first), or None."""

    def column_of(header: str) -> str | None:
        target = mapping.target(header) if mapping is not None else None
        return target or aliases.get(fold(header))

    return column_of


def map_headers(
    headers: list[str],
    mapping: ColumnMapping | None,
    source: str,
    aliases: dict[str, str] | None = None,
) -> dict[str, str]:
    """Original header -> new name; canonical and documented Vietnamese headers are recognised,
    line breaks inside a header cell count as spaces."""
    column_of = _column_of(mapping, aliases or _header_aliases())
    result: dict[str, str] = {}
    for header in headers:
        result[header] = column_of(nfc(header)) or header
    seen: dict[str, str] = {}
    for header, target in result.items():
        if target in seen:
            raise InputError(
                f"two headers give the column '{target}': '{seen[target]}' and '{header}'",
                file=source,
                column=target,
            )
        seen[target] = header
    return result


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


def _check_duplicates(headers: list[str], source: str) -> None:
    seen: set[str] = set()
    for h in headers:
        key = nfc(h).strip()
        if key in seen:
            raise InputError(f"the header '{key}' appears twice", file=source, column=key)
        seen.add(key)


def _temp_file() -> IO[bytes]:
    """A registered temporary file (removed however the run ends), open for writing."""
    from . import temporary

    return open(temporary.file_in_tmpdir("mdpoverty-", ".csv"), "wb")


def _to_utf8_file(raw: Path, encoding: str) -> Path:
    """Re-encode a non-UTF-8 file to a temporary UTF-8 copy, in chunks (memory stays flat)."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'", file=str(raw)) from None
    tmp = _temp_file()
    try:
        with raw.open("rb") as src, tmp:
            while chunk := src.read(1 << 20):
                tmp.write(decoder.decode(chunk).encode("utf-8"))
            tmp.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError as exc:
        from . import temporary

        temporary.remove(tmp.name)
        raise InputError(
            f"the file is not valid {encoding} (byte {exc.start})", file=str(raw)
        ) from None
    return Path(tmp.name)


def _first_line(path: Path, source: str, encoding_hint: str) -> str:
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if not head.strip():
        raise InputError("the file is empty", file=source)
    if head.startswith(_ZIP_MAGIC):
        raise InputError(
            "this looks like an Excel workbook, not a CSV file: give it the .xlsx extension",
            file=source,
        )
    if head.startswith(_PARQUET_MAGIC):
        raise InputError(
            "this looks like a Parquet file: give it the .parquet extension", file=source
        )
    if b"\x00" in head:
        raise InputError("this is not a text table (it holds binary data)", file=source)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    line = text.splitlines()[0] if text.splitlines() else ""
    if "\ufffd" in line:
        raise InputError(
            "the file is not valid UTF-8; if it was saved by Vietnamese Windows, "
            f"try --encoding cp1258 (now reading as {encoding_hint})",
            file=source,
        )
    return line


def read_table(
    path: str,
    *,
    encoding: str = "utf-8",
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    separator: str | None = None,
    header_row: int | None = None,
    extra_columns: dict[str, tuple[ColumnType, str]] | None = None,
) -> Table:
    """Read `path` ('-' for CSV on stdin) as a lazy table of text columns.

    The header is found below any title rows (`layout`), or on `header_row` (the row or line
    number in the file). `extra_columns` (a standard's extra columns: type and Vietnamese
    label) are recognised as headers and accepted as mapping targets.
    """
    import polars as pl

    extra = extra_columns or {}
    labels = {name: label for name, (_type, label) in extra.items()}
    if mapping is not None:
        mapping.check(known_columns({name: t for name, (t, _label) in extra.items()}))
    column_of = _column_of(mapping, _header_aliases(labels))
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
        if not file.exists():
            raise InputError("file not found", file=source)
        if file.is_dir():
            raise InputError("this is a folder, not a file", file=source)
        suffix = file.suffix.lower()

    if suffix in XLSX_SUFFIXES:
        table = _read_xlsx(file, source, sheet, mapping, header_row, column_of, labels)
        table.extra_labels = labels
        return table
    if suffix in PARQUET_SUFFIXES:
        if header_row is not None:
            raise InputError(
                "--header-row applies to CSV and Excel files: a Parquet file's header is its "
                "column names",
                file=source,
            )
        try:
            lf = pl.scan_parquet(file, glob=False)
            schema = lf.collect_schema()
        except Exception as exc:
            raise InputError(f"cannot read this Parquet file: {_short(exc)}", file=source) from None
        headers = schema.names()
        lf = lf.select(pl.col(h).cast(pl.String) for h in headers)
        table = _finish(lf, headers, source, mapping, labels, first_data_line=1)
        table.parquet_path = file
        return table
    if suffix not in CSV_SUFFIXES | TSV_SUFFIXES and path != "-":
        raise InputError(
            f"unknown file type '{suffix or '(none)'}': use .csv, .tsv, .xlsx or .parquet",
            file=source,
        )

    codec = codecs.lookup(encoding).name if _known(encoding) else encoding
    if codec not in ("utf-8", "utf-8-sig"):
        file = _to_utf8_file(file, encoding)
    line = _first_line(file, source, encoding)
    fixed = separator or ("\t" if suffix in TSV_SUFFIXES else None)
    found = layout.csv_header(
        file, column_of, [fixed] if fixed else [",", ";", "\t"], header_row, source
    )
    if found is None:  # no header among the first rows: the first line, as it is
        sep = fixed or _sniff_separator(line)
        cells, skip, first_data, numbering = next(csv.reader([line], delimiter=sep)), 0, 2, None
    else:
        sep, cells, skip = found.separator, found.cells, found.skip_lines
        first_data, numbering = found.first_data_line, found.numbering_row
    # polars renames a repeated header silently ('area_duplicated_0'): check the raw header
    _check_duplicates(cells, source)
    try:
        lf = pl.scan_csv(
            file, separator=sep, infer_schema=False, encoding="utf8", skip_lines=skip, glob=False
        )
        headers = lf.collect_schema().names()
    except pl.exceptions.NoDataError:
        raise InputError("the file is empty", file=source) from None
    except pl.exceptions.ComputeError as exc:
        raise InputError(f"cannot read this CSV file: {_short(exc)}", file=source) from None
    table = _finish(lf, headers, source, mapping, labels, first_data_line=first_data)
    table.csv_path, table.separator = file, sep
    table.skip_lines, table.header_row, table.numbering_row = skip, skip + 1, numbering
    if skip:
        table.notes.insert(0, f"the header is on line {skip + 1}; {_above(skip, 'line')} not read")
    return table


def ragged_rows(table: Table, limit: int = 10) -> tuple[int, list[tuple[int, int]]]:
    """(fields in the header, [(row, fields) ...]) for rows with more fields than the header."""
    assert table.csv_path is not None
    found: list[tuple[int, int]] = []
    with table.csv_path.open(encoding="utf-8-sig", newline="") as fh:
        for _ in range(table.skip_lines):  # title lines above the header
            fh.readline()
        reader = csv.reader(fh, delimiter=table.separator)
        width = len(next(reader))
        for row_number, record in enumerate(reader, start=table.first_data_line):
            if len(record) > width:
                found.append((row_number, len(record)))
                if len(found) >= limit:
                    break
    return width, found


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _read_xlsx(
    file: Path,
    source: str,
    sheet: str | None,
    mapping: ColumnMapping | None,
    header_row: int | None,
    column_of: Callable[[str], str | None],
    labels: dict[str, str],
) -> Table:
    import polars as pl

    try:
        import fastexcel
    except ImportError:
        raise InputError("reading .xlsx needs the fastexcel package", file=source) from None
    try:
        reader = fastexcel.read_excel(file)
        sheets = reader.sheet_names
    except Exception as exc:
        raise InputError(f"cannot read this workbook: {_short(exc)}", file=source) from None
    if sheet is not None and sheet not in sheets:
        raise InputError(
            f"no sheet '{sheet}' in this workbook (sheets: {', '.join(sheets)})", file=source
        )
    name = sheet or sheets[0]
    try:
        # every row from the sheet's row 1, blank ones included, so that row numbers are the
        # sheet's own; every cell as text
        grid = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_polars()
    except Exception as exc:
        raise InputError(f"cannot read this workbook: {_short(exc)}", file=source) from None
    if grid.width == 0 or grid.height == 0:
        raise InputError(f"the sheet '{name}' is empty", file=source)
    head = grid.head(max(header_row or 0, layout.HEADER_SEARCH_ROWS) + 20).rows()
    index, numbering = layout.grid_header(head, column_of, header_row, source)
    header_cells = head[index]
    body = grid.slice(index + 1)
    # a column with neither a header nor a value holds nothing (a title cell's width)
    keep = [
        (i, column)
        for i, column in enumerate(grid.columns)
        if _filled(header_cells[i]) or body.get_column(column).drop_nulls().len()
    ]
    headers = [
        str(header_cells[i]) if _filled(header_cells[i]) else f"__UNNAMED__{i}" for i, _ in keep
    ]
    _check_duplicates(headers, source)
    frame = body.select(
        pl.col(column).alias(h) for (_i, column), h in zip(keep, headers, strict=True)
    )
    table = _finish(frame.lazy(), headers, source, mapping, labels, first_data_line=index + 2)
    table.sheets, table.header_row = sheets, index + 1
    table.numbering_row = None if numbering is None else numbering + 1
    if index:
        table.notes.insert(0, f"the header is on row {index + 1}; {_above(index, 'row')} not read")
    return table


def _above(n: int, noun: str) -> str:
    return f"the {noun} above it is" if n == 1 else f"the {n} {noun}s above it are"


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
) -> Table:
    import polars as pl

    _check_duplicates(headers, source)
    if not headers or headers == [""]:
        raise InputError("the file has no header row", file=source)
    # a header that looks like an internal name is held under another while mdpoverty works
    renamed = {
        h: held_name(t)
        for h, t in map_headers(headers, mapping, source, _header_aliases(labels)).items()
    }
    lf = lf.rename({h: t for h, t in renamed.items() if h != t}).with_row_index(
        ROW, offset=first_data_line
    )
    lf = lf.with_columns(pl.col(ROW).cast(pl.Int64))
    table = Table(lf, source, {h: t for h, t in renamed.items() if h != t}, first_data_line)
    table.headers = list(headers)
    table.mapping = mapping
    table.extra_labels = dict(labels)
    if mapping is not None:
        present = {fold(nfc(h)) for h in headers}
        for key, target in mapping.targets.items():
            if key not in present:
                table.notes.append(
                    f"{mapping.where(key)}: the mapping gives '{mapping.written[key]}' "
                    f"to {target}, but this file has no such header"
                )
    return table


def missing_columns_error(
    table: Table, required: list[str], needed_by: dict[str, list[str]] | None = None
) -> MissingColumns | None:
    """An error listing every missing column: the standards that need it (`needed_by`: column
    -> standard ids), a mapping entry that should have given it, close matches among the
    file's headers as written, and how to map headers with --columns."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if not missing:
        return None
    needed_by = needed_by or {}
    standards = list(dict.fromkeys(s for c in missing for s in needed_by.get(c, [])))
    how = (
        "headers of your own can be given to these columns with --columns mapping.yaml "
        "(see the README, 'The input')"
    )
    if len(missing) == len(required):
        headers = [_shown(h) for h in table.headers][:3]
        where = "line" if table.csv_path is not None else "row"
        return MissingColumns(
            "none of the required columns is here: this does not look like a households table"
            f" (its first headers, on {where} {table.header_row}: "
            f"{', '.join(repr(h) for h in headers)}); "
            "`mdpoverty template` writes the expected headers"
            + (
                f"; this workbook's sheets: {', '.join(table.sheets)} (choose one with --sheet)"
                if len(table.sheets) > 1
                else ""
            ),
            file=table.source,
            details=[
                f"if the header is on another {where}, give its number with --header-row",
                how,
            ],
            standards=standards,
        )
    known = set(BY_NAME) | set(table.extra_labels)
    written = {
        h: _shown(h)
        for h, t in table.header_targets().items()
        if user_name(t) == h and h not in known
    }
    by_fold = {fold(h): shown for h, shown in written.items()}
    details = []
    for name in missing:
        col = BY_NAME.get(name)
        label = col.vi_header if col is not None else table.extra_labels.get(name)
        close = difflib.get_close_matches(name, list(written.values()), n=2, cutoff=0.6)
        for key in (fold(name), fold(label) if label else None):
            if key is not None:
                close += [by_fold[k] for k in difflib.get_close_matches(key, list(by_fold), n=1)]
        if label:  # a header that starts as the Vietnamese one ('Thu nhập BQ', 'Thu nhập ...')
            start = fold(label).split()[:2]
            close += [shown for k, shown in by_fold.items() if k.split()[:2] == start]
        hint = (
            f" (did you mean {', '.join(repr(c) for c in dict.fromkeys(close))}?)" if close else ""
        )
        header = f" [Vietnamese header: '{label}']" if label else ""
        needs = f", needed by {', '.join(needed_by[name])}" if needed_by.get(name) else ""
        details.append(f"{name}{header}{needs}{hint}")
        if table.mapping is not None:
            for key, target in table.mapping.targets.items():
                if target == name:
                    details.append(
                        f"  {table.mapping.where(key)} gives it the header "
                        f"'{table.mapping.written[key]}', which this file does not have"
                    )
    details.append(how)
    return MissingColumns(
        f"{len(missing)} required column{'s' * (len(missing) > 1)} missing: {', '.join(missing)}",
        file=table.source,
        details=details,
        standards=standards,
    )
