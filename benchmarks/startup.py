"""What starting a command costs: Python, polars, the design card's libraries, mdpoverty.

Each command runs `--repeat` times in a process of its own, alternating, and the median and least
wall time are printed as a Markdown table. The 100-household file is the first 100 rows of the
bundled example, so `classify` and the bare pipeline do almost no work and what is left is their
start-up: the part of the ratio at 1M households that no speed of the engine removes.

    python benchmarks/startup.py
    python benchmarks/startup.py --repeat 21
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "households.csv"
AS_OF = "2024-12-31"
LIBRARIES = "import polars, pydantic, typer, yaml, rich.console, rich.table"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args(argv)
    exe = shutil.which("mdpoverty")
    if exe is None:
        raise SystemExit("install mdpoverty first (pip install .)")
    out = Path(tempfile.mkdtemp(prefix="mdpoverty-startup-"))
    small = out / "hh_100.csv"
    with EXAMPLE.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
        dst.writelines(line for _, line in zip(range(101), src, strict=False))
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import polars'": [py, "-c", "import polars"],
        f"python -c '{LIBRARIES}'": [py, "-c", LIBRARIES],
        "bare pipeline, 100 households": [
            py, str(HERE / "bare_pipeline.py"), str(small), str(out / "bare.csv"),
        ],
        "mdpoverty --help": [exe, "--help"],
        "mdpoverty standards list": [exe, "standards", "list"],
        "mdpoverty classify, 100 households": [
            exe, "classify", str(small), "-o", str(out / "c.csv"), "--as-of", AS_OF,
        ],
    }  # fmt: skip
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            walls[name].append(time.perf_counter() - start)
    print(f"{args.repeat} runs of each, alternating")
    print("| command | median wall s | least wall s |\n|---|---:|---:|")
    for name, times in walls.items():
        print(f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} |")
    shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
