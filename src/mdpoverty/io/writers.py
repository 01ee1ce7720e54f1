"""Writing result tables atomically: to a temporary file beside the target, then moved into place.

CSV, Parquet and XLSX are written batch by batch (memory stays flat; an .xlsx sheet holds at
most 1,048,575 rows below its header, and the writer stops as soon as a table passes it); JSON
is built in memory, so it suits small outputs (a province's changes, a report), not national
files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import queue
import re
import shutil
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..columns import col as column
from ..columns import user_name
from ..errors import ExitCode, OutputError, refused_resources
from . import temporary, xlsx
from .limits import out_of_memory
from .readers import ROW, failure_reason

if TYPE_CHECKING:
    import polars as pl

FORMATS = {".csv", ".parquet", ".json", ".xlsx"}

# Excel's limits: a sheet holds 1,048,576 rows (the header is one) and 16,384 columns, and a
# cell 32,767 characters; Excel would cut a longer text without a word
XLSX_MAX_ROWS = xlsx.SHEET_ROWS - 1
XLSX_MAX_COLUMNS = xlsx.SHEET_COLUMNS
XLSX_MAX_CELL = 32_767

# Text a spreadsheet would run as a formula: Excel, LibreOffice and Google Sheets read a CSV
# cell starting with one of these as one (=HYPERLINK(...), -2+3+cmd|...). A plain number such
# as -5 or +84912345678 is left alone.
FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:[.,][0-9]+)*|[.,][0-9]+)$"


@dataclass(frozen=True)
class Target:
    """Where a table goes. For an .xlsx file: the `sheet`'s name, and the number format of
    some columns (`formats`: column -> `xlsx.NumberFormat`; others follow their type)."""

    path: str  # '-' is CSV on standard output
    add_bom: bool = False  # CSV for Excel: a BOM, and text that Excel would run kept as text
    sheet: str = "data"
    formats: tuple[tuple[str, str], ...] = field(default=())

    @property
    def suffix(self) -> str:
        return ".csv" if self.path == "-" else Path(self.path).suffix.lower()


def io_failure(exc: BaseException, path: str) -> OutputError | None:
    """A failure of the file system (disk full, no permission...) as an OutputError naming
    `path`; None for anything else. Polars reports these as its own errors, with
    ``(os error N)`` in the text."""
    code = _errno_of(exc)
    if code is None:
        return None
    if refused_resources(exc):  # ENOMEM, a thread refused: the machine's, not the folder's
        return out_of_memory(path)  # type: ignore[return-value]
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file would be larger than this system allows",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist (any more)",
        errno.EISDIR: "this is a folder",
    }
    failure = OutputError(
        f"cannot write here: {reasons.get(code, os.strerror(code))}",
        file=path,
        key="output.cannot_write",
        params={"code": code, "reason": os.strerror(code)},
    )
    if code == errno.EPIPE:  # the reader went away (`| head`): not a failure of the run
        failure.exit_code = ExitCode.PIPE_CLOSED
    return failure


def writer_crash(exc: BaseException, path: str) -> OutputError | None:
    """polars' crash (a panic: a Rust failure, not an error it raises) while it wrote `path`
    as an OutputError (exit 4): a value of the input it cannot write, which the readers'
    checks did not know of (`readers.out_of_range`); None for any other failure."""
    import polars as pl

    if not isinstance(exc, pl.exceptions.PanicException):
        return None
    if refused_resources(exc):
        return out_of_memory(path)  # type: ignore[return-value]
    reason = failure_reason(exc)
    return OutputError(
        f"polars, the library that writes the file, failed on a value ({reason}): a column of "
        "the input holds a value it cannot write; save the input again with simpler types "
        "(numbers, text, dates of years 1-9999)",
        file=path,
        key="output.writer_failed",
        params={"reason": reason},
    )


def _errno_of(exc: BaseException | None, depth: int = 0) -> int | None:
    """The errno behind `exc`: its own, one it wraps (a library's error may hold the OSError),
    or the ``(os error N)`` polars writes in its messages."""
    if exc is None or depth > 5:
        return None
    if isinstance(exc, OSError) and exc.errno is not None:
        return exc.errno
    found = re.search(r"\(os error (\d+)\)", str(exc))
    if found is not None:
        return int(found[1])
    for inner in (*(a for a in exc.args if isinstance(a, BaseException)), exc.__cause__):
        code = _errno_of(inner, depth + 1)
        if code is not None:
            return code
    return None


def _same_file(a: str, b: str) -> bool:
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samefile(a, b)  # hard links, case-insensitive file systems
    except OSError:
        return False


def check_targets(
    targets: list[tuple[str, Target]],
    inputs: list[tuple[str, str]],
    formats: dict[str, set[str] | None] | None = None,
) -> None:
    """Refuse, before any work, outputs that cannot be written or would replace a file the run
    reads or another of its outputs.

    `targets` are (option, target), such as ``("-o", Target("out.csv"))``; `inputs` are (what,
    path), such as ``("the input", "households.csv")``. `formats` gives an option its suffixes
    (None: any); the default is `FORMATS`.
    """
    for option, target in targets:
        check_target(target, option, (formats or {}).get(option, FORMATS))
    checked: list[tuple[str, Target]] = []
    for option, target in targets:
        if target.path == "-":
            continue
        for what, source in inputs:
            if source not in ("-", "<stdin>") and _same_file(source, target.path):
                raise OutputError(
                    f"{option} would overwrite {what}; choose another {option}",
                    file=target.path,
                    key="output.would_overwrite",
                    params={"option": option, "what": what},
                )
        for other_option, other in checked:
            if _same_file(other.path, target.path):
                raise OutputError(
                    f"{option} and {other_option} name the same file; choose another {option}",
                    file=target.path,
                    key="output.same_file",
                    params={"option": option, "other": other_option},
                )
        checked.append((option, target))


def check_target(target: Target, option: str = "-o", formats: set[str] | None = FORMATS) -> None:
    """Refuse an unknown format, a folder, a missing folder and a folder that cannot be written."""
    if target.path == "-":
        return
    out = Path(target.path)
    if out.is_dir() or target.path.endswith(("/", os.sep)):
        raise OutputError(
            f"this is a folder; give {option} a file name",
            file=target.path,
            key="output.folder",
            params={"option": option},
        )
    if out.is_symlink() or (out.exists() and not out.is_file()):
        # an output is written beside its path and moved into place: that would replace a
        # link, a device (/dev/null) or a named pipe by a plain file
        raise OutputError(
            f"not a regular file (a link, device or named pipe); give {option} the path of a "
            "file itself" + (", or - for standard output" if option == "-o" else ""),
            file=target.path,
            key="output.not_regular",
            params={"option": option},
        )
    if formats is not None and target.suffix not in formats:
        raise OutputError(
            f"unknown output format '{target.suffix or '(none)'}' for {option}: use "
            + ", ".join(sorted(formats))
            + (" or - for CSV on standard output" if option == "-o" else ""),
            file=target.path,
            key="output.unknown_format",
            params={
                "suffix": target.suffix or "(none)",
                "option": option,
                "formats": ", ".join(sorted(formats)),
            },
        )
    if not out.parent.is_dir():
        raise OutputError(
            f"the folder for {option} does not exist",
            file=target.path,
            key="output.no_folder",
            params={"option": option},
        )
    try:  # a file that can be made there can be moved into place there
        temporary.remove(temporary.file_beside(target.path))
    except OSError as exc:
        raise io_failure(exc, target.path) or exc from None


def write_text(path: str, text: str, *, replace: bool = True, add_bom: bool = False) -> None:
    """Write `text` (UTF-8, with a BOM if asked) to `path` atomically; with `replace` false,
    never over a file that exists."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(("\ufeff" if add_bom else "") + text)

    _write_file(path, write, replace)


def write_sheets(path: str, sheets: list[xlsx.Sheet], *, replace: bool = True) -> None:
    """`sheets` as one .xlsx workbook at `path`, atomically (a report, a template); what a
    sheet cannot hold (a unit name of 40,000 characters) is refused before anything is written."""
    import polars as pl

    for sheet in sheets:
        frames = [sheet.frame] if isinstance(sheet.frame, pl.DataFrame) else list(sheet.frame)
        layout = sheet.layout
        header = layout.header or (frames[0].columns if frames else ())
        texts = [*layout.titles, *(() if layout.headless else header)]
        written = 0
        for frame in frames:
            shown = dict(zip(frame.columns, header, strict=False)) if layout.header else None
            check_fits_a_sheet(
                frame, path, written, layout.first_row, texts, shown=shown, instead=(".csv",)
            )
            texts = ()
            written += frame.height
    _write_file(path, lambda tmp: xlsx.write_workbook(tmp, sheets), replace)


def _write_file(path: str, write: Callable[[str], None], replace: bool) -> None:
    """Write `path` by `write` (given a temporary file beside it), and move it into place with
    the command's other outputs (`temporary.outputs_together`). A file written only where none
    is (`replace` false: a template) is placed at once: that placing is its check."""
    tmp = temporary.file_beside(path)
    try:
        write(tmp)
    except OSError as exc:
        temporary.quietly(lambda: temporary.remove(tmp))
        raise io_failure(exc, path) or exc from None
    except BaseException:
        temporary.quietly(lambda: temporary.remove(tmp))
        raise
    if not replace or not temporary.defer(
        lambda: _place(tmp, path, replace), lambda: temporary.remove(tmp)
    ):
        _place(tmp, path, replace)


def _place(tmp: str, path: str, replace: bool) -> None:
    """Move the finished `tmp` to `path` (`_publish`), its failure said as the output's."""
    try:
        _publish(tmp, path, replace)
    except OSError as exc:
        temporary.quietly(lambda: temporary.remove(tmp))
        if isinstance(exc, FileExistsError):
            raise OutputError(
                "the file exists already; choose another name", file=path, key="output.exists"
            ) from None
        raise io_failure(exc, path) or exc from None
    except BaseException:
        temporary.quietly(lambda: temporary.remove(tmp))
        raise


def _publish(tmp: str, final: str, replace: bool = True) -> None:
    """Move a finished temporary file into place, with the permissions of a new file."""
    with temporary.held():
        os.chmod(tmp, 0o666 & ~_umask())
        if replace:
            os.replace(tmp, final)
        else:
            try:
                os.link(tmp, final)  # fails if `final` exists, as no exists-then-write check can
                os.unlink(tmp)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if os.path.lexists(final):
                    raise FileExistsError(errno.EEXIST, "exists", final) from None
                os.replace(tmp, final)
        temporary.forget(tmp)
        temporary.committed(final)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def excel_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells a spreadsheet would run as formulas, prefixed with ``'`` (shown as text)."""
    import polars as pl

    def safe(name: str) -> pl.Expr:
        col = column(name)
        risky = col.str.contains(FORMULA_START) & ~col.str.contains(PLAIN_NUMBER)
        return pl.when(risky).then(pl.lit("'") + col).otherwise(col).alias(name)

    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(safe(name) for name in text) if text else frame


def plain_decimals(frame: pl.DataFrame) -> pl.DataFrame:
    """Exact decimals (money, m2) as text the way people write them: a whole value whole
    (``1500000``, not ``1500000.00``), any other with its two places (``1500000.50``)."""
    import polars as pl

    decimals = [n for n, t in frame.schema.items() if isinstance(t, pl.Decimal)]
    if not decimals:
        return frame
    return frame.with_columns(
        column(n).cast(pl.String).str.strip_suffix(".00").alias(n) for n in decimals
    )


def write_json(df: pl.DataFrame, dest: str) -> None:
    """`df` as a JSON array of records whose numbers are JSON numbers: an exact decimal is
    written whole when it is (1500000), else with its decimals (1500000.5)."""
    import polars as pl

    decimals = [n for n, t in df.schema.items() if isinstance(t, pl.Decimal)]
    whole = all(
        df.select((column(n) == column(n).floor()).all()).item() is not False for n in decimals
    )
    if whole:  # the usual case
        df.with_columns(column(n).cast(pl.Int64) for n in decimals).write_json(dest)
        return

    def field(name: str) -> pl.Expr:
        """``"name":value`` of each row, as polars writes it in a record."""
        value = column(name)
        if name in decimals:  # its own digits (a float could round them), written as text
            value = value.cast(pl.String).str.replace(r"(\.[0-9]*?)0+$", "$1").str.strip_suffix(".")
        encoded = pl.struct(value.alias(name)).struct.json_encode()
        if name in decimals:  # then unquoted: a number
            encoded = encoded.str.replace(r'"(-?[0-9.]+)"}$', "$1}")
        return encoded.str.strip_prefix("{").str.strip_suffix("}")

    records = pl.concat_str(
        pl.lit("{"), pl.concat_str(*map(field, df.columns), separator=","), pl.lit("}")
    )
    text = df.select(records).to_series().str.join(",").item()
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write(f"[{text}]")


def _write_eager(df: pl.DataFrame, target: Target, dest: str, kind: str) -> None:
    suffix = f".{kind}"
    if suffix == ".json":
        write_json(df, dest)
    elif suffix == ".xlsx":
        xlsx.write_workbook(dest, [xlsx.Sheet(target.sheet, df, dict(target.formats))])
    elif suffix == ".csv":
        plain_decimals(df).write_csv(dest, include_bom=target.add_bom)
    else:
        df.write_parquet(dest)


class _Book:
    """An .xlsx target written a batch at a time (see `xlsx.Workbook`)."""

    def __init__(self, path: str, target: Target) -> None:
        self.book = xlsx.Workbook(path)
        self.book.add_sheet(target.sheet, dict(target.formats))

    def put(self, frame: pl.DataFrame) -> None:
        self.book.put(frame)

    def finish(self) -> None:
        self.book.close()

    def abandon(self) -> None:
        self.book.abandon()


class _Sink:
    """A polars sink (CSV or Parquet) in a thread of its own, fed one frame at a time.

    The frames become the batches of one lazy source (an IO plugin), so the file is written
    in one pass by polars' streaming engine: a Parquet file is not written as parts and then
    joined (which read and encoded every row twice). `put` returns once the sink has taken the
    frame, so no frame waits between the two threads.
    """

    _POLL_SECONDS = 0.1

    def __init__(
        self, path: str, kind: str, schema: pl.Schema, add_bom: bool, named: str = ""
    ) -> None:
        from polars.io.plugins import register_io_source

        self.schema = schema
        self._named = named or path  # the file as messages name it
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
            # a crash as an error, which every clean-up step (`temporary.quietly`) can pass by
            self._error = writer_crash(exc, self._named) or exc

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


def _own_names(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with each column held under an internal name (`columns.held_name`) given its own
    name back (`columns.user_name`), as every file written has it."""
    names = {c: user_name(c) for c in frame.columns if user_name(c) != c}
    return frame.rename(names) if names else frame


class BatchWriter:
    """Writes one target a batch at a time into a temporary file beside it.

    CSV and Parquet go through one polars sink fed batch by batch, XLSX through a workbook
    written batch by batch; JSON (small outputs by nature) is gathered and written at the end,
    as is any target with a `finish` step (such as a sort). Standard output is spooled to a temporary file and copied out on `commit`, so
    nothing is printed by a run that is then discarded.

    Frames come in mdpoverty's own column names: the input's row number (``__row__``), if
    there, is taken out (it only locates a cell in messages), and user columns get their names
    back. With `required` false, a target that received no row is not written at all (the
    rejects of a run that rejected nothing): a file of that name is left as it was.
    """

    def __init__(
        self,
        target: Target,
        finish: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
        required: bool = True,
    ):
        self.target = target
        self.finish = finish
        self.required = required
        self.final = None if target.path == "-" else target.path
        self.kind = "csv" if target.path == "-" else target.suffix.lstrip(".")
        self.frames: list[pl.DataFrame] = []
        self.sink: _Sink | None = None
        self.book: _Book | None = None
        self.rows = 0
        try:
            if self.final:
                self.tmp = temporary.file_beside(target.path)
            else:
                self.tmp = temporary.file_in_tmpdir("mdpoverty-stdout-", ".csv")
        except OSError as exc:
            raise io_failure(exc, target.path) or exc from None

    @property
    def written(self) -> bool:
        """Whether `commit` puts a file in place."""
        return self.required or self.rows > 0

    def write(self, frame: pl.DataFrame) -> None:
        rows = frame.get_column(ROW) if ROW in frame.columns else None
        if rows is not None:
            frame = frame.drop(ROW)
        if self.finish is None:  # a finish step reads the held names: renamed after it
            frame = _own_names(frame)
        if self.kind == "xlsx":
            self._check_fits_a_sheet(frame, rows)
        self.rows += frame.height
        if self.target.add_bom and self.kind == "csv" and self.finish is None:
            frame = excel_safe(frame)
        if self.finish is not None or self.kind == "json":
            self.frames.append(frame)
            return
        if self.kind == "csv":
            frame = plain_decimals(frame)
        try:
            if self.kind == "xlsx":
                if self.book is None:
                    self.book = _Book(self.tmp, self.target)
                self.book.put(frame)
                return
            if self.sink is None:
                self.sink = _Sink(
                    self.tmp, self.kind, frame.schema, self.target.add_bom, self._named
                )
            elif frame.schema != self.sink.schema:
                frame = frame.cast(dict(self.sink.schema))  # type: ignore[arg-type]
            self.sink.put(frame)
        except Exception as exc:
            raise io_failure(exc, self._named) or exc from None
        except BaseException as exc:  # PanicException is not an Exception
            raise writer_crash(exc, self._named) or exc from None

    @property
    def _named(self) -> str:
        return self.target.path if self.final else "<standard output>"

    def _check_fits_a_sheet(self, frame: pl.DataFrame, rows: pl.Series | None) -> None:
        headers = frame.columns if self.rows == 0 else ()
        check_fits_a_sheet(frame, self.target.path, self.rows, 2, headers, rows)

    def close(self) -> None:
        import polars as pl

        try:
            if self.sink is not None:
                self.sink.finish()
            if self.book is not None:
                self.book.finish()
            if self.frames:
                frame = pl.concat(self.frames, how="vertical_relaxed")
                self.frames = []
                if self.finish is not None:
                    frame = _own_names(self.finish(frame))
                    if self.target.add_bom and self.kind == "csv":
                        frame = excel_safe(frame)
                _write_eager(frame, self.target, self.tmp, self.kind)
        except Exception as exc:
            raise io_failure(exc, self._named) or exc from None
        except BaseException as exc:  # PanicException is not an Exception
            raise writer_crash(exc, self._named) or exc from None

    def commit(self) -> None:
        """Move the finished file into place with the command's other outputs
        (`temporary.outputs_together`), or now if none gathers them; copy standard output's
        now (what the command prints after it comes after it)."""
        if not self.written:
            self.discard()
            return
        if self.final is not None and temporary.defer(self._place, self.discard):
            return
        self._place()

    def _place(self) -> None:
        try:
            if self.final is None:
                with open(self.tmp, "rb") as src:
                    shutil.copyfileobj(src, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                temporary.remove(self.tmp)
                return
            _publish(self.tmp, self.final)
        except OSError as exc:
            raise io_failure(exc, self._named) or exc from None

    def discard(self) -> None:
        """Throw the unfinished file away. It never raises: it runs after a failure (a full
        disk fails the closing too), and the failure is what the user must be told."""
        sink, book = self.sink, self.book
        temporary.quietly(
            *([sink.abandon] if sink is not None else []),
            *([book.abandon] if book is not None else []),
            lambda: temporary.remove(self.tmp),
        )


def commit_all(writers: list[BatchWriter]) -> None:
    """Move every finished output into place; a signal waits until all are."""
    with temporary.held():
        try:
            for writer in writers:
                writer.commit()
        except BaseException:
            # those moved into place already have nothing left to remove
            temporary.quietly(*(writer.discard for writer in writers))
            raise


def check_fits_a_sheet(
    frame: pl.DataFrame,
    path: str,
    written: int = 0,
    first_row: int = 2,
    headers: Sequence[str] = (),
    rows: pl.Series | None = None,
    shown: Mapping[str, str] | None = None,
    instead: tuple[str, ...] = (".csv", ".parquet"),
) -> None:
    """Refuse, as soon as it is known, what an .xlsx sheet cannot hold (never cut it): `frame`
    goes below `written` rows whose first is the sheet's row `first_row`; `headers` are the
    texts above them (titles, the header); `rows` the input's row numbers, cited if given;
    `shown` the header a column has in the sheet, when not its name; `instead` the formats the
    message advises (those the command writes)."""
    other = " or ".join(instead)
    import polars as pl

    if frame.width > XLSX_MAX_COLUMNS:
        raise OutputError(
            f"{frame.width:,} columns: an .xlsx sheet holds at most {XLSX_MAX_COLUMNS:,};"
            f" write {other}",
            file=path,
            key="output.xlsx_too_many_columns",
            params={"columns": frame.width, "limit": XLSX_MAX_COLUMNS, "instead": instead},
        )
    if first_row - 2 + written + frame.height > XLSX_MAX_ROWS:  # below the header row
        raise OutputError(
            f"more than {XLSX_MAX_ROWS:,} rows: an .xlsx sheet holds no more; write {other}",
            file=path,
            key="output.xlsx_too_many_rows",
            params={"limit": XLSX_MAX_ROWS, "instead": instead},
        )
    for name in headers:
        if len(name) > XLSX_MAX_CELL:
            raise OutputError(
                f"a header of {len(name):,} characters: an .xlsx cell holds at most"
                f" {XLSX_MAX_CELL:,}; write {other}",
                file=path,
                key="output.xlsx_long_header",
                params={"length": len(name), "limit": XLSX_MAX_CELL, "instead": instead},
            )
    text = [n for n, t in frame.schema.items() if t == pl.String]
    if not text:
        return
    longest = frame.select(column(n).str.len_chars().max() for n in text).row(0)
    for name, length in zip(text, longest, strict=True):
        if length is not None and length > XLSX_MAX_CELL:
            at = (
                frame.get_column(name)
                .alias("cells")
                .str.len_chars()
                .gt(XLSX_MAX_CELL)
                .arg_true()[0]
            )
            where = "" if rows is not None else f" (in the sheet's row {first_row + written + at})"
            raise OutputError(
                f"a text of {length:,} characters{where}: an .xlsx cell holds at most"
                f" {XLSX_MAX_CELL:,} (Excel would cut it); write {other}",
                file=path,
                row=None if rows is None else int(rows[at]),
                column=(shown or {}).get(name, name),
                key="output.xlsx_long_text",
                params={
                    "length": length,
                    "limit": XLSX_MAX_CELL,
                    "instead": instead,
                    "sheet_row": None if rows is not None else first_row + written + at,
                },
            )
