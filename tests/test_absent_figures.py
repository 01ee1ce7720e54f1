"""A figure of a class a standard cannot give (the average band of Quảng Ninh's standard, which
has none) is not applicable: '—' on screen, an empty cell in the tidy CSV and the workbook, null
in JSON; never 0, which reads as 'no household is in that band'."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()
PAIR = ("--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", "--as-of", "2024-12-31")


def households(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=[*BASE, "w"])
        out.writeheader()
        # one household in the national average band (above the near-poor line), one poor
        out.writerow({**BASE, "household_id": "H1", "income_per_capita_month": 2_200_000, "w": 2})
        out.writerow({**BASE, "household_id": "H2", "w": "0.5"})
    return path


def compare(src: Path, *args: object) -> str:
    result = runner.invoke(app, ["compare", str(src), *PAIR, "--by", "district", *map(str, args)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("weighted", [False, True])
def test_an_absent_class_is_an_empty_cell_in_the_tidy_csv(tmp_path, weighted):
    src = households(tmp_path / "h.csv")
    out = tmp_path / "c.csv"
    compare(src, "-o", out, *(("--weight", "w") if weighted else ()))
    prefix = "weighted_" if weighted else ""
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    totals = {r["item"]: r for r in rows if r["section"] == f"{prefix}totals"}
    assert totals["average"]["base"] == ("2" if weighted else "1")
    assert totals["average"]["alt"] == ""
    assert totals["poor"]["alt"] != ""
    matrix = {
        (r["base_class"], r["alt_class"]): r["households"]
        for r in rows
        if r["section"] == f"{prefix}matrix"
    }
    assert all(matrix[(b, "average")] == "" for b in ("poor", "near_poor", "average", "not_poor"))
    assert matrix[("average", "not_poor")] == ("2" if weighted else "1")
    groups = [r for r in rows if r["section"] == f"{prefix}breakdown"]
    assert groups and all(r["alt"] == "" for r in groups if r["item"] == "average")
    assert all(r["base"] != "" for r in groups)


@pytest.mark.parametrize("weighted", [False, True])
def test_an_absent_class_is_null_in_json(tmp_path, weighted):
    src = households(tmp_path / "h.csv")
    data = json.loads(compare(src, "--format", "json", *(("--weight", "w") if weighted else ())))
    part = data["weighted"] if weighted else data
    assert part["totals"]["average"]["alt"] is None
    assert part["totals"]["average"]["base"] == (2 if weighted else 1)
    assert part["totals"]["poor"]["alt"] is not None
    assert all(row["average"] is None for row in part["matrix"].values())
    assert part["matrix"]["average"]["not_poor"] == (2 if weighted else 1)
    for g in part["breakdowns"]["district"]:
        assert g["alt"]["average"] is None and g["base"]["average"] is not None
    if weighted:
        assert part["totals"]["average"]["alt_share_exact"] is None
        assert all(row["average_exact"] is None for row in part["matrix"].values())


def test_an_absent_class_has_no_difference_on_screen_or_in_the_workbook(tmp_path):
    src = households(tmp_path / "h.csv")
    screen = compare(src)
    line = next(x for x in screen.splitlines() if x.startswith("│ average ·"))
    assert line.split("│")[-2].strip() == "—"  # alt - base
    book = tmp_path / "c.xlsx"
    compare(src, "-o", book)
    sheets = openpyxl.load_workbook(book)
    classes = {r[0]: r for r in sheets["households per class"].iter_rows(values_only=True)}
    assert classes["average"][1:] == (1, 0.5, None, None, None)
    by = list(sheets["by district"].iter_rows(values_only=True))
    at = by[0].index("average (quangninh-2023-2025)")
    assert [r[at] for r in by[1:]] == [None]
    assert [r[by[0].index("average (vn-2022-2025)")] for r in by[1:]] == [1]
