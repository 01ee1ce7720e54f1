"""Reading in batches changes nothing: same output, same row numbers, same rejects."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import batches
from mdpoverty.io.readers import ROW
from mdpoverty.io.writers import plain_decimals

from .conftest import EXAMPLES


def _classify(src: Path, out: Path):
    result = CliRunner().invoke(
        app, ["classify", str(src), "-o", str(out), "--as-of", "2024-12-31"]
    )
    return result


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """The example with a quoted newline, a duplicated id far apart, and bad cells late on."""
    rows = list(csv.reader((EXAMPLES / "households.csv").open(encoding="utf-8")))
    header, body = rows[0], rows[1:]
    body[10][3] = "Xã\nhai dòng"  # a commune name with a newline inside quotes
    body[2500][0] = body[5][0]  # the id of row 7 again at row 2502
    body[2900][6] = "1.500.000"  # grouped money: this batch is re-read as text
    body[2950][5] = "abc"
    path = tmp_path / "messy.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(body)
    return path


def test_small_batches_give_the_same_result(tmp_path, messy, monkeypatch):
    whole = tmp_path / "whole.csv"
    assert _classify(messy, whole).exit_code == 3
    monkeypatch.setattr(batches, "BATCH_ROWS", 25)
    pieces = tmp_path / "pieces.csv"
    result = _classify(messy, pieces)
    assert result.exit_code == 3
    assert pieces.read_bytes() == whole.read_bytes()
    assert (tmp_path / "pieces_rejects.csv").read_bytes() == (
        tmp_path / "whole_rejects.csv"
    ).read_bytes()
    rejects = pl.read_csv(tmp_path / "pieces_rejects.csv", infer_schema=False)
    # row numbers are records in the file (header = 1), across batches
    assert dict(zip(rejects["row"], rejects["errors"], strict=True)) == {
        "7": "household_id:duplicate_id",
        "2502": "household_id:duplicate_id",
        "2952": "household_size:not_a_number",
    }
    out = pl.read_csv(pieces, infer_schema=False)
    assert out.height == 2997
    assert "Xã\nhai dòng" in out["commune"].to_list()
    assert "rows read 3,000 = classified 2,997 + rejected 3" in result.stdout


def test_parquet_slices_give_the_same_result(tmp_path, monkeypatch):
    src = tmp_path / "hh.parquet"
    pl.read_csv(
        EXAMPLES / "households.csv", schema_overrides={"household_id": pl.String}
    ).write_parquet(src)
    whole = tmp_path / "whole.csv"
    assert _classify(src, whole).exit_code == 0
    monkeypatch.setattr(batches, "BATCH_ROWS", 97)
    pieces = tmp_path / "pieces.csv"
    assert _classify(src, pieces).exit_code == 0
    assert pieces.read_bytes() == whole.read_bytes()


def test_a_cell_that_is_not_an_integer_makes_the_file_read_as_text(messy, monkeypatch):
    """'1.500.000' in a column to be typed: the first pass over the typed columns finds it, and
    the whole file is read as text, every row once, each with its own cells."""
    from mdpoverty.io.readers import read_table

    monkeypatch.setattr(batches, "BATCH_ROWS", 25)
    table = read_table(str(messy))
    typed = {"income_per_capita_month": "int"}
    frames = list(batches.stream(table, lambda lf: lf, typed))
    whole = pl.concat(frames)
    assert whole[ROW].to_list() == list(range(2, 3002))
    assert {f.schema["income_per_capita_month"] for f in frames} == {pl.String}
    text = pl.read_csv(messy, infer_schema=False)
    assert whole["household_id"].to_list() == text["household_id"].to_list()
    clean = read_table(str(EXAMPLES / "households.csv"))
    first = next(batches.stream(clean, lambda lf: lf, typed))
    assert first.schema["income_per_capita_month"] == pl.Int64  # a clean file stays typed


def test_a_typed_scan_failing_after_its_check_keeps_nothing(messy, monkeypatch):
    """If the typed scan still meets a cell it cannot parse (the file changed between the
    check and the read), the batches it gave cannot be trusted: the run stops (exit 4)."""
    from mdpoverty.errors import InputError
    from mdpoverty.io.readers import read_table

    monkeypatch.setattr(batches, "BATCH_ROWS", 25)
    monkeypatch.setattr(batches, "_types_hold", lambda table, typed: True)
    table = read_table(str(messy))
    with pytest.raises(InputError, match="changed while it was being read"):
        list(batches.stream(table, lambda lf: lf, {"income_per_capita_month": "int"}))


def test_progress_reports_rows_done_and_a_growing_share(tmp_path, monkeypatch):
    from mdpoverty.engine.classifier import compile_standard
    from mdpoverty.io.readers import read_table
    from mdpoverty.io.writers import Target
    from mdpoverty.run.pipeline import classify_table
    from mdpoverty.standard.loader import load_standard

    monkeypatch.setattr(batches, "BATCH_ROWS", 500)
    calls: list[tuple[int, float]] = []
    classify_table(
        read_table(str(EXAMPLES / "households.csv")),
        [compile_standard(load_standard("vn-2022-2025"))],
        Target(str(tmp_path / "out.csv")),
        Target(str(tmp_path / "out_rejects.csv")),
        progress=lambda rows, done: calls.append((rows, done)),
    )
    assert [rows for rows, _ in calls] == [500, 1000, 1500, 2000, 2500, 3000]
    shares = [done for _, done in calls]
    assert shares == sorted(shares) and shares[0] > 0
    assert 0.9 < shares[-1] <= 1.0  # estimated from the file's first MB: all of it here


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_pass_through_text_comes_out_in_nfc(tmp_path, suffix):
    """Decomposed district and commune names (as a Mac may save them) are written composed,
    in the output and in the rejects, whichever way the batch is normalised."""
    import unicodedata

    frame = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(200)
    frame = frame.with_columns(
        pl.col("district", "commune").map_elements(
            lambda v: unicodedata.normalize("NFD", v), return_dtype=pl.String
        )
    ).with_columns(
        # one household with a unique commune name, one rejected
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit(unicodedata.normalize("NFD", "Xã Đồng Rui")))
        .otherwise(pl.col("commune"))
        .alias("commune"),
        pl.when(pl.int_range(pl.len()) == 9)
        .then(pl.lit("abc"))
        .otherwise(pl.col("household_size"))
        .alias("household_size"),
    )
    assert frame["commune"].str.contains("\u0301").any()  # really decomposed
    src = tmp_path / f"hh{suffix}"
    frame.write_csv(src) if suffix == ".csv" else frame.write_parquet(src)
    out = tmp_path / "out.csv"
    assert _classify(src, out).exit_code == 3
    written = pl.read_csv(out, infer_schema=False)
    rejected = pl.read_csv(tmp_path / "out_rejects.csv", infer_schema=False)
    for column in ("district", "commune"):
        for value in [*written[column], *rejected[column]]:
            assert value == unicodedata.normalize("NFC", value)
    assert "Xã Đồng Rui" in written["commune"].to_list()
    expected = frame.with_columns(
        pl.col("district", "commune").map_elements(
            lambda v: unicodedata.normalize("NFC", v), return_dtype=pl.String
        )
    )
    assert written["commune"].to_list() == [c for i, c in enumerate(expected["commune"]) if i != 9]


def test_nfc_series_by_distinct_values_and_cell_by_cell():
    import unicodedata

    from mdpoverty.run.validation import nfc_series

    def nfd(v: str) -> str:
        return unicodedata.normalize("NFD", v)

    few = pl.Series("commune", [nfd("Xã Đồng Rui"), "Hạ Long", None] * 50)  # by distinct values
    many = pl.Series("commune", [nfd(f"Xã Đồng {i}") for i in range(100)])  # cell by cell
    for series in (few, many):
        expected = [None if v is None else unicodedata.normalize("NFC", v) for v in series]
        assert nfc_series(series).to_list() == expected
        assert nfc_series(series).to_list() != series.to_list()


def test_parquet_output_from_many_batches_holds_what_csv_output_holds(tmp_path, monkeypatch):
    """Parquet is written by one sink fed batch by batch: same rows, same order, same values."""
    monkeypatch.setattr(batches, "BATCH_ROWS", 113)
    as_csv, as_parquet = tmp_path / "o.csv", tmp_path / "o.parquet"
    src = EXAMPLES / "households.csv"
    assert _classify(src, as_csv).exit_code == 0
    assert _classify(src, as_parquet).exit_code == 0
    parquet = pl.read_parquet(as_parquet)
    csv_frame = pl.read_csv(as_csv, infer_schema=False)
    assert parquet.height == csv_frame.height == 3000
    assert parquet.schema["income_per_capita_month"] == pl.Decimal(18, 2)
    # the CSV writes whole amounts whole: 1500000, where Parquet keeps 1500000.00
    text = plain_decimals(parquet).select(pl.all().cast(pl.String))
    assert text.select(csv_frame.columns).equals(csv_frame)
    assert not list(tmp_path.glob(".*part*"))  # no temporary file left beside the output


def test_a_failing_sink_raises_its_error_and_a_discarded_one_leaves_nothing(tmp_path):
    from mdpoverty.io.writers import BatchWriter, Target, _Sink

    frame = pl.DataFrame({"a": [1, 2, 3]})
    broken = _Sink(str(tmp_path / "no-such-folder" / "o.csv"), "csv", frame.schema, False)
    with pytest.raises(Exception, match=r"No such file"):
        for _ in range(5):  # the sink fails on opening its file: put or finish says so
            broken.put(frame)
        broken.finish()
    broken.abandon()  # returns: the thread has ended

    writer = BatchWriter(Target(str(tmp_path / "o.parquet")))
    writer.write(frame)
    writer.write(frame)
    writer.discard()
    assert not list(tmp_path.iterdir())


def test_parquet_rejects_hold_cells_as_text_before_and_after_the_switch_to_text(
    tmp_path, messy, monkeypatch
):
    """Rows rejected while integers were typed by the reader, and after the rest of the file
    was read as text, go to one Parquet rejects file with one schema."""
    monkeypatch.setattr(batches, "BATCH_ROWS", 25)
    out, rejects = tmp_path / "o.csv", tmp_path / "r.parquet"
    args = ["classify", str(messy), "-o", str(out), "--rejects", str(rejects)]
    result = CliRunner().invoke(app, [*args, "--as-of", "2024-12-31"])
    assert result.exit_code == 3
    frame = pl.read_parquet(rejects)
    assert frame["row"].to_list() == [7, 2502, 2952]
    assert frame.schema["household_size"] == pl.String
    assert frame.schema["safe_water"] == pl.String
    assert set(frame.drop("row", "errors").schema.dtypes()) == {pl.String}
    assert frame.filter(pl.col("row") == 2952)["household_size"].item() == "abc"
    assert frame.filter(pl.col("row") == 7)["safe_water"].item() in ("true", "false")


def test_the_sinks_source_honours_a_projection_a_filter_and_a_row_limit():
    """What polars may push into an IO source: columns, a predicate, a number of rows."""
    import threading

    from mdpoverty.io.writers import _Sink

    sink = _Sink(  # a real sink, for its queue; it is fed the frames below
        "/dev/null", "csv", pl.Schema({"a": pl.Int64, "b": pl.Int64}), False
    )
    sink.abandon()  # stop its own thread; the source is driven by hand below
    frames = [
        pl.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]}),
        pl.DataFrame({"a": [7, 8], "b": [9, 10]}),
    ]
    feeder = threading.Thread(target=lambda: [sink._queue.put(f) for f in [*frames, None]])
    feeder.start()
    got = list(sink._frames(["a"], pl.col("a") > 1, 3, None))
    feeder.join()
    assert [f.to_dict(as_series=False) for f in got] == [{"a": [2, 3]}, {"a": [7]}]


def test_rejects_from_parquet_hold_every_cell_as_text(tmp_path):
    frame = pl.read_csv(EXAMPLES / "households.csv", schema_overrides={"household_id": pl.String})
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 4)
        .then(0)
        .otherwise(pl.col("household_size"))
        .alias("household_size")
    )
    src, rejects = tmp_path / "hh.parquet", tmp_path / "r.parquet"
    frame.write_parquet(src)
    args = ["classify", str(src), "-o", str(tmp_path / "o.csv"), "--rejects", str(rejects)]
    assert CliRunner().invoke(app, [*args, "--as-of", "2024-12-31"]).exit_code == 3
    got = pl.read_parquet(rejects)
    assert got["errors"].to_list()[0].startswith("household_size:out_of_range")
    assert got["household_size"].to_list() == ["0"]
    assert set(got.drop("row", "errors").schema.dtypes()) == {pl.String}
    assert frame.schema["safe_water"] == pl.Boolean  # a typed column in the input


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_whole_number_of_16_digits_is_out_of_range_however_it_is_read(tmp_path, suffix):
    """The engine's 128-bit arithmetic is proved safe for whole numbers below 10**15: a typed
    CSV column, a Parquet integer and a text cell are all held to it."""
    frame = pl.read_csv(EXAMPLES / "households.csv", schema_overrides={"household_id": pl.String})
    big = pl.int_range(pl.len())
    frame = frame.head(5).with_columns(
        pl.when(big == 1)
        .then(10**15)
        .when(big == 2)
        .then(10**15 - 1)
        .otherwise(pl.col("dependents"))
        .alias("dependents"),
        pl.when(big == 3).then(10**15).otherwise(pl.col("household_size")).alias("household_size"),
    )
    src, out, rejects = tmp_path / f"hh{suffix}", tmp_path / "o.csv", tmp_path / "r.csv"
    frame.write_parquet(src) if suffix == ".parquet" else frame.write_csv(src)
    args = [
        "classify",
        str(src),
        "-o",
        str(out),
        "--rejects",
        str(rejects),
        "--as-of",
        "2024-12-31",
    ]
    assert CliRunner().invoke(app, args).exit_code == 3
    errors = dict(pl.read_csv(rejects, infer_schema=False).select("row", "errors").iter_rows())
    first = 2 if suffix == ".csv" else 1  # the header is line 1 of a CSV file
    assert errors == {
        # out of range, and more than the household's members too
        str(first + 1): "dependents:out_of_range;dependents:more_than_household_size",
        # 10**15 - 1 is a valid number, but more than the household's members
        str(first + 2): "dependents:more_than_household_size",
        str(first + 3): "household_size:out_of_range",
    }
    assert pl.read_csv(out).height == 2
