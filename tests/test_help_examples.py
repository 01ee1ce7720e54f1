"""Every example of every `--help` runs, so none can rot unseen (compare's once exited 4: no
Quảng Ninh standard is in force today, so it had no default --alt).

Each example is read from the help text itself and run as written in a scratch folder that
holds the bundled example files under the names the examples use. The substitutions (the help
names files a user would have; the repository bundles others):

- households.csv, members.csv, last_year.csv: examples/households.csv, examples/members.csv,
  examples/households_previous.csv; households.xlsx and now.xlsx: households.csv written as a
  workbook; ds_2024.xlsx: households_previous.csv as a workbook, its Quảng Ninh class column
  headed Phân loại;
- danh-sach.xlsx and danh-sach.mapping.yaml: examples/danh-sach-ra-soat.xlsx and its mapping;
- survey.csv with an `hhweight` column: for classify, compare and report, households.csv with a
  weight column; for measures, OPHI's synthetic syn_cdta (../shared/data/external, its `weight`
  column named hhweight; the example is skipped when the data is absent), also as
  survey.parquet, with global-mpi.yaml and my-mpi.yaml the test standard written for it;
- hh.csv, mem.csv with a `wt` column: households.csv and members.csv;
- my-province.yaml: a copy of thresholds/quangninh-2023-2025.yaml (a standard that extends the
  national one, as a province's would); thresholds/tests/vn-2022-2025.yaml: the shipped one;
- `> file` at the end of an example is the shell's: the test reads stdout instead.
Every example exits 0, but measures on syn_cdta exits 3 (it has people with a missing indicator).
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES, ROOT, SHARED

SYN = SHARED / "data" / "external" / "ophi-syn-cdta" / "syn_cdta.csv"
GLOBAL_MPI = Path(__file__).parent / "standards" / "global-mpi-syn-cdta.yaml"

COMMANDS = [
    [],
    ["classify"],
    ["compare"],
    ["explain"],
    ["measures"],
    ["report"],
    ["template"],
    ["standards"],
    *[["standards", c] for c in ("list", "show", "validate", "diff", "schema", "test")],
]


def _examples(command: list[str]) -> list[str]:
    """The example lines of `mdpoverty COMMAND --help`, as the help prints them."""
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.strip() in ("Example:", "Examples:"):
            for after in lines[i + 1 :]:
                text = after.strip()
                if text.startswith("mdpoverty "):
                    found.append(text)
                elif text and found:
                    break
    return found


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "mdpoverty")
def test_every_help_has_an_example(command):
    assert _examples(command), f"mdpoverty {' '.join(command)} --help has no example"


def _write_inputs(folder: Path, command: str) -> None:
    households = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False)
    weighted = households.with_columns(
        pl.Series("hhweight", [str(1 + i % 3) for i in range(households.height)])
    )
    weighted.write_csv(folder / "survey.csv")
    weighted.rename({"hhweight": "wt"}).write_csv(folder / "hh.csv")
    shutil.copy(EXAMPLES / "households.csv", folder / "households.csv")
    households.write_excel(folder / "households.xlsx")
    households.write_excel(folder / "now.xlsx")
    previous = pl.read_csv(EXAMPLES / "households_previous.csv", infer_schema=False)
    previous.rename({"class_quangninh-2023-2025": "Phân loại"}).write_excel(folder / "ds_2024.xlsx")
    shutil.copy(EXAMPLES / "members.csv", folder / "members.csv")
    shutil.copy(EXAMPLES / "members.csv", folder / "mem.csv")
    shutil.copy(EXAMPLES / "households_previous.csv", folder / "last_year.csv")
    shutil.copy(EXAMPLES / "danh-sach-ra-soat.xlsx", folder / "danh-sach.xlsx")
    shutil.copy(EXAMPLES / "danh-sach-ra-soat.mapping.yaml", folder / "danh-sach.mapping.yaml")
    shutil.copy(ROOT / "thresholds" / "quangninh-2023-2025.yaml", folder / "my-province.yaml")
    (folder / "thresholds" / "tests").mkdir(parents=True)
    shutil.copy(
        ROOT / "thresholds" / "tests" / "vn-2022-2025.yaml",
        folder / "thresholds" / "tests" / "vn-2022-2025.yaml",
    )
    if command == "measures" and SYN.is_file():
        survey = pl.read_csv(SYN).rename({"weight": "hhweight"})
        survey.write_csv(folder / "survey.csv")
        survey.write_parquet(folder / "survey.parquet")
        shutil.copy(GLOBAL_MPI, folder / "global-mpi.yaml")
        shutil.copy(GLOBAL_MPI, folder / "my-mpi.yaml")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The example files, written once: for measures, and for the other commands."""
    folder = tmp_path_factory.mktemp("inputs")
    for command in ("measures", "other"):
        (folder / command).mkdir()
        _write_inputs(folder / command, command)
    return folder


EXAMPLES_RUN = [
    (" ".join(command), example)
    for command in COMMANDS
    for example in _examples(command)
    # `mdpoverty --help`'s examples are its commands', run with them
    if command
]


@pytest.mark.parametrize(("command", "example"), EXAMPLES_RUN, ids=[e for _, e in EXAMPLES_RUN])
def test_every_help_example_runs(inputs, tmp_path, monkeypatch, command, example):
    words = shlex.split(example)[1:]
    redirected = None
    if ">" in words:
        at = words.index(">")
        words, redirected = words[:at], words[at + 1]
    if words[0] == "measures" and "survey" in example and not SYN.is_file():
        pytest.skip("../shared/data/external is absent (syn_cdta)")
    if words[0] != "template":  # template writes the file it names: none is there before
        shutil.copytree(
            inputs / ("measures" if words[0] == "measures" else "other"),
            tmp_path,
            dirs_exist_ok=True,
        )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, words)
    # syn_cdta has people with a missing indicator: measures rejects them (exit 3), as it should
    ok = (0, 3) if words[0] == "measures" and "survey" in example else (0,)
    assert result.exit_code in ok, f"{example}\n{result.stdout}\n{result.stderr}"
    if redirected:
        assert result.stdout.strip()
    else:
        for i, word in enumerate(words[:-1]):
            if word in ("-o", "--output", "--changes") and words[i + 1] != "-":
                assert (tmp_path / words[i + 1]).is_file(), f"{example}: no {words[i + 1]}"


def test_the_group_help_examples_are_among_the_commands():
    """`mdpoverty --help`'s examples are the commands' own, so the test above runs them."""
    commands = {e for c in COMMANDS if c for e in _examples(c)}
    assert set(_examples([])) <= commands


def test_the_lang_help_says_what_en_prints_on_screen(tmp_path):
    """--lang en is English on screen with each class's Vietnamese term beside it: the help says
    so, as the class table prints it."""
    help_text = CliRunner().invoke(app, ["classify", "--help"], env={"COLUMNS": "200"}).stdout
    assert "poor · nghèo" in " ".join(help_text.split())
    result = CliRunner().invoke(
        app,
        [
            "classify",
            str(EXAMPLES / "households.csv"),
            "--as-of",
            "2024-12-31",
            "--lang",
            "en",
            "-o",
            str(tmp_path / "out.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "│ poor · nghèo" in result.stdout and "Hộ nghèo" not in result.stdout
