"""`report --previous` with a member file (`--members`) and with several standards (`-s A -s B`,
`--previous-class ID=COLUMN`): the movements counted against a hand computation written in each
test, household by household."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.report.summary import MOVEMENTS

from .test_report import AS_OF, DEPRIVED, hh, write

runner = CliRunner()
QN = "quangninh-2023-2025"
VN = "vn-2022-2025"
# the household columns a member file stands for
MEMBER_COUNTS = (
    "household_size",
    "working_age_unemployed",
    "dependents",
    "children_under16_malnourished",
    "members_6plus_without_health_insurance",
    "members_16_30_lacking_education",
    "children_3_15_not_in_school",
)
ADULT = {  # a member who adds no deprivation
    "age": 40,
    "in_working_age": "true",
    "unemployed_or_no_contract": "false",
    "receives_social_allowance": "false",
    "malnourished": "",
    "has_health_insurance": "true",
    "in_training_or_has_degree_for_age": "",
    "attends_school_at_right_level": "",
    "works_without_social_insurance": "false",
    "ill_without_health_care": "false",
}


def _expected(**nonzero: int) -> dict[str, int]:
    return {**dict.fromkeys(MOVEMENTS, 0), **nonzero}


def _plain(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in MEMBER_COUNTS}


def test_movements_with_a_member_file(tmp_path):
    """Under vn-2022-2025 (rural: poor at 1,000,000 with 3 deprivations, near-poor without):
    m2's third deprivation is its member's, with no health insurance; m4 and m7 have no member
    row, so their rows are rejected (household_id:no_members)."""
    two = {"safe_water": "false", "sanitary_latrine": "false"}  # two deprivations
    households = [
        _plain(hh("m1", "poor")),  # poor before, poor now
        _plain({**hh("m2", "near_poor"), "income_per_capita_month": 1_000_000, **two}),
        _plain(hh("m3", "near_poor")),  # poor before, near-poor now
        _plain(hh("m4", "near_poor")),  # near-poor before, rejected now (no member)
        _plain(hh("m6", "poor")),  # new, poor
        _plain(hh("m7", "poor")),  # not on the previous list, rejected now (no member)
    ]
    members = [{"household_id": hid, **ADULT} for hid in ("m1", "m3", "m6")] + [
        {"household_id": "m2", **ADULT, "has_health_insurance": "false"}
    ]
    before = [
        {"household_id": hid, "district": "D1", "commune": "C1", "class": cls}
        for hid, cls in [
            ("m1", "poor"),
            ("m2", "near_poor"),
            ("m3", "poor"),
            ("m4", "near_poor"),
            ("m5", "not_poor"),  # absent now
        ]
    ]
    now = write(tmp_path / "now.csv", households)
    m = write(tmp_path / "members.csv", members)
    prev = write(tmp_path / "before.csv", before)
    args = ["report", str(now), "--members", str(m), "--as-of", AS_OF, "--previous", str(prev)]
    out = runner.invoke(app, [*args, "--format", "json"])
    assert out.exit_code == 3, out.output
    data = json.loads(out.stdout)
    assert data["accounting"]["reject_reasons"] == {"household_id:no_members": 2}
    total = data["reports"][0]["unit_movements"]["all"][-1]
    assert {k: total[k] for k in MOVEMENTS} == _expected(
        poor_before=2,  # m1 m3
        near_poor_before=2,  # m2 m4
        escaped_poverty=1,  # m3
        poor_to_near_poor=1,  # m3
        near_poor_to_poor=1,  # m2, by its member
        newly_poor=2,  # m2 m6
        newly_near_poor=1,  # m3
        absent_now=1,  # m5
        new=1,  # m6
        new_poor=1,
        rejected_now=1,  # m4
        rejected_now_near_poor=1,
        rejected_new=1,  # m7
        poor_now=3,  # m1 m2 m6
        near_poor_now=1,  # m3
    )
    assert data["movements"]["near_poor"]["poor"] == 1
    assert data["movements"]["near_poor"]["rejected"] == 1
    assert data["movements"]["absent"]["rejected"] == 1
    assert data["this_list"] == {
        "reported": 4,
        "rejected": 2,
        "rejected_rows_on_previous_list": 1,  # m4
        "rejected_rows_not_on_previous_list": 1,  # m7
        "rejected_rows_without_id": 0,
        "reconciled": True,
    }
    assert data["members"]["rows_read"] == data["members"]["used"] == 4
    assert "✓ this list: reported 4 = on both lists 3 + new to this list 1; rejected 2" in (
        out.stderr
    )
    # the same households with their count columns give the same movements
    counted = write(
        tmp_path / "counted.csv",
        [
            {**hh("m1", "poor"), "household_size": 1},
            {
                **hh("m2", "near_poor"),
                "income_per_capita_month": 1_000_000,
                **two,
                "household_size": 1,
                "members_6plus_without_health_insurance": 1,
            },
            {**hh("m3", "near_poor"), "household_size": 1},
            {**hh("m6", "poor"), "household_size": 1},
        ],
    )
    plain = runner.invoke(
        app,
        ["report", str(counted), "--as-of", AS_OF, "--previous", str(prev), "--format", "json"],
    )
    assert plain.exit_code == 0, plain.output
    same = json.loads(plain.stdout)["reports"][0]["unit_movements"]["all"][-1]
    # m4 is absent now there (no row), m7 nowhere
    assert same == {
        **total,
        "absent_now": 2,
        "absent_near_poor": 1,
        "rejected_now": 0,
        "rejected_now_near_poor": 0,
        "rejected_new": 0,
    }


# id -> (class before under vn, under quangninh; income now; deprived now). Rural: vn poor at
# 1,500,000 or under with 3 deprivations, near-poor at it without, average to 2,250,000;
# quangninh's line 2,100,000 (poor, near-poor), no average band
SEVERAL = {
    "s1": ("poor", "poor", 2_000_000, True),  # vn average, qn poor
    "s2": ("near_poor", "near_poor", 2_000_000, False),  # vn average, qn near-poor
    "s3": ("average", "near_poor", 1_000_000, True),  # vn poor, qn poor
    "s4": ("not_poor", "not_poor", 1_500_000, False),  # vn near-poor, qn near-poor
    "s5": ("poor", "poor", None, False),  # absent now
    "s6": (None, None, 2_000_000, True),  # new: vn average, qn poor
    "s7": ("near_poor", "Hộ có mức sống trung bình", 2_250_001, False),  # not poor now, both
}


def _several(tmp_path):
    now = [
        {**hh(hid, "not_poor"), "income_per_capita_month": income, **(DEPRIVED if dep else {})}
        for hid, (_, _, income, dep) in SEVERAL.items()
        if income is not None
    ]
    before = [
        {"household_id": hid, "district": "D1", "commune": "C1", "KQ TW": vn, "KQ tỉnh": qn}
        for hid, (vn, qn, _, _) in SEVERAL.items()
        if vn is not None
    ]
    return write(tmp_path / "now.csv", now), write(tmp_path / "before.csv", before)


def test_movements_under_two_standards_each_from_its_own_class_column(tmp_path):
    now, before = _several(tmp_path)
    args = ["report", str(now), "--as-of", AS_OF, "-s", VN, "-s", QN, "--previous", str(before)]
    named = ["--previous-class", f"{VN}=KQ TW", "--previous-class", f"{QN}=KQ tỉnh"]
    out = runner.invoke(app, [*args, *named, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    vn, qn = data["reports"]
    assert [r["standard"]["id"] for r in (vn, qn)] == [VN, QN]
    assert {k: vn["unit_movements"]["all"][-1][k] for k in MOVEMENTS} == _expected(
        poor_before=2,  # s1 s5
        near_poor_before=2,  # s2 s7
        escaped_poverty=1,  # s1, average now
        escaped_near_poverty=2,  # s2 (average) s7 (not poor)
        newly_poor=1,  # s3, average before
        newly_near_poor=1,  # s4
        absent_now=1,  # s5
        absent_poor=1,
        new=1,  # s6, average now
        poor_now=1,  # s3
        near_poor_now=1,  # s4
    )
    assert {k: qn["unit_movements"]["all"][-1][k] for k in MOVEMENTS} == _expected(
        poor_before=2,  # s1 s5
        near_poor_before=2,  # s2 s3 (s7's average is not poor before here)
        near_poor_to_poor=1,  # s3
        newly_poor=2,  # s3 s6
        newly_near_poor=1,  # s4
        absent_now=1,  # s5
        absent_poor=1,
        new=1,  # s6
        new_poor=1,
        poor_now=3,  # s1 s3 s6
        near_poor_now=2,  # s2 s4
    )
    assert (vn["average_before_without_band"], qn["average_before_without_band"]) == (0, 1)
    assert qn["movements"]["average"]["not_poor"] == 1  # s7, its row 'average' kept
    assert vn["movements"]["average"]["poor"] == 1  # s3
    assert data["movements"] == vn["movements"]  # the first standard's
    assert data["previous"]["class_columns"] == {VN: "KQ TW", QN: "KQ tỉnh"}
    prev = data["previous"]
    assert (prev["on_both_lists"], prev["absent_now"], prev["new_to_this_list"]) == (5, 1, 1)
    # on screen: each standard's own table and identity line
    screen = runner.invoke(app, [*args, *named])
    assert f"Movements since the previous review · {QN}" in screen.stdout
    assert f"✓ {VN}: in every unit, poor now" in screen.stdout
    assert f"✓ {QN}: in every unit, poor now" in screen.stdout


def test_a_standard_left_unnamed_has_no_movements(tmp_path):
    now, before = _several(tmp_path)
    args = ["report", str(now), "--as-of", AS_OF, "-s", VN, "-s", QN, "--previous", str(before)]
    out = runner.invoke(app, [*args, "--previous-class", f"{QN}=KQ tỉnh", "--format", "json"])
    assert out.exit_code == 0, out.output
    vn, qn = json.loads(out.stdout)["reports"]
    assert vn["no_previous_class"] is True and vn["unit_movements"] is None
    assert qn["unit_movements"]["all"][-1]["poor_now"] == 3  # as above
    # a general class column for two standards is the user's to name
    refused = runner.invoke(app, [*args, "--previous-class", "KQ tỉnh"])
    assert refused.exit_code == 2, refused.output
