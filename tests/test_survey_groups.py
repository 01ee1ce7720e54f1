"""--by a column the standard does not read (a survey's area coded 0/1), and the verdict mark of a
run that rejected every row, in every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()
FOUR = Path(__file__).parent / "standards" / "af-four-indicators.yaml"  # reads i1..i4 only


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_by_a_canonical_column_the_standard_does_not_read_groups_it_as_written(tmp_path):
    # OPHI and DHS code area 0/1; the global MPI never reads it, so it is no rural/urban
    path = tmp_path / "survey.csv"
    path.write_text(
        "i1,i2,i3,i4,area\n1,1,0,0,1\n0,0,0,0,0\n1,1,1,0, 1 \n0,0,0,0,\n", encoding="utf-8"
    )
    result = invoke("measures", path, "-s", FOUR, "--by", "area", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["accounting"]["rejected"] == 0
    groups = {r["group"]: (r["rows"], r["H_exact"]) for r in data["results"] if r["by"] == "area"}
    # spaces around trimmed, as classify --by groups; a blank cell a group of its own
    assert groups == {"0": (1, "0"), "1": (2, "1"), "": (1, "0")}


def test_by_area_under_a_standard_that_reads_it_is_still_validated(
    tmp_path, household, write_csv
):
    path = write_csv([household(household_id="H1"), household(household_id="H2", area="1")])
    result = invoke("measures", path, "-s", "vn-2022-2025", "--k", "1/3", "--by", "area")
    assert result.exit_code == 3
    assert "unknown category" in result.stdout


@pytest.fixture
def all_rejected(tmp_path, household, write_csv) -> Path:
    return write_csv([household(household_id=f"H{i}", area="miền núi") for i in range(3)])


@pytest.mark.parametrize(
    "args",
    [
        ["classify", "--as-of", "2024-12-31"],
        ["compare", "--as-of", "2024-12-31"],
        ["report", "--as-of", "2024-12-31"],
        ["measures", "--as-of", "2024-12-31", "--k", "1/3", "--by", "area"],
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_run_that_rejects_every_row_never_shows_the_success_mark(
    tmp_path, all_rejected, args, lang
):
    command, *rest = args
    out = ["-o", tmp_path / "out.csv"] if command == "classify" else []
    result = invoke(command, all_rejected, *rest, *out, "--lang", lang)
    assert result.exit_code == 3, result.stderr
    shown = result.stdout + result.stderr
    assert "✓" not in shown
    words = "✗ NO VALID ROW" if lang == "en" else "✗ KHÔNG CÓ DÒNG HỢP LỆ"
    assert words in shown
    assert ("rejected 3" if lang == "en" else "bị loại 3") in shown


def test_a_run_with_rows_left_keeps_the_success_mark(tmp_path, household, write_csv):
    path = write_csv([household(household_id="H1"), household(household_id="H2", area="x")])
    result = invoke("classify", path, "--as-of", "2024-12-31", "-o", tmp_path / "out.csv")
    assert result.exit_code == 3
    assert "✓ rows read 2 = classified 1 + rejected 1" in result.stdout + result.stderr
