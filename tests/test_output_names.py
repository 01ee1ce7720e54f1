"""No output holds two columns whose names match as headers are matched (case, accents and
spaces aside: `columns.header_key`), and an input's own column is never overwritten or dropped:
a column mdpoverty writes itself (compare --changes' `row`, `direction`, `class_<id>`...; the
rejects file's `row`, `errors`, `error_description`; classify's `roster_size_mismatch`; a group
column of a table beside its counts) takes a free name instead. CliRunner, stdout and stderr
apart."""

from __future__ import annotations

import csv
from pathlib import Path

import fastexcel
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import apart, header_key

from .conftest import EXAMPLES

HOUSEHOLDS = EXAMPLES / "households.csv"
MEMBERS = EXAMPLES / "members.csv"
ON = ("--as-of", "2024-12-31")


def run(*argv: str):
    return CliRunner().invoke(app, [str(a) for a in argv])


def _input(folder: Path, extra: dict[str, list[str]], rows: int = 400, bad: bool = False) -> Path:
    """The first `rows` example households with the columns `extra` (header -> the cells, in
    turn); with `bad`, the first household's size is 'abc' (a rejected row)."""
    with HOUSEHOLDS.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))[: rows + 1]
    size = lines[0].index("household_size")
    path = folder / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*lines[0], *extra])
        for i, line in enumerate(lines[1:]):
            if bad and i == 0:
                line = [*line[:size], "abc", *line[size + 1 :]]
            writer.writerow([*line, *(cells[i % len(cells)] for cells in extra.values())])
    return path


def _csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        head, *rows = list(csv.reader(fh))
    return head, rows


def _apart(head: list[str]) -> None:
    keys = [header_key(h) for h in head]
    assert len(set(keys)) == len(keys), head


def _kept(head: list[str], rows: list[list[str]], extra: dict[str, list[str]]) -> None:
    """Each input column of `extra` is in the file once, under its own name, with its cells."""
    for name, cells in extra.items():
        assert head.count(name) == 1, (name, head)
        assert {r[head.index(name)] for r in rows} <= set(cells), name


def test_apart_gives_the_first_free_name():
    assert apart("direction", ["Direction"], "new") == "direction (new)"
    assert apart("direction", ["DIRECTION", "direction (NEW)"], "new") == "direction (new 2)"
    assert apart("Phân loại", ["phan loai"], "mới") == "Phân loại (mới)"
    assert apart("row", ["rows"], "new") == "row"


# --- compare --changes: its own columns beside the input's


CHANGES_CASES = [
    {"direction": ["north", "south"]},  # was exit 4: 'two columns named direction'
    {"Direction": ["north"], "ROW": ["r1"]},  # was written beside 'direction' and 'row'
    {"class_vn-2022-2025": ["poor", "not_poor"]},  # last year's list: was exit 1 (DuplicateError)
    {"Class_vn-2022-2025": ["poor"], "Income_Line_quangninh-2023-2025": ["1"]},
    {"THAY ĐỔI": ["a"], "dòng": ["7"]},  # the Vietnamese file's 'Thay đổi', 'Dòng'
    {"__row__": ["a"], "^x$": ["b"]},  # held names: was exit 1 (ColumnNotFoundError)
]


@pytest.mark.parametrize("extra", CHANGES_CASES)
@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("keep", [False, True])
def test_changes_file_never_meets_an_input_column(
    tmp_path: Path, extra: dict[str, list[str]], lang: str, keep: bool
):
    data = _input(tmp_path, extra)
    changes = tmp_path / "changes.csv"
    argv = ["compare", data, *ON, "--changes", changes, "--lang", lang]
    result = run(*argv, *(["--keep-input"] if keep else []))
    assert result.exit_code == 0, result.stderr
    head, rows = _csv(changes)
    assert rows
    _apart(head)
    _kept(head, rows, extra)
    # the move is written, under its own name or a free one
    move = "Thay đổi" if lang == "vi" else "direction"
    moved = [h for h in head if h == move or h.startswith(f"{move} (")]
    assert moved and moved[-1] not in extra
    values = {"Khó khăn hơn", "Khá hơn", "Không đổi tình trạng"} if lang == "vi" else None
    values = values or {"worse", "better", "same status"}
    assert {r[head.index(moved[-1])] for r in rows} <= values
    # a free name is said, in the run's language
    if moved[-1] != move:
        said = " ".join(result.stderr.split())
        if lang == "vi":
            assert f"lưu ý: tệp dữ liệu đã có cột '{move}': cột đó được giữ nguyên" in said
            assert f"được ghi là '{moved[-1]}'" in said
        else:
            assert f"note: the input has a column '{move}' already: it is kept as it is" in said
            assert f"is written as '{moved[-1]}'" in said


def test_changes_free_name_in_a_workbook(tmp_path: Path):
    extra = {"Direction": ["north"], "class_vn-2022-2025": ["poor"]}
    changes = tmp_path / "changes.xlsx"
    result = run("compare", _input(tmp_path, extra), *ON, "--changes", changes)
    assert result.exit_code == 0, result.stderr
    head = fastexcel.read_excel(changes).load_sheet(0).to_polars().columns
    _apart(head)
    assert "Direction" in head and "direction (new)" in head
    assert "class_vn-2022-2025" in head and "class_vn-2022-2025 (new)" in head


# --- the rejects file's own columns


@pytest.mark.parametrize(
    "extra",
    [
        {"Row": ["1"], "ERRORS": ["e"]},
        {"Error_Description": ["d"], "row_": ["r"]},
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_rejects_file_never_meets_an_input_column(
    tmp_path: Path, extra: dict[str, list[str]], lang: str
):
    if lang == "vi":  # the Vietnamese rejects file's own headers
        extra = {"DÒNG": ["1"], "mã lỗi": ["e"], "MÔ TẢ LỖI": ["d"]}
    rejects = tmp_path / "rejects.csv"
    argv = ["classify", _input(tmp_path, extra, bad=True), "-s", "vn-2022-2025"]
    result = run(*argv, "-o", tmp_path / "o.csv", "--rejects", rejects, "--lang", lang)
    assert result.exit_code == 3, result.stderr
    head, rows = _csv(rejects)
    assert len(rows) == 1
    _apart(head)
    _kept(head, rows, extra)


# --- classify's column of size mismatches (--members --size-mismatch warn)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_size_flag_column_never_meets_an_input_column(tmp_path: Path, lang: str):
    name = "ROSTER_SIZE_MISMATCH" if lang == "en" else "số dòng thành viên khác số nhân khẩu"
    extra = {name: ["mine"]}
    out = tmp_path / "o.csv"
    result = run(
        "classify", _input(tmp_path, extra, rows=2000), "-s", "vn-2022-2025", "--members",
        MEMBERS, "--size-mismatch", "warn", "-o", out, "--lang", lang,
    )  # fmt: skip
    assert result.exit_code in (0, 3), result.stderr
    head, rows = _csv(out)
    _apart(head)
    _kept(head, rows, extra)
    flag = "roster_size_mismatch" if lang == "en" else "Số dòng thành viên khác số nhân khẩu"
    new = "new" if lang == "en" else "mới"
    assert f"{flag} ({new})" in head


# --- tables by group beside their counts


@pytest.mark.parametrize("by", ["households", "Worse"])
def test_compare_workbook_keeps_a_group_column_named_as_a_count(tmp_path: Path, by: str):
    groups = ["g1", "g2"]
    report = tmp_path / "c.xlsx"
    data = _input(tmp_path, {by: groups})
    result = run("compare", data, *ON, "--by", by, "-o", report)
    assert result.exit_code == 0, result.stderr
    sheet = fastexcel.read_excel(report).load_sheet_by_name(f"by {by}").to_polars()
    _apart(sheet.columns)
    # the groups are there (was: the column of counts written over them)
    assert sheet.columns[0] == f"{by} (group)"
    assert set(sheet.get_column(sheet.columns[0]).to_list()) == set(groups)
    assert "households" in sheet.columns


def test_report_keeps_a_unit_column_named_as_its_own(tmp_path: Path):
    data = _input(tmp_path, {"Share": ["a", "b"], "households": ["x", "y"]})
    out = tmp_path / "r.csv"
    result = run("report", data, "--by", "Share", "-o", out)
    assert result.exit_code == 0, result.stderr
    head, _ = _csv(out)
    _apart(head)
    assert "Share_unit" in head and "share" in head
    book = tmp_path / "r.xlsx"
    result = run("report", data, "--by", "households", "-o", book)
    assert result.exit_code == 0, result.stderr
    grid = fastexcel.read_excel(book).load_sheet_by_name("Households", header_row=None)
    header = next(r for r in grid.to_polars().iter_rows() if r[0] == "area")
    cells = [c for c in header if c is not None]
    _apart(cells)
    assert cells[:3] == ["area", "households (group)", "level"]
