"""No internal column name (`__mark__employment`, `__row__`...) reaches any output of any command
run on a list of deprivation marks: screen, JSON, CSV, XLSX, Parquet, rejects and changes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .reference import ORDER

runner = CliRunner()
IDENTITY = ["household_id", "area", "household_size", "income_per_capita_month"]
AS_OF = ["--as-of", "2024-12-31"]
ALT = ["--alt", "quangninh-2023-2025"]


@pytest.fixture
def marks(tmp_path: Path) -> Path:
    """Three households of marks, one rejected (its income is no number)."""
    path = tmp_path / "ds.csv"
    rows = [
        ["A", "rural", 4, 1_500_000, {"employment", "water", "sanitation"}],
        ["B", "rural", 4, 1_500_000, set()],
        ["C", "urban", 4, 3_000_000, {"employment", "dependents", "nutrition"}],
        ["D", "urban", 4, "lots", {"water"}],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*IDENTITY, *(f"deprived_{i}" for i in ORDER)])
        for *head, marked in rows:
            w.writerow([*head, *("x" if i in marked else "" for i in ORDER)])
    return path


def _file_text(path: Path) -> str:
    """Every header and cell of an output file, as text."""
    if path.suffix == ".xlsx":
        sheets = pl.read_excel(path, sheet_id=0, has_header=False, infer_schema_length=0)
        return "\n".join(f"{name}\n{df.write_csv()}" for name, df in sheets.items())
    if path.suffix == ".parquet":
        df = pl.read_parquet(path)
        return ",".join(df.columns) + "\n" + df.cast(pl.String, strict=False).write_csv()
    return path.read_text(encoding="utf-8")


def _clean(out, files: list[Path]) -> None:
    assert out.exit_code in (0, 3), out.stderr
    for where, text in [("stdout", out.stdout), ("stderr", out.stderr)] + [
        (str(f), _file_text(f)) for f in files if f.exists()
    ]:
        assert "__" not in text, (where, [line for line in text.splitlines() if "__" in line])


@pytest.mark.parametrize("ext", ["csv", "json", "xlsx", "parquet"])
def test_classify(marks, tmp_path, ext):
    out_file, rejects = tmp_path / f"out.{ext}", tmp_path / f"rej.{ext}"
    args = ["classify", marks, "-o", out_file, "--rejects", rejects, *AS_OF]
    out = runner.invoke(app, [str(a) for a in args])
    assert out_file.exists()
    _clean(out, [out_file, rejects])


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_compare_on_screen(marks, tmp_path, fmt):
    changes = tmp_path / "changes.csv"
    args = ["compare", marks, "--format", fmt, "--changes", changes, *ALT, *AS_OF]
    out = runner.invoke(app, [str(a) for a in args])
    _clean(out, [changes, *tmp_path.glob("*rejects*")])


@pytest.mark.parametrize("ext", ["txt", "json", "csv", "xlsx"])
def test_compare_to_file(marks, tmp_path, ext):
    report, changes = tmp_path / f"cmp.{ext}", tmp_path / "changes.xlsx"
    args = ["compare", marks, "-o", report, "--changes", changes, *ALT, *AS_OF]
    out = runner.invoke(app, [str(a) for a in args])
    _clean(out, [report, changes, *tmp_path.glob("*rejects*")])


@pytest.mark.parametrize("ext", [None, "txt", "json", "csv", "xlsx"])
def test_report(marks, tmp_path, ext):
    files = [] if ext is None else [tmp_path / f"rep.{ext}"]
    args = ["report", marks, *(["-o", files[0]] if files else []), *AS_OF]
    out = runner.invoke(app, [str(a) for a in args])
    _clean(out, [*files, *tmp_path.glob("*rejects*")])


def test_report_with_a_previous_list(marks, tmp_path):
    previous = tmp_path / "prev.csv"
    first = runner.invoke(app, ["classify", str(marks), "-o", str(previous), *AS_OF])
    assert first.exit_code == 3, first.stderr
    out = runner.invoke(app, ["report", str(marks), "--previous", str(previous), *AS_OF])
    _clean(out, list(tmp_path.glob("*rejects*")))


@pytest.mark.parametrize("ext", [None, "json", "csv", "xlsx"])
def test_measures(marks, tmp_path, ext):
    files = [] if ext is None else [tmp_path / f"m.{ext}"]
    args = ["measures", marks, "--k", "1/3", *(["-o", files[0]] if files else []), *AS_OF]
    out = runner.invoke(app, [str(a) for a in args])
    _clean(out, [*files, *tmp_path.glob("*rejects*")])


@pytest.mark.parametrize("json_out", [False, True])
@pytest.mark.parametrize("hid", ["A", "D"])
def test_explain(marks, json_out, hid):
    args = ["explain", str(marks), "--id", hid, *AS_OF, *(["--json"] if json_out else [])]
    out = runner.invoke(app, args)
    _clean(out, [])
    if json_out and hid == "A":
        (household,) = json.loads(out.stdout)
        employment = household["indicators"][0]
        assert employment["id"] == "employment"
        assert employment["values"] == {"deprived_employment": True}
        assert "deprived_employment" in household["terms"]
