"""--members as a new user meets it: the mapping's blank_means_false, footers under a member
list, ids that differ only in form, explain agreeing with classify, the size-mismatch list,
the member rejects in Vietnamese, the count columns the member form replaces."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()

HH_HEAD = (
    "household_id,area,income_per_capita_month,non_durable_main_structures,floor_area_m2,"
    "safe_water,sanitary_latrine,uses_internet,has_information_device"
)
M_HEAD = (
    "household_id,age,in_working_age,unemployed_or_no_contract,receives_social_allowance,"
    "malnourished,has_health_insurance,in_training_or_has_degree_for_age,"
    "attends_school_at_right_level"
)


def invoke(*args: str):
    return runner.invoke(app, list(args))


def household(hid: str, size: str | None = None) -> str:
    cells = [hid, "rural", "5000000", "0", "50", "1", "1", "1", "1"]
    if size is not None:
        cells.insert(2, size)
    return ",".join(cells)


def files(tmp_path: Path, households: list[str], members: list[str], size: bool = False):
    head = HH_HEAD.replace("area,", "area,household_size,") if size else HH_HEAD
    h = tmp_path / "h.csv"
    h.write_text("\n".join([head, *households]) + "\n", encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text("\n".join([M_HEAD, *members]) + "\n", encoding="utf-8")
    return h, m


def rejects(path: Path) -> dict[str, str]:
    return {r["household_id"]: r["errors"] for r in csv.DictReader(path.open(encoding="utf-8"))}


# ------------------------------------------------------------------ 1. blank_means_false


def test_blank_means_false_of_the_mapping_applies_to_the_member_file(tmp_path):
    # an x-or-blank list: a blank in_working_age... means no, not unknown
    h, m = files(tmp_path, [household("H1")], ["H1,40,x,,,,x,,", "H1,10,,,,,x,,x"])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "blank_means_false: [in_working_age, unemployed_or_no_contract,"
        " receives_social_allowance, malnourished]\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    plain = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert plain.exit_code == 3  # without the mapping: blanks are unknown where they matter
    assert "unknown_from_members" in rejects(tmp_path / "o_rejects.csv")["H1"]
    result = invoke(
        "classify", str(h), "--members", str(m), "--columns", str(mapping), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    row = pl.read_csv(out, infer_schema=False).row(0, named=True)
    assert row["class"] == "not_poor" and row["deprived"] == ""
    # explain reads the member rows the same way
    e = invoke(
        "explain", str(h), "--members", str(m), "--columns", str(mapping), "--id", "H1", "--json"
    )
    assert e.exit_code == 0, e.output
    assert json.loads(e.stdout)[0]["class_id"] == "not_poor"


# ------------------------------------------------------------------ 2. footers


def test_a_signature_block_under_the_member_totals_is_skipped_as_in_the_household_file(tmp_path):
    h, m = files(tmp_path, [household("H1")], [])
    m.write_text(
        "DANH SÁCH THÀNH VIÊN\n"
        "STT,Mã hộ,Họ và tên,Tuổi,Trong độ tuổi lao động,"
        "Không có việc làm hoặc không có hợp đồng lao động,Hưởng trợ cấp xã hội hằng tháng,"
        "Suy dinh dưỡng,Có bảo hiểm y tế,Đang học hoặc có bằng cấp phù hợp,Đi học đúng bậc học\n"
        "1,H1,A,40,có,không,không,,có,,\n"
        "2,H1,B,35,có,không,không,,có,,\n"
        ",Tổng cộng,,,,,,,,,\n"
        "\n"
        ",,Người lập biểu,,,,,Chủ tịch UBND xã,,,\n"
        ',,"(Ký, ghi rõ họ tên)",,,,,,,,\n',
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (
        "✓ member rows read 6 = in accepted households 2 + in rejected households 0 + rejected 0 + skipped 4"
        in result.stdout
    )
    assert "2 rows with no household id below the totals row" in result.stdout
    assert not (tmp_path / "o_member_rejects.csv").exists()


def test_a_member_row_with_no_id_and_no_totals_row_above_it_is_still_rejected(tmp_path):
    h, m = files(tmp_path, [household("H1")], ["H1,40,1,0,0,,1,,", ",,,,,,Người lập biểu,,"])
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    assert (
        "member rows read 2 = in accepted households 1 + in rejected households 0 + rejected 1 + skipped 0"
        in result.stdout
    )


# ------------------------------------------------------------------ 3. ids written differently


def _members_frame(ids: list, age: int = 40) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "household_id": ids,
            "age": [age] * len(ids),
            "in_working_age": [True] * len(ids),
            "unemployed_or_no_contract": [False] * len(ids),
            "receives_social_allowance": [False] * len(ids),
            "malnourished": [None] * len(ids),
            "has_health_insurance": [True] * len(ids),
            "in_training_or_has_degree_for_age": [None] * len(ids),
            "attends_school_at_right_level": [None] * len(ids),
        },
        schema_overrides={c: pl.Boolean for c in ("malnourished",)},
    )


def test_numeric_member_ids_against_zero_padded_text_ids_get_one_hint(tmp_path):
    h, _ = files(tmp_path, [household(f"{i:04d}") for i in range(1, 6)], [])
    m = tmp_path / "m.xlsx"
    _members_frame([1, 2, 3, 4, 5]).write_excel(m)  # ids saved as numbers
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    text = result.output
    assert text.count("ids are compared as text") == 1
    assert "5 of 5 households found no member row" in text
    assert "would match a household ignoring leading zeros" in text
    assert "(member row 2 '1', household row 2 '0001')" in text
    # never a list of ids: at most the one example pair
    assert "'0003'" not in text and "'0004'" not in text


def test_parquet_int_ids_and_case_differences_are_hinted(tmp_path):
    households = pl.DataFrame({"household_id": [1, 2, 3]}).with_columns(
        pl.lit("rural").alias("area"),
        pl.lit(5000000).alias("income_per_capita_month"),
        pl.lit(0).alias("non_durable_main_structures"),
        pl.lit(50).alias("floor_area_m2"),
        *(pl.lit(True).alias(c) for c in ("safe_water", "sanitary_latrine", "uses_internet",
                                          "has_information_device")),
    )  # fmt: skip
    households.write_parquet(tmp_path / "h.parquet")
    _members_frame(["0001", "0002", "0003"]).write_parquet(tmp_path / "m.parquet")
    result = invoke(
        "classify", str(tmp_path / "h.parquet"), "--members", str(tmp_path / "m.parquet"),
        "-o", str(tmp_path / "o.csv"),
    )  # fmt: skip
    assert result.exit_code == 3
    assert "ignoring leading zeros" in result.output
    # a few differ by case only, most match: the hint still names the difference
    h, _ = files(tmp_path, [household(f"HH{i:04d}") for i in range(1, 11)], [])
    ids = [f"HH{i:04d}" for i in range(1, 10)] + ["hh0010"]
    _members_frame(ids).write_parquet(tmp_path / "m2.parquet")
    result = invoke(
        "classify", str(h), "--members", str(tmp_path / "m2.parquet"), "-o",
        str(tmp_path / "o2.csv"),
    )  # fmt: skip
    assert result.exit_code == 3
    assert "1 of 10 households found no member row" in result.output
    assert "ignoring letter case (member row 10 'hh0010', household row 11 'HH0010')" in (
        result.output
    )


def test_ids_are_compared_as_text_after_trimming(tmp_path):
    # ' H1 ' and 'H1' are one household; no hint when every household finds its members
    h, m = files(tmp_path, [household("H1")], ["  H1 ,40,1,0,0,,1,,"])
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.output
    assert "compared as text" not in result.output


# ------------------------------------------------------------------ 5. the size mismatch


def test_a_roster_short_only_because_a_member_row_was_rejected_is_not_a_size_mismatch(tmp_path):
    h, m = files(
        tmp_path,
        [household("A", "2"), household("B", "3")],
        # A: 2 rows, one with a bad age; B: 2 rows for a household of 3
        ["A,40,1,0,0,,1,,", "A,4O,1,0,0,,1,,", "B,40,1,0,0,,1,,", "B,41,1,0,0,,1,,"],
        size=True,
    )
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    assert rejects(tmp_path / "o_rejects.csv") == {
        "A": "age:member_rejected@3",
        "B": "household_size:roster_size_mismatch@2",  # the rows in the file: 2
    }


def test_size_mismatch_warn_names_the_households_on_screen_and_in_the_output(tmp_path):
    sizes = {"A": "2", "B": "3", "C": "1", "D": "5"}
    h, m = files(
        tmp_path,
        [household(k, v) for k, v in sizes.items()],
        ["A,40,1,0,0,,1,,", "A,41,1,0,0,,1,,", "B,40,1,0,0,,1,,", "C,40,1,0,0,,1,,",
         "D,40,1,0,0,,1,,", "D,41,1,0,0,,1,,"],
        size=True,
    )  # fmt: skip
    out = tmp_path / "o.csv"
    result = invoke(
        "classify", str(h), "--members", str(m), "-o", str(out), "--size-mismatch", "warn"
    )
    assert result.exit_code == 0, result.output
    assert "2 households have a number of member rows other than their household_size" in (
        result.output
    )
    assert "column roster_size_mismatch" in result.output
    assert "row 3: household_size 3, 1 member row\n" in result.output
    assert "row 5: household_size 5, 2 member rows" in result.output
    frame = pl.read_csv(out, infer_schema=False)
    flags = dict(zip(frame["household_id"], frame["roster_size_mismatch"], strict=True))
    assert flags == {"A": None, "B": "1", "C": None, "D": "2"}
    # without warn: no such column
    invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "r.csv"))
    assert "roster_size_mismatch" not in (tmp_path / "r.csv").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 4. explain agrees with classify


def _troubled(seed: int, n: int) -> tuple[list[dict], list[dict]]:
    """Generated households (with household_size) and members, some of them spoilt: a blank
    age, a bad cell, a member row dropped (size mismatch), a household without members."""
    import random

    from .test_members import generate

    counted, _plain, members = generate(seed, n)
    rnd = random.Random(seed)
    households = [{k: h[k] for k in (*h, "household_size") if k in h} for h in counted]
    ids = [h["household_id"] for h in households]
    spoil = rnd.sample(ids, min(len(ids), 8))
    for kind, hid in zip(("blank_age", "bad", "drop", "none") * 2, spoil, strict=False):
        rows = [m for m in members if m["household_id"] == hid]
        if kind == "blank_age":
            rows[0]["age"] = ""
        elif kind == "bad":
            rows[0]["has_health_insurance"] = "maybe"
        elif kind == "drop":
            members.remove(rows[0])
        else:
            for r in rows:
                members.remove(r)
    return households, members


def test_explain_gives_classify_s_verdict_for_every_household(tmp_path):
    from .test_members import write

    households, members = _troubled(5, 16)
    h = write(tmp_path / "h.csv", households)
    m = write(tmp_path / "m.csv", members)
    out = tmp_path / "o.csv"
    result = invoke(
        "classify", str(h), "--members", str(m), "-o", str(out), "--as-of", "2024-06-30"
    )
    assert result.exit_code == 3, result.output
    classes = {r["household_id"]: r["class"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    rejected = rejects(tmp_path / "o_rejects.csv")
    assert len(classes) + len(rejected) == len(households)
    assert len(rejected) >= 4
    for hh in households:
        hid = hh["household_id"]
        e = invoke(
            "explain", str(h), "--members", str(m), "--id", hid, "--json", "--as-of", "2024-06-30"
        )
        (got,) = json.loads(e.stdout)
        if hid in rejected:
            assert e.exit_code == 3
            assert got["class_id"] is None
            assert ";".join(got["rejected"]) == rejected[hid], hid
        else:
            assert e.exit_code == 0, e.output
            assert got["rejected"] == [] and got["class_id"] == classes[hid], hid


# ------------------------------------------------------------------ 6. member rejects, Vietnamese

VI_MEMBERS = (
    "Mã hộ,Tuổi,Trong độ tuổi lao động,Không có việc làm hoặc không có hợp đồng lao động,"
    "Hưởng trợ cấp xã hội hằng tháng,Suy dinh dưỡng,Có bảo hiểm y tế,"
    "Đang học hoặc có bằng cấp phù hợp,Đi học đúng bậc học,Ghi chú\n"
    "H1,40,có,không,không,,có,,,\n"
    "ZZ,40,có,không,không,,có,,,\n"  # row 3: no such household (found after the households)
    "H1,4O,có,không,không,,có,,,\n"  # row 4: a bad age
)


def test_member_rejects_in_vietnamese_are_laid_out_as_the_rejects_in_file_order(tmp_path):
    h, m = files(tmp_path, [household("H1")], [])
    m.write_text(VI_MEMBERS, encoding="utf-8")
    result = invoke(
        "classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"), "--lang", "vi"
    )
    assert result.exit_code == 3
    with (tmp_path / "o_member_rejects.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Dòng", "Mã lỗi", "Mô tả lỗi", "Mã hộ", "Tuổi",
                       *VI_MEMBERS.splitlines()[0].split(",")[2:]]  # fmt: skip
    assert [r[:3] for r in rows[1:]] == [
        ["3", "household_id:unknown_household", "Mã hộ: không có hộ nào trong tệp hộ có mã này"],
        ["4", "age:not_a_number", "Tuổi: không phải là số"],
    ]
    assert rows[2][4] == "4O"  # the cell as written
    # on screen: the member columns by the file's headers, no code in a Vietnamese line
    out = result.stdout
    assert "dòng thành viên 4, cột 'Tuổi': không phải là số" in out
    assert "unknown_household" not in out and "cột 'age'" not in out
    described = {r["Mã hộ"]: r["Mô tả lỗi"] for r in csv.DictReader(
        (tmp_path / "o_rejects.csv").open(encoding="utf-8"))}  # fmt: skip
    assert described == {"H1": "Tuổi: một dòng thành viên của hộ bị loại (dòng thành viên 4)"}


def test_report_names_member_columns_in_vietnamese_as_classify_does(tmp_path):
    h, m = files(tmp_path, [household("H1")], [])
    m.write_text(VI_MEMBERS, encoding="utf-8")
    result = invoke("report", str(h), "--members", str(m), "--lang", "vi")
    assert result.exit_code == 3
    assert "cột 'Tuổi': một dòng thành viên của hộ bị loại" in result.output
    assert "cột 'age'" not in result.output and "unknown_household" not in result.output


# ------------------------------------------------------------------ 10. count columns and --members


def test_count_columns_beside_members_are_named_as_not_read(tmp_path):
    head = HH_HEAD + ",members_6plus_without_health_insurance,dependents"
    h = tmp_path / "h.csv"
    h.write_text(head + "\n" + household("H1") + ",5,0\n", encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text(M_HEAD + "\nH1,40,1,0,0,,1,,\n", encoding="utf-8")
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.output
    note = " ".join(result.stderr.split())
    assert "with --members, dependents, health_insurance are computed from the member file" in note
    assert "members_6plus_without_health_insurance" in note and "are not read" in note
    # the count said 5 uninsured; the member (insured) decides: not deprived
    row = pl.read_csv(tmp_path / "o.csv", infer_schema=False).row(0, named=True)
    assert "health_insurance" not in (row["deprived"] or "")
    # without the count columns: no such note
    h2, _ = files(tmp_path, [household("H1")], [])
    plain = invoke("classify", str(h2), "--members", str(m), "-o", str(tmp_path / "p.csv"))
    assert "are not read" not in plain.stderr


# ------------------------------------------------------------------ 12. what is cited


def test_a_blank_age_is_cited_alone(tmp_path):
    # the 2nd member's age is blank, and so are the questions asked by age
    h, m = files(tmp_path, [household("H1")], ["H1,40,1,0,0,,1,,", "H1,,0,0,0,,1,,"])
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    errors = rejects(tmp_path / "o_rejects.csv")["H1"].split(";")
    assert errors == ["age:unknown_from_members@3"]


def test_missing_count_columns_suggest_members(tmp_path):
    h, _ = files(tmp_path, [household("H1", "2")], [], size=True)
    result = invoke("classify", str(h), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    text = " ".join(result.stderr.split())
    assert "members_6plus_without_health_insurance" in text
    assert "from a member file too: give one with --members" in text


def test_explain_lists_the_members_that_decide_min(tmp_path):
    source = Path(__file__).parents[1] / "thresholds" / "vn-2022-2025.yaml"
    text = source.read_text(encoding="utf-8")
    old = "from_members: any(age >= health_insurance_age_min and not has_health_insurance)"
    assert old in text
    path = tmp_path / "minimum.yaml"
    path.write_text(
        text.replace(old, "from_members: min(age) < health_insurance_age_min").replace(
            "id: vn-2022-2025", "id: min-test", 1
        ),
        encoding="utf-8",
    )
    h, m = files(
        tmp_path,
        [household("H1")],
        ["H1,40,1,0,0,,1,,", "H1,3,0,0,0,0,1,,1", "H1,12,0,0,0,0,1,,1", "H1,3,0,0,0,0,1,,1"],
    )
    e = invoke("explain", str(h), "--members", str(m), "--id", "H1", "-s", str(path), "--json")
    assert e.exit_code == 0, e.output
    (got,) = json.loads(e.stdout)
    hi = {v["id"]: v for v in got["indicators"]}["health_insurance"]
    assert hi["deprived"] is True
    assert hi["member_rows"] == [3, 5]  # the two youngest, never every member


def test_the_counts_of_the_hint_survive_a_run_made_again_for_duplicate_ids(tmp_path):
    # H1 twice: the households' pass is made again with them rejected as duplicates
    h, m = files(
        tmp_path,
        [household("H1"), household("H1"), household("0002"), household("0003")],
        ["H1,40,1,0,0,,1,,", "2,40,1,0,0,,1,,", "3,40,1,0,0,,1,,"],
    )
    result = invoke("classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    text = " ".join(result.output.split())
    assert "2 of 4 households found no member row" in text
    assert "2 of the 2 unmatched member-file ids compared would match" in text


def test_count_columns_note_speaks_vietnamese_under_lang_vi(tmp_path):
    head = HH_HEAD + ",members_6plus_without_health_insurance,dependents"
    h = tmp_path / "h.csv"
    h.write_text(head + "\n" + household("H1") + ",5,0\n", encoding="utf-8")
    m = tmp_path / "m.csv"
    m.write_text(M_HEAD + "\nH1,40,1,0,0,,1,,\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = invoke("classify", str(h), "--members", str(m), "-o", str(out), "--lang", "vi")
    assert result.exit_code == 0, result.output
    note = " ".join(result.stderr.split())
    # the indicators by their Vietnamese names, the columns as the file names them
    assert (
        "lưu ý: với --members, các chỉ số Người phụ thuộc trong hộ gia đình, Bảo hiểm y tế được"
        " tính từ tệp" in note
    )
    assert "các cột 'dependents', 'members_6plus_without_health_insurance' của tệp hộ" in note
    assert "note:" not in note and "are computed" not in note


def test_a_roster_of_one_member_row_says_row(tmp_path):
    h, m = files(
        tmp_path,
        [household("A", "2"), household("B", "3")],
        ["A,40,1,0,0,,1,,", "B,40,1,0,0,,1,,", "B,41,1,0,0,,1,,"],
        size=True,
    )
    described = {}
    for lang in ("en", "vi"):
        out = tmp_path / f"{lang}.csv"
        result = invoke("classify", str(h), "--members", str(m), "-o", str(out), "--lang", lang)
        assert result.exit_code == 3, result.output
        frame = pl.read_csv(tmp_path / f"{lang}_rejects.csv", infer_schema=False)
        ids = frame["household_id" if lang == "en" else "Mã hộ"]
        described[lang] = dict(zip(ids, frame[:, 2], strict=True))
    assert described["en"] == {
        "A": "household_size: differs from the number of member rows (1 member row)",
        "B": "household_size: differs from the number of member rows (2 member rows)",
    }
    assert described["vi"]["A"].endswith("(1 dòng thành viên)")
    assert described["vi"]["B"].endswith("(2 dòng thành viên)")
