"""An independent, deliberately plain reading of the legal rules, for checking the engine.

Written from shared/legal/vietnam-standards.md with Python integers and Fractions, one household
at a time: no YAML, no polars, nothing shared with the engine.
"""

from __future__ import annotations

from fractions import Fraction

ORDER = [
    "employment",
    "dependents",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "water",
    "sanitation",
    "telecom",
    "information_assets",
]
LINES = {
    "vn-2022-2025": {"rural": 1_500_000, "urban": 2_000_000},
    "quangninh-2023-2025": {"rural": 2_100_000, "urban": 2_600_000},
    "dongnai-2022-2025": {"rural": 2_000_000, "urban": 2_500_000},
}
# the top of the average-living-standard band, for the standards that have one
AVERAGE_TOPS = {
    "vn-2022-2025": {"rural": 2_250_000, "urban": 3_000_000},
    "dongnai-2022-2025": {"rural": 3_000_000, "urban": 3_750_000},
}
AVERAGE_TOP = AVERAGE_TOPS["vn-2022-2025"]
# deprivations that make a household at or below the line poor (near-poor below it)
POOR_AT = {"vn-2022-2025": 3, "quangninh-2023-2025": 3, "dongnai-2022-2025": 2}


def deprivations(h: dict) -> list[str]:
    size = h["household_size"]
    found = {
        "employment": h["working_age_unemployed"] >= 1,
        "dependents": Fraction(h["dependents"], size) > Fraction(1, 2),
        "nutrition": h["children_under16_malnourished"] >= 1,
        "health_insurance": h["members_6plus_without_health_insurance"] >= 1,
        "adult_education": h["members_16_30_lacking_education"] >= 1,
        "child_schooling": h["children_3_15_not_in_school"] >= 1,
        "housing_quality": h["non_durable_main_structures"] >= 2,
        "housing_area": Fraction(h["floor_area_m2"]) / size < 8,
        "water": not h["safe_water"],
        "sanitation": not h["sanitary_latrine"],
        "telecom": not h["uses_internet"],
        "information_assets": not h["has_information_device"],
    }
    return [i for i in ORDER if found[i]]


def classify(h: dict, standard: str) -> str:
    income = Fraction(h["income_per_capita_month"])
    line = LINES[standard][h["area"]]
    count = len(deprivations(h))
    if income <= line:
        return "poor" if count >= POOR_AT[standard] else "near_poor"
    if standard in AVERAGE_TOPS and income <= AVERAGE_TOPS[standard][h["area"]]:
        return "average"
    return "not_poor"
