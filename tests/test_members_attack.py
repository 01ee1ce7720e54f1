"""--members against hostile input (the second review): sizes out of range on rows validation
rejects, member headers that clash with the rejects' own columns, ids that differ only in Unicode
normalisation, both files from standard input, the accounting of rejected households' members,
and the lookup called from several threads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()

HH_HEAD = (
    "household_id,area,household_size,income_per_capita_month,non_durable_main_structures,"
    "floor_area_m2,safe_water,sanitary_latrine,uses_internet,has_information_device"
)
M_HEAD = (
    "household_id,age,in_working_age,unemployed_or_no_contract,receives_social_allowance,"
    "malnourished,has_health_insurance,in_training_or_has_degree_for_age,"
    "attends_school_at_right_level"
)
MEMBER = ",40,1,0,0,,1,,"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def household(hid: str, size: str) -> str:
    return ",".join([hid, "rural", size, "5000000", "0", "50", "1", "1", "1", "1"])


def files(tmp_path: Path, households: list[str], members: list[str], m_head: str = M_HEAD):
    h = tmp_path / "h.csv"
    h.write_text("\n".join([HH_HEAD, *households]) + "\n", encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text("\n".join([m_head, *members]) + "\n", encoding="utf-8")
    return h, m


def rejects(path: Path) -> dict[str, str]:
    return {r["household_id"]: r["errors"] for r in csv.DictReader(path.open(encoding="utf-8"))}


# ------------------------------------------------------------------ 1. no strict cast of a user value


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        ("-1", "household_size:out_of_range"),
        ("99999999999999999999", "household_size:out_of_range"),
        # a valid number past UInt32: compared with the roster as it is
        ("4294967296", "household_size:roster_size_mismatch@1"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["classify", "-o", "{tmp}/o.csv"],
        ["report", "-o", "{tmp}/r.xlsx"],
        ["measures", "--k", "1/3"],
        ["compare", "--alt", "quangninh-2023-2025", "-o", "{tmp}/c.xlsx"],
    ],
)
def test_a_household_size_out_of_range_is_rejected_not_a_crash(tmp_path, size, reason, command):
    h, m = files(
        tmp_path, [household("A", size), household("B", "1")], ["A" + MEMBER, "B" + MEMBER]
    )
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = invoke(args[0], str(h), "--members", str(m), *args[1:])
    assert result.exit_code == 3, result.output
    if args[0] == "classify":
        assert rejects(tmp_path / "o_rejects.csv") == {"A": reason}


# ------------------------------------------------------------------ 2. names written beside member columns


@pytest.mark.parametrize("name", ["row", "errors"])
def test_a_member_column_named_as_a_member_rejects_column_is_refused_before_any_work(
    tmp_path, name
):
    h, m = files(
        tmp_path,
        [household("A", "2")],
        ["A" + MEMBER + ",x", "A,-5,1,0,0,,1,,,x"],  # the second member row is rejected
        m_head=M_HEAD + "," + name,
    )
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(h), "--members", str(m), "-o", str(out)])
    assert result.exit_code == 4, result.output
    assert f"column '{name}'" in result.stderr
    assert "member rejects file" in result.stderr
    assert not out.exists()
    # no member rejects written (measures without --member-rejects): nothing clashes
    result = invoke("measures", str(h), "--members", str(m), "--k", "1/3")
    assert result.exit_code == 3, result.output


# ------------------------------------------------------------------ 3. the outputs committed together


def test_an_interrupt_in_the_member_rejects_pass_leaves_every_output_as_it_was(
    tmp_path, monkeypatch
):
    from mdpoverty.run.members import Members

    h, m = files(
        tmp_path,
        [household("A", "1"), household("B", "1")],
        ["A,-5,1,0,0,,1,,", "B" + MEMBER, "C" + MEMBER],  # a bad age; C: no such household
    )
    out, rej, mrej = (tmp_path / f"{n}.csv" for n in ("o", "o_rejects", "o_member_rejects"))
    for path in (out, rej, mrej):
        path.write_text("old\n", encoding="utf-8")

    def interrupted(self, frame):
        raise KeyboardInterrupt

    monkeypatch.setattr(Members, "_write", interrupted)  # the second pass over the member file
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 130, result.output
    assert [p.read_text(encoding="utf-8") for p in (out, rej, mrej)] == ["old\n"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["h.csv", "m.csv", out.name, rej.name, mrej.name]
    )  # no temporary file left
    monkeypatch.undo()
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 3, result.output
    assert rejects(rej) == {"A": "age:member_rejected@2"}
    assert rejects(mrej) == {"A": "age:out_of_range", "C": "household_id:unknown_household"}


# ------------------------------------------------------------------ 4. explain reads ids as classify does


def test_explain_finds_the_members_classify_finds_whatever_the_unicode_form(tmp_path):
    import json
    import unicodedata

    nfc, nfd = (unicodedata.normalize(f, "Hộ-7") for f in ("NFC", "NFD"))
    assert nfc != nfd
    h, m = files(
        tmp_path,
        [household(nfc, "2")],
        [f" {nfd}" + ",5,0,0,0,0,0,,1", nfd + MEMBER],  # a child: a dependant
    )
    out = tmp_path / "o.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "in accepted households 2 + in rejected households 0" in result.output
    for typed in (nfc, nfd):
        result = invoke("explain", str(h), "--members", str(m), "--id", typed, "--json")
        assert result.exit_code == 0, result.output
        (shown,) = json.loads(result.stdout)
        assert shown["rejected"] == []
        assert shown["class_id"] == "not_poor"
        dependants = [i for i in shown["indicators"] if i["id"] == "dependents"]
        assert dependants[0]["member_rows"] == [2]


# ------------------------------------------------------------------ 5. one standard input


@pytest.mark.parametrize(
    "command",
    [
        ["classify", "-", "-o", "{tmp}/o.csv"],
        ["report", "-", "-o", "{tmp}/r.xlsx"],
        ["measures", "-", "--k", "1/3"],
        ["compare", "-", "--alt", "quangninh-2023-2025", "-o", "{tmp}/c.xlsx"],
        ["explain", "-", "--id", "A"],
    ],
)
def test_both_files_from_standard_input_is_a_usage_error(tmp_path, command):
    h, _m = files(tmp_path, [household("A", "1")], ["A" + MEMBER])
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--members", "-"], input=h.read_text(encoding="utf-8"))
    assert result.exit_code == 2, result.output
    assert "standard input" in result.stderr
    assert "--members" in result.stderr


# ------------------------------------------------------------------ 7. what became of the member rows


def test_the_member_line_splits_the_rows_by_what_became_of_their_household(tmp_path):
    import json

    h, m = files(
        tmp_path,
        # A kept (2 rows); B rejected for a bad member row (1 good row + 1 bad);
        # C rejected for its size (3 rows, household_size 2); D rejected for its own cell
        [household("A", "2"), household("B", "2"), household("C", "2"), household("D", "x")],
        ["A" + MEMBER, "A" + MEMBER, "B" + MEMBER, "B,-1,1,0,0,,1,,"]
        + ["C" + MEMBER] * 3
        + ["D" + MEMBER, "E" + MEMBER],  # E: no such household
    )
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3, result.output
    assert (
        "✓ member rows read 9 = in accepted households 2 + in rejected households 5"
        " + rejected 2 + skipped 0"
    ) in result.output
    result = invoke("measures", str(h), "--members", str(m), "--k", "1/3", "--format", "json")
    assert result.exit_code == 3, result.output
    members = json.loads(result.stdout)["members"]
    assert (members["used"], members["in_accepted_households"]) == (7, 2)
    assert members["in_rejected_households"] == 5


# ------------------------------------------------------------------ 9. lookup from several threads


def test_lookup_called_from_many_threads_marks_every_household(tmp_path):
    """The streaming engine may call the lookup from several threads at once: every
    household's matched and size-mismatch marks are kept (the marks are bits of one bitmap)."""
    from concurrent.futures import ThreadPoolExecutor

    import polars as pl

    from mdpoverty.engine.classifier import compile_standard
    from mdpoverty.io.readers import ROW, Table
    from mdpoverty.run.members import HASH, ID, Members, id_hashes
    from mdpoverty.standard.loader import load_standard

    cs = compile_standard(load_standard("vn-2022-2025"), members=True)
    n = 3_000
    ids = [f"H{i:06d}" for i in range(n)]
    people = pl.DataFrame({ID: ids, "age": [40] * n, "has_health_insurance": ["1"] * n})
    people = people.with_columns(
        pl.lit(None, pl.String).alias(c)
        for c in cs.member_required
        if c not in ("age", "has_health_insurance")
    ).with_row_index(ROW, offset=2)
    members = Members(Table(people.with_columns(pl.col(ROW).cast(pl.Int64)).lazy(), "m"), [cs])
    members.read()
    hashed, check = id_hashes(pl.col(ID))
    keys = pl.DataFrame({ID: ids}).select(
        hashed,
        check,
        pl.lit(2, pl.Int64).alias("household_size"),  # every roster (1 row) differs
        pl.int_range(2, n + 2).alias(ROW),
        pl.col(ID).alias(ID),
    )
    keys = keys.rename({ID: "__members__id"})
    batches = [keys.slice(i, 7).to_struct("k") for i in range(0, n, 7)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(members.lookup, batches))
    assert members._matched is not None and members._mismatched is not None
    assert members._matched.sum() == n
    assert members._mismatched.sum() == n
    assert members.acc.households_looked_up == n
    assert HASH in members.table_.columns


# ------------------------------------------------------------------ 10. measures' rejects as classify's

VI_HEAD = (
    "Mã hộ,Tuổi,Trong độ tuổi lao động,Không có việc làm hoặc không có hợp đồng lao động,"
    "Hưởng trợ cấp xã hội hằng tháng,Suy dinh dưỡng,Có bảo hiểm y tế,"
    "Đang học hoặc có bằng cấp phù hợp,Đi học đúng bậc học"
)


def test_measures_writes_both_rejects_files_as_classify_does(tmp_path):
    h, m = files(
        tmp_path,
        [household("A", "2"), household("B", "1")],
        ["A,4O,1,0,0,0,1,,", "A,40,1,0,0,0,1,,", "B,40,1,0,0,0,1,,", "C,40,1,0,0,0,1,,"],
        m_head=VI_HEAD,
    )
    result = invoke(
        "measures", str(h), "--members", str(m), "--k", "1/3",
        "--rejects", str(tmp_path / "m_rejects.csv"),
        "--member-rejects", str(tmp_path / "m_member_rejects.csv"),
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "c.csv"))
    assert result.exit_code == 3, result.output
    for name in ("rejects", "member_rejects"):
        measured = (tmp_path / f"m_{name}.csv").read_text(encoding="utf-8")
        assert measured == (tmp_path / f"c_{name}.csv").read_text(encoding="utf-8")
    text = (tmp_path / "m_rejects.csv").read_text(encoding="utf-8")
    assert "Tuổi: a member row of this household was rejected (member row 2)" in text
