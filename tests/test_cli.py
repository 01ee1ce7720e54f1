"""The command as a user meets it: CliRunner with stdout and stderr kept apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_classify_golden_file_two_standards(tmp_path):
    out = tmp_path / "out.csv"
    result = invoke(
        "classify",
        str(GOLDEN / "small.csv"),
        "-s",
        "vn-2022-2025",
        "-s",
        "quangninh-2023-2025",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (GOLDEN / "small_classified.csv").read_text(
        encoding="utf-8"
    )
    assert "rows read 8 = classified 8 + rejected 0" in result.stdout
    assert result.stderr == ""


def test_classify_default_standard_and_default_output(tmp_path):
    src = tmp_path / "hh.csv"
    shutil.copy(GOLDEN / "small.csv", src)
    result = invoke("classify", str(src), "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.stderr
    out = pl.read_csv(tmp_path / "hh_classified.csv", infer_schema=False)
    assert out["class"].to_list() == [
        "poor",
        "average",
        "near_poor",
        "average",
        "average",
        "average",
        "not_poor",
        "near_poor",
    ]
    assert "vn-2022-2025" in result.stdout
    assert not (tmp_path / "hh_rejects.csv").exists()


def test_summary_counts_by_area(tmp_path):
    result = invoke(
        "classify",
        str(GOLDEN / "small.csv"),
        "-o",
        str(tmp_path / "o.csv"),
        "--as-of",
        "2025-01-01",
    )
    lines = [
        line for line in result.stdout.splitlines() if "poor · nghèo" in line and "near" not in line
    ]
    # poor: 1 overall, 1 rural, 0 urban
    cells = [c.strip() for c in lines[0].split("│") if c.strip()]
    assert cells[1:] == ["1", "12.50%", "1", "25.00%", "0", "0.00%"]


def test_stdout_output_keeps_the_summary_on_stderr():
    result = invoke("classify", str(GOLDEN / "small.csv"), "-o", "-", "--as-of", "2025-01-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("household_id,province")
    assert len(result.stdout.splitlines()) == 9
    assert "rows read 8" in result.stderr


@pytest.mark.parametrize("suffix", [".parquet", ".json", ".xlsx"])
def test_other_output_formats_hold_the_same_classes(tmp_path, suffix):
    out = tmp_path / f"o{suffix}"
    assert (
        invoke(
            "classify", str(GOLDEN / "small.csv"), "-o", str(out), "--as-of", "2025-01-01"
        ).exit_code
        == 0
    )
    readers = {
        ".parquet": pl.read_parquet,
        ".json": lambda p: pl.DataFrame(json.loads(p.read_text())),
        ".xlsx": pl.read_excel,
    }
    frame = readers[suffix](out)
    assert frame["class"].to_list()[:3] == ["poor", "average", "near_poor"]
    assert frame["deprivation_count"].to_list()[0] == 3


def test_rejected_rows_exit_3_and_reconcile(tmp_path, write_csv, household):
    rows = [
        household(household_id="A"),
        household(household_id="B", income_per_capita_month="abc"),
        household(household_id="C", area="suburb"),
        household(household_id="D", dependents=9),
    ]
    path = write_csv(rows)
    result = invoke("classify", str(path), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 3
    assert "rows read 4 = classified 1 + rejected 3" in result.stdout
    assert "row 3, column 'income_per_capita_month': not a number" in result.stdout
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["3", "4", "5"]
    assert rejects["errors"].to_list() == [
        "income_per_capita_month:not_a_number",
        "area:unknown_category",
        "dependents:more_than_household_size",
    ]
    assert rejects["income_per_capita_month"].to_list()[0] == "abc"  # raw text kept


def test_missing_columns_listed_with_exit_4(tmp_path, write_csv, household):
    row = household()
    row["aera"] = row.pop("area")
    del row["safe_water"]
    path = write_csv([row])
    result = invoke("classify", str(path), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4
    assert "2 required columns missing: area, safe_water" in result.stderr
    assert "did you mean 'aera'" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_output_over_input_is_refused(tmp_path):
    src = tmp_path / "hh.csv"
    shutil.copy(GOLDEN / "small.csv", src)
    before = src.read_bytes()
    result = invoke("classify", str(src), "-o", str(src))
    assert result.exit_code == 4
    assert "overwrite the input" in result.stderr
    assert src.read_bytes() == before


def test_bad_standard_file_exit_4_with_location(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nid: x\nid: y\n", encoding="utf-8")
    result = invoke(
        "classify", str(GOLDEN / "small.csv"), "-s", str(bad), "-o", str(tmp_path / "o.csv")
    )
    assert result.exit_code == 4
    assert "bad.yaml:3: id: duplicate key 'id'" in result.stderr


def test_debug_shows_traceback(tmp_path):
    result = invoke("--debug", "classify", str(tmp_path / "nope.csv"))
    assert result.exit_code == 4
    assert "Traceback" in result.stderr
    assert "file not found" in result.stderr


def test_explain_in_vietnamese_and_english():
    vi = invoke(
        "explain", str(GOLDEN / "small.csv"), "--id", "02", "--lang", "vi", "--as-of", "2025-01-01"
    )
    assert vi.exit_code == 0, vi.stderr
    assert "Phân loại: Hộ có mức sống trung bình, theo quy tắc 3" in vi.stdout
    assert "với giá trị của hộ: 1.500.001 đ ≤ 2.250.000 đ" in vi.stdout
    assert "cao hơn chuẩn" in vi.stdout
    en = invoke("explain", str(GOLDEN / "small.csv"), "--id", "02", "-s", "quangninh-2023-2025")
    assert "Class: Poor (poor), by rule 1" in en.stdout
    assert "line applied (rural): 2,100,000 VND: at or below the line" in en.stdout
    data = json.loads(
        invoke(
            "explain", str(GOLDEN / "small.csv"), "--id", "02", "--json", "-s", "vn-2022-2025"
        ).stdout
    )
    verdicts = {v["id"]: v["deprived"] for v in data[0]["indicators"]}
    assert [k for k, v in verdicts.items() if v] == ["employment", "health_insurance", "sanitation"]
    assert data[0]["income_line"] == 1500000


def test_explain_unknown_household():
    result = invoke("explain", str(GOLDEN / "small.csv"), "--id", "999")
    assert result.exit_code == 4
    assert "no household with household_id '999'" in result.stderr


def test_standards_commands():
    listed = invoke("standards", "list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["id", "jurisdiction", "valid", "status", "version", "title"]
    by_id = {line.split()[0]: line for line in lines[1:]}
    assert sorted(by_id) == [
        "dongnai-2022-2025",
        "hochiminh-2024-2025",
        "quangninh-2023-2025",
        "vn-2016-2020",
        "vn-2022-2025",
        "vn-2027-2030",
    ]
    assert by_id["quangninh-2023-2025"].split()[1] == "Quảng"  # province, not VN
    assert "provisional" in by_id["vn-2027-2030"].lower()
    assert "provisional" not in by_id["vn-2022-2025"].lower()
    # columns line up: every row's columns start where the header's do
    for head in ("jurisdiction", "valid", "status", "version"):
        start = lines[0].index(head)
        assert all(line[start - 2 : start] == "  " and line[start] != " " for line in lines[1:])
    status = {k: v[lines[0].index("status") :].split("  ")[0] for k, v in by_id.items()}
    assert status == {
        "dongnai-2022-2025": "settled, line news",
        "hochiminh-2024-2025": "provisional, line news",
        "quangninh-2023-2025": "settled, line news",
        "vn-2016-2020": "settled, line legal",
        "vn-2022-2025": "settled, line legal",
        "vn-2027-2030": "provisional, line news",
    }
    assert "Đồng Nai" in by_id["dongnai-2022-2025"]
    assert "2022-08-10 to 2025-12-31" in by_id["dongnai-2022-2025"]
    assert "Hồ Chí Minh" in by_id["hochiminh-2024-2025"]
    shown = invoke("standards", "show", "quangninh-2023-2025")
    # one area a line, so the value column stays narrow enough for the status beside it
    assert "│ rural 2,100,000 │" in shown.stdout and "│ urban 2,600,000 │" in shown.stdout
    assert "extends vn-2022-2025" in shown.stdout
    valid = invoke(
        "standards", "validate", str(Path(__file__).parent / "standards" / "hcmc-like.yaml")
    )
    assert valid.exit_code == 0 and "ok" in valid.stdout
    schema = json.loads(invoke("standards", "schema").stdout)
    assert schema["title"].startswith("mdpoverty standard file")


def test_standards_test_command_reports_failures(tmp_path):
    cases = tmp_path / "c.yaml"
    cases.write_text(
        "standard: vn-2022-2025\ncases:\n  - name: wrong on purpose\n    input: {household_id: x, area: rural,"
        " household_size: 1, income_per_capita_month: 1, working_age_unemployed: 0, dependents: 0,"
        " children_under16_malnourished: 0, members_6plus_without_health_insurance: 0,"
        " members_16_30_lacking_education: 0, children_3_15_not_in_school: 0,"
        " non_durable_main_structures: 0, floor_area_m2: 10, safe_water: true, sanitary_latrine: true,"
        " uses_internet: true, has_information_device: true}\n    expected: {class: poor}\n",
        encoding="utf-8",
    )
    result = invoke("standards", "test", str(cases))
    assert result.exit_code == 3  # 1 is for internal errors only
    assert "class: expected poor, got near_poor" in result.stdout


def test_template_writes_header_and_describes(tmp_path):
    out = tmp_path / "t.csv"
    result = invoke("template", str(out), "--headers", "vi")
    assert result.exit_code == 0
    header = out.read_text(encoding="utf-8").strip().split(",")
    assert header[:2] == ["Mã hộ", "Tỉnh"]
    assert "Thu nhập bình quân đầu người/tháng" in header
    assert "income_per_capita_month" in result.stdout
    # what the employment and dependants columns count, with how sure that is (a wide
    # terminal, so each description is one line under its column's name)

    def blocks(lang: str) -> dict[str, str]:
        wide = runner.invoke(app, ["template", "-", "--lang", lang], env={"COLUMNS": "1200"})
        lines = wide.stderr.splitlines()[1:]
        return {
            head.split()[0]: meaning.strip()
            for head, meaning in zip(lines[::2], lines[1::2], strict=True)
        }

    rows, rows_vi = blocks("en"), blocks("vi")
    employment = (
        "or work for a wage without a labour contract. Status: 'no job' is the wording of "
        "Decree 07/2021 (legal); 'wage work without a labour contract' is from a secondary "
        "source (secondary)."
    )
    dependants = (
        "Dependants: children under 16, and elderly or disabled people receiving a monthly "
        "social allowance. Status: secondary"
    )
    assert employment in rows["working_age_unemployed"]
    assert dependants in rows["dependents"]
    assert (
        "hưởng trợ cấp xã hội hằng tháng. Mức tin cậy: một nguồn thứ cấp" in rows_vi["dependents"]
    )


def test_error_messages_show_user_text_as_text_not_markup(tmp_path):
    out = str(tmp_path / "o.csv")
    for text in ("[/]x", "[bold]y"):
        result = invoke("classify", str(GOLDEN / "small.csv"), "--encoding", text, "-o", out)
        assert result.exit_code == 4, result.stderr  # "[/]" was a crash (exit 1)
        assert f"unknown encoding '{text}'" in result.stderr


def test_installed_command_runs_the_readme_example(tmp_path):
    exe = shutil.which("mdpoverty")
    if exe is None:
        pytest.skip("mdpoverty is not installed on PATH")
    out = tmp_path / "o.csv"
    proc = subprocess.run(
        [
            exe,
            "classify",
            str(EXAMPLES / "households.csv"),
            "-o",
            str(out),
            "--as-of",
            "2025-06-30",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "rows read 3,000 = classified 3,000 + rejected 0" in proc.stdout
    assert pl.read_csv(out, infer_schema=False).height == 3000


def test_main_sets_engine_settings_without_overriding_the_users(monkeypatch):
    import os

    from mdpoverty.cli import app as app_module

    monkeypatch.setattr(app_module, "app", lambda: None)
    for name in ("install", "ignore"):  # pytest's own signal handlers stay
        monkeypatch.setattr(app_module.signals, name, lambda: None)
    environment = {"POLARS_CSV_CHUNK_SIZE": "123"}
    monkeypatch.setattr(os, "environ", environment)  # this process's own stays untouched
    with pytest.raises(SystemExit) as done:
        app_module.main()
    assert done.value.code == 0
    assert environment["POLARS_IDEAL_MORSEL_SIZE"] == "20000"
    assert environment["POLARS_DEFAULT_LINEARIZER_BUFFER_SIZE"] == "1"
    assert environment["PYDANTIC_DISABLE_PLUGINS"] == "1"
    assert environment["POLARS_CSV_CHUNK_SIZE"] == "123"  # the user's value wins


def test_add_bom_starts_the_csv_output_with_one_bom(tmp_path):
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    for out, extra in ((plain, []), (marked, ["--add-bom"])):
        args = ["classify", str(GOLDEN / "small.csv"), "-o", str(out), "--as-of", "2025-01-01"]
        assert invoke(*args, *extra).exit_code == 0
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert plain.read_bytes().startswith(b"household_id,")


def test_shorten_keeps_messages_readable():
    from mdpoverty.text import province_key, shorten

    assert shorten("Đồng Nai") == "Đồng Nai"
    assert shorten("Đồng Nai\u200b") == "Đồng Nai\\u200b"
    long = shorten("x" * 1000, 20)
    assert long.startswith("x" * 20 + "...") and "1,000 characters" in long
    assert province_key("\u00d0ồng Nai\u200b") == province_key("Tỉnh Đồng Nai") == "dong nai"


# 600 KB of CSV: more than a pipe holds, so the writer meets the closed pipe whatever the timing
@pytest.mark.parametrize("args", [["classify", "examples/households.csv", "-o", "-"]])
def test_a_reader_that_goes_away_is_not_a_bug(args):
    """`mdpoverty ... | head -1`: exit 141 (128 + SIGPIPE) and no message, never exit 1."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    command = Path(sys.executable).with_name("mdpoverty")
    if not command.exists() or shutil.which("head") is None:
        pytest.skip("the installed command or head is not available")
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [str(command), *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line, as head -1 does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert first and "Traceback" not in err and "internal error" not in err
    assert "Broken pipe" not in err
