"""`mdpoverty measures`: the Alkire-Foster measures against published figures and an independent
exact computation (fractions over the 0/1 columns, row by row, in plain Python)."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.engine.classifier import compile_standard, load_checked
from mdpoverty.io.readers import read_table
from mdpoverty.measures.alkire_foster import Cutoff, Missing, measure_table

from .conftest import EXAMPLES, SHARED

runner = CliRunner()
HERE = Path(__file__).parent
STANDARDS = HERE / "standards"
EXTERNAL = SHARED / "data" / "external"
SYN = EXTERNAL / "ophi-syn-cdta" / "syn_cdta.csv"
CRAN = EXTERNAL / "cran-mpi" / "examplePovertydf.csv"
FOUR = STANDARDS / "af-four-indicators.yaml"
GLOBAL = STANDARDS / "global-mpi-syn-cdta.yaml"
needs_external = pytest.mark.skipif(
    not EXTERNAL.is_dir(), reason="../shared/data/external is absent"
)


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def run_json(*args: str, code: int | None = 0) -> dict:
    result = invoke("measures", *args, "--format", "json")
    assert code is None or result.exit_code == code, result.stderr
    # standard error holds the accounting only (the data is on standard output)
    assert "rows read" in result.stderr and "error" not in result.stderr
    return json.loads(result.stdout)


def pick(data: dict, k_exact: str, by: str | None = None, group: str | None = None) -> dict:
    (found,) = [
        r
        for r in data["results"]
        if r["k_exact"] == k_exact and r["by"] == by and r["group"] == group
    ]
    return found


def four_indicator_csv(tmp_path: Path, patterns: list[str], name: str = "tiny.csv") -> Path:
    path = tmp_path / name
    lines = ["i1,i2,i3,i4"] + [",".join(p) for p in patterns]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- published figures


@pytest.mark.parametrize(
    ("patterns", "h", "a", "m0"),
    [
        # 5 persons x 4 indicators, weights 1/4, k = 1/2 (two score exactly 1/2)
        (["1010", "0100", "0111", "1000", "1010"], "0.6", "0.5833", "0.35"),
        # 4 units x 4 indicators, weights 1/4, k = 1/2
        (["0000", "1001", "1111", "0100"], "0.5", "0.75", "0.375"),
    ],
)
def test_tiny_published_examples(tmp_path, patterns, h, a, m0):
    data = run_json(four_indicator_csv(tmp_path, patterns), "-s", FOUR)
    whole = data["results"][0]
    assert whole["k_exact"] == "1/2"  # from the standard file
    places = len(a.split(".")[1])
    assert round(whole["H"], 1) == float(h)
    assert round(whole["A"], places) == float(a)
    assert round(whole["M0"], 3) == float(m0)
    assert Fraction(whole["M0_exact"]) == Fraction(whole["H_exact"]) * Fraction(whole["A_exact"])
    assert [i["weight_exact"] for i in data["indicators"]] == ["1/4"] * 4  # default weights


@needs_external
def test_cran_mpi_example_povertydf():
    """R package MPI's README: AF_Seq(examplePovertydf, g = "Region", k = 3) prints, for its first
    group (Bastia), H = 1, A = 0.4090909, M0 = 0.4090909."""
    data = run_json(
        CRAN,
        "-s",
        STANDARDS / "cran-mpi-example.yaml",
        "--columns",
        STANDARDS / "cran-mpi-example.columns.yaml",
        "--by",
        "Region",
    )
    bastia = pick(data, "3/11", "Region", "Bastia")
    assert bastia["rows"] == 2
    assert round(bastia["H"], 7) == 1
    assert round(bastia["A"], 7) == 0.4090909
    assert round(bastia["M0"], 7) == 0.4090909
    assert data["accounting"] == {
        "rows_read": 30,
        "measured": 30,
        "rejected": 0,
        "reject_reasons": {},
    }


# ---------------------------------------------------------------- OPHI syn_cdta, exact

SYN_WEIGHTS = {
    "d_nutr": Fraction(1, 6),
    "d_cm": Fraction(1, 6),
    "d_satt": Fraction(1, 6),
    "d_educ": Fraction(1, 6),
    **{c: Fraction(1, 18) for c in ("d_elct", "d_sani", "d_wtr", "d_hsg", "d_ckfl", "d_asst")},
}


def _syn_scores() -> list[tuple[str, Fraction, float]]:
    """(round, exact score, float score) for every row with all ten indicators; rows with an
    empty indicator are left out (mdpoverty rejects them by default)."""
    out = []
    with SYN.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if any(row[c] == "" for c in SYN_WEIGHTS):
                continue
            exact = sum((w * int(float(row[c])) for c, w in SYN_WEIGHTS.items()), Fraction(0))
            rough = sum(float(w) * int(float(row[c])) for c, w in SYN_WEIGHTS.items())
            out.append((row["t"], exact, rough))
    return out


def _reference(scores: list[Fraction], k: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    poor = [s for s in scores if s >= k]
    h = Fraction(len(poor), len(scores))
    a = sum(poor, Fraction(0)) / len(poor)
    return h, a, h * a


@needs_external
def test_syn_cdta_global_mpi_by_round_matches_an_exact_reference():
    # rows with an empty indicator are rejected: exit 3
    data = run_json(
        SYN, "-s", GLOBAL, "--k", "20%", "--k", "1/3", "--k", "1/2", "--by", "t", code=3
    )
    scores = _syn_scores()
    rounds = {t: [s for tt, s, _ in scores if tt == t] for t, _, _ in scores}
    assert sorted(rounds) == ["1.0", "2.0"]
    for k_exact, k in [("1/5", Fraction(1, 5)), ("1/3", Fraction(1, 3)), ("1/2", Fraction(1, 2))]:
        groups = [(None, None, [s for _, s, _ in scores])] + [
            ("t", t, rounds[t]) for t in sorted(rounds)
        ]
        for by, group, group_scores in groups:
            got = pick(data, k_exact, by, group)
            h, a, m0 = _reference(group_scores, k)
            assert got["rows"] == len(group_scores)
            assert Fraction(got["H_exact"]) == h
            assert Fraction(got["A_exact"]) == a
            assert Fraction(got["M0_exact"]) == m0
            assert got["H"] == float(h)
    # rows with an empty indicator are rejected and counted, never dropped silently
    assert data["accounting"]["rows_read"] == 15000
    assert data["accounting"]["measured"] == len(scores)
    assert data["accounting"]["rejected"] == 15000 - len(scores)


@needs_external
def test_syn_cdta_people_scoring_exactly_one_half_are_poor_at_one_half():
    scores = _syn_scores()
    at_half = [(s, rough) for _, s, rough in scores if s == Fraction(1, 2)]
    assert len(at_half) == 460  # as the README says (a float score may fall under it)
    data = run_json(SYN, "-s", GLOBAL, "--k", "1/2", code=3)
    poor = sum(1 for _, s, _ in scores if s >= Fraction(1, 2))
    whole = data["results"][0]
    assert Fraction(whole["H_exact"]) == Fraction(poor, len(scores))
    above = sum(1 for _, s, _ in scores if s > Fraction(1, 2))
    assert Fraction(whole["H_exact"]) > Fraction(above, len(scores))


@needs_external
def test_syn_cdta_headcounts_and_contributions_match_the_reference():
    data = run_json(SYN, "-s", GLOBAL, "--k", "1/3", code=3)
    whole = data["results"][0]
    rows = []
    with SYN.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if all(row[c] != "" for c in SYN_WEIGHTS):
                rows.append({c: int(float(row[c])) for c in SYN_WEIGHTS})
    ids = [i["id"] for i in data["indicators"]]
    columns = list(SYN_WEIGHTS)
    n = len(rows)
    scores = [sum((SYN_WEIGHTS[c] * r[c] for c in columns), Fraction(0)) for r in rows]
    poor = [s >= Fraction(1, 3) for s in scores]
    m0 = sum((s for s, p in zip(scores, poor, strict=True) if p), Fraction(0)) / n
    for ind_id, col in zip(ids, columns, strict=True):
        uncensored = Fraction(sum(r[col] for r in rows), n)
        censored = Fraction(sum(r[col] for r, p in zip(rows, poor, strict=True) if p), n)
        assert Fraction(whole["uncensored_headcount_exact"][ind_id]) == uncensored
        assert Fraction(whole["censored_headcount_exact"][ind_id]) == censored
        assert Fraction(whole["contribution_exact"][ind_id]) == SYN_WEIGHTS[col] * censored / m0
    assert sum(Fraction(v) for v in whole["contribution_exact"].values()) == 1
    assert sum(Fraction(v) for v in whole["dimension_contribution_exact"].values()) == 1


# ---------------------------------------------------------------- the Vietnamese standard


def test_vn_share_with_three_deprivations_is_h_at_three_twelfths(tmp_path):
    """6 dimensions x 2 indicators: the nested default weights are 1/12 each, so a score >= 3/12
    is exactly 3 deprivations or more."""
    src = EXAMPLES / "households.csv"
    out = tmp_path / "classified.csv"
    classified = invoke("classify", src, "-s", "vn-2022-2025", "-o", out)
    assert classified.exit_code == 0, classified.stderr
    counts = pl.read_csv(out, infer_schema=False)["deprivation_count"].cast(pl.Int64)
    data = run_json(src, "-s", "vn-2022-2025", "--k", "3/12", "--k", "2/12")
    assert [i["weight_exact"] for i in data["indicators"]] == ["1/12"] * 12
    whole = pick(data, "1/4")
    assert whole["rows"] == counts.len()
    assert Fraction(whole["H_exact"]) == Fraction(int((counts >= 3).sum()), counts.len())
    assert Fraction(pick(data, "1/6")["H_exact"]) == Fraction(
        int((counts >= 2).sum()), counts.len()
    )


def test_unequal_dimensions_get_nested_default_weights():
    """vn-2027-2030 has telecom alone in its information dimension and three indicators in water
    and sanitation: nested weights are not equal weights (README, 'Weights and k')."""
    cs = compile_standard(load_checked("vn-2027-2030"))
    assert cs.weights["telecom"] == Fraction(1, 6)
    assert cs.weights["water"] == cs.weights["household_waste"] == Fraction(1, 18)
    assert cs.weights["employment"] == Fraction(1, 12)
    assert sum(cs.weights.values()) == 1


# ---------------------------------------------------------------- k, weights, missing values


@pytest.mark.parametrize(
    ("k", "exact", "h"),
    [
        ("33.33%", "3333/10000", "3/4"),
        ("1/3", "1/3", "1/2"),
        ("0.3334", "1667/5000", "1/2"),
        ("50%", "1/2", "1/2"),
        ("1", "1", "0"),
    ],
)
def test_k_is_taken_exactly_as_written(tmp_path, k, exact, h):
    """Scores 0.3333 (just under one third), 0.5, 0.6667 and 0: 33.33% is not one third."""
    std = _standard(tmp_path, "", _indicators(["0.3333", "0.1667", "0.3334", "0.1666"]))
    path = four_indicator_csv(tmp_path, ["1000", "1100", "1010", "0000"])
    whole = run_json(path, "-s", std, "--k", k)["results"][0]
    assert whole["k_exact"] == exact and whole["k_text"] == k
    assert whole["H_exact"] == h


@pytest.mark.parametrize("k", ["0", "0%", "1.5", "abc", "1/0", "-1/3", "1/3%"])
def test_a_bad_k_is_a_usage_error(tmp_path, k):
    path = four_indicator_csv(tmp_path, ["1000"])
    result = invoke("measures", path, "-s", FOUR, "--k", k)
    assert result.exit_code == 2
    assert "--k" in result.stderr


def test_no_k_anywhere_is_a_usage_error(tmp_path, household, write_csv):
    path = write_csv([household()])
    result = invoke("measures", path, "-s", "vn-2022-2025")
    assert result.exit_code == 2
    assert "missing --k: the standard 'vn-2022-2025' sets no poverty cut-off k" in result.stderr
    assert "--k 1/3" in result.stderr and "Invalid value" not in result.stderr
    vi = invoke("measures", path, "-s", "vn-2022-2025", "--lang", "vi")
    assert vi.exit_code == 2
    assert (
        "lỗi: thiếu --k: chuẩn nghèo 'vn-2022-2025' không quy định ngưỡng k; thêm, ví dụ --k 1/3"
        in vi.stderr
    )
    assert "không hợp lệ" not in vi.stderr


def test_sampling_weights_are_exact_decimals(tmp_path):
    path = tmp_path / "weighted.csv"
    path.write_text(
        'i1,i2,i3,i4,w\n1,1,0,0,0.1\n1,0,0,0,0.2\n1,1,1,0,"0,7"\n0,0,0,0,1.000000000001\n',
        encoding="utf-8",
    )
    whole = run_json(path, "-s", FOUR, "--weight", "w")["results"][0]
    total = (
        Fraction(1, 10) + Fraction(2, 10) + Fraction(7, 10) + Fraction(1_000_000_000_001, 10**12)
    )
    assert Fraction(whole["population_exact"]) == total
    assert Fraction(whole["H_exact"]) == Fraction(8, 10) / total
    m0 = (Fraction(1, 10) * Fraction(1, 2) + Fraction(7, 10) * Fraction(3, 4)) / total
    assert Fraction(whole["M0_exact"]) == m0


def test_bad_weights_are_rejected_with_reasons(tmp_path):
    path = tmp_path / "weighted.csv"
    path.write_text(
        "i1,i2,i3,i4,w\n1,1,0,0,1\n1,0,0,0,-2\n1,1,1,0,abc\n0,0,0,0,\n1,1,0,0,1.000.5\n"
        "1,1,0,0,1234567890123456789\n1,1,0,0,1e999\n1,1,0,0,nan\n1,1,0,0,.\n",
        encoding="utf-8",
    )
    result = invoke("measures", path, "-s", FOUR, "--weight", "w", "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["accounting"]["reject_reasons"] == {"w:not_a_weight": 7, "w:missing_value": 1}
    assert data["accounting"]["rows_read"] == 9 and data["accounting"]["measured"] == 1


MISSING_ROWS = "i1,i2,i3,i4\n1,1,,0\n1,,,\n,,,\n0,0,0,0\n"


def test_missing_values_are_rejected_and_counted_by_default(tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING_ROWS, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    result = invoke("measures", path, "-s", FOUR, "--rejects", rejects)
    assert result.exit_code == 3
    assert "rows read 4 = measured 1 + rejected 3" in result.stdout
    assert pl.read_csv(rejects, infer_schema=False)["row"].to_list() == ["2", "3", "4"]


def test_missing_values_counted_as_not_deprived(tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING_ROWS, encoding="utf-8")
    data = run_json(path, "-s", FOUR, "--missing", "not-deprived")
    whole = data["results"][0]
    # scores: 1/2 (i3 empty, not deprived), 1/4, 0, 0
    assert whole["rows"] == 4 and whole["H_exact"] == "1/4" and whole["A_exact"] == "1/2"
    assert whole["missing"] == {"i1": 1, "i2": 2, "i3": 3, "i4": 2}
    assert data["missing"] == "not-deprived"


def test_missing_values_reweighted(tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING_ROWS, encoding="utf-8")
    result = invoke("measures", path, "-s", FOUR, "--missing", "reweight", "--format", "json")
    assert result.exit_code == 3  # the row with no indicator at all is rejected
    data = json.loads(result.stdout)
    whole = data["results"][0]
    # scores over the weights each row has: 2/3 (i1, i2 of i1, i2, i4), 1 (i1 of i1), 0
    assert whole["rows"] == 3 and whole["H_exact"] == "2/3"
    assert whole["A_exact"] == "5/6"
    assert data["accounting"]["reject_reasons"] == {
        "i1:missing_value": 1,
        "i2:missing_value": 1,
        "i3:missing_value": 1,
        "i4:missing_value": 1,
    }
    contribution = {k: Fraction(v) for k, v in whole["contribution_exact"].items()}
    assert sum(contribution.values()) == 1
    # i1: 1/3 of row 1's 2/3 and all of row 2's 1, over 2/3 + 1
    assert contribution["i1"] == (Fraction(1, 3) + 1) / (Fraction(2, 3) + 1)


# ---------------------------------------------------------------- groups and formats


def test_group_shares_add_up(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text(
        "i1,i2,i3,i4,region\n1,1,0,0,A\n1,0,0,0,A\n1,1,1,0,B\n0,0,0,0,\n1,1,1,1,B\n",
        encoding="utf-8",
    )
    data = run_json(path, "-s", FOUR, "--by", "region")
    groups = [r for r in data["results"] if r["by"] == "region"]
    assert [g["group"] for g in groups] == ["A", "B", ""]  # a blank cell is its own group, last
    assert sum(Fraction(g["population_share_exact"]) for g in groups) == 1
    assert sum(Fraction(g["M0_share_exact"]) for g in groups) == 1
    assert "population_share" not in data["results"][0]


def test_csv_format_is_tidy(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010", "0100"])
    result = invoke("measures", path, "-s", FOUR, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(result.stdout.encode(), infer_schema=False)
    assert frame.columns == [
        "k",
        "k_exact",
        "k_text",
        "by",
        "group",
        "statistic",
        "item",
        "value",
        "exact",
    ]
    h = frame.filter(pl.col("statistic") == "H")
    assert h["exact"].to_list() == ["1/2"]
    censored = frame.filter(pl.col("statistic") == "censored_headcount")
    assert censored["item"].to_list() == ["i1", "i2", "i3", "i4"]


def test_xlsx_has_a_sheet_per_table_and_the_format_follows_the_extension(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010", "0100", "1111"])
    out = tmp_path / "report.xlsx"
    result = invoke("measures", path, "-s", FOUR, "--k", "1/4", "--k", "1/2", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "rows read 3 = measured 3 + rejected 0" in result.stdout
    import fastexcel

    book = fastexcel.read_excel(out)
    assert book.sheet_names == [
        "measures",
        "censored_headcount",
        "uncensored_headcount",
        "contribution",
        "missing",
        "dimension_contribution",
        "indicators",
        "accounting",
    ]
    measures = pl.read_excel(out, sheet_name="measures")
    assert measures["k_exact"].to_list() == ["1/4", "1/2"]
    assert measures["H_exact"].to_list() == ["1", "2/3"]
    assert not list(tmp_path.glob(".report.xlsx.*"))  # no temporary file left


def test_json_and_table_to_files(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010", "0100"])
    out = tmp_path / "r.json"
    assert invoke("measures", path, "-s", FOUR, "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["results"][0]["H_exact"] == "1/2"
    txt = tmp_path / "r.txt"
    assert invoke("measures", path, "-s", FOUR, "-o", txt).exit_code == 0
    assert "k = 1/2" in txt.read_text(encoding="utf-8")


def test_unknown_extension_without_format_is_an_unknown_output_format(tmp_path):
    # exit 4, "an unknown output format (by its extension)", as for report and compare
    path = four_indicator_csv(tmp_path, ["1010"])
    result = invoke("measures", path, "-s", FOUR, "-o", tmp_path / "r.docx")
    assert result.exit_code == 4
    assert "unknown report format '.docx' for -o" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_report_over_the_input_is_refused(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010"])
    before = path.read_bytes()
    result = invoke("measures", path, "-s", FOUR, "-o", path, "--format", "csv")
    assert result.exit_code == 4
    assert path.read_bytes() == before


def test_group_names_are_escaped_on_screen(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("i1,i2,i3,i4,region\n1,1,0,0,[bold]x[/bold]\n", encoding="utf-8")
    result = invoke("measures", path, "-s", FOUR, "--by", "region")
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/bold]" in result.stdout  # shown as written, not as markup


def test_by_and_weight_columns_must_exist(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010"])
    result = invoke("measures", path, "-s", FOUR, "--by", "province", "--weight", "w")
    assert result.exit_code == 4
    assert "--by 'province' names no column of the input" in result.stderr
    assert "--weight" not in result.stderr  # the option used, not both
    result = invoke("measures", path, "-s", FOUR, "--weight", "w")
    assert result.exit_code == 4
    assert "--weight 'w' names no column of the input" in result.stderr
    assert "--by" not in result.stderr


# ---------------------------------------------------------------- standards


def _standard(tmp_path: Path, extra: str, indicators: str | None = None) -> Path:
    text = FOUR.read_text(encoding="utf-8")
    if indicators is not None:
        start = text.index("indicators:")
        end = text.index("k: 1/2")
        text = text[:start] + indicators + text[end:]
    path = tmp_path / "std.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def _indicators(weights: list[str | None]) -> str:
    lines = ["indicators:"]
    for i, w in enumerate(weights, 1):
        weight = "" if w is None else f", weight: {w}"
        lines.append(
            f"  - {{id: i{i}, dimension: d{i}, deprived_when: i{i} == 1{weight}, "
            f"label: {{vi: x{i}, en: x{i}}}, status: secondary, reference: [alkire-foster-2011]}}"
        )
    return "\n".join(lines) + "\n"


def test_weights_as_fractions_decimals_and_numbers(tmp_path):
    path = _standard(tmp_path, "", _indicators(["1/2", "0.25", "1/8", '"0.125"']))
    cs = compile_standard(load_checked(path))
    assert list(cs.weights.values()) == [
        Fraction(1, 2),
        Fraction(1, 4),
        Fraction(1, 8),
        Fraction(1, 8),
    ]


@pytest.mark.parametrize(
    ("weights", "message", "where"),
    [
        (
            ["1/4", "1/4", "1/4", "1/5"],
            "add up to 19/20 (0.9500), 0.0500 less than exactly 1: i1 1/4, i2 1/4, i3 1/4, i4 1/5",
            "indicators",
        ),
        (["1/4", "1/4", "1/4", None], "1 do not (i4)", "indicators[3]"),
        (["1/2", "1/2", "0", "0"], "more than 0", "indicators[2].weight"),
        (["1/2", "1/2", "abc", "0"], "not a number", "indicators[2].weight"),
        (["1/2", "1/2", "0." + "0" * 34 + "1", "0"], "too many digits", "indicators[2].weight"),
        (["1/2", "1/2", "0%", "0"], "more than 0", "indicators[2].weight"),
        # relative weights, as national MPI documents give them: their total to divide by
        (
            ["3", "3", "1", "1"],
            "relative weights adding up to 8 (i1 3, i2 3, i3 1, i4 1): divide each by 8",
            "indicators",
        ),
    ],
)
def test_bad_weights_are_refused_when_the_file_loads(tmp_path, weights, message, where):
    path = _standard(tmp_path, "", _indicators(weights))
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4
    assert message in result.stderr
    assert "std.yaml:" in result.stderr and f"{where}: " in result.stderr
    assert "weight: weight" not in result.stderr  # the path names the key once


def test_weights_off_one_by_a_rounding_say_the_total_as_a_decimal_and_the_difference(tmp_path):
    """1/2 + 1/4 + 1/6 + 0.0834 (a rounded 1/12) is 1 + 1/15000: said so, to seven places."""
    path = _standard(tmp_path, "", _indicators(["1/2", "1/4", "1/6", "0.0834"]))
    result = invoke("standards", "validate", path, "--lang", "vi")
    assert result.exit_code == 4
    assert "15001/15000 (1.0000667), lớn hơn 1 đúng 0.0000667: i1 1/2" in result.stderr
    assert "i4 0.0834" in result.stderr


def test_percentage_weights_are_taken_exactly_as_written(tmp_path):
    path = _standard(tmp_path, "", _indicators(["50%", "25%", "12.5%", '"12.50%"']))
    cs = compile_standard(load_checked(path))
    assert list(cs.weights.values()) == [Fraction(1, 2), Fraction(1, 4)] + [Fraction(1, 8)] * 2
    # 16.67% is 1667/10000, not one sixth: three of them and a half are not 1
    (tmp_path / "pct").mkdir()
    path = _standard(tmp_path / "pct", "", _indicators(["16.67%", "16.67%", "16.67%", "50%"]))
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4
    assert "add up to 10001/10000 (1.000100), 0.000100 more than exactly 1" in result.stderr


@pytest.mark.parametrize("k", ["0", "2", "abc", "1/0"])
def test_a_bad_k_in_the_file_is_refused_with_its_line(tmp_path, k):
    text = FOUR.read_text(encoding="utf-8").replace("k: 1/2", f"k: {k}")
    path = tmp_path / "std.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"k: {k}") + 1
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4
    assert f"std.yaml:{line}: k:" in result.stderr


def test_class_rules_may_use_the_weighted_score_exactly(tmp_path, household, write_csv):
    """Exactly one half under the global MPI's weights (1/6 + 6 x 1/18) is poor at 1/2."""
    standard = GLOBAL.read_text(encoding="utf-8").replace(
        "k: 1/3",
        "classes:\n"
        "  - {class: poor, when: deprivation_score >= 1/2}\n"
        "  - {class: near_poor, when: deprivation_score >= 1/3}\n"
        "  - {class: not_poor, otherwise: true}\n",
    )
    std = tmp_path / "scored.yaml"
    std.write_text(standard, encoding="utf-8")
    columns = [
        "d_nutr",
        "d_cm",
        "d_satt",
        "d_educ",
        "d_elct",
        "d_sani",
        "d_wtr",
        "d_hsg",
        "d_ckfl",
        "d_asst",
    ]
    rows = [
        {
            **household(household_id="H1"),
            **dict(zip(columns, [1, 0, 0, 0, 1, 1, 1, 1, 1, 1], strict=True)),
        },
        {
            **household(household_id="H2"),
            **dict(zip(columns, [1, 0, 0, 0, 1, 1, 1, 1, 1, 0], strict=True)),
        },
        {
            **household(household_id="H3"),
            **dict(zip(columns, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0], strict=True)),
        },
    ]
    out = tmp_path / "out.csv"
    result = invoke("classify", write_csv(rows), "-s", std, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out)["class"].to_list() == ["poor", "near_poor", "near_poor"]


def test_a_pure_alkire_foster_standard_classifies_with_its_k(tmp_path):
    path = four_indicator_csv(tmp_path, ["1010", "0100", "1110"])
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", FOUR, "-o", out)
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["class"].to_list() == ["poor", "not_poor", "poor"]
    assert frame["income_line"].to_list() == [None, None, None]
    assert "rows read 3 = classified 3 + rejected 0" in result.stdout


def test_a_standard_without_classes_or_k_refuses_classify_clearly(tmp_path):
    std = tmp_path / "nok.yaml"
    std.write_text(FOUR.read_text(encoding="utf-8").replace("k: 1/2\n", ""), encoding="utf-8")
    path = four_indicator_csv(tmp_path, ["1010"])
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", std, "-o", out)
    assert result.exit_code == 4
    assert "no class rules and no k" in result.stderr
    assert not out.exists()
    # measures works with --k
    assert run_json(path, "-s", std, "--k", "1/2")["results"][0]["H_exact"] == "1"


def test_compare_and_explain_refuse_a_pure_alkire_foster_standard(tmp_path, household, write_csv):
    path = write_csv([household()])
    result = invoke("compare", path, "--base", "vn-2022-2025", "--alt", FOUR)
    assert result.exit_code == 4 and "no income_line" in result.stderr
    result = invoke("explain", path, "--id", "H1", "-s", FOUR)
    assert result.exit_code == 4 and "no income_line" in result.stderr


# ---------------------------------------------------------------- property


@st.composite
def _survey(draw):
    n = draw(st.integers(1, 30))
    rows = draw(st.lists(st.tuples(*[st.integers(0, 1)] * 4), min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 300), min_size=n, max_size=n))
    w = draw(
        st.sampled_from(
            [
                ("1/4", "1/4", "1/4", "1/4"),
                ("1/2", "1/6", "1/6", "1/6"),
                ("0.1", "0.2", "0.3", "0.4"),
            ]
        )
    )
    ks = draw(
        st.lists(
            st.sampled_from(["1/10", "1/4", "1/3", "1/2", "0.6", "70%", "1"]),
            min_size=1,
            max_size=3,
        )
    )
    return rows, groups, weights, w, ks


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_survey())
def test_measures_match_a_plain_fraction_computation(tmp_path_factory, survey):
    rows, groups, weights, w, ks = survey
    folder = tmp_path_factory.mktemp("prop")
    std = _standard(folder, "", _indicators(list(w)))
    data = folder / "d.csv"
    lines = ["i1,i2,i3,i4,g,w"] + [
        ",".join(map(str, r)) + f",{g},{x / 100}"
        for r, g, x in zip(rows, groups, weights, strict=True)
    ]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cs = compile_standard(load_checked(std))
    cutoffs = [Cutoff.parse(k) for k in ks]
    m = measure_table(
        read_table(str(data)), cs, cutoffs, by=["g"], weight="w", missing=Missing.REJECT
    )
    wf = [Fraction(x) for x in w]
    for k in cutoffs:
        for group in [None, *sorted(set(groups))]:
            idx = [i for i, g in enumerate(groups) if group is None or g == group]
            pop = sum((Fraction(weights[i], 100) for i in idx), Fraction(0))
            score = {i: sum((wf[j] * rows[i][j] for j in range(4)), Fraction(0)) for i in idx}
            poor = [i for i in idx if score[i] >= k.value]
            got = next(
                r
                for r in m.results
                if r.k is k and r.group == group and (r.by is None) == (group is None)
            )
            if pop == 0:
                assert got.H is None
                continue
            q = sum((Fraction(weights[i], 100) for i in poor), Fraction(0))
            intensity = sum((Fraction(weights[i], 100) * score[i] for i in poor), Fraction(0))
            assert (q / pop, intensity / pop) == (got.H, got.M0)
            assert (intensity / q if q else None) == got.A
            if got.M0:
                assert sum(got.contribution.values()) == 1


def test_measures_never_writes_over_the_input_or_another_output(tmp_path):
    """--rejects over the input (or over -o) is refused before any work, as classify does."""
    import shutil

    data = tmp_path / "households.csv"
    shutil.copy(EXAMPLES / "households.csv", data)
    before = data.read_bytes()
    for args in (
        ["--rejects", str(data)],
        ["--rejects", str(tmp_path / "." / "households.csv")],
        ["-o", str(tmp_path / "r.json"), "--rejects", str(tmp_path / "r.json")],
    ):
        result = runner.invoke(
            app,
            [
                "measures",
                str(data),
                "-s",
                "vn-2022-2025",
                "--k",
                "3/12",
                "--as-of",
                "2025-01-01",
                *args,
            ],
        )
        assert result.exit_code == 4, result.stderr
        assert "would overwrite" in result.stderr or "name the same file" in result.stderr
        assert data.read_bytes() == before
        assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("missing", [Missing.REJECT, Missing.NOT_DEPRIVED, Missing.REWEIGHT])
def test_many_small_batches_give_the_measures_of_one(tmp_path, monkeypatch, missing):
    """The batches' sums by pattern are merged (and grouped by score) across batches: the same
    exact figures as a single batch, with empty cells, weights and groups spread over them."""
    import random

    from mdpoverty.io import batches
    from mdpoverty.run import runner as run_runner

    rnd = random.Random(15)
    lines = ["i1,i2,i3,i4,g,w"]
    for _ in range(400):
        cells = [rnd.choice(["0", "1", "1", ""]) if rnd.random() < 0.1 else rnd.choice("01")]
        cells += [rnd.choice("001") for _ in range(3)]
        lines.append(",".join(cells) + f",{rnd.choice('abcd')},{rnd.randint(0, 500) / 100}")
    data = tmp_path / "d.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cs = compile_standard(load_checked(_standard(tmp_path, "", _indicators(["1/2"] + ["1/6"] * 3))))
    cutoffs = [Cutoff.parse(k) for k in ("1/6", "1/3", "1/2", "1")]

    def measured():
        m = measure_table(read_table(str(data)), cs, cutoffs, by=["g"], weight="w", missing=missing)
        return m.results, m.accounting

    one = measured()
    monkeypatch.setattr(batches, "BATCH_ROWS", 3)  # batches of 12 rows
    monkeypatch.setattr(run_runner, "_MERGE_EVERY", 2)  # merged often
    many = measured()
    assert many == one
    assert one[1].rows_read == 400
    assert any(r.H for r in one[0])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_data_on_standard_output_keeps_the_accounting_on_standard_error(fmt):
    result = CliRunner().invoke(
        app,
        ["measures", str(EXAMPLES / "households.csv"), "--k", "1/3", "--format", fmt],
    )
    assert result.exit_code == 0, result.output
    assert "rows read 3,000 = measured 3,000 + rejected 0 + skipped 0" in result.stderr
    assert "rows read" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["results"]


def test_a_format_that_contradicts_the_extension_is_refused(tmp_path):
    out = tmp_path / "r.csv"
    result = invoke(
        "measures", EXAMPLES / "households.csv", "--k", "1/3", "--format", "json", "-o", out
    )
    assert result.exit_code == 2
    assert "--format json contradicts -o" in result.stderr
    assert not out.exists()
    odd = invoke("measures", EXAMPLES / "households.csv", "--k", "1/3", "-o", tmp_path / "r.md")
    assert odd.exit_code == 4
    assert "unknown report format '.md' for -o" in odd.stderr
    no_file = invoke("measures", EXAMPLES / "households.csv", "--k", "1/3", "--format", "xlsx")
    assert no_file.exit_code == 2
    assert "an XLSX report needs a file" in no_file.stderr


def test_by_and_weight_take_a_column_in_any_case_as_classify_does(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(
        "household_id,Vùng,Trọng số,i1,i2,i3,i4\n1,a,2,1,0,1,0\n2,b,1,0,1,0,0\n", encoding="utf-8"
    )
    data = run_json(path, "-s", FOUR, "--by", "VUNG", "--weight", "trọng SỐ")
    groups = {(r["by"], r["group"]) for r in data["results"] if r["group"] is not None}
    assert groups == {("Vùng", "a"), ("Vùng", "b")}
    whole = next(r for r in data["results"] if r["group"] is None)
    assert whole["H_exact"] == "2/3"  # household 1 (weight 2) poor at k = 1/2, household 2 not


def test_members_match_households_whose_ids_a_survey_pads_with_spaces(tmp_path):
    """DHS writes its ids padded ('     1  1'): measures trims them as classify does before it
    finds each household's members."""
    households = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(200)
    ids = set(households.get_column("household_id"))
    members = pl.read_csv(EXAMPLES / "members.csv", infer_schema=False).filter(
        pl.col("household_id").is_in(ids)
    )
    pad = pl.lit("   ") + pl.col("household_id")
    households.with_columns(pad.alias("household_id")).write_csv(tmp_path / "h.csv")
    members.with_columns(pad.alias("household_id")).write_csv(tmp_path / "m.csv")
    args = ["--as-of", "2024-12-31", "--k", "3/12", "--members"]
    padded = run_json(tmp_path / "h.csv", *args, tmp_path / "m.csv", code=None)
    households.write_csv(tmp_path / "h2.csv")
    members.write_csv(tmp_path / "m2.csv")
    plain = run_json(tmp_path / "h2.csv", *args, tmp_path / "m2.csv", code=None)
    assert padded["results"] == plain["results"]
    assert padded["accounting"]["measured"] == plain["accounting"]["measured"] > 150


# ---------------------------------------------------------------- --by a column validation reads


def test_by_area_groups_by_the_validated_value_as_classify_does(tmp_path, household, write_csv):
    spellings = [
        "rural",
        "nong thon",
        "Nông thôn",
        " NÔNG THÔN ",
        "urban",
        "Thành thị",
        "thanh thi",
    ]
    rows = [
        household(household_id=f"H{i}", area=area, safe_water="false" if i % 2 else "true")
        for i, area in enumerate(spellings)
    ]
    path = write_csv(rows)
    data = run_json(path, "-s", "vn-2022-2025", "--k", "1/12", "--by", "area")
    groups = {r["group"]: r["rows"] for r in data["results"] if r["by"] == "area"}
    assert groups == {"rural": 4, "urban": 3}
    # the same counts as classify's
    out = tmp_path / "out.csv"
    classified = invoke("classify", path, "-o", out)
    assert classified.exit_code == 0, classified.stderr
    areas = [row["area"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    assert {a: areas.count(a) for a in set(areas)} == groups
    # and the groups' H from the validated rows: H1, H3, H5 are deprived in safe water
    assert pick(data, "1/12", "area", "rural")["H_exact"] == "1/2"
    assert pick(data, "1/12", "area", "urban")["H_exact"] == "1/3"


def test_by_columns_are_labelled_as_classify_writes_them_under_lang_vi(household, write_csv):
    rows = [
        household(household_id="H1", area="nong thon", district="Ba Chẽ"),
        household(household_id="H2", area="urban", district=" Ba Chẽ"),
        household(household_id="H3", area="", district="Cô Tô"),
    ]
    path = write_csv(rows)
    vi = invoke(
        "measures",
        path,
        "-s",
        "vn-2022-2025",
        "--k",
        "1/3",
        "--by",
        "area",
        "--by",
        "district",
        "--lang",
        "vi",
    )
    assert vi.exit_code == 0, vi.stderr
    for label in (
        "Khu vực = Nông thôn",
        "Khu vực = Thành thị",
        "Khu vực = (trống)",
        "Huyện = Ba Chẽ",
        "Huyện = Cô Tô",
    ):
        assert label in vi.stdout, vi.stdout
    assert "area =" not in vi.stdout and "nong thon" not in vi.stdout
    assert vi.stdout.count("Huyện = Ba Chẽ") == 1  # ' Ba Chẽ' trimmed, as classify reads it
    en = invoke("measures", path, "-s", "vn-2022-2025", "--k", "1/3", "--by", "area")
    assert "area = rural" in en.stdout and "area = (blank)" in en.stdout


def test_by_area_with_a_value_it_cannot_read_rejects_the_row(tmp_path, household, write_csv):
    rows = [household(household_id="H1"), household(household_id="H2", area="miền núi")]
    path = write_csv(rows)
    data = run_json(path, "-s", "vn-2022-2025", "--k", "1/3", "--by", "area", code=3)
    assert data["accounting"]["rejected"] == 1
    assert [r["group"] for r in data["results"] if r["by"] == "area"] == ["rural"]


def test_classify_writes_the_weighted_score_under_an_alkire_foster_standard(tmp_path):
    """The score a researcher reads per row: the double nearest it (so `score >= 1/3` in Stata or
    R agrees with the class at exactly k) and its exact fraction."""
    columns = ["d_nutr", "d_cm", "d_satt", "d_educ", "d_elct"]
    columns += ["d_sani", "d_wtr", "d_hsg", "d_ckfl", "d_asst"]
    rows = ["1100000000", "0010000100", "0000000000", "1111111111", "0000111110"]
    path = tmp_path / "people.csv"
    path.write_text(
        "\n".join([",".join(columns)] + [",".join(r) for r in rows]) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = invoke("classify", path, "-s", GLOBAL, "-o", out)
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(out, schema_overrides={"deprivation_score_exact": pl.String})
    exact = ["1/3", "2/9", "0", "1", "5/18"]
    assert frame["deprivation_score_exact"].to_list() == exact
    assert frame["deprivation_score"].to_list() == [float(Fraction(e)) for e in exact]
    assert frame["deprivation_score"][0] >= 1 / 3  # exactly k: poor, as the class says
    assert frame["class"].to_list() == ["poor", "not_poor", "not_poor", "poor", "not_poor"]
    # in Vietnamese, named for an office
    out_vi = tmp_path / "out_vi.csv"
    result = invoke("classify", path, "-s", GLOBAL, "-o", out_vi, "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    header = pl.read_csv(out_vi, n_rows=0).columns
    assert header[-2:] == ["Điểm thiếu hụt", "Điểm thiếu hụt (phân số)"]


def test_a_standard_without_weights_or_k_writes_no_score(tmp_path, household, write_csv):
    out = tmp_path / "out.csv"
    result = invoke("classify", write_csv([household()]), "-s", "vn-2022-2025", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert not any("score" in c for c in pl.read_csv(out, n_rows=0).columns)


def test_a_list_classified_before_keeps_its_score_and_gets_a_new_one(tmp_path):
    """Run again on its own output: the old score column is the user's, kept as it was."""
    path = four_indicator_csv(tmp_path, ["1010", "0100"])
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert invoke("classify", path, "-s", FOUR, "-o", first).exit_code == 0
    result = invoke("classify", first, "-s", FOUR, "-o", second)
    assert result.exit_code == 0, result.stderr
    frame = pl.read_csv(second, infer_schema=False)
    assert frame["deprivation_score_exact"].to_list() == ["1/2", "1/4"]
    assert frame["deprivation_score_exact (new)"].to_list() == ["1/2", "1/4"]


def test_reweighting_says_the_contributions_use_each_rows_weights(tmp_path):
    path = tmp_path / "missing.csv"
    path.write_text(MISSING_ROWS, encoding="utf-8")
    note = "Reweighted rows score over the weights they have"
    result = invoke("measures", path, "-s", FOUR, "--missing", "reweight")
    assert result.exit_code == 3 and note in " ".join(result.stdout.split())
    result = invoke("measures", path, "-s", FOUR, "--missing", "not-deprived")
    assert result.exit_code == 0 and note not in " ".join(result.stdout.split())


@needs_external
def test_syn_cdta_reweighted_contributions_add_up_to_one_though_weight_x_censored_is_not_m0():
    data = run_json(SYN, "-s", GLOBAL, "--missing", "reweight", "--k", "1/3", code=None)
    whole = pick(data, "1/3")
    contribution = [Fraction(v) for v in whole["contribution_exact"].values()]
    assert sum(contribution) == 1
    weights = [Fraction(i["weight_exact"]) for i in data["indicators"]]
    censored = [Fraction(v) for v in whole["censored_headcount_exact"].values()]
    product = sum(w * c for w, c in zip(weights, censored, strict=True))
    assert Fraction(whole["M0_exact"]) == Fraction(63847, 540000)  # the reviewer's hand count
    assert product != Fraction(whole["M0_exact"])  # why the screen says so


def test_standards_show_says_a_pure_alkire_foster_standard_has_no_parameters():
    result = invoke("standards", "show", GLOBAL)
    assert result.exit_code == 0, result.stderr
    assert "Parameters: none" in result.stdout
    assert "┃ name" not in result.stdout  # no empty table of parameters
