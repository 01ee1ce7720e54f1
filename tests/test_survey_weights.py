"""Sampling weights as survey programs write them (Stata, R, pandas): any float64's shortest
text, read exactly as written and summed exactly, from CSV and from a float64 Parquet column."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.run.validation import (
    WEIGHT_EXPONENT,
    WEIGHT_MANTISSA,
    _parse_weights,
    weight_amount,
)

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


# -0.0 among them: its text -0.0 is a weight of 0
weights = st.floats(min_value=0, max_value=1e299, allow_nan=False, allow_infinity=False)
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


@pytest.mark.parametrize(
    "written",
    [
        "\uff15",  # full-width 5
        "\u0663",  # Arabic-Indic 3
        "1e\u0663",  # an Arabic-Indic digit in the exponent: was a crash (exit 1)
        "1.\uff15",
        "\u0967",  # Devanagari 1
        "-1",
        "-0.5",
        "+1",
        "-",
        "--0",
    ],
)
def test_a_weight_of_other_digits_or_a_sign_is_rejected_never_a_weight_of_0(tmp_path, written):
    path = write_csv(tmp_path / "w.csv", [("1100", written), ("0000", "1")])
    data = measure(path, code=3)
    assert data["accounting"]["reject_reasons"] == {"w:not_a_weight": 1}
    assert data["accounting"]["rows_read"] == 2 and data["accounting"]["measured"] == 1
    assert exact(data["results"][0])["population"] == 1


@pytest.mark.parametrize("written", ["-0", "-0.0", "-.0", "-0e5", "0"])
def test_minus_zero_is_a_weight_of_zero(tmp_path, written):
    path = write_csv(tmp_path / "w.csv", [("1100", written), ("0000", "2")])
    data = measure(path)
    assert data["accounting"]["rejected"] == 0
    assert exact(data["results"][0]) == {"population": 2, "H": 0, "A": None, "M0": 0}


@pytest.mark.parametrize("dtype", [pl.Float16, pl.Float32, pl.Float64])
def test_a_float_column_is_its_own_types_shortest_text(tmp_path, dtype):
    # a Float16 0.1 was summed as 0.099975586 (its Float32's text); -0.0 was not_a_weight
    path = tmp_path / "w.parquet"
    pl.DataFrame(
        {"i1": [1, 0, 1], "i2": [1, 0, 1], "i3": [0, 0, 0], "i4": [0, 0, 0]}
        | {"w": pl.Series([0.1, 0.3, -0.0], dtype=dtype)}
    ).write_parquet(path)
    data = measure(path)
    assert data["accounting"]["rejected"] == 0
    assert exact(data["results"][0])["population"] == Fraction(4, 10)
    assert exact(data["results"][0])["H"] == Fraction(1, 4)


def test_a_float16_nan_or_infinity_is_no_weight(tmp_path):
    path = tmp_path / "w.parquet"
    pl.DataFrame(
        {"i1": [1, 0, 1], "i2": [1, 0, 1], "i3": [0, 0, 0], "i4": [0, 0, 0]}
        | {"w": pl.Series([float("nan"), float("inf"), 65504.0], dtype=pl.Float16)}
    ).write_parquet(path)
    data = measure(path, code=3)
    assert data["accounting"]["reject_reasons"] == {"w:not_a_weight": 2}
    assert exact(data["results"][0])["population"] == 65500  # 6.55e+04, its shortest text


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("0123456789.,eE+-\uff10\uff15\u0663\u0967\U0001d7d9 "),
        max_size=12,
    )
)
def test_a_parsed_weight_is_whole_or_null_and_its_text_exactly(text):
    # fail closed: never a struct with a null field (that was a weight of 0, silently)
    (value,) = _parse_weights(pl.Series([text.strip()], dtype=pl.String)).to_list()
    if value is None:
        return
    assert value[WEIGHT_MANTISSA] is not None and value[WEIGHT_EXPONENT] is not None
    assert text.strip().isascii()
    assert weight_amount(value[WEIGHT_MANTISSA], value[WEIGHT_EXPONENT]) == Fraction(
        text.strip().replace(",", ".")
    )


def people(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "p.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["i1", "i2", "i3", "i4", "household_size", "w"])
        for pattern, size, weight in rows:
            out.writerow([*pattern, size, weight])
    return path


def test_people_times_weight_stay_under_10_to_the_300(tmp_path):
    # 10**15 people x 9.99e299 was an OverflowError converting the population (exit 1)
    big = "999999999999999"
    path = people(
        tmp_path, [("1100", big, "9.99e299"), ("1100", big, "9.99e284"), ("0000", "1", "1")]
    )
    data = measure(path, "--count", "people", code=3)
    assert data["accounting"]["reject_reasons"] == {"w:not_a_weight": 1}
    want = int(big) * Fraction("9.99e284")
    assert exact(data["results"][0])["population"] == want + 1
    assert data["results"][0]["population"] == float(want + 1)
    # counting households, the same weight is one
    data = measure(path, code=0)
    assert (
        exact(data["results"][0])["population"] == Fraction("9.99e299") + Fraction("9.99e284") + 1
    )


def test_people_times_weight_summed_over_many_rows_never_wrap(tmp_path):
    # 200,000 rows of 10**15 people x a weight of 18 digits, all one deprivation pattern, pass
    # Int128's 1.7 x 10**38: the population was -1.4e38 (exit 0)
    size, weight, n = 999999999999999, 999999999999999999, 200_000
    path = tmp_path / "p.parquet"
    poor = [1] * n + [0]
    pl.DataFrame(
        {"i1": poor, "i2": poor, "i3": [0] * (n + 1), "i4": [0] * (n + 1)}
        | {"household_size": [size] * n + [1], "w": pl.Series([weight] * n + [1], dtype=pl.Int64)}
    ).write_parquet(path)
    data = measure(path, "--count", "people")
    big = n * size * weight
    result = exact(data["results"][0])
    assert result["population"] == big + 1
    assert result["H"] == Fraction(big, big + 1) and result["M0"] == Fraction(big, 2 * (big + 1))
    headcount = data["results"][0]["uncensored_headcount_exact"]
    assert {k: Fraction(v) for k, v in headcount.items()} == {
        "i1": Fraction(big, big + 1), "i2": Fraction(big, big + 1), "i3": 0, "i4": 0
    }  # fmt: skip
