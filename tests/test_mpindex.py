"""R package mpindex's published example (its vignette's global MPI over the synthetic
df_household and df_household_roster: 198 households, 905 members) through
`mdpoverty measures --members`, against the figures the vignette prints (typed in from
../shared/data/external/README.md), and exactly where a figure is a count over the households."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import SHARED

runner = CliRunner()
STANDARDS = Path(__file__).parent / "standards"
STANDARD = STANDARDS / "mpindex-vignette.yaml"
COLUMNS = STANDARDS / "mpindex-vignette.columns.yaml"
MPINDEX = SHARED / "data" / "external" / "mpindex"
HOUSEHOLDS = MPINDEX / "df_household.csv"
ROSTER = MPINDEX / "df_household_roster.csv"
pytestmark = pytest.mark.skipif(
    not MPINDEX.is_dir(), reason="../shared/data/external/mpindex is absent"
)

# the vignette's order: nutrition, child mortality, schooling, attendance, fuel, sanitation,
# water, electricity, housing, assets
INDICATORS = [
    "nutrition",
    "child_mortality",
    "years_of_schooling",
    "school_attendance",
    "cooking_fuel",
    "sanitation",
    "drinking_water",
    "electricity",
    "housing",
    "assets",
]
WEIGHTS = [Fraction(1, 6)] * 4 + [Fraction(1, 18)] * 6
PUBLISHED = {
    "Rural": {
        "n": 98,
        "H": 0.480,
        "A": 0.513,
        "MPI": 0.246,
        "contribution": [20.7, 1.4, 32.5, 18.0, 9.0, 1.4, 0.7, 2.1, 3.7, 10.6],
        "censored": [0.306, 0.020, 0.480, 0.265, 0.398, 0.061, 0.031, 0.092, 0.163, 0.469],
    },
    "Urban": {
        "n": 100,
        "H": 0.280,
        "A": 0.405,
        "MPI": 0.113,
        "contribution": [22.1, 1.5, 36.8, 25.0, 0.0, 2.5, 0.5, 0.0, 0.5, 11.3],
        "censored": [0.150, 0.010, 0.250, 0.170, 0.000, 0.050, 0.010, 0.000, 0.010, 0.230],
    },
}
# H is a count of poor households over the class: exact
EXACT_H = {"Rural": Fraction(47, 98), "Urban": Fraction(28, 100)}


def measures(missing: str, code: int) -> dict:
    result = runner.invoke(
        app,
        [
            "measures", str(HOUSEHOLDS), "--members", str(ROSTER), "-s", str(STANDARD),
            "--columns", str(COLUMNS), "--by", "class", "--missing", missing, "--format", "json",
        ],
    )  # fmt: skip
    assert result.exit_code == code, result.stderr
    line = re.search(
        r"member rows read 905 = in accepted households (\d+) \+ in rejected households (\d+)"
        r" \+ rejected 0 \+ skipped 0",
        result.stderr,
    )
    assert line is not None, result.stderr
    kept, dropped = int(line[1]), int(line[2])
    assert kept + dropped == 905
    assert (dropped == 0) == (code == 0)  # the members of the households left undecided
    return json.loads(result.stdout)


def by_class(data: dict) -> dict[str, dict]:
    return {r["group"]: r for r in data["results"] if r["by"] == "class"}


@pytest.fixture(scope="module")
def vignette() -> dict:
    # mpindex's convention: a member whose condition is NA is not deprived
    return measures("not-deprived", 0)


def test_every_household_and_member_is_accounted_for(vignette):
    assert vignette["accounting"] == {
        "rows_read": 198,
        "measured": 198,
        "rejected": 0,
        "reject_reasons": {},
    }
    members = vignette["members"]
    assert (members["rows_read"], members["used"], members["rejected"], members["skipped"]) == (
        905,
        905,
        0,
        0,
    )
    assert members["households"] == 198 and members["unknown_households"] == 0
    assert members["size_mismatches"] == 0  # no household_size: the roster gives it
    assert {g: r["rows"] for g, r in by_class(vignette).items()} == {"Rural": 98, "Urban": 100}
    assert vignette["results"][0]["k_exact"] == "1/3"


@pytest.mark.parametrize("group", ["Rural", "Urban"])
def test_h_a_and_mpi_as_published(vignette, group):
    r, pub = by_class(vignette)[group], PUBLISHED[group]
    assert r["rows"] == pub["n"]
    assert Fraction(r["H_exact"]) == EXACT_H[group]
    assert round(r["H"], 3) == pub["H"]
    assert round(r["A"], 3) == pub["A"]
    assert round(r["M0"], 3) == pub["MPI"]
    assert Fraction(r["M0_exact"]) == Fraction(r["H_exact"]) * Fraction(r["A_exact"])
    # A is a mean of scores in eighteenths over the poor households
    poor = EXACT_H[group] * pub["n"]
    assert (Fraction(r["A_exact"]) * 18 * poor).denominator == 1


@pytest.mark.parametrize("group", ["Rural", "Urban"])
def test_censored_headcount_ratios_as_published(vignette, group):
    r, pub = by_class(vignette)[group], PUBLISHED[group]
    assert list(r["censored_headcount"]) == INDICATORS
    printed = [round(r["censored_headcount"][i], 3) for i in INDICATORS]
    assert printed == pub["censored"]
    for ind in INDICATORS:  # a count of households over the class, never above H
        exact = Fraction(r["censored_headcount_exact"][ind])
        assert (exact * pub["n"]).denominator == 1
        assert exact <= Fraction(r["H_exact"])


@pytest.mark.parametrize("group", ["Rural", "Urban"])
def test_contributions_as_published(vignette, group):
    r, pub = by_class(vignette)[group], PUBLISHED[group]
    printed = [round(100 * r["contribution"][i], 1) for i in INDICATORS]
    assert printed == pub["contribution"]
    m0 = Fraction(r["M0_exact"])
    exact = [Fraction(r["contribution_exact"][i]) for i in INDICATORS]
    censored = [Fraction(r["censored_headcount_exact"][i]) for i in INDICATORS]
    assert exact == [w * c / m0 for w, c in zip(WEIGHTS, censored, strict=True)]
    assert sum(exact) == 1


def test_blank_member_cells_are_what_separates_reject_from_mpindex():
    """Kleene any() leaves unknown only a household whose members include a blank and none is
    known deprived: 6 for years of schooling, 2 for school attendance. The default --missing
    reject rejects them (so the figures are not the vignette's); mpindex counts them not
    deprived, as --missing not-deprived does."""
    data = measures("reject", 3)
    assert data["accounting"]["rejected"] == 8
    assert data["accounting"]["reject_reasons"] == {
        "completed_6yrs_schooling:unknown_from_members": 6,
        "attending_school:unknown_from_members": 2,
    }
    rural = by_class(data)["Rural"]
    assert rural["rows"] == 96 and Fraction(rural["H_exact"]) == Fraction(47, 96)
    assert round(by_class(data)["Urban"]["H"], 3) != PUBLISHED["Urban"]["H"]


def test_undecided_indicators_are_counted(vignette):
    groups = by_class(vignette)
    assert groups["Rural"]["missing"]["years_of_schooling"] == 2
    assert groups["Urban"]["missing"]["years_of_schooling"] == 4
    assert groups["Urban"]["missing"]["school_attendance"] == 2
    assert sum(groups["Rural"]["missing"].values()) == 2
