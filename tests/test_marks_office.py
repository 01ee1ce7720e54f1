"""Lists of deprivation marks as an office user made them (a review of the marks feature): a
column whose header is both an indicator's name and an answer's header is never read the
reverse way in silence, mdpoverty's own suggestions never offer a column of marks as an
answer, abbreviated indicator names under a deprivation group are a header over two rows, a
mapping's deprived: line takes a group column's lower cell. CliRunner, stdout and stderr
apart; the files are built here in the shapes the user's were."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.run.validation import MARK_WORDS

runner = CliRunner()

FULL = [
    "Việc làm",
    "Người phụ thuộc\ntrong hộ gia đình",
    "Dinh dưỡng",
    "BHYT",
    "Trình độ giáo dục\ncủa người lớn",
    "Tình trạng đi học\ncủa trẻ em",
    "Chất lượng\nnhà ở",
    "Diện tích nhà ở\nbình quân đầu người",
    "Nguồn nước\nsinh hoạt",
    "Nhà tiêu\nhợp vệ sinh",
    "Sử dụng dịch vụ\nviễn thông",
    "Phương tiện phục vụ\ntiếp cận thông tin",
]
ABBR = [
    "Việc làm (x)",
    "Người phụ thuộc",
    "Dinh dưỡng",
    "BH y tế",
    "Trình độ giáo dục",
    "Đi học",
    "Chất lượng nhà",
    "Diện tích\nnhà ở",
    "Nước SH",
    "Nhà tiêu\nHVS",
    "Viễn thông",
    "Tiếp cận\nthông tin",
]
FIXED = ["STT", "Họ và tên chủ hộ", "Mã hộ", "Khu vực", "Số nhân\nkhẩu", "Thu nhập BQ (đồng)"]
TAIL = ["Ghi chú"]
INCOME = "Thu nhập BQ (đồng): income_per_capita_month\n"


def _marks(*at: int) -> list[str]:
    return ["x" if i in at else "" for i in range(12)]


# (id, area, size, income, marks): the sanitation column (9) decides households 1, 3 and 4
HOUSEHOLDS = [
    ("0101", "Nông thôn", 4, "1.500.000", _marks(0, 3, 9)),  # 3 marks with sanitation: poor
    ("0102", "Nông thôn", 3, "1.500.000", _marks(0, 3)),  # 2 marks: near-poor
    ("0103", "Nông thôn", 2, "1.200.000", _marks(8, 9)),  # 2 marks with sanitation: near-poor
    ("0104", "Thành thị", 2, "2.000.000", _marks(7, 8, 9)),  # 3 with sanitation: poor
    ("0105", "Nông thôn", 4, "3.500.000", _marks()),  # not poor
]
CLASSES = ["poor", "near_poor", "near_poor", "poor", "not_poor"]


def rows(names: list[str], group: str | None) -> list[list[object]]:
    """Two title rows, a blank row, the header (under `group` over two rows, or one row of
    `names` when `group` is None), then the households."""
    out: list[list[object]] = [["UBND XÃ ĐỒN ĐẠC"], ["DANH SÁCH HỘ NGHÈO NĂM 2024"], []]
    if group is None:
        out.append([*FIXED, *names, *TAIL])
    else:
        out.append([*FIXED, group, *[""] * 11, *TAIL])
        out.append([""] * len(FIXED) + list(names) + [""])
    for n, (hid, area, size, income, marks) in enumerate(HOUSEHOLDS, 1):
        out.append([n, f"Hộ {n}", hid, area, size, income, *marks, ""])
    return out


def xlsx(path: Path, data: list[list[object]], merged: bool = True) -> Path:
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Danh sách")
    for r, row in enumerate(data):
        for c, value in enumerate(row):
            if value not in ("", None):
                ws.write(r, c, value)
    if merged and len(data) > 4 and data[4][len(FIXED)]:  # a header over rows 4-5
        ws.merge_range(3, len(FIXED), 3, len(FIXED) + 11, data[3][len(FIXED)])
        for c in [*range(len(FIXED)), len(FIXED) + 12]:
            ws.merge_range(3, c, 4, c, data[3][c])
    book.close()
    return path


def semicolon_csv(path: Path, data: list[list[object]]) -> Path:
    width = max(len(r) for r in data)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        for row in data:
            w.writerow([*row, *[""] * (width - len(row))])
    return path


def mapping(path: Path, text: str) -> Path:
    path.write_text(INCOME + text, "utf-8")
    return path


def classify(path: Path, tmp_path: Path, *args: object):
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["classify", str(path), "-o", str(out), "--as-of", "2024-12-31", *map(str, args)]
    )
    return result, out


def flat(text: str) -> str:
    return " ".join(text.split())


# the other 11 indicators read from marks by the mapping's word (a neutral group names none)
PLAIN = "".join(
    f"{' '.join(h.split())}: deprived:{i}\n"
    for h, i in zip(
        FULL,
        [
            "employment",
            "dependents",
            "nutrition",
            "health_insurance",
            "adult_education",
            "child_schooling",
            "housing_quality",
            "housing_area",
            "water",
            None,
            "telecom",
            "information_assets",
        ],
        strict=True,
    )
    if i is not None
)


def lone_group(data: list[list[object]]) -> list[list[object]]:
    """The group label alone on row 4 (not merged), the header on row 5: a header of one row."""
    head = [*FIXED, *FULL, *TAIL]
    return [*data[:3], [""] * len(FIXED) + ["Các chỉ số thiếu hụt"], head, *data[5:]]


# --- 1. an answer's header that names an indicator, in a list read from marks ---------------


@pytest.mark.parametrize("shape", ["neutral group", "lone label", "neutral group csv"])
def test_a_column_both_an_answer_and_an_indicator_stops_a_marks_run(tmp_path, shape):
    data = rows(FULL, "Các chỉ số")
    if shape == "lone label":
        path = xlsx(tmp_path / "ds.xlsx", lone_group(data), merged=False)
    elif shape == "neutral group csv":
        path = semicolon_csv(tmp_path / "ds.csv", data)
    else:
        path = xlsx(tmp_path / "ds.xlsx", data)
    columns = mapping(tmp_path / "map.yaml", PLAIN)
    result, out = classify(path, tmp_path, "--columns", columns)
    # before: exit 0, the sanitation column read as the answer (x = has a latrine), reversed
    assert result.exit_code == 4, result.stdout
    said = flat(result.stderr)
    assert "may be read two ways: as the household's answer sanitary_latrine" in said
    assert "as the deprivation marks of the indicator sanitation" in said
    assert "'Nhà tiêu hợp vệ sinh: deprived:sanitation' (marks)" in said
    assert "'Nhà tiêu hợp vệ sinh: sanitary_latrine' (answers)" in said
    assert not out.exists()
    vi = runner.invoke(
        app,
        ["classify", str(path), "-o", str(out), "--columns", str(columns), "--lang", "vi"],
    )
    assert vi.exit_code == 4
    assert "có thể đọc theo hai cách" in flat(vi.stderr)
    assert "Việc làm, Người phụ thuộc trong hộ gia đình, Dinh dưỡng, ..." in flat(vi.stderr)


def test_the_mapping_says_which_the_column_is(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", rows(FULL, "Các chỉ số"))
    marks = mapping(tmp_path / "marks.yaml", PLAIN + "Nhà tiêu hợp vệ sinh: deprived:sanitation\n")
    result, out = classify(path, tmp_path, "--columns", marks)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list() == CLASSES
    # the note names each indicator with the column it is read from
    assert "sanitation ('Nhà tiêu hợp vệ sinh')" in flat(result.stderr)
    assert "health_insurance ('BHYT')" in flat(result.stderr)
    assert "(columns under 'Các chỉ số')" in flat(result.stderr)
    # the user's word that it holds answers: read so (an x is a yes there)
    answers = mapping(
        tmp_path / "answers.yaml",
        PLAIN + "Nhà tiêu hợp vệ sinh: sanitary_latrine\nblank_means_false: [sanitary_latrine]\n",
    )
    result, out = classify(path, tmp_path, "--columns", answers)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list() == [
        "near_poor",
        "poor",
        "near_poor",
        "near_poor",
        "not_poor",
    ]


def test_answers_alone_are_not_ambiguous(tmp_path):
    # no indicator read from marks: 'Nhà tiêu hợp vệ sinh' is the answer, as ever
    path = tmp_path / "ds.csv"
    path.write_text(
        "Mã hộ,Khu vực,Số nhân khẩu,Thu nhập BQ (đồng),Nhà tiêu hợp vệ sinh\nA,rural,2,900000,x\n",
        "utf-8",
    )
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert "may be read two ways" not in result.stderr
    assert "sanitary_latrine" not in result.stderr or "missing" in result.stderr


# --- 2. mdpoverty's own suggestions never offer marks as answers -----------------------------


def test_missing_columns_never_suggest_a_column_of_marks_as_the_answer(tmp_path):
    one_row = [f"Thiếu hụt {n}" for n in ["Việc làm", "Người phụ thuộc", "Dinh dưỡng", "BHYT"]]
    one_row += [f"Thiếu hụt {n}" for n in ["Giáo dục", "Đi học", "Nhà", "Diện tích"]]
    one_row += ["Thiếu hụt Nước SH", "Thiếu hụt Nhà tiêu HVS", "Thiếu hụt Viễn thông"]
    one_row += ["Thiếu hụt Thông tin"]
    path = xlsx(tmp_path / "one.xlsx", rows(one_row, None))
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 4
    said = flat(result.stderr)
    assert "has_information_device" in said
    assert "did you mean 'Thiếu hụt" not in said
    assert "'Thiếu hụt Thông tin' looks like a column of deprivation marks" in said
    # a neutral group: the indicator's own name may be its marks or their reverse: both
    # mapping lines, never the marks one alone, and for every such column
    path = xlsx(tmp_path / "plain.xlsx", rows(FULL, "Các chỉ số"))
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 4
    said = flat(result.stderr)
    assert "did you mean 'Các chỉ số /" not in said
    assert "looks like the deprivation marks" not in said
    assert (
        "'Các chỉ số / Phương tiện phục vụ tiếp cận thông tin' names the indicator "
        "information_assets, but nothing says whether an x in it is a deprivation or its "
        "reverse" in said
    )
    assert (
        "'Phương tiện phục vụ tiếp cận thông tin: has_information_device' (its cells are the "
        "household's answers) or 'Phương tiện phục vụ tiếp cận thông tin: "
        "deprived:information_assets' (an x is a deprivation)" in said
    )
    assert "11 columns name an indicator but do not say" in said
    assert "'Các chỉ số / Việc làm' (employment)" in said


# --- 3-5. abbreviated names: a header over two rows, read as marks -------------------------


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_abbreviated_names_under_a_deprivation_group_are_read(tmp_path, kind):
    data = rows(ABBR, "Các chỉ số thiếu hụt")
    path = (
        xlsx(tmp_path / "ds.xlsx", data)
        if kind == "xlsx"
        else semicolon_csv(tmp_path / "ds.csv", data)
    )
    result, out = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 0, result.stderr
    assert "the header spans rows 4-5" in result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list() == CLASSES
    said = flat(result.stderr)
    assert "employment ('Việc làm (x)')" in said and "sanitation ('Nhà tiêu HVS')" in said


def test_one_abbreviated_name_is_enough_for_the_header(tmp_path):
    names = [*FULL]
    names[9] = "Nhà tiêu HVS"  # the only answer header under the group was the latrine's
    path = xlsx(tmp_path / "ds.xlsx", rows(names, "Các chỉ số thiếu hụt"))
    result, out = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list() == CLASSES


def test_a_deprived_line_takes_the_lower_cell(tmp_path):
    names = [*ABBR]
    names[8] = "Nước ăn"  # no indicator's name: the mapping says whose marks
    path = xlsx(tmp_path / "ds.xlsx", rows(names, "Các chỉ số thiếu hụt"))
    result, out = classify(
        path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", "Nước ăn: deprived:water\n")
    )
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list() == CLASSES
    assert "does not have" not in result.stderr  # the mapped header is found
    # an answer's line by the lower cell alone still takes no column of marks
    result, _ = classify(
        path, tmp_path, "--columns", mapping(tmp_path / "m2.yaml", "Nước ăn: safe_water\n")
    )
    assert result.exit_code == 4
    assert "safe_water" in result.stderr


def test_unread_marks_are_listed_with_their_closest_indicator(tmp_path):
    names = [*ABBR]
    names[4], names[5] = "Trình độ GD\nngười lớn", "Đi học\ntrẻ em"
    path = xlsx(tmp_path / "ds.xlsx", rows(names, "Các chỉ số thiếu hụt"))
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 4
    said = flat(result.stderr)
    assert "the 2 columns under 'Các chỉ số thiếu hụt' hold deprivation marks" in said
    assert "'Trình độ GD người lớn' (closest: adult_education)" in said
    assert "'Đi học trẻ em' (closest: child_schooling)" in said
    assert "('Trình độ GD người lớn: deprived:adult_education')" in said


def test_a_group_label_read_as_one_row_suggests_both_rows(tmp_path):
    names = [f"Cột {n}" for n in range(12)]  # no indicator's name: no header over two rows
    path = xlsx(tmp_path / "ds.xlsx", rows(names, "Các chỉ số thiếu hụt"))
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    assert result.exit_code == 4
    said = flat(result.stderr)
    assert "row 4 holds the group label 'Các chỉ số thiếu hụt'" in said
    assert "give --header-row 4-5" in said
    assert "under a group label such as" not in said


# --- 10, 11, 13 ------------------------------------------------------------------------------


def test_the_office_tick_is_a_mark():
    assert MARK_WORDS["√"] is True and MARK_WORDS["✓"] is True


def test_a_number_that_cannot_be_thousands_has_too_many_decimals(tmp_path):
    path = tmp_path / "ds.csv"
    from .test_marks import IDS

    marks = "," * len(IDS)  # every indicator from marks, none marked
    lines = [
        "household_id,area,household_size,income_per_capita_month,"
        + ",".join(f"deprived_{i}" for i in IDS)
    ]
    lines += [f"A,rural,2,1500000.3333{marks}", f"B,rural,2,1.500{marks}"]
    lines += [f"C,rural,2,1500.5{marks}", f"D,rural,2,1500.000{marks}"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result, _ = classify(path, tmp_path, "-s", "vn-2022-2025")
    rejects = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    errors = dict(zip(rejects["row"], rejects["errors"], strict=True))
    assert errors["2"] == "income_per_capita_month:too_many_decimals"
    assert "3" not in errors  # 1.500 in money: one thousand five hundred
    assert "4" not in errors
    assert errors["5"] == "income_per_capita_month:ambiguous_number"  # 1,500,000 or 1500?
    assert "row 2, column 'income_per_capita_month': more than 2 decimals" in result.stdout


def test_why_a_standard_was_chosen_comes_before_where_the_header_was_read(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", rows(FULL, "Các chỉ số"))
    result, _ = classify(path, tmp_path, "--columns", mapping(tmp_path / "m.yaml", ""))
    lines = result.stderr.splitlines()
    chosen = next(i for i, line in enumerate(lines) if "is the national standard" in line)
    read_on = next(i for i, line in enumerate(lines) if "the header was read on" in line)
    mapped = next(i for i, line in enumerate(lines) if "--columns mapping.yaml" in line)
    assert chosen < read_on < mapped


# --- 7. last year's classified list, run again --------------------------------------------


def test_a_list_classified_in_vietnamese_runs_again_keeping_its_columns(tmp_path):
    data = rows(FULL, "Các chỉ số thiếu hụt")
    data[3] = [*data[3][:-1], "Phân loại"]
    for row in data[5:]:
        row[-1] = "Hộ nghèo"  # last year's class, kept as the user has it
    path = xlsx(tmp_path / "ds.xlsx", data)
    columns = mapping(tmp_path / "m.yaml", "")
    first = tmp_path / "first.xlsx"
    result = runner.invoke(
        app, ["classify", str(path), "-o", str(first), "--columns", str(columns), "--lang", "vi"]
    )
    assert result.exit_code == 0, result.stderr
    note = "tệp dữ liệu đã có cột 'Phân loại': cột đó được giữ nguyên"
    assert note in flat(result.stderr) and "'Phân loại (mới)'" in result.stderr
    out = pl.read_excel(first)
    assert out["Phân loại"].to_list() == ["Hộ nghèo"] * 5
    assert out["Phân loại (mới)"].to_list() == [
        "Hộ nghèo",
        "Hộ cận nghèo",
        "Hộ cận nghèo",
        "Hộ nghèo",
        "Hộ không nghèo",
    ]
    # its own output run again: every added column gets a free name, none is lost
    again = tmp_path / "again.csv"
    result = runner.invoke(
        app, ["classify", str(first), "-o", str(again), "--columns", str(columns), "--lang", "vi"]
    )
    assert result.exit_code == 0, result.stderr
    header = pl.read_csv(again, infer_schema=False).columns
    assert {"Phân loại", "Phân loại (mới)", "Phân loại (mới 2)"} <= set(header)
    assert "Số chỉ số thiếu hụt (mới)" in header


# --- 8. explain names a rejected household's column and reason in words ----------------------


def test_explain_of_a_rejected_household_names_the_header_and_the_reason(tmp_path):
    data = rows(FULL, "Các chỉ số thiếu hụt")
    data[5][len(FIXED)] = "v"  # household 0101: no mark mdpoverty reads
    path = xlsx(tmp_path / "ds.xlsx", data)
    columns = mapping(tmp_path / "m.yaml", "")
    result = runner.invoke(app, ["explain", str(path), "--columns", str(columns), "--id", "0101"])
    # classify's verdict: no class, exit code 3, the reason as the rejects file gives it
    assert result.exit_code == 3, result.stderr
    said = flat(result.stdout)
    assert "No class: classify rejects this household (exit code 3), because:" in said
    assert "Các chỉ số thiếu hụt / Việc làm (deprived_employment): not a deprivation mark" in said
    assert "The list's marks are read from the columns under 'Các chỉ số thiếu hụt'." in said
    data = json.loads(
        runner.invoke(
            app, ["explain", str(path), "--columns", str(columns), "--id", "0101", "--json"]
        ).stdout
    )[0]
    assert data["class_id"] is None and data["rejected"] == ["deprived_employment:bad_mark"]
    employment, dependants = data["indicators"][:2]
    assert employment["unknown"] is True  # the mark it could not read; the others as read
    assert (
        dependants["unknown"] is False
        and dependants["mark_cell"] == "Người phụ thuộc trong hộ gia đình"
    )
    assert dependants["mark_group"] == "Các chỉ số thiếu hụt"


# --- 12. --by as report writes it, and a column under a group by its own cell ---------------


def test_by_with_a_comma_says_to_repeat_the_option(tmp_path):
    data = rows(ABBR, "Các chỉ số thiếu hụt")
    path = xlsx(tmp_path / "ds.xlsx", data)
    columns = mapping(tmp_path / "m.yaml", "")
    result, out = classify(path, tmp_path, "--columns", columns, "--by", "Mã hộ,Khu vực")
    assert result.exit_code == 4
    assert "repeat the option: --by 'Mã hộ' --by 'Khu vực'" in flat(result.stderr)
    assert not out.exists()
    result, _ = classify(path, tmp_path, "--columns", columns, "--by", "Ghi chu x")
    assert result.exit_code == 4 and "repeat the option" not in result.stderr
    result, _ = classify(path, tmp_path, "--columns", columns, "--by", "Dinh dưỡng")
    assert "'Dinh dưỡng': 'Các chỉ số thiếu hụt / Dinh dưỡng'" in flat(result.stderr)


def test_every_message_names_a_column_of_marks_by_the_files_header(tmp_path):
    """A bad mark is cited by the file's header (`Các chỉ số thiếu hụt / Đi học`), on every
    command's screen and in compare's workbook, as the rejects file does; never by the name
    mdpoverty holds it under (deprived_child_schooling), but in English after the header."""
    data = rows(ABBR, "Các chỉ số thiếu hụt")
    data[6][len(FIXED) + 5] = "abc"  # household 0102 (row 7), under 'Đi học'
    path = xlsx(tmp_path / "ds.xlsx", data)
    cols = mapping(tmp_path / "cot.yaml", "")
    header = "'Các chỉ số thiếu hụt / Đi học'"
    common = [str(path), "--columns", str(cols), "--as-of", "2024-12-31"]
    en, _ = classify(path, tmp_path, "--columns", cols)
    assert en.exit_code == 3, en.stderr
    assert f"row 7, column {header} (deprived_child_schooling): not a deprivation mark" in en.stdout
    runs = {
        "classify": ["classify", *common, "-o", str(tmp_path / "o.csv")],
        "compare": ["compare", *common, "--alt", "quangninh-2023-2025", "-o", str(tmp_path / "c.xlsx")],
        "report": ["report", *common],
        "measures": ["measures", *common, "--k", "1/3"],
    }  # fmt: skip
    for command, args in runs.items():
        result = runner.invoke(app, [*args, "--lang", "vi"], env={"COLUMNS": "200"})
        assert result.exit_code == 3, (command, result.stderr)
        screen = result.stdout + result.stderr
        assert f"dòng 7, cột {header}: không phải dấu thiếu hụt" in screen, command
        assert "deprived_" not in screen, command
    sheets = pl.read_excel(tmp_path / "c.xlsx", sheet_id=0, has_header=False)
    cells = [str(v) for frame in sheets.values() for row in frame.iter_rows() for v in row]
    assert any("Các chỉ số thiếu hụt / Đi học" in c for c in cells)
    assert not any("deprived_" in c for c in cells)
