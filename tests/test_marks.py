"""Lists of deprivation marks: an office's review result (an x per indicator where the household
is deprived, income, area) classified, compared, reported, explained and measured as the list of
answers it came from. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE, EXAMPLES
from .reference import ORDER

runner = CliRunner()
COUNTS = "rows read {} = classified {} + rejected {} + skipped {}"
IDS = ORDER  # the national standard's indicators, in its order
IDENTITY = ["household_id", "area", "household_size", "income_per_capita_month"]
ANSWERS = [c for c in BASE if c not in (*IDENTITY, "province", "district", "commune")]
MAPPING = EXAMPLES / "danh-sach-ra-soat.mapping.yaml"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def tidy(path: Path, rows: list[tuple[str, int, set[str]]], area: str = "rural") -> Path:
    """A one-row-header list: id, area, size, income, then deprived_<id> (x or blank)."""
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS)]
    body = [
        [hid, area, 4, income, *("x" if i in marked else "" for i in IDS)]
        for hid, income, marked in rows
    ]
    return write(path, header, body)


def classify(path: Path, tmp_path: Path, *args: object):
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-o", out, "--as-of", "2024-12-31", *args)
    return result, out


def read(out: Path) -> pl.DataFrame:
    return pl.read_csv(out, infer_schema=False)


# --- the legal edges, from marks ------------------------------------------------------------


def test_three_marks_at_the_line_are_poor_two_near_poor_one_dong_over_is_not(tmp_path):
    three = {"water", "sanitation", "telecom"}
    path = tidy(
        tmp_path / "ds.csv",
        [
            ("A", 1_500_000, three),  # income equal to the rural line: poor
            ("B", 1_500_000, {"water", "sanitation"}),  # two marks: near-poor
            ("C", 1_500_001, three),  # one dong over the line: average, not poor
            ("D", 1_500_000, set()),  # no mark at all: near-poor by income alone
        ],
    )
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert COUNTS.format(4, 4, 0, 0) in result.stdout
    df = read(out)
    assert df["class"].to_list() == ["poor", "near_poor", "average", "near_poor"]
    assert df["deprivation_count"].to_list() == ["3", "2", "3", "0"]
    assert df["deprived"].to_list()[0] == "water;sanitation;telecom"
    assert "are read from the list's deprivation marks" in result.stderr


@pytest.mark.parametrize("mark", ["x", "X", " x ", "1", "có", "Có", "yes", "TRUE", "✓", "✔"])
def test_every_spelling_of_a_mark_is_deprived(tmp_path, mark):
    header = [*IDENTITY, "deprived_water", "deprived_sanitation", "deprived_telecom"]
    rest = [f"deprived_{i}" for i in IDS if f"deprived_{i}" not in header]
    path = write(
        tmp_path / "ds.csv", [*header, *rest], [["A", "rural", 4, 1500000, mark, "x", "x"]]
    )
    result, out = classify(path, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert read(out)["class"].to_list() == ["poor"]


@pytest.mark.parametrize("blank", ["", "0", "không", "KHÔNG", "no", "false", "  "])
def test_a_blank_or_no_is_not_deprived(tmp_path, blank):
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS)]
    row = ["A", "rural", 4, 1500000, blank, "x", "x", *[""] * (len(IDS) - 3)]
    result, out = classify(write(tmp_path / "ds.csv", header, [row]), tmp_path)
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["class"].to_list() == ["near_poor"]
    assert df["deprivation_count"].to_list() == ["2"]


def test_a_cell_that_is_no_mark_rejects_its_row_with_row_and_column(tmp_path):
    path = tidy(tmp_path / "ds.csv", [("A", 1_000_000, set()), ("B", 1_000_000, set())])
    text = path.read_text("utf-8").splitlines()
    cells = text[2].split(",")
    cells[4 + IDS.index("water")] = "?"  # B's water mark
    cells[4 + IDS.index("telecom")] = "2"
    text[2] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", "utf-8")
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3
    assert COUNTS.format(2, 1, 1, 0) in result.stdout
    assert "row 3" in result.stdout and "deprived_water" in result.stdout
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["3"]
    assert rejects["errors"].to_list() == ["deprived_water:bad_mark;deprived_telecom:bad_mark"]
    assert "not a deprivation mark" in rejects["error_description"][0]
    assert read(out)["household_id"].to_list() == ["A"]


@pytest.mark.parametrize("mark", ["y", "Đúng", "dung"])
@pytest.mark.parametrize("blank", ["n", "SAI"])
def test_every_yes_and_no_of_a_yes_no_column_is_a_mark(tmp_path, mark, blank):
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS)]
    row = ["A", "rural", 4, 1500000, mark, mark, blank, *[""] * (len(IDS) - 3)]
    result, out = classify(write(tmp_path / "ds.csv", header, [row]), tmp_path)
    assert result.exit_code == 0, result.stderr
    assert read(out)["deprived"].to_list() == ["employment;dependents"]


def test_typed_parquet_marks_float_int_and_bool(tmp_path):
    """A list saved by pandas: a float column (1.0, NaN, null), an integer one, a true/false
    one. 1 and 0 (1.0 and 0.0) are marks, null and NaN are blank (not deprived), any other
    number is no mark."""
    nan = float("nan")
    frame = pl.DataFrame(
        {
            "household_id": ["A", "B", "C", "D", "E"],
            "area": ["rural"] * 5,
            "household_size": [4] * 5,
            "income_per_capita_month": [1_500_000] * 5,
            "deprived_water": [1.0, nan, None, 2.0, 0.5],
            "deprived_sanitation": pl.Series([1, 0, None, 1, 2], dtype=pl.Int64),
            "deprived_telecom": [True, False, None, True, True],
            **{
                f"deprived_{i}": pl.Series([0.0, None, nan, None, 0.0], dtype=pl.Float64)
                for i in IDS
                if i not in ("water", "sanitation", "telecom")
            },
        }
    )
    path = tmp_path / "ds.parquet"
    frame.write_parquet(path)
    result, out = classify(path, tmp_path)
    assert result.exit_code == 3, result.stderr
    assert COUNTS.format(5, 3, 2, 0) in result.stdout
    df = read(out)
    assert df["household_id"].to_list() == ["A", "B", "C"]
    assert df["deprived"].fill_null("").to_list() == ["water;sanitation;telecom", "", ""]
    assert df["class"].to_list() == ["poor", "near_poor", "near_poor"]
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["4", "5"]  # a Parquet file has no header row
    assert rejects["errors"].to_list() == [
        "deprived_water:bad_mark",
        "deprived_water:bad_mark;deprived_sanitation:bad_mark",
    ]


# --- where the marks are: a group label, 'Thiếu hụt ...', the mapping file -------------------


def test_thieu_hut_headers_and_a_mapping_line(tmp_path):
    header = [
        "Mã hộ",
        "Khu vực",
        "Số nhân khẩu",
        "Thu nhập bình quân đầu người/tháng",
        "THIẾU HỤT: Nhà tiêu hợp vệ sinh",
        "Thieu hut nguon nuoc sinh hoat",
        "Cột 14",
        *(f"deprived_{i}" for i in IDS if i not in ("sanitation", "water", "health_insurance")),
    ]
    row = ["A", "Nông thôn", 4, "1.500.000", "x", "x", "x", *[""] * 9]
    path = write(tmp_path / "ds.csv", header, [row])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Cột 14: deprived:health_insurance\n", "utf-8")
    result, out = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["class"].to_list() == ["poor"]
    assert df["deprived"].to_list() == ["health_insurance;water;sanitation"]
    assert "'Cột 14'" in result.stderr


def test_a_mapping_line_for_an_indicator_no_standard_has(tmp_path):
    path = tidy(tmp_path / "ds.csv", [("A", 1_000_000, set())])
    text = path.read_text("utf-8").replace("deprived_water", "Cột 9", 1)
    path.write_text(text, "utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("# marks\nCột 9: deprived:waterr\n", "utf-8")
    result, _ = classify(path, tmp_path, "--columns", mapping)
    assert result.exit_code == 4
    assert "m.yaml, line 2" in result.stderr or "m.yaml:2" in result.stderr
    assert "'waterr'" in result.stderr


def test_two_columns_for_one_indicator_are_refused(tmp_path):
    path = tidy(tmp_path / "ds.csv", [("A", 1_000_000, set())])
    text = path.read_text("utf-8").splitlines()
    text[0] += ",Thiếu hụt Nguồn nước sinh hoạt"
    text[1] += ",x"
    path.write_text("\n".join(text) + "\n", "utf-8")
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    assert "two columns hold the deprivation marks of water" in result.stderr


def test_missing_columns_say_marks_would_do(tmp_path):
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS if i != "sanitation")]
    path = write(tmp_path / "ds.csv", header, [["A", "rural", 4, 1000000, *[""] * 11]])
    result, _ = classify(path, tmp_path)
    assert result.exit_code == 4
    assert "sanitary_latrine" in result.stderr
    assert "sanitation: a column of the list's deprivation marks would do too" in result.stderr
    assert "'Thiếu hụt Nhà tiêu hợp vệ sinh'" in result.stderr
    vi = invoke("classify", path, "-o", tmp_path / "o.csv", "--lang", "vi")
    assert vi.exit_code == 4
    assert "một cột dấu thiếu hụt của danh sách cũng được" in vi.stderr


@pytest.mark.parametrize("command", ["classify", "explain"])
def test_the_members_and_marks_hints_come_before_where_the_header_was_read(tmp_path, command):
    """Employment (a member form) and sanitation lack their columns: the member file and the
    marks that would do are said before where the header was read and how to map headers."""
    header = [*IDENTITY, *(f"deprived_{i}" for i in IDS if i not in ("employment", "sanitation"))]
    path = write(tmp_path / "ds.csv", header, [["A", "rural", 4, 1000000, *[""] * 10]])
    if command == "classify":
        result, _ = classify(path, tmp_path)
    else:
        result = invoke("explain", path, "--id", "A", "--as-of", "2024-12-31")
    assert result.exit_code == 4
    lines = [line.strip() for line in result.stderr.splitlines()]
    starts = [
        "working_age_unemployed [Vietnamese header",
        "sanitary_latrine [Vietnamese header",
        "working_age_unemployed: the standard computes employment from a member file too",
        "employment, sanitation: a column of the list's deprivation marks would do too",
        "the header was read on row 1",
        "headers of your own can be given to these columns with --columns",
    ]
    at = [next(n for n, line in enumerate(lines) if line.startswith(s)) for s in starts]
    assert at == sorted(at), lines


# --- answers and marks together -------------------------------------------------------------


def test_mixed_answers_and_marks_and_marks_not_read(tmp_path):
    """Employment and sanitation from the answers, the rest from marks; the list's mark for
    sanitation is not read (its answer says the latrine is hygienic)."""
    header = [
        *IDENTITY,
        "working_age_unemployed",
        "sanitary_latrine",
        *(f"deprived_{i}" for i in IDS if i != "employment"),
    ]
    marks = {i: "" for i in IDS if i != "employment"}
    marks |= {"water": "x", "sanitation": "x"}  # sanitation's mark is not read
    rows = [
        ["A", "rural", 4, 1500000, 1, "true", *marks.values()],  # employment + water: 2
        ["B", "rural", 4, 1500000, 1, "false", *marks.values()],  # + sanitation: 3
    ]
    result, out = classify(write(tmp_path / "ds.csv", header, rows), tmp_path)
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["class"].to_list() == ["near_poor", "poor"]
    assert df["deprived"].to_list() == ["employment;water", "employment;water;sanitation"]
    assert "marks for sanitation" in result.stderr and "are not read" in result.stderr
    assert "dependents, nutrition," in result.stderr  # read from marks
    assert "sanitation are read" not in result.stderr


def test_notes_in_vietnamese(tmp_path):
    path = tidy(tmp_path / "ds.csv", [("A", 1_000_000, {"water"})])
    result, _ = classify(path, tmp_path, "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    assert "được đọc từ dấu thiếu hụt của danh sách" in result.stderr
    assert "ô trống" in result.stderr


# --- several standards ----------------------------------------------------------------------


def test_national_and_quang_ninh_from_marks(tmp_path):
    three = {"water", "sanitation", "telecom"}
    path = tidy(tmp_path / "ds.csv", [("A", 1_800_000, three), ("B", 2_100_001, three)])
    result, out = classify(path, tmp_path, "-s", "vn-2022-2025", "-s", "quangninh-2023-2025")
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["class_vn-2022-2025"].to_list() == ["average", "average"]
    assert df["class_quangninh-2023-2025"].to_list() == ["poor", "not_poor"]
    compared = invoke(
        "compare", path, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", "--format",
        "json", "--as-of", "2024-12-31",
    )  # fmt: skip
    assert compared.exit_code == 0, compared.stderr
    data = json.loads(compared.stdout)
    assert data["accounting"]["compared"] == 2
    # base rows, alt columns: A average -> poor, B average -> not poor (no average class there: null)
    assert data["matrix"]["average"] == {"poor": 1, "near_poor": 0, "average": None, "not_poor": 1}
    assert "are read from the list's deprivation marks" in compared.stderr


OVERLAY = """\
format_version: 1
id: strict-area
version: "1"
title: {vi: Chuẩn thử, en: Test standard}
jurisdiction: {level: provincial, province: Quảng Ninh}
extends: vn-2022-2025
valid_from: 2023-01-01
references:
  - {id: test, title: A test of a changed rule}
parameters:
  floor_area_per_person_min:
    unit: m2/person
    status: unverified
    reference: [test]
    value: 10
"""


def test_a_mark_for_an_indicator_two_standards_decide_differently_is_refused(tmp_path):
    standard = tmp_path / "strict.yaml"
    standard.write_text(OVERLAY, "utf-8")
    path = tidy(tmp_path / "ds.csv", [("A", 1_000_000, {"housing_area"})])
    result, out = classify(path, tmp_path, "-s", "vn-2022-2025", "-s", standard)
    assert result.exit_code == 4
    assert "housing_area is read from the list's deprivation marks" in result.stderr
    assert "vn-2022-2025 and strict-area decide it by different rules" in result.stderr
    assert "floor_area_m2" in result.stderr  # the answers that would do
    assert not out.exists()
    vi = invoke("classify", path, "-o", out, "-s", "vn-2022-2025", "-s", standard, "--lang", "vi")
    assert vi.exit_code == 4 and "theo quy tắc khác nhau" in vi.stderr
    # the answers given, each standard applies its own rule (the other marks still serve)
    text = path.read_text("utf-8").splitlines()
    text[0] += ",floor_area_m2"
    text[1] += ",36"  # 9 m2 a person: deprived under strict-area only
    path.write_text("\n".join(text) + "\n", "utf-8")
    result, out = classify(path, tmp_path, "-s", "vn-2022-2025", "-s", standard)
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["deprived_vn-2022-2025"].fill_null("").to_list() == [""]
    assert df["deprived_strict-area"].to_list() == ["housing_area"]
    assert "marks for housing_area" in result.stderr


# --- explain, report, measures ----------------------------------------------------------------


def test_explain_says_the_verdict_is_the_lists_mark(tmp_path):
    header = [*IDENTITY, "Thiếu hụt Nhà tiêu hợp vệ sinh", *(f"deprived_{i}" for i in IDS[:9])]
    header += ["deprived_telecom", "deprived_information_assets"]
    row = ["A", "rural", 4, 1500000, "x", *[""] * 8, "x", "x", ""]
    path = write(tmp_path / "ds.csv", header, [row])
    result = invoke("explain", path, "--id", "A", "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.stderr
    # a table folds its cells to the terminal's width
    assert "mark in column" in result.stdout and "sanitary_latrine" not in result.stdout
    data = json.loads(invoke("explain", path, "--id", "A", "--json").stdout)[0]
    latrine = next(v for v in data["indicators"] if v["id"] == "sanitation")
    assert latrine["rule"] is None and latrine["deprived"] is True
    assert latrine["mark_column"] == "Thiếu hụt Nhà tiêu hợp vệ sinh"
    assert data["deprivation_count"] == 3 and data["class_id"] == "poor"
    vi = invoke("explain", path, "--id", "A", "--as-of", "2024-12-31", "--lang", "vi")
    assert "dấu ở cột" in vi.stdout


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_official_list", EXAMPLES / "generate_official_list.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    """The generator's list of answers and its list of marks, same seed (60 households)."""
    folder = tmp_path_factory.mktemp("lists")
    module = _generator()
    module.write(folder / "answers.xlsx", households=60, two_rows=True)
    module.write(folder / "marks.xlsx", households=60, marks=True)
    return folder


def _classified(path: Path, out: Path, *args: object) -> pl.DataFrame:
    result = invoke(
        "classify", path, "--columns", MAPPING, "--as-of", "2024-12-31", "-o", out, *args
    )
    assert result.exit_code == 0, result.stderr
    assert COUNTS.format(62, 60, 0, 2) in result.stdout
    return read(out).select("household_id", "class", "deprivation_count", "deprived")


def test_the_marks_list_classifies_as_the_answers_list(lists, tmp_path):
    answers = _classified(lists / "answers.xlsx", tmp_path / "a.csv")
    marks = _classified(lists / "marks.xlsx", tmp_path / "m.csv")
    assert marks.equals(answers)
    assert set(answers["class"]) >= {"poor", "near_poor", "not_poor"}  # a test that can fail
    # the same list saved as CSV by Excel (its header over two rows, a merged cell's text in
    # its first cell)
    sheet = pl.read_excel(lists / "marks.xlsx", has_header=False, infer_schema_length=0)
    csv_path = tmp_path / "marks.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for row in sheet.iter_rows():
            w.writerow(["" if v is None else v for v in row])
    assert _classified(csv_path, tmp_path / "c.csv").equals(answers)
    # and as tidy data: one row of headers, deprived_<id>
    frame = pl.read_csv(tmp_path / "m.csv", infer_schema=False)
    tidy_path = tmp_path / "tidy.csv"
    frame.select(
        pl.col("household_id"),
        pl.col("area"),
        pl.col("household_size"),
        pl.col("income_per_capita_month"),
        *(
            pl.when(pl.col(f"deprived_{i}") == "true").then(pl.lit("x")).otherwise(pl.lit(""))
            .alias(f"deprived_{i}")
            for i in IDS
        ),
    ).write_csv(tidy_path)  # fmt: skip
    result = invoke("classify", tidy_path, "--as-of", "2024-12-31", "-o", tmp_path / "t.csv")
    assert result.exit_code == 0, result.stderr
    tidy_out = read(tmp_path / "t.csv").select(
        "household_id", "class", "deprivation_count", "deprived"
    )
    assert tidy_out.equals(answers)


def test_report_and_measures_from_marks_match_the_answers(lists, tmp_path):
    def run(*args: object) -> str:
        result = invoke(*args, "--columns", MAPPING, "--as-of", "2024-12-31")
        assert result.exit_code == 0, result.stderr
        return result.stdout

    for name, command in (("report", ["report"]), ("measures", ["measures", "--k", "1/3"])):
        answers = run(*command, lists / "answers.xlsx", "-o", tmp_path / f"{name}-a.json")
        marks = run(*command, lists / "marks.xlsx", "-o", tmp_path / f"{name}-m.json")
        assert answers.replace("answers", "marks").replace("-a.json", "-m.json") == marks
        a = (tmp_path / f"{name}-a.json").read_text("utf-8").replace("answers", "marks")
        m = (tmp_path / f"{name}-m.json").read_text("utf-8")
        assert json.loads(a) == json.loads(m)
        assert '"rows_read": 62' in m


def test_vietnamese_output_heads_a_marks_column_thieu_hut(lists, tmp_path):
    out = tmp_path / "vi.csv"
    result = invoke(
        "classify", lists / "marks.xlsx", "--columns", MAPPING, "-o", out, "--lang", "vi"
    )
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert "Thiếu hụt Bảo hiểm y tế" in df.columns
    assert set(df["Thiếu hụt Bảo hiểm y tế"]) <= {"Có", "Không"}
    kept = tmp_path / "kept.csv"
    result = invoke(
        "classify", lists / "marks.xlsx", "--columns", MAPPING, "-o", kept, "--keep-input"
    )
    assert result.exit_code == 0, result.stderr
    assert set(read(kept)["Các chỉ số thiếu hụt / BHYT"]) <= {"x", ""}


# --- members: marks only where neither form computes ----------------------------------------


def test_with_members_the_member_forms_are_used_and_marks_fill_the_rest(tmp_path):
    members = write(
        tmp_path / "members.csv",
        ["household_id", "age", "in_working_age", "unemployed_or_no_contract",
         "receives_social_allowance", "malnourished", "has_health_insurance",
         "in_training_or_has_degree_for_age", "attends_school_at_right_level"],
        [["A", 40, "true", "true", "false", "", "true", "", ""],
         ["A", 38, "true", "false", "false", "", "false", "", ""]],
    )  # fmt: skip
    marks = {i: "" for i in IDS}
    marks |= {
        "employment": "",
        "health_insurance": "",
        "water": "x",
    }  # members decide the first two
    path = write(tmp_path / "ds.csv", [*IDENTITY, *(f"deprived_{i}" for i in IDS)],
                 [["A", "rural", 2, 1500000, *marks.values()]])  # fmt: skip
    result, out = classify(path, tmp_path, "--members", members)
    assert result.exit_code == 0, result.stderr
    df = read(out)
    assert df["deprived"].to_list() == ["employment;health_insurance;water"]
    assert df["class"].to_list() == ["poor"]
    member_forms = ["employment", "dependents", "nutrition", "health_insurance",
                    "adult_education", "child_schooling"]  # fmt: skip
    others = [i for i in IDS if i not in member_forms]
    assert [" ".join(line.split()) for line in result.stderr.splitlines()] == [
        f"note: {', '.join(others)} are read from the list's deprivation marks (columns "
        "deprived_<id>): x, 1, có, yes or ✓ is deprived; a blank cell, 0, không or no is not",
        f"note: the list's deprivation marks for {', '.join(member_forms)} (columns "
        "deprived_<id>) are not read: the standard computes them from the household's answers "
        "(or its members)",
    ]


# --- a property: marks made from answers classify as the answers ----------------------------

TRUE = ["x", "X", "1", "có", "yes", "TRUE", "✓", "✔", " x ", "y", "Đúng"]
FALSE = ["", "0", "không", "no", "false", "n", "sai", "  "]
household = st.fixed_dictionaries(
    {
        "household_size": st.integers(1, 8),
        "income_per_capita_month": st.integers(1_000_000, 3_500_000),
        "area": st.sampled_from(["rural", "urban"]),
        "working_age_unemployed": st.integers(0, 1),
        "dependents": st.integers(0, 1),
        "children_under16_malnourished": st.integers(0, 1),
        "members_6plus_without_health_insurance": st.integers(0, 1),
        "members_16_30_lacking_education": st.integers(0, 1),
        "children_3_15_not_in_school": st.integers(0, 1),
        "non_durable_main_structures": st.integers(0, 3),
        "floor_area_m2": st.integers(5, 80),
        "safe_water": st.sampled_from(["true", "false"]),
        "sanitary_latrine": st.sampled_from(["true", "false"]),
        "uses_internet": st.sampled_from(["true", "false"]),
        "has_information_device": st.sampled_from(["true", "false"]),
    }
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(household, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_marks_derived_from_answers_give_identical_classes(tmp_path, households, rng):
    rows = [{"household_id": f"H{n}", **h} for n, h in enumerate(households)]
    for r in rows:
        r["dependents"] = min(r["dependents"] * r["household_size"], r["household_size"])
    header = list(rows[0])
    answers = write(tmp_path / "answers.csv", header, [[r[k] for k in header] for r in rows])
    result, out = classify(answers, tmp_path, "-s", "vn-2022-2025", "-s", "quangninh-2023-2025")
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    expected = read(out)
    deprived = expected["deprived_vn-2022-2025"].fill_null("").to_list()
    marked = [
        [
            r["household_id"], r["area"], r["household_size"], r["income_per_capita_month"],
            *(rng.choice(TRUE) if i in d.split(";") else rng.choice(FALSE) for i in IDS),
        ]
        for r, d in zip(rows, deprived, strict=True)
    ]  # fmt: skip
    marks = write(tmp_path / "marks.csv", [*IDENTITY, *(f"deprived_{i}" for i in IDS)], marked)
    result, out = classify(marks, tmp_path, "-s", "vn-2022-2025", "-s", "quangninh-2023-2025")
    assert result.exit_code == 0, result.stderr
    got = read(out)
    for column in ("class", "deprivation_count", "deprived"):
        for sid in ("vn-2022-2025", "quangninh-2023-2025"):
            assert got[f"{column}_{sid}"].to_list() == expected[f"{column}_{sid}"].to_list()
