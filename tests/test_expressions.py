from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mdpoverty.engine.expressions import Kind, Q, Symbol, compile_expression, parse
from mdpoverty.errors import ExpressionError


def num_col(name: str, bound: int = 10**12) -> Symbol:
    # a column's bound is the largest magnitude its values can have (validation sees to it)
    return Symbol(Kind.NUM, lambda: Q(pl.col(name), bound=bound), "column")


def bool_col(name: str) -> Symbol:
    return Symbol(Kind.BOOL, lambda: pl.col(name), "column")


SYMBOLS = {
    "a": num_col("a"),
    "b": num_col("b"),
    "flag": bool_col("flag"),
    "area": Symbol(Kind.STR, lambda: pl.col("area"), "column"),
}


def evaluate(text: str, frame: dict) -> list:
    compiled = compile_expression(text, SYMBOLS)
    return pl.DataFrame(frame).select(compiled.as_expr().alias("r"))["r"].to_list()


def test_arithmetic_precedence_and_chained_comparison():
    frame = {"a": [1, 5, 10], "b": [2, 2, 2], "flag": [True, False, True], "area": ["rural"] * 3}
    assert evaluate("a + b * 2", frame) == [5, 9, 14]
    assert evaluate("(a + b) * 2", frame) == [6, 14, 24]
    assert evaluate("2 < a <= 5", frame) == [False, True, False]
    assert evaluate("not flag or a > 5", frame) == [False, True, True]
    assert evaluate("area == 'rural' and flag", frame) == [True, False, True]
    assert evaluate("min(a, b * 3) == a", frame) == [True, True, False]
    assert evaluate("max(a, 7)", frame) == [7, 7, 10]
    assert evaluate("abs(b - a)", frame) == [1, 3, 8]


def test_division_is_exact_at_one_half():
    # 1/2 > 0.5 must be False and 3/6 >= 0.5 True, with no float in between
    frame = {"a": [1, 3, 2, 2], "b": [2, 6, 3, 4], "flag": [True] * 4, "area": ["x"] * 4}
    assert evaluate("a / b > 0.5", frame) == [False, False, True, False]
    assert evaluate("a / b >= 0.5", frame) == [True, True, True, True]
    assert evaluate("a / b == 1 / 2", frame) == [True, True, False, True]


def test_division_by_zero_is_unknown_not_true():
    frame = {"a": [1], "b": [0], "flag": [True], "area": ["x"]}
    assert evaluate("a / b > 0.5", frame) == [None]
    assert evaluate("a / b <= 0.5", frame) == [None]


@settings(deadline=None)  # each example runs a polars query: no fixed time on a busy machine
@given(
    a=st.integers(-10_000, 10_000),
    b=st.integers(-50, 50).filter(lambda x: x != 0),
    c=st.integers(-10_000, 10_000),
    d=st.integers(-50, 50).filter(lambda x: x != 0),
    op=st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
)
def test_fraction_comparisons_agree_with_exact_arithmetic(a, b, c, d, op):
    frame = {"a": [a], "b": [b], "flag": [True], "area": ["x"]}
    text = f"a / b {op} {c} / {d}" if d > 0 else f"a / b {op} {c} / ({d})"
    left, right = Fraction(a, b), Fraction(c, d)
    expected = {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[op]
    assert evaluate(text, frame) == [expected]


@settings(deadline=None)
@given(x=st.integers(0, 10**9), y=st.integers(1, 10**6))
def test_sums_of_fractions_are_exact(x, y):
    # x/y + x/y compared with 2x/y: exact equality, always
    frame = {"a": [x], "b": [y], "flag": [True], "area": ["x"]}
    assert evaluate("a / b + a / b == 2 * a / b", frame) == [True]
    assert evaluate("a / b - 0.1 < a / b", frame) == [True]


@settings(deadline=None)
@example(x=10**18 - 1, y=10**18 - 1, off=-1)
@example(x=-(10**18) + 1, y=10**18 - 1, off=1)
@example(x=3_037_000_500, y=3_037_000_500, off=-1)  # just past 2**63
@given(
    x=st.integers(-(10**18) + 1, 10**18 - 1),
    y=st.integers(-(10**18) + 1, 10**18 - 1),
    off=st.integers(-1, 1),
)
def test_products_beyond_64_bits_are_exact(x, y, off):
    # |x * y| reaches 10**36: in 64-bit integers it would wrap; the compiler works in 128 bits
    symbols = {"a": num_col("a", 10**18), "b": num_col("b", 10**18)}
    threshold = x * y + off
    text = f"a * b > {threshold}" if threshold >= 0 else f"a * b > -{-threshold}"
    compiled = compile_expression(text, symbols)
    got = pl.DataFrame({"a": [x], "b": [y]}).select(compiled.as_expr())
    assert got.item() == (x * y > threshold)


def test_arithmetic_that_could_overflow_128_bits_is_refused_when_compiled():
    symbols = {"a": num_col("a", 10**18), "b": num_col("b", 10**18)}
    compile_expression("a * b / (a + b) < 5", symbols)  # 10**36 at most: fine
    with pytest.raises(ExpressionError, match="exceed exact 128-bit integers") as info:
        compile_expression("a * b * a > 1", symbols)
    assert info.value.position == 6  # the second '*'
    # a number written too large is said so, with the bound, not blamed on a product
    with pytest.raises(ExpressionError, match=r"the number 9{40} is too large .* \(2\^127 - 1\)"):
        compile_expression("a > " + "9" * 40, symbols)
    # numbers that fit alone, but not in this arithmetic with a's bound: named
    with pytest.raises(ExpressionError, match=r"because of the long number 1{30}: write it"):
        compile_expression("a * " + "1" * 30 + " > 1", symbols)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.__class__", "attribute access is not part of the language"),
        ("__import__('os')", "unknown function '__import__'"),
        ("eval('1')", "unknown function 'eval'"),
        ("open('x')", "unknown function 'open'"),
        ("a[0]", "indexing is not part of the language"),
        ("a = 1", "use == to test equality"),
        ("aa > 1", "unknown name 'aa' (did you mean 'area', 'a'?)"),
        ("a > ", "unexpected end of the expression"),
        ("a and flag", "'and' needs true/false, got number"),
        ("flag + 1", "'+' needs number, got true/false"),
        ("area < 'x'", "'<' needs numbers, got text"),
        ("a == 'x'", "cannot compare number with text"),
        ("", "the expression is empty"),
        ("(a > 1", "expected ')'"),
        ("deprived('water')", "deprived() is only available in class rules"),
        ("a > 1 b", "unexpected 'b'"),
        ("a ; b", "unexpected character ';'"),
        # another script's digit or space is no number or gap (Python's \d and \s would take them)
        ("a == \u0661", "unexpected character"),
        ("a >\u00a01", "unexpected character"),
        ("a == 1\uff10", "unexpected"),
    ],
)
def test_rejected_expressions_say_why_and_where(text, message):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, SYMBOLS, file="s.yaml", yaml_path="indicators[0].deprived_when")
    rendered = str(info.value)
    assert message in rendered
    assert rendered.startswith("s.yaml: indicators[0].deprived_when: ")
    assert text in rendered  # the expression is quoted with a caret under the position


def test_caret_points_at_the_problem():
    with pytest.raises(ExpressionError) as info:
        compile_expression("a > 1 and bb < 2", SYMBOLS)
    assert info.value.position == 10
    assert info.value.details[1] == " " * 10 + "^"


@pytest.mark.parametrize(
    ("text", "shown", "column"),
    [
        # a character the message escapes takes the columns of its escape, before the caret
        ('"x\u200b\u202e" == area and bb > 1', '"x\\u200b\\u202e" == area and bb > 1', 28),
        # a wide character takes two columns, a combining mark none
        ('"ｘｙ" == area and bb > 1', '"ｘｙ" == area and bb > 1', 19),
        ('"Ha\u0300" == area and bb > 1', '"Ha\u0300" == area and bb > 1', 17),
        # a line break is escaped: the expression stays on one line, above its caret
        ('"\n" == area and bb > 1', '"\\x0a" == area and bb > 1', 19),
    ],
)
def test_caret_sits_under_the_expression_as_shown(text, shown, column):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, SYMBOLS)
    assert info.value.details[0] == shown
    assert info.value.details[1] == " " * column + "^"


def test_caret_keeps_a_tab_as_a_tab():
    with pytest.raises(ExpressionError) as info:
        compile_expression('"\t" == area and bb > 1', SYMBOLS)
    assert info.value.details == ['"\t" == area and bb > 1', " \t" + " " * 14 + "^"]


def test_expected_kind_is_checked():
    with pytest.raises(ExpressionError, match="must give true/false, but gives number"):
        compile_expression("a + 1", SYMBOLS, expect=Kind.BOOL)


def test_names_used_are_reported():
    compiled = compile_expression("a / b > 0.5 and flag", SYMBOLS)
    assert compiled.names == {"a", "b", "flag"}


def test_numbers_with_underscores_and_decimals_are_exact():
    tree = parse("1_500_000 + 0.1")
    assert tree.left.value == Fraction(1_500_000)
    assert tree.right.value == Fraction(1, 10)


class _Undefined(Exception):
    """A division by zero somewhere in the expression: polars gives null, the test skips it."""


@st.composite
def _arithmetic(draw, depth: int = 0):
    """(expression text, exact evaluator over {'a', 'b', 'm'})."""
    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        leaf = draw(st.sampled_from(["a", "b", "m", "a", "b", "m", "lit"]))
        if leaf != "lit":
            return leaf, lambda env, n=leaf: env[n]
        value = Fraction(draw(st.sampled_from(["0.5", "2", "7", "100", "0.01", "1000000"])))
        return str(value.numerator if value.denominator == 1 else float(value)), lambda env: value
    kind = draw(st.sampled_from(["+", "-", "*", "*", "/", "neg", "abs", "min", "max"]))
    left_text, left = draw(_arithmetic(depth + 1))
    if kind == "neg":
        return f"-({left_text})", lambda env: -left(env)
    if kind == "abs":
        return f"abs({left_text})", lambda env: abs(left(env))
    right_text, right = draw(_arithmetic(depth + 1))
    if kind in ("min", "max"):
        pick = min if kind == "min" else max
        return f"{kind}({left_text}, {right_text})", lambda env: pick(left(env), right(env))

    def combine(env, op=kind):
        x, y = left(env), right(env)
        if op == "/" and y == 0:
            raise _Undefined
        return {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0}[op]

    return f"({left_text} {kind} {right_text})", combine


@settings(deadline=None, max_examples=300)
@given(
    expression=_arithmetic(),
    bound=st.sampled_from([10**15, 10**18]),
    a=st.integers(-(10**18) + 1, 10**18 - 1),
    b=st.integers(-(10**18) + 1, 10**18 - 1),
    cents=st.integers(-(10**18) + 1, 10**18 - 1),
    threshold=st.integers(-(10**36), 10**36),
)
def test_any_expression_the_compiler_accepts_is_exact_at_any_valid_value(
    expression, bound, a, b, cents, threshold
):
    # the compiler either refuses an expression (it could leave 128 bits for values within the
    # bound) or computes it exactly, whatever the values within the bound
    a, b = a % bound * (1 if a >= 0 else -1), b % bound * (1 if b >= 0 else -1)
    text, exact = expression
    try:
        expected_value = exact({"a": Fraction(a), "b": Fraction(b), "m": Fraction(cents, 100)})
    except _Undefined:
        return
    exact_money = pl.Decimal(18, 2)  # as the engine reads money: an integer of hundredths
    money = Q(pl.col("m").cast(exact_money).to_physical(), 100, 10**18)
    symbols = {
        "a": num_col("a", bound),
        "b": num_col("b", bound),
        "m": Symbol(Kind.NUM, lambda: money, "column"),
    }
    written = str(threshold) if threshold >= 0 else f"(-{-threshold})"
    try:
        compiled = compile_expression(f"{text} > {written}", symbols)
    except ExpressionError as exc:
        assert "128-bit" in exc.message
        return
    frame = pl.DataFrame(
        {"a": [a], "b": [b], "m": [Decimal(cents) / 100]},
        schema={"a": pl.Int64, "b": pl.Int64, "m": exact_money},
    )
    got = frame.select(compiled.as_expr()).item()
    assert got == (expected_value > threshold), text
