"""Generate a synthetic, Đồng Nai-like population of households in the canonical layout.

SYNTHETIC DATA: no real household is in it, and unlike the Quảng Ninh generator it is calibrated to
nothing: no count of poor or near-poor households under Đồng Nai's standard was found, so incomes
and deprivations are plausible, not measured, and the resulting rates are not the province's.
Districts are Đồng Nai's 11 district-level units before July 2025, with made-up commune names and
plausible (not official) shares of households and urban shares.

Incomes per person per month are drawn from a log-normal law (median 5.5 million VND rural,
7 million urban), rounded to 1,000 VND, with a few households placed exactly on the national and
provincial lines and the band's top, and each indicator is deprived independently with a small
probability, so that both standards' edges are crossed. The same seed gives the same file.

Usage:
    python examples/generate_dongnai.py --households 100000 -o examples/full/dongnai.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

HOUSEHOLDS = 100_000

# lines that the generator places a few households exactly on (VND per person per month)
EDGES = {
    "rural": [1_500_000, 2_000_000, 2_250_000, 3_000_000],  # national, provincial, both bands' tops
    "urban": [2_000_000, 2_500_000, 3_000_000, 3_750_000],
}
MEDIAN_INCOME = {"rural": 5_500_000, "urban": 7_000_000}
SIGMA = 0.35

# district, share of households, share urban (plausible, not official)
DISTRICTS = [
    ("Biên Hòa", 0.33, 0.95),
    ("Long Khánh", 0.05, 0.60),
    ("Nhơn Trạch", 0.08, 0.30),
    ("Long Thành", 0.08, 0.30),
    ("Trảng Bom", 0.11, 0.20),
    ("Vĩnh Cửu", 0.05, 0.15),
    ("Thống Nhất", 0.05, 0.10),
    ("Định Quán", 0.06, 0.10),
    ("Tân Phú", 0.05, 0.10),
    ("Xuân Lộc", 0.07, 0.10),
    ("Cẩm Mỹ", 0.05, 0.05),
]
COMMUNES_PER_DISTRICT = 10

# prevalence of each deprivation (plausible, not official)
PREVALENCE = {
    "employment": 0.05,
    "dependents": 0.05,
    "nutrition": 0.02,
    "health_insurance": 0.06,
    "adult_education": 0.04,
    "child_schooling": 0.02,
    "housing_quality": 0.02,
    "housing_area": 0.03,
    "water": 0.02,
    "sanitation": 0.03,
    "telecom": 0.04,
    "information_assets": 0.02,
}

HEADER = [
    "household_id",
    "province",
    "district",
    "commune",
    "area",
    "household_size",
    "income_per_capita_month",
    "working_age_unemployed",
    "dependents",
    "children_under16_malnourished",
    "members_6plus_without_health_insurance",
    "members_16_30_lacking_education",
    "children_3_15_not_in_school",
    "non_durable_main_structures",
    "floor_area_m2",
    "safe_water",
    "sanitary_latrine",
    "uses_internet",
    "has_information_device",
]
SIZES = [1, 2, 3, 4, 5, 6, 7]
SIZE_WEIGHTS = [0.08, 0.17, 0.24, 0.28, 0.14, 0.06, 0.03]


def _income(rng: random.Random, area: str) -> int:
    if rng.random() < 0.002:
        return rng.choice(EDGES[area])  # exactly on a line: the edge cases happen
    income = int(rng.lognormvariate(0, SIGMA) * MEDIAN_INCOME[area])
    return income - income % 1000


def _row(rng: random.Random, i: int) -> list[object]:
    district, _, urban_share = rng.choices(DISTRICTS, weights=[d[1] for d in DISTRICTS])[0]
    area = "urban" if rng.random() < urban_share else "rural"
    commune_kind = "Phường" if area == "urban" else "Xã"
    commune = f"{commune_kind} {district} {rng.randrange(1, COMMUNES_PER_DISTRICT + 1):02d}"
    size = rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
    deprived = {ind for ind, p in PREVALENCE.items() if rng.random() < p}
    half = size // 2
    dependents = rng.randint(half + 1, size) if "dependents" in deprived else rng.randint(0, half)
    if "housing_area" in deprived:
        floor = min(round(rng.uniform(4 * size, 8 * size - 0.01), 1), 8 * size - 0.1)
    elif rng.random() < 0.01:
        floor = 8 * size  # exactly 8 m2 per person: not deprived
    else:
        floor = round(rng.uniform(8 * size, 30 * size), 1)
    return [
        f"DN{i:07d}",
        "Đồng Nai",
        district,
        commune,
        area,
        size,
        _income(rng, area),
        rng.randint(1, size) if "employment" in deprived else 0,
        dependents,
        1 if "nutrition" in deprived else 0,
        rng.randint(1, size) if "health_insurance" in deprived else 0,
        1 if "adult_education" in deprived else 0,
        1 if "child_schooling" in deprived else 0,
        rng.choice([2, 3]) if "housing_quality" in deprived else rng.choice([0, 0, 0, 1]),
        floor if floor != int(floor) else int(floor),
        "false" if "water" in deprived else "true",
        "false" if "sanitation" in deprived else "true",
        "false" if "telecom" in deprived else "true",
        "false" if "information_assets" in deprived else "true",
    ]


def generate(n: int, out, seed: int = 2022) -> None:
    rng = random.Random(seed)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(n):
        writer.writerow(_row(rng, i + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    if args.output == "-":
        generate(args.households, sys.stdout, args.seed)
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            generate(args.households, fh, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
