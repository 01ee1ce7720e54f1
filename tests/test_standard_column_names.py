"""A standard's column is refused when it loads (file, line, YAML path) if mdpoverty may write a
column of its name for any standard (`class_<id>`, ... as `output_name` makes them), or if no
expression can name it (`class_vn-2022-2025`, a header with a space): never a column that loads
and is then called missing, nor an 'unknown name' error suggesting the name it cannot read.
CliRunner, stdout and stderr apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import (
    OUTPUTS,
    SCORE_OUTPUTS,
    STANDARD_ID,
    expression_name,
    output_name,
    reserved,
)
from mdpoverty.engine.classifier import output_names

from .conftest import EXAMPLES

HOUSEHOLDS = EXAMPLES / "households.csv"


def run(*argv: str):
    return CliRunner().invoke(app, [*argv])


def _standard(folder: Path, sid: str, column: str, part: str = "columns", uses: bool = True):
    """A provincial standard `sid` extending quangninh-2023-2025 with the column `column`
    (line 12: its name) and, with `uses`, an indicator reading it."""
    path = folder / f"{sid}.yaml"
    indicator = (
        "add_indicators:\n  - id: extra_x\n    dimension: housing\n"
        "    label: {vi: Thêm, en: Extra}\n"
        f"    deprived_when: {column} >= 1\n    status: unverified\n    reference: [r1]\n"
    )
    path.write_text(
        f"format_version: 1\nid: {sid}\nversion: '1'\ntitle: {{vi: Thử, en: Test}}\n"
        "jurisdiction: {level: provincial, province: Quảng Ninh}\n"
        "extends: quangninh-2023-2025\nvalid_from: 2023-03-30\nvalid_to: 2025-12-31\n"
        "references:\n  - {id: r1, title: Ref}\n"
        f"{part}:\n  {column}:\n    type: integer\n    label: {{vi: Cột, en: Column}}\n"
        + (indicator if uses else ""),
        encoding="utf-8",
    )
    return path


def _input(folder: Path, *extra: str) -> Path:
    """The example households with integer columns `extra`, 2 in each."""
    lines = HOUSEHOLDS.read_text(encoding="utf-8").splitlines()
    text = [",".join([lines[0], *extra])] + [
        ",".join([ln, *("2" for _ in extra)]) for ln in lines[1:]
    ]
    path = folder / "in.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


# --- 1. every name mdpoverty may add for any standard id is reserved


def test_a_column_named_like_another_standards_output_is_refused_at_load(tmp_path: Path):
    # the attacker's run: aa's column class_bb loaded, then with bb beside it the input's class_bb
    # was held as the user's and aa was told it was missing
    aa = _standard(tmp_path, "aa", "class_bb")
    bb = _standard(tmp_path, "bb", "other_col")
    data = _input(tmp_path, "class_bb", "other_col")
    result = run("classify", str(data), "-s", str(aa), "-s", str(bb), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stdout
    assert "required column missing" not in result.stderr
    said = " ".join(result.stderr.split())
    assert said.startswith(
        f"error: {aa}:12: columns.class_bb: the column name 'class_bb' is how mdpoverty names a"
        " column it adds for each standard when several are run at once (class_<standard id>)"
    )
    assert not (tmp_path / "o.csv").exists()
    # alone, too: whether a standard loads never depends on which others are run beside it
    alone = run("standards", "validate", str(aa), "--lang", "vi")
    assert alone.exit_code == 4
    assert (
        "columns.class_bb: tên cột 'class_bb' là cách mdpoverty đặt tên một cột nó thêm cho mỗi"
        " chuẩn khi chạy nhiều chuẩn cùng lúc" in " ".join(alone.stderr.split())
    )


@pytest.mark.parametrize("output", [*OUTPUTS, *SCORE_OUTPUTS])
@pytest.mark.parametrize("part", ["columns", "member_columns"])
def test_each_suffixed_output_name_is_refused(tmp_path: Path, output: str, part: str):
    name = output_name(output, "x2025", True)
    path = _standard(tmp_path, "aa", name, part, uses=False)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    assert f"{path}:12: {part}.{name}: the column name '{name}' is " in result.stderr


@given(st.from_regex(re.compile(rf"\A{STANDARD_ID}\Z"), fullmatch=True), st.booleans())
def test_every_name_a_standard_id_gives_an_output_is_reserved(sid: str, score: bool):
    # the names the runs write (engine.classifier.output_names), whatever the id
    for name in output_names(sid, True, score=score).values():
        assert reserved(name) is not None, name


@pytest.mark.parametrize(
    "name", ["classes", "class_", "my_class_bb", "deprivation_counts", "income_lines", "class2"]
)
def test_a_name_near_them_is_accepted(tmp_path: Path, name: str):
    assert reserved(name) is None
    result = run("standards", "validate", str(_standard(tmp_path, "aa", name)))
    assert result.exit_code == 0, result.stderr


# --- 2. a name no expression can read is refused where the standard gives it


@pytest.mark.parametrize(
    ("name", "like"),
    [
        ("class_vn-2022-2025", "class_vn_2022_2025"),
        ("so-nguoi", "so_nguoi"),
        ("số_người", "so_nguoi"),
        ("2nd_floor", "c_2nd_floor"),
        ("and", None),
        ("true", None),
        ("a.b", "a_b"),
    ],
)
@pytest.mark.parametrize("part", ["columns", "member_columns"])
def test_a_column_no_expression_can_name_is_refused(
    tmp_path: Path, name: str, like: str | None, part: str
):
    assert not expression_name(name)
    path = _standard(tmp_path, "aa", f'"{name}"', part, uses=False)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    said = " ".join(result.stderr.split())
    noun = "member column" if part == "member_columns" else "column"
    assert said.startswith(
        f"error: {path}:12: {part}.{name}: no expression can name the {noun} '{name}': a name is"
        " ASCII letters, digits and '_', not starting with a digit, and none of and, or, not,"
        " true, false"
    ), said
    assert said.endswith(f"; such as '{like}'" if like else "false")
    vi = run("standards", "validate", str(path), "--lang", "vi")
    assert vi.exit_code == 4
    assert f"không biểu thức nào gọi được cột {'thành viên ' if 'member' in part else ''}'" in (
        vi.stderr
    )


def test_the_unknown_name_error_no_longer_suggests_a_name_it_cannot_read(tmp_path: Path):
    # before: "unknown name 'class_vn' (did you mean 'class_vn-2022-2025'?)", a name that fails so
    path = _standard(tmp_path, "aa", "class_vn-2022-2025")
    data = _input(tmp_path, "class_vn-2022-2025")
    result = run("classify", str(data), "-s", str(path), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    assert "unknown name" not in result.stderr
    assert f"{path}:12: columns.class_vn-2022-2025: no expression can name" in result.stderr


def test_a_parameter_no_expression_can_name_is_refused(tmp_path: Path):
    path = _standard(tmp_path, "aa", "extra_col", uses=False)
    path.write_text(
        path.read_text(encoding="utf-8")
        + "add_parameters:\n  crowding-min: {unit: m2/person, status: news, reference: [r1],"
        " value: 9}\n",
        encoding="utf-8",
    )
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    assert (
        "parameters.crowding-min: no expression can name the parameter 'crowding-min'"
        in " ".join(result.stderr.split())
    )


# --- 3. names are reserved as headers are matched: case aside


@pytest.mark.parametrize(
    "name",
    ["CLASS", "Class_bb", "Deprivation_Count", "ROW", "Errors", "Deprived_water", "INCOME_LINE"],
)
@pytest.mark.parametrize("part", ["columns", "member_columns"])
def test_a_reserved_name_in_another_case_is_refused(tmp_path: Path, name: str, part: str):
    # an input's 'CLASS' header is read as the column 'class' (headers match case aside), so a
    # standard's 'CLASS' loaded and the output then held 'CLASS' beside mdpoverty's 'class'
    assert reserved(name) is not None
    path = _standard(tmp_path, "aa", name, part, uses=False)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    assert f"{path}:12: {part}.{name}: the column name '{name}' is " in result.stderr
    vi = run("standards", "validate", str(path), "--lang", "vi")
    assert vi.exit_code == 4
    assert f"{part}.{name}: tên cột '{name}' là " in " ".join(vi.stderr.split())
