"""Numbers in a standard, mapping or test-case file are plain decimals: YAML 1.1's other forms
(base 60, hex, octal, binary, underscores, a leading '+', a point at an end) and scientific
notation (text to YAML 1.1) are refused with the YAML path and the plain form, never read as a
number other than the one they look like (`rural: 190:20:30` was a line of 685,230).
CliRunner with stdout and stderr apart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import StandardError
from mdpoverty.standard.yaml_strict import load_yaml_text

from .conftest import EXAMPLES, ROOT

runner = CliRunner()


@pytest.mark.parametrize(
    ("written", "form", "plain"),
    [
        ("190:20:30", "a base-60 number (YAML 1.1), which YAML reads as 685230", "685230"),
        ("190:20:30.5", "a base-60 number (YAML 1.1), which YAML reads as 685230.5", "685230.5"),
        ("0x1E8480", "a hexadecimal number, which YAML reads as 2000000", "2000000"),
        ("0o7", "an octal number, which YAML reads as text, not as 7", "7"),
        ("010", "an octal number (YAML 1.1: a leading 0), which YAML reads as 8", "8"),
        ("0b101", "a binary number, which YAML reads as 5", "5"),
        ("2_000_000", "a number with underscores, which YAML reads as 2000000", "2000000"),
        ("1_000.5", "a number with underscores, which YAML reads as 1000.5", "1000.5"),
        ("+2000000", "a number with a '+', which YAML reads as 2000000", "2000000"),
        (".5", "a number with a point at an end, which YAML reads as 0.5", "0.5"),
        ("5.", "a number with a point at an end, which YAML reads as 5", "5"),
        ("2.0e6", "in scientific notation, which YAML reads as text, not as 2000000", "2000000"),
        ("2e6", "in scientific notation, which YAML reads as text, not as 2000000", "2000000"),
        ("-2.5E-3", "in scientific notation, which YAML reads as -0.0025", "-0.0025"),
    ],
)
def test_a_number_not_written_plainly_is_refused_with_its_plain_form(written, form, plain):
    with pytest.raises(StandardError) as refused:
        load_yaml_text(f"parameters:\n  line:\n    rural: {written}\n", "x.yaml")
    error = refused.value
    assert error.yaml_path == "parameters.line.rural" and error.line == 3
    assert f"'{written}' is " in error.message and form in error.message
    assert f"write numbers as plain decimals ({plain}), or quote the text" in error.message
    assert error.key == "yaml.not_plain_number"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2000000", 2000000),
        ("-3", -3),
        ("0", 0),
        ("-0", 0),
        ("0.5", Decimal("0.5")),
        ("2000000.50", Decimal("2000000.50")),
        ('"2.0e6"', "2.0e6"),  # quoted: text, as written
        ("'0x10'", "0x10"),
        ("'190:20:30'", "190:20:30"),
        ("e6", "e6"),
        ("Thôn 2e", "Thôn 2e"),
    ],
)
def test_plain_decimals_and_quoted_text_load_as_written(written, value):
    assert load_yaml_text(f"a: {written}\n", "x.yaml").data == {"a": value}


def test_a_standard_with_a_base_60_line_is_refused_in_both_languages(tmp_path: Path):
    text = (ROOT / "thresholds" / "dongnai-2022-2025.yaml").read_text(encoding="utf-8")
    assert "rural: 2000000" in text
    path = tmp_path / "x.yaml"
    path.write_text(text.replace("rural: 2000000", "rural: 190:20:30", 1), encoding="utf-8")
    result = runner.invoke(app, ["standards", "show", str(path)])
    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert "parameters.income_line.values.rural: '190:20:30' is a base-60 number" in said
    assert "685230" not in result.stdout
    vi = runner.invoke(app, ["standards", "validate", str(path), "--lang", "vi"])
    assert vi.exit_code == 4
    assert "'190:20:30' là số cơ số 60 (YAML 1.1), YAML đọc nó là 685230" in " ".join(
        vi.stderr.split()
    )


def test_a_mapping_file_code_written_as_octal_is_refused(tmp_path: Path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("values:\n  area:\n    1: 010\n", encoding="utf-8")
    src = EXAMPLES / "households.csv"
    argv = ["classify", str(src), "--columns", str(mapping), "-o", str(tmp_path / "o.csv")]
    result = runner.invoke(app, [*argv, "--as-of", "2024-12-31"])
    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert "'010' is an octal number (YAML 1.1: a leading 0), which YAML reads as 8" in said
    assert not (tmp_path / "o.csv").exists()
