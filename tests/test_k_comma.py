"""--k with a comma followed by exactly three digits: thousands or decimals? Refused, as the
input's ambiguous_number rule refuses such a cell; after a whole part of 0 it is a decimal."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.measures.alkire_foster import Cutoff

from .conftest import EXAMPLES

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "advice"),
    [("1,000", "write 1 or 1000"), ("1,500", "write 1.5 or 1500"),
     ("10,000", "write 10 or 10000"), ("33,333%", "write 33.333% or 33333%"),
     (" 001,000 ", "write 1 or 1000")],
)  # fmt: skip
def test_a_comma_before_three_digits_is_refused(text, advice):
    with pytest.raises(ValueError, match="ambiguous number") as info:
        Cutoff.parse(text)
    assert str(info.value).endswith(advice)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0,333", Fraction(333, 1000)), ("00,500", Fraction(1, 2)),
     ("0,33", Fraction(33, 100)), ("1.000", Fraction(1)), ("33,3333%", Fraction(333333, 1000000)),
     ("0,3333", Fraction(3333, 10000))],
)  # fmt: skip
def test_a_decimal_comma_that_cannot_group_thousands_is_read(text, value):
    assert Cutoff.parse(text).value == value


@given(st.integers(1, 999), st.integers(0, 999), st.sampled_from(["", "%"]))
def test_every_whole_part_but_zero_is_ambiguous(whole, part, percent):
    with pytest.raises(ValueError, match=f"write .* or {whole}{part:03d}{percent}$"):
        Cutoff.parse(f"{whole},{part:03d}{percent}")


@given(st.integers(1, 999))
def test_after_a_zero_three_digits_are_decimals(part):
    assert Cutoff.parse(f"0,{part:03d}").value == Fraction(part, 1000)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "'1,000': ambiguous number (a thousands separator or a decimal comma?): write 1 or "
            "1000"),
     ("vi", "'1,000': số không rõ nghĩa (dấu phân cách hàng nghìn hay dấu thập phân?): hãy viết "
            "1 hoặc 1000")],
)  # fmt: skip
def test_the_command_refuses_it_as_a_usage_error(lang, said):
    result = runner.invoke(
        app, ["measures", str(EXAMPLES / "households.csv"), "--k", "1,000", "--lang", lang]
    )
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "advice"),
    [("1,000/3", "write 1/3 or 1000/3"), ("1/1,000", "write 1/1 or 1/1000"),
     ("2,500/10", "write 2.5/10 or 2500/10")],
)  # fmt: skip
def test_a_comma_before_three_digits_in_a_fraction_is_refused_too(text, advice):
    with pytest.raises(ValueError, match="ambiguous number") as info:
        Cutoff.parse(text)
    assert str(info.value).endswith(advice)


@pytest.mark.parametrize(
    ("k", "lang", "title"),
    [("1.000", "vi", "k = 1,000 = 1"), ("0,25", "vi", "k = 0,25 = 1/4"),
     ("0.25", "vi", "k = 0,25 = 1/4"), ("1.000", "en", "k = 1.000 = 1"),
     ("1/3", "vi", "k = 1/3:")],
)  # fmt: skip
def test_k_is_shown_in_the_runs_number_style(k, lang, title):
    result = runner.invoke(
        app,
        ["measures", str(EXAMPLES / "households.csv"), "-s", "vn-2022-2025", "--k", k,
         "--lang", lang],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert title in result.stdout
