"""Writing result tables atomically: to a temporary file beside the target, then moved into place.

CSV and Parquet are written batch by batch (memory stays flat); JSON and XLSX are built in
memory, so they suit small outputs (a province's changes, a report), not national files.
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


def _write_eager(df: pl.DataFrame, target: Target, dest: str, kind: str) -> None:
    suffix = f".{kind}"
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
            _write_eager(frame, self.target, self.tmp, self.kind)

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
