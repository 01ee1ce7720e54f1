"""A sum of sampling weights on screen is rounded to two decimals, but one that is not 0 is
never shown as 0.00: below half a cent it is shown by its first three significant digits. JSON
and CSV give it exactly, as before."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.render import weighted_count

runner = CliRunner()
FOUR = Path(__file__).parent / "standards" / "af-four-indicators.yaml"  # weights 1/4, k = 1/2


@pytest.mark.parametrize(
    ("value", "en", "vi"),
    [
        (Fraction(1, 10**12), "1e-12", "1e-12"),
        (Fraction(1, 10**400), "1e-400", "1e-400"),  # below any float: no 0 either
        (Fraction(4, 1000), "0.004", "0,004"),
        (Fraction(1, 300), "0.00333", "0,00333"),
        (Fraction(123, 10**9), "1.23e-7", "1,23e-7"),
        (Fraction(1, 10**6), "0.000001", "0,000001"),
        (Fraction(4999, 10**6), "0.005", "0,005"),  # rounded at three digits
        (Fraction(5, 1000), "0.005", "0,005"),  # 0.5 cents: rounds to 0.00 by halves to even
        (Fraction(6, 1000), "0.01", "0,01"),  # a cent: two decimals, as every other sum
        (Fraction(1234567, 1000), "1,234.57", "1.234,57"),
        (Fraction(3), "3", "3"),
        (Fraction(0), "0", "0"),
    ],
)
def test_a_sum_of_weights_is_never_a_non_zero_shown_as_zero(value, en, vi):
    assert weighted_count(value, "en") == en
    assert weighted_count(value, "vi") == vi


def survey(path: Path, weight: str) -> Path:
    path.write_text(f"i1,i2,i3,i4,w\n1,1,0,0,{weight}\n0,0,0,0,{weight}\n", encoding="utf-8")
    return path


def test_measures_shows_a_tiny_population_and_its_json_is_exact(tmp_path):
    path = survey(tmp_path / "s.csv", "1e-12")
    args = ["measures", str(path), "-s", str(FOUR), "--weight", "w"]
    screen = runner.invoke(app, args)
    assert screen.exit_code == 0, screen.stderr
    row = next(line for line in screen.stdout.splitlines() if line.startswith("│ all"))
    assert row.split("│")[3].strip() == "2e-12"
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert data["results"][0]["population_exact"] == "1/500000000000"


def test_classify_shows_a_tiny_sum_of_weights(tmp_path, write_csv, household):
    path = write_csv([household(household_id=f"H{i}", w="1e-12") for i in range(3)])
    result = runner.invoke(
        app, ["classify", str(path), "--weight", "w", "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 0, result.stderr
    weighted = result.stdout.split("weighted")[1]
    total = next(line for line in weighted.splitlines() if line.startswith("│ total"))
    assert total.split("│")[2].strip() == "3e-12"
    assert "0.00 " not in weighted
