"""The abbreviations an office list heads a canonical column with ('KV' for Khu vực, 'MSH' for
the household id, 'DTTS' for ethnic minority): suggested, with the --columns line that maps
them, never matched silently (two letters may stand for something else)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()


def renamed(path: Path, renames: dict[str, str], extra: dict[str, str] | None = None) -> Path:
    with (EXAMPLES / "households.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[:4]
    rows[0] = [renames.get(h, h) for h in rows[0]]
    for name, value in (extra or {}).items():
        rows[0].append(name)
        for row in rows[1:]:
            row.append(value)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.parametrize(
    ("column", "header"),
    [
        ("area", "KV"),
        ("area", "TT/NT"),
        ("area", "N.T / T.T"),
        ("area", "Thành thị/nông thôn"),
        ("household_id", "MSH"),
        ("household_id", "Mã số HGĐ"),
        ("household_size", "Số NK"),
        ("income_per_capita_month", "TNBQ"),
    ],
)
def test_an_abbreviated_header_is_suggested_never_read(tmp_path, column, header):
    path = renamed(tmp_path / "h.csv", {column: header})
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(path), "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 4 and not out.exists()
    said = result.stderr
    assert f"{column} [Vietnamese header:" in said
    assert f"(did you mean '{header}'" in said
    assert f"in a --columns file: '{header}': {column}" in said
    # the line offered, copied into a --columns file, reads the file
    mapping = tmp_path / "m.yaml"
    mapping.write_text(f"'{header}': {column}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["classify", str(path), "-o", str(out), "--as-of", "2024-12-31", "--columns", str(mapping)],
    )
    assert result.exit_code == 0, result.stderr


def test_an_unrelated_short_header_is_not_suggested(tmp_path):
    path = renamed(tmp_path / "h.csv", {"area": "KT"})
    result = runner.invoke(app, ["classify", str(path), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 4
    assert "'KT'" not in result.stderr


def test_report_says_a_dtts_column_is_not_read_and_how_to_map_it(tmp_path):
    path = renamed(tmp_path / "h.csv", {}, {"DTTS": "true"})
    args = ["report", str(path), "--as-of", "2024-12-31", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "the column 'DTTS' may be ethnic_minority" in result.stderr
    assert "'DTTS': ethnic_minority" in result.stderr
    assert json.loads(result.stdout)["ethnic_minority"] is False  # not read silently
    vi = runner.invoke(app, [*args, "--lang", "vi"])
    assert "cột 'DTTS' có thể là ethnic_minority" in vi.stderr
    mapping = tmp_path / "m.yaml"
    mapping.write_text("DTTS: ethnic_minority\n", encoding="utf-8")
    mapped = runner.invoke(app, [*args, "--columns", str(mapping)])
    assert mapped.exit_code == 0, mapped.stderr
    assert "may be ethnic_minority" not in mapped.stderr
    assert json.loads(mapped.stdout)["ethnic_minority"] is True
