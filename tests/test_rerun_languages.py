"""classify run again on its own output in the other language (README: Column names): the
columns an earlier run added in either language are kept as they are, and the classes are the
first run's. Two lists of deprivations are refused only when a list is read."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
AS_OF = "2025-06-30"
TWO = ("-s", "vn-2022-2025", "-s", "quangninh-2023-2025")


def _classify(source, out, lang: str, standards: tuple[str, ...]):
    result = runner.invoke(
        app,
        ["classify", str(source), "-o", str(out), "--lang", lang, "--as-of", AS_OF, *standards],
    )
    assert result.exit_code == 0, result.stderr
    return pl.read_csv(out, infer_schema=False)


@pytest.mark.parametrize("standards", [(), TWO], ids=["one", "two"])
@pytest.mark.parametrize("langs", [("vi", "en", "vi", "en"), ("en", "vi", "en", "vi")])
def test_a_rerun_in_the_other_language_keeps_every_earlier_column(tmp_path, langs, standards):
    source, runs = EXAMPLES / "households.csv", []
    for n, lang in enumerate(langs):
        out = tmp_path / f"run{n}.csv"
        runs.append(_classify(source, out, lang, standards))
        source = out
    first, last = runs[0], runs[-1]
    inputs = 20  # the example's columns, headed in each run's language
    for before, after in itertools.pairwise(runs):
        earlier = before.columns[inputs:]  # every column an earlier run added, as it was
        assert after.columns[inputs : len(before.columns)] == earlier
        assert after.select(earlier).equals(before.select(earlier))
        assert len(after.columns) == len(before.columns) + len(first.columns) - inputs
    vi_class = "Phân loại" if not standards else "Phân loại (vn-2022-2025)"
    en_class = "class" if not standards else "class_vn-2022-2025"
    # each run's own class column: the classes of a first run in its language
    reference = {
        lang: _classify(EXAMPLES / "households.csv", tmp_path / f"{lang}.csv", lang, standards)
        for lang in ("en", "vi")
    }
    for i, (run, lang) in enumerate(zip(runs, langs, strict=True)):
        name = vi_class if lang == "vi" else en_class
        added = [c for c in run.columns if c == name or c.startswith(f"{name} (")][-1]
        assert (added != name) == (lang in langs[:i])  # beside an earlier run's: a free name
        assert run[added].to_list() == reference[lang][name].to_list()
        assert run[added].n_unique() >= 3
    assert last.height == first.height


def _list_only(tmp_path, lists: dict[str, list[str]]):
    frame = pl.DataFrame(
        {
            "household_id": ["A", "B"],
            "area": ["rural", "rural"],
            "household_size": ["4", "4"],
            "income_per_capita_month": ["1500000", "1500000"],
            **lists,
        }
    )
    frame.write_csv(tmp_path / "list.csv")
    return tmp_path / "list.csv"


def test_two_lists_are_refused_when_a_list_is_read(tmp_path):
    both = {"deprived": ["Việc làm", ""], "Các chỉ số thiếu hụt": ["Việc làm", ""]}
    result = runner.invoke(
        app, ["classify", str(_list_only(tmp_path, both)), "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 4
    assert "two columns list the household's deprivations" in result.stderr
    one = {"Các chỉ số thiếu hụt": ["Việc làm; BHYT; Nước sinh hoạt", ""]}
    got = _classify(_list_only(tmp_path, one), tmp_path / "o.csv", "en", ())
    assert got["deprivation_count"].to_list() == ["3", "0"]
