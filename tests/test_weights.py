"""Sampling weights in classify (and compare): each class's sum of the weights, exact, beside
the rows counted; a row with a bad weight rejected and counted; the output's rows unchanged.
CliRunner with stdout and stderr apart."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

runner = CliRunner()

POOR = {  # three deprivations under vn-2022-2025 (its cut-off is 3)
    "working_age_unemployed": 1,
    "children_under16_malnourished": 1,
    "members_6plus_without_health_insurance": 1,
}
# rural: the income line is 1,500,000, the top of the average band 2,250,000
ROWS = [
    # (id, district, changes, weight as written)
    ("H1", "Ba Chẽ", {"income_per_capita_month": 1_500_000}, "2.50"),  # at the line: near-poor
    ("H2", "Ba Chẽ", {"income_per_capita_month": 1_500_001}, "0.1"),  # one dong above: average
    ("H3", "Tiên Yên", {"income_per_capita_month": 1_000_000, **POOR}, "1.25"),  # poor
    ("H4", "Tiên Yên", {"income_per_capita_month": 5_000_000}, "3"),  # not poor
    ("H5", "Tiên Yên", {"income_per_capita_month": 1_000_000, **POOR}, ""),  # no weight
    ("H6", "Ba Chẽ", {"income_per_capita_month": 1_000_000}, "-1"),  # negative
    ("H7", "Ba Chẽ", {"income_per_capita_month": 1_000_000}, "nhiều"),  # no number
]
# the weights of the valid rows, as fractions
W = {"poor": Fraction(5, 4), "near_poor": Fraction(5, 2), "average": Fraction(1, 10)}
W["not_poor"] = Fraction(3)
TOTAL = sum(W.values(), Fraction(0))  # 137/20


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def weighted(write_csv, household) -> Path:
    rows = [
        {**household(household_id=i, district=d, **changes), "Trọng số": w}
        for i, d, changes, w in ROWS
    ]
    return write_csv(rows, "weighted.csv")


def _classify(path: Path, tmp_path: Path, weight: str | None, by: str | None = None):
    from mdpoverty.engine.classifier import compile_standard
    from mdpoverty.io.readers import read_table
    from mdpoverty.io.writers import Target
    from mdpoverty.run.pipeline import classify_table, column_named, resolve_by
    from mdpoverty.standard.loader import load_standard

    table = read_table(str(path))
    return classify_table(
        table,
        [compile_standard(load_standard("vn-2022-2025"))],
        Target(str(tmp_path / "out.csv")),
        Target(str(tmp_path / "out_rejects.csv")),
        by=resolve_by(table, [by] if by else []),
        weight=column_named(table, weight, "--weight") if weight else None,
    )


def test_weighted_counts_are_the_exact_sums_of_the_weights(weighted, tmp_path):
    result = _classify(weighted, tmp_path, "trong so", by="district")
    (counts,) = result.counts
    assert counts.overall == {"poor": 1, "near_poor": 1, "average": 1, "not_poor": 1}
    assert counts.weighted == W
    assert counts.weighted_total == TOTAL == Fraction(137, 20)
    assert counts.weighted_by_area is not None
    assert counts.weighted_by_area["rural"] == W
    assert sum(counts.weighted_by_area["urban"].values()) == 0
    # the household exactly at the income line is near-poor, with its weight of 2.5
    assert counts.weighted["near_poor"] / TOTAL == Fraction(50, 137)
    (b,) = counts.breakdowns
    assert b.weighted == {
        ("Quảng Ninh", "Ba Chẽ"): {
            "poor": 0,
            "near_poor": Fraction(5, 2),
            "average": Fraction(1, 10),
            "not_poor": 0,
        },
        ("Quảng Ninh", "Tiên Yên"): {
            "poor": Fraction(5, 4),
            "near_poor": 0,
            "average": 0,
            "not_poor": Fraction(3),
        },
    }
    assert b.groups[("Quảng Ninh", "Ba Chẽ")] == {
        "poor": 0,
        "near_poor": 1,
        "average": 1,
        "not_poor": 0,
    }
    acc = result.accounting
    assert (acc.rows_read, acc.processed, acc.rejected, acc.skipped) == (7, 4, 3, 0)
    assert acc.reconciled
    assert sum(n for item, n in acc.reject_reasons.items() if item.startswith("Trọng số:")) == 3
    assert result.weight == "Trọng số"


def test_without_a_weight_nothing_is_weighted(weighted, tmp_path):
    result = _classify(weighted, tmp_path, None, by="district")
    (counts,) = result.counts
    assert counts.weighted is None and counts.weighted_by_area is None
    assert counts.breakdowns[0].weighted is None
    assert result.weight is None
    assert result.accounting.rejected == 0  # the weight column is not read


def test_the_screen_shows_the_weighted_sums_and_shares_in_both_languages(weighted, tmp_path):
    out = tmp_path / "o.csv"
    en = invoke("classify", weighted, "--weight", "Trọng số", "--by", "district", "-o", out)
    assert en.exit_code == 3, en.stderr
    assert "vn-2022-2025: weighted, the sum of the weights in 'Trọng số'" in en.stdout
    assert "by district, weighted (the sum of the weights in 'Trọng số')" in en.stdout
    near = next(line for line in en.stdout.splitlines() if "near-poor" in line and "2.50" in line)
    assert "36.50%" in near  # 2.5 / 6.85
    total = next(line for line in en.stdout.splitlines() if "6.85" in line)
    assert "100.00%" in total
    assert "rows read 7 = classified 4 + rejected 3 + skipped 0" in en.stdout
    assert "row 6, column 'Trọng số': missing value" in en.stdout
    assert en.stderr == ""
    vi = invoke(
        "classify", weighted, "--weight", "trọng số", "--lang", "vi", "-o", tmp_path / "v.csv"
    )
    assert vi.exit_code == 3, vi.stderr
    assert "vn-2022-2025: theo trọng số, tổng trọng số ở cột 'Trọng số'" in vi.stdout
    near = next(line for line in vi.stdout.splitlines() if "2,50" in line)
    assert "36,50%" in near
    assert "6,85" in vi.stdout
    assert "số dòng đã đọc 7 = đã phân loại 4 + bị loại 3" in vi.stdout


def test_the_output_gives_the_weight_cells_as_written(weighted, tmp_path):
    # CSV on standard output: the summary goes to standard error
    result = invoke(
        "classify", weighted, "--weight", "Trọng số", "-o", "-", "--rejects", tmp_path / "r.csv"
    )
    assert result.exit_code == 3, result.stderr
    assert "weighted, the sum of the weights" in result.stderr
    assert "weighted" not in result.stdout
    import io

    out = pl.read_csv(io.StringIO(result.stdout), infer_schema=False)
    assert out["Trọng số"].to_list() == ["2.50", "0.1", "1.25", "3"]
    plain = invoke("classify", weighted, "-o", "-", "--rejects", tmp_path / "r2.csv")
    unweighted = pl.read_csv(io.StringIO(plain.stdout), infer_schema=False)
    assert out.equals(unweighted.head(4))  # the rows as classify writes them without --weight
    rejects = pl.read_csv(tmp_path / "r.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["6", "7", "8"]
    assert rejects["Trọng số"].to_list() == [None, "-1", "nhiều"]
    kept = invoke("classify", weighted, "--weight", "Trọng số", "--keep-input", "-o", "-")
    cells = pl.read_csv(io.StringIO(kept.stdout), infer_schema=False)["Trọng số"].to_list()
    assert cells == ["2.50", "0.1", "1.25", "3"]


def test_a_weight_the_standard_reads_or_no_column_is_refused(weighted, tmp_path):
    out = tmp_path / "o.csv"
    read = invoke("classify", weighted, "--weight", "household_size", "-o", out)
    assert read.exit_code == 4
    assert "--weight names 'household_size', a column the standard reads" in read.stderr
    assert read.stdout == "" and not out.exists()
    vi = invoke("classify", weighted, "--weight", "household_size", "--lang", "vi", "-o", out)
    assert vi.exit_code == 4
    assert "--weight nêu 'household_size', một cột mà chuẩn nghèo đọc" in vi.stderr
    absent = invoke("classify", weighted, "--weight", "trong_so_x", "-o", out)
    assert absent.exit_code == 4
    assert "--weight 'trong_so_x' names no column of the input" in absent.stderr
    assert not out.exists()


def test_a_weight_that_is_a_by_column_too_groups_by_its_cells_as_written(weighted, tmp_path):
    result = _classify(weighted, tmp_path, "Trọng số", by="Trọng số")
    (b,) = result.counts[0].breakdowns
    assert list(b.groups) == [("0.1",), ("1.25",), ("2.50",), ("3",)]
    assert b.weighted is not None and b.weighted[("2.50",)]["near_poor"] == Fraction(5, 2)


def test_compare_gives_the_weighted_counts_exactly_in_json_and_csv(weighted, tmp_path):
    args = ["compare", weighted, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    result = invoke(*args, "--weight", "Trọng số", "--by", "district", "--format", "json")
    assert result.exit_code == 3, result.stderr
    assert "rows read 7 = compared 4 + rejected 3 + skipped 0" in result.stderr
    import json

    data = json.loads(result.stdout)
    w = data["weighted"]
    assert Fraction(w["households_exact"]) == TOTAL and w["households"] == 6.85
    totals = {c: Fraction(v["base_exact"]) for c, v in w["totals"].items()}
    assert totals == W
    # under Quảng Ninh's line (2,100,000 rural) H1 (at 1,500,000) and H2 are near-poor
    alt = {c: Fraction(v["alt_exact"]) for c, v in w["totals"].items()}
    assert alt == {
        "poor": Fraction(5, 4),
        "near_poor": Fraction(26, 10),
        "average": 0,
        "not_poor": 3,
    }
    assert Fraction(w["totals"]["near_poor"]["alt_share_exact"]) == Fraction(26, 10) / TOTAL
    assert Fraction(w["worse_exact"]) == Fraction(1, 10)  # H2: average -> near-poor
    assert Fraction(w["matrix"]["average"]["near_poor_exact"]) == Fraction(1, 10)
    ba_che = next(g for g in w["breakdowns"]["district"] if g["group"] == "Ba Chẽ")
    assert Fraction(ba_che["households_exact"]) == Fraction(26, 10)
    assert data["households"] == 4 and data["weight"] == "Trọng số"
    csv_out = invoke(*args, "--weight", "Trọng số", "--format", "csv")
    import io

    tidy = pl.read_csv(io.StringIO(csv_out.stdout), infer_schema=False)
    near = tidy.filter((pl.col("section") == "weighted_totals") & (pl.col("item") == "near_poor"))
    assert near.select("base", "alt", "households").row(0) == ("2.5", "2.6", "6.85")
    plain = json.loads(invoke(*args, "--format", "json").stdout)
    assert plain["weighted"] is None and plain["weight"] is None


def test_compare_screen_says_the_weighted_counts_in_both_languages(weighted, tmp_path):
    args = ["compare", weighted, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    en = invoke(*args, "--weight", "Trọng số")
    assert en.exit_code == 3, en.stderr
    assert "Weighted, the sum of the weights in 'Trọng số', per class" in en.stdout
    assert "Weighted: 0.10 worse off under quangninh-2023-2025, 0 better off" in en.stdout
    assert en.stderr == ""
    vi = invoke(*args, "--weight", "Trọng số", "--lang", "vi")
    assert vi.exit_code == 3, vi.stderr
    assert "Theo trọng số, tổng trọng số ở cột 'Trọng số', theo phân loại" in vi.stdout
    assert "Theo trọng số: 0,10 khó khăn hơn theo quangninh-2023-2025" in vi.stdout
    refused = invoke(*args, "--weight", "income_per_capita_month")
    assert refused.exit_code == 4
    assert "--weight names 'income_per_capita_month', a column the standard reads" in (
        refused.stderr
    )
    xlsx = tmp_path / "c.xlsx"
    book = invoke(*args, "--weight", "Trọng số", "-o", xlsx)
    assert book.exit_code == 3, book.stderr
    sheet = pl.read_excel(xlsx, sheet_name="weighted, per class")
    assert sheet.row(1)[:5] == ("near_poor", 2.5, float(W["near_poor"] / TOTAL), 2.6, 52 / 137)


@pytest.mark.parametrize("keep", [[], ["--keep-input"]])
def test_the_changes_file_gives_the_weight_cells_as_written(weighted, tmp_path, keep):
    changes = tmp_path / "changes.csv"
    args = ["compare", weighted, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    result = invoke(*args, "--weight", "Trọng số", "--changes", changes, *keep)
    assert result.exit_code == 3, result.stderr
    moved = pl.read_csv(changes, infer_schema=False)
    assert moved["Trọng số"].to_list() == ["0.1"]  # H2, average -> near-poor
