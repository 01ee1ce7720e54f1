"""A unit is told apart by the units above it that the file has, asked for or not: two communes
named Hải Lạng in two districts, a `Thôn 1` in three communes. One rule (`columns.unit_path`)
for every command that groups: classify, compare, report, measures."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import is_village, unit_names, unit_path

runner = CliRunner()

# (district, commune, village): Hải Lạng in Tiên Yên and in Đầm Hà, Thôn 1 in three communes
UNITS = [
    ("Ba Chẽ", "Đồn Đạc", "Thôn 1"),
    ("Tiên Yên", "Hải Lạng", "Thôn 1"),
    ("Tiên Yên", "Hải Lạng", "Thôn 1"),
    ("Đầm Hà", "Hải Lạng", "Thôn 1"),
    ("Đầm Hà", "Hải Lạng", "Khu 2"),
]


@pytest.fixture
def units_file(write_csv, household):
    rows = []
    for i, (district, commune, village) in enumerate(UNITS):
        row = household(household_id=f"H{i}", district=district, commune=commune)
        del row["province"]
        rows.append({**row, "Thôn": village, "Ghi chú": "Thôn 1"})
    return write_csv(rows)


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "200"})


@pytest.mark.parametrize(
    "header",
    ["Thôn", "thôn", "Thon", "Ấp", "Bản", "Tổ dân phố", "Thôn/Bản", "Thôn, bản, tổ dân phố",
     "Tên thôn", "Địa chỉ / Thôn", "village", "Khu phố", "Xóm", "Thôn (bản)", "Thôn/TDP",
     "THÔN - XÓM", "Xóm (đội)"],
)  # fmt: skip
def test_a_village_is_known_by_its_header(header):
    assert is_village(header)
    assert unit_path(header, ["district", "commune", header]) == ("district", "commune", header)


@pytest.mark.parametrize(
    "header",
    ["Thôn nghèo", "Ghi chú", "Tổng", "Tên chủ hộ", "Mã thôn", "", "Khu vực", "Tổng thu nhập"],
)
def test_other_columns_are_no_village(header):
    assert not is_village(header)
    assert unit_path(header, ["district", "commune", header]) == (header,)


def test_a_unit_comes_with_the_units_above_it_that_the_file_has():
    assert unit_path("commune", ["province", "commune", "Thôn"]) == ("province", "commune")
    assert unit_path("Thôn", ["Thôn"]) == ("Thôn",)
    assert unit_path("district", ["commune", "district"]) == ("district",)
    names = unit_names([("A", "X"), ("B", "X"), ("B", "Y"), ("C", None)], "(blank)")
    assert names == ["X (A)", "X (B)", "Y", "(blank)"]
    # a blank unit above: one pair of brackets, in either language
    names = unit_names([("Ba Chẽ", "Đồn Đạc"), (None, "Đồn Đạc"), ("", "Đồn Đạc")], "(blank)")
    assert names == ["Đồn Đạc (Ba Chẽ)", "Đồn Đạc (blank)", "Đồn Đạc (blank)"]
    assert unit_names([(None, "X"), ("A", "X")], "(trống)") == ["X (trống)", "X (A)"]


def _rows(out: str, name: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.split("│")[1:3]]
        for line in out.splitlines()
        if line.startswith(f"│ {name}")
    ]


def test_classify_by_commune_and_village_keeps_same_names_apart(units_file, tmp_path):
    result = invoke(
        "classify", str(units_file), "-o", str(tmp_path / "o.csv"), "--as-of", "2024-12-31",
        "--by", "commune", "--by", "Thôn", "--by", "Ghi chú",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert dict(_rows(out, "Hải Lạng")) == {"Hải Lạng (Tiên Yên)": "2", "Hải Lạng (Đầm Hà)": "2"}
    assert dict(_rows(out, "Thôn 1")) == {
        "Thôn 1 (Ba Chẽ / Đồn Đạc)": "1",
        "Thôn 1 (Tiên Yên / Hải Lạng)": "2",
        "Thôn 1 (Đầm Hà / Hải Lạng)": "1",
        "Thôn 1": "5",  # a note column is no unit: its values are grouped as written
    }
    assert _rows(out, "Khu 2") == [["Khu 2", "1"]]


def test_compare_by_village_keeps_same_names_apart(units_file):
    result = invoke(
        "compare",
        str(units_file),
        "--as-of",
        "2024-12-31",
        "--by",
        "Thôn",
        "--format",
        "json",
        "--alt",
        "quangninh-2023-2025",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["breakdown_columns"]["Thôn"] == ["district", "commune", "Thôn"]
    groups = {(tuple(g["within"]), g["group"]): g["households"] for g in data["breakdowns"]["Thôn"]}
    assert groups == {
        (("Ba Chẽ", "Đồn Đạc"), "Thôn 1"): 1,
        (("Tiên Yên", "Hải Lạng"), "Thôn 1"): 2,
        (("Đầm Hà", "Hải Lạng"), "Thôn 1"): 1,
        (("Đầm Hà", "Hải Lạng"), "Khu 2"): 1,
    }


def test_report_by_commune_reports_it_within_its_district(units_file):
    result = invoke(
        "report", str(units_file), "--as-of", "2024-12-31", "--by", "commune", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["by"] == ["district", "commune"]
    rows = data["reports"][0]["households"]["all"]
    communes = {tuple(r["unit"].values()): r["households"] for r in rows if r["level"] == "commune"}
    assert communes == {
        ("Ba Chẽ", "Đồn Đạc"): 1,
        ("Tiên Yên", "Hải Lạng"): 2,
        ("Đầm Hà", "Hải Lạng"): 2,
    }
    village = invoke(
        "report", str(units_file), "--as-of", "2024-12-31", "--by", "Thôn", "--format", "json"
    )
    data = json.loads(village.stdout)
    assert data["by"] == ["district", "commune", "Thôn"]
    rows = data["reports"][0]["households"]["all"]
    villages = {tuple(r["unit"].values()): r["households"] for r in rows if r["level"] == "Thôn"}
    assert villages[("Tiên Yên", "Hải Lạng", "Thôn 1")] == 2
    assert villages[("Đầm Hà", "Hải Lạng", "Thôn 1")] == 1
    assert len(villages) == 4


def test_measures_by_commune_and_village_keeps_same_names_apart(units_file):
    result = invoke(
        "measures", str(units_file), "--as-of", "2024-12-31", "--k", "1/3", "--format", "json",
        "--by", "commune", "--by", "Thôn",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    groups = {
        (r["by"], r["group"]): r["rows"] for r in json.loads(result.stdout)["results"] if r["by"]
    }
    assert groups == {
        ("commune", "Đồn Đạc"): 1,
        ("commune", "Hải Lạng (Tiên Yên)"): 2,
        ("commune", "Hải Lạng (Đầm Hà)"): 2,
        ("Thôn", "Thôn 1 (Ba Chẽ / Đồn Đạc)"): 1,
        ("Thôn", "Thôn 1 (Tiên Yên / Hải Lạng)"): 2,
        ("Thôn", "Thôn 1 (Đầm Hà / Hải Lạng)"): 1,
        ("Thôn", "Khu 2"): 1,
    }


@pytest.mark.parametrize("header", ["Thôn (bản)", "Thôn/TDP"])
def test_a_village_header_with_more_after_it_keeps_same_names_apart(
    write_csv, household, tmp_path, header
):
    rows = []
    for i, (district, commune, village) in enumerate(UNITS):
        row = household(household_id=f"H{i}", district=district, commune=commune)
        del row["province"]
        rows.append({**row, header: village})
    result = invoke(
        "classify", str(write_csv(rows)), "-o", str(tmp_path / "o.csv"), "--as-of",
        "2024-12-31", "--by", header,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert dict(_rows(result.stdout, "Thôn 1")) == {
        "Thôn 1 (Ba Chẽ / Đồn Đạc)": "1",
        "Thôn 1 (Tiên Yên / Hải Lạng)": "2",
        "Thôn 1 (Đầm Hà / Hải Lạng)": "1",
    }
