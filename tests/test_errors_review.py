"""Mends from a review of the errors as a commune officer meets them (--lang vi and en): a
clean-up never hides the failure, options said in Vietnamese, labels translated, a decimal
comma in --k, --member-encoding, values shown as typed. CliRunner with stdout/stderr apart."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import writers, xlsx

from .conftest import EXAMPLES

runner = CliRunner()
HOUSEHOLDS = EXAMPLES / "households.csv"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _disk_full(*_args: object, **_kw: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


_real_close = zipfile.ZipFile.close


def _close_on_full_disk(self: zipfile.ZipFile) -> None:
    """zipfile's close on a full disk: its file is closed, then the directory's write fails."""
    was_open = self.fp is not None
    _real_close(self)
    if was_open:
        _disk_full()


# ---------------------------------------------------------------- 1. clean-up after a failure


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_full_disk_on_xlsx_is_reported_though_closing_the_workbook_fails_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    # a full disk fails the sheet's write, and then the zip's directory written on closing
    monkeypatch.setattr(xlsx.SheetWriter, "_write", _disk_full)
    monkeypatch.setattr(zipfile.ZipFile, "close", _close_on_full_disk)
    out = tmp_path / "x.xlsx"
    result = run("classify", HOUSEHOLDS, "-o", out, "--lang", lang)
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    assert str(out) in result.stderr
    assert ("ổ đĩa đã đầy" if lang == "vi" else "the disk is full") in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_full_disk_on_a_sink_is_reported_though_its_clean_up_fails_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    real_put, real_abandon = writers._Sink.put, writers._Sink.abandon

    def put(self: writers._Sink, frame: object) -> None:
        real_put(self, frame)
        _disk_full()  # the sink took the frame, and the disk is full

    def abandon(self: writers._Sink) -> None:
        real_abandon(self)
        _disk_full()  # a clean-up that fails after doing its work

    monkeypatch.setattr(writers._Sink, "put", put)
    monkeypatch.setattr(writers._Sink, "abandon", abandon)
    out = tmp_path / f"x{suffix}"
    result = run("classify", HOUSEHOLDS, "-o", out, "--lang", "vi")
    assert result.exit_code == 4, result.output
    assert f"{out}: không ghi được tệp này: ổ đĩa đã đầy" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_failing_clean_up_of_one_writer_still_removes_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_abandon = xlsx.Workbook.abandon

    def abandon(self: xlsx.Workbook) -> None:
        real_abandon(self)
        _disk_full()

    monkeypatch.setattr(xlsx.SheetWriter, "_write", _disk_full)
    monkeypatch.setattr(xlsx.Workbook, "abandon", abandon)
    out, rejects = tmp_path / "x.xlsx", tmp_path / "loai.csv"
    result = run("classify", HOUSEHOLDS, "-o", out, "--rejects", rejects, "--members",
                 EXAMPLES / "members.csv")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "the disk is full" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == []


def test_full_disk_on_a_report_workbook_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx.SheetWriter, "_write", _disk_full)
    monkeypatch.setattr(zipfile.ZipFile, "close", _close_on_full_disk)
    out = tmp_path / "bao-cao.xlsx"
    # the rejects (by default a workbook beside it) as CSV, so the report's workbook is the one
    rejects = tmp_path / "loai.csv"
    result = run("report", HOUSEHOLDS, "-o", out, "--rejects", rejects, "--lang", "vi")
    assert result.exit_code == 4, result.output
    assert f"{out}: không ghi được tệp này: ổ đĩa đã đầy" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == []


def test_full_disk_on_a_default_rejects_workbook_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx.SheetWriter, "_write", _disk_full)
    monkeypatch.setattr(zipfile.ZipFile, "close", _close_on_full_disk)
    out = tmp_path / "bao-cao.xlsx"
    result = run("report", HOUSEHOLDS, "-o", out, "--lang", "vi")
    assert result.exit_code == 4, result.output
    rejects = tmp_path / "bao-cao_rejects.xlsx"
    assert f"{rejects}: không ghi được tệp này: ổ đĩa đã đầy" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == []


# ---------------------------------------------------------------- 2. choosing a standard


@pytest.mark.parametrize(
    ("options", "vi", "en"),
    [
        (["-s", "vn-2022"], "không có chuẩn nghèo nào mã 'vn-2022' (các chuẩn có sẵn: ",
         "no standard with id 'vn-2022'"),
        (["-s", "./nope.yaml"], "tệp chuẩn nghèo './nope.yaml' không tồn tại",
         "standard file './nope.yaml' not found"),
        (["--as-of", "2040-01-01"], "không có chuẩn quốc gia nào có hiệu lực ngày 01/01/2040",
         "expected one national standard in force on 2040-01-01, found none"),
        (["--as-of", "01/01/2010"], "không có chuẩn quốc gia nào có hiệu lực ngày 01/01/2010",
         "in force on 2010-01-01"),
    ],
)  # fmt: skip
def test_choosing_a_standard_is_said_in_vietnamese(
    tmp_path: Path, options: list[str], vi: str, en: str
) -> None:
    for lang, want in (("vi", vi), ("en", en)):
        result = run("classify", HOUSEHOLDS, "-o", tmp_path / "x.csv", *options, "--lang", lang)
        assert result.exit_code == 4, result.output
        assert result.stdout == ""
        assert want in result.stderr
        assert not (tmp_path / "x.csv").exists()


def test_standards_validate_of_a_missing_file_or_a_folder_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("standards", "validate", "./nope.yaml", "--lang", "vi")
    assert result.exit_code == 4
    assert "tệp chuẩn nghèo './nope.yaml' không tồn tại" in result.stderr
    (tmp_path / "d").mkdir()
    result = run("standards", "validate", "./d", "--lang", "vi")
    assert result.exit_code == 4
    assert "là một thư mục, không phải tệp chuẩn nghèo" in result.stderr


def test_a_file_named_without_its_path_gets_the_advice_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tinh").write_text("id: x\n", encoding="utf-8")
    result = run("classify", HOUSEHOLDS, "-o", "x.csv", "-s", "tinh", "--lang", "vi")
    assert result.exit_code == 4
    assert "để dùng tệp 'tinh', hãy viết đường dẫn của nó: ./tinh" in result.stderr


# ---------------------------------------------------------------- 3. labels placed into messages


@pytest.mark.parametrize(
    ("name", "vi", "en"),
    [
        ("x.docx", "không rõ định dạng '.docx' của tệp mẫu: hãy dùng .csv, .xlsx",
         "unknown output format '.docx' for the template"),
        ("no-folder/x.csv", "thư mục của tệp mẫu không tồn tại",
         "the folder for the template does not exist"),
    ],
)  # fmt: skip
def test_template_says_its_own_label_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, vi: str, en: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("template", name, "--lang", "vi")
    assert result.exit_code == 4
    assert vi in result.stderr
    assert "the template" not in result.stderr
    assert en in run("template", name, "--lang", "en").stderr
    assert list(tmp_path.iterdir()) == []


def test_standard_output_is_named_in_vietnamese() -> None:
    from mdpoverty import messages
    from mdpoverty.errors import OutputError

    exc = OutputError("cannot write", file="<standard output>", key="output.exists")
    assert messages.say(exc, "vi").startswith("<đầu ra chuẩn>: ")
    assert messages.say(exc, "en").startswith("<standard output>: ")


# ---------------------------------------------------------------- 4. measures' accounting


@pytest.mark.parametrize("to_file", [False, True])
def test_measures_table_says_its_accounting_in_vietnamese(
    tmp_path: Path, write_csv, household, to_file: bool
) -> None:
    src = write_csv([household(household_id="H1"), household(household_id="H2", household_size=-3)])
    out = ["-o", tmp_path / "do.txt"] if to_file else []
    result = run("measures", src, "--k", "1/3", *out, "--lang", "vi")
    assert result.exit_code == 3, result.output
    said = (tmp_path / "do.txt").read_text(encoding="utf-8") if to_file else result.stdout
    assert "rows read" not in said and "rows read" not in result.stdout
    assert "số dòng đã đọc 2 = đã tính 1 + bị loại 1 + bỏ qua 0" in said
    assert "dòng 3, cột 'household_size': ngoài khoảng cho phép ('-3')" in said
    assert "out of range" not in said
    assert "--rejects PATH ghi mọi dòng bị loại, kèm lý do" in said
    english = run("measures", src, "--k", "1/3", "--lang", "en")
    assert "row 3, column 'household_size': out of range ('-3')" in english.stdout


# ---------------------------------------------------------------- 5. --k with a decimal comma


@pytest.mark.parametrize(
    ("typed", "exact"), [("0,33", "33/100"), ("33,33%", "3333/10000"), ("0,5", "1/2")]
)
def test_k_with_a_decimal_comma_is_exact(typed: str, exact: str) -> None:
    import json

    result = run("measures", HOUSEHOLDS, "--k", typed, "--format", "json")
    assert result.exit_code == 0, result.output
    (k,) = {(r["k_exact"], r["k_text"]) for r in json.loads(result.stdout)["results"]}
    assert k == (exact, typed)


def test_k_with_a_comma_and_the_same_k_with_a_point_measure_the_same() -> None:
    import json

    def results(k: str) -> list:
        out = json.loads(run("measures", HOUSEHOLDS, "--k", k, "--format", "json").stdout)
        return [{n: v for n, v in r.items() if n != "k_text"} for r in out["results"]]

    assert results("0,33") == results("0.33")


@pytest.mark.parametrize(
    ("typed", "vi", "en"),
    [
        ("abc", "'abc': không phải là số", "'abc': not a number"),
        ("nan", "'nan': không phải số hữu hạn", "'nan': not a finite number"),
        ("1" * 40, "quá nhiều chữ số", "too many digits"),
        ("1/0", "'1/0': mẫu số bằng 0", "'1/0': division by zero"),
        ("1.000,5", "'1.000,5': không phải số chính xác", "'1.000,5': not an exact number"),
        ("-0,5", "lớn hơn 0 và không quá 1 (1/3, 0,5, 33,33%), không phải -0,5",
         "more than 0 and at most 1 (1/3, 0.5, 33.33%), not -0,5"),
    ],
)  # fmt: skip
def test_a_bad_k_says_why(typed: str, vi: str, en: str) -> None:
    for lang, want in (("vi", vi), ("en", en)):
        result = run("measures", HOUSEHOLDS, "--k", typed, "--lang", lang)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert want in " ".join(result.stderr.split())


# ---------------------------------------------------------------- 6. --member-encoding


def _members_in(tmp_path: Path, encoding: str, header_note: bool) -> Path:
    """The example member file with a note column in Vietnamese, saved in `encoding`; the
    note in the header (read first) or in the rows only (read by the run)."""
    lines = (EXAMPLES / "members.csv").read_text(encoding="utf-8").splitlines()
    note = "Ghi chú" if header_note else "note"
    text = "\n".join([lines[0] + f",{note}", *(line + ",Ông bà" for line in lines[1:])]) + "\n"
    path = tmp_path / "thanh-vien.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("header_note", [True, False])
@pytest.mark.parametrize("command", ["classify", "report", "measures", "compare", "explain"])
def test_member_file_in_cp1258_beside_a_utf8_household_file(
    tmp_path: Path, command: str, header_note: bool
) -> None:
    members = _members_in(tmp_path, "cp1258", header_note)
    args: list[object] = [command, HOUSEHOLDS]
    if command == "explain":
        args += ["--id", "QN0000001"]
    if command == "measures":
        args += ["--k", "1/3"]
    if command == "compare":
        args += ["--alt", "quangninh-2023-2025"]
    args += ["--members", members, "--as-of", "2024-12-31"]
    result = run(*args, "--lang", "vi")
    assert result.exit_code == 4, result.output
    assert "hãy thử --member-encoding cp1258" in result.stderr
    assert "--encoding cp1258" not in result.stderr
    english = run(*args)
    assert "try --member-encoding cp1258" in english.stderr
    fixed = run(*args, "--member-encoding", "cp1258")
    assert fixed.exit_code in (0, 3), fixed.output
    assert "UTF-8" not in fixed.stderr


def test_member_encoding_defaults_to_the_household_files(
    tmp_path: Path, write_csv, household
) -> None:
    households = write_csv(
        [household(household_id="QN0000001", province="Quang Ninh", district="Tien Yen",
                   commune="Đông Đô")],
        encoding="cp1258",
    )  # fmt: skip
    members = _members_in(tmp_path, "cp1258", True)
    result = run("classify", households, "--members", members, "--encoding", "cp1258",
                 "-o", tmp_path / "kq.csv", "--as-of", "2024-12-31")  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    assert (tmp_path / "kq.csv").exists()


# ---------------------------------------------------------------- 11. dates, types, numbers


def test_compare_without_alt_lists_the_provincial_standards_with_vietnamese_dates() -> None:
    result = run("compare", HOUSEHOLDS, "--as-of", "2026-06-01", "--lang", "vi")
    assert result.exit_code == 4, result.output
    said = " ".join(result.stderr.split())
    assert "có hiệu lực ngày 01/06/2026" in said
    assert "dongnai-2022-2025 (10/08/2022 – 31/12/2025)" in said
    assert "2022-08-10" not in said and " to " not in said
    english = " ".join(run("compare", HOUSEHOLDS, "--as-of", "2026-06-01").stderr.split())
    assert "dongnai-2022-2025 (2022-08-10 to 2025-12-31)" in english


def test_a_cut_text_says_its_length_in_vietnamese() -> None:
    from mdpoverty import messages
    from mdpoverty.errors import InputError

    exc = InputError("no", column="x" * 1200, key="input.not_found")
    assert messages.say(exc, "vi").endswith("... (1.200 ký tự)': không tìm thấy tệp")
    assert "... (1,200 characters)'" in messages.say(exc, "en")


def test_a_mapping_that_marks_a_number_column_yes_no_names_its_type_in_vietnamese(
    tmp_path: Path,
) -> None:
    mapping = tmp_path / "cot.yaml"
    mapping.write_text("blank_means_false: [household_size]\n", encoding="utf-8")
    result = run("classify", HOUSEHOLDS, "--columns", mapping, "-o", tmp_path / "x.csv",
                 "--lang", "vi")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "(cột này chứa giá trị kiểu số nguyên)" in result.stderr


def test_standards_test_shows_class_labels_and_grouped_numbers(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "standard: vn-2022-2025\n"
        "base: {household_id: c, area: rural, household_size: 4, income_per_capita_month: 1000000,"
        " working_age_unemployed: 0, dependents: 0, children_under16_malnourished: 0,"
        " members_6plus_without_health_insurance: 0, members_16_30_lacking_education: 0,"
        " children_3_15_not_in_school: 0, non_durable_main_structures: 0, floor_area_m2: 40,"
        " safe_water: true, sanitary_latrine: true, uses_internet: true,"
        " has_information_device: true}\n"
        "cases:\n"
        "  - name: sai\n"
        "    input: {income_per_capita_month: 1500000, working_age_unemployed: 1}\n"
        "    expected: {class: poor, deprivation_count: 3, income_line: 2000000}\n"
        "  - name: dung\n"
        "    input: {income_per_capita_month: 1500000, working_age_unemployed: 1}\n"
        "    expected: {class: near_poor}\n",
        encoding="utf-8",
    )
    vi = run("standards", "test", cases, "--lang", "vi")
    assert vi.exit_code == 3, vi.output
    lines = vi.stdout.splitlines()
    assert lines[0] == (
        f"KHÔNG ĐẠT {cases}: sai: phân loại (kỳ vọng: Hộ nghèo, kết quả: Hộ cận nghèo); số chỉ"
        " số thiếu hụt (kỳ vọng: 3, kết quả: 1); chuẩn thu nhập (kỳ vọng: 2.000.000, kết quả:"
        " 1.500.000)"
    )
    assert lines[1] == f"ĐẠT       {cases}: dung"  # the names in one column
    en = run("standards", "test", cases)
    assert "class: expected poor, got near_poor" in en.stdout
    assert "income_line: expected 2000000, got 1500000" in en.stdout
    assert f"ok   {cases}: dung" in en.stdout


# ---------------------------------------------------------------- 12. wording


def test_wording_of_outputs_and_rejected_rows(tmp_path: Path, write_csv, household) -> None:
    same = run("classify", HOUSEHOLDS, "-o", tmp_path / "a.csv", "--rejects", tmp_path / "a.csv",
               "--lang", "vi")  # fmt: skip
    assert same.exit_code == 4
    assert "trỏ tới cùng một tệp" in same.stderr
    src = write_csv([household(household_id="H1", household_size=-3)])
    explained = run("explain", src, "--id", "H1", "--lang", "vi")
    assert explained.exit_code == 3
    assert "Không phân loại: classify loại hộ này (mã thoát 3), vì:" in explained.stdout
    mapping = tmp_path / "cot.yaml"
    mapping.write_text("Mã hộ: ma_ho_xyz\n", encoding="utf-8")
    bad = run("classify", src, "--columns", mapping, "-o", tmp_path / "x.csv", "--lang", "vi")
    assert "không có cột nào tên 'ma_ho_xyz'" in bad.stderr


def test_a_household_with_no_member_rows_is_said_so(tmp_path: Path) -> None:
    members = tmp_path / "tv.csv"
    lines = (EXAMPLES / "members.csv").read_text(encoding="utf-8").splitlines()
    members.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    result = run("classify", HOUSEHOLDS, "--members", members, "-o", tmp_path / "x.csv",
                 "--as-of", "2024-12-31", "--lang", "vi")  # fmt: skip
    assert result.exit_code == 3, result.output
    assert "hộ này không có dòng nào trong tệp thành viên" in result.stdout


# ---------------------------------------------------------------- 10. a mapping saved as ANSI


def test_a_mapping_file_saved_as_ansi_gets_the_advice_to_save_it_as_utf8(tmp_path: Path) -> None:
    mapping = tmp_path / "cot.yaml"
    # what Notepad's ANSI writes on a Vietnamese Windows: cp1258 ('â' is one byte, 0xE2)
    mapping.write_bytes(
        "Ma ho: household_id\nThu nh\xe2p: income_per_capita_month\n".encode("cp1258")
    )
    result = run("classify", HOUSEHOLDS, "--columns", mapping, "-o", tmp_path / "x.csv",
                 "--lang", "vi")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert f"{mapping}:2: tệp không phải UTF-8 hợp lệ (tại byte thứ 27): hãy lưu tệp dưới" in (
        " ".join(result.stderr.split())
    )
    assert "UTF-8" in result.stderr and "Notepad" in result.stderr
    english = run("classify", HOUSEHOLDS, "--columns", mapping, "-o", tmp_path / "x.csv")
    assert "save it as UTF-8" in " ".join(english.stderr.split())


# ---------------------------------------------------------------- 9. one line, cut


def test_a_rejected_cell_under_a_header_with_a_line_break_stays_on_one_line(
    tmp_path: Path, household
) -> None:
    row = household(household_id="H1", household_size="4\n5")
    header = ",".join('"Số nhân\nkhẩu"' if c == "household_size" else c for c in row)
    cells = ",".join(f'"{v}"' for v in row.values())
    src = tmp_path / "ds.csv"
    src.write_text(f"{header}\n{cells}\n", encoding="utf-8")
    result = run("classify", src, "-o", tmp_path / "x.csv", "--lang", "vi")
    assert result.exit_code == 3, result.output
    # row 2, as Excel shows it, though the header takes lines 1 and 2
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("  dòng ")]
    assert line.startswith("  dòng 2, cột 'Số nhân")
    # however `quoted` shows the line break, header and cell stay on this one line
    assert "khẩu': không phải là số ('4" in line and line.endswith("5')")


def test_a_mapping_line_with_a_line_break_is_shown_on_one_line(tmp_path: Path) -> None:
    mapping = tmp_path / "cot.yaml"
    mapping.write_text('"Thu nhập\\nBQ": income_per_capita_monthx\n', encoding="utf-8")
    result = run("classify", HOUSEHOLDS, "--columns", mapping, "-o", tmp_path / "x.csv",
                 "--lang", "vi")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "không có cột nào tên 'income_per_capita_monthx'" in result.stderr
    long = tmp_path / "dai.yaml"
    long.write_text(f'"{"Thu nhập " * 100}": income_per_capita_monthx\n', encoding="utf-8")
    result = run("classify", HOUSEHOLDS, "--columns", long, "-o", tmp_path / "x.csv",
                 "--lang", "vi")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "ký tự): không có cột nào tên" in result.stderr
    assert len(max(result.stderr.splitlines(), key=len)) < 300


# ---------------------------------------------------------------- 7. values as typed


def test_an_option_value_is_shown_as_typed(tmp_path: Path) -> None:
    src = tmp_path / "ds.csv"
    src.write_text("a,b\n" + "1,2\n" * 1200, encoding="utf-8")
    result = run("classify", src, "--header-row", "1500", "-o", tmp_path / "x.csv",
                 "--lang", "vi")  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "--header-row 1500: tệp chỉ có 1.201 dòng" in result.stderr


# ---------------------------------------------------------------- 8. the file's own headers


def _vietnamese_headers(tmp_path: Path, household, **changes: object) -> Path:
    from mdpoverty.columns import BY_NAME

    row = household(**changes)
    src = tmp_path / "ds.csv"
    header = ",".join(BY_NAME[c].vi_header for c in row)
    src.write_text(header + "\n" + ",".join(str(v) for v in row.values()) + "\n", "utf-8")
    return src


def test_explain_names_the_files_own_headers_under_vi(tmp_path: Path, household) -> None:
    src = _vietnamese_headers(tmp_path, household, household_id="H1", income_per_capita_month="abc")
    result = run("explain", src, "--id", "H1", "--lang", "vi")
    assert result.exit_code == 3, result.output
    assert "\n  Thu nhập bình quân đầu người/tháng: không phải là số\n" in result.stdout
    assert "income_per_capita_month" not in result.stdout + result.stderr
    missing = run("explain", src, "--id", "H9", "--lang", "vi")
    assert missing.exit_code == 4
    assert "không có hộ nào mã 'H9' (cột 'Mã hộ')" in missing.stderr
    assert "household_id" not in missing.stderr
    assert "no household with household_id 'H9'" in run("explain", src, "--id", "H9").stderr


def test_measures_weight_is_named_as_the_file_names_it(tmp_path: Path, household) -> None:
    src = _vietnamese_headers(tmp_path, household, household_id="H1")
    result = run("measures", src, "--k", "1/3", "--weight", "so nhan khau", "--lang", "vi")
    assert result.exit_code == 4, result.output
    assert "--weight nêu 'Số nhân khẩu'" in result.stderr
    assert "household_size" not in result.stderr
