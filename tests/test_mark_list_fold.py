"""The list column of deprivations (`deprived`, `Các chỉ số thiếu hụt`) as an attacker found it:
a name the standard writes in any script is found as written (one fold for names and cells), a
cell naming no indicator leaves every indicator read from the list unknown in explain, and the
list column comes back as the user wrote it, under the user's header. CliRunner with stdout and
stderr apart."""

from __future__ import annotations

import json
import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from .test_header_limits import variant
from .test_marks import invoke, write

runner = CliRunner()
IDENTITY = ["household_id", "area", "household_size", "income_per_capita_month"]
AS_OF = ("--as-of", "2024-12-31")


# --- 1. one fold for the names and the cells ---------------------------------------------------

# Vietnamese, and what Python's casefold and polars' lower case read differently: ß, the ﬁ
# ligature, Greek sigma (final and not), full-width letters, combining marks, dotted I
NAME_CHARS = "aAđĐươƯƠệẾ ßẞﬁﬂΣσςΑαＡａＢｂİı\u0301\u0300\u0323\u0308xX()9-"


def _found(name: str, cell: str) -> tuple[bool | None, str | None]:
    """The mark the list gives `name`'s indicator for `cell`, and the row's failure."""
    from mdpoverty.io.mark_list import list_names, separators
    from mdpoverty.run.mark_list import ListSpec, list_columns

    names = {"ind": [name], "qqq": ["qqq"]}
    spec = ListSpec(list_names(names), (("ind", "m_ind"),), separators(names), None)
    lf = pl.LazyFrame({"raw": [cell]}, schema={"raw": pl.String})
    lf, failures, _ = list_columns(lf, "listed", "raw", spec, pl.Schema({"raw": pl.String}))
    row = lf.select(pl.col("m_ind"), pl.coalesce(failures).alias("f")).collect().row(0)
    return row[0], row[1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=20))
def test_a_name_written_as_the_standard_writes_it_is_always_found(name):
    from mdpoverty.run.mark_list import folded

    key = pl.select(folded(pl.lit(name, dtype=pl.String))).item()
    # a name that folds to nothing, or to the other indicator's, is no name (the loader refuses
    # a blank one)
    if key in ("", "qqq"):
        return
    for cell in (name, unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)):
        assert _found(name, cell) == (True, None), (name, cell)
        assert _found(name, f"qqq; {cell} ") == (True, None), (name, cell)


@pytest.mark.parametrize("name", ["Straße", "ﬁ", "ΣΑΣ", "Ｗｉｆｉ", "İnternet"])
def test_a_mark_header_in_any_script_is_read_from_the_list(tmp_path, name):
    standard = variant(tmp_path, f"[Viễn thông, {name}]")
    path = write(
        tmp_path / "h.csv",
        [*IDENTITY, "deprived"],
        [["A1", "rural", 4, 1_000_000, name], ["A2", "rural", 4, 1_000_000, "BHYT"]],
    )
    out = tmp_path / "o.csv"
    result = invoke("classify", path, "-s", standard, "-o", out, *AS_OF)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    frame = pl.read_csv(out, infer_schema=False)
    assert frame["deprived (new)"].to_list() == ["telecom", "health_insurance"]


def test_an_item_folding_to_no_name_is_rejected_at_its_row(tmp_path):
    # 'STRASSE' is 'Straße' only under casefold: the list and its names share polars' fold, so
    # it is one name the standard does not give, said so, never taken for another
    standard = variant(tmp_path, "[Viễn thông, Straße]")
    path = write(
        tmp_path / "h.csv",
        [*IDENTITY, "deprived"],
        [["A1", "rural", 4, 1_000_000, "Straße"], ["A2", "rural", 4, 1_000_000, "STRASSE"]],
    )
    rejects = tmp_path / "r.csv"
    result = invoke(
        "classify", path, "-s", standard, "-o", tmp_path / "o.csv", "--rejects", rejects, *AS_OF
    )
    assert result.exit_code == 3, result.stderr
    assert "rows read 2 = classified 1 + rejected 1" in result.stdout
    errors = pl.read_csv(rejects, infer_schema=False)["errors"].to_list()
    assert errors == ["deprived:unknown_indicator@STRASSE"]


# --- 2. explain: an indicator read from a rejected list is unknown ------------------------------


def test_explain_shows_every_indicator_of_a_rejected_list_unknown(tmp_path):
    path = write(
        tmp_path / "h.csv",
        [*IDENTITY, "deprived"],
        [
            ["T1", "rural", 4, 1_000_000, "Vệc làm; BHYT; Nhà tiêu HVS"],
            ["T2", "rural", 4, 1_000_000, "Việc làm; BHYT; Nhà tiêu HVS"],
        ],
    )
    result = invoke("explain", path, "--id", "T1", "--json", *AS_OF)
    assert result.exit_code == 3, result.stderr
    (got,) = json.loads(result.stdout)
    assert got["rejected"] == ["deprived:unknown_indicator@Vệc làm"]
    assert got["deprivation_count"] is None and got["class_id"] is None
    assert got["terms"]["deprivation_count"]["value"] is None
    assert len(got["indicators"]) == 12
    assert all(v["unknown"] and not v["deprived"] for v in got["indicators"])
    shown = invoke("explain", path, "--id", "T1", *AS_OF)
    assert shown.exit_code == 3
    text = " ".join(shown.stdout.split())
    assert "not deprived" not in text and "DEPRIVED" not in text
    assert text.count("UNKNOWN") == 12
    # the same list, its names right: known, counted and classified
    (good,) = json.loads(invoke("explain", path, "--id", "T2", "--json", *AS_OF).stdout)
    assert good["deprivation_count"] == 3 and good["class_id"] == "poor"
    assert not any(v["unknown"] for v in good["indicators"])


def test_a_count_that_differs_leaves_the_list_known(tmp_path):
    # the count column's reason is the count's: what the list names is still known
    path = write(
        tmp_path / "h.csv",
        [*IDENTITY, "deprivation_count", "deprived"],
        [["T1", "rural", 4, 1_000_000, 5, "BHYT"]],
    )
    result = invoke("explain", path, "--id", "T1", "--json", *AS_OF)
    assert result.exit_code == 3, result.stderr
    (got,) = json.loads(result.stdout)
    assert got["rejected"] == ["deprivation_count:mismatch@1"]
    assert got["deprivation_count"] == 1
    verdicts = {v["id"]: v["deprived"] for v in got["indicators"]}
    assert verdicts["health_insurance"] is True and sum(verdicts.values()) == 1


# --- 3. the list column comes back as written, under its own header -----------------------------

NFD_CELL = unicodedata.normalize("NFD", "Việc làm; BHYT")


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("keep", [True, False])
def test_the_list_column_is_kept_as_written_under_its_header(tmp_path, lang, keep):
    path = write(
        tmp_path / "h.csv",
        [*IDENTITY, "Chỉ số TH"],
        [
            ["T1", "rural", 4, 1_000_000, NFD_CELL],
            ["T2", "rural", 4, 1_000_000, ""],
            ["T3", "rural", 4, 1_000_000, "Vệc làm"],
        ],
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Chỉ số TH: deprived_list\n", "utf-8")
    out, rejects = tmp_path / "o.csv", tmp_path / "r.csv"
    args = ["--keep-input"] if keep else []
    result = invoke(
        "classify", path, "-o", out, "--rejects", rejects, "--columns", mapping,
        "--lang", lang, *args, *AS_OF,
    )  # fmt: skip
    assert result.exit_code == 3, result.stderr
    for written, cells in ((out, [NFD_CELL, None]), (rejects, ["Vệc làm"])):
        frame = pl.read_csv(written, infer_schema=False)
        assert "deprived_list" not in frame.columns, frame.columns
        assert frame["Chỉ số TH"].to_list() == cells
    # the null is written as nothing, not as an empty quoted text
    assert out.read_text("utf-8").splitlines()[2].count('""') == 1  # the added 'deprived' only
