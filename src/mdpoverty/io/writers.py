"""Writing result tables atomically: to a temporary file beside the target, then moved into place.

CSV and Parquet are written batch by batch (memory stays flat); JSON and XLSX are built in
memory, so they suit small outputs (a province's changes, a report), not national files.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    import polars as pl

FORMATS = {".csv", ".parquet", ".json", ".xlsx"}


@dataclass(frozen=True)
class Target:
    path: str  # '-' is CSV on standard output
    add_bom: bool = False

    @property
    def suffix(self) -> str:
        return ".csv" if self.path == "-" else Path(self.path).suffix.lower()


def check_target(target: Target, inputs: list[str]) -> None:
    """Refuse unknown formats, missing folders and writing over an input file."""
    if target.path == "-":
        return
    if target.suffix not in FORMATS:
        raise OutputError(
            f"unknown output format '{target.suffix or '(none)'}': use "
            + ", ".join(sorted(FORMATS))
            + " or - for CSV on standard output",
            file=target.path,
        )
    out = Path(target.path).resolve()
    if not out.parent.is_dir():
        raise OutputError("the folder for this output does not exist", file=target.path)
    for source in inputs:
        if source not in ("-", "<stdin>") and Path(source).resolve() == out:
            raise OutputError(
                "the output would overwrite the input; choose another -o", file=target.path
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_beside(path: str) -> str:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return tmp


def plain_decimals(frame: pl.DataFrame) -> pl.DataFrame:
    """Exact decimals (money, m2) as text the way people write them: a whole value whole
    (``1500000``, not ``1500000.00``), any other with its two places (``1500000.50``)."""
    import polars as pl

    decimals = [n for n, t in frame.schema.items() if isinstance(t, pl.Decimal)]
    if not decimals:
        return frame
    return frame.with_columns(
        pl.col(n).cast(pl.String).str.strip_suffix(".00").alias(n) for n in decimals
    )


def write_json(df: pl.DataFrame, dest: str) -> None:
    """`df` as a JSON array of records whose numbers are JSON numbers: an exact decimal is
    written whole when it is (1500000), else with its decimals (1500000.5)."""
    import json

    import polars as pl

    decimals = [n for n, t in df.schema.items() if isinstance(t, pl.Decimal)]
    whole = all(
        df.select((pl.col(n) == pl.col(n).floor()).all()).item() is not False for n in decimals
    )
    if whole:  # the usual case, at polars' speed
        df.with_columns(pl.col(n).cast(pl.Int64) for n in decimals).write_json(dest)
        return
    from decimal import Decimal

    def value(v: object) -> str:
        if isinstance(v, Decimal):  # its own digits: a float could round them
            return str(int(v)) if v == v.to_integral_value() else format(v.normalize(), "f")
        return json.dumps(v, ensure_ascii=False)

    keys = [json.dumps(n, ensure_ascii=False) + ":" for n in df.columns]
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write("[")
        for i, row in enumerate(df.iter_rows()):
            fh.write(("," if i else "") + "{")
            fh.write(",".join(k + value(v) for k, v in zip(keys, row, strict=True)))
            fh.write("}")
        fh.write("]")


def _write_eager(df: pl.DataFrame, target: Target, dest: str, kind: str) -> None:
    suffix = f".{kind}"
    if suffix == ".json":
        write_json(df, dest)
    elif suffix == ".xlsx":
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            raise OutputError(
                "writing .xlsx needs the xlsxwriter package", file=target.path
            ) from None
        df.write_excel(dest, autofit=True)
    elif suffix == ".csv":
        plain_decimals(df).write_csv(dest, include_bom=target.add_bom)
    else:
        df.write_parquet(dest)


class _Sink:
    """A polars sink (CSV or Parquet) in a thread of its own, fed one frame at a time.

    The frames become the batches of one lazy source (an IO plugin), so the file is written
    in one pass by polars' streaming engine: a Parquet file is not written as parts and then
    joined (which read and encoded every row twice). `put` returns once the sink has taken the
    frame, so no frame waits between the two threads.
    """

    _POLL_SECONDS = 0.1

    def __init__(self, path: str, kind: str, schema: pl.Schema, add_bom: bool) -> None:
        from polars.io.plugins import register_io_source

        self.schema = schema
        self._queue: queue.Queue[pl.DataFrame | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._taken = threading.Event()
        source = register_io_source(self._frames, schema=schema)
        if kind == "parquet":
            run = lambda: source.sink_parquet(path)  # noqa: E731
        else:
            run = lambda: source.sink_csv(path, include_bom=add_bom)  # noqa: E731
        self._thread = threading.Thread(target=self._run, args=(run,), daemon=True)
        self._thread.start()

    def _frames(
        self,
        with_columns: list[str] | None,
        predicate: pl.Expr | None,
        n_rows: int | None,
        batch_size: int | None,  # unused: frames come as the runner made them
    ) -> Iterator[pl.DataFrame]:
        left = n_rows
        while True:
            frame = self._queue.get()
            self._taken.set()
            if frame is None:
                return
            if left is not None and left <= 0:
                continue  # a sink asks for no more rows: take the rest without passing them on
            if with_columns is not None:
                frame = frame.select(with_columns)
            if predicate is not None:
                frame = frame.filter(predicate)
            if left is not None:
                frame = frame.head(left)
                left -= frame.height
            yield frame

    def _run(self, sink: Callable[[], object]) -> None:
        try:
            sink()
        except BaseException as exc:  # handed to the thread that writes or closes
            self._error = exc

    def put(self, frame: pl.DataFrame | None) -> None:
        """Hand `frame` (None: the end) to the sink and wait until it takes it; raises the
        sink's error if it has failed."""
        self._taken.clear()
        self._queue.put(frame)  # never blocks: the queue is empty between two puts
        while not self._taken.wait(self._POLL_SECONDS):
            if self._error is not None or not self._thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    self._queue.get_nowait()  # not taken: leave the queue empty again
                self._raise()

    def finish(self) -> None:
        """End the input and wait for the file to be written."""
        self.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
        raise RuntimeError("the output writer stopped")  # pragma: no cover - a polars bug

    def abandon(self) -> None:
        """End the input, whatever state the sink is in, and wait for its thread."""
        with contextlib.suppress(Exception):  # its error, if any, is not the one to report
            self.put(None)
        self._thread.join()


class BatchWriter:
    """Writes one target a batch at a time into a temporary file beside it.

    CSV and Parquet go through one polars sink fed batch by batch; JSON and XLSX (small outputs
    by nature) are gathered and written at the end, as is any target with a `finish` step (such
    as a sort). Standard output is spooled to a temporary file and copied out on `commit`, so
    nothing is printed by a run that is then discarded.
    """

    def __init__(
        self, target: Target, finish: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    ):
        self.target = target
        self.finish = finish
        self.final = None if target.path == "-" else target.path
        self.tmp = _temp_beside(target.path) if self.final else _spool()
        self.kind = "csv" if target.path == "-" else target.suffix.lstrip(".")
        self.frames: list[pl.DataFrame] = []
        self.sink: _Sink | None = None

    def write(self, frame: pl.DataFrame) -> None:
        if self.finish is not None or self.kind in ("json", "xlsx"):
            self.frames.append(frame)
            return
        if self.kind == "csv":
            frame = plain_decimals(frame)
        if self.sink is None:
            self.sink = _Sink(self.tmp, self.kind, frame.schema, self.target.add_bom)
        elif frame.schema != self.sink.schema:
            frame = frame.cast(dict(self.sink.schema))  # type: ignore[arg-type]
        self.sink.put(frame)

    def close(self) -> None:
        import polars as pl

        if self.sink is not None:
            self.sink.finish()
        if self.frames:
            frame = pl.concat(self.frames, how="vertical_relaxed")
            self.frames = []
            if self.finish is not None:
                frame = self.finish(frame)
            _write_eager(frame, self.target, self.tmp, self.kind)

    def commit(self) -> None:
        if self.final is None:
            with open(self.tmp, "rb") as src:
                shutil.copyfileobj(src, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            Path(self.tmp).unlink(missing_ok=True)
            return
        os.chmod(self.tmp, 0o666 & ~_umask())
        os.replace(self.tmp, self.final)

    def discard(self) -> None:
        if self.sink is not None:
            self.sink.abandon()
        Path(self.tmp).unlink(missing_ok=True)


def _spool() -> str:
    fd, tmp = tempfile.mkstemp(prefix="mdpoverty-stdout-", suffix=".csv")
    os.close(fd)
    return tmp
