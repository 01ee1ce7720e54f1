"""A previous list with more than one column that could be its class column (the input's old
`Phân loại` beside classify's `Phân loại (mới)`, `class` beside `class (new)`) stops the report
(exit 4) naming them; `--previous-class` says which. Never the old one, silently."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()
AS_OF = "2025-06-30"
POOR = {"safe_water": "false", "sanitary_latrine": "false", "uses_internet": "false"}


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def classified(tmp_path: Path, lang: str, old: dict[str, str]) -> Path:
    """Last year's list, classified with `old` columns of the input's own (its class as
    written before): one poor household, which the old columns call not poor."""
    source = write(tmp_path / "last.csv", [{**BASE, **POOR, **old}])
    out = tmp_path / "last_out.csv"
    result = invoke("classify", source, "-s", "vn-2022-2025", "--lang", lang, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def report(tmp_path: Path, previous: Path, *more: str):
    now = write(tmp_path / "now.csv", [{**BASE, **POOR}])
    return invoke(
        "report", now, "--previous", previous, "--as-of", AS_OF, "--format", "json", *more
    )


@pytest.mark.parametrize(
    ("lang", "old", "new"),
    [
        ("vi", {"Phân loại": "Hộ không nghèo"}, "Phân loại (mới)"),
        ("vi", {"PHÂN LOẠI": "Hộ không nghèo"}, "Phân loại (mới)"),
        (
            "vi",
            {"Phân loại": "Hộ không nghèo", "Phân loại (mới)": "Hộ không nghèo"},
            "Phân loại (mới 2)",
        ),
        ("en", {"Phân loại": "Hộ không nghèo"}, "class"),
    ],
)
def test_two_columns_that_could_be_the_class_stop_the_report(tmp_path, lang, old, new):
    previous = classified(tmp_path, lang, old)
    with previous.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert new in header and all(o in header for o in old), header
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stdout
    said = " ".join(result.stderr.split())
    assert "cannot tell which column of the previous list holds the class" in said
    assert "name it with --previous-class" in said
    for name in [*old, new]:
        assert f"'{name}'" in said, (name, said)
    # named: the class classify wrote is read (poor before, poor now: no movement)
    chosen = report(tmp_path, previous, "--previous-class", new)
    assert chosen.exit_code == 0, chosen.stderr
    movements = json.loads(chosen.stdout)["movements"]
    assert movements["poor"]["poor"] == 1, movements


@pytest.mark.parametrize(
    "columns",
    [
        {"class": "not_poor", "class (new)": "poor"},
        {"class": "not_poor", "class (new)": "not_poor", "class (new 2)": "poor"},
        {"Kết quả": "Hộ không nghèo", "class (new)": "poor"},
        {"Phân loại (mới)": "Hộ nghèo", "Class (New)": "poor"},
    ],
)
def test_columns_written_as_classify_adds_them_are_candidates(tmp_path, columns):
    # lists headed as classify adds a column beside one of the input's: written here directly
    previous = write(tmp_path / "before.csv", [{"household_id": "H1", **columns}])
    result = report(tmp_path, previous)
    assert result.exit_code == 4, result.stdout
    said = " ".join(result.stderr.split())
    assert "several could be: " + ", ".join(f"'{c}'" for c in columns) in said
    chosen = report(tmp_path, previous, "--previous-class", list(columns)[-1])
    assert chosen.exit_code == 0, chosen.stderr
    assert json.loads(chosen.stdout)["movements"]["poor"]["poor"] == 1


def test_the_column_of_the_standard_is_taken_beside_general_ones(tmp_path):
    previous = write(
        tmp_path / "before.csv",
        [{"household_id": "H1", "class_vn-2022-2025": "poor", "Phân loại": "Hộ không nghèo"}],
    )
    result = report(tmp_path, previous)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1
    # but two of the standard's own (classify's beside the input's) are refused
    previous = write(
        tmp_path / "before2.csv",
        [
            {
                "household_id": "H1",
                "class_vn-2022-2025": "not_poor",
                "class_vn-2022-2025 (new)": "poor",
            }
        ],
    )
    result = report(tmp_path, previous)
    assert result.exit_code == 4
    assert "'class_vn-2022-2025', 'class_vn-2022-2025 (new)'" in result.stderr


def test_one_class_column_as_classify_wrote_it_is_read(tmp_path):
    previous = classified(tmp_path, "vi", {})
    result = report(tmp_path, previous)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["movements"]["poor"]["poor"] == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"PHÂN LOẠI": "cũ"}, "Phân loại (mới)"),
        ({"Phan loai": "cũ"}, "Phân loại (mới)"),
        ({"Phân loại": "cũ", "phân loại (MỚI)": "cũ"}, "Phân loại (mới 2)"),
    ],
)
def test_an_added_name_is_free_of_the_inputs_in_any_case_or_accents(tmp_path, old, new):
    source = write(tmp_path / "in.csv", [{**BASE, **old}])
    out = tmp_path / "out.csv"
    result = invoke("classify", source, "--lang", "vi", "--keep-input", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert f"cột mdpoverty thêm được ghi là '{new}'" in " ".join(result.stderr.split())
    with out.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert new in header and all(o in header for o in old), header
    folded = [h.casefold() for h in header]
    assert len(set(folded)) == len(folded), header
