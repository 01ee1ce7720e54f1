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
    alt = {c: v["alt_exact"] and Fraction(v["alt_exact"]) for c, v in w["totals"].items()}
    assert alt == {
        "poor": Fraction(5, 4),
        "near_poor": Fraction(26, 10),
        "average": None,  # Quảng Ninh's standard has no average band: not applicable
        "not_poor": 3,
    }
    assert Fraction(w["totals"]["near_poor"]["alt_share_exact"]) == Fraction(26, 10) / TOTAL
    assert Fraction(w["worse_exact"]) == Fraction(1, 10)  # H2: average -> near-poor
    assert Fraction(w["matrix"]["average"]["near_poor_exact"]) == Fraction(1, 10)
    ba_che = next(g for g in w["breakdowns"]["district"] if g["group"] == "Ba Chẽ")
    assert Fraction(ba_che["households_exact"]) == Fraction(26, 10)
    assert Fraction(ba_che["changed_exact"]) == Fraction(1, 10)  # H2
    rates = {r["indicator"]: r for r in w["deprivation_rates"]}
    assert Fraction(rates["employment"]["base_exact"]) == Fraction(5, 4) / TOTAL  # H3
    assert Fraction(rates["water"]["alt_exact"]) == 0
    assert data["households"] == 4 and data["weight"] == "Trọng số"
    csv_out = invoke(*args, "--weight", "Trọng số", "--format", "csv")
    import io

    tidy = pl.read_csv(io.StringIO(csv_out.stdout), infer_schema=False)
    near = tidy.filter((pl.col("section") == "weighted_totals") & (pl.col("item") == "near_poor"))
    assert near.select("base", "alt", "households").row(0) == ("2.5", "2.6", "6.85")
    rate = tidy.filter(
        (pl.col("section") == "weighted_deprivation_rates") & (pl.col("item") == "employment")
    )
    assert rate.select("base", "alt").row(0) == ("0.182482", "0.182482")  # 1.25 / 6.85
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
    assert sheet.columns[1:4:2] == [
        "sum of weights (vn-2022-2025)",
        "sum of weights (quangninh-2023-2025)",
    ]
    assert sheet.row(1)[:5] == ("near_poor", 2.5, float(W["near_poor"] / TOTAL), 2.6, 52 / 137)


@pytest.mark.parametrize("keep", [[], ["--keep-input"]])
def test_the_changes_file_gives_the_weight_cells_as_written(weighted, tmp_path, keep):
    changes = tmp_path / "changes.csv"
    args = ["compare", weighted, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    result = invoke(*args, "--weight", "Trọng số", "--changes", changes, *keep)
    assert result.exit_code == 3, result.stderr
    moved = pl.read_csv(changes, infer_schema=False)
    assert moved["Trọng số"].to_list() == ["0.1"]  # H2, average -> near-poor


# ------------------------------------------------------- weights as survey programs write them


def test_e_notation_weights_are_summed_exactly(write_csv, household, tmp_path):
    # Stata, R and pandas write 1e-1, 1.25E0, 2.5e+0, .5; each read exactly as written
    written = ["1e-1", "1.25E0", "2.5e+0", ".5", "1E+1", "523.4321899414062"]
    rows = [
        {**household(household_id=f"H{i}", income_per_capita_month=5_000_000), "w": w}
        for i, w in enumerate(written)
    ]
    result = _classify(write_csv(rows, "e.csv"), tmp_path, "w")
    (counts,) = result.counts
    assert counts.overall["not_poor"] == 6 and result.accounting.rejected == 0
    exact = Fraction(1, 10) + Fraction(5, 4) + Fraction(5, 2) + Fraction(1, 2) + 10
    assert counts.weighted_total == exact + Fraction("523.4321899414062")
    assert counts.weighted["not_poor"] == counts.weighted_total
    # and compare sums them as classify does, given back exactly in JSON
    args = ["compare", write_csv(rows, "e.csv"), "--alt", "quangninh-2023-2025"]
    data = __import__("json").loads(invoke(*args, "--weight", "w", "--format", "json").stdout)
    assert Fraction(data["weighted"]["households_exact"]) == counts.weighted_total


def test_a_float64_parquet_weight_column_is_read_as_its_shortest_text(weighted, tmp_path):
    # a survey's weights saved by pandas or polars: float64, some not a short decimal in
    # binary (0.1, 523.4321899414062), one missing, one negative
    frame = pl.read_csv(weighted, infer_schema=False).head(6)
    floats = [523.4321899414062, 0.1, 1e-12, 3.0, None, -1.0]
    path = tmp_path / "weighted.parquet"
    frame.with_columns(pl.Series("Trọng số", floats, dtype=pl.Float64)).write_parquet(path)
    result = _classify(path, tmp_path, "Trọng số")
    (counts,) = result.counts
    # H1 near-poor, H2 average, H3 poor, H4 not poor: each weight as its shortest decimal
    assert counts.weighted == {
        "poor": Fraction(1, 10**12),
        "near_poor": Fraction("523.4321899414062"),
        "average": Fraction(1, 10),
        "not_poor": Fraction(3),
    }
    acc = result.accounting
    assert (acc.rows_read, acc.processed, acc.rejected) == (6, 4, 2)
    assert acc.reject_reasons["Trọng số:missing_value"] == 1
    assert acc.reject_reasons["Trọng số:not_a_weight"] == 1


def test_weights_with_members_sum_as_with_the_count_columns(tmp_path):
    from .test_members import generate, write

    counted, plain, members = generate(11, 120)
    # quarters: every sum is exact to the two decimals the screen shows
    weights = [str((i * 37) % 500 / 4) for i in range(len(counted))]
    c = write(
        tmp_path / "counted.csv", [{**r, "wt": w} for r, w in zip(counted, weights, strict=True)]
    )
    h = write(tmp_path / "plain.csv", [{**r, "wt": w} for r, w in zip(plain, weights, strict=True)])
    m = write(tmp_path / "members.csv", members)
    args = ["classify", "--as-of", "2024-06-30", "--weight", "wt"]
    first = invoke(*args, c, "-o", tmp_path / "a.csv")
    second = invoke(*args, h, "--members", m, "-o", tmp_path / "b.csv")
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "member rows read" in second.stdout

    def weighted_table(stdout: str) -> list[str]:
        lines = stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if "weighted, the sum" in line)
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("└"))
        return lines[start : end + 1]

    table = weighted_table(first.stdout)
    assert table == weighted_table(second.stdout)
    total = sum(Fraction(w) for w in weights)
    assert total.denominator in (1, 2, 4)  # shown exactly: 1,234.75
    whole, cents = divmod(round(total * 100), 100)
    shown = f"{whole:,}" if total.denominator == 1 else f"{whole:,}.{cents:02d}"
    row = next(r for r in table if "total" in r)
    assert f" {shown} " in row and "100.00%" in row
    # the household's size is compared with the roster's: it cannot be the weight
    refused = invoke("classify", c, "--members", m, "--weight", "household_size")
    assert refused.exit_code == 4
    assert "--weight names 'household_size', a column the standard reads" in refused.stderr


def test_classify_xlsx_output_with_a_weight_is_the_output_without_it(weighted, tmp_path):
    with_weight, without = tmp_path / "w.xlsx", tmp_path / "n.xlsx"
    result = invoke("classify", weighted, "--weight", "Trọng số", "-o", with_weight)
    assert result.exit_code == 3, result.stderr
    assert "weighted, the sum of the weights in 'Trọng số'" in result.stdout
    plain = invoke("classify", weighted, "-o", without, "--rejects", tmp_path / "r.xlsx")
    assert plain.exit_code == 0, plain.stderr
    a = pl.read_excel(with_weight, infer_schema_length=0)
    b = pl.read_excel(without, infer_schema_length=0)
    assert a.equals(b.head(4))  # the valid rows, cell for cell (a weight cell as without it)
    assert a["Trọng số"].to_list() == ["2.5", "0.1", "1.25", "3"]
    rejects = pl.read_excel(tmp_path / "w_rejects.xlsx", infer_schema_length=0)
    assert rejects["Trọng số"].to_list() == [None, "-1", "nhiều"]


def test_compare_workbook_has_weighted_sheets_in_both_languages(weighted, tmp_path):
    import fastexcel

    args = ["compare", weighted, "--alt", "quangninh-2023-2025", "--weight", "Trọng số"]
    en, vi = tmp_path / "c.xlsx", tmp_path / "v.xlsx"
    assert invoke(*args, "--by", "district", "-o", en).exit_code == 3
    assert invoke(*args, "--by", "district", "--lang", "vi", "-o", vi).exit_code == 3
    assert fastexcel.read_excel(en).sheet_names == [
        "summary",
        "households per class",
        "weighted, per class",
        "transition matrix",
        "weighted transition matrix",
        "by district",
        "weighted by district",
        "deprivation rates",
        "weighted deprivation rates",
        "parameter diff",
    ]
    assert fastexcel.read_excel(vi).sheet_names == [
        "Tổng hợp",
        "Số hộ theo phân loại",
        "Theo trọng số, theo phân loại",
        "Ma trận chuyển đổi",
        "Ma trận chuyển đổi, trọng số",
        "Theo huyện",
        "Trọng số theo huyện",
        "Tỷ lệ thiếu hụt",
        "Tỷ lệ thiếu hụt theo trọng số",
        "Khác biệt tham số",
    ]
    matrix = pl.read_excel(en, sheet_name="weighted transition matrix")
    average = matrix.row(2, named=True)
    assert average["base class \\ alt class"] == "average"
    assert average["near_poor"] == 0.1 and average["total"] == 0.1  # H2 moves: 1e-1 of weight
    assert matrix.row(4)[-1] == 6.85
    by = pl.read_excel(vi, sheet_name="Trọng số theo huyện")
    ba_che = by.filter(pl.col("Huyện") == "Ba Chẽ").row(0, named=True)
    assert ba_che["Tổng trọng số"] == 2.6  # a sum of weights, never headed as households
    assert "Số hộ" not in by.columns
    assert ba_che["Hộ cận nghèo (quangninh-2023-2025)"] == 2.6
    rates = pl.read_excel(en, sheet_name="weighted deprivation rates")
    employment = rates.filter(pl.col("indicator") == "employment").row(0, named=True)
    assert employment["vn-2022-2025"] == float(Fraction(5, 4) / TOTAL)  # H3, poor: 1.25 of 6.85


def test_compare_screen_weighs_the_by_tables_and_the_deprivation_rates(weighted):
    args = ["compare", weighted, "--alt", "quangninh-2023-2025", "--by", "district"]
    en = invoke(*args, "--weight", "Trọng số")
    assert en.exit_code == 3, en.stderr
    lines = en.stdout.splitlines()
    title = "By district, weighted: the sum of the weights in 'Trọng số'"
    start = next(i for i, line in enumerate(lines) if title in line)
    ba_che = next(line for line in lines[start:] if "Ba Chẽ" in line)
    cells = [c.strip() for c in ba_che.split("│")[2:9]]
    assert cells == ["2.60", "0", "0", "2.50", "2.60", "0.10", "0"]
    rates = "Deprivation rates, weighted (% of the sum of the weights in 'Trọng số')"
    start = next(i for i, line in enumerate(lines) if rates in line)
    employment = next(line for line in lines[start:] if "employment" in line)
    assert employment.split()[-4:-1] == ["18.25%", "│", "18.25%"]  # 1.25 of 6.85
    vi = invoke(*args, "--weight", "Trọng số", "--lang", "vi")
    assert "Theo huyện, theo trọng số: tổng trọng số ở cột 'Trọng số'" in vi.stdout
    assert "Tỷ lệ thiếu hụt theo trọng số (% tổng trọng số ở cột 'Trọng số')" in vi.stdout
    assert "18,25%" in vi.stdout
    plain = invoke(*args)
    assert "weighted:" not in plain.stdout and "weighted (" not in plain.stdout
