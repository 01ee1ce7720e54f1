"""Generate a synthetic, Quảng Ninh-like population of households in the canonical layout.

SYNTHETIC DATA: no real household is in it. It is calibrated so that, out of about 384,000
households (the province's implied total), the national standard vn-2022-2025 finds 0 poor and
925 near-poor households (0.24%, the province's 2023 review), and the provincial standard
quangninh-2023-2025 finds 246 poor and 3,063 near-poor (0.064% and 0.797%, reported at the start
of 2023). Other sizes keep the same rates. Districts are the province's 13 district-level units
before July 2025, with made-up commune names; incomes and deprivations are plausible, not measured.

The calibration is by construction: the generator places exactly
- round(925/384000 * n) households at or below the national line with fewer than 3 deprivations,
- round(246/384000 * n) between the national and provincial lines with 3 or more,
- round(2138/384000 * n) between the two lines with fewer than 3,
and every other household above the provincial line.

With `--previous PATH` it also writes the previous review's list for the same population, as
last year's `classify` output would hold it (household_id, units, area, and the class under each
standard): last year's income is this year's divided by a seeded growth of -10% to +30%, one
deprivation more or fewer for some, classified by the two standards' rules; about 2% of this
year's households are new (not on it) and 1.5% more households were on it only (absent now).
The households file is the same with or without it.

Usage:
    python examples/generate_quangninh.py --households 384000 -o examples/full/quangninh.csv
    python examples/generate_quangninh.py --households 3000 -o examples/households.csv \
        --previous examples/households_previous.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

TOTAL = 384_000
NATIONAL_NEAR_POOR = 925
PROVINCIAL_POOR = 246
PROVINCIAL_NEAR_POOR = 3_063

NATIONAL_LINE = {"rural": 1_500_000, "urban": 2_000_000}  # Decree 07/2021
NATIONAL_BAND_TOP = {"rural": 2_250_000, "urban": 3_000_000}  # average band (news)
PROVINCIAL_LINE = {"rural": 2_100_000, "urban": 2_600_000}  # Resolution 13/2023

# district, share of households, share urban (plausible, not official)
DISTRICTS = [
    ("Hạ Long", 0.24, 0.90),
    ("Cẩm Phả", 0.13, 0.92),
    ("Uông Bí", 0.09, 0.90),
    ("Móng Cái", 0.08, 0.75),
    ("Đông Triều", 0.13, 0.45),
    ("Quảng Yên", 0.11, 0.40),
    ("Đầm Hà", 0.03, 0.20),
    ("Hải Hà", 0.04, 0.25),
    ("Tiên Yên", 0.04, 0.25),
    ("Bình Liêu", 0.02, 0.15),
    ("Ba Chẽ", 0.02, 0.15),
    ("Vân Đồn", 0.05, 0.30),
    ("Cô Tô", 0.02, 0.40),
]
COMMUNES_PER_DISTRICT = 12

# general prevalence of each deprivation in the province (plausible, not official)
PREVALENCE = {
    "employment": 0.03,
    "dependents": 0.04,
    "nutrition": 0.01,
    "health_insurance": 0.03,
    "adult_education": 0.02,
    "child_schooling": 0.01,
    "housing_quality": 0.01,
    "housing_area": 0.02,
    "water": 0.01,
    "sanitation": 0.02,
    "telecom": 0.03,
    "information_assets": 0.01,
}
INDICATORS = list(PREVALENCE)

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
    "waste_handled_hygienically",
]
SIZES = [1, 2, 3, 4, 5, 6, 7]
SIZE_WEIGHTS = [0.08, 0.17, 0.24, 0.28, 0.14, 0.06, 0.03]


def _count(n: int, reported: int) -> int:
    return round(reported * n / TOTAL)


def _deprivations(rng: random.Random, group: str) -> set[str]:
    if group == "poor_between":  # 3 or 4 deprivations
        return set(rng.sample(INDICATORS, rng.choice([3, 3, 3, 4])))
    found = {ind for ind in INDICATORS if rng.random() < PREVALENCE[ind]}
    if group in ("near_national", "near_between"):
        while len(found) > 2:
            found.pop()
        if group == "near_national" and not found and rng.random() < 0.5:
            found.add(rng.choice(INDICATORS))
    return found


def _income(rng: random.Random, group: str, area: str) -> int:
    nat, prov = NATIONAL_LINE[area], PROVINCIAL_LINE[area]
    if group == "near_national":
        if rng.random() < 0.05:
            return nat  # exactly at the line: still near-poor
        return rng.randrange(nat // 2, nat + 1, 1000)
    if group in ("poor_between", "near_between"):
        if rng.random() < 0.05:
            return prov  # exactly at the provincial line
        return rng.randrange(nat + 1000, prov + 1, 1000)
    # everyone else lives above the provincial line; a few just one VND above it
    if rng.random() < 0.001:
        return prov + 1
    income = int(prov + 100_000 + rng.lognormvariate(15.1, 0.6))
    return income - income % 1000


def _row(rng: random.Random, i: int, group: str) -> tuple[list[object], int]:
    """The household's cells, and its number of deprivations."""
    district, _, urban_share = rng.choices(DISTRICTS, weights=[d[1] for d in DISTRICTS])[0]
    area = "urban" if rng.random() < urban_share else "rural"
    commune_kind = "Phường" if area == "urban" else "Xã"
    commune = f"{commune_kind} {district} {rng.randrange(1, COMMUNES_PER_DISTRICT + 1):02d}"
    size = rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
    deprived = _deprivations(rng, group)
    half = size // 2
    dependents = rng.randint(half + 1, size) if "dependents" in deprived else rng.randint(0, half)
    if "housing_area" in deprived:
        floor = round(rng.uniform(4 * size, 8 * size - 0.01), 1)
        floor = min(floor, 8 * size - 0.1)
    elif rng.random() < 0.01:
        floor = 8 * size  # exactly 8 m2 per person: not deprived
    else:
        floor = round(rng.uniform(8 * size, 30 * size), 1)
    row = [
        f"QN{i:07d}",
        "Quảng Ninh",
        district,
        commune,
        area,
        size,
        _income(rng, group, area),
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
        # read only by the provisional 2027-2030 standard; rarely false here
        "false" if rng.random() < 0.02 else "true",
    ]
    return row, len(deprived)


PREVIOUS_HEADER = [
    "household_id",
    "province",
    "district",
    "commune",
    "area",
    "class_vn-2022-2025",
    "class_quangninh-2023-2025",
]


def _classes(income: int, deprivations: int, area: str) -> tuple[str, str]:
    """The class under vn-2022-2025 and under quangninh-2023-2025 (their rules, by hand)."""
    few = deprivations < 3
    if income <= NATIONAL_LINE[area]:
        national = "near_poor" if few else "poor"
    else:
        national = "average" if income <= NATIONAL_BAND_TOP[area] else "not_poor"
    if income > PROVINCIAL_LINE[area]:
        return national, "not_poor"
    return national, "near_poor" if few else "poor"


def _previous_row(rng: random.Random, row: list[object], deprivations: int) -> list[object]:
    income, area = int(row[6]), str(row[4])
    before = round(income / (1 + rng.uniform(-0.10, 0.30)))
    count = max(0, deprivations + rng.choice([-1, 0, 0, 0, 0, 1]))
    return [*row[:5], *_classes(before, count, area)]


def generate(n: int, out, seed: int = 2023, previous=None) -> None:
    """Write `n` households to `out`; with `previous`, the previous review's list there."""
    rng = random.Random(seed)
    # the previous list has a generator of its own: the households are the same without it
    before = random.Random(seed + 1)
    earlier = csv.writer(previous, lineterminator="\n") if previous is not None else None
    if earlier is not None:
        earlier.writerow(PREVIOUS_HEADER)
    gone: list[list[object]] = []
    near_national = _count(n, NATIONAL_NEAR_POOR)
    poor_between = _count(n, PROVINCIAL_POOR)
    near_between = _count(n, PROVINCIAL_NEAR_POOR - NATIONAL_NEAR_POOR)
    special = rng.sample(range(n), near_national + poor_between + near_between)
    group = dict.fromkeys(special[:near_national], "near_national")
    group.update(
        dict.fromkeys(special[near_national : near_national + poor_between], "poor_between")
    )
    group.update(dict.fromkeys(special[near_national + poor_between :], "near_between"))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i in range(n):
        row, deprivations = _row(rng, i + 1, group.get(i, "rest"))
        writer.writerow(row)
        if earlier is None:
            continue
        draw = before.random()
        if draw < 0.02:
            continue  # new this year: not on the previous list
        earlier.writerow(_previous_row(before, row, deprivations))
        if draw > 0.985:
            # a household in the same commune that was on the previous list only
            left = [f"QN{9_000_000 + len(gone):07d}", *row[1:]]
            gone.append(_previous_row(before, left, deprivations))
    if earlier is not None:
        earlier.writerows(gone)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=TOTAL)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--previous", help="also write the previous review's list here")
    args = parser.parse_args(argv)
    previous = None
    if args.previous:
        Path(args.previous).parent.mkdir(parents=True, exist_ok=True)
        previous = open(args.previous, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if args.output == "-":
            generate(args.households, sys.stdout, args.seed, previous)
        else:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                generate(args.households, fh, args.seed, previous)
    finally:
        if previous is not None:
            previous.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
