"""--members end to end: the member file read, accounted for and joined; the equivalence of the
member forms with the household count columns under every shipped standard."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.standard.loader import shipped_paths

runner = CliRunner()
SHIPPED = sorted(p.stem for p in shipped_paths())
AS_OF = {"vn-2016-2020": "2018-06-30"}  # each standard on a day it is in force
# every band's edge: 6 or over; 16 to 30; 3 to under 16; under 16
EDGE_AGES = [0, 2, 3, 5, 6, 15, 16, 30, 31, 45, 59, 60, 61, 80]


def invoke(*args: str):
    return runner.invoke(app, list(args))


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _flag(rnd: random.Random, p: float) -> bool:
    return rnd.random() < p


def generate(seed: int, n: int) -> tuple[list[dict], list[dict], list[dict]]:
    """Households with count columns, the same households without them, and their members
    (shuffled), with a question left blank where it is not asked (by age), as surveys do."""
    rnd = random.Random(seed)
    counted, plain, members = [], [], []
    for i in range(n):
        hid = f"H{seed % 1000:03d}-{i:05d}"
        people = []
        for _ in range(rnd.randint(1, 7)):
            age = rnd.choice(EDGE_AGES)
            working = 15 <= age < 60 and _flag(rnd, 0.9)
            people.append(
                {
                    "household_id": hid,
                    "age": age,
                    "in_working_age": working,
                    "unemployed_or_no_contract": _flag(rnd, 0.15),
                    "receives_social_allowance": _flag(rnd, 0.15),
                    "malnourished": _flag(rnd, 0.2) if age < 16 else "",
                    "has_health_insurance": _flag(rnd, 0.8),
                    "in_training_or_has_degree_for_age": _flag(rnd, 0.7) if 16 <= age <= 30 else "",
                    "attends_school_at_right_level": _flag(rnd, 0.8) if 3 <= age < 16 else "",
                    "works_without_social_insurance": _flag(rnd, 0.3),
                    "ill_without_health_care": _flag(rnd, 0.1),
                }
            )
        base = {
            "household_id": hid,
            "area": rnd.choice(["rural", "urban"]),
            "income_per_capita_month": rnd.choice(
                [600_000, 1_000_000, 1_500_000, 2_000_000, 2_250_000, 3_000_000, 4_000_000]
            ),
            "non_durable_main_structures": rnd.randint(0, 3),
            "floor_area_m2": rnd.choice([8, 15, 24, 40, 80]),
            "safe_water": _flag(rnd, 0.8),
            "sanitary_latrine": _flag(rnd, 0.8),
            "uses_internet": _flag(rnd, 0.7),
            "has_information_device": _flag(rnd, 0.85),
            "waste_handled_hygienically": _flag(rnd, 0.8),
        }

        def count(test, people=people) -> int:
            return sum(1 for p in people if test(p))

        counts = {
            "household_size": len(people),
            "working_age_unemployed": count(
                lambda p: p["in_working_age"] and p["unemployed_or_no_contract"]
            ),
            "dependents": count(lambda p: p["age"] < 16 or p["receives_social_allowance"]),
            "children_under16_malnourished": count(
                lambda p: p["age"] < 16 and p["malnourished"] is True
            ),
            "members_6plus_without_health_insurance": count(
                lambda p: p["age"] >= 6 and not p["has_health_insurance"]
            ),
            "members_16_30_lacking_education": count(
                lambda p: 16 <= p["age"] <= 30 and p["in_training_or_has_degree_for_age"] is False
            ),
            "children_3_15_not_in_school": count(
                lambda p: 3 <= p["age"] < 16 and p["attends_school_at_right_level"] is False
            ),
            "working_members_without_social_insurance": count(
                lambda p: p["in_working_age"] and p["works_without_social_insurance"]
            ),
            "sick_members_without_health_care": count(lambda p: p["ill_without_health_care"]),
        }
        counted.append({**base, **counts})
        plain.append(base)
        members += people
    rnd.shuffle(members)
    return counted, plain, members


def classify_both(tmp_path: Path, seed: int, n: int, standard: str) -> tuple:
    counted, plain, members = generate(seed, n)
    c = write(tmp_path / "counted.csv", counted)
    h = write(tmp_path / "plain.csv", plain)
    m = write(tmp_path / "members.csv", members)
    as_of = ["--as-of", AS_OF.get(standard, "2024-06-30")]
    args = ["classify", "-s", standard, *as_of, "--rejects", str(tmp_path / "r.csv")]
    first = invoke(*args[:-2], str(c), "-o", str(tmp_path / "a.csv"), *args[-2:])
    second = invoke(
        *args[:-2], str(h), "--members", str(m), "-o", str(tmp_path / "b.csv"), *args[-2:]
    )
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    a = pl.read_csv(tmp_path / "a.csv", infer_schema=False)
    b = pl.read_csv(tmp_path / "b.csv", infer_schema=False)
    return a, b, second


@pytest.mark.parametrize("standard", SHIPPED)
def test_member_forms_classify_as_the_count_columns_do(tmp_path, standard):
    a, b, result = classify_both(tmp_path, 7, 400, standard)
    keep = ["household_id", "class", "deprivation_count", "deprived", "income_line"]
    assert a.select(keep).equals(b.select(keep))
    assert "member rows read" in result.stdout
    # the same classes, and not all one: the data exercise the indicators
    assert b["class"].n_unique() >= 2
    assert b["deprived"].str.contains("health_insurance").any()


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10**6), standard=st.sampled_from(SHIPPED))
def test_member_forms_are_equivalent_on_any_generated_data(tmp_path_factory, seed, standard):
    a, b, _ = classify_both(tmp_path_factory.mktemp("eq"), seed, 60, standard)
    keep = ["household_id", "class", "deprived"]
    assert a.select(keep).equals(b.select(keep))


# ------------------------------------------------------------------ the accounting

HOUSEHOLDS = """\
household_id,area,household_size,income_per_capita_month,non_durable_main_structures,floor_area_m2,safe_water,sanitary_latrine,uses_internet,has_information_device
A,rural,2,1000000,0,30,có,có,có,có
B,rural,2,1000000,0,30,có,có,có,có
C,rural,3,1000000,0,30,có,có,có,có
D,rural,1,1000000,0,30,có,có,có,có
E,rural,2,1000000,0,30,có,có,có,có
F,urban,1,1000000,0,30,có,có,có,có
"""
# a title row, Vietnamese headers, a numbering row and a totals row, as offices lay lists out
MEMBERS = """\
DANH SÁCH THÀNH VIÊN HỘ
Mã hộ,Tuổi,Trong độ tuổi lao động,Không có việc làm hoặc không có hợp đồng lao động,Hưởng trợ cấp xã hội hằng tháng,Suy dinh dưỡng,Có bảo hiểm y tế,Đang học hoặc có bằng cấp phù hợp,Đi học đúng bậc học
(1),(2),(3),(4),(5),(6),(7),(8),(9)
A,40,x,0,0,,x,,
A,10,0,0,0,không,x,,x
B,40,x,0,0,,x,,
B,-3,0,0,0,,x,,
C,40,x,0,0,,x,,
C,41,x,0,0,,x,,
E,40,x,0,0,,x,,
E,10,0,0,0,không,x,,
Z,40,x,0,0,,x,,
F,70,0,0,có,,x,,
Tổng cộng,,,,,,,,
"""


def run_case(tmp_path: Path, *extra: str, members: str = MEMBERS):
    h = tmp_path / "hh.csv"
    h.write_text(HOUSEHOLDS, encoding="utf-8")
    m = tmp_path / "mm.csv"
    m.write_text(members, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out), *extra)
    return result, tmp_path / "out_rejects.csv", tmp_path / "out_member_rejects.csv"


def test_every_reason_with_its_row_and_column(tmp_path):
    result, rejects, member_rejects = run_case(tmp_path)
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "✓ rows read 6 = classified 2 + rejected 4 + skipped 0" in out
    assert (
        "✓ member rows read 12 = in accepted households 3 + in rejected households 5 + rejected 2 + skipped 2"
        in out
    )
    assert "1 numbering row under the header; 1 totals row" in out
    assert "the member file: the header is on row 2" in result.stderr
    assert "is on row 2" not in out
    rows = {r["household_id"]: r["errors"] for r in csv.DictReader(rejects.open())}
    # A is classified: its adults' blanks (questions not asked at their age) are harmless
    assert rows == {
        # B has its 2 rows, one rejected: that row's failure, not a size mismatch
        "B": "age:member_rejected@7",
        "C": "household_size:roster_size_mismatch@2",
        "D": "household_id:no_members",
        # E's 10-year-old has a blank school attendance: asked for ages 3 to 15, it matters
        "E": "attends_school_at_right_level:unknown_from_members@11",
    }
    described = {r["household_id"]: r["error_description"] for r in csv.DictReader(rejects.open())}
    # the member column as the member file names it, as the household columns are
    assert described["B"].startswith("Tuổi: a member row of this household was rejected (member")
    members = list(csv.DictReader(member_rejects.open()))
    assert [(m["row"], m["errors"]) for m in members] == [
        ("7", "age:out_of_range"),
        ("12", "household_id:unknown_household"),
    ]
    assert "member row 7, column 'Tuổi' (age): out of range" in out
    assert "1 household id of the member file is not in the household file" in out


def test_a_household_with_every_member_valid_is_classified(tmp_path):
    result, _, _ = run_case(tmp_path)
    assert result.exit_code == 3
    out = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    assert out["household_id"].to_list() == ["A", "F"]
    # F: one member, 70, with a social allowance: a dependant of a household of one
    f = out.filter(pl.col("household_id") == "F")
    assert "dependents" in f["deprived"][0]


def test_size_mismatch_warn_classifies_and_counts(tmp_path):
    result, rejects, _ = run_case(tmp_path, "--size-mismatch", "warn")
    assert result.exit_code == 3
    rows = {r["household_id"]: r["errors"] for r in csv.DictReader(rejects.open())}
    assert "C" not in rows  # classified, with its household_size
    assert "roster_size_mismatch" not in ";".join(rows.values())
    assert "1 household has a number of member rows other than its household_size" in (
        " ".join(result.stdout.split())
    )
    out = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
    assert set(out["household_id"]) == {"A", "C", "F"}


def test_no_household_size_column_takes_the_roster_size(tmp_path):
    h = tmp_path / "hh.csv"
    text = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 2)
        for line in HOUSEHOLDS.splitlines()
    )
    h.write_text(text + "\n", encoding="utf-8")
    m = tmp_path / "mm.csv"
    m.write_text(MEMBERS, encoding="utf-8")
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    rows = {r["household_id"] for r in csv.DictReader((tmp_path / "o.csv").open())}
    assert rows == {"A", "C", "F"}  # no size to differ from


def test_member_file_formats_give_the_same_result(tmp_path):
    _, plain, members = generate(3, 40)
    h = write(tmp_path / "h.csv", plain)
    m = write(tmp_path / "m.csv", members)
    frame = pl.read_csv(m, infer_schema=False)
    frame.write_parquet(tmp_path / "m.parquet")
    frame.write_excel(tmp_path / "m.xlsx")
    outs = []
    for name in ("m.csv", "m.parquet", "m.xlsx"):
        o = tmp_path / f"o-{name}.csv"
        result = invoke("classify", str(h), "--members", str(tmp_path / name), "-o", str(o))
        assert result.exit_code == 0, result.output
        outs.append(pl.read_csv(o, infer_schema=False))
    assert outs[0].equals(outs[1]) and outs[0].equals(outs[2])


def test_a_member_file_without_the_needed_columns_is_refused(tmp_path):
    h = write(tmp_path / "h.csv", generate(1, 3)[1])
    m = tmp_path / "m.csv"
    m.write_text("household_id,age\nH001-00000,4\n", encoding="utf-8")
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    assert "the member file" in result.stderr and "has_health_insurance" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "o.csv").exists()


def test_a_member_only_standard_without_members_is_a_usage_error(tmp_path):
    path = tmp_path / "only.yaml"
    text = (Path(__file__).parents[1] / "thresholds" / "vn-2022-2025.yaml").read_text("utf-8")
    text = text.replace(
        "    deprived_when: members_6plus_without_health_insurance >= 1\n", ""
    ).replace("id: vn-2022-2025", "id: only-members", 1)
    path.write_text(text, encoding="utf-8")
    h = write(tmp_path / "h.csv", generate(1, 3)[0])
    result = invoke("classify", str(h), "-s", str(path), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 2
    assert "health_insurance" in result.stderr and "--members" in result.stderr


def test_the_member_rejects_never_overwrite_an_input(tmp_path):
    h = write(tmp_path / "h.csv", generate(1, 3)[1])
    m = write(tmp_path / "m.csv", generate(1, 3)[2])
    result = invoke(
        "classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"),
        "--member-rejects", str(m),
    )  # fmt: skip
    assert result.exit_code == 4
    assert "--member-rejects" in result.stderr
    assert m.read_text(encoding="utf-8").startswith("household_id")


# ------------------------------------------------------------------ the other commands


def files(tmp_path: Path, n: int = 80) -> tuple[Path, Path, Path]:
    counted, plain, members = generate(11, n)
    return (
        write(tmp_path / "counted.csv", counted),
        write(tmp_path / "plain.csv", plain),
        write(tmp_path / "members.csv", members),
    )


def test_compare_with_members_reconciles_on_screen_and_in_json(tmp_path):
    run_case(tmp_path)  # writes hh.csv and mm.csv
    out = invoke(
        "compare", str(tmp_path / "hh.csv"), "--members", str(tmp_path / "mm.csv"),
        "--alt", "quangninh-2023-2025", "--as-of", "2024-06-30", "-o", str(tmp_path / "c.json"),
    )  # fmt: skip
    assert out.exit_code == 3, out.output
    assert (
        "✓ member rows read 12 = in accepted households 3 + in rejected households 5 + rejected 2 + skipped 2"
        in out.stdout
    )
    import json

    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    m = data["members"]
    assert m["rows_read"] == m["used"] + m["rejected"] + m["skipped"] == 12
    assert m["reject_reasons"] == {"age:out_of_range": 1, "household_id:unknown_household": 1}
    assert data["accounting"]["reject_reasons"]["household_id:no_members"] == 1


def test_report_with_members_as_json_on_stdout(tmp_path):
    counted, plain, members = files(tmp_path)
    base = ["report", "--as-of", "2024-06-30", "--format", "json"]
    a = invoke(*base, str(counted))
    b = invoke(*base, str(plain), "--members", str(members))
    assert a.exit_code == 0 and b.exit_code == 0, b.output
    import json

    da, db = json.loads(a.stdout), json.loads(b.stdout)
    assert da["reports"] == db["reports"]
    assert db["members"]["rows_read"] == db["members"]["used"]
    assert "member rows read" in b.stderr and "member rows read" not in b.stdout


def test_measures_with_members_equal_the_count_columns(tmp_path):
    counted, plain, members = files(tmp_path)
    base = ["measures", "-s", "vn-2022-2025", "--k", "3/12", "--format", "json"]
    a = invoke(*base, str(counted))
    b = invoke(*base, str(plain), "--members", str(members))
    assert a.exit_code == 0 and b.exit_code == 0, b.output
    import json

    assert json.loads(a.stdout)["results"] == json.loads(b.stdout)["results"]
    assert "member rows read" in b.stderr


TWO_INDICATORS = """\
format_version: 1
id: two-indicators
version: test
title: {vi: Hai chỉ số, en: Two indicators}
jurisdiction: {level: national, country: "--"}
valid_from: 2011-01-01
references:
  - {id: test, title: A test}
columns:
  i1: {type: integer, maximum: 1, label: {vi: Chỉ số 1, en: Indicator 1}}
dimensions:
  - {id: d1, label: {vi: Chiều 1, en: Dimension 1}}
  - {id: d2, label: {vi: Chiều 2, en: Dimension 2}}
indicators:
  - {id: i1, dimension: d1, deprived_when: i1 == 1, label: {vi: Chỉ số 1, en: Indicator 1},
     status: secondary, reference: [test]}
  - id: school
    dimension: d2
    from_members: any(age >= 3 and age < 16 and not attends_school_at_right_level)
    label: {vi: Đi học, en: School}
    status: secondary
    reference: [test]
k: 1/2
"""


@pytest.mark.parametrize(
    ("missing", "code", "rows", "h", "a", "school_missing"),
    [
        # A is rejected: its child's blank leaves school unknown; B scores 1/2, C 1
        ("reject", 3, 2, "1", "3/4", 0),
        # A's school counts as not deprived: A 1/2, B 1/2, C 1
        ("not-deprived", 0, 3, "1", "2/3", 1),
        # A is scored over i1 alone: 1
        ("reweight", 0, 3, "1", "5/6", 1),
    ],
)
def test_measures_missing_decides_an_indicator_the_members_leave_unknown(
    tmp_path, missing, code, rows, h, a, school_missing
):
    import json

    standard = tmp_path / "two.yaml"
    standard.write_text(TWO_INDICATORS, encoding="utf-8")
    households = tmp_path / "hh.csv"
    households.write_text("household_id,i1\nA,1\nB,0\nC,1\n", encoding="utf-8")
    members = tmp_path / "mm.csv"
    members.write_text(
        "household_id,age,attends_school_at_right_level\n"
        "A,10,\nA,40,\n"  # unknown: a child's blank, no child known out of school
        "B,10,0\n"
        "C,10,0\nC,12,\n",  # deprived whatever the blank (Kleene any)
        encoding="utf-8",
    )
    result = invoke(
        "measures", str(households), "--members", str(members), "-s", str(standard),
        "--missing", missing, "--format", "json",
    )  # fmt: skip
    assert result.exit_code == code, result.stderr
    data = json.loads(result.stdout)
    whole = data["results"][0]
    assert (whole["rows"], whole["H_exact"], whole["A_exact"]) == (rows, h, a)
    assert whole["missing"] == {"i1": 0, "school": school_missing}
    expected = {} if code == 0 else {"attends_school_at_right_level:unknown_from_members": 1}
    assert data["accounting"]["reject_reasons"] == expected
    assert data["members"]["used"] == 5 and data["members"]["rejected"] == 0


@pytest.mark.parametrize(
    ("missing", "code", "rows", "h"),
    # reweight: a household with no indicator decided has no score: rejected, citing the member
    [("reject", 3, 1, "1"), ("not-deprived", 0, 2, "1/2"), ("reweight", 3, 1, "1")],
)
def test_measures_a_standard_of_member_forms_only(tmp_path, missing, code, rows, h):
    import json

    standard = tmp_path / "one.yaml"
    one = TWO_INDICATORS.replace("  - {id: d1, label: {vi: Chiều 1, en: Dimension 1}}\n", "")
    one = one.replace(
        "  - {id: i1, dimension: d1, deprived_when: i1 == 1, label: {vi: Chỉ số 1, en: Indicator 1},"
        "\n     status: secondary, reference: [test]}\n",
        "",
    )
    standard.write_text(one, encoding="utf-8")
    households = tmp_path / "hh.csv"
    households.write_text("household_id\nA\nB\n", encoding="utf-8")
    members = tmp_path / "mm.csv"
    members.write_text(
        "household_id,age,attends_school_at_right_level\nA,10,\nB,10,0\n", encoding="utf-8"
    )
    result = invoke(
        "measures", str(households), "--members", str(members), "-s", str(standard),
        "--missing", missing, "--format", "json",
    )  # fmt: skip
    assert result.exit_code == code, result.stderr
    data = json.loads(result.stdout)
    assert [ind["id"] for ind in data["indicators"]] == ["school"]
    whole = data["results"][0]
    assert (whole["rows"], whole["H_exact"]) == (rows, h)
    rejected = {"attends_school_at_right_level:unknown_from_members": 1} if code else {}
    assert data["accounting"]["reject_reasons"] == rejected


def test_explain_lists_the_member_rows_that_made_an_indicator_deprived(tmp_path):
    h = tmp_path / "h.csv"
    h.write_text(
        "household_id,area,income_per_capita_month,non_durable_main_structures,floor_area_m2,"
        "safe_water,sanitary_latrine,uses_internet,has_information_device\n"
        "K,rural,1000000,0,40,1,1,1,1\n",
        encoding="utf-8",
    )
    m = write(
        tmp_path / "m.csv",
        [
            {"household_id": "K", "age": 40, "in_working_age": 1, "unemployed_or_no_contract": 0,
             "receives_social_allowance": 0, "malnourished": "", "has_health_insurance": 1,
             "in_training_or_has_degree_for_age": "", "attends_school_at_right_level": ""},
            {"household_id": "K", "age": 7, "in_working_age": 0, "unemployed_or_no_contract": 0,
             "receives_social_allowance": 0, "malnourished": 0, "has_health_insurance": 0,
             "in_training_or_has_degree_for_age": "", "attends_school_at_right_level": 1},
            {"household_id": "K", "age": 5, "in_working_age": 0, "unemployed_or_no_contract": 0,
             "receives_social_allowance": 0, "malnourished": 0, "has_health_insurance": 0,
             "in_training_or_has_degree_for_age": "", "attends_school_at_right_level": 1},
        ],
    )  # fmt: skip
    result = invoke("explain", str(h), "--members", str(m), "--id", "K", "--json")
    assert result.exit_code == 0, result.output
    import json

    (e,) = json.loads(result.stdout)
    by_id = {v["id"]: v for v in e["indicators"]}
    # the 7-year-old (row 3) is uninsured and 6 or over; the 5-year-old (row 4) is under 6
    assert by_id["health_insurance"]["deprived"] is True
    assert by_id["health_insurance"]["member_rows"] == [3]
    assert by_id["dependents"]["member_rows"] == [3, 4]  # 2 of 3 under 16: more than half
    assert by_id["dependents"]["deprived"] is True
    assert by_id["water"]["member_rows"] is None  # a household indicator
    # on screen: the rows, never a member's other cells
    screen = invoke("explain", str(h), "--members", str(m), "--id", "K")
    assert "member rows: 3" in screen.stdout


def test_explain_reads_the_member_file_once_whatever_the_number_of_standards(monkeypatch):
    from mdpoverty.io import batches

    examples = Path(__file__).parents[1] / "examples"
    reads: list[str] = []
    real = batches.collect

    def counted(table, lf):
        if table.source.endswith("members.csv") and table.csv_path is not None:
            reads.append(table.source)  # the file itself, not rows held in memory
        return real(table, lf)

    monkeypatch.setattr(batches, "collect", counted)
    args = ["explain", str(examples / "households.csv"), "--members"]
    args += [str(examples / "members.csv"), "--id", "QN0000002", "--json"]
    one = invoke(*args, "-s", "vn-2022-2025")
    assert one.exit_code == 0, one.output
    once = len(reads)
    assert once > 0
    two = invoke(*args, "-s", "vn-2022-2025", "-s", "quangninh-2023-2025")
    assert two.exit_code == 0, two.output
    assert len(reads) == 2 * once  # the second standard reads none of it again
