"""Sampling weights as survey programs write them (Stata, R, pandas): any float64's shortest
text, read exactly as written and summed exactly, from CSV and from a float64 Parquet column."""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()
FOUR = Path(__file__).parent / "standards" / "af-four-indicators.yaml"  # weights 1/4, k = 1/2


def measure(path: Path, *args: str, code: int = 0) -> dict:
    result = runner.invoke(
        app, ["measures", str(path), "-s", str(FOUR), "--weight", "w", "--format", "json", *args]
    )
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)


def expected(rows: list[tuple[str, Fraction]]) -> dict[str, Fraction | None]:
    """H, A and M0 computed here, row by row, in fractions (k = 1/2, four weights of 1/4)."""
    total = sum((w for _, w in rows), Fraction(0))
    scores = [(Fraction(p.count("1"), 4), w) for p, w in rows]
    poor = sum((w for s, w in scores if s >= Fraction(1, 2)), Fraction(0))
    intensity = sum((w * s for s, w in scores if s >= Fraction(1, 2)), Fraction(0))
    return {
        "population": total,
        "H": poor / total if total else None,
        "A": intensity / poor if poor else None,
        "M0": intensity / total if total else None,
    }


def exact(result: dict) -> dict[str, Fraction | None]:
    return {
        name: None if result[f"{name}_exact"] is None else Fraction(result[f"{name}_exact"])
        for name in ("population", "H", "A", "M0")
    }


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["i1", "i2", "i3", "i4", "w"])
        for pattern, weight in rows:
            out.writerow([*pattern, weight])
    return path


weights = st.floats(min_value=0, max_value=1e299, allow_nan=False, allow_infinity=False).filter(
    lambda x: math.copysign(1, x) > 0  # -0.0 is no weight a survey writes
)
patterns = st.sampled_from([format(i, "04b") for i in range(16)])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(patterns, weights), min_size=1, max_size=12))
def test_float_weights_as_python_writes_them_are_summed_exactly(tmp_path, rows):
    # repr is the shortest text that reads back as the float, as Stata, R and pandas write it
    want = expected([(p, Fraction(repr(w))) for p, w in rows])
    text = write_csv(tmp_path / "w.csv", [(p, repr(w)) for p, w in rows])
    assert exact(measure(text)["results"][0]) == want
    # a float64 Parquet column is taken as each value's shortest text: the same figures
    typed = tmp_path / "w.parquet"
    frame = pl.DataFrame(
        {f"i{i + 1}": [int(p[i]) for p, _ in rows] for i in range(4)}
        | {"w": pl.Series([w for _, w in rows], dtype=pl.Float64)}
    )
    frame.write_parquet(typed)
    assert exact(measure(typed)["results"][0]) == want


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("523.4321899414062", Fraction("523.4321899414062")),  # Stata's float weights
        ("0.6666666666666666", Fraction("0.6666666666666666")),
        ("1e-12", Fraction(1, 10**12)),
        ("5.2E+02", Fraction(520)),
        (".5", Fraction(1, 2)),  # Stata writes no 0 before the point
        ("1,5", Fraction(3, 2)),  # a decimal comma
        ("1500.000", Fraction(1500)),  # a point is a decimal mark in a weight
        ("0.000000000000000000000000000001", Fraction(1, 10**30)),
        ("123456789012345678", Fraction(123456789012345678)),  # 18 significant digits
        (" 2 ", Fraction(2)),
        ("0e5", Fraction(0)),
    ],
)
def test_a_weight_is_read_exactly_as_written(tmp_path, written, value):
    path = write_csv(tmp_path / "w.csv", [("1100", written), ("0000", "1")])
    whole = exact(measure(path)["results"][0])
    assert whole["population"] == value + 1
    assert whole["H"] == value / (value + 1)


def test_a_typed_parquet_weight_of_1e_12_is_a_weight_not_a_rejection(tmp_path):
    path = tmp_path / "w.parquet"
    pl.DataFrame(
        {"i1": [1, 0], "i2": [1, 0], "i3": [0, 0], "i4": [0, 0], "w": [1e-12, 523.4321899414062]}
    ).write_parquet(path)
    data = measure(path)
    assert data["accounting"]["rejected"] == 0
    total = Fraction(1, 10**12) + Fraction("523.4321899414062")
    assert Fraction(data["results"][0]["H_exact"]) == Fraction(1, 10**12) / total


def test_a_bad_weight_is_told_as_a_weight_in_the_rejects(tmp_path):
    path = write_csv(tmp_path / "w.csv", [("1100", "abc"), ("1100", "-2"), ("0000", "1")])
    rejects = tmp_path / "rejects.csv"
    data = measure(path, "--rejects", str(rejects), code=3)
    assert data["accounting"]["reject_reasons"] == {"w:not_a_weight": 2}
    with rejects.open(encoding="utf-8") as f:
        described = [row["error_description"] for row in csv.DictReader(f)]
    assert described and all("not a sampling weight" in d for d in described)
    assert not any("2 decimals" in d or "thousands" in d for d in described)
