"""A division whose divisor is 0 for every household (a literal 0, constants that make 0, a
parameter that is 0), or for every household of an area (a parameter by area that is 0 there),
is refused when the standard loads: its result would be unknown for each of them, and a class
rule of it never true (`income_per_capita_month / 0 <= income_line` made everyone not poor)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.engine.expressions import Kind, Q, Symbol, compile_expression
from mdpoverty.errors import ExpressionError

from .conftest import ROOT

runner = CliRunner()


def _param(value: int) -> Symbol:
    return Symbol(Kind.NUM, lambda: Q(pl.lit(value), 1, abs(value)), "parameter", Fraction(value))


def _by_area(values: dict[str, int]) -> Symbol:
    def build() -> Q:
        expr = None
        for area, v in values.items():
            cond = pl.col("area") == area
            expr = pl.when(cond).then(v) if expr is None else expr.when(cond).then(v)
        return Q(expr, 1, max(abs(v) for v in values.values()))

    fracs = {k: Fraction(v) for k, v in values.items()}
    return Symbol(Kind.NUM, build, "parameter by area", None, fracs)


SYMBOLS = {
    "a": Symbol(Kind.NUM, lambda: Q(pl.col("a"), bound=10**12), "column"),
    "b": Symbol(Kind.NUM, lambda: Q(pl.col("b"), bound=10**12), "column"),
    "cutoff": _param(2),
    "line": _by_area({"rural": 2_000_000, "urban": 2_500_000}),
    "bonus": _by_area({"rural": 0, "urban": 10}),
}


@pytest.mark.parametrize(
    "text",
    [
        "a / 0 <= 5",
        "a / 0.0 <= 5",
        "a / (2 - 2) <= 5",
        "a / -(1 - 1) <= 5",
        "a / (3 * 0) <= 5",
        "a / (cutoff - 2) <= 5",
        "a / max(0, -1, 0 * 3) <= 5",
        "a / abs(cutoff - cutoff) <= 5",
        "a / (0 / 7) <= 5",
        "min(a, b / (cutoff * 0)) <= 5",
    ],
)
def test_a_divisor_zero_for_every_household_is_refused(text):
    with pytest.raises(ExpressionError) as refused:
        compile_expression(text, SYMBOLS)
    assert refused.value.key == "expression.division_by_zero"
    assert "a division by zero" in refused.value.message
    assert text[refused.value.position] == "/"  # the caret under the '/' that divides by 0


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("a / bonus <= 5", "rural"),
        ("a / (line - 2000000) <= 5", "rural"),
        ("a / (line - line) <= 5", "rural, urban"),
        ("a / (bonus * cutoff) <= 5", "rural"),
        ("a / min(bonus, 10) <= 5", "rural"),
    ],
)
def test_a_divisor_zero_in_some_area_is_refused_naming_it(text, areas):
    with pytest.raises(ExpressionError) as refused:
        compile_expression(text, SYMBOLS)
    assert refused.value.key == "expression.division_by_zero_in_area"
    assert refused.value.params == {"areas": areas}


@pytest.mark.parametrize(
    "text",
    ["a / 2 <= 5", "a / (cutoff - 1) <= 5", "a / line <= 5", "a / (bonus + 1) <= 5", "a / b <= 5"],
)
def test_a_divisor_never_zero_or_a_column_compiles(text):
    compile_expression(text, SYMBOLS)  # a column that is 0 on a row: unknown there


def test_a_standard_dividing_by_zero_is_refused_when_it_loads(tmp_path: Path):
    text = (ROOT / "thresholds" / "dongnai-2022-2025.yaml").read_text(encoding="utf-8")
    rule = "income_per_capita_month <= income_line and deprivation_count >= deprivation_cutoff"
    assert rule in text
    for i, (divided, said) in enumerate(
        [
            ("income_per_capita_month / 0 <= income_line", "is 0 for every household"),
            ("income_per_capita_month / (income_line - 2000000) <= 2", "is 0 in the area rural"),
        ]
    ):
        path = tmp_path / f"d{i}.yaml"
        path.write_text(
            text.replace("id: dongnai-2022-2025", "id: t-x").replace(rule, divided, 1),
            encoding="utf-8",
        )
        result = runner.invoke(app, ["standards", "validate", str(path)])
        assert result.exit_code == 4, result.stdout
        assert said in " ".join(result.stderr.split())
        vi = runner.invoke(app, ["standards", "validate", str(path), "--lang", "vi"])
        assert vi.exit_code == 4
        assert "phép chia cho 0" in vi.stderr


# --- a divisor that is 0 on some rows: those rows are rejected, never classified as if false

RULE = "income_per_capita_month <= income_line and deprivation_count >= deprivation_cutoff"


def _standard(tmp_path: Path, rule: str) -> Path:
    text = (ROOT / "thresholds" / "dongnai-2022-2025.yaml").read_text(encoding="utf-8")
    path = tmp_path / "t.yaml"
    path.write_text(
        text.replace("id: dongnai-2022-2025", "id: t-x").replace(RULE, rule, 1), encoding="utf-8"
    )
    return path


def _households(write_csv, household) -> Path:
    # H1, H3: 2 people (the divisor below is 0); H2: 4 people; H3 has an income left blank
    return write_csv(
        [
            household(household_id="H1", household_size=2),
            household(household_id="H2", household_size=4),
            household(household_id="H3", household_size=2, income_per_capita_month=""),
        ]
    )


def test_a_row_whose_rule_divides_by_zero_is_rejected_citing_the_column(
    tmp_path, write_csv, household
):
    import polars as pl

    std = _standard(tmp_path, "income_per_capita_month / (household_size - 2) <= income_line")
    src = _households(write_csv, household)
    out = tmp_path / "kq.csv"
    argv = ["classify", str(src), "-s", str(std), "-o", str(out), "--as-of", "2024-12-31"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 3, result.stderr
    kq = pl.read_csv(out, infer_schema=False)
    assert kq["household_id"].to_list() == ["H2"]  # 1,000,000 / 2 <= 2,000,000: poor
    assert kq["class"].to_list() == ["poor"]
    rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
    assert dict(zip(rejects["household_id"], rejects["errors"], strict=True)) == {
        "H1": "household_size:division_by_zero",
        "H3": "income_per_capita_month:missing_value",  # its own reason alone
    }
    said = " ".join((result.stdout + result.stderr).split())
    assert "rows read 3 = classified 1 + rejected 2" in said
    assert "a rule of the standard divides by a value made from it, 0 on this row" in said
    vi = runner.invoke(app, [*argv, "--lang", "vi"])
    assert "một quy tắc của chuẩn chia cho một giá trị tính từ cột này" in " ".join(
        (vi.stdout + vi.stderr).split()
    )


def test_a_division_guarded_or_not_reached_rejects_nothing(tmp_path, write_csv, household):
    import polars as pl

    src = _households(write_csv, household)
    for rule in [
        # guarded: false and unknown is false
        "household_size != 2 and income_per_capita_month / (household_size - 2) <= income_line",
        "household_size == 2 or income_per_capita_month / (household_size - 2) <= income_line",
    ]:
        std = _standard(tmp_path, rule)
        out = tmp_path / "kq.csv"
        argv = ["classify", str(src), "-s", str(std), "-o", str(out), "--as-of", "2024-12-31"]
        result = runner.invoke(app, argv)
        assert result.exit_code == 3, result.stderr  # H3's blank income only
        rejects = pl.read_csv(tmp_path / "kq_rejects.csv", infer_schema=False)
        assert rejects["household_id"].to_list() == ["H3"]
        kq = pl.read_csv(out, infer_schema=False)
        assert dict(zip(kq["household_id"], kq["class"], strict=True)) == {
            "H1": "poor" if "==" in rule else "near_poor",  # 1,000,000 <= the line
            "H2": "poor",
        }


def test_compare_rejects_a_row_either_standard_leaves_unknown(tmp_path, write_csv, household):
    std = _standard(tmp_path, "income_per_capita_month / (household_size - 2) <= income_line")
    src = _households(write_csv, household)
    argv = ["compare", str(src), "--base", "vn-2022-2025", "--alt", str(std)]
    result = runner.invoke(app, [*argv, "--as-of", "2024-12-31", "--format", "json"])
    assert result.exit_code == 3, result.stderr
    assert "household_size:division_by_zero" in result.stdout
    # both standards dividing so: the row's reason is said once
    other = std.with_name("t2.yaml")
    other.write_text(std.read_text(encoding="utf-8").replace("id: t-x", "id: t-y"), "utf-8")
    rejects = tmp_path / "r.csv"
    argv = ["compare", str(src), "--base", str(std), "--alt", str(other), "--rejects", str(rejects)]
    both = runner.invoke(app, [*argv, "--as-of", "2024-12-31"])
    assert both.exit_code == 3, both.stderr
    said = rejects.read_text(encoding="utf-8")
    assert "household_size:division_by_zero," in said and "division_by_zero;" not in said
