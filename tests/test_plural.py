"""English counts: one plural rule (text.plural) for every number put before a noun."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.text import counted, plural

from .conftest import EXAMPLES

runner = CliRunner()
# a count of one before a plural noun: '1 households', '1 rows', '1 groups'...
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (households|rows|groups|ids|indicators|problems|units|household ids)\b"
)


def test_plural_and_counted():
    assert plural(1, "row") == "row"
    assert plural(0, "row") == plural(2, "row") == "rows"
    assert plural(1, "is", "are") == "is" and plural(3, "is", "are") == "are"
    assert counted(1, "household") == "1 household"
    assert counted(2971, "household") == "2,971 households"
    assert counted(11, "class rule") == "11 class rules"


@pytest.fixture
def one(tmp_path: Path) -> Path:
    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "one.csv"
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "{f}", "--as-of", "2024-12-31"],
        ["report", "{f}"],
        ["classify", "{f}"],
        ["measures", "{f}", "--k", "1/3"],
        ["standards", "validate", "vn-2022-2025"],
    ],
)
def test_one_household_is_singular(one: Path, args: list[str]):
    out = runner.invoke(app, [a.format(f=one) for a in args])
    assert out.exit_code == 0, out.stderr
    for text in (out.stdout, out.stderr):
        assert not ONE_PLURAL.search(text), text


def test_compare_says_one_household(one: Path):
    out = runner.invoke(app, ["compare", str(one), "--as-of", "2024-12-31"])
    assert out.exit_code == 0, out.stderr
    assert "on 1 household from" in out.stdout
    assert "0 households are worse off" in out.stdout
    assert "0 change class in all" in out.stdout


def test_compare_vietnamese_keeps_its_noun(one: Path):
    out = runner.invoke(app, ["compare", str(one), "--as-of", "2024-12-31", "--lang", "vi"])
    assert out.exit_code == 0, out.stderr
    assert "trên 1 hộ từ" in out.stdout


def test_measures_title_counts_one_row(one: Path):
    out = runner.invoke(app, ["measures", str(one), "--k", "1/3"])
    assert out.exit_code == 0, out.stderr
    assert "on 1 row from" in out.stdout
