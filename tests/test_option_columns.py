"""A --by, --weight or --previous-class that names no column: the message gives the closest
columns and a handful of the file's headers with a count of the rest, never all of them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
HEADERS = ["Mã hộ", "Tỉnh", "Huyện", "Xã", "Khu vực", "Số nhân khẩu", "Trọng số"]
HEADERS += ["Thu nhập bình quân đầu người/tháng"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def wide(path: Path, extra: int = 1500) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([*HEADERS, *(f"Cột phụ {i}" for i in range(extra))])
        writer.writerow(["H1", "Quảng Ninh", "Ba Chẽ", "Đồn Đạc", "rural", 4, 1, 1000000])
    return path


@pytest.mark.parametrize(
    ("lang", "more", "close"),
    [("en", "and 1,500 more", "(closest to 'Xaa': 'Xã')"),
     ("vi", "và 1.500 cột khác", "(gần nhất với 'Xaa': 'Xã')")],
)  # fmt: skip
def test_a_wrong_by_on_a_wide_file_gives_close_matches_and_a_count(tmp_path, lang, more, close):
    path = wide(tmp_path / "ds.csv")
    result = invoke("classify", path, "--by", "Xaa", "-o", tmp_path / "o.csv", "--lang", lang)
    assert result.exit_code == 4
    (line,) = result.stderr.splitlines()
    assert (
        "'Mã hộ', 'Tỉnh', 'Huyện', 'Xã', 'Khu vực', 'Số nhân khẩu', 'Trọng số', 'Thu nhập" in line
    )
    assert line.endswith(f"{more} {close}")
    assert "Cột phụ" not in line and len(line) < 400
    report = invoke("report", path, "--by", "Xaa", "--lang", lang)
    assert report.exit_code == 4 and f"{more} {close}" in report.stderr


def test_a_wrong_weight_names_the_closest_column(tmp_path):
    path = wide(tmp_path / "ds.csv", extra=3)
    result = invoke("measures", path, "--k", "1/3", "--weight", "trong so x", "--by", "Tinh")
    assert result.exit_code == 4
    assert "its columns: 'Mã hộ', 'Tỉnh'" in result.stderr
    assert "and 3 more (closest to 'trong so x': 'Trọng số')" in result.stderr
    # a name close to nothing: the columns, no guess
    nothing = invoke("measures", path, "--k", "1/3", "--weight", "qqqqqq")
    assert nothing.exit_code == 4
    assert "and 3 more" in nothing.stderr and "closest" not in nothing.stderr


def test_a_few_columns_are_all_listed(tmp_path):
    path = wide(tmp_path / "ds.csv", extra=0)
    result = invoke("classify", path, "--by", "Huyen x", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4
    assert "'Thu nhập bình quân đầu người/tháng' (closest to 'Huyen x': 'Huyện')" in result.stderr
    assert "more" not in result.stderr


def test_a_wrong_previous_class_names_the_closest_column(tmp_path):
    before = tmp_path / "truoc.csv"
    before.write_text("Mã hộ,Phân loại,Tỉnh\nQN0000001,Hộ nghèo,x\n", encoding="utf-8")
    result = invoke("report", EXAMPLES / "households.csv", "--previous", before,
                    "--previous-class", "Phan loai cu", "--as-of", "2024-06-30")  # fmt: skip
    assert result.exit_code == 4
    assert (
        "its columns: 'Mã hộ', 'Phân loại', 'Tỉnh' (closest to 'Phan loai cu': 'Phân loại')"
        in result.stderr
    )


@pytest.mark.parametrize("command", ["classify", "compare", "measures"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "--by 'Tỉnh,Huyện' names no column of the input; to group by several columns,"
            " repeat the option: --by 'Tỉnh' --by 'Huyện'",
        ),
        (
            "vi",
            "--by 'Tỉnh,Huyện' không phải tên một cột của tệp; để nhóm theo nhiều cột, hãy lặp"
            " lại tùy chọn: --by 'Tỉnh' --by 'Huyện'",
        ),
    ],
)
def test_by_with_commas_is_told_to_repeat_the_option_by_every_command(
    tmp_path, command, lang, said
):
    """One function resolves --by for classify, compare and measures: one message. (report's
    --by is comma-separated by design: its units, top down.)"""
    path = wide(tmp_path / "ds.csv", extra=0)
    extra = {
        "classify": ["-o", tmp_path / "o.csv"],
        "compare": ["--base", "vn-2016-2020", "--alt", "vn-2022-2025"],
        "measures": ["--k", "1/3"],
    }
    result = invoke(command, path, "--by", "Tỉnh,Huyện", *extra.get(command, []), "--lang", lang)
    assert result.exit_code == 4, result.stderr
    assert said in " ".join(result.stderr.split()), result.stderr
    assert "--weight" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.csv"]  # nothing written


def test_a_weight_with_commas_is_one_column_and_names_its_option_alone(tmp_path):
    path = wide(tmp_path / "ds.csv", extra=0)
    result = invoke("measures", path, "--k", "1/3", "--weight", "Tỉnh,Huyện")
    assert result.exit_code == 4
    line = " ".join(result.stderr.split())
    assert "--weight 'Tỉnh,Huyện' names no column of the input; its columns: 'Mã hộ'" in line
    assert "repeat" not in line and "--by" not in line


@pytest.mark.parametrize("command", ["classify", "report", "measures"])
def test_the_value_is_quoted_and_escaped(tmp_path, command):
    path = wide(tmp_path / "ds.csv", extra=0)
    extra = {"classify": ["-o", tmp_path / "o.csv"], "measures": ["--k", "1/3"]}
    name = "x\x1b[31my\u200bz"
    result = invoke(command, path, "--by", name, *extra.get(command, []))
    assert result.exit_code == 4, result.stderr
    assert "--by 'x\\x1b[31my\\u200bz' names no column of the input" in result.stderr
    assert "\x1b" not in result.stderr and "\u200b" not in result.stderr


@pytest.mark.parametrize("command", ["classify", "measures"])
@pytest.mark.parametrize("name", ["huyện", "Huyện", "Quận/huyện", "huyen"])
def test_by_takes_the_vietnamese_header_of_a_canonical_column(tmp_path, command, name):
    # the example's header is `district`; --lang vi tables head it `Huyện`, so a user types that
    extra = ["--k", "3/12"] if command == "measures" else ["-o", tmp_path / "o.csv"]
    result = invoke(command, EXAMPLES / "households.csv", "--by", name, *extra)
    assert result.exit_code == 0, result.stderr
    assert "Ba Chẽ" in result.stdout
    by_district = invoke(command, EXAMPLES / "households.csv", "--by", "district", *extra)
    assert result.stdout == by_district.stdout
