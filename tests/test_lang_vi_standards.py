"""The last English under --lang vi: a standard file's value and type checks (pydantic's kinds,
references, areas, weights and k), its expressions' compile errors, and `standards test`'s own
case checks, said in Vietnamese with the YAML path, ids and the user's text as written and the
exit code unchanged. CliRunner with stdout and stderr apart; each case is also run in English,
so that the test proves the English sentence is gone, not merely that some Vietnamese is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty import messages
from mdpoverty.cli.app import app

from .conftest import BASE
from .test_messages import MISSING, SITES

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "thresholds" / "vn-2022-2025.yaml"
CASES = ROOT / "thresholds" / "tests" / "vn-2022-2025.yaml"

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def mutate(tmp_path: Path, old: str, new: str, name: str = "s.yaml") -> Path:
    text = NATIONAL.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def english_sentence(stderr: str, path: str) -> str:
    """The English message after its YAML path (`file:line: path: message`), first line."""
    first = " ".join(stderr.splitlines()[0].split())
    return first.split(f": {path}: ", 1)[1]


def both(*args: str):
    vi, en = run(*args, "--lang", "vi"), run(*args)
    return vi, en


# ------------------------------------------------------------- 1. values and types of a standard


VALUES = [
    ('version: "2026.2"', "version: 2026", "version",
     'phải là văn bản, không phải số 2026: hãy đặt trong dấu ngoặc kép, "2026"'),
    ("    status: legal\n", "    status: legall\n", "parameters.income_line.status",
     "phải là legal, news, secondary hoặc unverified, không phải văn bản 'legall'"
     " (có phải là 'legal'?)"),
    ("    reference: [decree-07-2021]\n    by: area", "    reference: [decree-07-2022]\n    by: area",
     "parameters.income_line.reference[0]",
     "không có nguồn 'decree-07-2022' (có phải là 'decree-07-2021'?): một nguồn (reference) là"
     " mã của một mục trong 'references'"),
    ("    reference: [decree-07-2021]\n    by: area", "    reference: decree-07-2021\n    by: area",
     "parameters.income_line.reference",
     "phải là một danh sách (mỗi mục một dòng '- ', hoặc [a, b]), không phải văn bản"
     " 'decree-07-2021': hãy viết [decree-07-2021]"),
    ("      rural: 1500000", "      rural: 1.500.000", "parameters.income_line.values.rural",
     "'1.500.000' được YAML đọc là văn bản, không phải số: số trong YAML viết liền, không có dấu"
     " phân cách hàng nghìn, ví dụ 1500000"),
    ("      rural: 1500000", "      nong_thon: 1500000",
     "parameters.income_line.values.nong_thon",
     "không rõ khu vực 'nong_thon': giá trị theo khu vực ghi đúng rural (nông thôn) và urban"
     " (thành thị)"),
    ("valid_to: 2026-12-31", "valid_to: 2026-12-31\nk: 3/2", "k",
     "k là một tỷ lệ của điểm thiếu hụt có trọng số, lớn hơn 0 và không quá 1, không phải 3/2"),
    ("valid_to: 2026-12-31", "valid_to: 2026-12-31\nk: một phần ba", "k",
     "không phải là số"),
    ("valid_from: 2022-01-01", "valid_from: 01/01/2022", "valid_from",
     "'01/01/2022' không phải ngày mà YAML đọc được: hãy viết năm trước, 2022-01-01"),
    ("id: vn-2022-2025", "id: Chuẩn Đồng Nai", "id",
     "'Chuẩn Đồng Nai' không phải mã hợp lệ: mã chỉ gồm chữ thường a-z, chữ số và '-'; có phải"
     " là 'chuan-dong-nai'?"),
    ("jurisdiction:\n  level: national\n", "jurisdiction:\n  level: national\n  province: X\n",
     "jurisdiction", "chuẩn cấp tỉnh phải ghi tỉnh (province); chuẩn quốc gia thì không ghi"),
    ("  - id: employment\n    dimension: employment\n",
     "  - id: employment\n    dimension: employmnt\n", "indicators[0].dimension",
     "không rõ chiều 'employmnt' (có phải là 'employment'?): các chiều là"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "path", "vietnamese"), VALUES)
def test_a_standard_files_value_and_type_checks_in_vietnamese(tmp_path, old, new, path, vietnamese):
    standard = mutate(tmp_path, old, new)
    vi, en = both("standards", "validate", str(standard))
    assert vi.exit_code == en.exit_code == 4, vi.output
    first = " ".join(vi.stderr.splitlines()[0].split())
    # the file, line and YAML path as the English gives them, then the Vietnamese sentence
    assert first.startswith(f"lỗi: {standard}:"), first
    assert f": {path}: {vietnamese}" in first, first
    assert english_sentence(en.stderr, path) not in vi.stderr
    assert vi.stdout == ""


def test_a_missing_status_in_vietnamese_and_the_sentence_gone(tmp_path):
    standard = mutate(
        tmp_path, "    status: legal\n    reference: [decree-07-2021]\n    by: area",
        "    reference: [decree-07-2021]\n    by: area",
    )  # fmt: skip
    vi, en = both("standards", "show", str(standard))
    assert vi.exit_code == en.exit_code == 4
    assert ": parameters.income_line: thiếu khóa bắt buộc 'status'" in vi.stderr
    assert "required" not in vi.stderr and "required" in en.stderr


def test_several_problems_are_listed_in_vietnamese(tmp_path):
    standard = mutate(tmp_path, 'version: "2026.2"', "version: 2026\nprovisional: maybe")
    vi, en = both("standards", "validate", str(standard))
    assert vi.exit_code == en.exit_code == 4
    assert "không phải tệp chuẩn nghèo hợp lệ (2 lỗi)" in vi.stderr
    assert "provisional: phải là true hoặc false, không phải văn bản 'maybe'" in vi.stderr
    assert "must be" not in vi.stderr and "must be true or false" in en.stderr


def test_an_inherited_problem_says_where_it_was_inherited_from_in_vietnamese(tmp_path):
    parent = mutate(tmp_path, "    status: legal\n", "    status: legal\n", "parent.yaml")
    (tmp_path / "child.yaml").write_text(
        "format_version: 1\nid: x-child\nversion: '1'\ntitle: {vi: Con, en: Child}\n"
        "jurisdiction: {level: national}\nextends: ./parent.yaml\nvalid_from: 2024-01-01\n"
        "references: [{id: own, title: Own}]\n"
        "dimensions: [{id: only, label: {vi: Một, en: One}}]\n",
        encoding="utf-8",
    )
    vi, en = both("standards", "validate", str(tmp_path / "child.yaml"))
    assert vi.exit_code == en.exit_code == 4, vi.output
    assert "không rõ chiều 'employment'" in vi.stderr
    assert "thừa hưởng phần này từ" in vi.stderr and f"{parent}" in vi.stderr
    assert "inherits this from" not in vi.stderr and "inherits this from" in en.stderr


def test_classify_and_compare_with_a_bad_standard_file_say_it_in_vietnamese(tmp_path):
    standard = mutate(tmp_path, "      rural: 1500000", "      rural: 1500000 VND")
    data = tmp_path / "ds.csv"
    data.write_text(
        ",".join(BASE) + "\n" + ",".join(str(v) for v in BASE.values()) + "\n", encoding="utf-8"
    )
    expected = (
        "parameters.income_line.values.rural: '1500000 VND' được YAML đọc là văn bản, không phải"
        " số: hãy chỉ ghi con số, không kèm đơn vị"
    )
    for args in (
        ["classify", str(data), "-s", str(standard), "-o", str(tmp_path / "out.csv")],
        ["compare", str(data), "--alt", str(standard)],
    ):
        vi, en = both(*args)
        assert vi.exit_code == en.exit_code == 4, (args, vi.output)
        assert expected in " ".join(vi.stderr.split()), vi.stderr
        assert "write the number alone" not in vi.stderr
        assert "write the number alone" in en.stderr
    assert not (tmp_path / "out.csv").exists()


# ---------------------------------------------------------------- 2. expressions' compile errors

EXPRESSIONS = [
    ("income_per_capita_mont > 1",
     "không rõ tên 'income_per_capita_mont' (có phải là 'income_per_capita_month'?)"
     " (tại ký tự 1)", 0),
    ("foo(income_per_capita_month) > 1",
     "không có hàm 'foo' (các hàm có: abs, all, any, count, deprived, max, min, share, sum)"
     " (tại ký tự 1)", 0),
    ("abs(1, 2) > 1", "sai số đối số của abs(): hàm này nhận đúng 1 đối số (tại ký tự 1)", 0),
    ("min() > 1", "sai số đối số của min(): hàm này nhận ít nhất 1 đối số (tại ký tự 1)", 0),
    ("income_per_capita_month >",
     "biểu thức kết thúc khi chưa viết xong (tại ký tự 26)", 25),
    ("(income_per_capita_month > 1", "cần ')' ở vị trí này, nhưng biểu thức đã kết thúc"
     " (tại ký tự 29)", 28),
    ("income_per_capita_month > 1 1", "'1' không hợp lệ ở vị trí này (tại ký tự 29)", 28),
    ("income_per_capita_month = 1",
     "ký tự '=' không dùng được trong biểu thức: để so sánh bằng, hãy viết == (tại ký tự 25)",
     24),
    ("income_per_capita_month.real > 1",
     "ký tự '.' không dùng được trong biểu thức: biểu thức không có phép lấy thuộc tính bằng"
     " dấu chấm (tại ký tự 24)", 23),
    ("safe_water + 1 > 2", "'+' cần một số, không phải một giá trị đúng/sai (tại ký tự 1)", 0),
    ("income_per_capita_month + 1",
     "biểu thức này phải cho một giá trị đúng/sai, nhưng lại cho một số (tại ký tự 1)", 0),
    ("any(age > 60)", "any() tổng hợp theo các thành viên của hộ: chỉ dùng được trong"
     " from_members của một chỉ số (tại ký tự 1)", 0),
]  # fmt: skip


@pytest.mark.parametrize(("expression", "vietnamese", "position"), EXPRESSIONS)
def test_an_expressions_compile_error_in_vietnamese(tmp_path, expression, vietnamese, position):
    standard = mutate(
        tmp_path,
        "    deprived_when: working_age_unemployed >= 1",
        f"    deprived_when: '{expression}'",
    )
    vi, en = both("standards", "validate", str(standard))
    assert vi.exit_code == en.exit_code == 4, vi.output
    lines = vi.stderr.splitlines()
    assert f": indicators[0].deprived_when: {vietnamese}" in lines[0], lines[0]
    # the expression as written, and the caret under the character named
    assert lines[1] == "  " + expression
    assert lines[2] == "  " + " " * position + "^"
    english = english_sentence(en.stderr, "indicators[0].deprived_when")
    assert english.split(" (at character")[0] not in vi.stderr
    assert "(at character" not in vi.stderr


def test_the_caret_sits_under_an_escaped_expression_in_both_languages(tmp_path):
    """A zero-width space and a right-to-left override are shown as their codes (six columns
    each, not zero): the caret under the unknown name counts the columns printed."""
    standard = mutate(
        tmp_path,
        "    deprived_when: working_age_unemployed >= 1",
        "    deprived_when: \"'x\\u200b\\u202e' == area and agee > 1\"",
    )
    for result in both("standards", "validate", str(standard)):
        assert result.exit_code == 4, result.output
        lines = result.stderr.splitlines()
        assert lines[1] == "  'x\\u200b\\u202e' == area and agee > 1", lines
        assert lines[2].index("^") == lines[1].index("agee"), lines


def test_an_expression_error_in_classify_is_vietnamese_with_its_yaml_path(tmp_path):
    standard = mutate(
        tmp_path, "    deprived_when: working_age_unemployed >= 1", "    deprived_when: agee > 1"
    )
    data = tmp_path / "ds.csv"
    data.write_text(",".join(BASE) + "\n", encoding="utf-8")
    vi = run("classify", str(data), "-s", str(standard), "--lang", "vi")
    assert vi.exit_code == 4, vi.output
    assert "indicators[0].deprived_when: không rõ tên 'agee'" in vi.stderr
    assert "unknown name" not in vi.stderr


# ------------------------------------------------------------------- 3. standards test's checks


def cases_file(tmp_path: Path, cases: str, name: str = "cases.yaml") -> Path:
    head = CASES.read_text(encoding="utf-8").split("member_base:")[0]
    path = tmp_path / name
    path.write_text(head + "cases:\n" + cases, encoding="utf-8")
    return path


CASE_CHECKS = [
    ("  - name: a\n    inputt: {}\n    expected: {class: poor}\n",
     "cases[0].inputt: khóa 'inputt' không hợp lệ ở vị trí này (có phải là 'input'?)",
     "unknown key"),
    ("  - name: a\n    expected: {class: poorr}\n",
     "cases[0].expected.class: phải là poor, near_poor, average hoặc not_poor, không phải văn"
     " bản 'poorr' (có phải là 'poor'?)", "must be"),
    ("  - name: a\n    expected: {class: not_poor, deprived: [watr]}\n",
     "ca kiểm thử 'a': kỳ vọng thiếu hụt 'watr', nhưng vn-2022-2025 không có chỉ số này"
     " (có phải là 'water'?)", "which is no indicator"),
    ("  - name: a\n    input: {agee: 3}\n    expected: {class: poor}\n",
     "ca kiểm thử 'a': 'agee' không phải cột hộ nào của chuẩn nghèo này", "is no household column"),
    ("  - name: a\n    expected: {class: poor}\n  - name: a\n    expected: {class: poor}\n",
     "tên các ca kiểm thử phải khác nhau: a", "must be unique"),
    ("  - name: a\n    expected: {class: poor, deprivation_count: ba}\n",
     "cases[0].expected.deprivation_count: phải là một số nguyên, không phải văn bản 'ba'",
     "whole number"),
    ("  - name: a\n    expected: {class: poor, deprived: water}\n",
     "cases[0].expected.deprived: phải là một danh sách", "must be a list"),
]  # fmt: skip


@pytest.mark.parametrize(("cases", "vietnamese", "english"), CASE_CHECKS)
def test_standards_tests_own_case_checks_in_vietnamese(tmp_path, cases, vietnamese, english):
    path = cases_file(tmp_path, cases)
    vi, en = both("standards", "test", str(path))
    assert vi.exit_code == en.exit_code == 4, vi.output
    assert vietnamese in " ".join(vi.stderr.split()), vi.stderr
    assert english in en.stderr and english not in vi.stderr
    assert vi.stdout == ""


def test_standards_tests_report_lines_in_vietnamese(tmp_path):
    path = cases_file(
        tmp_path,
        "  - name: cơ sở\n    expected: {class: near_poor}\n"
        "  - name: sai\n    expected: {class: poor, deprived: [water]}\n",
    )
    vi, en = both("standards", "test", str(path))
    assert vi.exit_code == en.exit_code == 3, vi.output
    lines = vi.stdout.splitlines()
    assert lines[0] == f"ĐẠT       {path}: cơ sở"
    assert lines[1] == (
        f"KHÔNG ĐẠT {path}: sai: phân loại (kỳ vọng: Hộ nghèo, kết quả: Hộ cận nghèo); các chỉ"
        " số thiếu hụt (kỳ vọng: water, kết quả: (không có))"
    )
    assert "expected" not in vi.stdout and "FAIL" in en.stdout


# ------------------------------------------------------------ every key of these paths has a form

PATHS = (
    "standard/problems.py",
    "standard/wording.py",
    "standard/model.py",
    "standard/loader.py",
    "standard/weights.py",
    "standard/cases.py",
    "engine/expressions.py",
    "run/cases.py",
    "exact.py",
)


def test_every_key_these_paths_use_has_a_vietnamese_form():
    """The keys are read from the code (tests/test_messages.py's scan of every error and Said
    made), not listed here: a message added to these paths without a form fails this test."""
    found = {p: [s for s in SITES if s.where.split(":")[0] == p] for p in PATHS}
    assert all(found.values()), [p for p, s in found.items() if not s]
    assert not [m for m in MISSING if m.split(":")[0] in PATHS]
    keys = {s.key for sites in found.values() for s in sites}
    assert len(keys) > 80
    assert not sorted(k for k in keys if k not in messages.VI)
