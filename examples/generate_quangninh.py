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

With `--members PATH` it also writes the households' members, one row per person in the canonical
member columns (MEMBER_HEADER), such that the law's rules applied to each roster give the
household's count columns exactly: working_age_unemployed = members in working age and
unemployed_or_no_contract; dependents = members under 16 or receiving_social_allowance;
children_under16_malnourished; members_6plus_without_health_insurance; members_16_30_lacking_education
(16 to 30 inclusive, not in training and without the degree); children_3_15_not_in_school (3 to
under 16). Questions not asked are blank: malnourished from 16 on, in_training_or_has_degree_for_age
outside 16-30, attends_school_at_right_level outside 3-15. About a quarter of the ages drawn are at a
band's edge (2, 3, 5, 6, 15, 16, 30, 31). The members have a stream of their own, so the households
file is byte for byte the same with or without them.

Some households' counts cannot come from any roster: a child counted as malnourished or out of
school is under 16, so a dependant, yet the household counts no dependants (about 0.9% of
households); or a single member is both that child and a person aged 16-30 lacking education. Their
rosters keep the child: `dependents` counts it (a household of 2 or more still has at most half
dependants, so no indicator changes; a single-member household becomes deprived in dependants) and
the 16-30 member is left out. `roster_exceptions` says which rule applies; the generator counts
them on stderr.

Usage:
    python examples/generate_quangninh.py --households 384000 -o examples/full/quangninh.csv
    python examples/generate_quangninh.py --households 3000 -o examples/households.csv \
        --previous examples/households_previous.csv --members examples/members.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from contextlib import ExitStack
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
    found = [ind for ind in INDICATORS if rng.random() < PREVALENCE[ind]]
    if group in ("near_national", "near_between"):
        # the first two in the standard's order: a set's pop() depended on the process's string
        # hashing, so large populations differed from run to run
        del found[2:]
        if group == "near_national" and not found and rng.random() < 0.5:
            found.append(rng.choice(INDICATORS))
    return set(found)


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


MEMBER_HEADER = [
    "household_id",
    "age",
    "in_working_age",
    "unemployed_or_no_contract",
    "receives_social_allowance",
    "malnourished",
    "has_health_insurance",
    "in_training_or_has_degree_for_age",
    "attends_school_at_right_level",
]
CHILD_EDGES = (2, 3, 5, 6, 15)  # the law's bands: 3 to under 16, 6 or over, under 16
ADULT_EDGES = (16, 30, 31)  # 16 to 30 inclusive
EDGE_SHARE = 0.25


def _age(rng: random.Random, low: int, high: int, edges: tuple[int, ...]) -> int:
    """An age in [low, high], at one of the band edges inside it for EDGE_SHARE of the draws."""
    inside = [e for e in edges if low <= e <= high]
    if inside and rng.random() < EDGE_SHARE:
        return rng.choice(inside)
    return rng.randint(low, high)


def _in_working_age(rng: random.Random, age: int) -> bool:
    # 15 to the retirement age, which depends on sex and birth date (55-62 in these years)
    if age < 15 or age >= 62:
        return False
    return age < 55 or rng.random() < 0.5


def _roster(rng: random.Random, row: list[object]) -> tuple[list[dict[str, object]], str]:
    """The members of the household in `row` whose counts by the law's rules are the row's own,
    and the name of the exception when no roster can give them (empty when it does). The
    malnourished, lacking-education and out-of-school counts are 0 or 1 in this generator's rows."""
    size = int(row[5])  # type: ignore[call-overload]
    unemployed, dependants, malnourished, uninsured, lacking, out_of_school = (
        int(v)  # type: ignore[call-overload]
        for v in row[7:13]
    )
    # every child under 16 is a dependant, and the 16-30 member lacking education is not a child
    need_child = 1 if malnourished or out_of_school else 0
    exception = ""
    if need_child > min(dependants, size - lacking):
        children = need_child
        if children > dependants:
            exception = "child_without_dependants"
        if size - children < lacking:
            exception = "single_member_child_and_16_30"
            lacking = 0
    else:
        # most dependants are children; keep one adult where the counts allow it
        top = min(dependants, size - lacking)
        if size - 1 >= need_child:
            top = min(top, size - 1)
        children = need_child + sum(rng.random() < 0.7 for _ in range(top - need_child))
    adults = size - children
    adult_dependants = max(dependants, children) - children
    others = adults - adult_dependants  # adults who are not dependants
    # the unemployed are adults who are not dependants, then disabled receivers of working age,
    # then children of exactly 15 (of working age from 15)
    jobless_others = min(unemployed, others)
    jobless_dependants = min(unemployed - jobless_others, adult_dependants)
    jobless_children = unemployed - jobless_others - jobless_dependants

    people: list[dict[str, object]] = []
    for j in range(adults):
        dependant = j >= others
        jobless = j - others < jobless_dependants if dependant else j < jobless_others
        if lacking and j == 0:
            age = _age(rng, 16, 30, ADULT_EDGES)
        elif j == 0 and children and not dependant:  # a parent
            age = _age(rng, 20, 59, ADULT_EDGES)
        elif jobless:
            age = _age(rng, 16, 59, ADULT_EDGES)
        elif dependant:  # an elderly receiver, or now and then a disabled one
            age = rng.randint(16, 59) if rng.random() < 0.15 else rng.randint(60, 95)
        elif rng.random() < 0.8:
            age = _age(rng, 16, 59, ADULT_EDGES)
        else:
            age = rng.randint(60, 79)
        people.append(
            {
                "age": age,
                "working": jobless or _in_working_age(rng, age),
                "jobless": jobless,
                "allowance": dependant,
                "lacking": lacking and j == 0,
            }
        )
    # children: each age bounded below by what the counts ask of it
    floors = [15 if c < jobless_children else 0 for c in range(children)]
    school_at = jobless_children if jobless_children < children else 0
    if out_of_school:
        floors[school_at] = max(floors[school_at], 3)
    six_needed = uninsured - adults - sum(f >= 6 for f in floors)
    for c in range(children):
        if six_needed > 0 and floors[c] < 6:
            floors[c], six_needed = 6, six_needed - 1
    malnourished_at = rng.randrange(children) if malnourished else -1
    for c in range(children):
        age = _age(rng, floors[c], 15, CHILD_EDGES)
        people.append(
            {
                "age": age,
                "working": c < jobless_children or _in_working_age(rng, age),
                "jobless": c < jobless_children,
                "allowance": False,
                "malnourished": c == malnourished_at,
                "out_of_school": bool(out_of_school) and c == school_at,
            }
        )
    six_plus = [p for p in people if int(p["age"]) >= 6]  # type: ignore[call-overload]
    for p in rng.sample(six_plus, uninsured):
        p["uninsured"] = True
    for p in people:  # under 6 the card is free, but not every child has one; not counted
        if int(p["age"]) < 6 and rng.random() < 0.2:  # type: ignore[call-overload]
            p["uninsured"] = True

    def yes(value: object) -> str:
        return "true" if value else "false"

    members = []
    for p in people:
        age = int(p["age"])  # type: ignore[call-overload]
        members.append(
            {
                "household_id": row[0],
                "age": age,
                "in_working_age": yes(p["working"]),
                "unemployed_or_no_contract": yes(p["jobless"]),
                "receives_social_allowance": yes(p["allowance"]),
                "malnourished": yes(p.get("malnourished")) if age < 16 else "",
                "has_health_insurance": yes(not p.get("uninsured")),
                "in_training_or_has_degree_for_age": (
                    yes(not p.get("lacking")) if 16 <= age <= 30 else ""
                ),
                "attends_school_at_right_level": (
                    yes(not p.get("out_of_school")) if 3 <= age < 16 else ""
                ),
            }
        )
    return members, exception


def generate(n: int, out, seed: int = 2023, previous=None, members=None) -> dict[str, int]:
    """Write `n` households to `out`; with `previous`, the previous review's list there; with
    `members`, the households' members there. Returns the number of households of each roster
    exception (see the module's docstring)."""
    rng = random.Random(seed)
    # the members too have a generator of their own (a string seed is hashed, so no other seed
    # of the households' or the previous list's streams gives it)
    people = random.Random(f"members-{seed}")
    roster = None
    if members is not None:
        roster = csv.DictWriter(members, MEMBER_HEADER, lineterminator="\n")
        roster.writeheader()
    exceptions: dict[str, int] = {}
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
        if roster is not None:
            rows, exception = _roster(people, row)
            roster.writerows(rows)
            if exception:
                exceptions[exception] = exceptions.get(exception, 0) + 1
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
    return exceptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=TOTAL)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--previous", help="also write the previous review's list here")
    parser.add_argument("--members", help="also write the households' members here")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        extra = {}
        for name in ("previous", "members"):
            if getattr(args, name):
                Path(getattr(args, name)).parent.mkdir(parents=True, exist_ok=True)
                extra[name] = stack.enter_context(
                    open(getattr(args, name), "w", encoding="utf-8", newline="")
                )
        if args.output == "-":
            out = sys.stdout
        else:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
        exceptions = generate(args.households, out, args.seed, **extra)
    for name, count in sorted(exceptions.items()):
        print(
            f"{count} households' counts come from no roster ({name}); see the docstring",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
