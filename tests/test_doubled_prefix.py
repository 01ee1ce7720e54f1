"""No message says its place twice ('k: k: not a number'): the place (YAML path, option) is
put in front once, by the error's location or by click, never again by the message."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
STANDARDS = Path(__file__).parent / "standards"


def _doubled(line: str) -> list[tuple[str, str]]:
    """Adjacent ': '-separated parts where the second is the end of the first again ('k: k:',
    'indicators[0].weight: weight:', '--k: k:')."""
    parts = [p.strip().strip("'") for p in line.split(": ")]
    out = []
    for a, b in itertools.pairwise(parts):
        last = a.rsplit(".", 1)[-1].rsplit(" ", 1)[-1].lstrip("-")
        if last and b.lstrip("-") == last:
            out.append((a, b))
    return out


def _mutate(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (STANDARDS / name).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        ("af-four-indicators.yaml", "\nk: ", "\nk: abc #", ": k: "),
        ("cran-mpi-example.yaml", "weight: 1/11", "weight: a", ": indicators[0].weight: "),
    ],
)
def test_a_standard_value_says_its_yaml_path_once(tmp_path, lang, name, old, new, where):
    standard = _mutate(tmp_path, name, old, new)
    out = runner.invoke(app, ["standards", "validate", str(standard), "--lang", lang])
    assert out.exit_code == 4, out.output
    assert out.stdout == ""
    first = out.stderr.splitlines()[0]
    assert where in first, first
    assert not _doubled(first), first


@pytest.mark.parametrize(
    "args",
    [
        ["measures", "{f}", "--k", "abc"],
        ["measures", "{f}", "--k", "0"],
        ["measures", "{f}", "--k", "2/0"],
        ["classify", "{f}", "--header-row", "abc"],
        ["classify", "{f}", "--header-row", "99"],
        ["classify", "{f}", "--as-of", "abc"],
        ["classify", "{f}", "--by", "nope"],
        ["report", "{f}", "--previous", "{f}", "--previous-class", "nope"],
    ],
)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_option_error_says_the_option_once(args, lang):
    f = str(EXAMPLES / "households.csv")
    out = runner.invoke(app, [*(a.format(f=f) for a in args), "--lang", lang])
    assert out.exit_code in (2, 4), out.output
    for line in out.stderr.splitlines():
        assert not _doubled(line), line
