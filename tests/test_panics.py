"""A crash of a library (polars' PanicException: not an Exception) and a file polars panics on
reach the user as one message and a documented exit code, never as a raw traceback."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
HOUSEHOLDS = EXAMPLES / "households.csv"


def _panicking(*_args, **_kwargs):
    raise pl.exceptions.PanicException("not yet implemented")


@pytest.mark.parametrize(
    ("command", "lang", "said"),
    [
        (["classify", "-o", "{out}"], "en", "internal error: PanicException: not yet implemented"),
        (["measures", "--k", "1/3"], "en", "internal error: PanicException: not yet implemented"),
        (["report"], "vi", "lỗi nội bộ: PanicException: not yet implemented"),
    ],
)
def test_a_panic_is_the_internal_error_message_exit_1(tmp_path, monkeypatch, command, lang, said):
    assert not issubclass(pl.exceptions.PanicException, Exception)  # why it needs its own case
    monkeypatch.setattr("mdpoverty.io.readers.read_table", _panicking)
    args = [a.format(out=tmp_path / "o.csv") for a in command]
    result = runner.invoke(app, [args[0], str(HOUSEHOLDS), *args[1:], "--lang", lang])
    assert result.exit_code == 1
    assert said in result.stderr
    assert "--debug" in result.stderr  # how to get the traceback
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_a_panic_with_debug_shows_its_traceback(monkeypatch):
    monkeypatch.setattr("mdpoverty.io.readers.read_table", _panicking)
    # CliRunner catches Exceptions only: the panic re-raised for --debug comes out of it whole
    with pytest.raises(pl.exceptions.PanicException, match="not yet implemented"):
        runner.invoke(app, ["--debug", "report", str(HOUSEHOLDS)])


PANIC = (
    "called `Option::unwrap()` on a `None` value\n"
    "thread 'polars-3' panicked at crates/polars-io/src/x.rs:12:5\n"
    "[bold]not markup[/bold]\n\x1b[31m" + "y" * 5000
)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_panic_of_many_lines_is_one_line_and_the_whole_text_under_debug(monkeypatch, lang):
    def panicking(*_args, **_kwargs):
        raise pl.exceptions.PanicException(PANIC)

    monkeypatch.setattr("mdpoverty.io.readers.read_table", panicking)
    result = runner.invoke(app, ["report", str(HOUSEHOLDS), "--lang", lang])
    assert result.exit_code == 1
    first, bug = result.stderr.splitlines()  # the panic's line, then what to do
    said = "PanicException: called `Option::unwrap()` on a `None` value"
    assert said in first and "--debug" in bug
    assert ("3 more lines" if lang == "en" else "còn 3 dòng") in first
    assert "panicked" not in result.stderr and "markup" not in result.stderr
    assert "yyy" not in result.stderr and "\x1b" not in result.stderr
    with pytest.raises(pl.exceptions.PanicException) as raised:
        runner.invoke(app, ["--debug", "report", str(HOUSEHOLDS)])
    assert str(raised.value) == PANIC


def test_a_long_line_is_shortened_and_its_control_characters_shown(monkeypatch):
    def failing(*_args, **_kwargs):
        raise ValueError("bad \x1b[2J" + "z" * 5000)

    monkeypatch.setattr("mdpoverty.io.readers.read_table", failing)
    result = runner.invoke(app, ["report", str(HOUSEHOLDS)])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert "ValueError: bad \\x1b[2J" in first and "(5,008 characters)" in first
    assert len(first) < 300 and "\x1b" not in result.stderr


def test_python_s_own_endings_are_not_turned_into_an_internal_error(monkeypatch):
    def ends(ending):
        def raising(*_args, **_kwargs):
            raise ending

        return raising

    monkeypatch.setattr("mdpoverty.io.readers.read_table", ends(SystemExit(5)))
    result = runner.invoke(app, ["report", str(HOUSEHOLDS)])
    assert result.exit_code == 5
    assert "internal error" not in result.stderr
    monkeypatch.setattr("mdpoverty.io.readers.read_table", ends(GeneratorExit()))
    with pytest.raises(GeneratorExit):  # re-raised as it came, not a message
        runner.invoke(app, ["report", str(HOUSEHOLDS)])


# --- a Parquet file polars panics on while it reads the schema


@pytest.fixture
def pa():
    return pytest.importorskip("pyarrow")


def _write(pa, path, extra: dict, n: int = 30):
    import pyarrow.parquet as pq

    table = pl.read_csv(HOUSEHOLDS, n_rows=n, infer_schema=False).to_arrow()
    for name, array in extra.items():
        table = table.append_column(name, array)
    pq.write_table(table, path)
    return path


def _listed(pa, path, extra: dict):
    """Three households whose deprivations come from a list column (no indicator columns)."""
    import pyarrow.parquet as pq

    head = {
        "household_id": ["A", "B", "C"],
        "area": ["rural"] * 3,
        "household_size": [4] * 3,
        "income_per_capita_month": [1_500_000] * 3,
    }
    pq.write_table(pa.table({**head, **extra}), path)
    return path


def _cells(pa, n: int):
    return [["a", "b"], [], None][:n] * (n // 3) + [["a"]] * (n % 3)


def _classes(path):
    return pl.read_csv(path, infer_schema=False).select("household_id", "class")


def _classify(path, out, *extra: str):
    return runner.invoke(app, ["classify", str(path), "-o", str(out), *extra])


@pytest.mark.parametrize("view", ["list_view", "large_list_view"])
def test_an_unneeded_list_view_column_is_read_without_a_panic(tmp_path, pa, capfd, view):
    import mdpoverty.io.temporary as temporary

    kind = getattr(pa, view)(pa.string())
    path = _write(pa, tmp_path / "lv.parquet", {"note": pa.array(_cells(pa, 30), kind)})
    before = path.read_bytes()
    result = _classify(path, tmp_path / "o.csv")
    assert result.exit_code == 0, result.stderr
    assert "panicked" not in capfd.readouterr().err  # Rust's own report of a panic: none
    assert f"Arrow schema has a type polars cannot read: 'note' ({view}<string>)" in (result.stderr)
    plain = pl.read_csv(HOUSEHOLDS, n_rows=30, infer_schema=False)
    plain.write_csv(tmp_path / "plain.csv")
    reference = _classify(tmp_path / "plain.csv", tmp_path / "ref.csv")
    assert reference.exit_code == 0, reference.stderr
    assert _classes(tmp_path / "o.csv").equals(_classes(tmp_path / "ref.csv"))
    notes = pl.read_csv(tmp_path / "o.csv", infer_schema=False)["note"].to_list()
    assert notes[:4] == ["a; b", "", None, "a; b"]  # a list view of texts: its items' text
    assert path.read_bytes() == before  # the user's file untouched; the copy gone
    assert temporary.registered() == []


def test_a_needed_list_view_column_is_read_or_refused_as_a_list(tmp_path, pa):
    texts = pa.array([["Việc làm"], [], None], pa.list_view(pa.string()))
    path = _listed(pa, tmp_path / "texts.parquet", {"deprived": texts})
    result = _classify(path, tmp_path / "o.csv", "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.stderr
    assert "read from the list of deprivations in column 'deprived'" in result.stderr
    got = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert got["deprived"].to_list() == ["Việc làm", "", None]
    assert got["deprivation_count"].to_list() == ["1", "0", "0"]
    numbers = pa.array([[1], [], None], pa.large_list_view(pa.int64()))
    extra = {"household_size": numbers, "deprived": texts}
    path = _listed(pa, tmp_path / "numbers.parquet", extra)
    result = _classify(path, tmp_path / "o2.csv", "--as-of", "2024-12-31")
    assert result.exit_code == 4
    assert (
        "the column 'household_size' has a type mdpoverty cannot read (List(Int64))"
        in result.stderr
    )
    assert not (tmp_path / "o2.csv").exists()


def test_a_schema_panic_not_foreseen_is_read_from_the_copy_or_refused(tmp_path, pa, monkeypatch):
    import mdpoverty.io.arrow_schema as arrow_schema

    path = _write(
        pa, tmp_path / "lv.parquet", {"note": pa.array(_cells(pa, 30), pa.list_view(pa.string()))}
    )
    monkeypatch.setattr(arrow_schema, "panicking_columns", lambda _encoded: {})
    result = _classify(path, tmp_path / "o.csv")
    assert result.exit_code == 0, result.stderr
    assert "Arrow schema has a type polars cannot read; the file is read by its" in result.stderr
    monkeypatch.setattr(arrow_schema, "without_arrow_schema", lambda _file: None)
    for lang, said in (
        ("en", "cannot read this Parquet file"),
        ("vi", "không đọc được tệp Parquet này"),
    ):
        result = _classify(path, tmp_path / "o2.csv", "--lang", lang)
        assert result.exit_code == 4
        assert f"lv.parquet: {said}: not yet implemented" in result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o2.csv").exists()


def test_a_fixed_size_list_of_texts_is_a_list_of_texts(tmp_path, pa):
    texts = pa.array([["Việc làm", "BHYT"], ["Việc làm", None], None], pa.list_(pa.string(), 2))
    numbers = pa.array([[1, 2], [3, 4], None], pa.list_(pa.int64(), 2))
    path = _listed(pa, tmp_path / "fs.parquet", {"deprived": texts, "codes": numbers})
    result = _classify(path, tmp_path / "o.csv", "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.stderr
    assert "read from the list of deprivations in column 'deprived'" in result.stderr
    assert "left out of the outputs: 'codes' (Array(Int64, shape=(2,)))" in result.stderr
    got = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert got["deprived"].to_list() == ["Việc làm; BHYT", "Việc làm", None]
    assert got["deprivation_count"].to_list() == ["2", "1", "0"]
    assert "codes" not in got.columns


@given(data=st.binary(max_size=400))
@settings(max_examples=300)
def test_any_arrow_schema_bytes_are_read_or_left_to_polars(data):
    import base64

    from mdpoverty.io.arrow_schema import panicking_columns

    found = panicking_columns(base64.b64encode(data).decode())
    assert isinstance(found, dict)
    assert panicking_columns("not base64!") == {}
