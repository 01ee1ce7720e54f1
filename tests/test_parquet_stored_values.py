"""Parquet values polars would change as it reads them, without a word (brief leftpq): times of
day outside 0-24 h (read as empty cells), durations stored in seconds past 2^63 ms (wrapped),
Spark's INT96 times outside 1677-2262 (read as 2262-04-11). Each is found from the file's footer
(its statistics) or its values, and the column left out with a note when mdpoverty does not need
it, or refused (exit 4) naming it when it does; values in range are read as they are."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from mdpoverty.io import parquet_footer, readers

from .test_reader_trust import _households, run

I64 = 2**63 - 1


@pytest.fixture
def arrow():
    return pytest.importorskip("pyarrow")


def _cases(pa):
    """name -> (column, options of pq.write_table, the type as the message names it)."""
    ms = pa.array([-1, 86_400_000, 1_000], pa.int32()).view(pa.time32("ms"))
    us = pa.array([0, 86_400 * 10**6, None], pa.int64()).view(pa.time64("us"))
    ns = pa.array([-(2**63), 5, None], pa.int64()).view(pa.time64("ns"))
    seconds = pa.array([I64 // 1000 + 1, 0, None], pa.int64()).view(pa.duration("s"))
    stamps = pa.array([dt.datetime(1, 1, 1), dt.datetime(2020, 1, 1), None], pa.timestamp("us"))
    return {
        "time32[ms] -1 ms": (ms, {}, "Time \u2209 00:00..24:00"),
        "time64[us] 24:00": (us, {}, "Time \u2209 00:00..24:00"),
        "time64[ns] -2^63": (ns, {}, "Time \u2209 00:00..24:00"),
        "time without statistics": (ms, {"write_statistics": False}, "Time \u2209 00:00..24:00"),
        "duration[s] past 2^63 ms": (seconds, {}, "duration[s]"),
        "INT96 year 1 (Spark)": (
            stamps,
            {"use_deprecated_int96_timestamps": True, "store_schema": False},
            "\u2209 1677-09-21..2262-04-11",
        ),
    }


def _write(path, column, options, needed=False):
    import pyarrow.parquet as pq

    table = _households(len(column))
    if needed:
        at = table.schema.get_field_index("income_per_capita_month")
        table = table.set_column(at, "income_per_capita_month", column)
    else:
        table = table.append_column("x", column)
    pq.write_table(table, path, **options)
    return table


CASES = [
    "time32[ms] -1 ms",
    "time64[us] 24:00",
    "time64[ns] -2^63",
    "time without statistics",
    "duration[s] past 2^63 ms",
    "INT96 year 1 (Spark)",
]


@pytest.mark.parametrize("case", CASES)
def test_an_unneeded_column_polars_would_change_is_left_out_with_a_note(tmp_path, arrow, case):
    column, options, kind = _cases(arrow)[case]
    src = tmp_path / "h.parquet"
    table = _write(src, column, options)
    result = run("classify", str(src), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.stderr
    assert "1 column of a type mdpoverty cannot read, not needed and left out" in result.stderr
    assert "'x' (" in result.stderr and kind in result.stderr, result.stderr
    written = pl.read_csv(tmp_path / "o.csv", infer_schema=False)
    assert "x" not in written.columns
    assert written["household_id"].to_list() == table["household_id"].to_pylist()


@pytest.mark.parametrize("case", CASES)
def test_a_needed_column_polars_would_change_is_refused_naming_it(tmp_path, arrow, case):
    column, options, kind = _cases(arrow)[case]
    src = tmp_path / "h.parquet"
    _write(src, column, options, needed=True)
    for lang, said in (("en", "the column 'income_per_capita_month'"), ("vi", "cột 'income")):
        result = run("classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", lang)
        assert result.exit_code == 4, result.stderr
        assert said in result.stderr and kind in result.stderr, result.stderr
        assert not (tmp_path / "o.csv").exists()


def test_times_durations_and_int96_times_in_range_are_read_as_they_are(tmp_path, arrow):
    pa = arrow
    import pyarrow.parquet as pq

    table = _households(3)
    times = pa.array([0, 86_399_999, 1_000], pa.int32()).view(pa.time32("ms"))
    seconds = pa.array([I64 // 1000, -(I64 // 1000), None], pa.int64()).view(pa.duration("s"))
    table = table.append_column("t", times).append_column("s", seconds)
    for name, options in (("a", {}), ("b", {"write_statistics": False})):
        src = tmp_path / f"{name}.parquet"
        pq.write_table(table.drop_columns(["s"]) if options else table, src, **options)
        result = run("classify", str(src), "-o", str(tmp_path / f"{name}.csv"))
        assert result.exit_code == 0, result.stderr
        assert "left out" not in result.stderr
        written = pl.read_csv(tmp_path / f"{name}.csv", infer_schema=False)
        assert written["t"].to_list() == [
            "00:00:00.000000000",
            "23:59:59.999000000",
            "00:00:01.000000000",
        ]
        if not options:
            assert written["s"].to_list()[:2] == [
                "P106751991167DT7H12M55S",
                "-P106751991167DT7H12M55S",
            ]
    stamps = pa.array([dt.datetime(1700, 1, 1), dt.datetime(2262, 1, 1), None], pa.timestamp("us"))
    src = tmp_path / "s.parquet"
    pq.write_table(
        _households(3).append_column("d", stamps),
        src,
        use_deprecated_int96_timestamps=True,
        store_schema=False,
    )
    schema = pl.scan_parquet(src).collect_schema()
    assert readers.out_of_range(src, schema, "s.parquet") == {}


def test_the_footer_reader_gives_statistics_and_row_groups(tmp_path, arrow):
    pa = arrow
    import pyarrow.parquet as pq

    src = tmp_path / "f.parquet"
    times = pa.array([5, 7, None, 9], pa.int64()).view(pa.time64("ns"))
    pq.write_table(pa.table({"t": times, "n": [1, 2, 3, 4]}), src, row_group_size=3)
    footer = parquet_footer.read(src)
    assert footer is not None and footer.rows == [3, 1]
    assert footer.time_units == {"t": 1_000_000_000}
    chunks = footer.chunks["t"]
    assert [
        (parquet_footer.as_int(c.minimum), parquet_footer.as_int(c.maximum)) for c in chunks
    ] == [
        (5, 7),
        (9, 9),
    ]
    assert [c.nulls for c in chunks] == [1, 0]
    (tmp_path / "junk.parquet").write_bytes(b"PAR1" + b"\xff" * 40 + b"\x20\x00\x00\x00PAR1")
    assert parquet_footer.read(tmp_path / "junk.parquet") is None
