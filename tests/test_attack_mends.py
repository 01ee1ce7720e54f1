"""What an attacker found (review round 8), mended as a class: Parquet columns of a type polars
cannot read, options naming a column by an internal name, the mapping line a message offers,
an xlsx cell's shared-string index, and `--columns -`."""

from __future__ import annotations

import csv
import decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import InputError
from mdpoverty.io.readers import read_table, unreadable_type
from mdpoverty.run.pipeline import find_column

from .conftest import BASE, EXAMPLES


def run(*argv: str):
    return CliRunner().invoke(app, [*argv])


# --- 1. Parquet columns of a type polars cannot read


def test_unreadable_types_are_named_and_readable_ones_are_not():
    assert unreadable_type(pl.Decimal(39, 0)) == "decimal(39, 0)"
    assert unreadable_type(pl.Decimal(76, 38)) == "decimal(76, 38)"
    assert unreadable_type(pl.List(pl.Int64)) == "List(Int64)"
    assert unreadable_type(pl.Struct({"a": pl.Int64})) is not None
    for dtype in (pl.Decimal(38, 0), pl.Decimal(20, 2), pl.String, pl.Binary, pl.Date, pl.Int128):
        assert unreadable_type(dtype) is None, dtype


@pytest.fixture
def arrow():
    return pytest.importorskip("pyarrow")


def _households(n: int = 3):
    return pl.read_csv(EXAMPLES / "households.csv", n_rows=n, infer_schema=False).to_arrow()


def _decimal256(pa, n: int, digits: int = 39):
    return pa.array([decimal.Decimal(10) ** (digits - 1)] * n, pa.decimal256(digits, 0))


@pytest.mark.parametrize(
    "command",
    [
        ["classify"],
        ["report"],
        ["measures", "--k", "1/3"],
        ["compare", "--base", "vn-2022-2025", "--alt", "vn-2027-2030"],
    ],
)
def test_an_unneeded_column_polars_cannot_read_is_left_out_with_a_note(tmp_path, arrow, command):
    import pyarrow.parquet as pq

    pa = arrow
    table = _households()
    table = table.append_column("so_lon", _decimal256(pa, 3))
    table = table.append_column("ghi_chu", pa.array([[1], [2], None]))
    src = tmp_path / "h.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.csv"
    result = run(command[0], str(src), *command[1:], "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (
        "2 columns of a type mdpoverty cannot read, not needed and left out of the outputs: "
        "'so_lon' (decimal(39, 0)), 'ghi_chu' (List(Int64))"
    ) in result.stderr
    if command == ["classify"]:
        written = pl.read_csv(out, infer_schema=False)
        assert written["household_id"].to_list() == table["household_id"].to_pylist()
        assert "so_lon" not in written.columns and "ghi_chu" not in written.columns
    explained = run("explain", str(src), "--id", table["household_id"][0].as_py())
    assert explained.exit_code == 0, explained.stderr


def test_a_needed_column_polars_cannot_read_is_refused_naming_it_and_its_type(tmp_path, arrow):
    import pyarrow.parquet as pq

    pa = arrow
    table = _households()
    at = table.schema.get_field_index("income_per_capita_month")
    pq.write_table(
        table.set_column(at, "income_per_capita_month", _decimal256(pa, 3, 40)),
        tmp_path / "h.parquet",
    )
    result = run("classify", str(tmp_path / "h.parquet"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    assert (
        "the column 'income_per_capita_month' has a type mdpoverty cannot read (decimal(40, 0))"
    ) in result.stderr
    assert not (tmp_path / "o.csv").exists()
    vi = run("classify", str(tmp_path / "h.parquet"), "-o", str(tmp_path / "o.csv"), "--lang", "vi")
    assert vi.exit_code == 4
    assert "có kiểu dữ liệu mdpoverty không đọc được (decimal(40, 0))" in vi.stderr


def test_an_option_naming_a_column_left_out_is_refused_naming_its_type(tmp_path, arrow):
    import pyarrow.parquet as pq

    table = _households().append_column("so_lon", _decimal256(arrow, 3))
    pq.write_table(table, tmp_path / "h.parquet")
    for argv in (["classify", "--by", "SO_LON"], ["measures", "--k", "1/3", "--weight", "so_lon"]):
        result = run(argv[0], str(tmp_path / "h.parquet"), *argv[1:], "-o", str(tmp_path / "o.csv"))
        assert result.exit_code == 4, (argv, result.stderr)
        assert "'so_lon' has a type mdpoverty cannot read (decimal(39, 0))" in result.stderr


def test_member_and_previous_files_leave_out_an_unneeded_column_polars_cannot_read(tmp_path, arrow):
    import pyarrow.parquet as pq

    members = pl.read_csv(EXAMPLES / "members.csv", infer_schema=False).to_arrow()
    pq.write_table(
        members.append_column("x", _decimal256(arrow, members.num_rows, 40)), tmp_path / "m.pq"
    )
    households = str(EXAMPLES / "households.csv")
    out = str(tmp_path / "o.csv")
    result = run("classify", households, "--members", str(tmp_path / "m.pq"), "-o", out)
    assert result.exit_code in (0, 3), result.stderr
    assert "the member file: 1 column of a type mdpoverty cannot read" in result.stderr
    at = members.schema.get_field_index("age")
    pq.write_table(
        members.set_column(at, "age", _decimal256(arrow, members.num_rows)), tmp_path / "m.pq"
    )
    result = run("classify", households, "--members", str(tmp_path / "m.pq"), "-o", out)
    assert result.exit_code == 4
    assert "the column 'age' has a type mdpoverty cannot read (decimal(39, 0))" in result.stderr

    first = run("classify", households, "-o", out)
    assert first.exit_code == 0, first.stderr
    previous = pl.read_csv(out, infer_schema=False).to_arrow()
    previous = previous.append_column("x", _decimal256(arrow, previous.num_rows))
    pq.write_table(previous, tmp_path / "prev.parquet")
    result = run(
        "report",
        households,
        "--previous",
        str(tmp_path / "prev.parquet"),
        "-o",
        str(tmp_path / "r.json"),
    )
    assert result.exit_code == 0, result.stderr
    assert "1 column of a type mdpoverty cannot read" in result.stderr


def test_an_extension_column_is_read_as_the_values_it_stores(tmp_path, arrow):
    import pyarrow.parquet as pq

    if not hasattr(arrow, "json_"):
        pytest.skip("this pyarrow has no JSON extension type")
    table = _households().append_column("meta", arrow.array(['{"a": 1}'] * 3, arrow.json_()))
    pq.write_table(table, tmp_path / "h.parquet")
    result = run("classify", str(tmp_path / "h.parquet"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(tmp_path / "o.csv")["meta"].to_list() == ['{"a": 1}'] * 3


# --- 2. an option names a column by the user's own header, never an internal name


def _write(path: Path, extra: dict[str, list[str]], rows: int = 4) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*BASE, *extra])
        for i in range(rows):
            values = [*BASE.values()]
            values[0] = f"H{i}"
            writer.writerow([*values, *(cells[i] for cells in extra.values())])
    return path


def test_by_and_weight_resolve_against_the_users_headers_only(tmp_path):
    src = _write(
        tmp_path / "h.csv",
        {"__row__": ["A", "B", "A", "B"], "__user____row__": ["X", "Y", "X", "Y"]},
    )
    out = str(tmp_path / "o.csv")
    for command in (["classify", "-o", out], ["report"], ["measures", "--k", "1/3"]):
        result = run(command[0], str(src), *command[1:], "--by", "__user____row__")
        assert result.exit_code == 0, (command, result.stderr)
        assert "X" in result.stdout and "Y" in result.stdout, command
        assert "│ A " not in result.stdout and "= A" not in result.stdout, command
    weighted = _write(tmp_path / "w.csv", {"__hash__": ["1", "2", "3", "4"]})
    for argv in (
        ["classify", "--by", "__user____hash__"],
        ["measures", "--k", "1/3", "--weight", "__user____hash__"],
        ["measures", "--k", "1/3", "--by", "__user____hash__"],
    ):
        result = run(argv[0], str(weighted), *argv[1:], "-o", out)
        assert result.exit_code == 4, (argv, result.stderr)
        assert "'__user____hash__'" in result.stderr or "__user____hash__;" in result.stderr
        assert "closest to '__user____hash__': '__hash__'" in result.stderr
    result = run(
        "measures", str(weighted), "--k", "1/3", "--weight", "__hash__", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert '"__hash__"' in result.stdout


def test_previous_class_resolves_against_the_users_headers_only(tmp_path):
    households = str(EXAMPLES / "households.csv")
    out = tmp_path / "o.csv"
    assert run("classify", households, "-o", str(out)).exit_code == 0
    previous = pl.read_csv(out, infer_schema=False).rename({"class": "__lop__"})
    previous.write_csv(tmp_path / "prev.csv")
    for wrong in ("__user____lop__", "__user__lop"):
        result = run(
            "report", households, "--previous", str(tmp_path / "prev.csv"),
            "--previous-class", wrong, "-o", str(tmp_path / "r.json"),
        )  # fmt: skip
        assert result.exit_code == 4, (wrong, result.stderr)
        assert "the previous list has no column" in result.stderr
    result = run(
        "report", households, "--previous", str(tmp_path / "prev.csv"),
        "--previous-class", "__lop__", "-o", str(tmp_path / "r.json"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


_AFFIX = st.sampled_from(["", "_", "__", "__user__", "__user____", "__mark__", "__row"])
_NAME = st.builds(
    lambda a, core, b: a + core + b,
    _AFFIX,
    st.text(alphabet="abu_", min_size=0, max_size=4),
    st.sampled_from(["", "_", "__"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(headers=st.lists(_NAME, min_size=1, max_size=5, unique=True), asked=_NAME)
def test_a_name_finds_the_column_of_the_header_so_written_or_none(tmp_path, headers, asked):
    headers = [h for h in headers if h.strip() and h not in BASE]
    if not headers:
        return
    src = _write(tmp_path / "h.csv", {h: [f"v{i}"] * 4 for i, h in enumerate(headers)})
    table = read_table(str(src))
    found = find_column(table, asked)
    if asked in headers:
        value = table.frame.select(pl.col(found)).collect().item(0, 0)
        assert value == f"v{headers.index(asked)}"
    elif asked not in BASE:
        # no header is so written: a canonical name, a header of another case, or none
        assert found is None or found in BASE or found in table.header_targets().values()
        assert (
            found is None
            or not found.startswith("__")
            or any(h.casefold() == asked.casefold() for h in headers)
        )
    try:
        table.unreadable_named(asked)
    except InputError:  # pragma: no cover - a CSV file leaves no column out
        pytest.fail("a CSV file has no column left out")


# --- 5. a mapping file is not read from standard input


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_mapping_file_from_standard_input_is_refused_as_such(tmp_path, lang):
    households = (EXAMPLES / "households.csv").read_text(encoding="utf-8")
    argv = ["classify", "-", "--columns", "-", "-o", str(tmp_path / "o.csv"), "--lang", lang]
    result = CliRunner().invoke(app, argv, input=households)
    assert result.exit_code == 4, result.stderr
    said = {
        "en": "a mapping file cannot be read from standard input",
        "vi": "không đọc được tệp ánh xạ từ đầu vào chuẩn",
    }
    assert said[lang] in result.stderr and "not found" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


# --- 3. a mapping line a message offers is escaped, cut, and reads back as the header


def _mapping_line(stderr: str) -> str:
    return next(
        line.split("in a --columns file: ", 1)[1]
        for line in stderr.splitlines()
        if "in a --columns file: " in line
    )


def _offered_line(tmp_path, header: str):
    """The example's first rows with `header` for household_id, and the mapping line classify
    offers for it (the run must stop, exit 4, for want of household_id)."""
    text = (EXAMPLES / "households.csv").read_text(encoding="utf-8").splitlines()[:4]
    src = tmp_path / "h.csv"
    src.write_text("\n".join(text).replace("household_id", header, 1) + "\n", encoding="utf-8")
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 4, result.stderr
    return src, _mapping_line(result.stderr)


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\ufeff", "\u2060", "\u00ad", "\u061c", "\U000e0041", "\\\u200b"]
)
def test_the_offered_mapping_line_escapes_a_header_as_yaml_reads_it_back(tmp_path, hidden):
    import yaml

    header = f"household_i{hidden}d"
    src, line = _offered_line(tmp_path, header)
    assert line.isascii() and line.startswith('"household_i\\'), line
    assert "\\ue0041" not in line  # U+E0041 in 8 digits, never read as U+E004 and a '1'
    assert yaml.safe_load(line) == {header: "household_id"}
    (tmp_path / "m.yaml").write_text(line + "\n", encoding="utf-8")
    mapped = run("classify", str(src), "--columns", str(tmp_path / "m.yaml"), "-o", "-")
    assert mapped.exit_code == 0, mapped.stderr


def test_the_offered_mapping_line_of_a_long_header_is_cut_and_says_so(tmp_path):
    header = "Mã hộ " + "x" * 150 + "\u200b"  # close to household_id's Vietnamese header
    _, line = _offered_line(tmp_path, header)
    assert line.endswith('... (157 characters)": household_id'), line
    assert len(line) < 120


def test_yaml_scalar_reads_back_as_the_text_whatever_it_holds():
    import unicodedata

    import yaml
    from hypothesis import given
    from hypothesis import strategies as st

    from mdpoverty.text import yaml_scalar

    @given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t))
    def check(text):
        key = yaml_scalar(text, quote=True)
        assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in key)
        try:
            loaded = yaml.safe_load(f"{key}: x")
        except yaml.YAMLError:  # characters YAML refuses even escaped (a lone surrogate)
            return
        assert loaded == {text: "x"}

    check()
