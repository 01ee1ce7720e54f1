"""`mdpoverty report`: units and subtotals, urban/rural, ethnic minority, deprivation, the
movements since the previous list, and the totals against classify's."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.engine.classifier import compile_standard
from mdpoverty.errors import InputError
from mdpoverty.io.readers import read_table
from mdpoverty.io.writers import Target
from mdpoverty.report import spill as sp
from mdpoverty.report import summary
from mdpoverty.report.previous import open_previous, read_label
from mdpoverty.report.summary import MOVEMENTS, check_identities, movement_values, report_table
from mdpoverty.run.pipeline import classify_table
from mdpoverty.standard.loader import load_standard

from .conftest import BASE, EXAMPLES

runner = CliRunner()
NATIONAL = "vn-2022-2025"
AS_OF = "2025-06-30"

# incomes that give each class under vn-2022-2025 for a rural household (line 1,500,000,
# average band to 2,250,000); `poor` also needs three deprivations
INCOME = {"poor": 1_000_000, "near_poor": 1_500_000, "average": 2_250_000, "not_poor": 2_250_001}
DEPRIVED = {"safe_water": "false", "sanitary_latrine": "false", "uses_internet": "false"}


def hh(hid: str, cls: str, district: str = "D1", commune: str = "C1", **kw) -> dict:
    row = {**BASE, "household_id": hid, "district": district, "commune": commune}
    row["income_per_capita_month"] = INCOME[cls]
    if cls == "poor":
        row |= DEPRIVED
    return {**row, **kw}


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def standards(*ids: str):
    return [compile_standard(load_standard(i)) for i in ids or (NATIONAL,)]


def run(path: Path, by=("district", "commune"), ids=(NATIONAL,), previous=None, **kw):
    table = read_table(str(path))
    cs = standards(*ids)
    prev = None
    if previous is not None:
        prev = open_previous(read_table(str(previous)), cs, list(by), kw.pop("explicit", None))
    return report_table(table, cs, by=list(by), as_of=dt.date(2025, 6, 30), previous=prev, **kw)


def rows_of(sectioned, section="all"):
    return {(r.level, r.path): r.values for r in sectioned[section]}


def invoke(*args: str):
    return runner.invoke(app, list(args))


# ------------------------------------------------------------------ units


def test_units_subtotals_and_grand_total_in_tree_order(tmp_path):
    rows = [
        hh("1", "poor", "Ba Chẽ", "Xã A"),
        hh("2", "near_poor", "Ba Chẽ", "Xã A"),
        hh("3", "not_poor", "Ba Chẽ", "Xã B"),
        hh("4", "average", "Cô Tô", "Xã C"),
        hh("5", "near_poor", "Cô Tô", "Xã C"),
    ]
    report = run(write(tmp_path / "h.csv", rows))
    table = report.reports[0].households["all"]
    assert [(r.level, r.path) for r in table] == [
        (1, ("Ba Chẽ",)),
        (2, ("Ba Chẽ", "Xã A")),
        (2, ("Ba Chẽ", "Xã B")),
        (1, ("Cô Tô",)),
        (2, ("Cô Tô", "Xã C")),
        (0, ()),
    ]
    got = rows_of(report.reports[0].households)
    assert got[(1, ("Ba Chẽ",))] == {
        "households": 3,
        "poor": 1,
        "near_poor": 1,
        "average": 0,
        "not_poor": 1,
    }
    assert got[(2, ("Cô Tô", "Xã C"))]["average"] == 1
    assert got[(0, ())] == {"households": 5, "poor": 1, "near_poor": 2, "average": 1, "not_poor": 1}
    # every subtotal is the sum of its children
    for (level, path), values in got.items():
        children = [v for (lv, p), v in got.items() if lv == level + 1 and p[:level] == path]
        if children:
            for key, n in values.items():
                assert n == sum(c[key] for c in children), (path, key)


def test_same_name_communes_in_two_districts_are_two_units(tmp_path):
    rows = [
        hh("1", "poor", "Hạ Long", "Xã Hòa Bình"),
        hh("2", "poor", "Hạ Long", "Xã Hòa Bình"),
        hh("3", "near_poor", "Cẩm Phả", "Xã Hòa Bình"),
    ]
    got = rows_of(run(write(tmp_path / "h.csv", rows)).reports[0].households)
    assert got[(2, ("Hạ Long", "Xã Hòa Bình"))]["poor"] == 2
    assert got[(2, ("Cẩm Phả", "Xã Hòa Bình"))]["poor"] == 0
    assert got[(2, ("Cẩm Phả", "Xã Hòa Bình"))]["near_poor"] == 1
    assert sum(1 for level, _ in got if level == 2) == 2


def test_by_province_and_commune_without_a_district_tier(tmp_path):
    rows = [
        {k: v for k, v in hh(str(i), cls, commune=c).items() if k != "district"}
        for i, (cls, c) in enumerate(
            [("poor", "Phường 1"), ("poor", "Phường 2"), ("near_poor", "Phường 2")]
        )
    ]
    path = write(tmp_path / "h.csv", rows)
    report = run(path, by=("province", "commune"))
    got = rows_of(report.reports[0].households)
    assert got[(1, ("Quảng Ninh",))]["poor"] == 2
    assert got[(2, ("Quảng Ninh", "Phường 2"))] == {
        "households": 2,
        "poor": 1,
        "near_poor": 1,
        "average": 0,
        "not_poor": 0,
    }
    out = invoke("report", str(path), "--as-of", AS_OF, "--by", "province,commune")
    assert out.exit_code == 0, out.stderr
    assert "Phường 2" in out.stdout
    # the default is the unit columns the input has
    default = invoke("report", str(path), "--as-of", AS_OF, "--format", "json")
    assert json.loads(default.stdout)["by"] == ["province", "commune"]


def test_urban_and_rural_sections_add_up_to_all(tmp_path):
    rows = [
        hh("1", "poor", area="rural"),
        hh("2", "near_poor", area="thành thị", income_per_capita_month=2_000_000),
        hh("3", "near_poor", area="Nông thôn"),
        hh("4", "not_poor", area="urban", income_per_capita_month=3_000_001),
    ]
    report = run(write(tmp_path / "h.csv", rows))
    sections = report.reports[0].households
    urban, rural, every = (sections[s][-1].values for s in ("urban", "rural", "all"))
    assert urban == {"households": 2, "poor": 0, "near_poor": 1, "average": 0, "not_poor": 1}
    assert rural == {"households": 2, "poor": 1, "near_poor": 1, "average": 0, "not_poor": 0}
    assert every == {k: urban[k] + rural[k] for k in every}
    # a unit with urban households only is not in the rural section
    assert all(r.path == () or r.path[0] == "D1" for r in sections["rural"])


def test_a_unit_name_is_text_on_screen_not_markup(tmp_path):
    rows = [hh("1", "poor", "[bold red]D[/]", "[link=x]C[/link]")]
    out = invoke("report", str(write(tmp_path / "h.csv", rows)), "--as-of", AS_OF)
    assert out.exit_code == 0, out.stderr
    assert "[bold red]D[/]" in out.stdout
    assert "[link=x]C[/link]" in out.stdout


def test_a_unit_name_is_never_a_formula_in_the_csv_or_the_workbook(tmp_path):
    rows = [hh("1", "poor", '=HYPERLINK("http://x")', "-1+2"), hh("2", "poor", "D", "-12")]
    path = write(tmp_path / "h.csv", rows)
    out = invoke("report", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "r.csv"))
    assert out.exit_code == 0, out.stderr
    frame = pl.read_csv(tmp_path / "r.csv", infer_schema=False)
    assert set(frame["district"].drop_nulls()) == {'\'=HYPERLINK("http://x")', "D"}
    assert set(frame["commune"].drop_nulls()) == {"'-1+2", "-12"}  # a plain number stays
    out = invoke("report", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "r.xlsx"))
    sheet = pl.read_excel(
        tmp_path / "r.xlsx", sheet_name="Households", read_options={"header_row": 5}
    )
    assert '=HYPERLINK("http://x")' in set(sheet["district"].drop_nulls())  # a text cell


def test_a_blank_unit_is_reported_as_blank_not_rejected(tmp_path):
    rows = [hh("1", "poor", "D1", ""), hh("2", "poor", "D1", "  Xã A ")]
    report = run(write(tmp_path / "h.csv", rows))
    got = rows_of(report.reports[0].households)
    assert got[(2, ("D1", None))]["poor"] == 1
    assert got[(2, ("D1", "Xã A"))]["poor"] == 1


# ------------------------------------------------------------------ ethnic minority


def test_ethnic_minority_of_which_counts_with_the_vietnamese_header(tmp_path):
    rows = [
        {**hh("1", "poor"), "Dân tộc thiểu số": "có"},
        {**hh("2", "poor"), "Dân tộc thiểu số": "không"},
        {**hh("3", "near_poor"), "Dân tộc thiểu số": "x"},
        {
            **hh("4", "not_poor", area="urban", income_per_capita_month=3_000_001),
            "Dân tộc thiểu số": "true",
        },
    ]
    report = run(write(tmp_path / "h.csv", rows))
    assert report.ethnic
    total = report.reports[0].households["all"][-1].values
    assert (total["em_households"], total["em_poor"], total["em_near_poor"]) == (3, 1, 1)
    assert total["em_not_poor"] == 1
    assert report.reports[0].households["rural"][-1].values["em_households"] == 2


def test_an_unreadable_ethnic_minority_value_rejects_the_row(tmp_path):
    rows = [
        {**hh("1", "poor"), "ethnic_minority": "có"},
        {**hh("2", "poor"), "ethnic_minority": "Tày"},
    ]
    path = write(tmp_path / "h.csv", rows)
    out = invoke("report", str(path), "--as-of", AS_OF)
    assert out.exit_code == 3
    assert "rows read 2 = reported 1 + rejected 1" in out.stdout
    rejects = pl.read_csv(tmp_path / "h_report_rejects.csv", infer_schema=False)
    assert rejects.row(0, named=True)["errors"] == "ethnic_minority:not_true_false"
    assert rejects.row(0, named=True)["row"] == "3"


# ------------------------------------------------------------------ deprivation


def test_deprivation_among_the_poor_and_the_near_poor(tmp_path):
    rows = [
        hh("1", "poor"),  # water, sanitation, telecom
        hh("2", "poor", has_information_device="false"),
        hh("3", "near_poor", safe_water="false"),
        hh("4", "not_poor", safe_water="false"),  # not counted: not poor or near-poor
    ]
    report = run(write(tmp_path / "h.csv", rows))
    dep = report.reports[0].deprivation
    poor = dep["poor"]["all"][-1].values
    assert poor["households"] == 2
    assert (poor["water"], poor["sanitation"], poor["telecom"], poor["information_assets"]) == (
        2,
        2,
        2,
        1,
    )
    near = dep["near_poor"]["all"][-1].values
    assert (near["households"], near["water"], near["sanitation"]) == (1, 1, 0)


# ------------------------------------------------------------------ movements


CASES = [
    # id, class before (None: not on the previous list), class now (None: not on this list)
    ("stay_poor", "poor", "poor"),
    ("p_to_n", "poor", "near_poor"),
    ("p_to_np", "poor", "not_poor"),
    ("p_to_a", "poor", "average"),
    ("n_to_p", "near_poor", "poor"),
    ("n_to_a", "near_poor", "average"),
    ("n_to_np", "near_poor", "not_poor"),
    ("stay_near", "near_poor", "near_poor"),
    ("np_to_p", "not_poor", "poor"),
    ("a_to_n", "average", "near_poor"),
    ("gone_p", "poor", None),
    ("gone_n", "near_poor", None),
    ("gone_np", "not_poor", None),
    ("new_p", None, "poor"),
    ("new_n", None, "near_poor"),
    ("new_np", None, "not_poor"),
]


def _movement_files(tmp_path, cases=CASES, labels=None, prev_extra=()):
    now = [hh(i, c) for i, _, c in cases if c]
    before = [
        {"household_id": i, "district": "D1", "commune": "C1", "class": (labels or {}).get(b, b)}
        for i, b, _ in cases
        if b
    ]
    before += list(prev_extra)
    return write(tmp_path / "now.csv", now), write(tmp_path / "before.csv", before)


def test_every_movement_at_its_edge(tmp_path):
    now, before = _movement_files(tmp_path)
    report = run(now, previous=before)
    rep = report.reports[0]
    total = rep.movements["all"][-1].values
    assert total == {
        "poor_before": 5,  # stay_poor p_to_n p_to_np p_to_a gone_p
        "near_poor_before": 5,  # n_to_p n_to_a n_to_np stay_near gone_n
        "escaped_poverty": 3,  # p_to_n p_to_np p_to_a
        "poor_to_near_poor": 1,
        "escaped_near_poverty": 2,  # n_to_a n_to_np
        "near_poor_to_poor": 1,
        "newly_poor": 3,  # n_to_p np_to_p new_p
        "newly_near_poor": 3,  # p_to_n a_to_n new_n
        "absent_now": 3,
        "absent_poor": 1,
        "absent_near_poor": 1,
        "new": 3,
        "new_poor": 1,
        "new_near_poor": 1,
        "rejected_before": 0,
        "rejected_poor_now": 0,
        "rejected_near_poor_now": 0,
        "rejected_absent_now": 0,
        "rejected_now": 0,
        "rejected_now_poor": 0,
        "rejected_now_near_poor": 0,
        "rejected_now_rejected_before": 0,
        "rejected_new": 0,
        "poor_now": 4,  # stay_poor n_to_p np_to_p new_p
        "near_poor_now": 4,  # p_to_n stay_near a_to_n new_n
    }
    assert check_identities(rep.movements["all"][-1])
    assert total["poor_now"] == rep.households["all"][-1].values["poor"]
    assert total["near_poor_now"] == rep.households["all"][-1].values["near_poor"]
    assert rep.transitions["poor"]["near_poor"] == 1
    assert rep.transitions["absent"]["poor"] == 1
    assert rep.transitions["not_poor"]["absent"] == 1
    assert "absent" not in rep.transitions["absent"]
    prev = report.previous
    assert (prev.rows_read, prev.rejected, prev.matched, prev.absent, prev.new) == (13, 0, 10, 3, 3)


@pytest.mark.parametrize(
    ("was", "now", "counted"),
    [
        ("poor", "near_poor", {"escaped_poverty", "poor_to_near_poor", "newly_near_poor"}),
        ("near_poor", "poor", {"near_poor_to_poor", "newly_poor"}),
        ("poor", "absent", {"absent_now", "absent_poor"}),
        ("absent", "near_poor", {"new", "new_near_poor", "newly_near_poor"}),
        ("average", "not_poor", set()),
        ("absent", "average", {"new"}),
    ],
)
def test_movement_categories_of_one_household(was, now, counted):
    values = movement_values(was, now, 1)
    before_now = {f"{c}_before" for c in (was,) if c in ("poor", "near_poor")}
    before_now |= {f"{c}_now" for c in (now,) if c in ("poor", "near_poor")}
    assert set(values) == counted | before_now
    assert set(values) <= set(MOVEMENTS)


def test_movements_per_unit_and_area_place_absent_households_by_the_previous_list(tmp_path):
    now = write(
        tmp_path / "now.csv",
        [
            hh("1", "poor", "D1", "C1"),
            hh("2", "near_poor", "D2", "C9", area="urban", income_per_capita_month=2_000_000),
        ],
    )
    before = write(
        tmp_path / "before.csv",
        [
            {
                "household_id": "1",
                "district": "D1",
                "commune": "C1",
                "area": "rural",
                "class": "near_poor",
            },
            {
                "household_id": "2",
                "district": "D1",
                "commune": "C1",
                "area": "rural",
                "class": "poor",
            },
            {
                "household_id": "9",
                "district": "D2",
                "commune": "C2",
                "area": "Thành thị",
                "class": "poor",
            },
        ],
    )
    report = run(now, previous=before)
    got = rows_of(report.reports[0].movements)
    # household 2 moved to D2/C9 and to the town: counted where it lives now
    assert got[(2, ("D2", "C9"))]["poor_to_near_poor"] == 1
    assert got[(2, ("D1", "C1"))]["poor_before"] == 0
    assert got[(2, ("D1", "C1"))]["near_poor_before"] == 1
    assert got[(2, ("D2", "C9"))]["poor_before"] == 1
    assert got[(2, ("D1", "C1"))]["near_poor_to_poor"] == 1
    assert got[(2, ("D2", "C2"))]["absent_poor"] == 1
    urban = rows_of(report.reports[0].movements, "urban")
    assert urban[(0, ())]["absent_poor"] == 1
    assert urban[(0, ())]["poor_to_near_poor"] == 1
    for section in ("urban", "rural", "all"):
        assert all(check_identities(r) for r in report.reports[0].movements[section])


def test_without_units_in_the_previous_list_absent_households_count_in_the_total_only(tmp_path):
    now = write(tmp_path / "now.csv", [hh("1", "poor")])
    before = write(
        tmp_path / "before.csv",
        [{"Mã hộ": "1", "Phân loại": "Hộ nghèo"}, {"Mã hộ": "2", "Phân loại": "Hộ cận nghèo"}],
    )
    rep = run(now, previous=before).reports[0]
    got = rows_of(rep.movements)
    assert got[(0, ())]["absent_near_poor"] == 1
    assert got[(1, ("D1",))]["absent_near_poor"] == 0
    assert rep.movements["urban"][-1].values["absent_now"] == 0  # no area known


def test_ids_repeated_in_the_previous_list_are_rejected(tmp_path):
    now, before = _movement_files(
        tmp_path,
        cases=[("a", "poor", "poor"), ("b", "near_poor", "near_poor")],
        prev_extra=[{"household_id": "a", "district": "D1", "commune": "C1", "class": "not_poor"}],
    )
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--format", "json"
    )
    assert out.exit_code == 3, out.stderr
    data = json.loads(out.stdout)
    assert data["previous"]["rejected"] == 2
    assert data["previous"]["reject_reasons"] == {"household_id:duplicate_id": 2}
    # 'a' was on the previous list, its class there unknown: counted apart, never new
    assert data["movements"]["rejected"]["poor"] == 1
    assert data["movements"]["absent"]["poor"] == 0
    assert data["previous"]["new_to_this_list"] == 0
    assert data["previous"]["rejected_on_this_list"] == 1
    total = data["reports"][0]["unit_movements"]["all"][-1]
    assert (total["new"], total["newly_poor"], total["rejected_before"]) == (0, 0, 1)
    assert total["rejected_poor_now"] == 1
    rejects = pl.read_csv(tmp_path / "now_report_previous_rejects.csv", infer_schema=False)
    assert sorted(rejects["row"].to_list()) == ["2", "4"]
    assert set(rejects["errors"]) == {"household_id:duplicate_id"}
    assert "rows read 3 = used 1 + rejected 2" in out.stderr


def test_an_unreadable_or_blank_label_rejects_the_row_with_row_and_column(tmp_path):
    now, before = _movement_files(
        tmp_path,
        cases=[("a", "poor", "poor"), ("b", "near_poor", "near_poor"), ("c", "poor", "poor")],
        labels={"near_poor": "hộ khá giả"},
        prev_extra=[{"household_id": "d", "district": "D1", "commune": "C1", "class": " "}],
    )
    out = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    assert out.exit_code == 3
    assert "previous list row 3, column 'class': unknown category ('hộ khá giả')" in out.stdout
    assert "previous list row 5, column 'class': missing value" in out.stdout
    assert "rows read 4 = used 2 + rejected 2" in out.stdout


# a household whose previous row was rejected (label unreadable, or its id repeated): for each
# class now, (id, class now or None when absent now, the previous rows' labels)
REJECTED_CASES = [
    ("r_poor", "poor", ["HX"]),
    ("r_near", "near_poor", ["HX"]),
    ("r_avg", "average", ["HX"]),
    ("r_np", "not_poor", [" "]),
    ("r_gone", None, ["HX"]),
    ("d_poor", "poor", ["poor", "poor"]),  # repeated, even with one class
    ("d_near", "near_poor", ["near_poor", "HX"]),  # one rejected for its label, one repeated
    ("d_gone", None, ["poor", "near_poor"]),
]


def test_a_household_whose_previous_row_was_rejected_is_never_new_nor_newly_poor(tmp_path):
    now, before = _movement_files(
        tmp_path,
        cases=[*CASES, *((i, None, c) for i, c, _ in REJECTED_CASES if c)],
        prev_extra=[
            {"household_id": i, "district": "D2", "commune": "C2", "class": label}
            for i, _, labels in REJECTED_CASES
            for label in labels
        ],
    )
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--format", "json"
    )
    assert out.exit_code == 3, out.stderr
    data = json.loads(out.stdout)
    total = data["reports"][0]["unit_movements"]["all"][-1]
    # the CASES' own movements are untouched by the rejected rows
    assert (total["new"], total["new_poor"], total["new_near_poor"]) == (3, 1, 1)
    assert (total["newly_poor"], total["newly_near_poor"]) == (3, 3)
    assert (total["absent_now"], total["absent_poor"], total["absent_near_poor"]) == (3, 1, 1)
    assert (total["poor_before"], total["near_poor_before"]) == (5, 5)
    assert total["rejected_before"] == len(REJECTED_CASES)
    assert (total["rejected_poor_now"], total["rejected_near_poor_now"]) == (2, 2)
    assert total["rejected_absent_now"] == 2
    assert (total["poor_now"], total["near_poor_now"]) == (6, 6)
    moves = data["movements"]
    assert moves["rejected"] == {
        "poor": 2,
        "near_poor": 2,
        "average": 1,
        "not_poor": 1,
        "rejected": 0,
        "absent": 2,
    }
    assert sum(moves["absent"].values()) == 3  # new to this list: the CASES' three alone
    prev = data["previous"]
    # 13 rows of CASES used; 11 rejected: 6 for their label, 5 for their repeated id (d_near's
    # unreadable row is rejected once, for its label)
    assert (prev["rows_read"], prev["used"], prev["rejected"]) == (24, 13, 11)
    assert prev["reject_reasons"] == {
        "class:unknown_category": 5,
        "class:missing_value": 1,
        "household_id:duplicate_id": 5,
    }
    assert (prev["on_both_lists"], prev["absent_now"], prev["new_to_this_list"]) == (10, 3, 3)
    assert (prev["rejected_on_this_list"], prev["rejected_absent_now"]) == (6, 2)
    # every unit's identity holds with the rejected households added apart
    for section in data["reports"][0]["unit_movements"].values():
        for row in section:
            assert row["poor_now"] == (
                row["poor_before"]
                - row["escaped_poverty"]
                - row["absent_poor"]
                + row["newly_poor"]
                + row["rejected_poor_now"]
            )
    assert "8 households whose row was rejected (class unknown) are counted apart" in out.stderr
    assert "6 on this list, 2 absent now" in out.stderr
    assert "+ poor now whose previous row was rejected" in out.stderr


def test_the_movement_sheet_says_how_many_previous_rows_were_rejected_and_why(tmp_path):
    from openpyxl import load_workbook

    now, before = _movement_files(
        tmp_path,
        cases=[("a", "poor", "poor"), ("b", "near_poor", "near_poor")],
        labels={"near_poor": "HX"},
    )
    out_path = tmp_path / "r.xlsx"
    out = invoke(
        "report",
        str(now),
        "--as-of",
        AS_OF,
        "--previous",
        str(before),
        "--lang",
        "vi",
        "-o",
        str(out_path),
    )
    assert out.exit_code == 3, out.stdout
    wb = load_workbook(out_path)
    titles = [r[0] for r in wb["Diễn biến"].iter_rows(max_row=6, values_only=True)]
    assert (
        "Danh sách kỳ trước: 1 dòng bị loại (class: giá trị không có trong danh mục 1); "
        "các dòng: " + str(tmp_path / "r_previous_rejects.xlsx")
    ) in titles
    assert any(t and t.startswith("1 hộ có dòng kỳ trước bị loại") for t in titles)
    labels = [r[0] for r in wb["Chuyển đổi"].iter_rows(values_only=True)]
    assert "Dòng kỳ trước bị loại (không rõ phân loại)" in labels
    assert "Dòng kỳ trước bị loại (không rõ phân loại)" in out.stdout
    new_row = next(line for line in out.stdout.splitlines() if "Hộ mới trong danh sách" in line)
    assert new_row.split("│")[-2].strip() == "0"


def test_no_rejected_previous_row_keeps_the_movement_table_as_it_was(tmp_path):
    now, before = _movement_files(tmp_path)
    out = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    assert out.exit_code == 0, out.stdout
    assert "previous row rejected" not in out.stdout
    assert "+ poor now whose previous row was rejected" not in out.stdout


def test_totals_and_blank_rows_are_skipped_in_both_lists(tmp_path):
    now_rows = [hh("a", "poor"), hh("b", "near_poor")]
    blank = dict.fromkeys(now_rows[0], "")
    now = write(tmp_path / "now.csv", [*now_rows, {**blank, "commune": "Tổng cộng"}])
    before = write(
        tmp_path / "before.csv",
        [
            {"household_id": "a", "district": "D1", "commune": "C1", "class": "poor"},
            {"household_id": "", "district": "", "commune": "", "class": ""},
            {"household_id": "", "district": "Cộng", "commune": "", "class": "2"},
        ],
    )
    out = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    assert out.exit_code == 0, out.stderr
    assert "rows read 3 = reported 2 + rejected 0 + skipped 1" in out.stdout
    assert "rows read 3 = used 1 + rejected 0 + skipped 2" in out.stdout
    assert "new to this list 1" in out.stdout


def test_vietnamese_and_english_labels_in_any_case_and_accents():
    for text, cls in [
        ("Hộ nghèo", "poor"),
        ("HỘ NGHÈO", "poor"),
        ("ho ngheo", "poor"),
        ("Hộ cận nghèo", "near_poor"),
        ("near-poor", "near_poor"),
        ("Near_Poor", "near_poor"),
        ("Hộ có mức sống trung bình", "average"),
        ("Hộ không nghèo", "not_poor"),
        ("not_poor", "not_poor"),
        (" Hộ  cận nghèo ", "near_poor"),
        ("Ho nghe", None),
        ("", None),
    ]:
        assert read_label(text) == cls, text


def test_the_abbreviations_offices_write_are_read_and_no_other():
    for text, cls in [
        ("HN", "poor"),
        ("hn", "poor"),
        (" HN ", "poor"),
        ("HCN", "near_poor"),
        ("hcn", "near_poor"),
        ("H.N", None),
        ("HNCN", None),
        ("CN", None),
        ("KN", None),
        ("TB", None),
    ]:
        assert read_label(text) == cls, text


def test_the_mapping_files_values_decode_the_previous_lists_labels(tmp_path):
    now, before = _movement_files(
        tmp_path,
        cases=[("a", "poor", "poor"), ("b", "near_poor", "near_poor"), ("c", "poor", "poor")],
        # a code that is a label mdpoverty reads itself ('Nghèo') means what the user says
        labels={"poor": "1", "near_poor": "Nghèo"},
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  class: {1: poor, nghèo: near_poor}\n", encoding="utf-8")
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--columns",
        str(mapping), "--format", "json",
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["movements"]["poor"]["poor"] == 2
    assert data["movements"]["near_poor"]["near_poor"] == 1
    assert data["previous"]["rejected"] == 0
    # without the mapping, '1' names no class: rejected, and the household counted apart
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--format", "json"
    )
    assert out.exit_code == 3
    assert json.loads(out.stdout)["movements"]["rejected"]["poor"] == 2


@pytest.mark.parametrize("value", ["nghèo", "Hộ nghèo", "poor_x", "1"])
def test_a_class_code_that_names_no_class_is_refused_with_its_line(tmp_path, value):
    now, before = _movement_files(tmp_path, cases=[("a", "poor", "poor")])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(f"values:\n  class:\n    HX: poor\n    N1: '{value}'\n", encoding="utf-8")
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--columns", str(mapping)
    )
    assert out.exit_code == 4
    assert f"map.yaml:4: values.class.N1: '{value}' is no class" in out.stderr


def test_class_of_the_standard_beside_other_class_columns_is_named(tmp_path):
    now = write(tmp_path / "now.csv", [hh("1", "poor")])
    before = write(
        tmp_path / "before.csv",
        [
            {
                "household_id": "1",
                "class": "not_poor",
                "class_vn-2022-2025": "near_poor",
                "Kết quả": "x",
            }
        ],
    )
    # class_<id> beside class and Kết quả: which is the list's class the headers do not tell
    with pytest.raises(InputError, match="several could be: 'class', 'class_vn-2022-2025'"):
        run(now, previous=before)
    rep = run(now, previous=before, explicit="class_vn-2022-2025").reports[0]
    assert rep.transitions["near_poor"]["poor"] == 1
    rep = run(now, previous=before, explicit="class").reports[0]
    assert rep.transitions["not_poor"]["poor"] == 1
    bad = invoke(
        "report", str(now), "--previous", str(before), "--previous-class", "Nope", "--as-of", AS_OF
    )
    assert bad.exit_code == 4
    assert "no column 'Nope'" in bad.stderr
    unclear = write(
        tmp_path / "unclear.csv",
        [{"household_id": "1", "Kết quả": "Hộ nghèo", "Phân loại": "Hộ nghèo"}],
    )
    out = invoke("report", str(now), "--previous", str(unclear), "--as-of", AS_OF)
    assert out.exit_code == 4
    assert "--previous-class" in out.stderr


def test_last_years_classify_output_in_vietnamese_is_a_previous_list(tmp_path):
    last_year = tmp_path / "ket-qua.csv"
    out = invoke(
        "classify",
        str(EXAMPLES / "households.csv"),
        "--as-of",
        AS_OF,
        "-s",
        NATIONAL,
        "-s",
        "quangninh-2023-2025",
        "--lang",
        "vi",
        "-o",
        str(last_year),
    )
    assert out.exit_code == 0, out.stderr
    report = run(
        EXAMPLES / "households.csv",
        ids=(NATIONAL, "quangninh-2023-2025"),
        previous=last_year,
    )
    assert report.previous.class_of == {
        NATIONAL: f"Phân loại ({NATIONAL})",
        "quangninh-2023-2025": "Phân loại (quangninh-2023-2025)",
    }
    # the same households a year on: every one stays in its class
    for rep in report.reports:
        moved = {
            (was, now): n for was, row in rep.transitions.items() for now, n in row.items() if n
        }
        assert all(was == now for was, now in moved), moved
        assert sum(moved.values()) == 3000


def test_json_movements_map_previous_class_to_class_now(tmp_path):
    now, before = _movement_files(tmp_path)
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--format", "json"
    )
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    movements = data["movements"]
    assert set(movements) == {"poor", "near_poor", "average", "not_poor", "rejected", "absent"}
    assert set(movements["rejected"].values()) == {0}
    assert set(movements["poor"]) == {
        "poor",
        "near_poor",
        "average",
        "not_poor",
        "rejected",
        "absent",
    }
    # not on the previous list, its row here rejected: `absent -> rejected`; on neither: none
    assert set(movements["absent"]) == {"poor", "near_poor", "average", "not_poor", "rejected"}
    assert movements["absent"]["rejected"] == 0
    assert movements["poor"]["near_poor"] == 1
    assert movements["near_poor"]["poor"] == 1
    assert movements["poor"]["absent"] == 1
    assert movements["absent"]["near_poor"] == 1
    total = sum(n for row in movements.values() for n in row.values())
    assert total == len(CASES)
    assert movements == data["reports"][0]["movements"]
    # stdout is the JSON alone; the reconciliation is on stderr
    assert "rows read 13 = reported 13 + rejected 0" in out.stderr


def test_two_standards_match_their_own_class_columns(tmp_path):
    report = run(
        EXAMPLES / "households.csv",
        by=("province", "district", "commune"),
        ids=(NATIONAL, "quangninh-2023-2025"),
        previous=EXAMPLES / "households_previous.csv",
    )
    assert report.previous.class_of == {
        NATIONAL: "class_vn-2022-2025",
        "quangninh-2023-2025": "class_quangninh-2023-2025",
    }
    for rep in report.reports:
        for section in ("urban", "rural", "all"):
            assert all(check_identities(r) for r in rep.movements[section])
        assert (
            rep.movements["all"][-1].values["poor_now"] == rep.households["all"][-1].values["poor"]
        )


def test_the_join_gives_the_same_movements_in_many_small_slices(tmp_path, monkeypatch):
    kwargs = {"by": ("district", "commune"), "previous": EXAMPLES / "households_previous.csv"}
    whole = run(EXAMPLES / "households.csv", **kwargs)
    monkeypatch.setattr(summary, "SLICE_ROWS", 150)
    monkeypatch.setattr(sp.PartitionedSpill, "FLUSH_ROWS", 700)
    sliced = run(EXAMPLES / "households.csv", **kwargs)
    assert sliced.reports[0].movements == whole.reports[0].movements
    assert sliced.reports[0].transitions == whole.reports[0].transitions


def test_hash_collisions_never_match_two_households(tmp_path, monkeypatch):
    kwargs = {"by": ("district",), "previous": EXAMPLES / "households_previous.csv"}
    whole = run(EXAMPLES / "households.csv", **kwargs)
    # eight hash values for 3,000 ids: every id shares its hash with hundreds of others
    monkeypatch.setattr(
        sp, "id_hash", lambda expr: (expr.hash(1) % 8).cast(pl.UInt64).alias(sp.HASH)
    )
    colliding = run(EXAMPLES / "households.csv", **kwargs)
    assert colliding.reports[0].transitions == whole.reports[0].transitions
    assert colliding.reports[0].movements == whole.reports[0].movements
    assert colliding.previous.rejected == whole.previous.rejected == 0


def test_unit_paths_that_share_a_hash_are_still_told_apart(monkeypatch):
    kwargs = {"by": ("district", "commune"), "previous": EXAMPLES / "households_previous.csv"}
    whole = run(EXAMPLES / "households.csv", **kwargs)
    # two hash values for dozens of unit paths: each batch's paths collide
    monkeypatch.setattr(
        sp, "path_hash", lambda columns: (pl.struct(columns).hash(1) % 2).cast(pl.UInt64)
    )
    colliding = run(EXAMPLES / "households.csv", **kwargs)
    assert len(rows_of(whole.reports[0].movements)) > 20
    assert colliding.reports[0].movements == whole.reports[0].movements
    assert colliding.reports[0].transitions == whole.reports[0].transitions


def test_labels_areas_and_units_of_the_previous_list_read_in_any_spelling(tmp_path):
    """A batch mixing classify's own labels and areas (cast straight to their type) with other
    spellings (read once per distinct value), and unit names as typed (spaces, decomposed
    accents) cleaned once per distinct path: the same movements as the tidy list."""
    import unicodedata

    now = write(
        tmp_path / "now.csv",
        [hh("a", "poor", "Đông Triều", "Xã An"), hh("b", "near_poor", "Đông Triều", "Xã An")],
    )
    tidy = [
        ("a", "poor", "rural", "Đông Triều", "Xã An"),
        ("b", "poor", "urban", "Đông Triều", "Xã An"),
        ("c", "near_poor", "urban", "Đông Triều", "Xã Bình"),
        ("d", "poor", "rural", "Hạ Long", "Xã An"),
        ("e", "average", None, "Hạ Long", "Xã An"),
    ]
    typed = {
        "a": ("Hộ nghèo", "Nông thôn", " Đông Triều ", "Xã An"),
        "b": (" poor", "urban", "Đông Triều", " Xã An"),
        "c": ("HO CAN NGHEO", "Thành thị", unicodedata.normalize("NFD", "Đông Triều"), "Xã Bình"),
        "d": ("poor", " rural ", "Hạ Long  ", unicodedata.normalize("NFD", "Xã An")),
        "e": ("Hộ có mức sống trung bình", "", "Hạ Long", "Xã An"),
    }

    def listed(path, rows):
        fields = ("household_id", "class", "area", "district", "commune")
        return write(path, [dict(zip(fields, r, strict=True)) for r in rows])

    clean = listed(tmp_path / "tidy.csv", [(i, c, a or "", d, m) for i, c, a, d, m in tidy])
    messy = listed(tmp_path / "messy.csv", [(i, *typed[i]) for i, *_ in tidy])
    want, got = run(now, previous=clean), run(now, previous=messy)
    assert got.previous.rejected == 0
    assert got.reports[0].movements == want.reports[0].movements
    assert got.reports[0].transitions == want.reports[0].transitions
    rows = rows_of(got.reports[0].movements, "urban")
    assert rows[(2, ("Đông Triều", "Xã Bình"))]["absent_near_poor"] == 1
    assert rows_of(got.reports[0].movements)[(2, ("Hạ Long", "Xã An"))]["absent_now"] == 2


def test_duplicate_ids_in_the_input_are_rejected_and_not_joined(tmp_path):
    now = write(tmp_path / "now.csv", [hh("a", "poor"), hh("a", "near_poor"), hh("b", "poor")])
    before = write(
        tmp_path / "before.csv",
        [{"household_id": "a", "class": "poor"}, {"household_id": "b", "class": "poor"}],
    )
    report = run(now, previous=before, rejects=Target(str(tmp_path / "rejects.csv")))
    assert report.accounting.rejected == 2
    # 'a' was rejected now: counted apart, once, never absent now
    assert report.reports[0].transitions["poor"]["rejected"] == 1
    assert report.reports[0].transitions["poor"]["absent"] == 0
    assert report.reports[0].transitions["poor"]["poor"] == 1
    assert (report.previous.matched, report.previous.absent) == (1, 0)
    assert report.previous.rejected_now == 1
    assert report.previous.reconciled


def test_the_unit_guard_counts_each_unit_once_across_batches(monkeypatch):
    monkeypatch.setattr(summary, "MAX_UNITS", 50)
    guard = summary.UnitGuard(["district", "commune"], "h.csv")
    units = pl.DataFrame(
        {"d": ["D"] * 40 + [None] * 10, "c": [f"X{i}" for i in range(40)] + [None] * 10}
    )
    batch = units.unique()  # 41 units: a blank unit is one unit
    guard.add(batch)
    guard.add(batch.reverse())  # the same units again: still 41
    guard.add(pl.DataFrame({"d": ["D"] * 9, "c": [f"Y{i}" for i in range(9)]}))  # 50
    with pytest.raises(InputError, match="more than 50 units"):
        guard.add(pl.DataFrame({"d": ["E"], "c": [None]}))


def test_a_near_unique_unit_column_stops_the_run_early(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "MAX_UNITS", 50)
    monkeypatch.setattr("mdpoverty.io.batches.BATCH_ROWS", 40)
    rows = [hh(str(i), "poor", "D1", f"Nguyễn Văn {i}") for i in range(200)]
    path = write(tmp_path / "h.csv", rows)
    out = invoke("report", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "r.xlsx"))
    assert out.exit_code == 4
    assert "more than 50 units (province / district / commune)" in out.stderr
    assert not (tmp_path / "r.xlsx").exists()
    assert not (tmp_path / "h_report_rejects.csv").exists()
    # the previous list's units count too
    monkeypatch.setattr(summary, "MAX_UNITS", 150)
    now = write(tmp_path / "now.csv", rows[:100])
    before = write(
        tmp_path / "before.csv",
        [
            {
                "household_id": f"x{i}",
                "province": "P",
                "district": "D",
                "commune": "C",
                "class": "poor",
            }
            | {"commune": f"C{i}"}
            for i in range(300)
        ],
    )
    out = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    assert out.exit_code == 4
    assert "more than 300 units in this list and the previous one" in out.stderr


def test_temporary_files_are_removed(tmp_path, monkeypatch):
    made: list[Path] = []
    original = sp.SpillDirectory.__init__

    def recording(self) -> None:
        original(self)
        made.append(self.path)

    monkeypatch.setattr(sp.SpillDirectory, "__init__", recording)
    now, before = _movement_files(tmp_path)
    run(now, previous=before)
    # the run fails after the previous list was spilled: its files go all the same
    empty = tmp_path / "empty.csv"
    empty.write_text(now.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no rows"):
        run(empty, previous=before)
    assert len(made) == 2
    assert not any(path.exists() for path in made)


# ------------------------------------------------------------------ totals and outputs


def test_grand_totals_equal_classify_counts(tmp_path):
    ids = (NATIONAL, "quangninh-2023-2025")
    table = read_table(str(EXAMPLES / "households.csv"))
    classified = classify_table(
        table, standards(*ids), Target(str(tmp_path / "c.parquet")), Target(str(tmp_path / "r.csv"))
    )
    report = run(EXAMPLES / "households.csv", by=("province", "district", "commune"), ids=ids)
    for counts, rep in zip(classified.counts, report.reports, strict=True):
        total = rep.households["all"][-1].values
        assert {c: total[c] for c in rep.classes} == counts.overall
        for area in ("urban", "rural"):
            values = rep.households[area][-1].values
            assert {c: values[c] for c in rep.classes} == counts.by_area[area]
    assert report.accounting.rows_read == classified.accounting.rows_read == 3000


def test_classified_file_with_class_columns_can_be_reported(tmp_path):
    out = tmp_path / "c.csv"
    assert (
        invoke(
            "classify", str(EXAMPLES / "households.csv"), "-o", str(out), "--as-of", AS_OF
        ).exit_code
        == 0
    )
    result = invoke("report", str(out), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["reports"][0]["households"]["all"][-1]["households"] == 3000


def test_xlsx_has_a_sheet_per_table_readable_back(tmp_path):
    out = tmp_path / "report.xlsx"
    result = invoke(
        "report",
        str(EXAMPLES / "households.csv"),
        "--as-of",
        AS_OF,
        "-s",
        NATIONAL,
        "-s",
        "quangninh-2023-2025",
        "--previous",
        str(EXAMPLES / "households_previous.csv"),
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    sheets = pl.read_excel(out, sheet_id=0, engine="calamine", read_options={"header_row": 5})
    assert list(sheets) == [
        "About",
        "1 Households",
        "1 Deprivation poor",
        "1 Deprivation near-poor",
        "1 Movements",
        "1 Transitions",
        "2 Households",
        "2 Deprivation poor",
        "2 Deprivation near-poor",
        "2 Movements",
        "2 Transitions",
        "Side by side",
    ]
    households = sheets["1 Households"]
    assert households.columns[:6] == [
        "area",
        "province",
        "district",
        "commune",
        "level",
        "households",
    ]
    total = households.filter((pl.col("area") == "all areas") & (pl.col("level") == "Total"))
    assert total["households"].to_list() == [3000]
    communes = households.filter((pl.col("area") == "all areas") & (pl.col("level") == "commune"))
    assert communes["households"].sum() == 3000
    titles = pl.read_excel(out, sheet_name="1 Households", engine="calamine", has_header=False)
    first = titles.get_column(titles.columns[0]).to_list()[:4]
    assert first[1].startswith("Standard: vn-2022-2025")
    assert "Nghị định 07/2021/NĐ-CP" in first[2]
    assert "households.csv" in first[3] and "2025-06-30" in first[3]


def test_xlsx_tables_have_titles_a_boxed_header_bold_subtotals_and_units_in_view(tmp_path):
    from .test_xlsx import Book

    out = tmp_path / "report.xlsx"
    result = invoke("report", str(EXAMPLES / "households.csv"), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    book = Book(out)
    cells = book.cells("Households")
    assert cells["A1"][1:] == ("Poor and near-poor households by unit", "General", True)
    assert cells["A6"][1] == "area" and cells["A6"][3]  # the header, below 4 titles and a blank
    # area, province, district, commune and level stay in view; the filter spans every row
    assert book.frozen("Households") == "F7"
    last = max(int(r[1:]) for r in cells if r[0] == "A")
    assert book.autofilter("Households") == f"A6:N{last}"
    # a province's row (a subtotal) is bold, a commune's is not; shares are percentages
    levels = {cells[f"E{n}"][1]: n for n in range(7, last + 1)}
    assert cells[f"F{levels['province']}"][2:] == ("#,##0", True)
    assert cells[f"F{levels['commune']}"][2:] == ("#,##0", False)
    assert cells[f"H{levels['commune']}"][2] == "0.00%"
    about = book.cells("About")
    assert about["A3"] == ("inlineStr", "Data file", "General", True)
    rows_read = next(r for r, c in about.items() if c[1] == "rows read")
    assert about["B" + rows_read[1:]] == ("n", 3000, "#,##0", False)


def test_xlsx_in_vietnamese(tmp_path):
    out = tmp_path / "bao-cao.xlsx"
    result = invoke(
        "report", str(EXAMPLES / "households.csv"), "--as-of", AS_OF, "--lang", "vi", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    sheets = pl.read_excel(out, sheet_id=0, engine="calamine", read_options={"header_row": 5})
    frame = sheets["Hộ nghèo cận nghèo"]
    assert {"Khu vực", "Tỉnh", "Huyện", "Xã", "Hộ nghèo", "Hộ cận nghèo"} <= set(frame.columns)
    assert set(frame["Khu vực"]) == {"Thành thị", "Nông thôn", "Chung"}


def test_csv_rows_are_tidy(tmp_path):
    out = tmp_path / "report.csv"
    result = invoke("report", str(EXAMPLES / "households.csv"), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.columns == [
        "standard",
        "table",
        "area",
        "level",
        "province",
        "district",
        "commune",
        "measure",
        "households",
        "share",
    ]
    communes = frame.filter(
        (pl.col("table") == "households")
        & (pl.col("area") == "all")
        & (pl.col("level") == "commune")
        & (pl.col("measure") == "near_poor")
    )
    assert communes["households"].cast(pl.Int64).sum() == 7
    total = frame.filter(
        (pl.col("table") == "households") & (pl.col("level") == "total") & (pl.col("area") == "all")
    )
    assert dict(zip(total["measure"], total["households"], strict=True))["households"] == "3000"


def test_format_and_extension_must_agree(tmp_path):
    src = str(EXAMPLES / "households.csv")
    out = invoke("report", src, "-o", str(tmp_path / "r.xlsx"), "--format", "csv")
    assert out.exit_code == 2
    assert "contradicts" in out.stderr
    assert not (tmp_path / "r.xlsx").exists()
    out = invoke("report", src, "--format", "xlsx")
    assert out.exit_code == 2
    out = invoke("report", src, "-o", str(tmp_path / "r.parquet"))
    assert out.exit_code == 4
    assert "unknown report format" in out.stderr
    out = invoke("report", src, "-o", src)
    assert out.exit_code == 4
    out = invoke("report", src, "--by", "district,area")
    assert out.exit_code == 2
    out = invoke("report", src, "--by", "village")
    assert out.exit_code == 4
    assert "village" in out.stderr


def test_a_failed_run_leaves_no_report(tmp_path):
    out = tmp_path / "r.json"
    bad = write(tmp_path / "before.csv", [{"id": "1"}])
    result = invoke(
        "report", str(EXAMPLES / "households.csv"), "--previous", str(bad), "-o", str(out)
    )
    assert result.exit_code == 4
    assert "household_id" in result.stderr
    assert list(tmp_path.iterdir()) == [bad]


def test_the_example_generator_keeps_the_households_file_and_makes_the_previous_list(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "generate_quangninh.py"),
            "--households",
            "3000",
            "-o",
            str(tmp_path / "h.csv"),
            "--previous",
            str(tmp_path / "p.csv"),
        ],
        check=True,
    )
    assert (tmp_path / "h.csv").read_bytes() == (EXAMPLES / "households.csv").read_bytes()
    assert (tmp_path / "p.csv").read_bytes() == (EXAMPLES / "households_previous.csv").read_bytes()


def test_an_output_name_with_a_line_break_is_shown_on_one_line(tmp_path):
    out = tmp_path / "report\nfake line.json"
    households = Path(__file__).resolve().parent.parent / "examples" / "households.csv"
    result = CliRunner().invoke(app, ["report", str(households), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "report\\nfake line.json" in result.stdout
    assert "\nfake line.json" not in result.stdout


def test_by_takes_the_files_own_header_in_any_case_as_classify_does(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples"
    args = [str(examples / "danh-sach-ra-soat.xlsx"), "--columns"]
    args += [str(examples / "danh-sach-ra-soat.mapping.yaml")]
    own = CliRunner().invoke(app, ["report", *args, "--by", "THON", "-o", str(tmp_path / "a.json")])
    assert own.exit_code == 0, own.output
    named = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert named["by"] == ["Thôn"]


def test_a_provincial_report_cites_its_own_resolution_before_the_decree_it_extends(tmp_path):
    src = write(tmp_path / "h.csv", [hh("H1", "poor"), hh("H2", "not_poor")])
    national, provincial = run(src, ids=(NATIONAL, "quangninh-2023-2025")).reports
    assert national.reference.startswith("Nghị định 07/2021/NĐ-CP")
    assert provincial.reference.startswith("Nghị quyết 13/2023/NQ-HĐND")
    shown = invoke("standards", "show", "quangninh-2023-2025")
    assert shown.exit_code == 0
    assert shown.stdout.index("13/2023/NQ-HĐND") < shown.stdout.index("07/2021/NĐ-CP")


def test_a_unit_name_longer_than_an_xlsx_cell_is_refused_not_cut(tmp_path):
    long = "Xã " + "x" * 40_000
    src = write(tmp_path / "h.csv", [hh("H1", "poor", commune=long), hh("H2", "not_poor")])
    out = tmp_path / "r.xlsx"
    result = invoke("report", str(src), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 4, result.stderr
    assert "32,767" in result.stderr and "column 'commune'" in result.stderr
    assert "sheet's row" in result.stderr
    # the advice names what report writes (.csv), not .parquet, which it refuses
    assert result.stderr.rstrip().endswith("write .csv") and ".parquet" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [src]
    vi = invoke("report", str(src), "--as-of", AS_OF, "-o", str(out), "--lang", "vi")
    assert vi.exit_code == 4 and "32.767" in vi.stderr and "hãy ghi .csv" in vi.stderr
    assert ".parquet" not in vi.stderr
    assert (
        invoke("report", str(src), "--as-of", AS_OF, "-o", str(tmp_path / "r.json")).exit_code == 0
    )


def test_a_previous_average_label_under_a_standard_without_the_band_is_said_and_not_poor(
    tmp_path,
):
    cases = [("a1", "average", "poor"), ("a2", "average", "near_poor"), ("n1", "not_poor", "poor")]
    cases += [("a3", "average", None), ("p1", "poor", "poor")]
    now, before = _movement_files(tmp_path, cases=cases)
    qn = "quangninh-2023-2025"
    args = ["report", str(now), "--as-of", AS_OF, "--previous", str(before)]
    out = invoke(*args, "-s", qn, "--format", "json")
    assert out.exit_code == 0, out.stderr
    rep = json.loads(out.stdout)["reports"][0]
    assert "average" not in rep["classes"]
    assert rep["average_before_without_band"] == 3
    # counted as not poor before: a1 newly poor as n1 is, a2 newly near-poor
    total = rep["unit_movements"]["all"][-1]
    assert (total["newly_poor"], total["newly_near_poor"]) == (2, 1)
    assert (total["poor_before"], total["near_poor_before"], total["absent_now"]) == (1, 0, 1)
    assert (total["absent_poor"], total["absent_near_poor"]) == (0, 0)
    said = " ".join(out.stderr.split())
    assert (
        f"note: 3 households of the previous list are labelled average living standard, a band"
        f" {qn} does not have: counted as not poor before"
    ) in said
    # the national standard has the band: nothing to say
    national = invoke(*args, "--format", "json")
    assert json.loads(national.stdout)["reports"][0]["average_before_without_band"] == 0
    assert "labelled average" not in national.stderr
