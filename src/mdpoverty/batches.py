"""Reading a table in batches of rows, so memory stays flat whatever the file's size.

CSV files are cut into chunks of about `CHUNK_BYTES` at record boundaries (a newline outside
quotes) and each chunk is parsed by polars. Columns that should hold whole numbers are first
parsed as integers by polars' own CSV parser; a chunk where any such cell is not a plain integer
(``1.500.000``, ``2,0``, a stray space...) is parsed again as text, and validation reads it
cell by cell. Clean files therefore pay almost nothing for validation, and messy ones lose
nothing. Parquet files are read in slices; workbooks are already in memory.
"""

from __future__ import annotations

import io
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError
from .readers import ROW, Table, ragged_rows

if TYPE_CHECKING:
    import polars as pl

CHUNK_BYTES = 16 << 20
PARQUET_ROWS = 150_000


@dataclass
class Position:
    """How far the reading has got: the share of the file read, for progress displays."""

    done: float = 0.0


def _records(
    path, chunk_bytes: int, position: Position | None = None
) -> Iterator[tuple[bytes, bytes]]:
    """(header line, chunk of whole records) pairs; a quoted newline never splits a record."""
    size = max(os.path.getsize(path), 1)
    with open(path, "rb") as fh:
        header = fh.readline()
        if header.startswith(b"\xef\xbb\xbf"):
            header = header[3:]
        carry = b""
        while True:
            block = fh.read(chunk_bytes)
            data = carry + block
            if not block:
                if data.strip():
                    yield header, data if data.endswith(b"\n") else data + b"\n"
                return
            cut = data.rfind(b"\n")
            # a record boundary is a newline with an even number of quotes before it
            while cut >= 0 and data.count(b'"', 0, cut) % 2:
                cut = data.rfind(b"\n", 0, cut)
            if cut < 0:
                carry = data
                continue
            carry = data[cut + 1 :]
            if position is not None:
                position.done = (fh.tell() - len(carry)) / size
            yield header, data[: cut + 1]


def _parse_csv(header: bytes, chunk: bytes, table: Table, integers: list[str]) -> pl.DataFrame:
    import polars as pl

    def read(overrides: dict[str, pl.DataType] | None) -> pl.DataFrame:
        return pl.read_csv(
            io.BytesIO(header + chunk),
            separator=table.separator,
            infer_schema=False,
            schema_overrides=overrides,
            encoding="utf8",
        )

    typed = {h: pl.Int64 for h, t in table.header_targets().items() if t in integers}
    try:
        try:
            return read(typed or None)
        except pl.exceptions.ComputeError as exc:
            if "could not parse" not in str(exc):
                raise
            return read(None)  # some cell is not a plain integer: read it all as text
    except pl.exceptions.ComputeError as exc:
        text = str(exc)
        if "utf-8" in text.lower() or "utf8" in text.lower():
            raise InputError(
                "the file is not valid UTF-8; if it was saved by Vietnamese Windows, "
                "try --encoding cp1258",
                file=table.source,
            ) from None
        if "more fields than defined" in text:
            width, rows = ragged_rows(table)
            listed = ", ".join(f"row {r} has {n}" for r, n in rows)
            raise InputError(
                f"rows with more fields than the header's {width}: {listed}"
                + (" (first 10 shown)" if len(rows) >= 10 else "")
                + "; check for an unquoted separator in a value",
                file=table.source,
            ) from None
        raise InputError(
            f"cannot read the input: {text.splitlines()[0]}", file=table.source
        ) from None


def prefetched(source: Iterator[pl.DataFrame], depth: int = 1) -> Iterator[pl.DataFrame]:
    """`source` read ahead in a thread: polars parses the next batch while this one is used
    (it releases the GIL), and at most `depth` batches wait in memory."""
    done = object()
    box: queue.Queue = queue.Queue(maxsize=depth)

    def fill() -> None:
        try:
            for item in source:
                box.put(item)
            box.put(done)
        except BaseException as exc:  # handed over to the consumer
            box.put(exc)

    worker = threading.Thread(target=fill, daemon=True)
    worker.start()
    while True:
        item = box.get()
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


def batches(
    table: Table, integers: list[str] | None = None, position: Position | None = None
) -> Iterator[pl.DataFrame]:
    """The table's rows in order, a batch at a time, with canonical names and ``__row__``."""
    import polars as pl

    offset = table.first_data_line
    renames = table.renamed
    if table.csv_path is not None:
        for header, chunk in _records(table.csv_path, CHUNK_BYTES, position):
            frame = _parse_csv(header, chunk, table, integers or [])
            frame = frame.rename(renames).with_row_index(ROW, offset=offset)
            offset += frame.height
            yield frame.with_columns(pl.col(ROW).cast(pl.Int64))
        return
    if table.parquet_path is not None:
        scan = pl.scan_parquet(table.parquet_path)
        total = scan.select(pl.len()).collect().item()
        for start in range(0, max(total, 1), PARQUET_ROWS):
            frame = scan.slice(start, PARQUET_ROWS).collect()
            if position is not None:
                position.done = min(1.0, (start + PARQUET_ROWS) / max(total, 1))
            frame = frame.rename(renames).with_row_index(ROW, offset=offset)
            offset += frame.height
            yield frame.with_columns(pl.col(ROW).cast(pl.Int64))
        return
    yield table.frame.collect()
