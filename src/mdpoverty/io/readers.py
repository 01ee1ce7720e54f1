"""Reading household tables: CSV/TSV (any of , ; tab), XLSX, Parquet, stdin; headers mapped.

Everything is read as text and parsed by `validation`, so a bad cell becomes a reject with a
reason instead of a crash, and an id such as ``01`` stays ``01``.
"""

from __future__ import annotations

import atexit
import codecs
import csv
import difflib
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..columns import BY_NAME, CANONICAL
from ..errors import InputError
from ..text import fold, nfc

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

    def header_targets(self) -> dict[str, str]:
        """Each header in the file -> the column name it gets."""
        return {h: self.renamed.get(h, h) for h in self.headers}

    separator: str = ","

    @property
    def columns(self) -> list[str]:
        return self.frame.collect_schema().names()


def _header_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for col in CANONICAL:
        aliases[fold(col.name)] = col.name
        aliases[fold(col.vi_header)] = col.name
        aliases[fold(col.vi)] = col.name
    return aliases


def load_mapping(path: Path) -> dict[str, str]:
    """A --columns file: YAML mapping of the file's header -> canonical column. Every problem
    names the mapping file and its line."""
    from ..errors import MdpovertyError
    from ..standard.yaml_strict import clip, load_yaml_file

    try:
        loaded = load_yaml_file(path)
    except MdpovertyError as exc:  # the YAML loader's StandardError: same place, input family
        where = {"line": exc.line, "yaml_path": exc.yaml_path, "details": exc.details}
        raise InputError(exc.message, file=exc.file or str(path), **where) from None
    data = loaded.data
    if not isinstance(data, dict):
        raise InputError(
            "a columns mapping is a YAML mapping of 'header in the file: canonical_column'",
            file=str(path),
        )
    for key, value in data.items():
        where = {"file": str(path), "line": loaded.lines.get(key), "yaml_path": clip(key)}
        if not isinstance(value, str) or not value.strip():
            raise InputError("a header maps to one column name (text)", **where)
        close = difflib.get_close_matches(value, list(BY_NAME), n=1, cutoff=0.8)
        if value not in BY_NAME and close:
            raise InputError(f"'{clip(value)}' is no column: did you mean '{close[0]}'?", **where)
    return {nfc(k).strip(): v for k, v in data.items()}


def map_headers(headers: list[str], mapping: dict[str, str] | None, source: str) -> dict[str, str]:
    """Original header -> new name; canonical and documented Vietnamese headers are recognised."""
    aliases = _header_aliases()
    result: dict[str, str] = {}
    for header in headers:
        clean = nfc(header).strip()
        target = mapping[clean] if mapping and clean in mapping else aliases.get(fold(clean), clean)
        result[header] = target
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
    tmp = tempfile.NamedTemporaryFile(prefix="mdpoverty-", suffix=".csv", delete=False)  # noqa: SIM115
    atexit.register(Path(tmp.name).unlink, missing_ok=True)
    return tmp


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
        Path(tmp.name).unlink(missing_ok=True)
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
    mapping: dict[str, str] | None = None,
    separator: str | None = None,
) -> Table:
    """Read `path` ('-' for CSV on stdin) as a lazy table of text columns."""
    import polars as pl

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
        return _read_xlsx(file, source, sheet, mapping)
    if suffix in PARQUET_SUFFIXES:
        try:
            lf = pl.scan_parquet(file)
            schema = lf.collect_schema()
        except Exception as exc:
            raise InputError(f"cannot read this Parquet file: {_short(exc)}", file=source) from None
        headers = schema.names()
        lf = lf.select(pl.col(h).cast(pl.String) for h in headers)
        table = _finish(lf, headers, source, mapping, first_data_line=1)
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
    sep = separator or ("\t" if suffix in TSV_SUFFIXES else _sniff_separator(line))
    # polars renames a repeated header silently ('area_duplicated_0'): check the raw header
    _check_duplicates(next(csv.reader([line], delimiter=sep)), source)
    try:
        lf = pl.scan_csv(file, separator=sep, infer_schema=False, encoding="utf8")
        headers = lf.collect_schema().names()
    except pl.exceptions.NoDataError:
        raise InputError("the file is empty", file=source) from None
    except pl.exceptions.ComputeError as exc:
        raise InputError(f"cannot read this CSV file: {_short(exc)}", file=source) from None
    table = _finish(lf, headers, source, mapping, first_data_line=2)
    table.csv_path, table.separator = file, sep
    return table


def ragged_rows(table: Table, limit: int = 10) -> tuple[int, list[tuple[int, int]]]:
    """(fields in the header, [(row, fields) ...]) for rows with more fields than the header."""
    assert table.csv_path is not None
    found: list[tuple[int, int]] = []
    with table.csv_path.open(encoding="utf-8-sig", newline="") as fh:
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


def _read_xlsx(file: Path, source: str, sheet: str | None, mapping: dict[str, str] | None) -> Table:
    import polars as pl

    try:
        import fastexcel
    except ImportError:
        raise InputError("reading .xlsx needs the fastexcel package", file=source) from None
    try:
        sheets = fastexcel.read_excel(file).sheet_names
    except Exception as exc:
        raise InputError(f"cannot read this workbook: {_short(exc)}", file=source) from None
    if sheet is not None and sheet not in sheets:
        raise InputError(
            f"no sheet '{sheet}' in this workbook (sheets: {', '.join(sheets)})", file=source
        )
    try:
        frame = pl.read_excel(
            file, sheet_name=sheet or sheets[0], engine="calamine", infer_schema_length=0
        )
    except pl.exceptions.NoDataError:
        raise InputError(f"the sheet '{sheet or sheets[0]}' is empty", file=source) from None
    except Exception as exc:
        raise InputError(f"cannot read this workbook: {_short(exc)}", file=source) from None
    headers = frame.columns
    lf = frame.lazy().select(pl.col(h).cast(pl.String) for h in headers)
    table = _finish(lf, headers, source, mapping, first_data_line=2)
    table.sheets = sheets
    return table


def _finish(
    lf: pl.LazyFrame,
    headers: list[str],
    source: str,
    mapping: dict[str, str] | None,
    *,
    first_data_line: int,
) -> Table:
    import polars as pl

    _check_duplicates(headers, source)
    if not headers or headers == [""]:
        raise InputError("the file has no header row", file=source)
    renamed = map_headers(headers, mapping, source)
    lf = lf.rename({h: t for h, t in renamed.items() if h != t}).with_row_index(
        ROW, offset=first_data_line
    )
    lf = lf.with_columns(pl.col(ROW).cast(pl.Int64))
    table = Table(lf, source, {h: t for h, t in renamed.items() if h != t}, first_data_line)
    table.headers = list(headers)
    return table


def missing_columns_error(table: Table, required: list[str]) -> InputError | None:
    """An error listing every missing column with close matches among the file's headers."""
    present = set(table.columns)
    missing = [c for c in required if c not in present]
    if not missing:
        return None
    if len(missing) == len(required):
        headers = [c for c in table.columns if c != ROW][:3]
        return InputError(
            "none of the required columns is here: this does not look like a households table"
            f" (its first headers: {', '.join(repr(h) for h in headers)}); "
            "`mdpoverty template` writes the expected headers"
            + (
                f"; this workbook's sheets: {', '.join(table.sheets)} (choose one with --sheet)"
                if len(table.sheets) > 1
                else ""
            ),
            file=table.source,
        )
    extras = [c for c in table.columns if c not in BY_NAME and c != ROW]
    details = []
    for name in missing:
        col = BY_NAME.get(name)
        close = difflib.get_close_matches(name, extras, n=2, cutoff=0.6)
        if col is not None:
            close += [e for e in extras if fold(e) in (fold(col.vi_header),) and e not in close]
            close += difflib.get_close_matches(fold(col.vi_header), [fold(e) for e in extras], n=1)
        hint = (
            f" (did you mean {', '.join(repr(c) for c in dict.fromkeys(close))}?)" if close else ""
        )
        header = f" [Vietnamese header: '{col.vi_header}']" if col else ""
        details.append(f"{name}{header}{hint}")
    return InputError(
        f"{len(missing)} required column{'s' * (len(missing) > 1)} missing: {', '.join(missing)}",
        file=table.source,
        details=details,
    )
