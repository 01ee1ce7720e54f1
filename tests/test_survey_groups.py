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


def test_by_area_under_a_standard_that_reads_it_is_still_validated(tmp_path, household, write_csv):
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


NESTED = """format_version: 1
id: my-survey-mpi
version: "1"
title: {vi: MPI, en: MPI}
jurisdiction: {level: national, country: VN}
valid_from: 2010-01-01
references:
  - {id: ophi, title: OPHI}
columns:
COLUMNS
dimensions:
  - {id: all, label: {vi: a, en: a}}
indicators:
INDICATORS
k: 1/3
"""


def survey_standard(tmp_path: Path, n: int) -> Path:
    names = [f"d_{i}" for i in range(n)]
    columns = "\n".join(
        f"  {c}: {{type: integer, maximum: 1, label: {{vi: {c}, en: {c}}}}}" for c in names
    )
    indicators = "\n".join(
        f"  - {{id: i{i}, dimension: all, weight: 1/{n}, deprived_when: {c} == 1, "
        f"label: {{vi: {c}, en: {c}}}, status: secondary, reference: [ophi]}}"
        for i, c in enumerate(names)
    )
    path = tmp_path / "survey-mpi.yaml"
    path.write_text(
        NESTED.replace("COLUMNS", columns).replace("INDICATORS", indicators), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("command", [["classify"], ["measures"]])
def test_a_households_file_without_the_standards_columns_names_them(
    tmp_path, household, write_csv, command
):
    path = write_csv([household(household_id="H1")])
    standard = survey_standard(tmp_path, 8)
    result = invoke(*command, path, "-s", standard)
    assert result.exit_code == 4
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert "none of the 8 columns my-survey-mpi reads are here: d_0, d_1, d_2, d_3, d_4" in first
    assert "and 3 more" in first and "d_5" not in first
    assert "--columns" in first and "on row 1, has 'household_id'" in first
    assert "does not look like" not in result.stderr
    vi = invoke(*command, path, "-s", standard, "--lang", "vi")
    assert vi.exit_code == 4
    assert "không có cột nào trong 8 cột mà my-survey-mpi đọc: d_0" in vi.stderr
    assert "và 3 cột khác" in vi.stderr


def test_a_file_naming_no_known_column_still_does_not_look_like_a_households_table(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = invoke("classify", path, "-s", survey_standard(tmp_path, 2))
    assert result.exit_code == 4
    assert "does not look like a households table" in result.stderr
