"""A share shown as a percentage (report, compare, classify and measures on screen and in .txt
files) is never `0.00%` when it is not zero, nor `100.00%` when it is not all: 1 household in 27
million is `<0.01%`, all but one `>99.99%` (`labels.percent`, the one function they all use).
The report's CSV writes a share that would round to 0 (or 1) at 6 places with every digit; the
JSON keeps exact numbers."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty import labels
from mdpoverty.cli.app import app
from mdpoverty.cli.render import share
from mdpoverty.cli.render_measures import _pct
from mdpoverty.report.export import share_text

from .test_report import AS_OF, hh, write

runner = CliRunner()


@pytest.mark.parametrize(
    ("n", "total", "en", "vi"),
    [
        (0, 27_000_000, "0.00%", "0,00%"),
        (1, 27_000_000, "<0.01%", "<0,01%"),
        (1, 20_000, "<0.01%", "<0,01%"),  # 0.005%: rounds (half to even) to 0.00
        (1, 10_000, "0.01%", "0,01%"),
        (3, 20_000, "0.02%", "0,02%"),  # 0.015%
        (1, 3, "33.33%", "33,33%"),
        (2, 3, "66.67%", "66,67%"),
        (26_999_999, 27_000_000, ">99.99%", ">99,99%"),
        (9_999, 10_000, "99.99%", "99,99%"),
        (27_000_000, 27_000_000, "100.00%", "100,00%"),
        (1, 0, "-", "-"),
    ],
)
def test_a_share_at_its_edges(n, total, en, vi):
    assert labels.share(n, total, "en") == share(n, total) == en
    assert labels.share(n, total, "vi") == vi
    if total:
        assert labels.percent(Fraction(n, total), "en") == _pct(Fraction(n, total)) == en


def test_a_sum_of_weights_and_a_float_rate_too():
    assert share(Fraction(1, 3), Fraction(10**9)) == "<0.01%"
    assert share(Fraction(10**9) - Fraction(1, 3), Fraction(10**9), "vi") == ">99,99%"
    assert labels.percent(1 / 27_000_000, "en") == "<0.01%"
    assert labels.percent(0.125, "en") == "12.50%"


@given(st.integers(min_value=1, max_value=10**9), st.data())
def test_a_share_is_never_shown_as_none_nor_as_all_when_it_is_not(total, data):
    n = data.draw(st.integers(min_value=0, max_value=total))
    text = labels.share(n, total, "en")
    if n:
        assert text != "0.00%"
    if n < total:
        assert text != "100.00%"
    if text[0] not in "<>":  # otherwise within half a hundredth of a percent
        assert abs(Fraction(text[:-1]) - Fraction(100 * n, total)) <= Fraction(1, 200)
    else:
        assert (text == "<0.01%" and 0 < 10_000 * n < total) or (
            text == ">99.99%" and 0 < 10_000 * (total - n) < total
        )


def test_the_report_csv_writes_every_digit_of_a_share_that_would_round_away():
    assert share_text(1 / 27_000_000) == "0.000000037037037037037036"
    assert float(share_text(1 / 27_000_000)) == 1 / 27_000_000
    assert share_text(1 - 1 / 27_000_000).startswith("0.99999996")
    assert (share_text(0.0), share_text(1.0), share_text(0.0125)) == (
        "0.000000",
        "1.000000",
        "0.012500",
    )


def test_one_poor_household_in_twenty_thousand_on_the_screens(tmp_path):
    """1 poor household in 20,001 (0.005%): `<0.01%`, and the not poor `>99.99%`, where
    `0.00%` and `100.00%` were shown; the JSON's share stays exact."""
    rows = [hh("1", "poor")] + [hh(str(i), "not_poor") for i in range(2, 20_002)]
    path = write(tmp_path / "hh.csv", rows)
    report = runner.invoke(app, ["report", str(path), "--as-of", AS_OF])
    assert report.exit_code == 0, report.output
    assert "1 (<0.01%)" in report.stdout
    # only a count of 0 is 0.00%
    assert {m for m in re.findall(r"(\S+) \(0\.00%\)", report.stdout)} == {"0"}, report.stdout
    vi = runner.invoke(app, ["report", str(path), "--as-of", AS_OF, "--lang", "vi"])
    assert "1 (<0,01%)" in vi.stdout
    classify = runner.invoke(
        app, ["classify", str(path), "--as-of", AS_OF, "-o", str(tmp_path / "out.csv")]
    )
    assert classify.exit_code == 0, classify.output
    assert "<0.01%" in classify.stdout and ">99.99%" in classify.stdout
    out = runner.invoke(app, ["report", str(path), "--as-of", AS_OF, "--format", "json"])
    total = json.loads(out.stdout)["reports"][0]["households"]["all"][-1]
    assert (total["poor"], total["households"]) == (1, 20_001)
