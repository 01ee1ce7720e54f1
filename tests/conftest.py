from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# no property test has a time limit: a deadline is a timing assertion, and on a loaded machine
# (CI's two cores, or six developers on one) it failed tests whose answers were right
settings.register_profile("mdpoverty", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("mdpoverty")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write rows (list of dicts) as a CSV file and return its path."""

    def write(rows: list[dict], name: str = "households.csv", **kw) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=kw.get("encoding", "utf-8"), newline="") as fh:
            writer = csv.DictWriter(
                fh, fieldnames=list(rows[0]), delimiter=kw.get("delimiter", ",")
            )
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


BASE = {
    "household_id": "H1",
    "province": "Quảng Ninh",
    "district": "Ba Chẽ",
    "commune": "Xã Ba Chẽ 01",
    "area": "rural",
    "household_size": 4,
    "income_per_capita_month": 1000000,
    "working_age_unemployed": 0,
    "dependents": 0,
    "children_under16_malnourished": 0,
    "members_6plus_without_health_insurance": 0,
    "members_16_30_lacking_education": 0,
    "children_3_15_not_in_school": 0,
    "non_durable_main_structures": 0,
    "floor_area_m2": 40,
    "safe_water": "true",
    "sanitary_latrine": "true",
    "uses_internet": "true",
    "has_information_device": "true",
}


@pytest.fixture
def household():
    def make(**changes) -> dict:
        return {**BASE, **changes}

    return make
