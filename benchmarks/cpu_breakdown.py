"""Where `mdpoverty classify` spends its CPU, step by step, next to the bare pipeline.

Runs in one process with polars limited to one thread (set before polars is imported), so the
CPU seconds of the steps add up instead of overlapping on two cores. Each step is cumulative and
runs `--repeat` times; the least CPU time is kept. Prints a Markdown table.

    python benchmarks/cpu_breakdown.py benchmarks/data/hh_1000000.csv
    python benchmarks/cpu_breakdown.py benchmarks/data/hh_1000000.parquet --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a households file (.csv or .parquet)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["POLARS_MAX_THREADS"] = "1"
    from mdpoverty.cli.app import ENVIRONMENT

    for name, value in ENVIRONMENT.items():  # the settings the CLI runs with
        os.environ.setdefault(name, value)

    import polars as pl

    sys.path.insert(0, str(HERE))
    import bare_pipeline

    from mdpoverty import batches, runner
    from mdpoverty.engine.classifier import classify, compile_standard, output_names
    from mdpoverty.io.readers import read_table
    from mdpoverty.io.writers import BatchWriter, Target
    from mdpoverty.run.pipeline import classify_table
    from mdpoverty.standard.loader import national_in_force

    src = args.input
    standards = [compile_standard(national_in_force(dt.date(2024, 12, 31)))]
    names = output_names(standards[0].id, False)
    typed = runner._typed_columns(standards)
    out = tempfile.mkdtemp(prefix="mdpoverty-breakdown-")

    def table():
        return read_table(src, encoding="utf-8", sheet=None, mapping=None)

    def drain(derive: runner.Derive | None, validated: bool = True) -> Callable[[], None]:
        def run() -> None:
            t = table()
            if not validated:
                for _ in batches.rows(t, typed).collect_batches(chunk_size=batches.BATCH_ROWS):
                    pass
                return
            work = runner.plan(t, standards, None, derive, nfc_in_plan=False)
            for _ in batches.stream(t, work.checked, typed):
                pass

        return run

    def derive(lf: pl.LazyFrame) -> pl.LazyFrame:
        return classify(lf, standards[0], names=names)

    def whole(write: bool) -> Callable[[], None]:
        def run() -> None:
            original = BatchWriter.write
            if not write:
                BatchWriter.write = lambda self, frame: None  # type: ignore[method-assign]
            try:
                classify_table(table(), standards, Target(f"{out}/o.csv"), Target(f"{out}/r.csv"))
            finally:
                BatchWriter.write = original  # type: ignore[method-assign]

        return run

    def bare(sink: bool) -> Callable[[], None]:
        def run() -> None:
            original = pl.LazyFrame.sink_csv
            if not sink:
                pl.LazyFrame.sink_csv = lambda self, *a, **k: self.collect(engine="streaming")  # type: ignore[method-assign]
            try:
                bare_pipeline.main(src, f"{out}/bare.csv")
            finally:
                pl.LazyFrame.sink_csv = original  # type: ignore[method-assign]

        return run

    steps = [
        ("scan (integer and true/false columns typed)", drain(None, validated=False)),
        ("+ validation with reasons", drain(None)),
        ("+ classification", drain(derive)),
        ("+ NFC, split, counts, id hashes, duplicate check (no writing)", whole(write=False)),
        ("+ writing the CSV output: `mdpoverty classify` in-process", whole(write=True)),
        ("bare pipeline without its sink (scan, 12 indicators, class)", bare(sink=False)),
        ("bare pipeline (scan, 12 indicators, class, sink CSV)", bare(sink=True)),
    ]
    best = {label: float("inf") for label, _ in steps}
    for _ in range(args.repeat):
        for label, step in steps:
            start = time.process_time()
            step()
            best[label] = min(best[label], time.process_time() - start)
    print(f"input: {src}; POLARS_MAX_THREADS=1; least CPU of {args.repeat} runs")
    print("| step (cumulative) | CPU s |\n|---|---:|")
    for label, _ in steps:
        print(f"| {label} | {best[label]:.2f} |")


if __name__ == "__main__":
    main()
