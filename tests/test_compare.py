"""`mdpoverty compare`: one result structure, several renderers, and the real story."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.cli.render_compare import report, to_csv, to_json
from mdpoverty.compare.comparison import compare_table
from mdpoverty.engine.classifier import compile_standard
from mdpoverty.io.readers import read_table
from mdpoverty.standard.loader import load_standard

from .conftest import EXAMPLES
from .test_engine_matches_law import households
from .test_properties import full, higher_lines_standard

runner = CliRunner()
SAMPLE = EXAMPLES / "households.csv"
CLASSES = ("poor", "near_poor", "average", "not_poor")


def _compare(path=SAMPLE, base="vn-2022-2025", alt="quangninh-2023-2025", **kw):
    return compare_table(
        read_table(str(path)),
        compile_standard(load_standard(base)),
        compile_standard(load_standard(alt)),
        **kw,
    )


def test_json_and_table_agree_from_one_run():
    result = _compare(by=["district"])
    data = json.loads(to_json(result))
    console = Console(record=True, width=200)
    report(result, console)
    text = console.export_text()
    # a column of a class alt cannot give (Quảng Ninh has no average band) is null
    assert data["matrix"] == {
        b: {a: n if a in result.alt_classes else None for a, n in row.items()}
        for b, row in result.matrix.items()
    }
    assert data["households"] == result.households == 3000
    for cls, counts in data["totals"].items():
        if cls in result.alt_classes:
            assert f"{counts['alt']:,}" in text
    # every matrix cell of the JSON is a cell of the table's matrix, row by row
    matrix_lines = text.split("Transition matrix")[1].split("worse off")[0].splitlines()
    for base_cls, row in data["matrix"].items():
        label = {"near_poor": "near-poor", "not_poor": "not poor"}.get(base_cls, base_cls)
        line = next(x for x in matrix_lines if x.startswith(f"│ {label} "))
        cells = [c.strip() for c in line.split("│")[2:-2]]
        assert cells == [f"{row[a]:,}" for a in data["alt_classes"]]
    cells = [n for r in data["matrix"].values() for n in r.values() if n is not None]
    assert data["matrix_total"] == sum(cells) == 3000
    districts = [g["group"] for g in data["breakdowns"]["district"]]
    for g in districts[:5]:
        assert g in text


def test_parameter_diff_shows_the_ratios():
    result = _compare()
    rows = {d.item: d for d in result.parameter_diff}
    assert (rows["income_line.rural"].base, rows["income_line.rural"].alt) == (
        1500000,
        2100000,
    )
    assert round(rows["income_line.rural"].ratio, 2) == 1.4
    assert round(rows["income_line.urban"].ratio, 2) == 1.3
    assert rows["average"].kind == "class_rule" and rows["average"].alt is None
    out = runner.invoke(app, ["standards", "diff", "vn-2022-2025", "quangninh-2023-2025"])
    assert out.exit_code == 0
    assert "1.40x" in out.stdout and "1.30x" in out.stdout


def test_changes_file_lists_every_household_whose_class_differs(tmp_path):
    changes = tmp_path / "changes.csv"
    out = runner.invoke(
        app, ["compare", str(SAMPLE), "--as-of", "2024-12-31", "--changes", str(changes)]
    )
    assert out.exit_code == 0, out.stderr
    frame = pl.read_csv(changes, infer_schema=False)
    result = _compare()
    assert frame.height == result.changed
    assert (frame["class_vn-2022-2025"] != frame["class_quangninh-2023-2025"]).all()
    assert set(frame["direction"]) <= {"worse", "same status"}
    for col in (
        "household_id",
        "district",
        "commune",
        "income_line_vn-2022-2025",
        "deprived_quangninh-2023-2025",
    ):
        assert col in frame.columns


def test_csv_output_is_tidy():
    result = _compare(by=["area"])
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    sections = {r["section"] for r in rows}
    assert sections == {
        "parameter_diff",
        "totals",
        "matrix",
        "breakdown",
        "deprivation_rates",
        "accounting",
    }
    accounting = {r["item"]: int(r["households"]) for r in rows if r["section"] == "accounting"}
    assert accounting == {"rows_read": 3000, "compared": 3000, "rejected": 0, "skipped": 0}
    matrix = [r for r in rows if r["section"] == "matrix"]
    assert sum(int(r["households"] or 0) for r in matrix) == 3000
    # a cell of a class alt cannot give is empty, never 0
    assert {r["households"] for r in matrix if r["alt_class"] == "average"} == {""}
    cli = runner.invoke(app, ["compare", str(SAMPLE), "--as-of", "2024-12-31", "--format", "csv"])
    assert cli.stdout == to_csv(_compare())


def test_default_alt_needs_one_province_and_a_standard_in_force(tmp_path):
    out = runner.invoke(app, ["compare", str(SAMPLE), "--as-of", "2026-11-29"])
    assert out.exit_code == 4
    assert "no shipped standard for Quảng Ninh is in force on 2026-11-29" in out.stderr
    assert "quangninh-2023-2025 (2023-03-30 to 2025-12-31)" in out.stderr
    frame = pl.read_csv(SAMPLE, infer_schema=False, n_rows=20).with_columns(
        province=pl.when(pl.int_range(pl.len()) % 2 == 0)
        .then(pl.lit("Hà Nội"))
        .otherwise(pl.col("province"))
    )
    two = tmp_path / "two.csv"
    frame.write_csv(two)
    out = runner.invoke(app, ["compare", str(two), "--as-of", "2024-01-01"])
    assert out.exit_code == 4 and "the data names 2 provinces" in out.stderr


def _dong_nai_population(path: Path, households: int = 4000) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "generate_dongnai.py"),
            "--households",
            str(households),
            "-o",
            str(path),
        ],
        check=True,
    )
    return path


def test_dong_nai_generator_is_seeded(tmp_path):
    a = _dong_nai_population(tmp_path / "a.csv", 500)
    b = _dong_nai_population(tmp_path / "b.csv", 500)
    assert a.read_bytes() == b.read_bytes()
    frame = pl.read_csv(a, infer_schema=False)
    assert frame.height == 500 and set(frame["province"]) == {"Đồng Nai"}


def test_compare_defaults_to_dong_nai_for_dong_nai_data(tmp_path):
    """The alt standard is the one of the province named in the data; its classes agree with
    the independent reading of both standards, household by household."""
    from . import reference

    data = _dong_nai_population(tmp_path / "dongnai.csv")
    out = runner.invoke(app, ["compare", str(data), "--as-of", "2024-12-31", "--format", "json"])
    assert out.exit_code == 0, out.stderr
    result = json.loads(out.stdout)
    assert (result["base"]["id"], result["alt"]["id"]) == ("vn-2022-2025", "dongnai-2022-2025")
    rows = pl.read_csv(data, infer_schema=False).to_dicts()
    for row in rows:
        for key, value in row.items():
            if value in ("true", "false"):
                row[key] = value == "true"
            elif key not in ("household_id", "province", "district", "commune", "area"):
                row[key] = int(value) if value.isdigit() else Decimal(value)
    want = {
        (reference.classify(r, "vn-2022-2025"), reference.classify(r, "dongnai-2022-2025"))
        for r in rows
    }
    got = {(b, a) for b, row in result["matrix"].items() for a, n in row.items() if n}
    assert got == want
    expected_totals = {
        std: {c: sum(reference.classify(r, std) == c for r in rows) for c in CLASSES}
        for std in ("vn-2022-2025", "dongnai-2022-2025")
    }
    for cls in CLASSES:
        assert result["totals"][cls] == {
            "base": expected_totals["vn-2022-2025"][cls],
            "alt": expected_totals["dongnai-2022-2025"][cls],
        }
    assert result["totals"]["poor"]["alt"] > result["totals"]["poor"]["base"]
    assert result["better"] == 0 and result["matrix_total"] == 4000
    diff = {d["item"]: (d["base"], d["alt"]) for d in result["parameter_diff"]}
    assert diff["deprivation_cutoff"] == (3, 2)  # JSON numbers, not text
    assert diff["average_band_top.urban"] == (3000000, 3750000)
    # after 2025 no Đồng Nai standard is in force: the message says so and lists the choices
    late = runner.invoke(app, ["compare", str(data), "--as-of", "2026-03-01"])
    assert late.exit_code == 4
    assert "no shipped standard for Đồng Nai is in force on 2026-03-01" in late.stderr
    assert "dongnai-2022-2025 (2022-08-10 to 2025-12-31)" in late.stderr


def test_spellings_of_one_province_and_blank_cells_count_as_one_province(tmp_path):
    frame = pl.read_csv(_dong_nai_population(tmp_path / "dn.csv", 40), infer_schema=False)
    spellings = ["Đồng Nai", "Tỉnh Đồng Nai", "DONG NAI", " đồng nai ", ""]
    frame = frame.with_columns(
        province=pl.Series([spellings[i % len(spellings)] for i in range(frame.height)])
    )
    mixed = tmp_path / "mixed.csv"
    frame.write_csv(mixed)
    out = runner.invoke(app, ["compare", str(mixed), "--as-of", "2024-12-31", "--format", "json"])
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["alt"]["id"] == "dongnai-2022-2025"


def test_two_provinces_are_listed_and_the_user_told_to_pass_alt(tmp_path):
    dong_nai = pl.read_csv(_dong_nai_population(tmp_path / "dn.csv", 30), infer_schema=False)
    quang_ninh = pl.read_csv(SAMPLE, infer_schema=False, n_rows=20).select(dong_nai.columns)
    hcm = dong_nai.head(5).with_columns(
        household_id=pl.lit("HCM") + pl.col("household_id"), province=pl.lit("[red]TP. HCM")
    )
    both = tmp_path / "both.csv"
    pl.concat([dong_nai, quang_ninh, hcm]).write_csv(both)
    out = runner.invoke(app, ["compare", str(both), "--as-of", "2024-12-31"])
    assert out.exit_code == 4
    assert out.stdout == ""
    message = " ".join(out.stderr.split())
    assert (
        "no --alt given and the data names 3 provinces: Đồng Nai (30 rows), Quảng Ninh (20 rows),"
        " [red]TP. HCM (5 rows)." in message  # user text shown as text, never as markup
    )
    assert "compare one province at a time" in message and "pass --alt" in message
    assert (
        "in force on 2024-12-31: dongnai-2022-2025 for Đồng Nai, quangninh-2023-2025 for "
        "Quảng Ninh." in message
    )
    # naming the alternative is the way through
    ok = runner.invoke(
        app, ["compare", str(both), "--as-of", "2024-12-31", "--alt", "dongnai-2022-2025"]
    )
    assert ok.exit_code == 0, ok.stderr


def test_same_standard_twice_is_refused():
    out = runner.invoke(
        app, ["compare", str(SAMPLE), "--base", "vn-2022-2025", "--alt", "vn-2022-2025"]
    )
    assert out.exit_code == 4 and "the same standard" in out.stderr


def test_full_synthetic_population_tells_the_reported_story(tmp_path):
    """384,000 households: national 0 poor / 925 near-poor, provincial 246 / 3,063."""
    full_csv = tmp_path / "quangninh.csv"
    subprocess.run(
        [sys.executable, str(EXAMPLES / "generate_quangninh.py"), "-o", str(full_csv)], check=True
    )
    out_json = tmp_path / "cmp.json"
    result = runner.invoke(
        app,
        [
            "compare",
            str(full_csv),
            "--as-of",
            "2024-12-31",
            "--by",
            "district",
            "--format",
            "json",
            "-o",
            str(out_json),
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["households"] == 384_000
    assert data["totals"]["poor"] == {"base": 0, "alt": 246}
    assert data["totals"]["near_poor"] == {"base": 925, "alt": 3063}
    assert data["matrix_total"] == 384_000 == data["accounting"]["rows_read"]
    assert data["better"] == 0
    assert len(data["breakdowns"]["district"]) == 13
    assert {d["item"] for d in data["parameter_diff"]} >= {"income_line.rural", "income_line.urban"}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(households(), min_size=1, max_size=30),
    up_rural=st.integers(0, 3_000_000),
    up_urban=st.integers(0, 3_000_000),
)
def test_nobody_is_better_off_under_higher_lines_with_the_same_indicators(rows, up_rural, up_urban):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        data = folder / "h.csv"
        records = [{**full(h, {}), "household_id": f"H{i}"} for i, h in enumerate(rows)]
        with data.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        higher = higher_lines_standard(folder, 1_500_000 + up_rural, 2_000_000 + up_urban)
        for alt in (str(higher), "quangninh-2023-2025"):
            result = _compare(data, alt=alt)
            assert result.better == 0
            assert result.matrix_total == len(rows)


def test_many_provinces_are_listed_ten_at_most(tmp_path):
    frame = pl.read_csv(SAMPLE, infer_schema=False, n_rows=24).with_columns(
        province=pl.Series([f"Tỉnh {chr(65 + i // 2)}" for i in range(24)])
    )
    many = tmp_path / "many.csv"
    frame.write_csv(many)
    out = runner.invoke(app, ["compare", str(many), "--as-of", "2024-12-31"])
    assert out.exit_code == 4
    message = " ".join(out.stderr.split())
    assert "the data names 12 provinces: Tỉnh A (2 rows), Tỉnh B (2 rows)," in message
    assert "Tỉnh J (2 rows) and 2 more." in message and "Tỉnh K" not in message
    assert "in force on" not in message  # none of them has a shipped standard


def test_look_alike_spellings_are_one_province_and_blank_rows_are_counted(tmp_path):
    frame = pl.read_csv(_dong_nai_population(tmp_path / "dn.csv", 30), infer_schema=False)
    # 'Ð' (eth, cp1258's Đ read as Latin-1) and a zero-width space are the same province
    spellings = ["Đồng Nai", "\u00d0ồng Nai", "Đồng Nai\u200b", ""]
    frame = frame.with_columns(
        province=pl.Series([spellings[i % len(spellings)] for i in range(frame.height)])
    )
    odd = tmp_path / "odd.csv"
    frame.write_csv(odd)
    out = runner.invoke(app, ["compare", str(odd), "--as-of", "2024-12-31", "--format", "json"])
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["alt"]["id"] == "dongnai-2022-2025"
    assert "note: 7 rows with no province are compared under dongnai-2022-2025 too" in out.stderr


def test_thousands_of_provinces_and_long_names_give_a_short_message(tmp_path):
    frame = pl.read_csv(SAMPLE, infer_schema=False, n_rows=3000)
    names = [f"P{i}" for i in range(2999)] + ["X" * 100_000 + "\u200b"]
    wrong = tmp_path / "wrong.csv"
    frame.with_columns(province=pl.Series(names)).write_csv(wrong)
    out = runner.invoke(app, ["compare", str(wrong), "--as-of", "2024-12-31"])
    assert out.exit_code == 4
    assert "the data names 3,000 provinces" in out.stderr
    assert "(1 row)" in out.stderr and "(1 rows)" not in out.stderr
    assert "and 2,990 more" in out.stderr
    assert len(out.stderr) < 5_000  # no name is echoed whole


def test_parameter_diff_leaves_out_what_a_standard_never_applies():
    from mdpoverty.standard.diff import diff_standards

    base, alt = load_standard("vn-2022-2025").model, load_standard("quangninh-2023-2025").model
    rows = {r.item: r for r in diff_standards(base, alt)}
    # Quảng Ninh inherits the national average band's parameter but has no average class
    assert rows["average_band_top.rural"].base == 2_250_000
    assert rows["average_band_top.rural"].alt is None
    assert rows["average"].alt is None
    assert rows["income_line.rural"].alt == 2_100_000


def test_the_no_province_note_and_a_mapping_note_follow_lang(tmp_path):
    frame = pl.read_csv(_dong_nai_population(tmp_path / "dn.csv", 30), infer_schema=False)
    frame = frame.with_columns(
        province=pl.Series(["Đồng Nai" if i % 3 else "" for i in range(frame.height)])
    )
    odd = tmp_path / "odd.csv"
    frame.write_csv(odd)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Không có cột này: household_size\n", encoding="utf-8")
    args = ["compare", str(odd), "--as-of", "2024-12-31", "--format", "json", "--columns"]
    vi = runner.invoke(app, [*args, str(mapping), "--lang", "vi"])
    assert vi.exit_code == 0, vi.stderr
    assert "lưu ý: 10 dòng không có tỉnh cũng được so sánh theo dongnai-2022-2025" in vi.stderr
    assert "lưu ý:" in vi.stderr and "tệp ánh xạ gán 'Không có cột này' cho household_size" in (
        vi.stderr
    )
    assert "note:" not in vi.stderr and "the mapping gives" not in vi.stderr
    en = runner.invoke(app, [*args, str(mapping)])
    assert "note: 10 rows with no province" in en.stderr and "the mapping gives" in en.stderr
