"""A list whose indicators are all read from its deprivation marks needs no household_size:
nothing the run does reads it (the rules that divide by it are replaced by the marks, no count
of members is read to check against it). Where it is needed, the missing-column message says
why: the rules that read it, the counts checked against it. CliRunner, stdout and stderr apart."""

from __future__ import annotations

import csv

from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import mark_column
from mdpoverty.engine.classifier import compile_standard
from mdpoverty.standard.loader import load_standard

from .conftest import BASE
from .test_marks_office import FULL, INCOME, flat, rows, xlsx

runner = CliRunner()


def without_size(data: list[list[object]]) -> list[list[object]]:
    """The list without its 'Số nhân khẩu' column (the fifth)."""
    return [row[:4] + row[5:] if len(row) > 5 else row for row in data]


def test_a_marks_list_without_household_size_is_classified(tmp_path):
    data = without_size(rows(FULL, "Các chỉ số thiếu hụt"))
    path = xlsx(tmp_path / "ds.xlsx", data, merged=False)
    columns = tmp_path / "map.yaml"
    columns.write_text(INCOME, "utf-8")
    out = tmp_path / "kq.csv"
    result = runner.invoke(
        app,
        ["classify", str(path), "-o", str(out), "--columns", str(columns), "--as-of",
         "2024-12-31", "-s", "vn-2022-2025", "-s", "quangninh-2023-2025"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8") as fh:
        got = [r["class_vn-2022-2025"] for r in csv.DictReader(fh)]
    # as test_marks_office's list with its sizes: the marks decide, not the size
    assert got == ["poor", "near_poor", "near_poor", "poor", "not_poor"]


def test_household_size_is_required_only_where_read():
    cs = compile_standard(load_standard("vn-2022-2025"))
    assert "household_size" in cs.required_columns  # dependents, floor area per member
    marks = {i.id: mark_column(i.id) for i, _ in cs.indicators}
    read = compile_standard(load_standard("vn-2022-2025"), marks=marks)
    assert "household_size" not in read.required_columns


def test_the_message_says_why_household_size_is_needed(tmp_path):
    path = tmp_path / "ds.csv"
    row = {k: v for k, v in BASE.items() if k != "household_size"}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    for lang, text in (
        ("en", "household_size is needed by the rules of dependents, housing_area, which read it,"
               " and to check the counts of members read (working_age_unemployed"),
        ("vi", "cần household_size (Số nhân khẩu) cho quy tắc của dependents, housing_area"),
    ):  # fmt: skip
        result = runner.invoke(
            app,
            ["classify", str(path), "-o", str(tmp_path / "o.csv"), "--as-of", "2024-12-31",
             "--lang", lang],
        )  # fmt: skip
        assert result.exit_code == 4
        assert text in flat(result.stderr), result.stderr


def test_a_count_read_as_an_answer_still_needs_household_size():
    # employment read from its count of members, every other indicator from marks: no rule
    # divides by the size, but the count is checked against it
    cs = compile_standard(load_standard("vn-2022-2025"))
    marks = {i.id: mark_column(i.id) for i, _ in cs.indicators if i.id != "employment"}
    read = compile_standard(load_standard("vn-2022-2025"), marks=marks)
    assert "working_age_unemployed" in read.required_columns
    assert "household_size" in read.required_columns
