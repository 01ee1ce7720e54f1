"""Writing result tables atomically: to a temporary file beside the target, then moved into place.

CSV and Parquet are streamed with polars sinks (memory stays flat); JSON and XLSX are built in
memory. Everything asked for in one call is computed in one polars pass (`collect_all`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    import polars as pl

STREAMED = {".csv", ".parquet"}
IN_MEMORY = {".json", ".xlsx"}
FORMATS = STREAMED | IN_MEMORY


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


def _write_eager(
    df: pl.DataFrame, target: Target, dest: str | None, kind: str | None = None
) -> None:
    suffix = f".{kind}" if kind else target.suffix
    if target.path == "-":
        out = sys.stdout.buffer
        if target.add_bom:
            out.write("\ufeff".encode())
        df.write_csv(out)
        out.flush()
        return
    assert dest is not None
    if suffix == ".json":
        df.write_json(dest)
    elif suffix == ".xlsx":
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            raise OutputError(
                "writing .xlsx needs the xlsxwriter package", file=target.path
            ) from None
        df.write_excel(dest, autofit=True)
    elif suffix == ".csv":
        df.write_csv(dest, include_bom=target.add_bom)
    else:
        df.write_parquet(dest)


class BatchWriter:
    """Writes one target a batch at a time into a temporary file beside it.

    CSV is appended batch by batch; Parquet batches become parts joined by a streaming pass at
    the end; JSON and XLSX (small outputs by nature) are gathered and written at the end, as is
    any target with a `finish` step (such as a sort). Standard output is spooled to a temporary
    file and copied out on `commit`, so nothing is printed by a run that is then discarded.
    """

    def __init__(
        self, target: Target, finish: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    ):
        self.target = target
        self.finish = finish
        self.final = None if target.path == "-" else target.path
        self.tmp = _temp_beside(target.path) if self.final else _spool()
        self.kind = "csv" if target.path == "-" else target.suffix.lstrip(".")
        self.parts: list[str] = []
        self.frames: list[pl.DataFrame] = []
        self.fh: IO[bytes] | None = None

    def write(self, frame: pl.DataFrame) -> None:
        if self.finish is not None or self.kind in ("json", "xlsx"):
            self.frames.append(frame)
        elif self.kind == "parquet":
            if frame.height or not self.parts:
                part = f"{self.tmp}.{len(self.parts)}.parquet"
                frame.write_parquet(part)
                self.parts.append(part)
        else:
            if self.fh is None:
                self.fh = open(self.tmp, "wb")  # noqa: SIM115
                if self.target.add_bom:
                    self.fh.write("\ufeff".encode())
                frame.write_csv(self.fh)
            else:
                frame.write_csv(self.fh, include_header=False)

    def close(self) -> None:
        import polars as pl

        if self.fh is not None:
            self.fh.close()
        if self.parts:
            pl.scan_parquet(self.parts).sink_parquet(self.tmp)
            self._remove_parts()
        if self.frames:
            frame = pl.concat(self.frames, how="vertical_relaxed")
            self.frames = []
            if self.finish is not None:
                frame = self.finish(frame)
            _write_eager(frame, Target(self.tmp, self.target.add_bom), self.tmp, self.kind)

    def _remove_parts(self) -> None:
        for part in self.parts:
            Path(part).unlink(missing_ok=True)
        self.parts = []

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
        if self.fh is not None:
            self.fh.close()
        self._remove_parts()
        Path(self.tmp).unlink(missing_ok=True)


def _spool() -> str:
    fd, tmp = tempfile.mkstemp(prefix="mdpoverty-stdout-", suffix=".csv")
    os.close(fd)
    return tmp


@dataclass
class Pending:
    """Outputs written to temporary files (and stdout held back) until `commit`."""

    moves: list[tuple[str, str]]  # (temporary, final)
    stdout: list[tuple[pl.DataFrame, Target]]

    def commit(self) -> None:
        for df, target in self.stdout:
            _write_eager(df, target, None)
        for tmp, final in self.moves:
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, final)

    def discard(self) -> None:
        for tmp, _ in self.moves:
            Path(tmp).unlink(missing_ok=True)


def write_all(
    jobs: list[tuple[pl.LazyFrame, Target]], extras: list[pl.LazyFrame]
) -> tuple[list[pl.DataFrame], Pending]:
    """Write each (frame, target) to a temporary file and collect `extras`, in one pass.

    Nothing reaches its final place before the returned `Pending` is committed.
    """
    import polars as pl

    temps: dict[int, str] = {}
    lazies: list[pl.LazyFrame] = []
    eager_jobs: list[int] = []
    pending = Pending([], [])
    try:
        for i, (lf, target) in enumerate(jobs):
            if target.path != "-":
                temps[i] = _temp_beside(target.path)
                pending.moves.append((temps[i], target.path))
            if target.path != "-" and target.suffix in STREAMED:
                if target.suffix == ".csv":
                    lazies.append(
                        lf.sink_csv(temps[i], include_bom=target.add_bom, lazy=True)  # type: ignore[arg-type]
                    )
                else:
                    lazies.append(lf.sink_parquet(temps[i], lazy=True))  # type: ignore[arg-type]
            else:
                eager_jobs.append(i)
                lazies.append(lf)
        results = pl.collect_all([*lazies, *extras], engine="streaming")
        for i in eager_jobs:
            if jobs[i][1].path == "-":
                pending.stdout.append((results[i], jobs[i][1]))
            else:
                _write_eager(results[i], jobs[i][1], temps[i])
    except BaseException:
        pending.discard()
        raise
    return list(results[len(lazies) :]), pending
