"""Mends from a review of messages, notes and explain: why a standard was chosen said from its
key, notes on a standard out of force in the run's language, one read of a household's member
rows, a two-row header's span, user text on one line. CliRunner with stdout/stderr apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
HOUSEHOLDS = EXAMPLES / "households.csv"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def _without(tmp_path: Path, column: str, rows: int = 5) -> Path:
    """The first `rows` households of the example file without `column`."""
    with HOUSEHOLDS.open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))[: rows + 1]
    at = table[0].index(column)
    path = tmp_path / "households.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(row[:at] + row[at + 1 :] for row in table)
    return path


# ------------------------------------------------------------ 1. why a standard was chosen


def test_why_a_provincial_standard_was_chosen_is_said_with_a_vietnamese_date(
    tmp_path: Path,
) -> None:
    path = _without(tmp_path, "safe_water")
    said = run("compare", path, "--as-of", "2024-12-31", "--lang", "vi")
    assert said.exit_code == 4, said.output
    assert said.stdout == ""
    lines = said.stderr.splitlines()
    assert (
        "  quangninh-2023-2025: là chuẩn của tỉnh có tên trong dữ liệu, có hiệu lực ngày"
        " 31/12/2024" in lines
    )
    assert (
        "  vn-2022-2025: chuẩn quốc gia có hiệu lực ngày 31/12/2024 (--as-of 2024-12-31)" in lines
    )
    assert "2024-12-31 " not in said.stderr and "in force" not in said.stderr
    english = run("compare", path, "--as-of", "2024-12-31").stderr.splitlines()
    assert (
        "  quangninh-2023-2025 is the standard of the province named in the data, in force on"
        " 2024-12-31" in english
    )


@pytest.mark.parametrize(
    ("command", "options", "said"),
    [
        ("compare", ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"], "--base"),
        ("compare", ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"], "--alt"),
        ("classify", ["-s", "vn-2022-2025", "-o", "out.csv"], "--standard"),
    ],
)
def test_a_standard_named_with_an_option_is_said_in_vietnamese(
    tmp_path: Path, command: str, options: list[str], said: str
) -> None:
    path = _without(tmp_path, "safe_water")
    options = [str(tmp_path / o) if o.endswith(".csv") else o for o in options]
    vi = run(command, path, *options, "--lang", "vi")
    assert vi.exit_code == 4, vi.output
    assert f": được chọn bằng {said}" in vi.stderr
    assert "named with" not in vi.stderr
    en = run(command, path, *options)
    assert f" is named with {said}" in en.stderr
    assert not (tmp_path / "out.csv").exists()


# ------------------------------------------------ 2. a standard out of force, in the run's language


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "note: vn-2022-2025 is valid 2022-01-01 to 2026-12-31, not on 2019-06-30"),
        (
            "vi",
            "lưu ý: vn-2022-2025 có hiệu lực từ 01/01/2022 đến 31/12/2026, không phải ngày"
            " 30/06/2019",
        ),
    ],
)
def test_a_standard_out_of_force_is_noted_in_the_runs_language(
    tmp_path: Path, lang: str, note: str
) -> None:
    common = ["-s", "vn-2022-2025", "--as-of", "2019-06-30", "--lang", lang]
    classified = run("classify", HOUSEHOLDS, "-o", tmp_path / "out.csv", *common)
    assert classified.exit_code == 0, classified.output
    assert note in classified.stdout.splitlines()
    reported = run("report", HOUSEHOLDS, *common)
    assert reported.exit_code == 0, reported.output
    assert note in reported.stdout.splitlines()
    # explain says it too, on stderr: its standard output may be JSON
    explained = run("explain", HOUSEHOLDS, "--id", "QN0000042", "--json", *common)
    assert explained.exit_code == 0, explained.output
    assert note in explained.stderr.splitlines()
    assert json.loads(explained.stdout)[0]["standard_id"] == "vn-2022-2025"
    other = "lưu ý:" if lang == "en" else "note:"
    assert other not in classified.stdout + reported.stdout + explained.stderr


# ------------------------------------------------ 3. explain checks a household's member rows once


def test_explain_checks_the_member_rows_once_for_each_standard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mdpoverty.run import members

    checked: list[str] = []
    real = members.household_member_rows

    def counted(table, standards, household_id):
        checked.append("file" if table.csv_path is not None else "memory")
        return real(table, standards, household_id)

    monkeypatch.setattr(members, "household_member_rows", counted)
    args = ["explain", HOUSEHOLDS, "--members", EXAMPLES / "members.csv", "--id", "QN0000002"]
    args += ["--json", "-s", "vn-2022-2025"]
    one = run(*args)
    assert one.exit_code == 0, one.output
    assert checked == ["file"]  # what was found on the file is not checked again in memory
    checked.clear()
    two = run(*args, "-s", "quangninh-2023-2025")
    assert two.exit_code == 0, two.output
    assert checked == ["file", "memory"]  # the second standard reads none of the file
    assert json.loads(two.stdout)[0] == json.loads(one.stdout)[0]
    assert any(v["member_rows"] for v in json.loads(two.stdout)[1]["indicators"])


# ------------------------------------------- 4. a two-row header is named by both its rows


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "(its first headers, on rows 4-5: 'Nhóm A / foo', 'Nhóm A / bar', 'Khác')"),
        ("vi", "(các tiêu đề đầu tiên, ở dòng 4-5: 'Nhóm A / foo', 'Nhóm A / bar', 'Khác')"),
    ],
)
def test_no_required_column_names_both_rows_of_a_two_row_header(
    tmp_path: Path, lang: str, said: str
) -> None:
    path = tmp_path / "danh-sach.csv"
    path.write_text("Danh sách\n\n\nNhóm A,,Khác\nfoo,bar,\n1,2,3\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("classify", path, "--header-row", "4-5", "-o", out, "--lang", lang)
    assert result.exit_code == 4, result.output
    assert said in result.stderr
    assert not out.exists()
    one_row = tmp_path / "mot-dong.csv"
    one_row.write_text("Danh sách\nfoo,bar\n1,2\n", encoding="utf-8")
    single = run("classify", one_row, "--header-row", "2", "-o", out, "--lang", lang)
    assert single.exit_code == 4, single.output
    assert ("on row 2: 'foo', 'bar'" if lang == "en" else "ở dòng 2: 'foo', 'bar'") in single.stderr


# ------------------------------------------------------------ 5. user text shown on one line


def test_a_yaml_key_with_a_line_break_is_located_on_one_line(tmp_path: Path) -> None:
    from mdpoverty import messages
    from mdpoverty.errors import StandardError

    exc = StandardError("bad", file="s.yaml", line=3, yaml_path="columns.Thu nhập\nbình quân")
    assert exc.where == "s.yaml:3: columns.Thu nhập bình quân"
    assert messages.where(exc, "vi") == "s.yaml:3: columns.Thu nhập bình quân"
    # as a command prints it: the place is one line, before the message
    standard = tmp_path / "s.yaml"
    shipped = (Path(__file__).parents[1] / "thresholds" / "vn-2022-2025.yaml").read_text("utf-8")
    standard.write_text(shipped + '"bad\\nkey": 1\n', encoding="utf-8")
    for lang in ("en", "vi"):
        result = run(
            "classify", HOUSEHOLDS, "-s", standard, "-o", tmp_path / "o.csv", "--lang", lang
        )
        assert result.exit_code == 4, result.output
        first = result.stderr.splitlines()[0]
        assert first.startswith(("error: ", "lỗi: ")) and f"{standard}:" in first
        assert ": bad\\nkey: " in first  # the YAML path's line break shown as \n
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_two_headers_for_one_column_show_the_header_on_one_line(tmp_path: Path, lang: str) -> None:
    from mdpoverty import messages
    from mdpoverty.errors import InputError
    from mdpoverty.io.readers import read_table

    path = tmp_path / "a.csv"
    path.write_text('household_id,x_col,"Cột\nriêng"\nA,1,2\n', encoding="utf-8")
    table = read_table(str(path))
    with pytest.raises(InputError) as caught:
        table.accept_labels({"x_col": "Cột riêng"})
    said = messages.say(caught.value, lang)
    assert "\n" not in said
    assert said.endswith(
        "'x_col': 'Cột riêng' and another"
        if lang == "en"
        else "'x_col': 'Cột riêng' và một tiêu đề khác"
    )


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "'area' is not a unit"), ("vi", "'area' không phải đơn vị")]
)
def test_a_unit_refused_is_named_in_quotes(lang: str, said: str) -> None:
    result = run("report", HOUSEHOLDS, "--by", "area", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_measures_says_where_the_header_is_in_the_run_s_language() -> None:
    from .conftest import EXAMPLES

    args = [
        "measures", EXAMPLES / "danh-sach-ra-soat.xlsx",
        "--columns", EXAMPLES / "danh-sach-ra-soat.mapping.yaml",
        "--as-of", "2024-12-31", "--k", "1/3",
    ]  # fmt: skip
    vi = run(*args, "--lang", "vi")
    assert vi.exit_code == 0, vi.stderr
    assert "lưu ý: tiêu đề ở dòng 4; 3 dòng phía trên không được đọc" in vi.stderr
    assert "note:" not in vi.stderr
    assert "note: the header is on row 4" in run(*args).stderr


def test_a_header_named_as_the_reader_names_blank_ones_is_refused_not_a_crash(tmp_path: Path):
    from .conftest import EXAMPLES

    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()[:4]
    rows = [lines[0] + ",,,_duplicated_0", *(line + ",a,b,c" for line in lines[1:])]
    path = tmp_path / "h.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for lang in ("en", "vi"):
        result = run("classify", path, "-o", tmp_path / "o.csv", "--lang", lang)
        assert result.exit_code == 4, result.stderr
        assert "'_duplicated_0'" in result.stderr
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("header", ["^w$", "__w"])
def test_a_weight_column_is_named_by_its_own_header_whatever_it_is(tmp_path: Path, header: str):
    from .conftest import EXAMPLES

    lines = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()[:6]
    weights = ["2", "3", "x", "1", "4"]
    rows = [
        f"{lines[0]},{header}",
        *(f"{line},{w}" for line, w in zip(lines[1:], weights, strict=True)),
    ]
    path = tmp_path / "h.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    result = run("measures", path, "--k", "1/3", "--weight", header, "--rejects", rejects)
    assert result.exit_code == 3, result.stderr
    assert "__user__" not in result.stdout + result.stderr
    assert f"sum of the weights in '{header}'" in result.stdout
    assert f"row 4, column '{header}': not a sampling weight" in result.stdout + result.stderr
    assert "__user__" not in rejects.read_text(encoding="utf-8")
    js = run("measures", path, "--k", "1/3", "--weight", header, "--format", "json")
    assert json.loads(js.stdout)["weight"] == header and "__user__" not in js.stdout
