"""Writing result tables atomically: to a temporary file beside the target, then moved into place.

CSV and Parquet are streamed with polars sinks (memory stays flat); JSON and XLSX are built in
memory. Everything asked for in one call is computed in one polars pass (`collect_all`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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


def _write_eager(df: pl.DataFrame, target: Target, dest: str | None) -> None:
    if target.path == "-":
        out = sys.stdout.buffer
        if target.add_bom:
            out.write("\ufeff".encode())
        df.write_csv(out)
        out.flush()
        return
    assert dest is not None
    if target.suffix == ".json":
        df.write_json(dest)
    elif target.suffix == ".xlsx":
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            raise OutputError(
                "writing .xlsx needs the xlsxwriter package", file=target.path
            ) from None
        df.write_excel(dest, autofit=True)
    elif target.suffix == ".csv":
        df.write_csv(dest, include_bom=target.add_bom)
    else:
        df.write_parquet(dest)


def write_all(
    jobs: list[tuple[pl.LazyFrame, Target]], extras: list[pl.LazyFrame]
) -> list[pl.DataFrame]:
    """Write each (frame, target) and return the collected `extras`, all in one pass."""
    import polars as pl

    temps: dict[int, str] = {}
    lazies: list[pl.LazyFrame] = []
    eager_jobs: list[int] = []
    try:
        for i, (lf, target) in enumerate(jobs):
            if target.path != "-":
                temps[i] = _temp_beside(target.path)
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
            _write_eager(results[i], jobs[i][1], temps.get(i))
        for i, tmp in temps.items():
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, jobs[i][1].path)
    except BaseException:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    return list(results[len(lazies) :])
