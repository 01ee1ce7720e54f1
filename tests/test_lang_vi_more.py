"""What --lang vi says beyond the errors of classify: measures' tables and rejects file, a
standard file's checks and expressions, a case file's format. CliRunner with stdout and stderr
apart; exit codes as in English."""

from __future__ import annotations

from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def _households(path, *changes: dict) -> str:
    rows = [{**BASE, "household_id": f"H{i}", **c} for i, c in enumerate(changes, 1)]
    path.write_text(
        ",".join(BASE) + "\n" + "".join(",".join(str(r[k]) for k in BASE) + "\n" for r in rows),
        encoding="utf-8",
    )
    return str(path)


def test_measures_tables_and_rejects_in_vietnamese(tmp_path):
    data = _households(
        tmp_path / "ds.csv", {}, {"safe_water": "abc"}, {"non_durable_main_structures": 1}
    )
    args = ["measures", data, "--k", "1/3", "--as-of", "2024-12-31", "--by", "commune"]
    vi = run(*args, "--lang", "vi", "--rejects", str(tmp_path / "r-vi.csv"))
    en = run(*args, "--rejects", str(tmp_path / "r-en.csv"))
    assert vi.exit_code == en.exit_code == 3, (vi.output, en.output)
    out = vi.stdout.split("✓")[0]  # the tables (the accounting names columns as the file does)
    assert out.startswith("Chỉ số nghèo đa chiều Alkire-Foster theo chuẩn vn-2022-2025")
    assert "trên 2 dòng của tệp" in out
    assert (
        "đơn vị tính: hộ (mỗi dòng một hộ); giá trị thiếu: loại các dòng có ô trống ở cột mà chỉ"
        " số cần đọc" in out
    )
    assert "k = 1/3: nghèo khi điểm thiếu hụt có trọng số >= k" in out
    for head in ("nhóm", "số dòng", "% tổng số hộ", "toàn bộ", "Xã = Xã Ba Chẽ 01", "100,00%"):
        assert head in out, head
    assert "Các chỉ số thiếu hụt tại k = 1/3 (tính trên toàn bộ hộ)" in out
    assert "dân số" not in out and "kiểm duyệt" not in out
    assert "A: cường độ thiếu hụt bình quân của hộ nghèo" in out and "│ (cả" in out
    # the standard's Vietnamese labels for indicators and dimensions, not their ids
    assert "Nhà ở" in out and "housing" not in out and "safe_water" not in out
    assert "trọng số" in out and "đóng góp" in out
    for english in ("rows", "group", "population", "Indicators", "uncensored", "contribution"):
        assert english not in out, english
    assert "poor when" in en.stdout and "housing" in en.stdout
    rejects = (tmp_path / "r-vi.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[0].startswith("Dòng,Mã lỗi,Mô tả lỗi,Mã hộ,")
    assert "safe_water: không phải có/không" in rejects[1]
    english = (tmp_path / "r-en.csv").read_text(encoding="utf-8").splitlines()
    assert english[0].startswith("row,errors,error_description,household_id,")
    # the data for programs keeps its ids whatever --lang
    js = ["measures", data, "--k", "1/3", "--as-of", "2024-12-31", "--format", "json"]
    assert run(*js, "--lang", "vi").stdout == run(*js).stdout


def test_standard_file_checks_in_vietnamese(tmp_path):
    standard = tmp_path / "s.yaml"
    standard.write_text("extends: vn-2022-2025\nid: x-test\nparamters: {}\n", encoding="utf-8")
    vi = run("standards", "validate", str(standard), "--lang", "vi")
    en = run("standards", "validate", str(standard))
    assert vi.exit_code == en.exit_code == 4
    lines = vi.stderr.splitlines()
    assert lines[0] == f"lỗi: {standard}: không phải tệp chuẩn nghèo hợp lệ (7 lỗi)"
    assert "  dòng 1: thiếu khóa bắt buộc 'version'" in lines
    assert (
        "  dòng 3: paramters: khóa 'paramters' không hợp lệ ở vị trí này (có phải là 'parameters'?)"
        in lines
    )
    assert "required" not in vi.stderr and "unknown key" not in vi.stderr
    assert "line 3: paramters: unknown key 'paramters' (did you mean 'parameters'?)" in en.stderr


def test_case_file_format_in_vietnamese(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("standard: vn-2022-2025\ncasez: []\n", encoding="utf-8")
    vi = run("standards", "test", str(cases), "--lang", "vi")
    assert vi.exit_code == 4, vi.output
    assert (
        "không phải tệp các trường hợp kiểm thử hợp lệ" in vi.stderr or "khóa 'casez'" in vi.stderr
    )
    assert "unknown key" not in vi.stderr and "problems" not in vi.stderr


def test_a_standard_file_that_is_a_list_is_refused_in_vietnamese(tmp_path):
    standard = tmp_path / "list.yaml"
    standard.write_text("- a\n- b\n", encoding="utf-8")
    vi = run("standards", "validate", str(standard), "--lang", "vi")
    en = run("standards", "validate", str(standard))
    assert vi.exit_code == en.exit_code == 4
    assert f"lỗi: {standard}: tệp chuẩn nghèo phải là một bảng khóa-giá trị YAML" in vi.stderr
    assert "a standard file is a YAML mapping" not in vi.stderr
    assert "a standard file is a YAML mapping" in en.stderr


def test_a_by_column_s_rejected_cell_is_named_as_the_file_names_it(tmp_path):
    data = _households(tmp_path / "ds.csv", {}, {"area": "miền núi"})
    text = (tmp_path / "ds.csv").read_text(encoding="utf-8").replace("area", "Khu vực", 1)
    (tmp_path / "ds.csv").write_text(text, encoding="utf-8")
    rejects = tmp_path / "r.csv"
    args = ["measures", data, "--k", "1/3", "--by", "Khu vực", "--lang", "vi"]
    result = run(*args, "--rejects", str(rejects))
    assert result.exit_code == 3, result.output
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Dòng,Mã lỗi,Mô tả lỗi,")
    assert lines[1].startswith("3,area:unknown_category,Khu vực: giá trị không có trong danh mục,")


def test_a_column_another_shipped_standard_declares_is_named_and_valued_in_vietnamese(tmp_path):
    data = tmp_path / "ds.csv"
    rows = [
        {**BASE, "household_id": f"H{i}", "waste_handled_hygienically": v}
        for i, v in enumerate(["true", "0", " Có ", "chưa rõ"], 1)
    ]
    data.write_text(
        ",".join(rows[0]) + "\n" + "".join(",".join(map(str, r.values())) + "\n" for r in rows),
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    result = run("classify", str(data), "-s", "vn-2022-2025", "--lang", "vi", "-o", str(out))
    assert result.exit_code == 0, result.output
    import csv

    read = list(csv.DictReader(out.open(encoding="utf-8")))
    header = "Rác thải sinh hoạt của hộ được thu gom, xử lý hợp vệ sinh"
    assert "waste_handled_hygienically" not in read[0]
    # yes/no words as the other yes/no columns say them; a cell it does not know as written
    assert [r[header] for r in read] == ["Có", "Không", "Có", "chưa rõ"]
    english = tmp_path / "e.csv"
    assert run("classify", str(data), "-s", "vn-2022-2025", "-o", str(english)).exit_code == 0
    kept = [r["waste_handled_hygienically"] for r in csv.DictReader(english.open())]
    # one rule in both languages: English says its yes/no words as its parsed columns do
    assert kept == ["true", "false", "true", "chưa rõ"]
