"""What an attacker found in standard and mapping files (review round 11), mended as a class:
files that are not regular files, outputs over a file the run reads, a standard's column named
like mdpoverty's own, errors blamed on the wrong file, invisible characters in messages,
misleading number messages and names given twice in a list."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.common import shown
from mdpoverty.columns import (
    LIST_TARGET,
    MARK_PREFIX,
    OUTPUTS,
    REJECT_ERRORS,
    REJECT_ROW,
    SCORE_OUTPUTS,
    reserved,
)
from mdpoverty.files import NotRegularFile, kind, open_to_read
from mdpoverty.standard.catalog import shipped_dir
from mdpoverty.text import visible

from .conftest import EXAMPLES, ROOT

HOUSEHOLDS = EXAMPLES / "households.csv"
NATIONAL = ROOT / "thresholds" / "vn-2022-2025.yaml"


def run(*argv: str):
    return CliRunner().invoke(app, [*argv])


def _child(folder: Path, extends: str, extra: str = "", name: str = "child.yaml") -> Path:
    path = folder / name
    path.write_text(
        "format_version: 1\nid: my-prov\nversion: '1'\ntitle: {vi: Thử, en: Test}\n"
        "jurisdiction: {level: provincial, province: Quảng Ninh}\n"
        f"extends: {extends}\nvalid_from: 2024-01-01\nvalid_to: 2025-12-31\n"
        "references:\n  - {id: r1, title: Ref}\n" + extra,
        encoding="utf-8",
    )
    return path


# --- 1. a file that is not a regular file: what it is said, never read, never waited on


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_kind_names_what_a_path_is(tmp_path: Path, fifo: Path):
    (tmp_path / "f.yaml").write_text("a: 1\n")
    assert kind(tmp_path / "f.yaml") == "file"
    assert kind(tmp_path) == "folder"
    assert kind(fifo) == "named pipe"
    assert kind(tmp_path / "missing") is None
    assert kind("a\0b") is None
    if Path("/dev/null").exists():
        assert kind("/dev/null") == "device"


def test_open_to_read_refuses_a_pipe_at_once(fifo: Path, tmp_path: Path):
    # a plain open() of a pipe with no writer waits for ever; this must return at once
    with pytest.raises(NotRegularFile) as caught:
        open_to_read(fifo)
    assert caught.value.kind == "named pipe"
    with pytest.raises(NotRegularFile) as caught:
        open_to_read(tmp_path)
    assert caught.value.kind == "folder"
    with pytest.raises(FileNotFoundError):
        open_to_read(tmp_path / "missing")


@pytest.mark.parametrize(
    "argv",
    [
        ["classify", str(HOUSEHOLDS), "--columns", "{p}", "-o", "{out}"],
        ["classify", str(HOUSEHOLDS), "-s", "{p}", "-o", "{out}"],
        ["classify", "{p}", "-o", "{out}"],
        ["standards", "validate", "{p}"],
        ["standards", "test", "{p}"],
    ],
)
def test_a_named_pipe_is_refused_as_what_it_is(fifo: Path, tmp_path: Path, argv: list[str]):
    out = tmp_path / "out.csv"
    result = run(*(a.format(p=fifo, out=out) for a in argv))
    assert result.exit_code == 4, result.stderr
    assert "named pipe" in result.stderr
    assert "not found" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "./pipe.yaml", "./"])
def test_extends_to_something_not_a_file_says_what_it_is(tmp_path: Path, fifo: Path, target):
    if target.startswith("/dev/") and not Path(target).exists():
        pytest.skip("no such device here")
    child = _child(tmp_path, target)
    result = run("standards", "validate", str(child))
    assert result.exit_code == 4, result.stderr
    what = {"/dev/zero": "a device", "/dev/null": "a device", "./": "a folder"}
    assert f"is {what.get(target, 'a named pipe')}, not a standard file" in result.stderr
    assert f"{child}:6: extends" in result.stderr
    assert "not found" not in result.stderr


# --- 2. no output over any file the run reads: a standard's whole extends chain among them


@pytest.fixture
def chain(tmp_path: Path) -> tuple[Path, Path]:
    """child.yaml extends ./grand/parent.csv, a copy of the national standard (any name will do)."""
    (tmp_path / "grand").mkdir()
    parent = tmp_path / "grand" / "parent.csv"
    shutil.copyfile(NATIONAL, parent)
    return _child(tmp_path, "./grand/parent.csv"), parent


@pytest.mark.parametrize(
    "argv",
    [
        ["classify", "{h}", "-s", "{c}", "-o", "{p}"],
        ["classify", "{h}", "-s", "{c}", "-o", "{o}", "--rejects", "{p}"],
        ["compare", "{h}", "--alt", "{c}", "--changes", "{p}"],
        ["measures", "{h}", "--k", "1/3", "-s", "{c}", "-o", "{p}"],
        ["report", "{h}", "-s", "{c}", "--previous", "{h}", "--previous-rejects", "{p}"],
    ],
)
def test_no_output_replaces_a_file_the_standard_extends(chain, tmp_path: Path, argv):
    child, parent = chain
    before = parent.read_bytes()
    args = [a.format(h=HOUSEHOLDS, c=child, p=parent, o=tmp_path / "o.csv") for a in argv]
    result = run(*args)
    assert result.exit_code == 4, result.stderr
    assert "would overwrite a standard file" in result.stderr
    assert parent.read_bytes() == before
    assert not (tmp_path / "o.csv").exists()


def test_a_hard_link_to_a_parent_is_the_same_file(chain, tmp_path: Path):
    child, parent = chain
    link = tmp_path / "link.csv"
    os.link(parent, link)
    before = parent.read_bytes()
    result = run("classify", str(HOUSEHOLDS), "-s", str(child), "-o", str(link))
    assert result.exit_code == 4, result.stderr
    assert parent.read_bytes() == before


def test_a_shipped_standard_is_never_an_output(tmp_path: Path):
    # with no standard named the run chooses among the shipped ones: none may be replaced.
    # The file the installed package reads (site-packages under CI's `pip install .`, the
    # checkout's thresholds/ under an editable install), not necessarily the checkout's.
    copy = tmp_path / "vn.csv"
    try:
        os.link(shipped_dir() / NATIONAL.name, copy)
    except OSError:
        pytest.skip("no hard link to the shipped standards from here")
    result = run("classify", str(HOUSEHOLDS), "-o", str(copy))
    assert result.exit_code == 4, result.stderr
    assert "would overwrite a standard file" in result.stderr


# --- 3. a standard's column named like mdpoverty's own is refused where the standard says it


def _with_column(folder: Path, name: str, part: str = "columns") -> Path:
    extra = f"{part}:\n  {name}:\n    type: integer\n    label: {{vi: X, en: X}}\n"
    return _child(folder, "vn-2022-2025", extra)


@pytest.mark.parametrize(
    "name",
    [*OUTPUTS, *SCORE_OUTPUTS, REJECT_ROW, REJECT_ERRORS, LIST_TARGET, MARK_PREFIX + "water"],
)
@pytest.mark.parametrize("part", ["columns", "member_columns"])
def test_a_column_named_like_mdpovertys_own_is_refused(tmp_path: Path, name: str, part: str):
    path = _with_column(tmp_path, name, part)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    assert f"{path}:12: {part}.{name}: the column name '{name}' is " in result.stderr
    vi = run("standards", "validate", str(path), "--lang", "vi")
    assert vi.exit_code == 4
    assert f"tên cột '{name}' là " in vi.stderr


@pytest.mark.parametrize("name", ["_row", "classes", "deprivedx", "row_count", "my_class"])
def test_a_column_named_near_them_is_accepted(tmp_path: Path, name: str):
    assert reserved(name) is None
    result = run("standards", "validate", str(_with_column(tmp_path, name)))
    assert result.exit_code == 0, result.stderr


def test_an_input_class_column_is_kept_under_a_standard_of_own_columns(tmp_path: Path):
    # the attacker's classify: a standard whose column 'class' made the input's 'class' "missing"
    path = _with_column(tmp_path, "class")
    result = run("classify", str(HOUSEHOLDS), "-s", str(path), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    assert "columns.class" in result.stderr
    assert "required column missing" not in result.stderr


# --- 4. an error an extending file makes is blamed on that file, at its line


def test_a_column_named_like_an_inherited_parameter_is_the_childs_error(tmp_path: Path):
    path = _with_column(tmp_path, "average_band_top")
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: {path}:12: columns.average_band_top: ")
    assert "which this standard inherits (" in result.stderr
    assert "vn-2022-2025.yaml:49)" in result.stderr


def test_a_parent_that_is_no_standard_names_the_extending_file(tmp_path: Path):
    (tmp_path / "h.csv").write_text("household_id,area\nA,rural\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    child = _child(tmp_path / "a" / "b", "../../h.csv")
    result = run("standards", "validate", str(child))
    assert result.exit_code == 4
    assert "a standard file is a YAML mapping" in result.stderr
    assert f"'extends' names at {child}:6" in result.stderr


def test_a_parent_with_a_syntax_error_names_the_extending_file(tmp_path: Path):
    (tmp_path / "parent.yaml").write_text("id: [unclosed\n")
    child = _child(tmp_path, "./parent.yaml")
    result = run("standards", "validate", str(child), "--lang", "vi")
    assert result.exit_code == 4
    assert "parent.yaml:" in result.stderr
    assert f"'extends' tại {child}:6" in result.stderr


# --- 5. a character the user cannot see is shown by its code in every message


def _invisible(text: str) -> list[str]:
    return [ch for ch in text if ch not in "\t\n" and unicodedata.category(ch) in _HIDDEN]


_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


@given(st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "L"]), max_size=30))
def test_shown_leaves_no_invisible_character(text: str):
    out = shown(text)
    assert not _invisible(out)
    assert out.count("\n") == text.count("\n")


@pytest.mark.parametrize("ch", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u202e", "\U000e0041"])
def test_an_invisible_character_in_an_expression_is_shown_by_its_code(tmp_path: Path, ch: str):
    extra = (
        "add_indicators:\n  - id: extra_x\n    dimension: housing\n    label: {vi: X, en: X}\n"
        f'    deprived_when: "income_per_capita{ch}_month > 1"\n    status: unverified\n'
        "    reference: [r1]\n"
    )
    path = _child(tmp_path, "vn-2022-2025", extra)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4
    assert f"unexpected character '{visible(ch)}'" in result.stderr
    assert not _invisible(result.stderr)


# --- 7. a name given twice in a list of names is refused where it is given again


def test_a_mapping_list_names_each_column_once(tmp_path: Path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("blank_means_false:\n  - safe_water\n  - sanitary_latrine\n  - safe_water\n")
    result = run(
        "classify", str(HOUSEHOLDS), "--columns", str(mapping), "-o", str(tmp_path / "o.csv")
    )
    assert result.exit_code == 4
    assert f"{mapping}:4: blank_means_false[2]: 'safe_water' is given twice" in result.stderr
    assert "first at line 2" in result.stderr


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ("remove_indicators: [water, sanitation, water]\n", "11: remove_indicators[2]"),
        (
            "add_parameters:\n  p_x: {value: 1, unit: people, status: unverified,"
            " reference: [r1, r1]}\n",
            "12: add_parameters.p_x.reference[1]",
        ),
        (
            "indicators:\n  - id: water\n    dimension: housing\n    label: {vi: X, en: X}\n"
            "    deprived_when: not safe_water\n    status: unverified\n    reference: [r1]\n"
            "    mark_headers: [Nước, Nước]\n",
            "18: indicators[0].mark_headers[1]",
        ),
    ],
)
def test_a_standard_list_names_each_once(tmp_path: Path, extra: str, where: str):
    path = _child(tmp_path, "vn-2022-2025", extra)
    result = run("standards", "validate", str(path))
    assert result.exit_code == 4, result.stdout
    assert "is given twice in this list (first as item 1)" in result.stderr, result.stderr
    line, yaml_path = where.split(": ")
    assert f"{path}:{line}: " in result.stderr
    assert yaml_path in result.stderr
