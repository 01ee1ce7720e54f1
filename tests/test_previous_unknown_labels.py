"""A previous list's class label mdpoverty does not know ('Hộ thoát nghèo': out of poverty, now
near-poor or not poor) is never guessed: its rows are rejected, and a note names each label with
its rows and gives the `values: {class: ...}` line to add, the classes it may stand for in
place of <...>; with the line filled in, the rows are read. CliRunner, stdout and stderr apart."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def report(tmp_path: Path, lang: str, *more: str):
    current = write(tmp_path / "ds.csv", [{**BASE, "household_id": f"H{n}"} for n in range(1, 5)])
    labels = ["Hộ nghèo", "Hộ thoát nghèo", "Hộ thoát nghèo", "Diện chính sách"]
    previous = write(
        tmp_path / "ds_2023.csv",
        [{"Mã hộ": f"H{n}", "Phân loại": label} for n, label in enumerate(labels, 1)],
    )
    return runner.invoke(
        app,
        ["report", str(current), "--previous", str(previous), "--as-of", "2024-12-31",
         "--lang", lang, "--format", "json", "-o", str(tmp_path / "bc.json"), *more],
    )  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


LINE = (
    "values: {class: {'Hộ thoát nghèo': <near_poor|not_poor>, "
    "'Diện chính sách': <poor|near_poor|average|not_poor>}}"
)


def test_unknown_labels_are_named_with_the_line_to_add(tmp_path):
    result = report(tmp_path, "en")
    assert result.exit_code == 3, result.stderr
    said = flat(result.stdout + result.stderr)
    assert (
        "note: the previous list has class labels mdpoverty does not know: 'Hộ thoát nghèo' "
        "(2 rows), 'Diện chính sách' (1 row); mdpoverty does not guess" in said
    ), said
    assert LINE in said
    vi = report(tmp_path, "vi")
    said_vi = flat(vi.stdout + vi.stderr)
    assert (
        "lưu ý: danh sách kỳ trước có nhãn phân loại mdpoverty không biết: 'Hộ thoát nghèo' "
        "(2 dòng), 'Diện chính sách' (1 dòng)" in said_vi
    )
    assert LINE in said_vi


def test_the_line_filled_in_reads_the_rows(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "values: {class: {'Hộ thoát nghèo': not_poor, 'Diện chính sách': near_poor}}\n", "utf-8"
    )
    result = report(tmp_path, "en", "--columns", str(mapping))
    assert result.exit_code == 0, result.stderr
    assert "does not know" not in result.stdout + result.stderr
    assert "rows read 4 = used 4 + rejected 0" in flat(result.stderr + result.stdout)
