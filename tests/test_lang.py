"""Results in the user's language and layout: --lang, --keep-input, --by, numbers as people write
them, consoles that cannot show Vietnamese. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty import labels
from mdpoverty.cli.app import app
from mdpoverty.cli.streams import closest
from mdpoverty.columns import CANONICAL
from mdpoverty.compare.comparison import compare_table
from mdpoverty.engine.classifier import compile_standard
from mdpoverty.io.readers import read_table
from mdpoverty.io.writers import write_json
from mdpoverty.standard.loader import load_standard

from .conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()

# An office's list: its own headers (two mapped by a --columns file), an STT column, money
# written 1.500.000, yes/no as có/không or x, a note column; two communes named Xã A in two
# districts; one row with an income that is not a number.
OFFICE_LIST = (
    "STT;Mã HGĐ;Huyện;Xã;Khu vực;Số nhân khẩu;Thu nhập BQ;Số người thiếu việc làm;"
    "Số người phụ thuộc;Số trẻ em suy dinh dưỡng;Số người không có BHYT;"
    "Số người 16-30 tuổi thiếu trình độ;Số trẻ em không đi học đúng độ tuổi;"
    "Số kết cấu không bền chắc;Diện tích nhà ở (m2);Nước sạch;Nhà tiêu hợp vệ sinh;"
    "Sử dụng internet;Có phương tiện thông tin;Ghi chú\n"
    "1;01;Ba Chẽ;Xã A;Nông thôn;4;1.500.000;1;0;0;1;0;0;0;40;có;không;có;có;\n"
    "2;02;Ba Chẽ;Xã A;nông thôn;4;1.650.000,50;0;0;0;0;0;0;0;24,5;x;x;x;x;gia đình chính sách\n"
    "3;03;Tiên Yên;Xã A;NT;4;abc;0;0;0;0;0;0;0;40;có;có;có;có;\n"
    "4;04;Tiên Yên;Xã A;thành thị;2;2.600.000;0;0;0;0;0;0;0;30;có;có;có;có;\n"
)
MAPPING = "Mã HGĐ: household_id\nThu nhập BQ: income_per_capita_month\n"


@pytest.fixture
def office(tmp_path):
    src = tmp_path / "danh-sach.csv"
    src.write_text(OFFICE_LIST, encoding="utf-8")
    mapping = tmp_path / "cot.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return src, mapping


def invoke(*args: str, **kw):
    return runner.invoke(app, list(args), **kw)


def _classify(src, mapping, out, *extra):
    return invoke(
        "classify", str(src), "--columns", str(mapping), "-o", str(out), "--as-of", "2025-01-01",
        *extra,
    )  # fmt: skip


# --------------------------------------------------------------------------- numbers and words


def test_numbers_are_written_the_way_each_language_writes_them():
    assert labels.count(2971, "en") == "2,971"
    assert labels.count(2971, "vi") == "2.971"
    assert labels.share(1, 8, "vi") == "12,50%"
    assert labels.money(1500000, "vi") == "1.500.000 đ"
    assert labels.money(Decimal("1650000.00"), "vi") == "1.650.000 đ"  # whole: written whole
    assert labels.money(Decimal("1650000.50"), "vi") == "1.650.000,50 đ"  # cents kept
    assert labels.money(Decimal("1650000.50"), "en") == "1,650,000.50 VND"
    assert labels.number(Decimal("0.5"), "vi") == "0,5"
    assert labels.number(Fraction(1, 3), "en") == "1/3"  # never rounded
    assert labels.class_value("near_poor", "vi") == "Hộ cận nghèo"
    assert labels.class_value("near_poor", "en") == "near_poor"


@pytest.mark.parametrize(
    ("char", "encoding", "expected"),
    [
        ("ộ", "cp1258", "ô\u0323"),  # cp1258's own spelling: base letter, combining tone
        ("ậ", "cp1258", "â\u0323"),
        ("è", "cp1258", "è"),
        ("ộ", "ascii", "o"),
        ("đ", "ascii", "d"),
        ("≤", "ascii", "<="),
        ("┃", "ascii", "?"),
    ],
)
def test_a_character_a_console_lacks_is_written_as_the_closest_it_has(char, encoding, expected):
    assert closest(char, encoding) == expected


@pytest.mark.parametrize("encoding", ["cp1258", "ascii"])
def test_a_console_that_cannot_show_vietnamese_never_crashes_the_summary(tmp_path, encoding):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mdpoverty.cli.app import main; main()",
            "classify",
            str(GOLDEN / "small.csv"),
            "-o",
            str(tmp_path / "o.csv"),
            "--as-of",
            "2025-01-01",
            "--lang",
            "vi",
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")
    shown = unicodedata.normalize("NFC", proc.stdout.decode(encoding))
    if encoding == "cp1258":
        assert "Hộ cận nghèo" in shown  # every Vietnamese letter survives in cp1258
    else:
        assert "Ho can ngheo" in shown
    assert "số dòng đã đọc 8" in shown or "so dong da doc 8" in shown


# --------------------------------------------------------------------------- classify


def test_default_output_is_canonical_and_english_with_whole_money(tmp_path, office):
    src, mapping = office
    out = tmp_path / "o.csv"
    result = _classify(src, mapping, out)
    assert result.exit_code == 3, result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.columns[:3] == ["STT", "household_id", "district"]
    assert frame["class"].to_list() == ["poor", "average", "average"]
    assert frame["area"].to_list() == ["rural", "rural", "urban"]
    assert frame["safe_water"].to_list() == ["true", "true", "true"]
    # whole amounts whole; cents and m2 decimals kept exactly
    assert frame["income_per_capita_month"].to_list() == ["1500000", "1650000.50", "2600000"]
    assert frame["floor_area_m2"].to_list() == ["40", "24.50", "30"]
    assert frame["deprived"].to_list()[0] == "employment;health_insurance;sanitation"


def test_vietnamese_output_headers_values_classes_and_indicators(tmp_path, office):
    src, mapping = office
    out = tmp_path / "o.csv"
    result = _classify(src, mapping, out, "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "STT,Mã hộ,Huyện,Xã,Khu vực,Số nhân khẩu,Thu nhập bình quân đầu người/tháng,"
        "Số người không có việc làm hoặc không có hợp đồng lao động,Số người phụ thuộc,"
        "Số trẻ em suy dinh dưỡng,Số người không có BHYT,Số người 16-30 tuổi thiếu trình độ,"
        "Số trẻ em không đi học đúng độ tuổi,Số kết cấu không bền chắc,Diện tích nhà ở (m2),"
        "Nguồn nước sinh hoạt hợp vệ sinh,Nhà tiêu hợp vệ sinh,Sử dụng internet,Có phương tiện thông tin,Ghi chú,"
        "Phân loại,Số chỉ số thiếu hụt,Các chỉ số thiếu hụt,Chuẩn thu nhập áp dụng"
    )
    assert lines[1] == (
        "1,01,Ba Chẽ,Xã A,Nông thôn,4,1500000,1,0,0,1,0,0,0,40,Có,Không,Có,Có,,Hộ nghèo,3,"
        "Việc làm; Bảo hiểm y tế; Nhà tiêu hợp vệ sinh,1500000"
    )
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["Phân loại"].to_list() == ["Hộ nghèo", *["Hộ có mức sống trung bình"] * 2]
    assert frame["Khu vực"].to_list() == ["Nông thôn", "Nông thôn", "Thành thị"]
    # the Vietnamese output is itself a valid input: its headers and values are read back
    again = tmp_path / "again.csv"
    result = invoke("classify", str(out), "-o", str(again), "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(again, infer_schema=False)["class"].to_list() == [
        "poor",
        "average",
        "average",
    ]


def test_rejects_keep_machine_errors_and_add_a_description_in_the_language(tmp_path, office):
    src, mapping = office
    for lang, heads, text in (
        ("en", ["row", "errors", "error_description"], "Thu nhập BQ: not a number"),
        # the codes stay machine-readable under Vietnamese headers
        ("vi", ["Dòng", "Mã lỗi", "Mô tả lỗi"], "Thu nhập BQ: không phải là số"),
    ):
        out = tmp_path / f"o_{lang}.csv"
        result = _classify(src, mapping, out, "--lang", lang)
        assert result.exit_code == 3
        rejects = pl.read_csv(tmp_path / f"o_{lang}_rejects.csv", infer_schema=False)
        row, errors, name = heads
        assert rejects.columns[:3] == heads
        assert rejects[errors].to_list() == ["income_per_capita_month:not_a_number"]
        assert rejects[name].to_list() == [text]  # the column as the file names it
        assert rejects[row].to_list() == ["4"]
    vi = _classify(src, mapping, tmp_path / "x.csv", "--lang", "vi")
    assert "dòng 4, cột 'Thu nhập BQ': không phải là số" in vi.stdout
    assert "số dòng đã đọc 4 = đã phân loại 3 + bị loại 1" in vi.stdout
    assert vi.stderr == ""


def test_keep_input_gives_the_list_back_as_written_with_the_results_added(tmp_path, office):
    src, mapping = office
    out = tmp_path / "o.csv"
    result = _classify(src, mapping, out, "--keep-input", "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    headers = OFFICE_LIST.splitlines()[0].split(";")
    assert frame.columns == [
        *headers,
        "Phân loại",
        "Số chỉ số thiếu hụt",
        "Các chỉ số thiếu hụt",
        "Chuẩn thu nhập áp dụng",
    ]
    assert frame["STT"].to_list() == ["1", "2", "4"]
    assert frame["Thu nhập BQ"].to_list() == ["1.500.000", "1.650.000,50", "2.600.000"]
    assert frame["Khu vực"].to_list() == ["Nông thôn", "nông thôn", "thành thị"]
    assert frame["Nước sạch"].to_list() == ["có", "x", "có"]
    assert frame["Ghi chú"].to_list() == [None, "gia đình chính sách", None]
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects.columns[3:5] == ["STT", "Mã HGĐ"]  # headed as the output is


def test_an_input_column_named_as_an_added_one_is_kept_and_the_added_one_renamed(
    tmp_path, household, write_csv
):
    path = write_csv([{**household(), "Phân loại": "cũ"}])
    out = tmp_path / "o.csv"
    result = invoke("classify", str(path), "-o", str(out), "--lang", "vi", "--keep-input")
    assert result.exit_code == 0, result.stderr
    assert "cột mdpoverty thêm được ghi là 'Phân loại (mới)'" in " ".join(result.stderr.split())
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["Phân loại"].to_list() == ["cũ"]  # the user's column, as it was
    assert frame["Phân loại (mới)"].to_list()[0].startswith("Hộ")


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_json_numbers_are_numbers_and_whole_money_is_whole(tmp_path, suffix):
    out = tmp_path / f"o{suffix}"
    result = invoke("classify", str(GOLDEN / "small.csv"), "-o", str(out), "--as-of", "2025-01-01")
    assert result.exit_code == 0
    if suffix == ".json":
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert rows[0]["income_per_capita_month"] == 1500000
        assert isinstance(rows[0]["income_per_capita_month"], int)
        assert rows[4]["floor_area_m2"] == 15.99
        assert rows[0]["floor_area_m2"] == 40
    else:
        frame = pl.read_csv(out, infer_schema=False)
        assert frame["income_per_capita_month"].to_list()[:2] == ["1500000", "1500001"]
        assert frame["floor_area_m2"].to_list()[3:5] == ["16", "15.99"]


def test_json_writes_each_decimal_exactly_whether_or_not_all_are_whole(tmp_path):
    dec = pl.Decimal(18, 2)
    whole = pl.DataFrame({"m": [Decimal("1500000.00"), None]}, schema={"m": dec})
    mixed = pl.DataFrame(
        {"m": [Decimal("1500000.00"), Decimal("1650000.50"), Decimal("1000000000000000.12")]},
        schema={"m": dec},
    )
    write_json(whole, str(tmp_path / "w.json"))
    write_json(mixed, str(tmp_path / "m.json"))
    assert (tmp_path / "w.json").read_text() == '[{"m":1500000},{"m":null}]'
    # digits a float would round (…000.12 is not a double) are written as held
    assert (tmp_path / "m.json").read_text() == (
        '[{"m":1500000},{"m":1650000.5},{"m":1000000000000000.12}]'
    )


def test_json_with_a_fractional_decimal_writes_every_other_column_as_the_usual_path(tmp_path):
    # a decimal with a fraction: the records are still polars' (text escaped, dates, floats,
    # true/false), the decimals spliced in as their own digits, whatever the column's name
    frame = pl.DataFrame(
        {
            'tên "hộ"': ['Nguyễn "A"\n', None, "x"],
            "n": [1, None, -3],
            "f": [0.1, 2.5, None],
            "b": [True, None, False],
            "d": [dt.date(2024, 1, 2), None, dt.date(2020, 5, 6)],
            "m": [Decimal("-0.25"), None, Decimal("100.00")],
        },
        schema_overrides={"m": pl.Decimal(18, 2)},
    )
    write_json(frame, str(tmp_path / "f.json"))
    rest = [frame.drop("m")[i : i + 1].write_json()[1:-2] for i in range(3)]  # '{...' of a row
    m = ["-0.25", "null", "100"]
    expected = "[" + ",".join(f'{r},"m":{v}}}' for r, v in zip(rest, m, strict=True)) + "]"
    assert (tmp_path / "f.json").read_text(encoding="utf-8") == expected
    assert json.loads(expected)[0]['tên "hộ"'] == 'Nguyễn "A"\n'


def test_summary_counts_carry_thousands_separators():
    args = ["classify", str(EXAMPLES / "households.csv"), "-o", "-", "--as-of", "2025-01-01"]
    en = invoke(*args)
    assert en.exit_code == 0
    assert "│ 2,971 │" in en.stderr and "│ 3,000 │" in en.stderr
    vi = invoke(*args, "--lang", "vi")
    assert "│ 2.971 │" in vi.stderr and "99,03%" in vi.stderr


def test_by_commune_keeps_communes_of_the_same_name_apart(tmp_path, office):
    src, mapping = office
    result = _classify(src, mapping, tmp_path / "o.csv", "--by", "Xã", "--lang", "vi")
    assert result.exit_code == 3, result.stderr
    out = result.stdout
    assert "vn-2022-2025: theo xã" in out
    # the two Xã A are two groups, each named with its district
    ba_che = next(line for line in out.splitlines() if "Xã A (Ba Chẽ)" in line)
    tien_yen = next(line for line in out.splitlines() if "Xã A (Tiên Yên)" in line)
    assert [c.strip() for c in ba_che.split("│")[2:4]] == ["2", "1"]  # households, poor
    assert [c.strip() for c in tien_yen.split("│")[2:4]] == ["1", "0"]
    en = _classify(src, mapping, tmp_path / "p.csv", "--by", "district")
    rows = [line for line in en.stdout.splitlines() if line.startswith("│ Ba Chẽ")]
    assert [c.strip() for c in rows[0].split("│")[1:4]] == ["Ba Chẽ", "2", "1"]
    assert "100.00%" not in rows[0]  # shares are on the line below the counts
    bad = _classify(src, mapping, tmp_path / "q.csv", "--by", "thôn")
    assert bad.exit_code == 4
    assert "--by 'thôn' names no column of the input" in bad.stderr
    assert "'Huyện'" in bad.stderr  # the valid names, as the file writes them


def test_by_groups_escape_user_text_for_the_console(tmp_path, household, write_csv):
    path = write_csv([household(household_id="A", district="[bold]D[/bold]")])
    result = invoke("classify", str(path), "-o", str(tmp_path / "o.csv"), "--by", "district")
    assert result.exit_code == 0
    assert "[bold]D[/bold]" in result.stdout


# --------------------------------------------------------------------------- other commands


def test_explain_in_vietnamese_shows_rules_with_values_and_no_ids():
    result = invoke(
        "explain", str(GOLDEN / "small.csv"), "--id", "02", "--lang", "vi",
        "-s", "quangninh-2023-2025",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "chuẩn áp dụng (Nông thôn): 2.100.000 đ" in text
    assert "với giá trị của hộ: 1.500.001 đ ≤ 2.100.000 đ và 3 ≥ 3" in text
    assert "Phân loại: Hộ nghèo, theo quy tắc 1: Thu nhập bình quân đầu người/tháng ≤" in text
    assert "0 / 4 > 0,5" in text  # a parameter shown with its value
    # the dimension by its name, once, on the first of its indicators
    assert re.search(r"│ Việc làm +│ Việc làm +│", text)
    assert re.search(r"│ Người phụ thuộc +│ +│", text)
    for english in ("employment", "working_age_unemployed", "deprivation_cutoff", "rural"):
        assert english not in text


def test_explain_json_numbers_are_numbers():
    result = invoke(
        "explain", str(GOLDEN / "small.csv"), "--id", "05", "--json", "--as-of", "2025-01-01"
    )
    data = json.loads(result.stdout)[0]
    dependents = next(v for v in data["indicators"] if v["id"] == "dependents")
    assert dependents["parameters"] == {"dependents_share_max": 0.5}
    assert dependents["dimension_vi"] == "Việc làm"
    assert data["income"] == 2600001
    assert data["terms"]["floor_area_m2"]["value"] == 15.99


def test_explain_in_english_shows_the_rule_and_its_values():
    result = invoke("explain", str(GOLDEN / "small.csv"), "--id", "05", "--as-of", "2025-01-01")
    assert result.exit_code == 0
    assert "2 / 2 > 0.5" in result.stdout
    assert "with this household's values: 2,600,001 VND ≤ 3,000,000 VND" in result.stdout


def test_compare_in_vietnamese_writes_a_changes_file_to_post(tmp_path):
    changes = tmp_path / "thay-doi.csv"
    result = invoke(
        "compare", str(GOLDEN / "small.csv"), "--as-of", "2024-12-31", "--lang", "vi",
        "--changes", str(changes),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Số hộ theo phân loại (chuẩn gốc = vn-2022-2025" in result.stdout
    assert "Hộ cận nghèo" in result.stdout
    frame = pl.read_csv(changes, infer_schema=False)
    assert frame.columns[:7] == [
        "Dòng",
        "Mã hộ",
        "Tỉnh",
        "Huyện",
        "Xã",
        "Khu vực",
        "Thu nhập bình quân đầu người/tháng",
    ]
    first = frame.row(0, named=True)
    assert first["Phân loại (vn-2022-2025)"] == "Hộ có mức sống trung bình"
    assert first["Phân loại (quangninh-2023-2025)"] == "Hộ nghèo"
    assert first["Thay đổi"] == "Khó khăn hơn"
    assert first["Khu vực"] == "Nông thôn"
    assert first["Thu nhập bình quân đầu người/tháng"] == "1500001"
    assert first["Các chỉ số thiếu hụt (vn-2022-2025)"] == (
        "Việc làm; Bảo hiểm y tế; Nhà tiêu hợp vệ sinh"
    )
    assert set(frame["Thay đổi"]) <= {"Khó khăn hơn", "Khá hơn", "Không đổi tình trạng"}


def test_compare_json_numbers_are_numbers():
    result = invoke(
        "compare", str(GOLDEN / "small.csv"), "--as-of", "2024-12-31", "--format", "json"
    )
    data = json.loads(result.stdout)
    rural = next(d for d in data["parameter_diff"] if d["item"] == "income_line.rural")
    assert (rural["base"], rural["alt"]) == (1500000, 2100000)
    diff = json.loads(invoke("standards", "diff", "vn-2022-2025", "vn-2016-2020", "--json").stdout)
    assert all(not isinstance(d["base"], str) for d in diff if d["kind"] == "parameter")


def test_compare_by_commune_keeps_communes_of_the_same_name_apart(tmp_path, office):
    src, mapping = office
    from mdpoverty.io.readers import load_mapping

    result = compare_table(
        read_table(str(src), mapping=load_mapping(mapping)),
        compile_standard(load_standard("vn-2022-2025")),
        compile_standard(load_standard("quangninh-2023-2025")),
        by=["commune"],
    )
    groups = {(g.within, g.group): g.households for g in result.breakdowns["commune"]}
    assert groups == {(("Ba Chẽ",), "Xã A"): 2, (("Tiên Yên",), "Xã A"): 1}
    assert result.breakdown_columns["commune"] == ["district", "commune"]


def test_standards_show_in_vietnamese():
    result = invoke("standards", "show", "vn-2022-2025", "--lang", "vi")
    assert result.exit_code == 0
    text = result.stdout
    assert "Chuẩn nghèo đa chiều quốc gia giai đoạn 2022-2025" in text
    assert "1.500.000" in text and "Hộ cận nghèo" in text
    assert "hiệu lực từ 01/01/2022 đến 31/12/2026" in text


@pytest.mark.parametrize(
    ("lang", "meaning"),
    [
        ("en", "Working-age members able and wanting to work with no job or no labour contract"),
        ("vi", "có khả năng, có nhu cầu làm việc nhưng không có việc làm hoặc làm việc không"),
    ],
)
def test_template_description_is_readable_at_80_columns(tmp_path, lang, meaning):
    out = tmp_path / f"t_{lang}.csv"
    result = invoke("template", str(out), "--lang", lang, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # each column starts a line of its own, its meaning indented under it
    starts = [line.split()[0] for line in lines[1:] if not line.startswith(" ")]
    assert starts == [c.name for c in CANONICAL]
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.stdout  # nothing cut
    assert meaning in " ".join(line.strip() for line in lines)  # wrapped, whole


def test_template_headers_follow_lang(tmp_path):
    for lang in ("en", "vi"):
        assert invoke("template", str(tmp_path / f"t_{lang}.csv"), "--lang", lang).exit_code == 0
    vi_header = (tmp_path / "t_vi.csv").read_text(encoding="utf-8").split(",")
    assert vi_header[0] == "Mã hộ"  # --headers follows --lang
    en_header = (tmp_path / "t_en.csv").read_text(encoding="utf-8").split(",")
    assert en_header[0] == "household_id"


def _shape(node):
    """A syntax tree without positions, to compare two parses."""
    from dataclasses import fields

    from mdpoverty.engine.expressions import Node

    if isinstance(node, tuple):
        return tuple(_shape(n) for n in node)
    if not isinstance(node, Node):
        return node
    return (type(node).__name__, *(_shape(getattr(node, f.name)) for f in fields(node)[1:]))


def _expressions():
    from mdpoverty.standard.catalog import shipped_summaries

    found = [
        "a <= x or b <= y and c >= d",
        "(a or b) and c",
        "a - (b - c) - d / (e * f)",
        "-(a + b) < 2 <= c",
        "not (a and b) or not c",
    ]
    for s in shipped_summaries():
        m = load_standard(s.id).model
        found += [i.deprived_when for i in m.indicators]
        found += [r.when for r in m.classes if r.when]
        found.append(m.income_line)
    return found


@pytest.mark.parametrize("text", _expressions())
def test_a_rule_written_out_means_what_the_standard_says(text):
    """Written with names (English), a rule parses back to the same tree: every parenthesis it
    needs is there, and the symbols (≤, ≥, ≠) are the same operators."""
    import re

    from mdpoverty.engine.expressions import parse
    from mdpoverty.explain.household import rule_text

    shown = rule_text(text, {}, "en", valued=False)
    back = shown.replace("≤", "<=").replace("≥", ">=").replace("≠", "!=")
    back = re.sub(r"(?<=\d),(?=\d{3})", "", back)  # thousands separators of numbers
    back = re.sub(r"(?<![<>!=])=(?!=)", "==", back)
    assert _shape(parse(back)) == _shape(parse(text))
