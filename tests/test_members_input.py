"""The member file as offices write it: header variants, the member template, one mapping for
both files, and one workbook holding both lists (--member-sheet)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import MEMBER_CANONICAL
from mdpoverty.text import fold

from .test_members import files

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


VI = {c.name: c.vi_header for c in MEMBER_CANONICAL}
AS_OF = ["--as-of", "2024-06-30", "-s", "vn-2022-2025"]


def _members_with(path: Path, members: Path, headers: dict[str, str]) -> Path:
    """The member file with some canonical headers renamed."""
    frame = pl.read_csv(members, infer_schema=False)
    frame = frame.rename({k: v for k, v in headers.items() if k in frame.columns})
    frame.write_csv(path)
    return path


def _classify(tmp: Path, households: Path, members: Path, name: str, *extra: str):
    out = tmp / f"{name}.csv"
    result = invoke("classify", str(households), "--members", str(members), "-o", str(out),
                    *AS_OF, *extra)  # fmt: skip
    return result, out


# every documented header and every other header an office writes, in the forms header
# matching folds away (capitals, no tone marks, extra spaces)
VARIANTS = [
    (c.name, header)
    for c in MEMBER_CANONICAL
    for alias in (c.vi_header, c.vi, *c.aliases)
    for header in (alias, alias.upper(), fold(alias), f"  {alias}  ")
]


@pytest.mark.parametrize(("column", "header"), VARIANTS)
def test_each_header_an_office_writes_is_a_member_column(tmp_path, column, header):
    from mdpoverty.io.readers import read_table
    from mdpoverty.run.members import member_columns

    path = tmp_path / "tv.csv"
    path.write_text(f'STT,"{header}",Ghi chú\n1,x,\n', encoding="utf-8")
    table = read_table(str(path), extra_columns=member_columns([]))
    assert table.columns[1:4] == ["STT", column, "Ghi chú"]


def test_the_office_headers_of_the_review_are_all_recognised(tmp_path):
    natural = {
        "household_id": "Mã hộ",
        "age": "Tuổi",
        "in_working_age": "Trong độ tuổi lao động",
        "unemployed_or_no_contract": "Thiếu việc làm",
        "receives_social_allowance": "Hưởng trợ cấp xã hội",
        "malnourished": "Suy dinh dưỡng",
        "has_health_insurance": "Có BHYT",
        "in_training_or_has_degree_for_age": "Đang đi học hoặc có bằng",
        "attends_school_at_right_level": "Đi học đúng độ tuổi",
    }
    _counted, plain, members = files(tmp_path, 12)
    renamed = _members_with(tmp_path / "tv.csv", members, natural)
    result, _ = _classify(tmp_path, plain, renamed, "out")
    assert result.exit_code == 0, result.output


def test_a_near_header_is_suggested(tmp_path):
    _counted, plain, members = files(tmp_path, 12)
    renamed = _members_with(
        tmp_path / "tv.csv", members, {"unemployed_or_no_contract": "Thiếu việc làm (x)"}
    )
    result, _ = _classify(tmp_path, plain, renamed, "out")
    assert result.exit_code == 4
    assert "unemployed_or_no_contract" in result.stderr
    assert "did you mean 'Thiếu việc làm (x)'" in result.stderr


@pytest.mark.parametrize(("headers", "lang"), [("vi", "vi"), ("en", "en")])
def test_the_member_template_is_read_back_as_a_member_file(tmp_path, headers, lang):
    out = tmp_path / "tv.csv"
    result = invoke("template", str(out), "--members", "--headers", headers, "--lang", lang)
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8").strip().split(",")
    expected = [c.vi_header if headers == "vi" else c.name for c in MEMBER_CANONICAL]
    assert written == expected
    assert "has_health_insurance" in result.stdout and "household_size" not in result.stdout
    # the template filled in reads as a member file under its own headers
    _counted, plain, members = files(tmp_path, 12)
    if headers == "vi":
        members = _members_with(tmp_path / "vi.csv", members, VI)
    frame = pl.read_csv(members, infer_schema=False).select(written)
    frame.write_csv(tmp_path / "filled.csv")
    run, _ = _classify(tmp_path, plain, tmp_path / "filled.csv", "o")
    assert run.exit_code == 0, run.output


def test_the_member_template_as_a_workbook(tmp_path):
    out = tmp_path / "thanh-vien.xlsx"
    result = invoke("template", str(out), "--members", "--lang", "vi")
    assert result.exit_code == 0, result.output
    import fastexcel

    book = fastexcel.read_excel(out)
    assert book.sheet_names == ["Thành viên", "Mô tả các cột"]
    sheet = book.load_sheet("Thành viên").to_polars()
    assert sheet.columns == [c.vi_header for c in MEMBER_CANONICAL]
    assert invoke("template", str(out), "--members").exit_code == 4  # never over a file


def test_the_household_template_is_unchanged_without_members(tmp_path):
    result = invoke("template", "-", "--headers", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("household_id,province")
    assert "age" not in result.stdout.splitlines()[0].split(",")


def test_one_mapping_for_both_files_notes_only_lines_their_file_lacks(tmp_path):
    _counted, plain, members = files(tmp_path, 12)
    renamed = _members_with(tmp_path / "tv.csv", members, {"has_health_insurance": "Thẻ y tế"})
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "Thẻ y tế: has_health_insurance\n"  # in the member file
        "Thu nhập: income_per_capita_month\n"  # in neither file
        "Vệ sinh: sanitary_latrine\n",  # in neither file
        encoding="utf-8",
    )
    result, _ = _classify(tmp_path, plain, renamed, "out", "--columns", str(mapping))
    assert result.exit_code == 0, result.output
    notes = [
        line.replace(str(tmp_path) + "/", "")
        for line in result.stderr.splitlines()
        if "the mapping gives" in line
    ]
    # a household column's line is the household file's alone
    assert notes == [
        "note: map.yaml:2: the mapping gives 'Thu nhập' to income_per_capita_month, but the "
        "household file has no such header",
        "note: map.yaml:3: the mapping gives 'Vệ sinh' to sanitary_latrine, but the household "
        "file has no such header",
    ]
    # without --members, the household file alone: every absent line, as before
    mapping.write_text("Thu nhập: income_per_capita_month\n", encoding="utf-8")
    alone = invoke("classify", str(tmp_path / "counted.csv"), "-o", str(tmp_path / "a.csv"),
                   "--columns", str(mapping), *AS_OF)  # fmt: skip
    assert alone.exit_code == 0, alone.output
    assert (
        "map.yaml:1: the mapping gives 'Thu nhập' to income_per_capita_month, but the file "
        "'counted.csv' has no such header" in alone.stderr.replace(str(tmp_path) + "/", "")
    )


def _workbook(tmp_path: Path) -> tuple[Path, Path, Path]:
    from mdpoverty.io.writers import write_sheets
    from mdpoverty.io.xlsx import Sheet

    _counted, plain, members = files(tmp_path, 12)
    book = tmp_path / "ho_va_tv.xlsx"
    write_sheets(
        str(book),
        [
            Sheet("Danh sách hộ", pl.read_csv(plain, infer_schema=False)),
            Sheet("Thành viên", pl.read_csv(members, infer_schema=False)),
        ],
    )
    return book, plain, members


def test_one_workbook_holds_households_and_members(tmp_path):
    book, plain, members = _workbook(tmp_path)
    a, a_out = _classify(tmp_path, plain, members, "csv")
    assert a.exit_code == 0, a.output
    b = invoke("classify", str(book), "--sheet", "Danh sách hộ", "--members", str(book),
               "--member-sheet", "Thành viên", "-o", str(tmp_path / "book.csv"), *AS_OF)  # fmt: skip
    assert b.exit_code == 0, b.output
    left = pl.read_csv(a_out, infer_schema=False)
    right = pl.read_csv(tmp_path / "book.csv", infer_schema=False)
    assert left.select("household_id", "class", "deprived").equals(
        right.select("household_id", "class", "deprived")
    )
    for command in (["measures", "--k", "3/12"], ["report"]):
        c = invoke(command[0], str(book), "--sheet", "Danh sách hộ", "--members", str(book),
                   "--member-sheet", "Thành viên", *AS_OF, *command[1:])  # fmt: skip
        assert c.exit_code == 0, c.output


def test_the_member_sheet_error_lists_the_sheets(tmp_path):
    book, _plain, _members = _workbook(tmp_path)
    result = invoke("classify", str(book), "--sheet", "Danh sách hộ", "--members", str(book),
                    "-o", str(tmp_path / "o.csv"), *AS_OF)  # fmt: skip
    assert result.exit_code == 4
    assert "the member file" in result.stderr
    assert (
        "this workbook's sheets: Danh sách hộ, Thành viên (choose one with --member-sheet)"
        in result.stderr
    )
    missing = invoke("classify", str(book), "--sheet", "Danh sách hộ", "--members", str(book),
                     "--member-sheet", "TV", "-o", str(tmp_path / "o.csv"), *AS_OF)  # fmt: skip
    assert missing.exit_code == 4
    assert "no sheet 'TV' in this workbook (sheets: Danh sách hộ, Thành viên)" in missing.stderr


# ---------------------------------------------------------------- measures: --missing, --count

MEASURE_HH = """\
household_id,area,household_size,income_per_capita_month,non_durable_main_structures,floor_area_m2,safe_water,sanitary_latrine,uses_internet,has_information_device,wt
A,rural,2,1000000,0,30,true,true,true,true,1.5
B,rural,1,1000000,0,30,true,true,true,true,2
C,urban,3,1000000,0,30,true,true,true,true,0.25
"""
MEASURE_MEMBERS = """\
household_id,age,in_working_age,unemployed_or_no_contract,receives_social_allowance,malnourished,has_health_insurance,in_training_or_has_degree_for_age,attends_school_at_right_level
A,40,true,false,false,,true,,
A,,false,false,false,,true,,
B,40,true,false,false,,true,,
C,40,true,false,false,,true,,
C,41,true,false,false,,true,,
C,70,false,false,true,,true,,
"""


def _measures(tmp_path: Path, *extra: str, members: str = MEASURE_MEMBERS):
    import json

    h = tmp_path / "hh.csv"
    h.write_text(MEASURE_HH, encoding="utf-8")
    m = tmp_path / "mem.csv"
    m.write_text(members, encoding="utf-8")
    result = invoke("measures", str(h), "--members", str(m), "-s", "vn-2022-2025",
                    "--k", "3/12", "--format", "json", *extra)  # fmt: skip
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result, data


def test_measures_reject_a_household_the_members_leave_unknown_by_default(tmp_path):
    result, data = _measures(tmp_path)
    assert result.exit_code == 3, result.output
    acc = data["accounting"]
    assert acc["measured"] == 2 and acc["rejected"] == 1
    assert any("unknown_from_members" in reason for reason in acc["reject_reasons"])


@pytest.mark.parametrize("missing", ["not-deprived", "reweight"])
def test_an_indicator_the_members_leave_unknown_follows_missing(tmp_path, missing):
    result, data = _measures(tmp_path, "--missing", missing)
    assert result.exit_code == 0, result.output
    assert data["accounting"] == {
        "rows_read": 3, "measured": 3, "rejected": 0, "reject_reasons": {}
    }  # fmt: skip
    whole = data["results"][0]
    # A's second member has no age: the indicators whose members' condition reads the age
    # are undecided for A, and counted so; health insurance (everyone has it) is decided
    undecided = {i for i, n in whole["missing"].items() if n}
    assert undecided == {"dependents", "nutrition", "adult_education", "child_schooling"}
    assert set(whole["missing"].values()) == {0, 1}
    # C (one dependant of three) is not deprived in it; A is not counted deprived either
    assert whole["uncensored_headcount_exact"]["dependents"] == "0"


@pytest.mark.parametrize("missing", ["not-deprived", "reweight"])
def test_a_member_with_a_bad_cell_still_rejects_its_household(tmp_path, missing):
    bad = MEASURE_MEMBERS.replace("B,40,", "B,-3,")
    result, data = _measures(tmp_path, "--missing", missing, members=bad)
    assert result.exit_code == 3, result.output
    assert data["accounting"]["rejected"] == 1
    assert data["accounting"]["reject_reasons"] == {"age:member_rejected": 1}
    assert data["members"]["reject_reasons"] == {"age:out_of_range": 1}


def test_count_people_counts_each_household_as_its_roster(tmp_path):
    _result, households = _measures(tmp_path, "--missing", "not-deprived")
    assert households["count"] == "households"
    assert households["results"][0]["population_exact"] == "3"
    _result, people = _measures(tmp_path, "--missing", "not-deprived", "--count", "people")
    assert people["count"] == "people"
    assert people["results"][0]["population_exact"] == "6"  # 2 + 1 + 3 member rows
    _result, weighted = _measures(
        tmp_path, "--missing", "not-deprived", "--count", "people", "--weight", "wt"
    )
    # 2 x 1.5 + 1 x 2 + 3 x 0.25
    assert weighted["results"][0]["population_exact"] == "23/4"


def test_count_people_with_the_roster_not_household_size(tmp_path):
    # with --size-mismatch warn, household_size 5 for C but 3 member rows: 3 people
    hh = MEASURE_HH.replace("C,urban,3,", "C,urban,5,")
    h = tmp_path / "hh5.csv"
    h.write_text(hh, encoding="utf-8")
    m = tmp_path / "mem.csv"
    m.write_text(MEASURE_MEMBERS, encoding="utf-8")
    result = invoke("measures", str(h), "--members", str(m), "-s", "vn-2022-2025", "--k", "3/12",
                    "--format", "json", "--missing", "not-deprived", "--size-mismatch", "warn",
                    "--count", "people")  # fmt: skip
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.stdout)["results"][0]["population_exact"] == "6"


def test_count_people_without_members_reads_household_size(tmp_path):
    import json

    counted, plain, members = files(tmp_path, 40)
    base = [
        "measures",
        "-s",
        "vn-2022-2025",
        "--k",
        "3/12",
        "--format",
        "json",
        "--count",
        "people",
    ]
    a = invoke(*base, str(counted))
    b = invoke(*base, str(plain), "--members", str(members))
    assert a.exit_code == 0 and b.exit_code == 0, b.output
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    sizes = pl.read_csv(counted).get_column("household_size").sum()
    assert da["results"][0]["population_exact"] == str(sizes)
    assert da["results"] == db["results"]
    # a blank household_size is a rejection when people are counted, whatever --missing says
    frame = pl.read_csv(counted, infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col("household_size"))
        .alias("household_size")
    )  # fmt: skip
    frame.write_csv(tmp_path / "blank.csv")
    c = invoke(*base, str(tmp_path / "blank.csv"), "--missing", "not-deprived")
    assert c.exit_code == 3
    assert json.loads(c.stdout)["accounting"]["reject_reasons"] == {
        "household_size:missing_value": 1
    }


# ---------------------------------------------------------------- standards test: cases with members

CASES = """\
standard: vn-2022-2025
base: {area: rural, household_size: 4, income_per_capita_month: 1000000, non_durable_main_structures: 0,
       floor_area_m2: 40, safe_water: true, sanitary_latrine: true, uses_internet: true,
       has_information_device: true, working_age_unemployed: 0, dependents: 0,
       children_under16_malnourished: 0, members_6plus_without_health_insurance: 0,
       members_16_30_lacking_education: 0, children_3_15_not_in_school: 0}
member_base: {in_working_age: true, unemployed_or_no_contract: false, receives_social_allowance: false,
              malnourished: false, has_health_insurance: true}
cases:
  - name: counts
    input: {members_6plus_without_health_insurance: 1}
    expected: {class: near_poor, deprived: [health_insurance]}
  - name: a 6-year-old
    members: [{age: 40}, {age: 6, has_health_insurance: false, attends_school_at_right_level: true}]
    expected: {class: near_poor, deprived: [health_insurance]}
  - name: a 5-year-old, expected wrongly
    members: [{age: 40}, {age: 5, has_health_insurance: false, attends_school_at_right_level: true}]
    expected: {class: near_poor, deprived: [health_insurance]}
  - name: a size that differs from the roster
    input: {household_size: 3}
    members: [{age: 40}]
    expected: {class: near_poor, deprived: []}
  - name: a question left blank where it matters
    members: [{age: 10}]
    expected: {class: near_poor, deprived: []}
"""


def test_cases_with_members_run_as_classify_members(tmp_path):
    from mdpoverty.run.cases import run_cases
    from mdpoverty.standard.cases import load_cases

    path = tmp_path / "cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    results = {case.name: problem for case, problem in run_cases(load_cases(path))}
    assert results["counts"] is None
    assert results["a 6-year-old"] is None
    assert results["a 5-year-old, expected wrongly"] == (
        "deprived: expected ['health_insurance'], got []"
    )
    assert results["a size that differs from the roster"] == (
        "the household was rejected: household_size:roster_size_mismatch@1"
    )
    assert results["a question left blank where it matters"] == (
        "the household was rejected: attends_school_at_right_level:unknown_from_members@member 1"
    )
    cli = invoke("standards", "test", str(path))
    assert cli.exit_code == 3
    assert "ok   " in cli.stdout and "FAIL " in cli.stdout


def test_a_case_member_naming_its_household_is_refused(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "standard: vn-2022-2025\ncases:\n  - name: x\n    members: [{household_id: a, age: 3}]\n"
        "    expected: {class: poor}\n",
        encoding="utf-8",
    )
    result = invoke("standards", "test", str(path))
    assert result.exit_code == 4
    assert "a member gives household_id" in result.stderr


def test_an_empty_member_list_is_refused(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "standard: vn-2022-2025\ncases:\n  - name: x\n    members: []\n"
        "    expected: {class: poor}\n",
        encoding="utf-8",
    )
    result = invoke("standards", "test", str(path))
    assert result.exit_code == 4
    assert "members" in result.stderr


@pytest.mark.parametrize(
    ("where", "cell", "kind", "hint"),
    [
        ("input", "{incme_per_capita_month: 1}", "household", "income_per_capita_month"),
        ("members", "[{agee: 40}]", "member", "age"),
        ("members", "[{'[red]x[/red]': 1}]", "member", None),
    ],
)
def test_a_case_cell_of_no_known_column_is_refused(tmp_path, where, cell, kind, hint):
    path = tmp_path / "cases.yaml"
    path.write_text(
        f"standard: vn-2022-2025\ncases:\n  - name: x\n    {where}: {cell}\n"
        "    expected: {class: poor}\n",
        encoding="utf-8",
    )
    result = invoke("standards", "test", str(path))
    assert result.exit_code == 4, result.output
    assert f"is no {kind} column of this standard" in result.stderr
    if hint:
        assert f"did you mean '{hint}'?" in result.stderr
    else:
        assert "'[red]x[/red]'" in result.stderr
