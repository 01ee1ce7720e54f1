"""`report --previous` on last year's list as an office keeps it: its numbering, totals, blank
rows and the signature lines under the totals are skipped by the household file's own rules,
its rejects file is laid out as the household file's (in English and Vietnamese), and its lines
say one row or several."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.text import fold

from .conftest import BASE

runner = CliRunner()
AS_OF = "2025-06-30"
# incomes that give each class under vn-2022-2025 for a rural household; poor also needs three
# deprivations
INCOME = {"poor": 1_000_000, "near_poor": 1_500_000, "not_poor": 2_250_001}
DEPRIVED = {"safe_water": "false", "sanitary_latrine": "false", "uses_internet": "false"}
LABEL = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "not_poor": "Hộ không nghèo"}
# id, class before (None: not on last year's list), class now (None: not on this one)
CASES = [
    ("QN-001", "poor", "poor"),
    ("QN-002", "poor", "near_poor"),
    ("QN-003", "near_poor", "not_poor"),
    ("QN-004", "near_poor", "poor"),
    ("QN-005", "not_poor", "near_poor"),
    ("QN-006", "poor", None),
    ("QN-007", None, "poor"),
]
HEADER = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Khu vực", "Kết quả rà soát"]
TITLE = [["DANH SÁCH KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024"], ["Xã Tân Lập"], []]
FOOTER = [
    [],
    [None, None, "Người lập biểu", None, "Ngày 20 tháng 12 năm 2024"],
    [None, None, "(Ký, ghi rõ họ tên)", None, "TM. UBND XÃ"],
    [],
    [None, None, "Nguyễn Thị Lan", None, "Trần Văn Nam"],
]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def current(tmp_path: Path) -> Path:
    path = tmp_path / "now.csv"
    rows = []
    for hid, _, now in CASES:
        if now is None:
            continue
        row = {**BASE, "household_id": hid, "income_per_capita_month": INCOME[now]}
        rows.append(row | DEPRIVED if now == "poor" else row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def households(blank_after: int | None = None) -> list[list[object]]:
    rows: list[list[object]] = []
    for n, (hid, before, _) in enumerate((c for c in CASES if c[1]), 1):
        rows.append([n, hid, f"Hộ {n}", "Nông thôn", LABEL[before]])
        if n == blank_after:
            rows.append([])
    return rows


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    return path


def previous_list(path: Path, layout: str) -> Path:
    """Last year's list: 'bare' (header and households), or as an office keeps it."""
    if layout == "bare":
        return workbook(path, [HEADER, *households()])
    numbering = [f"({i})" for i in range(1, len(HEADER) + 1)]
    top = [*TITLE, HEADER, numbering]
    totals = {
        "cong": [["Cộng", None, None, None, None]],
        "tong_cong": [["Tổng cộng", None, None, None, "3 hộ nghèo"]],
        "cong_in_id_column": [[None, "Cộng", None, None, None]],
    }
    if layout == "blank_row":
        return workbook(path, [*top, *households(blank_after=2), *totals["cong"], *FOOTER])
    return workbook(path, [*top, *households(), *totals[layout], *FOOTER])


def report_json(tmp_path: Path, previous: Path) -> dict:
    result = invoke(
        "report", current(tmp_path), "--as-of", AS_OF, "--previous", previous, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("layout", ["cong", "tong_cong", "cong_in_id_column", "blank_row"])
def test_an_office_list_gives_the_movements_of_the_bare_list(tmp_path, layout):
    bare = report_json(tmp_path, previous_list(tmp_path / "bare.xlsx", "bare"))
    office = report_json(tmp_path, previous_list(tmp_path / "office.xlsx", layout))
    assert office["movements"] == bare["movements"]
    assert office["reports"][0]["unit_movements"] == bare["reports"][0]["unit_movements"]
    prev, bare_prev = office["previous"], bare["previous"]
    assert bare_prev["skipped"] == 0 and bare_prev["rejected"] == 0
    assert prev["rejected"] == 0
    assert prev["used"] == bare_prev["used"] == 6
    # the numbering row, the totals row, the footer's three lines and two blank rows (and one
    # among the households)
    skipped = {"numbering": 1, "totals": 1, "blank": 3 if layout == "blank_row" else 2, "footer": 3}
    assert prev["skipped_reasons"] == skipped
    assert prev["rows_read"] == prev["used"] + prev["skipped"]
    assert (prev["on_both_lists"], prev["absent_now"], prev["new_to_this_list"]) == (5, 1, 1)


def test_the_skipped_rows_are_named_as_the_household_files_are(tmp_path):
    previous = previous_list(tmp_path / "office.xlsx", "cong")
    en = invoke("report", current(tmp_path), "--as-of", AS_OF, "--previous", previous)
    assert en.exit_code == 0, en.output
    assert "rows read 13 = used 6 + rejected 0 + skipped 7" in en.stdout
    assert (
        "  previous list, skipped, not households: row 5 (numbering row under the header); "
        "row 12 (totals row); rows 13, 16 (2 blank rows); rows 14-15, 17 (3 rows with no "
        "household id below the totals row)\n"
    ) in en.stdout
    vi = invoke(
        "report", current(tmp_path), "--as-of", AS_OF, "--previous", previous, "--lang", "vi"
    )
    assert vi.exit_code == 0, vi.output
    assert (
        "  danh sách kỳ trước, bỏ qua, không phải hộ: dòng 5 (dòng đánh số cột dưới tiêu đề); "
        "dòng 12 (dòng tổng cộng); dòng 13, 16 (2 dòng trống); dòng 14-15, 17 (3 dòng không có "
        "mã hộ dưới dòng tổng cộng)\n"
    ) in vi.stdout


def test_a_row_without_an_id_above_the_totals_row_is_still_rejected(tmp_path):
    rows = [*TITLE, HEADER, *households()]
    rows.insert(5, [7, None, "Hộ không mã", "Nông thôn", "Hộ nghèo"])  # row 6: a household
    previous = workbook(tmp_path / "office.xlsx", [*rows, ["Cộng"], *FOOTER])
    result = invoke(
        "report", current(tmp_path), "--as-of", AS_OF, "--previous", previous, "--format", "json"
    )
    assert result.exit_code == 3, result.output
    prev = json.loads(result.stdout)["previous"]
    assert prev["reject_reasons"] == {"household_id:missing_value": 1}
    assert prev["skipped_reasons"] == {"totals": 1, "blank": 2, "footer": 3}


def _rejected_previous(tmp_path: Path) -> Path:
    rows = [HEADER, *households()]
    rows[2] = [2, None, "Hộ 2", "Nông thôn", "Hộ nghèo"]  # row 3: no id
    rows[3] = [3, "QN-003", "Hộ 3", "Nông thôn", "hộ khá giả"]  # row 4: no such class
    rows.append([7, "QN-001", "Hộ 1 lần hai", "Nông thôn", "Hộ nghèo"])  # row 8: id again
    return workbook(tmp_path / "before.xlsx", rows)


@pytest.mark.parametrize(
    ("lang", "header", "described"),
    [
        (
            "en",
            ["row", "errors", "error_description", "household_id", "Kết quả rà soát"],
            {
                "3": "Mã hộ: missing value",
                "4": "Kết quả rà soát: unknown category",
                "2": "Mã hộ: household_id appears more than once",
                "8": "Mã hộ: household_id appears more than once",
            },
        ),
        (
            "vi",
            ["Dòng", "Mã lỗi", "Mô tả lỗi", "Mã hộ", "Kết quả rà soát"],
            {
                "3": "Mã hộ: thiếu giá trị (ô trống)",
                "4": "Kết quả rà soát: giá trị không có trong danh mục",
                "2": "Mã hộ: mã hộ xuất hiện nhiều lần",
                "8": "Mã hộ: mã hộ xuất hiện nhiều lần",
            },
        ),
    ],
)
def test_the_previous_rejects_are_laid_out_as_the_household_rejects(
    tmp_path, lang, header, described
):
    previous = _rejected_previous(tmp_path)
    now = current(tmp_path)
    with now.open(encoding="utf-8") as fh:
        text = fh.read()
    # one household of this year's list rejected too, to compare the two files' headers
    now.write_text(text.replace("QN-007", ""), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    # the rejects as CSV (the previous list's follow them), not the workbook's default
    rejects = tmp_path / "r_rejects.csv"
    result = invoke(
        "report", now, "--as-of", AS_OF, "--previous", previous, "-o", out, "--lang", lang,
        "--rejects", rejects,
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    frame = pl.read_csv(tmp_path / "r_previous_rejects.csv", infer_schema=False)
    households_rejects = pl.read_csv(tmp_path / "r_rejects.csv", infer_schema=False)
    assert frame.columns == header
    assert households_rejects.columns[:3] == header[:3]
    row, errors, description = header[:3]
    assert dict(zip(frame[row], frame[description], strict=True)) == described
    assert dict(zip(frame[row], frame[errors], strict=True))["3"] == "household_id:missing_value"
    assert dict(zip(frame[row], frame[header[4]], strict=True))["4"] == "hộ khá giả"


def test_a_count_of_one_row_says_row(tmp_path):
    previous = _rejected_previous(tmp_path)
    result = invoke("report", current(tmp_path), "--as-of", AS_OF, "--previous", previous)
    assert result.exit_code == 3, result.output
    assert "previous list, column 'Mã hộ' (household_id): missing value: 1 row\n" in result.stdout
    assert "household_id appears more than once: 2 rows\n" in result.stdout
    assert "Report on 6 households from" in result.stdout


def test_a_report_on_one_household_says_household(tmp_path):
    now = tmp_path / "one.csv"
    with now.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(BASE))
        writer.writeheader()
        writer.writerow(BASE)
    result = invoke("report", now, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "Report on 1 household from" in result.stdout


@pytest.mark.parametrize(("name", "lang"), [("Mã hộ", "en"), ("household_id", "vi")])
def test_previous_class_naming_the_id_column_is_refused(tmp_path, name, lang):
    previous = previous_list(tmp_path / "bare.xlsx", "bare")
    options = ["--previous", previous, "--previous-class", name, "--lang", lang]
    result = invoke("report", current(tmp_path), "--as-of", AS_OF, *options)
    assert result.exit_code == 4, result.output
    said = {
        "en": f"--previous-class names the previous list's household id column ('{name}')",
        "vi": f"--previous-class nêu cột mã hộ của danh sách kỳ trước ('{name}')",
    }
    assert said[lang] in result.stderr
    assert not (tmp_path / "now_report_previous_rejects.csv").exists()


def test_a_class_header_that_looks_internal_is_named_as_written(tmp_path):
    previous = workbook(
        tmp_path / "before.xlsx",
        [["Mã hộ", "^kq$"], ["QN-001", "Hộ nghèo"], ["QN-002", "khá"], ["QN-003", None]],
    )
    options = ["--previous", previous, "--previous-class", "^kq$", "-o", tmp_path / "r.csv"]
    result = invoke("report", current(tmp_path), "--as-of", AS_OF, *options)
    assert result.exit_code == 3, result.output
    assert "previous list row 3, column '^kq$': unknown category ('khá')" in result.stdout
    assert "previous list, column '^kq$': missing value: 1 row\n" in result.stdout
    frame = pl.read_csv(tmp_path / "r_previous_rejects.csv", infer_schema=False)
    assert frame.columns == ["row", "errors", "error_description", "household_id", "^kq$"]
    assert frame.rows() == [
        ("3", "^kq$:unknown_category", "^kq$: unknown category", "QN-002", "khá"),
        ("4", "^kq$:missing_value", "^kq$: missing value", "QN-003", None),
    ]


def test_a_household_below_the_totals_row_is_never_skipped(tmp_path):
    """Below the totals row, a row with a class word ('Hộ cận nghèo', 'Nghèo') is a household,
    whatever its id cell: with no id it is rejected (cited, in the rejects file), with a name
    where the id should be it is used; the signature block (words and a date, no class) is still
    skipped."""
    numbering = [f"({i})" for i in range(1, len(HEADER) + 1)]
    below = [
        [8, None, "Hộ 8", "Nông thôn", "Hộ cận nghèo"],  # row 13: no id, rejected
        [None, "Lò Văn Páo", None, None, "Nghèo"],  # row 14: its id a name, no number: used
    ]
    rows = [*TITLE, HEADER, numbering, *households(), ["Cộng"], *below, *FOOTER]
    previous = workbook(tmp_path / "office.xlsx", rows)
    result = invoke(
        "report", current(tmp_path), "--as-of", AS_OF, "--previous", previous, "--format", "json"
    )
    assert result.exit_code == 3, result.output
    prev = json.loads(result.stdout)["previous"]
    assert prev["reject_reasons"] == {"household_id:missing_value": 1}
    # the numbering row, the totals row, the footer's three lines, its two blank rows
    assert prev["skipped_reasons"] == {"numbering": 1, "totals": 1, "blank": 2, "footer": 3}
    assert (prev["rows_read"], prev["used"], prev["rejected"]) == (15, 7, 1)
    # Lò Văn Páo is on the previous list only: absent now, poor before
    assert (prev["on_both_lists"], prev["absent_now"]) == (5, 2)
    assert "previous list row 13, column 'Mã hộ' (household_id): missing value" in result.stderr


_CLASS_WORDS = st.sampled_from(
    ["Hộ nghèo", "HỘ CẬN NGHÈO", "Nghèo", "can ngheo", "HN", "hcn", "poor", "near_poor",
     "Hộ không nghèo", "Hộ có mức sống trung bình", "not poor"]
)  # fmt: skip
_SIGNATURE = st.sampled_from(
    ["", "Người lập biểu", "(Ký, ghi rõ họ tên)", "Nguyễn Thị Lan", "TM. UBND XÃ",
     "Ngày 20 tháng 12 năm 2024"]
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.just(""),
        _SIGNATURE,
        # any id but a line break or a control character (the CSV's own) or a totals word
        # itself ('Cộng' in the id cell makes a totals row: see io.layout)
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
            max_size=12,
        ).filter(lambda t: fold(t).strip(" :") not in ("cong", "tong", "tong cong", "tong so")),
    ),
    _SIGNATURE,
    _CLASS_WORDS,
    st.sampled_from(["cong", "tong_cong"]),
)
def test_a_row_with_a_class_word_below_the_totals_is_never_skipped(
    tmp_path, household_id, name, label, totals
):
    from mdpoverty.io.readers import read_table
    from mdpoverty.report import spill as sp
    from mdpoverty.report.previous import open_previous, spill_previous

    from .test_report import standards

    total = {"cong": "Cộng", "tong_cong": "Tổng cộng"}[totals]
    household_id = household_id.replace(";", " ").replace('"', " ").replace("\n", " ")
    path = tmp_path / "prev.csv"
    path.write_text(
        f"STT;Mã hộ;Họ và tên chủ hộ;Phân loại\n1;QN-1;Hộ 1;Hộ nghèo\n{total};;;\n"
        f";{household_id};{name};{label}\n;;{name};\n",
        encoding="utf-8",
    )
    cs = standards()
    prev = open_previous(read_table(str(path)), cs, [], None)
    work = sp.SpillDirectory()
    try:
        spill = sp.PartitionedSpill(work.path, "previous", sp.UnitCodes(0, 10), [])
        acc = spill_previous(prev, spill, None)
    finally:
        work.close()
    # the totals row, and the last row (a signature or blank) alone are skipped
    assert acc.rows_read == 4
    assert acc.skipped == 2, acc.skipped_rows
    assert 4 not in [row for row, _ in acc.skipped_rows]
    assert acc.used + acc.rejected == 2
