"""A whitelist compiler from the small expression language of standard files to polars.

The language: numbers (``1_500_000``, ``0.5``), text in quotes, ``true``/``false``, names
(columns, parameters, indicator ids, ``deprivation_count``), ``+ - * /``, comparisons
(``< <= > >= == !=``, chainable: ``a < b <= c``), ``and or not``, parentheses and the
functions ``min``, ``max`` and ``abs``. Nothing else parses: no attribute access, no
indexing, no calls to anything outside that list, and never ``eval`` or ``exec``.

Arithmetic is exact. Every number is carried as a fraction ``num / den`` whose numerator is a
polars expression over integers or exact decimals; a comparison multiplies both sides by the
positive product of the denominators, so ``dependents / household_size > 0.5`` is decided in
integers and a household exactly at a legal threshold is never misclassified by rounding.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import ExpressionError

if TYPE_CHECKING:
    import polars as pl


class Kind(Enum):
    NUM = "number"
    BOOL = "true/false"
    STR = "text"


# --------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d[\d_]*(?:\.\d[\d_]*)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
FUNCTIONS = {"min": (1, None), "max": (1, None), "abs": (1, 1), "deprived": (1, 1)}
# deprived("id") reads an indicator's verdict in class rules; indicators live in their own
# namespace because an indicator may share its id with a column (dependents).
INDICATOR_PREFIX = "deprived:"
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}


@dataclass(frozen=True)
class Token:
    kind: str  # num, name, str, op, kw, end
    text: str
    pos: int


@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Number(Node):
    value: Fraction


@dataclass(frozen=True)
class Text(Node):
    value: str


@dataclass(frozen=True)
class Boolean(Node):
    value: bool


@dataclass(frozen=True)
class Name(Node):
    id: str


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / and or
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]


class _SyntaxError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = {
                "=": "use == to test equality",
                ".": "attribute access is not part of the language",
                "[": "indexing is not part of the language",
                "&": "write 'and'",
                "|": "write 'or'",
                "!": "write 'not'",
            }.get(ch, "")
            raise _SyntaxError(f"unexpected character '{ch}'" + (f": {hint}" if hint else ""), pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            value = m.group()
            if kind == "name" and value in _KEYWORDS:
                kind = "kw"
            tokens.append(Token(kind, value, pos))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str, text: str) -> Token | None:
        if self.tok.kind == kind and self.tok.text == text:
            return self.take()
        return None

    def expect(self, kind: str, text: str) -> Token:
        tok = self.accept(kind, text)
        if tok is None:
            raise _SyntaxError(f"expected '{text}', found {self.describe(self.tok)}", self.tok.pos)
        return tok

    @staticmethod
    def describe(tok: Token) -> str:
        return "end of the expression" if tok.kind == "end" else f"'{tok.text}'"

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise _SyntaxError("the expression is empty", 0)
        node = self.or_()
        if self.tok.kind != "end":
            raise _SyntaxError(f"unexpected {self.describe(self.tok)}", self.tok.pos)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while tok := self.accept("kw", "or"):
            node = Binary(tok.pos, "or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while tok := self.accept("kw", "and"):
            node = Binary(tok.pos, "and", node, self.not_())
        return node

    def not_(self) -> Node:
        if tok := self.accept("kw", "not"):
            return Unary(tok.pos, "not", self.not_())
        return self.compare()

    def compare(self) -> Node:
        first = self.sum_()
        ops: list[str] = []
        operands = [first]
        while self.tok.kind == "op" and self.tok.text in _COMPARE:
            ops.append(self.take().text)
            operands.append(self.sum_())
        if not ops:
            return first
        return Compare(first.pos, tuple(ops), tuple(operands))

    def sum_(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            tok = self.take()
            node = Binary(tok.pos, tok.text, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            tok = self.take()
            node = Binary(tok.pos, tok.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if tok := self.accept("op", "-"):
            return Unary(tok.pos, "-", self.unary())
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Number(tok.pos, Fraction(Decimal(tok.text.replace("_", ""))))
        if tok.kind == "str":
            return Text(tok.pos, tok.text[1:-1])
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return Boolean(tok.pos, tok.text == "true")
        if tok.kind == "name":
            if self.accept("op", "("):
                args: list[Node] = []
                if not self.accept("op", ")"):
                    args.append(self.or_())
                    while self.accept("op", ","):
                        args.append(self.or_())
                    self.expect("op", ")")
                return Call(tok.pos, tok.text, tuple(args))
            return Name(tok.pos, tok.text)
        if tok.kind == "op" and tok.text == "(":
            node = self.or_()
            self.expect("op", ")")
            return node
        raise _SyntaxError(f"unexpected {self.describe(tok)}", tok.pos)


def parse(text: str) -> Node:
    """Parse `text` into a syntax tree; raises ``_SyntaxError`` with a position."""
    return _Parser(text).parse()


# --------------------------------------------------------------------------- compiling


# Every value carries a bound on its magnitude over all valid inputs. Arithmetic runs in 64-bit
# integers while the bound allows, in 128-bit ones beyond; an expression that could leave the
# 128-bit range is refused when it is compiled, so no result is ever silently wrapped.
INT64_BOUND = 2**63
INT128_BOUND = 2**127 - 1


@dataclass(frozen=True)
class Q:
    """An exact number: ``num / den``; ``den`` is a positive int or a polars expression.

    `bound` is the largest ``|num|`` can be for any valid input, `den_bound` the largest
    ``|den|`` when ``den`` is an expression.
    """

    num: pl.Expr
    den: int | pl.Expr = 1
    bound: int = INT64_BOUND
    den_bound: int = 1

    def den_expr(self) -> pl.Expr:
        import polars as pl

        return pl.lit(self.den) if isinstance(self.den, int) else self.den

    @property
    def den_max(self) -> int:
        return self.den if isinstance(self.den, int) else self.den_bound


@dataclass(frozen=True)
class Symbol:
    """What a name stands for: its kind and how to build its polars value."""

    kind: Kind
    build: Callable[[], Any]  # -> Q for NUM, pl.Expr for BOOL/STR
    what: str  # "column", "parameter", "indicator", ...


@dataclass(frozen=True)
class Compiled:
    text: str
    kind: Kind
    value: Any  # Q or pl.Expr
    names: frozenset[str]

    def as_expr(self) -> pl.Expr:
        """A polars expression; a fraction becomes its exact integer when its den is 1."""
        if isinstance(self.value, Q):
            return q_to_expr(self.value)
        return self.value


def q_to_expr(q: Q) -> pl.Expr:
    if isinstance(q.den, int) and q.den == 1:
        return q.num
    return q.num / q.den_expr()


def fraction_q(value: Fraction) -> Q:
    import polars as pl

    n = value.numerator
    if abs(n) > INT128_BOUND:  # refused by the compiler's bound check: never evaluated
        return Q(pl.lit(None, dtype=pl.Int128), value.denominator, abs(n))
    return Q(
        pl.lit(n, dtype=pl.Int64 if abs(n) < INT64_BOUND else pl.Int128), value.denominator, abs(n)
    )


def _wide(expr: pl.Expr | int, bound: int) -> pl.Expr | int:
    """`expr`, in 128-bit integers when a result of magnitude `bound` needs them (64-bit
    arithmetic costs a third as much; a column already in 128 bits, such as money, stays so)."""
    import polars as pl

    if isinstance(expr, int) or bound < INT64_BOUND:
        return expr
    return expr.cast(pl.Int128)


def _scale(expr: pl.Expr, factor: int | pl.Expr, bound: int) -> pl.Expr:
    """`expr * factor`, whose magnitude is at most `bound`."""
    if isinstance(factor, int) and factor == 1:
        return expr
    return _wide(expr, bound) * _wide(factor, bound)  # type: ignore[operator]


def _mul_den(a: int | pl.Expr, b: int | pl.Expr, bound: int) -> int | pl.Expr:
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, int) and a == 1:
        return b
    if isinstance(b, int) and b == 1:
        return a
    return _wide(a, bound) * _wide(b, bound)  # type: ignore[operator]


def _common(a: Q, b: Q) -> tuple[pl.Expr, pl.Expr, int | pl.Expr, int, int, int]:
    """Numerators of a and b over one common denominator, with the bounds of the two numerators
    and of the denominator."""
    if isinstance(a.den, int) and isinstance(b.den, int):
        den = math.lcm(a.den, b.den)
        fa, fb = den // a.den, den // b.den
        a_bound, b_bound = a.bound * fa, b.bound * fb
        return _scale(a.num, fa, a_bound), _scale(b.num, fb, b_bound), den, a_bound, b_bound, den
    a_bound, b_bound = a.bound * b.den_max, b.bound * a.den_max
    den_bound = a.den_max * b.den_max
    an, bn = _scale(a.num, b.den, a_bound), _scale(b.num, a.den, b_bound)
    return an, bn, _mul_den(a.den, b.den, den_bound), a_bound, b_bound, den_bound


def _compare(op: str, a: Q, b: Q) -> tuple[pl.Expr, int]:
    """The comparison, and the bound of the products it computes."""
    import polars as pl

    a_bound, b_bound = a.bound * b.den_max, b.bound * a.den_max
    bound = max(a_bound, b_bound)
    if isinstance(a.den, int) and isinstance(b.den, int):
        left, right = _scale(a.num, b.den, a_bound), _scale(b.num, a.den, b_bound)
    else:
        # Multiply both sides by |den_a * den_b| = sign * den_a * den_b; a zero
        # denominator leaves the sign null, and so the comparison unknown, never true.
        den_bound = a.den_max * b.den_max
        dd = _mul_den(a.den, b.den, den_bound)  # an expression: one of the two is
        sign = pl.when(dd != 0).then(dd.sign())  # type: ignore[union-attr]
        left = _scale(a.num, b.den, a_bound) * sign
        right = _scale(b.num, a.den, b_bound) * sign
        bound = max(bound, den_bound)
    compared = {
        "<": left.__lt__,
        "<=": left.__le__,
        ">": left.__gt__,
        ">=": left.__ge__,
        "==": left.__eq__,
        "!=": left.__ne__,
    }[op](right)
    return compared, bound


class _Compiler:
    def __init__(self, text: str, symbols: dict[str, Symbol], where: dict[str, Any]) -> None:
        self.text = text
        self.symbols = symbols
        self.where = where
        self.names: set[str] = set()

    def fail(self, message: str, pos: int) -> ExpressionError:
        return ExpressionError(message, expression=self.text, position=pos, **self.where)

    def compile(self, node: Node) -> tuple[Kind, Any]:
        import polars as pl

        if isinstance(node, Number):
            return Kind.NUM, self.fits(fraction_q(node.value), node)
        if isinstance(node, Text):
            return Kind.STR, pl.lit(node.value)
        if isinstance(node, Boolean):
            return Kind.BOOL, pl.lit(node.value)
        if isinstance(node, Name):
            symbol = self.symbols.get(node.id)
            if symbol is None:
                close = difflib.get_close_matches(node.id, list(self.symbols), n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                raise self.fail(f"unknown name '{node.id}'{hint}", node.pos)
            self.names.add(node.id)
            return symbol.kind, symbol.build()
        if isinstance(node, Unary):
            kind, value = self.compile(node.operand)
            if node.op == "-":
                self.need(kind, Kind.NUM, node.operand, "'-'")
                negated = 0 - _wide(value.num, value.bound)  # polars has no neg for Int128
                return Kind.NUM, Q(negated, value.den, value.bound, value.den_bound)
            self.need(kind, Kind.BOOL, node.operand, "'not'")
            return Kind.BOOL, ~value
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Compare):
            return Kind.BOOL, self.comparison(node)
        if isinstance(node, Call):
            return self.call(node)
        raise self.fail("unsupported expression", node.pos)  # pragma: no cover

    def fits(self, q: Q, node: Node, *bounds: int) -> Q:
        """`q`, if it and the `bounds` of the products that made it stay in 128 bits."""
        if max(q.bound, q.den_max, *bounds) > INT128_BOUND:
            raise self.fail(
                "this arithmetic can exceed exact 128-bit integers for valid inputs "
                "(whole numbers up to 15 digits, money and m2 counted in hundredths): "
                "multiply fewer values together",
                node.pos,
            )
        return q

    def need(self, kind: Kind, wanted: Kind, node: Node, context: str) -> None:
        if kind is not wanted:
            raise self.fail(f"{context} needs {wanted.value}, got {kind.value}", node.pos)

    def binary(self, node: Binary) -> tuple[Kind, Any]:
        lk, lv = self.compile(node.left)
        rk, rv = self.compile(node.right)
        if node.op in ("and", "or"):
            self.need(lk, Kind.BOOL, node.left, f"'{node.op}'")
            self.need(rk, Kind.BOOL, node.right, f"'{node.op}'")
            return Kind.BOOL, (lv & rv) if node.op == "and" else (lv | rv)
        self.need(lk, Kind.NUM, node.left, f"'{node.op}'")
        self.need(rk, Kind.NUM, node.right, f"'{node.op}'")
        a, b = lv, rv
        if node.op in "+-":
            an, bn, den, a_bound, b_bound, den_bound = _common(a, b)
            bound = a_bound + b_bound
            num = _wide(an, bound) + _wide(bn, bound)
            if node.op == "-":
                num = _wide(an, bound) - _wide(bn, bound)
            return Kind.NUM, self.fits(Q(num, den, bound, den_bound), node)
        if node.op == "*":
            bound, den_bound = a.bound * b.bound, a.den_max * b.den_max
            product = Q(
                _wide(a.num, bound) * _wide(b.num, bound),
                _mul_den(a.den, b.den, den_bound),
                bound,
                den_bound,
            )
            return Kind.NUM, self.fits(product, node)
        # division: (an/ad) / (bn/bd) = (an*bd) / (ad*bn)
        bound, den_bound = a.bound * b.den_max, a.den_max * b.bound
        quotient = Q(
            _scale(a.num, b.den, bound), _mul_den(a.den, b.num, den_bound), bound, den_bound
        )
        return Kind.NUM, self.fits(quotient, node)

    def comparison(self, node: Compare) -> pl.Expr:
        compiled = [self.compile(operand) for operand in node.operands]
        parts: list[pl.Expr] = []
        for i, op in enumerate(node.ops):
            (lk, lv), (rk, rv) = compiled[i], compiled[i + 1]
            if lk is not rk:
                raise self.fail(
                    f"cannot compare {lk.value} with {rk.value}", node.operands[i + 1].pos
                )
            if lk is Kind.NUM:
                compared, bound = _compare(op, lv, rv)
                self.fits(lv, node, bound)
                parts.append(compared)
            elif op in ("==", "!="):
                parts.append(lv == rv if op == "==" else lv != rv)
            else:
                raise self.fail(f"'{op}' needs numbers, got {lk.value}", node.operands[i].pos)
        result = parts[0]
        for part in parts[1:]:
            result = result & part
        return result

    def indicator(self, node: Call) -> tuple[Kind, Any]:
        known = sorted(
            k[len(INDICATOR_PREFIX) :] for k in self.symbols if k.startswith(INDICATOR_PREFIX)
        )
        if not known:
            raise self.fail("deprived() is only available in class rules", node.pos)
        arg = node.args[0]
        if not isinstance(arg, Text):
            raise self.fail(
                'deprived() takes an indicator id in quotes: deprived("water")', arg.pos
            )
        symbol = self.symbols.get(INDICATOR_PREFIX + arg.value)
        if symbol is None:
            raise self.fail(
                f"unknown indicator '{arg.value}' (indicators: {', '.join(known)})", arg.pos
            )
        self.names.add(INDICATOR_PREFIX + arg.value)
        return symbol.kind, symbol.build()

    def call(self, node: Call) -> tuple[Kind, Any]:
        import polars as pl

        if node.func not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise self.fail(f"unknown function '{node.func}' (known: {known})", node.pos)
        low, high = FUNCTIONS[node.func]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            raise self.fail(f"wrong number of arguments to {node.func}()", node.pos)
        if node.func == "deprived":
            return self.indicator(node)
        values: list[Q] = []
        for arg in node.args:
            kind, value = self.compile(arg)
            self.need(kind, Kind.NUM, arg, f"{node.func}()")
            values.append(value)
        if node.func == "abs":
            q = values[0]
            den = q.den if isinstance(q.den, int) else _wide(q.den, q.den_bound).abs()
            return Kind.NUM, Q(_wide(q.num, q.bound).abs(), den, q.bound, q.den_bound)
        best = values[0]
        for other in values[1:]:
            keep, bound = _compare("<=" if node.func == "min" else ">=", best, other)
            self.fits(best, node, bound)
            num_bound, den_bound = max(best.bound, other.bound), max(best.den_max, other.den_max)
            if isinstance(best.den, int) and isinstance(other.den, int) and best.den == other.den:
                den: int | pl.Expr = best.den
            else:
                den = (
                    pl.when(keep)
                    .then(_wide(best.den_expr(), den_bound))
                    .otherwise(_wide(other.den_expr(), den_bound))
                )
            num = (
                pl.when(keep)
                .then(_wide(best.num, num_bound))
                .otherwise(_wide(other.num, num_bound))
            )
            best = Q(num, den, num_bound, den_bound)
        return Kind.NUM, best


def compile_expression(
    text: str,
    symbols: dict[str, Symbol],
    *,
    expect: Kind | None = None,
    file: str | None = None,
    yaml_path: str | None = None,
    line: int | None = None,
) -> Compiled:
    """Parse and type-check `text` against `symbols`; errors carry file, YAML path and position."""
    where: dict[str, Any] = {"file": file, "yaml_path": yaml_path, "line": line}
    if not isinstance(text, str):
        raise ExpressionError(
            "an expression must be text", expression=str(text), position=0, **where
        )
    try:
        tree = parse(text)
    except _SyntaxError as exc:
        raise ExpressionError(exc.message, expression=text, position=exc.pos, **where) from None
    compiler = _Compiler(text, symbols, where)
    kind, value = compiler.compile(tree)
    if expect is not None and kind is not expect:
        raise ExpressionError(
            f"this expression must give {expect.value}, but gives {kind.value}",
            expression=text,
            position=0,
            **where,
        )
    return Compiled(text, kind, value, frozenset(compiler.names))
