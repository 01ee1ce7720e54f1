"""The Vietnamese terms of the outputs: one set of class headers everywhere, the standards of a
comparison named as standards, the legal wording of the indicators' columns."""

from __future__ import annotations

import re

import polars as pl
from typer.testing import CliRunner

from mdpoverty import labels
from mdpoverty.cli.app import app
from mdpoverty.standard.model import CLASS_ORDER
from tests.conftest import EXAMPLES

HOUSEHOLDS = EXAMPLES / "households.csv"
FULL = ["Hộ nghèo", "Hộ cận nghèo", "Hộ có mức sống trung bình", "Hộ không nghèo"]


def run(*args: str):
    # wide enough that no header wraps
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"}, catch_exceptions=False)


def test_every_vietnamese_class_header_is_the_full_term():
    assert [labels.class_short(c, "vi") for c in CLASS_ORDER] == FULL
    assert [labels.class_value(c, "vi") for c in CLASS_ORDER] == FULL
    assert [labels.class_label(c, "vi") for c in CLASS_ORDER] == FULL
    assert [labels.report_word(c, "vi") for c in CLASS_ORDER] == FULL
    # on the report's screen the long one on two lines, the same words
    assert [" ".join(labels.report_short(c, "vi").split()) for c in CLASS_ORDER] == FULL
    assert labels.report_word("absent", "vi") == "Không có trong danh sách"


def _cells(text: str) -> set[str]:
    return {c.strip() for line in text.splitlines() for c in re.split("[│┃]", line)}


def test_compare_and_classify_tables_head_classes_and_standards_in_full(tmp_path):
    report = tmp_path / "ss.txt"
    args = ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", "--by", "district"]
    result = run("compare", str(HOUSEHOLDS), *args, "--lang", "vi", "-o", str(report))
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    cells = _cells(text)
    assert {"Hộ nghèo", "Hộ cận nghèo", "Hộ không nghèo", "Hộ có mức sống trung bình"} <= cells
    assert not cells & {"nghèo", "cận nghèo", "trung bình", "không nghèo", "gốc", "so sánh"}
    assert {"Chuẩn gốc", "Chuẩn so sánh", "Chênh lệch", "Chuẩn so sánh / chuẩn gốc"} <= cells
    assert "(chuẩn gốc = vn-2022-2025, chuẩn so sánh = quangninh-2023-2025)" in text
    assert "gốc ↓  so sánh" not in text
    out = tmp_path / "kq.csv"
    result = run("classify", str(HOUSEHOLDS), "-s", "vn-2022-2025", "--lang", "vi",
                 "--by", "district", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not _cells(result.stdout) & {"nghèo", "cận nghèo", "trung bình", "không nghèo"}


def test_the_matrix_numbers_are_never_cut_on_a_narrow_screen(tmp_path):
    result = CliRunner().invoke(
        app,
        ["compare", str(HOUSEHOLDS), "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025",
         "--lang", "vi"],
        env={"COLUMNS": "80"},
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    matrix = result.stdout[result.stdout.index("Ma trận") :].split("\n\n")[0]
    assert "…" not in matrix
    assert "99,03%" in matrix and "2.971" in matrix


def test_report_workbook_names_absent_households_with_a_capital(tmp_path):
    book = tmp_path / "bc.xlsx"
    args = ["--previous", str(EXAMPLES / "households_previous.csv"), "--lang", "vi"]
    result = run("report", str(HOUSEHOLDS), *args, "-o", str(book))
    assert result.exit_code in (0, 3), result.output
    sheets = pl.read_excel(book, sheet_id=0, has_header=False, infer_schema_length=0)
    texts = {str(v) for frame in sheets.values() for col in frame.columns for v in frame[col]}
    assert "Không có trong danh sách" in texts
    assert "không có trong danh sách" not in texts


def test_standards_show_in_vietnamese_gives_every_unit_in_vietnamese():
    from mdpoverty.standard.catalog import shipped_summaries

    for summary in shipped_summaries():
        result = run("standards", "show", summary.id, "--lang", "vi")
        assert result.exit_code == 0, result.output
        cells = _cells(result.stdout)
        english = {"indicators", "years", "share of members", "structures", "m2/person"}
        assert not cells & english, summary.id
        assert not [c for c in cells if c.startswith("VND") or c.startswith("structures")]
    shown = run("standards", "show", "vn-2022-2025", "--lang", "vi").stdout
    assert "đồng/người/tháng" in shown and "m2/người" in shown
    assert "tỷ lệ trên số nhân khẩu" in shown and "tuổi" in shown
    # English keeps the file's own units
    assert "VND/person/month" in run("standards", "show", "vn-2022-2025").stdout


def test_template_in_vietnamese_says_how_sure_a_column_is_in_vietnamese(tmp_path):
    book = tmp_path / "mau.xlsx"
    assert run("template", str(book), "--lang", "vi").exit_code == 0
    sheets = pl.read_excel(book, sheet_id=0, infer_schema_length=0)
    texts = " ".join(str(v) for f in sheets.values() for c in f.columns for v in f[c])
    assert "Mức tin cậy" in texts
    for status in ("(legal)", "(secondary)", "(news)", "(unverified)"):
        assert status not in texts


EMPLOYMENT = "Số người không có việc làm hoặc không có hợp đồng lao động"
WATER = "Nguồn nước sinh hoạt hợp vệ sinh"


def test_the_employment_and_water_headers_are_the_legal_terms_and_the_old_ones_still_read(
    tmp_path,
):
    from mdpoverty.columns import BY_NAME, MEMBER_BY_NAME

    # the household count says what the member file's yes/no column says, the water column
    # the legal indicator's name
    member = MEMBER_BY_NAME["unemployed_or_no_contract"].vi_header
    assert (
        BY_NAME["working_age_unemployed"].vi_header == f"Số người {member[0].lower()}{member[1:]}"
    )
    assert BY_NAME["safe_water"].vi_header == WATER
    out = tmp_path / "kq.csv"
    result = run("classify", str(HOUSEHOLDS), "-s", "vn-2022-2025", "--lang", "vi", "-o", str(out))
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert EMPLOYMENT in header and WATER in header
    assert "Số người thiếu việc làm" not in header and "Nước sạch" not in header
    # a file an earlier version wrote, with its headers: read as before, the same classes
    old = tmp_path / "cu.csv"
    text = out.read_text(encoding="utf-8")
    old.write_text(
        text.replace(EMPLOYMENT, "Số người thiếu việc làm").replace(WATER, "Nước sạch"),
        encoding="utf-8",
    )
    again = tmp_path / "lai.csv"
    result = run("classify", str(old), "-s", "vn-2022-2025", "--lang", "vi", "-o", str(again))
    assert result.exit_code == 0, result.output
    first = pl.read_csv(out, infer_schema=False)
    second = pl.read_csv(again, infer_schema=False)
    assert second["Phân loại (mới)"].to_list() == first["Phân loại"].to_list()
    assert second[EMPLOYMENT].to_list() == first[EMPLOYMENT].to_list()
    assert second[WATER].to_list() == first[WATER].to_list()


def test_compare_workbook_gives_the_legal_basis_the_date_and_rules_in_words(tmp_path):
    book = tmp_path / "ss.xlsx"
    args = ["--base", "vn-2022-2025", "--alt", "vn-2027-2030", "--as-of", "2026-06-30"]
    result = run("compare", str(HOUSEHOLDS), *args, "--lang", "vi", "-o", str(book))
    assert result.exit_code == 0, result.output
    sheets = pl.read_excel(book, sheet_id=0, infer_schema_length=0)
    summary = dict(sheets["Tổng hợp"].iter_rows())
    assert summary["Chuẩn áp dụng ngày"] == "30/06/2026"
    assert summary["Căn cứ pháp lý (vn-2022-2025)"].startswith("Nghị định 07/2021/NĐ-CP")
    assert "Căn cứ pháp lý (vn-2027-2030)" in summary
    diff = sheets["Khác biệt tham số"]
    rules = diff.filter(pl.col("Loại").is_in(["Chỉ số", "Quy tắc phân loại"]))
    cells = [v for col in ("vn-2022-2025", "vn-2027-2030") for v in rules[col] if v]
    assert cells
    for cell in cells:  # words, as `standards show` writes a rule: no id, no English
        assert not re.search(r"[a-z]+_[a-z_]+|\bnot\b|<=", cell), cell
    assert "Thu nhập bình quân đầu người/tháng ≤ Mức trần hộ có mức sống trung bình" in cells
    # the English workbook keeps the expressions other programs read
    english = tmp_path / "en.xlsx"
    assert run("compare", str(HOUSEHOLDS), *args, "-o", str(english)).exit_code == 0
    diff = pl.read_excel(english, sheet_name="parameter diff", infer_schema_length=0)
    assert "income_per_capita_month <= average_band_top" in diff["vn-2022-2025"].to_list()


def test_explain_says_a_negated_yes_no_rule_plainly():
    args = ["explain", str(HOUSEHOLDS), "--id", "QN0000001"]
    vi = run(*args, "--lang", "vi").stdout
    assert f"{WATER} = Không" in " ".join(vi.split()).replace("│", "")
    assert "không (Có)" not in vi and "không (Nguồn nước" not in vi
    en = run(*args).stdout
    assert "not safe_water" in en and "true = false" in en
    assert "not (true)" not in en and "not (safe_water)" not in en
