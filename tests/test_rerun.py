"""Next year's run of mdpoverty's own output: a list classified with --keep-input, run again,
reads its marks back (the header over two rows, flattened to ``<group> / <own>`` by the
writer) and keeps its own ``class`` beside the new one. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()
GROUP = "Thiếu hụt các dịch vụ xã hội cơ bản"
# each indicator's own cell, as an office writes it (a label or a mark_header)
OWN = [
    "Việc làm (x)",
    "Người phụ thuộc",
    "Dinh dưỡng",
    "BHYT",
    "Trình độ giáo dục",
    "Đi học",
    "Chất lượng nhà",
    "Diện tích nhà ở",
    "Nước SH",
    "Nhà tiêu HVS",
    "Viễn thông",
    "Tiếp cận thông tin",
]
FRONT = ["Mã hộ", "Khu vực", "Số nhân khẩu", "Thu nhập bình quân đầu người/tháng (đồng)"]
# id, area, income, the marked columns (indexes of OWN): every class at its legal edge
ROWS = [
    ("H1", "nông thôn", 1_500_000, {0, 3, 8}),  # at the rural line, three marks: poor
    ("H2", "nông thôn", 1_500_000, {0, 3}),  # two marks: near-poor
    ("H3", "nông thôn", 1_500_001, {0, 3, 8}),  # one dong over the line: average
    ("H4", "nông thôn", 3_000_000, set()),  # not poor
    ("H5", "thành thị", 2_000_000, {1, 2, 9}),  # at the urban line, three marks: poor
]
CLASSES = ["poor", "near_poor", "average", "not_poor", "poor"]
CLASS = {"en": "class", "vi": "Phân loại"}
NEW = {"en": "class (new)", "vi": "Phân loại (mới)"}


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def two_row_list(path: Path) -> Path:
    """An office's list: a header over two rows, the group label over the indicators' names."""
    upper = [*FRONT, GROUP, *[""] * (len(OWN) - 1)]
    lower = [""] * len(FRONT) + OWN
    body = [
        [hid, area, 4, income, *("x" if j in marked else "" for j in range(len(OWN)))]
        for hid, area, income, marked in ROWS
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([upper, lower, *body])
    return path


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0)
    if path.suffix == ".parquet":
        return pl.read_parquet(path).cast(pl.String)
    return pl.read_csv(path, infer_schema=False)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_a_classified_list_run_again_gives_the_same_classes(tmp_path, lang, suffix):
    first = tmp_path / f"kq2024{suffix}"
    result = invoke(
        "classify", two_row_list(tmp_path / "ds.csv"), "--lang", lang, "--keep-input", "-o", first
    )
    assert result.exit_code == 0, result.stderr
    written = read(first)
    # the writer flattens the header over two rows to one: '<group> / <own>'
    assert f"{GROUP} / BHYT" in written.columns
    classes = written[CLASS[lang]].to_list()
    again = tmp_path / "again.csv"
    result = invoke("classify", first, "--lang", lang, "-o", again)
    assert result.exit_code == 0, result.stderr
    # read from the marks, as the first run read them, and said so
    assert ("deprivation marks" if lang == "en" else "dấu thiếu hụt") in result.stderr
    assert GROUP in result.stderr
    out = read(again)
    assert out[NEW[lang]].to_list() == classes  # the same classes
    assert out[CLASS[lang]].to_list() == classes  # last year's column kept as it was
    if lang == "en":
        assert classes == CLASSES


def test_a_flattened_header_with_the_keep_input_run_again(tmp_path):
    """Run again with --keep-input: last year's columns and this year's side by side, the
    added ones under free names (as the notes say), none twice."""
    first = tmp_path / "kq.csv"
    invoke("classify", two_row_list(tmp_path / "ds.csv"), "--keep-input", "-o", first)
    again = tmp_path / "again.csv"
    result = invoke("classify", first, "--keep-input", "-o", again)
    assert result.exit_code == 0, result.stderr
    out = read(again)
    for name in ("class", "deprivation_count", "deprived", "income_line"):
        assert f"'{name} (new)'" in result.stderr
        assert out[name].to_list() == out[f"{name} (new)"].to_list()
    assert out.columns.count("class") == 1
    assert "rename this column" not in result.stderr


def _flat_list(path: Path, group: str) -> Path:
    """A one-row list whose marks columns are headed '<group> / <own>'."""
    header = [*FRONT, *(f"{group} / {o}" for o in OWN)]
    body = [
        [hid, area, 4, income, *("x" if j in marked else "" for j in range(len(OWN)))]
        for hid, area, income, marked in ROWS
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    return path


@pytest.mark.parametrize("group", ["Các chỉ số thiếu hụt", "Deprivations / Dimensions"])
def test_a_one_row_group_header_naming_deprivation_holds_marks(tmp_path, group):
    out = tmp_path / "out.csv"
    result = invoke("classify", _flat_list(tmp_path / "ds.csv", group), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert read(out)["class"].to_list() == CLASSES


def test_a_one_row_group_header_not_naming_deprivation_holds_no_marks(tmp_path):
    """'Ghi chú / BHYT' is no column of marks: the columns are missing, not guessed."""
    out = tmp_path / "out.csv"
    result = invoke("classify", _flat_list(tmp_path / "ds.csv", "Ghi chú"), "-o", out)
    assert result.exit_code == 4
    assert "missing" in result.stderr
    assert not out.exists()


def test_a_one_row_group_header_negating_deprivation_is_refused_as_two_rows_are(tmp_path):
    """'Các chỉ số không thiếu hụt / BHYT': an x may say either; the mapping file must say."""
    path = _flat_list(tmp_path / "ds.csv", "Các chỉ số không thiếu hụt")
    result = invoke("classify", path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 4
    assert "not clearly as the list's deprivation marks" in result.stderr
    assert "'Các chỉ số không thiếu hụt'" in result.stderr


# --- a column the output has, in the input: compare, report and --previous ------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_compare_and_report_on_a_classified_list(tmp_path, lang):
    first = tmp_path / "kq.csv"
    result = invoke("classify", two_row_list(tmp_path / "ds.csv"), "--keep-input", "-o", first)
    assert result.exit_code == 0, result.stderr
    result = invoke("compare", first, "--lang", lang, "--alt", "quangninh-2023-2025")
    assert result.exit_code == 0, result.stderr
    result = invoke("report", first, "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.stderr
    # the previous list is the same file: its class column is read, under its own name
    result = invoke("report", first, "--lang", lang, "--previous", first, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "rename this column" not in result.stderr
    previous = json.loads(result.stdout)["previous"]
    assert previous["class_columns"] == {"vn-2022-2025": CLASS["en"]}
    assert previous["on_both_lists"] == len(ROWS)


def test_report_previous_reads_a_class_column_beside_a_held_one(tmp_path):
    """The input's own class is held while the run works; the previous list's class column
    (another file) is still the one its movements are counted from."""
    first = tmp_path / "kq.csv"
    invoke("classify", two_row_list(tmp_path / "ds.csv"), "--keep-input", "-o", first)
    previous = tmp_path / "previous.csv"
    pl.DataFrame({"household_id": ["H1", "H2", "H3"], "class": ["near_poor"] * 3}).write_csv(
        previous
    )
    result = invoke("report", first, "--previous", previous)
    assert result.exit_code == 0, result.stderr
    assert "near-poor at the previous review" in result.stdout


# --- a missing column in a header read well ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_missing_column_gives_the_mapping_line_and_no_three_row_hint(tmp_path, lang):
    """The header is read well and only the income column is headed otherwise: the message
    gives the mapping line, ready to copy, and says nothing of a header over three rows."""
    path = two_row_list(tmp_path / "ds.csv")
    header = "Thu nhập BQ đầu người/tháng (đồng)"
    text = path.read_text(encoding="utf-8").replace(FRONT[3], header)
    path.write_text(text, encoding="utf-8")
    result = invoke("classify", path, "--lang", lang, "-o", tmp_path / "out.csv")
    assert result.exit_code == 4
    line = f"'{header}': income_per_capita_month"
    assert line in result.stderr
    assert "--header-row 4-5" in result.stderr  # where the header was read, said as before
    assert "three rows" not in result.stderr and "ba dòng" not in result.stderr
    mapping = tmp_path / "m.yaml"
    mapping.write_text(line + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "--columns", mapping, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert read(out)["class"].to_list() == CLASSES


def test_a_header_quote_is_doubled_in_the_mapping_line(tmp_path):
    path = two_row_list(tmp_path / "ds.csv")
    header = "Thu nhập BQ 'tháng'"
    text = path.read_text(encoding="utf-8").replace(FRONT[3], header)
    path.write_text(text, encoding="utf-8")
    result = invoke("classify", path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 4
    assert "'Thu nhập BQ ''tháng''': income_per_capita_month" in result.stderr


@pytest.mark.parametrize("command", ["classify", "compare"])
def test_by_last_years_class_groups_by_the_held_column(tmp_path, command):
    """`--by class` on last year's list: its own class column (held under an internal name
    while the run adds its own), not this run's; grouping by the name crashed (exit 1)."""
    first = tmp_path / "kq2024.csv"
    result = invoke("classify", two_row_list(tmp_path / "ds.csv"), "-o", first)
    assert result.exit_code == 0, result.stderr
    # last year's classes changed by hand, so that they differ from this run's
    last = read(first).with_columns(pl.lit("poor").alias("class"))
    last.write_csv(first)
    extra = ["--as-of", "2025-06-30", "--alt", "quangninh-2023-2025"] * (command == "compare")
    result = invoke(command, first, "--by", "class", "-o", tmp_path / "again.csv", *extra)
    assert result.exit_code == 0, result.stderr
    # one group, last year's 'poor', holding all five households
    if command == "classify":
        assert "│ poor " in result.stdout and "│ near_poor " not in result.stdout
        assert "__user__" not in result.stdout
    else:
        groups = read(tmp_path / "again.csv").filter(pl.col("by") == "class")
        assert set(groups["group"].to_list()) == {"poor"}, groups


def test_unread_marks_under_a_label_holding_the_separator_are_named_by_their_own_cell(tmp_path):
    """Columns of marks naming no indicator, under a deprivation group whose label holds ' / '
    itself: each is listed by its own cell, and the mapping line offered names it so."""
    own = [*OWN[:-2], "Thông tin VT", "Có TV"]  # the last two name no indicator
    upper = [*FRONT, "Deprivations / Dimensions", *[""] * (len(own) - 1)]
    lower = [""] * len(FRONT) + own
    path = tmp_path / "ds.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([upper, lower, ["H1", "nông thôn", 4, 1_500_000, *[""] * 12]])
    result = invoke("classify", path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 4, result.stderr
    said = " ".join(result.stderr.split())
    assert "under 'Deprivations / Dimensions'" in said
    assert "'Thông tin VT' (closest:" in said and "'Có TV'" in said
    assert "'Thông tin VT: deprived:" in said
    assert "'Dimensions / Thông tin VT" not in said
