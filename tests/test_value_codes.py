"""A survey's coded answers (the mapping file's `values`): `KV` 1 = urban, 2 = rural, yes/no as
1/2. A code is read as the value it stands for, before the cell is checked; a code not listed
is checked as written; a code standing for a value its column cannot hold is refused when the
mapping is read."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.mapping import load_mapping

from .conftest import BASE
from .test_members import files

runner = CliRunner()
AS_OF = ("--as-of", "2024-06-30")
VHLSS = "KV: area\nvalues:\n  area: {1: urban, 2: rural}\n  safe_water: {1: yes, 2: no}\n"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def rows() -> list[dict]:
    """Six households: urban and rural, with and without safe water, incomes either side of
    the rural line (1,500,000) and the urban one (2,000,000)."""
    out = []
    for i, (area, water, income) in enumerate(
        [
            ("rural", "true", 1_500_000),
            ("rural", "false", 1_500_001),
            ("urban", "true", 2_000_000),
            ("urban", "false", 1_900_000),
            ("rural", "false", 3_000_000),
            ("urban", "true", 2_000_001),
        ]
    ):
        out.append(
            {**BASE, "household_id": f"H{i}", "area": area, "safe_water": water,
             "income_per_capita_month": income}
        )  # fmt: skip
    return out


def coded(table: list[dict]) -> list[dict]:
    area = {"urban": "1", "rural": "2"}
    water = {"true": "1", "false": "2"}
    out = []
    for row in table:
        row = {**row, "safe_water": water[row["safe_water"]]}
        out.append({"KV" if k == "area" else k: area[v] if k == "area" else v
                    for k, v in row.items()})  # fmt: skip
    return out


def classified(path) -> list[tuple[str, str]]:
    frame = pl.read_csv(path, infer_schema=False)
    return list(zip(frame["household_id"], frame["class"], strict=True))


@pytest.fixture
def words_and_codes(tmp_path, write_csv):
    words = write_csv(rows(), "words.csv")
    codes = write_csv(coded(rows()), "codes.csv")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(VHLSS, encoding="utf-8")
    return words, codes, mapping


def test_coded_answers_classify_as_the_words_they_stand_for(tmp_path, words_and_codes):
    words, codes, mapping = words_and_codes
    out_words, out_codes = tmp_path / "w.csv", tmp_path / "c.csv"
    assert invoke("classify", words, "-o", out_words, *AS_OF).exit_code == 0
    result = invoke("classify", codes, "--columns", mapping, "-o", out_codes, *AS_OF)
    assert result.exit_code == 0, result.output
    assert classified(out_codes) == classified(out_words)
    frame = pl.read_csv(out_codes, infer_schema=False)
    assert frame["area"].to_list() == ["rural", "rural", "urban", "urban", "rural", "urban"]
    assert frame["safe_water"].to_list() == ["true", "false", "true", "false", "false", "true"]
    assert frame["income_line"].to_list()[:4] == ["1500000", "1500000", "2000000", "2000000"]


def test_keep_input_gives_the_codes_back_as_written(tmp_path, words_and_codes):
    _words, codes, mapping = words_and_codes
    out = tmp_path / "k.csv"
    result = invoke("classify", codes, "--columns", mapping, "-o", out, "--keep-input", *AS_OF)
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["KV"].to_list() == ["2", "2", "1", "1", "2", "1"]
    assert frame["safe_water"].to_list() == ["1", "2", "1", "2", "2", "1"]


def test_a_code_not_listed_is_checked_as_written_and_rejected_with_its_row(
    tmp_path, write_csv, words_and_codes
):
    _words, _codes, mapping = words_and_codes
    table = coded(rows())
    table[2]["KV"] = " 3 "
    table[4]["KV"] = " 2 "  # spaces around a code: still the code
    table[5]["safe_water"] = "có"  # a word, not a code: read as a word
    source = write_csv(table, "codes3.csv")
    out = tmp_path / "o.csv"
    result = invoke("classify", source, "--columns", mapping, "-o", out, *AS_OF)
    assert result.exit_code == 3, result.output
    assert "row 4, column 'KV' (area): unknown category (' 3 ')" in result.stdout
    assert "rows read 6 = classified 5 + rejected 1 + skipped 0" in result.stdout
    rejects = pl.read_csv(tmp_path / "o_rejects.csv", infer_schema=False)
    assert rejects["row"].to_list() == ["4"]
    assert rejects["errors"].to_list() == ["area:unknown_category"]
    assert rejects["area"].to_list() == [" 3 "]  # the cell as written
    frame = pl.read_csv(out, infer_schema=False)
    assert frame.filter(pl.col("household_id") == "H4")["area"].item() == "rural"
    assert frame.filter(pl.col("household_id") == "H5")["safe_water"].item() == "true"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "values.area.1: 'urbn' is no value of area (a cell of it would be rejected: "
               "unknown_category); the code '1' cannot stand for it"),
        ("vi", "values.area.1: 'urbn' không phải giá trị của cột area (một ô có giá trị này sẽ "
               "bị loại: unknown_category); mã '1' không thể thay cho giá trị đó"),
    ],
)  # fmt: skip
def test_a_code_standing_for_a_bad_value_is_refused_before_any_row(
    tmp_path, words_and_codes, lang, said
):
    _words, codes, mapping = words_and_codes
    mapping.write_text("KV: area\nvalues:\n  area: {2: rural, 1: urbn}\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = invoke("classify", codes, "--columns", mapping, "-o", out, "--lang", lang, *AS_OF)
    assert result.exit_code == 4, result.output
    assert f"{mapping}:3: {said}" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    ("values", "code", "reason"),
    [
        ("safe_water: {1: yes, 2: maybe}", "2", "not_true_false"),
        ("household_size: {'0': 0}", "0", "out_of_range"),
        ("floor_area_m2: {a: 1.500}", "a", "ambiguous_number"),
    ],
)
def test_each_column_refuses_codes_for_values_its_cells_could_not_hold(
    tmp_path, words_and_codes, values, code, reason
):
    _words, codes, mapping = words_and_codes
    mapping.write_text(f"KV: area\nvalues:\n  {values}\n", encoding="utf-8")
    result = invoke("classify", codes, "--columns", mapping, "-o", tmp_path / "o.csv", *AS_OF)
    assert result.exit_code == 4, result.output
    column = values.split(":")[0]
    assert f"values.{column}.{code}:" in result.stderr
    assert f"rejected: {reason})" in result.stderr


@pytest.mark.parametrize(
    ("text", "key", "said"),
    [
        ("values:\n  aera: {1: urban}\n", "mapping.codes_no_such_column", "did you mean 'area'?"),
        ("values:\n  household_id: {1: H1}\n", "mapping.codes_no_such_column", "never for"),
        ("values:\n  area: {1: yes}\n", "mapping.code_yaml_boolean", "quotes, e.g. '1: \"yes\"'"),
        (
            "values:\n  area: [1, 2]\n",
            "mapping.values_format",
            "in lines such as 'values:', '  area:'",
        ),
        ("values:\n  area: {1: [urban]}\n", "mapping.code_value", "one value"),
        ("values:\n  area: {1: urban, ' 1': rural}\n", "mapping.code_twice", "'1' is given twice"),
        ("values:\n  area: {'': rural}\n", "mapping.blank_code", "blank_means_false"),
        ("values:\n  area: {1.0: urban, 1: rural}\n", "mapping.code_twice", "'1' is given twice"),
        ("values:\n  area: {1: urban, 1.00: rural}\n", "mapping.code_twice", "1.0 is 1"),
        ("valeus:\n  area: {1: urban}\n", "mapping.not_one_name", "the option 'values'"),
    ],
)
def test_a_mistake_in_the_codes_names_the_line_and_path(tmp_path, words_and_codes, text, key, said):
    _words, codes, mapping = words_and_codes
    mapping.write_text("KV: area\n" + text, encoding="utf-8")
    result = invoke("classify", codes, "--columns", mapping, "-o", tmp_path / "o.csv", *AS_OF)
    assert result.exit_code == 4, result.output
    assert said in result.stderr
    assert f"{mapping}:" in result.stderr
    vi = invoke("classify", codes, "--columns", mapping, "--lang", "vi", *AS_OF)
    assert vi.exit_code == 4 and vi.stderr.startswith("lỗi: ")
    assert "did you" not in vi.stderr and "e.g." not in vi.stderr  # said in Vietnamese


def test_a_header_called_values_is_still_a_header_line(tmp_path, write_csv):
    table = [{("values" if k == "area" else k): v for k, v in row.items()} for row in rows()]
    source = write_csv(table, "v.csv")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values: area\nValue: dependents\n", encoding="utf-8")
    assert load_mapping(mapping) == {"values": "area", "Value": "dependents"}
    result = invoke("classify", source, "--columns", mapping, "-o", tmp_path / "o.csv", *AS_OF)
    assert result.exit_code == 0, result.output


def test_codes_in_a_workbook_and_a_typed_parquet_file(tmp_path, words_and_codes):
    words, codes, mapping = words_and_codes
    expected_out = tmp_path / "w.csv"
    assert invoke("classify", words, "-o", expected_out, *AS_OF).exit_code == 0
    expected = classified(expected_out)
    frame = pl.read_csv(codes, infer_schema=False).with_columns(
        pl.col("KV").cast(pl.Int64), pl.col("safe_water").cast(pl.Int64)
    )
    book = tmp_path / "codes.xlsx"
    frame.write_excel(book)  # the codes are numbers in the workbook's cells
    typed = tmp_path / "codes.parquet"
    frame.with_columns(pl.col("KV").cast(pl.Float64)).write_parquet(typed)  # 1.0, 2.0
    for source in (book, typed):
        out = tmp_path / f"{source.suffix[1:]}.csv"
        result = invoke("classify", source, "--columns", mapping, "-o", out, *AS_OF)
        assert result.exit_code == 0, (source, result.output)
        assert classified(out) == expected


def test_member_codes_apply_to_the_member_file(tmp_path):
    _counted, plain, members = files(tmp_path, 30)
    base = tmp_path / "base.json"
    result = invoke("classify", plain, "--members", members, "-o", base, *AS_OF)
    assert result.exit_code in (0, 3), result.output
    frame = pl.read_csv(members, infer_schema=False)
    code = {"True": "1", "False": "2", "true": "1", "false": "2"}
    frame = frame.with_columns(pl.col("has_health_insurance").replace(code))
    assert set(frame["has_health_insurance"].drop_nulls()) <= {"1", "2"}
    coded_members = tmp_path / "coded_members.csv"
    frame.write_csv(coded_members)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  has_health_insurance: {1: yes, 2: no}\n", encoding="utf-8")
    out = tmp_path / "o.json"
    again = invoke(
        "classify", plain, "--members", coded_members, "--columns", mapping, "-o", out, *AS_OF
    )
    assert again.exit_code == result.exit_code, again.output
    assert json.loads(out.read_text()) == json.loads(base.read_text())
    # without the codes the members' 1/2 are no yes/no: those households are rejected
    bare = invoke("classify", plain, "--members", coded_members, "-o", out, *AS_OF)
    assert bare.exit_code == 3
    assert "not_true_false" in bare.stdout or "has_health_insurance" in bare.stdout


@pytest.mark.parametrize("written", ["1.0", "2.0", "1.00"])
def test_a_code_written_as_a_whole_float_matches_the_whole_number_cells(
    tmp_path, words_and_codes, written
):
    # YAML writes a float 1.0; a cell 1 (text, or a typed 1.0 read as 1) is that code, as a
    # number cell 1.0 is the code 1: every row was unknown_category, nothing citing the mapping
    words, codes, mapping = words_and_codes
    whole = written.split(".")[0]
    other = "2" if whole == "1" else "1"
    area = {
        whole: "urban" if whole == "1" else "rural",
        other: "rural" if whole == "1" else "urban",
    }
    mapping.write_text(
        f"KV: area\nvalues:\n  area: {{{written}: {area[whole]}, {other}: {area[other]}}}\n"
        "  safe_water: {1: yes, 2: no}\n",
        encoding="utf-8",
    )
    out_words, out_codes = tmp_path / "w.csv", tmp_path / "c.csv"
    assert invoke("classify", words, "-o", out_words, *AS_OF).exit_code == 0
    result = invoke("classify", codes, "--columns", mapping, "-o", out_codes, *AS_OF)
    assert result.exit_code == 0, result.output
    assert classified(out_codes) == classified(out_words)
    # a cell written 1.0 in a text file is still that code, as written
    text = pl.read_csv(codes, infer_schema=False).with_columns(
        pl.col("KV").replace({whole: written})
    )
    text.write_csv(tmp_path / "as_written.csv")
    result = invoke(
        "classify", tmp_path / "as_written.csv", "--columns", mapping, "-o", out_codes, *AS_OF
    )
    assert result.exit_code == 0, result.output
    assert classified(out_codes) == classified(out_words)
