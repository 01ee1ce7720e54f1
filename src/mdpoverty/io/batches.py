"""Reading a table as one polars stream of batches, so memory stays flat whatever its size.

The rows are scanned lazily (CSV with polars' multi-threaded reader, Parquet with its column
types) and the caller's plan (validation, classification) runs in polars' streaming engine; the
results come out a batch of rows at a time. Columns that should hold whole numbers or true/false
are parsed by the CSV reader itself when a first pass over those columns alone finds that every
cell parses; when one is not a plain integer or true/false (``1.500.000``, ``2,0``, ``có``, a
stray letter...) the whole file is read as text, and validation reads it cell by cell: clean
files are parsed at the reader's speed, and messy ones lose nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, MdpovertyError, refused_resources
from ..text import quoted
from .limits import out_of_memory
from .readers import (
    ROW,
    Table,
    failure_reason,
    parquet_columns,
    ragged_rows,
    scan_csv,
    unclosed_quote_row,
)

if TYPE_CHECKING:
    import polars as pl

# rows a batch; the batches a run holds at once (one computed, one written) are most of its
# memory beside polars' own read-ahead: 75,000 kept 10M-household runs under 600 MB
BATCH_ROWS = 75_000
# ... but a batch's memory follows its cells (rows x columns: polars holds a text cell in 16
# bytes or more, whatever it says), so a wider plan gets fewer rows: classify's plan over a
# household table has 43 columns, compare's 72 (unchanged), a survey file's thousands
BATCH_CELLS = 72 * BATCH_ROWS
# ... and never fewer than this: each batch costs some work per column whatever its rows
# (planning, a look at each column), which would outgrow the cells' own work
MIN_BATCH_ROWS = 500
# polars' CSV reader parses a file in chunks of this many bytes (mdpoverty's default, set by
# the CLI: see cli/app.py), several at once ahead of the batches; a wide file gets smaller
# ones, of at most `READ_CELLS` cells (a household table's chunks stay as they are)
CSV_CHUNK_VARIABLE = "POLARS_CSV_CHUNK_SIZE"
CSV_CHUNK_BYTES = 4_000_000
READ_CELLS = 1_000_000
MIN_CSV_CHUNK_BYTES = 256 * 1024
_SAMPLE_BYTES = 1 << 20


@dataclass
class Position:
    """How far the reading has got: the share of the input read, for progress displays."""

    done: float = 0.0


def rows(table: Table, typed: dict[str, str] | None = None) -> pl.LazyFrame:
    """The table's rows, lazily, with canonical names and ``__row__`` (its record number).

    CSV columns named in `typed` are parsed by the reader, "int" as Int64 and "bool" as
    true/false in any case (an unparsable cell then fails the scan: see `stream`); Parquet keeps
    its own column types.
    """
    import polars as pl

    if table.csv_path is not None:
        kinds = {"int": pl.Int64, "bool": pl.Boolean}
        wanted = typed or {}
        typed_headers = {
            h: kinds[wanted[t]] for h, t in table.header_targets().items() if t in wanted
        }
        lf = scan_csv(
            table.csv_path,
            table.separator,
            table.skip_lines,
            table.headers if table.header_rows > 1 else None,
            table.body_lines,
            typed_headers,
        )
        lf = lf.rename(table.csv_names).drop(table.unread)
    elif table.parquet_path is not None:
        lf = pl.scan_parquet(table.parquet_path, glob=False)
        lf = lf.select(parquet_columns(lf.collect_schema(), table.source, table.unreadable))
    else:
        return table.frame  # a workbook: in memory, renamed and numbered already
    lf = lf.rename(table.renamed).with_row_index(ROW, offset=table.first_data_line)
    return lf.with_columns(pl.col(ROW).cast(pl.Int64))


def _input_error(exc: Exception, table: Table) -> MdpovertyError | None:
    """The reader's failure as the user's problem with the file, or None (a bug of ours);
    memory or a thread refused by the system is neither (`errors.out_of_memory`)."""
    if refused_resources(exc):
        return out_of_memory(table.source)
    text = str(exc)
    if ("utf-8" in text.lower() or "utf8" in text.lower()) and table.parquet_path is not None:
        import polars as pl

        schema = pl.scan_parquet(table.parquet_path, glob=False).collect_schema()
        binary = [quoted(n) for n, t in schema.items() if t == pl.Binary]
        return InputError(
            "a binary column of this Parquet file holds bytes that are not UTF-8 text "
            f"(binary columns: {', '.join(binary[:5]) or 'none'}); mdpoverty reads binary "
            "columns as text",
            file=table.source,
            key="input.parquet_binary_not_utf8",
            params={"columns": ", ".join(binary[:5])},
        )
    if "utf-8" in text.lower() or "utf8" in text.lower():
        return InputError(
            "the file is not valid UTF-8; if it was saved by Vietnamese Windows, "
            f"try {table.encoding_option} cp1258",
            file=table.source,
            key="input.not_utf8",
            params={"option": table.encoding_option},
        )
    if "more fields than defined" in text and table.csv_path is not None:
        width, found, lone_cr = ragged_rows(table)
        problems = []
        if lone_cr:
            problems.append(
                "rows that end in a lone carriage return (CR) while others end in LF or CRLF, "
                "so each runs on into the next: "
                + ", ".join(f"row {r}" for r in lone_cr)
                + (" (first 10 shown)" if len(lone_cr) >= 10 else "")
                + "; save the file again with one kind of line ending"
            )
        if found or not lone_cr:
            listed = ", ".join(f"row {r} has {n}" for r, n in found)
            problems.append(
                f"rows with more fields than the header's {width}: {listed or '(not found)'}"
                + (" (first 10 shown)" if len(found) >= 10 else "")
                + "; check for an unquoted separator in a value"
            )
        return InputError(
            "; ".join(problems),
            file=table.source,
            key="input.csv_ragged",
            params={"lone_cr": lone_cr, "found": found, "width": width},
        )
    unreadable = re.search(r"could not parse .* as dtype `str` at column '([^']*)'", text, re.S)
    malformed = "CSV malformed" in text  # the same as `unreadable`, seen by another plan
    if (malformed or unreadable) and table.csv_path is not None:
        opened = unclosed_quote_row(table.csv_path)
        if opened is not None:
            return InputError(
                'a quote (") opens on this row and is never closed, so the rows after it run '
                "into one value; close the quote or remove it (the row is not shown: it may "
                "hold personal data)",
                file=table.source,
                row=opened,
                key="input.csv_unclosed_quote",
            )
    if malformed and table.csv_path is not None:
        return InputError(
            'a row is not valid CSV text, most often because of a quote (") that is never '
            "closed; the row is not shown (it may hold personal data)",
            file=table.source,
            key="input.csv_bad_row",
        )
    if unreadable and table.csv_path is not None:
        return InputError(
            'a value is not valid CSV text, most often a quote (") '
            "that is never closed; the value is not shown (it may hold personal data)",
            file=table.source,
            column=unreadable[1],
            key="input.csv_bad_value",
        )
    reading = re.search(r"csv|parquet|parse|field|quote|delimiter|separator|eof", text, re.I)
    if reading and (table.csv_path is not None or table.parquet_path is not None):
        reason = failure_reason(exc)
        return InputError(
            f"cannot read the input: {reason}",
            file=table.source,
            key="input.unreadable",
            params={"reason": reason},
        )
    return None  # a failure of mdpoverty's own plan, reported as an internal error


def _panic_error(exc: BaseException, table: Table) -> MdpovertyError:
    """polars' crash (a panic: a Rust failure, not an error it raises) while it read the
    table, as the user's problem with the file: it meets a value it cannot handle (mdpoverty
    checks those it knows of before reading: `readers.out_of_range`)."""
    if refused_resources(exc):
        return out_of_memory(table.source)
    reason = failure_reason(exc)
    return InputError(
        f"polars, the library that reads the file, failed on a value of it ({reason}); save "
        "the file again with simpler types (numbers, text, dates of years 1-9999), or as CSV",
        file=table.source,
        key="input.reader_failed",
        params={"reason": reason},
    )


def _panic(exc: BaseException, table: Table, typed: dict[str, str] | None = None) -> BaseException:
    """A panic of polars while it ran a plan over the table's rows: the user's problem with
    the file (`_panic_error`, exit 4) when reading the file alone panics too (each value made
    and, as mdpoverty reads a Parquet value, as its text) or stops short of a Parquet file's
    rows; else the panic itself (mdpoverty's own plan failed: a bug, exit 1). The file is read
    again on this path only."""
    import polars as pl

    if table.csv_path is None and table.parquet_path is None:
        return exc  # a workbook's rows are in memory: read already
    alone = rows(table, typed)
    if table.parquet_path is not None:
        alone = alone.select(pl.all().cast(pl.String))
    read = 0
    try:
        for frame in alone.collect_batches(chunk_size=batch_rows(len(table.columns))):
            read += frame.height
    except pl.exceptions.PanicException as again:
        return _panic_error(again, table)
    except pl.exceptions.ComputeError as again:
        return _input_error(again, table) or exc
    if table.parquet_path is not None and read != _estimated_rows(table):
        return _panic_error(exc, table)  # polars ends the batches quietly on a panic
    return exc


def collect(table: Table, lf: pl.LazyFrame) -> pl.DataFrame:
    """`lf` (a plan over the table's frame) collected; a failure of the reader (a broken row, a
    file that is not UTF-8...) raised as the user's problem with the file, as `stream` does."""
    import polars as pl

    try:
        return lf.collect()
    except pl.exceptions.ComputeError as exc:
        error = _input_error(exc, table)
        if error is None:
            raise
        raise error from None
    except pl.exceptions.PanicException as exc:
        raise _panic(exc, table) from None


def _sample(path: str) -> tuple[int, int]:
    """(bytes, lines) of the first MB of the CSV file at `path`, its header less."""
    with open(path, "rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    return max(len(sample), 1), max(sample.count(b"\n") - 1, 1)


def _estimated_rows(table: Table) -> int | None:
    """Rows in the input, exact for Parquet and estimated from the first MB for CSV."""
    import polars as pl

    if table.parquet_path is not None:
        return pl.scan_parquet(table.parquet_path, glob=False).select(pl.len()).collect().item()
    if table.csv_path is None:
        return None
    size = os.path.getsize(table.csv_path)
    sample, lines = _sample(table.csv_path)
    return max(1, round(lines * size / sample))


def batch_rows(width: int, scale: int = 1) -> int:
    """Rows a batch of a plan `width` columns wide: `scale` x BATCH_ROWS, fewer when that
    would be more than `scale` x BATCH_CELLS cells, never fewer than MIN_BATCH_ROWS."""
    most = BATCH_ROWS * scale
    return max(min(MIN_BATCH_ROWS, most), min(most, BATCH_CELLS * scale // max(width, 1)))


def _csv_chunk_bytes(table: Table, current: int) -> int:
    """The CSV reader's chunk for `table`: `current`, or less for a wide file, so that a chunk
    holds about READ_CELLS cells at most (estimated from the first MB)."""
    if table.csv_path is None:
        return current
    sample, lines = _sample(table.csv_path)
    columns = max(len(table.columns) - 1, 1)  # less the row number
    fits = READ_CELLS * sample // (lines * columns)
    return max(MIN_CSV_CHUNK_BYTES, min(current, fits))


@contextmanager
def _read_chunks(table: Table) -> Iterator[None]:
    """The CSV reader's chunk for `table` while its rows are read (polars reads the setting as
    each scan starts), then the setting as it was."""
    before = os.environ.get(CSV_CHUNK_VARIABLE)
    if table.csv_path is None:
        yield
        return
    try:
        current = int(before or CSV_CHUNK_BYTES)
    except ValueError:
        current = CSV_CHUNK_BYTES
    os.environ[CSV_CHUNK_VARIABLE] = str(_csv_chunk_bytes(table, current))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CSV_CHUNK_VARIABLE, None)
        else:
            os.environ[CSV_CHUNK_VARIABLE] = before


def _types_hold(table: Table, typed: dict[str, str]) -> bool:
    """Whether every cell of the CSV columns to be typed parses as its type, found by a pass
    over those columns alone (a small share of a full read: the reader still splits each line).

    A typed streaming scan must never be left to fail on a cell: in polars 2.1 the batches it
    has handed over before failing may hold the cells of later rows under the earlier rows'
    numbers (tests/test_wide.py saw a wide file's first rows replaced so, now and then, and a
    bare scan of it does so every time).
    """
    import polars as pl

    lf = rows(table, typed)
    names = [name for name in lf.collect_schema().names() if name in typed]
    if not names:
        return True
    try:
        lf.select(pl.col(name).null_count() for name in names).collect(engine="streaming")
    except pl.exceptions.ComputeError as exc:
        if "could not parse" in str(exc):
            return False
        error = _input_error(exc, table)
        if error is None:
            raise
        raise error from None
    except pl.exceptions.PanicException as exc:
        raise _panic_error(exc, table) from None
    return True


def _refuse_long_cell(frame: pl.DataFrame, table: Table) -> None:
    """Refuse (exit 4) a batch of a Parquet file's rows with a text cell longer than
    `limits.MAX_PARQUET_CELL_BYTES`, naming its column and row (CSV lines and a workbook's
    cells are held to their own limits as they are read)."""
    import polars as pl

    from ..columns import user_name
    from .limits import MAX_PARQUET_CELL_BYTES

    texts = [n for n, t in frame.schema.items() if t == pl.String]
    if not texts:
        return
    longest = frame.select(pl.col(texts).str.len_bytes().max()).row(0)
    over = [
        n for n, most in zip(texts, longest, strict=True) if (most or 0) > MAX_PARQUET_CELL_BYTES
    ]
    if not over:
        return
    name = over[0]
    at = frame.select(pl.col(name).str.len_bytes().arg_max()).item()
    row = frame[ROW][at] if ROW in frame.columns else None
    # the column as the file heads it: a parsed column's text is kept as __raw__<name>
    name = user_name(name.removeprefix("__raw__"))
    header = {target: h for h, target in table.header_targets().items()}.get(name, name)
    raise InputError(
        f"a cell holds more than {MAX_PARQUET_CELL_BYTES >> 10} KB of text, longer than any"
        " cell a household table needs (Excel holds 32,767 characters): the file is damaged"
        " or built to mislead; shorten the cell, or leave the column out of the file",
        file=table.source,
        row=row,
        column=header,
        key="input.parquet_cell_too_long",
        params={"kb": MAX_PARQUET_CELL_BYTES >> 10},
    )


def stream(
    table: Table,
    plan: Callable[[pl.LazyFrame], pl.LazyFrame],
    typed: dict[str, str] | None = None,
    position: Position | None = None,
    batch_scale: int = 1,
    every_row: bool = False,
) -> Iterator[pl.DataFrame]:
    """`plan` over the table's rows, run by polars' streaming engine, in batches (of
    `batch_rows` of the plan's width and `batch_scale`), in order.

    The CSV columns in `typed` are parsed by the reader when a first pass over them finds every
    cell parses (`_types_hold`); else the whole file is read as text. A Parquet file's batches
    are counted against its rows when the plan keeps each row (`every_row`: the passes that
    count the rows read): polars ends the batches quietly when it crashes on a value (a panic
    in one of its threads), and a run on the rows before would look whole.
    """
    import polars as pl

    total = (
        _estimated_rows(table)
        if position is not None or (every_row and table.parquet_path is not None)
        else None
    )
    delivered = 0
    with _read_chunks(table):
        use_types = bool(typed and table.csv_path is not None and _types_hold(table, typed))
        lf = plan(rows(table, typed if use_types else None))
        size = batch_rows(len(lf.collect_schema()), batch_scale)
        try:
            for frame in lf.collect_batches(chunk_size=size):
                if table.parquet_path is not None:
                    _refuse_long_cell(frame, table)
                delivered += frame.height
                if position is not None and total:
                    position.done = min(delivered / total, 0.99)
                yield frame
        except pl.exceptions.ComputeError as exc:
            if use_types and "could not parse" in str(exc):
                # every cell parsed a moment ago (`_types_hold`): the batches already given
                # may hold other rows' cells, so nothing of this run can be kept
                raise InputError(
                    "the file changed while it was being read; run the command again",
                    file=table.source,
                    key="input.changed_while_read",
                ) from None
            error = _input_error(exc, table)
            if error is None:
                raise
            raise error from None
        except pl.exceptions.PanicException as exc:
            raise _panic(exc, table, typed if use_types else None) from None
        if every_row and table.parquet_path is not None and delivered != total:
            # polars ends the batches quietly when one of its threads panics
            stopped = RuntimeError(f"polars stopped after {delivered:,} of {total:,} rows")
            raise _panic(stopped, table)
        if position is not None:
            position.done = 1.0
