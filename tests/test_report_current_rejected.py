"""`report --previous`: a household of the previous list whose row in THIS list was rejected (a
bad cell, an id repeated) failed to be read, it did not leave the list: it is counted apart
(`rejected` as its class now), by its previous class, never as absent now nor as escaped
poverty; one rejected on both lists is counted on both sides apart; a rejected row of this
list whose household the previous list does not have is in no movement."""

from __future__ import annotations

import csv
import json

import pytest

from mdpoverty.report.previous import ABSENT, REJECTED
from mdpoverty.report.summary import MOVEMENTS, Row, check_identities, movement_values

from .test_report import AS_OF, CASES, _movement_files, hh, invoke

BAD = {"income_per_capita_month": "abc"}  # a cell no number can be read from: the row rejected

# households whose row in this list is rejected: (id, previous labels (none: not on the previous
# list), current rows: their class, each rejected)
REJECTED_NOW = [
    ("c_poor", ["poor"], ["poor"]),  # poor before, rejected now: neither escaped nor absent
    ("c_near", ["near_poor"], ["near_poor"]),
    ("c_np", ["not_poor"], ["average"]),
    ("c_both", ["HX"], ["poor"]),  # rejected on both lists (an unreadable label)
    ("c_dup_before", ["near_poor", "poor"], ["poor"]),  # both: id repeated in the previous list
    ("d_dup", ["poor"], ["poor", "near_poor"]),  # id repeated in this list: one household
    ("d_new", [], ["poor", "poor"]),  # repeated in this list, not on the previous one
    ("r_new", [], ["poor"]),  # rejected, not on the previous list: no movement
]


def _files(tmp_path, **kw):
    now, before = _movement_files(
        tmp_path,
        prev_extra=[
            {"household_id": i, "district": "D2", "commune": "C2", "class": label}
            for i, labels, _ in REJECTED_NOW
            for label in labels
        ],
        **kw,
    )
    rows = list(csv.DictReader(now.open(encoding="utf-8")))
    rows += [
        # a cell rejects the row, but for the rows of a repeated id (that alone rejects them)
        {**hh(i, c), **({} if i.startswith("d_") else BAD)}
        for i, _, classes in REJECTED_NOW
        for c in classes
    ]
    _rewrite(now, rows)
    # the province too: the report's units are the province's (`--by district,commune` too)
    previous = [
        {"province": "Quảng Ninh", **row} for row in csv.DictReader(before.open(encoding="utf-8"))
    ]
    _rewrite(before, previous)
    return now, before


def _rewrite(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_household_whose_row_here_was_rejected_is_never_absent_nor_escaped(tmp_path):
    now, before = _files(tmp_path)
    out = invoke(
        "report",
        str(now),
        "--as-of",
        AS_OF,
        "--previous",
        str(before),
        "--by",
        "district,commune",
        "--format",
        "json",
    )
    assert out.exit_code == 3, out.stderr
    data = json.loads(out.stdout)
    # this list: 13 rows of CASES; 10 rejected, one or more per household of REJECTED_NOW
    acc = data["accounting"]
    assert (acc["rows_read"], acc["reported"], acc["rejected"]) == (23, 13, 10)
    assert acc["reject_reasons"]["household_id:duplicate_id"] == 4
    sections = data["reports"][0]["unit_movements"]
    total = sections["all"][-1]
    # the CASES' movements, untouched: absent now and escaped poverty are theirs alone
    assert (total["absent_now"], total["absent_poor"], total["absent_near_poor"]) == (3, 1, 1)
    assert (total["escaped_poverty"], total["escaped_near_poverty"]) == (3, 2)
    assert (total["new"], total["newly_poor"], total["newly_near_poor"]) == (3, 3, 3)
    # poor before: CASES' 5, c_poor, d_dup; near-poor before: CASES' 5, c_near
    assert (total["poor_before"], total["near_poor_before"]) == (7, 6)
    assert total["rejected_now"] == 6  # c_poor c_near c_np c_both c_dup_before d_dup
    assert (total["rejected_now_poor"], total["rejected_now_near_poor"]) == (2, 1)
    assert total["rejected_now_rejected_before"] == 2  # c_both c_dup_before
    # rejected on both lists: not absent now on the previous list's side either
    assert (total["rejected_before"], total["rejected_absent_now"]) == (2, 0)
    assert (total["poor_now"], total["near_poor_now"]) == (4, 4)
    # counted in the unit and area the previous list gives them (D2 / C2, no area: all only)
    units = {tuple(r["unit"].values()): r for r in sections["all"]}
    d2 = units[("Quảng Ninh", "D2", "C2")]
    assert (d2["rejected_now"], d2["poor_before"], d2["absent_now"]) == (6, 2, 0)
    assert units[("Quảng Ninh", "D1", "C1")]["rejected_now"] == 0
    assert sections["rural"][-1]["rejected_now"] == sections["urban"][-1]["rejected_now"] == 0
    for rows in sections.values():
        for row in rows:
            assert row["poor_now"] == (
                row["poor_before"]
                - row["escaped_poverty"]
                - row["absent_poor"]
                - row["rejected_now_poor"]
                + row["newly_poor"]
                + row["rejected_poor_now"]
            )
            assert row["near_poor_now"] == (
                row["near_poor_before"]
                - row["escaped_near_poverty"]
                - row["near_poor_to_poor"]
                - row["absent_near_poor"]
                - row["rejected_now_near_poor"]
                + row["newly_near_poor"]
                + row["rejected_near_poor_now"]
            )
    moves = data["movements"]
    assert [moves[w]["rejected"] for w in ("poor", "near_poor", "average", "not_poor")] == [
        2,
        1,
        0,
        1,
    ]
    assert moves["rejected"] == {
        "poor": 0,
        "near_poor": 0,
        "average": 0,
        "not_poor": 0,
        "rejected": 2,
        "absent": 0,
    }
    # d_new, r_new: not on the previous list, their rows here rejected: counted apart
    assert moves["absent"]["rejected"] == 2
    assert sum(moves["absent"].values()) == 3 + 2
    assert total["rejected_new"] == 2
    assert total["new"] == 3  # never new to this list
    # in the grand totals only: no unit, no area known
    assert sum(r["rejected_new"] for r in sections["all"] if r["level"] == "commune") == 0
    assert sections["urban"][-1]["rejected_new"] == sections["rural"][-1]["rejected_new"] == 0
    prev = data["previous"]
    assert (prev["on_both_lists"], prev["absent_now"], prev["new_to_this_list"]) == (10, 3, 3)
    assert (prev["rejected_from_this_list"], prev["rejected_from_both_lists"]) == (4, 2)
    assert (prev["rejected_on_this_list"], prev["rejected_absent_now"]) == (0, 0)
    assert prev["rejected_new_to_this_list"] == 2
    # every row of this list: 13 reported (10 on both lists, 3 new); 10 rejected, 7 of them of
    # households of the previous list (d_dup's two), 3 of d_new (two) and r_new, none without id
    assert data["this_list"] == {
        "reported": 13,
        "rejected": 10,
        "rejected_rows_on_previous_list": 7,
        "rejected_rows_not_on_previous_list": 3,
        "rejected_rows_without_id": 0,
        "reconciled": True,
    }
    assert (
        "✓ this list: reported 13 = on both lists 10 + new to this list 3; rejected 10 rows = of "
        "households of the previous list 7 + of households not on it 3 + with no household id 0"
    ) in out.stderr
    assert (
        "this list: 2 households not on the previous list whose rows here were rejected are "
        "counted apart (class unknown), in the grand totals only"
    ) in out.stderr
    # the previous list's used rows: on both lists + absent now + rejected from this list
    assert prev["used"] == 10 + 3 + 4
    assert "✓ previous list" in out.stderr
    assert "absent now 3, new to this list 3, rejected from this list 4" in out.stderr
    assert (
        "this list: 6 households of the previous list whose row here was rejected (class now "
        "unknown) are counted apart, never as absent now nor as escaped poverty"
    ) in out.stderr
    assert "2 households whose row was rejected (class unknown) are counted apart" in out.stderr
    assert "0 on this list, 0 absent now, 2 whose row in this list was rejected too" in out.stderr
    assert (
        "✓ vn-2022-2025: in every unit, poor now = poor before - escaped - absent - poor before "
        "whose row in this list was rejected + newly poor + poor now whose previous row was "
        "rejected (and so for near-poor)"
    ) in out.stderr


def test_screen_workbook_and_csv_in_vietnamese(tmp_path):
    from openpyxl import load_workbook

    now, before = _files(tmp_path)
    out_path = tmp_path / "r.xlsx"
    args = ["report", str(now), "--as-of", AS_OF, "--previous", str(before), "--lang", "vi"]
    out = invoke(*args, "-o", str(out_path))
    assert out.exit_code == 3, out.stdout
    screen = {
        line.split("│")[1].strip(): line.split("│")[-2].strip()
        for line in out.stdout.splitlines()
        if line.count("│") > 3
    }
    assert screen["Dòng kỳ này bị loại (không rõ phân loại)"] == "6"
    assert screen["Trong đó dòng kỳ trước cũng bị loại"] == "2"
    assert screen["Không còn trong danh sách"] == "3"
    assert "danh sách kỳ này: 6 hộ của danh sách kỳ trước có dòng kỳ này bị loại" in out.stdout
    assert "dòng kỳ này bị loại 4" in out.stdout
    assert "- hộ nghèo kỳ trước có dòng kỳ này bị loại" in out.stdout
    wb = load_workbook(out_path)
    titles = [r[0] for r in wb["Diễn biến"].iter_rows(max_row=8, values_only=True)]
    assert any(
        t and t.startswith("Danh sách kỳ này: 6 hộ của danh sách kỳ trước có dòng kỳ này bị loại")
        for t in titles
    )
    assert any(
        "Dòng kỳ này bị loại (không rõ phân loại)" in r
        for r in wb["Diễn biến"].iter_rows(values_only=True)
    )
    transitions = list(wb["Chuyển đổi"].iter_rows(values_only=True))
    head = next(r for r in transitions if r[0] and "\\" in str(r[0]))
    column = head.index("Dòng kỳ này bị loại (không rõ phân loại)")
    poor_row = next(r for r in transitions if r[0] == "Hộ nghèo")
    assert poor_row[column] == 2
    csv_out = invoke(*args[:-2], "--format", "csv")
    rows = list(csv.reader(csv_out.stdout.splitlines()))
    measures = {(r[1], r[2], r[-3]): r[-2] for r in rows if r[3] == "total"}
    assert measures[("movements", "all", "rejected_now")] == "6"
    assert measures[("transitions", "all", "poor->rejected")] == "2"
    assert measures[("transitions", "all", "absent->rejected")] == "2"
    assert measures[("movements", "all", "rejected_new")] == "2"
    assert screen["Dòng kỳ này bị loại, không có trong danh sách kỳ trước"] == "2"
    assert "bị loại 10 dòng = của hộ có trong danh sách kỳ trước 7 + của hộ không có" in (
        " ".join(out.stdout.split())
    )
    absent_row = next(r for r in transitions if r[0] == "Không có trong danh sách")
    assert absent_row[column] == 2
    assert any(
        t and t.startswith("Danh sách kỳ này: 2 hộ không có trong danh sách kỳ trước")
        for t in [r[0] for r in wb["Diễn biến"].iter_rows(max_row=9, values_only=True)]
    )


def test_no_rejected_row_keeps_the_screen_as_it_was(tmp_path):
    now, before = _movement_files(tmp_path)
    out = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    assert out.exit_code == 0, out.stdout
    assert "row in this list rejected" not in out.stdout
    assert "rejected from this list" not in out.stdout
    assert "whose row in this list was rejected" not in out.stdout
    assert "poor now = poor before - escaped - absent + newly poor (and so" in out.stdout


def test_a_rejected_row_not_on_the_previous_list_is_counted_apart(tmp_path):
    """A household the previous list does not have, its row here rejected, is in its own row of
    the movements (never new to this list); a rejected row with no id is no household, and is
    in this list's reconciliation alone."""
    now, before = _movement_files(tmp_path, cases=[c for c in CASES if c[0] != "new_p"])
    rows = list(csv.DictReader(now.open(encoding="utf-8")))
    rows.append({**hh("new_p", "poor"), **BAD})
    rows.append({**hh("", "poor"), **BAD})  # no id, a bad cell
    rows.append(hh("", "near_poor"))  # no id alone
    _rewrite(now, rows)
    out = invoke(
        "report", str(now), "--as-of", AS_OF, "--previous", str(before), "--format", "json"
    )
    assert out.exit_code == 3, out.stderr
    data = json.loads(out.stdout)
    total = data["reports"][0]["unit_movements"]["all"][-1]
    assert (total["new"], total["rejected_now"], total["absent_now"]) == (2, 0, 3)
    assert (total["rejected_new"], total["newly_poor"]) == (1, 2)
    assert data["previous"]["rejected_from_this_list"] == 0
    assert data["movements"]["absent"]["rejected"] == 1
    assert data["accounting"]["rejected"] == 3
    this = data["this_list"]
    assert (this["rejected_rows_not_on_previous_list"], this["rejected_rows_without_id"]) == (1, 2)
    assert this["rejected_rows_on_previous_list"] == 0 and this["reconciled"]
    assert (
        "rejected 3 rows = of households of the previous list 0 + of households not on it 1 + "
        "with no household id 2"
    ) in out.stderr
    screen = invoke("report", str(now), "--as-of", AS_OF, "--previous", str(before))
    cells = {
        line.split("│")[1].strip(): line.split("│")[-2].strip()
        for line in screen.stdout.splitlines()
        if line.count("│") > 3
    }
    assert cells["row in this list rejected, not on the previous list"] == "1"


CLASSES = ["poor", "near_poor", "average", "not_poor"]


@pytest.mark.parametrize("was", [*CLASSES, REJECTED, ABSENT])
@pytest.mark.parametrize("now", [*CLASSES, REJECTED, ABSENT])
def test_every_pair_of_classes_keeps_the_identity(was, now):
    if was == now == ABSENT:
        return
    values = {**dict.fromkeys(MOVEMENTS, 0), **movement_values(was, now, 1)}
    assert check_identities(Row(0, (), values))
    if now == REJECTED:
        assert values["absent_now"] == values["escaped_poverty"] == 0
        assert values["escaped_near_poverty"] == values["near_poor_to_poor"] == 0
        assert values["rejected_now"] == (0 if was == ABSENT else 1)
        assert values["new"] == 0
    if was == "poor" and now == REJECTED:
        assert {k for k, v in values.items() if v} == {
            "poor_before",
            "rejected_now",
            "rejected_now_poor",
        }
    if was == now == REJECTED:
        assert {k for k, v in values.items() if v} == {
            "rejected_before",
            "rejected_now",
            "rejected_now_rejected_before",
        }
