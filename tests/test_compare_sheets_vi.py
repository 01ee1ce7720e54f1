"""compare's workbook under --lang vi as an office reads it: the parameter diff's kinds in
Vietnamese (the English sheet, the CSV and the JSON keep the ids), its rows named, and the
by-group sheets' headers capitalised as the other sheets'."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.render_compare import Names
from mdpoverty.standard.diff import DiffRow
from mdpoverty.standard.loader import load_standard

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()
VI_KINDS = {
    "Tham số",
    "Chỉ số",
    "Trọng số",
    "Ngưỡng k",
    "Quy tắc phân loại",
    "Chuẩn thu nhập",
}


def compare(*args: str):
    return runner.invoke(
        app,
        ["compare", str(GOLDEN / "small.csv"), "--as-of", "2024-12-31", "--by", "district", *args],
    )


def test_the_parameter_diff_sheet_is_in_vietnamese(tmp_path):
    out = tmp_path / "so_sanh.xlsx"
    result = compare("-o", str(out), "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    diff = pl.read_excel(out, sheet_name="Khác biệt tham số", infer_schema_length=0)
    assert diff.columns == [
        "Loại",
        "Mã",
        "Tên",
        "vn-2022-2025",
        "quangninh-2023-2025",
        "Chuẩn so sánh / chuẩn gốc",
    ]
    kinds = diff["Loại"].to_list()
    assert set(kinds) <= VI_KINDS and {"Tham số", "Quy tắc phân loại"} <= set(kinds)
    rule = diff.filter(pl.col("Loại") == "Quy tắc phân loại").row(0, named=True)
    assert (rule["Mã"], rule["Tên"]) == ("average", "Hộ có mức sống trung bình")
    rural = diff.filter(pl.col("Mã") == "income_line.rural").row(0, named=True)
    assert rural["Tên"].endswith("· Nông thôn")
    # the by-group sheet's headers begin with a capital, as every other sheet's
    by = pl.read_excel(out, sheet_name="Theo huyện")
    assert by.columns[-3:] == ["Khó khăn hơn", "Khá hơn", "Đổi phân loại"]
    assert all(h[0].isupper() for h in by.columns), by.columns


def test_english_csv_and_json_keep_the_ids(tmp_path):
    out = tmp_path / "c.xlsx"
    assert compare("-o", str(out)).exit_code == 0
    diff = pl.read_excel(out, sheet_name="parameter diff", infer_schema_length=0)
    assert diff.columns[:2] == ["kind", "item"]
    assert set(diff["kind"]) == {"parameter", "class_rule"}
    by = pl.read_excel(out, sheet_name="by district")
    assert by.columns[-3:] == ["worse", "better", "changing class"]
    data = json.loads(compare("--format", "json", "--lang", "vi").stdout)
    assert {d["kind"] for d in data["parameter_diff"]} == {"parameter", "class_rule"}
    tidy = compare("--format", "csv", "--lang", "vi").stdout
    assert "parameter_diff,,,income_line.rural," in tidy


def test_every_kind_of_row_is_named_by_what_it_is():
    names = Names([load_standard("vn-2022-2025").model], "vi")
    rows = {
        DiffRow("weight", "weight.employment", "1/12", "1/6"): "Trọng số của Việc làm",
        DiffRow("k", "k", "1/3", "1/4"): "Ngưỡng k",
        DiffRow("indicator", "nutrition (from_members)", "a", "b"): "Dinh dưỡng (từ thành viên)",
        DiffRow("indicator", "nutrition", "a", "b"): "Dinh dưỡng",
        DiffRow("income_line", "income_line", "a", "b"): "Chuẩn thu nhập áp dụng",
    }
    for row, name in rows.items():
        assert names.item(row) == name, row
