"""A whitelist compiler from the small expression language of standard files to polars.

The language: numbers (``1_500_000``, ``0.5``), text in quotes, ``true``/``false``, names
(columns, parameters, indicator ids, ``deprivation_count``), ``+ - * /``, comparisons
(``< <= > >= == !=``, chainable: ``a < b <= c``), ``and or not``, parentheses and the
functions ``min``, ``max`` and ``abs``. In a ``from_members`` expression (an indicator's member
form), the aggregates ``any``, ``all``, ``count``, ``share``, ``sum``, ``min`` and ``max`` (with
one argument) take a member-level expression (member columns and parameters) and give one value
per household; outside them the expression reads household columns as usual. Nothing else parses: no attribute access, no
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
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..columns import EXPRESSION_KEYWORDS, EXPRESSION_NAME
from ..errors import ExpressionError, Said
from ..text import plural, shorten, visible

if TYPE_CHECKING:
    import polars as pl


class Kind(Enum):
    NUM = "number"
    BOOL = "true/false"
    STR = "text"


# --------------------------------------------------------------------------- parsing

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<num>\d[\d_]*(?:\.\d[\d_]*)?)
  | (?P<name>{EXPRESSION_NAME})
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,)
    """,
    # ASCII: a digit or space of another script (`١`, a no-break space) is no number or gap here
    re.VERBOSE | re.ASCII,
)
_KEYWORDS = EXPRESSION_KEYWORDS
FUNCTIONS = {
    "min": (1, None),
    "max": (1, None),
    "abs": (1, 1),
    "deprived": (1, 1),
    "any": (1, 1),
    "all": (1, 1),
    "count": (1, 1),
    "share": (1, 1),
    "sum": (1, 1),
}
# aggregates over a household's members (from_members only): the kind of argument each takes;
# min and max are aggregates when given one argument, and the horizontal min/max when several
AGGREGATES = {
    "any": Kind.BOOL,
    "all": Kind.BOOL,
    "count": Kind.BOOL,
    "share": Kind.BOOL,
    "sum": Kind.NUM,
    "min": Kind.NUM,
    "max": Kind.NUM,
}
MEMBER_ONLY = ("any", "all", "count", "share", "sum")
MEMBER_COLUMN = "member column"  # Symbol.what of a member column
BY_AREA = "parameter by area"  # Symbol.what of a parameter with values by area
# deprived("id") reads an indicator's verdict in class rules; indicators live in their own
# namespace because an indicator may share its id with a column (dependents).
INDICATOR_PREFIX = "deprived:"
_COMPARE = {"<", "<=", ">", ">=", "==", "!="}

# Limits (README, "Limits"). The shipped standards' longest expression has 133 characters and
# 16 tokens, nests 4 deep and compiles to 13 operations; each limit leaves room for far more
# while keeping the parser's and polars' recursion, and the time to plan a query, small.
# Characters in one expression: a rule a person can read and check against the legal text.
MAX_EXPRESSION_CHARS = 1_000
# Operands (names, numbers, text, true/false) in one expression.
MAX_EXPRESSION_TERMS = 100
# Nesting: each parenthesis, function call, 'not' or unary '-', and each operator of a chain
# (a + b + c is two levels): the parser, the compiler and polars all recurse once per level.
MAX_EXPRESSION_DEPTH = 32
# Size of the compiled polars expression, counting every repeated subexpression: an exact
# comparison of fractions repeats its operands, and polars' planning time grows with this size
# (a fraction of a second at the limit).
MAX_COMPILED_SIZE = 10_000


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
    end: int = 0  # the position just after its closing parenthesis


class _SyntaxError(Exception):
    """A parse error at `pos`; `key` and `params` say it in another language (messages.VI)."""

    def __init__(self, message: str, pos: int, *, key: str, params: dict[str, object]) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.key = key
        self.params = params


# what to write instead of a character the language does not have
_CHARACTER_HINTS = {
    "=": Said("use == to test equality", "expression.hint.equals"),
    ".": Said("attribute access is not part of the language", "expression.hint.attribute"),
    "[": Said("indexing is not part of the language", "expression.hint.indexing"),
    "&": Said("write 'and'", "expression.hint.and"),
    "|": Said("write 'or'", "expression.hint.or"),
    "!": Said("write 'not'", "expression.hint.not"),
}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = _CHARACTER_HINTS.get(ch, "")
            raise _SyntaxError(
                f"unexpected character '{visible(ch)}'" + (f": {hint}" if hint else ""),
                pos,
                key="expression.unexpected_character",
                params={"char": visible(ch), "hint": hint},
            )
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
        if len(text) > MAX_EXPRESSION_CHARS:
            raise _SyntaxError(
                f"the expression is longer than {MAX_EXPRESSION_CHARS:,} characters, the limit",
                MAX_EXPRESSION_CHARS,
                key="expression.too_long",
                params={"limit": MAX_EXPRESSION_CHARS},
            )
        self.tokens = tokenize(text)
        self.i = 0
        self.terms = 0
        self.nesting = 0  # open parentheses, calls, 'not' and '-' around the current token
        self.depths: dict[int, int] = {}  # id(node) -> depth of its subtree (nodes stay alive)

    def made(self, node: Node, *children: Node) -> Node:
        """`node`, once its subtree is known to nest no deeper than the limit."""
        depth = 1 + max(self.depths.get(id(c), 1) for c in children)
        if depth > MAX_EXPRESSION_DEPTH:
            raise self.too_deep(node.pos)
        self.depths[id(node)] = depth
        return node

    @staticmethod
    def too_deep(pos: int) -> _SyntaxError:
        return _SyntaxError(
            f"the expression nests deeper than {MAX_EXPRESSION_DEPTH} levels, the limit "
            "(parentheses, function calls, not, unary minus, and each operator of a chain count)",
            pos,
            key="expression.too_deep",
            params={"limit": MAX_EXPRESSION_DEPTH},
        )

    def enter(self, tok: Token) -> None:
        self.nesting += 1
        if self.nesting >= MAX_EXPRESSION_DEPTH:  # with the term inside, one level more
            raise self.too_deep(tok.pos)

    def term(self, node: Node) -> Node:
        self.terms += 1
        if self.terms > MAX_EXPRESSION_TERMS:
            raise _SyntaxError(
                f"the expression has more than {MAX_EXPRESSION_TERMS} terms "
                "(names, numbers, text), the limit",
                node.pos,
                key="expression.too_many_terms",
                params={"limit": MAX_EXPRESSION_TERMS},
            )
        return node

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
        if tok is not None:
            return tok
        if self.tok.kind == "end":
            raise _SyntaxError(
                f"expected '{text}', found end of the expression",
                self.tok.pos,
                key="expression.expected_at_end",
                params={"wanted": text},
            )
        raise _SyntaxError(
            f"expected '{text}', found '{self.tok.text}'",
            self.tok.pos,
            key="expression.expected",
            params={"wanted": text, "token": self.tok.text},
        )

    @staticmethod
    def unexpected(tok: Token) -> _SyntaxError:
        if tok.kind == "end":
            return _SyntaxError(
                "unexpected end of the expression",
                tok.pos,
                key="expression.unexpected_end",
                params={},
            )
        return _SyntaxError(
            f"unexpected '{tok.text}'",
            tok.pos,
            key="expression.unexpected",
            params={"token": tok.text},
        )

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise _SyntaxError("the expression is empty", 0, key="expression.empty", params={})
        node = self.or_()
        if self.tok.kind != "end":
            raise self.unexpected(self.tok)
        return node

    def or_(self) -> Node:
        node = self.and_()
        while tok := self.accept("kw", "or"):
            right = self.and_()
            node = self.made(Binary(tok.pos, "or", node, right), node, right)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while tok := self.accept("kw", "and"):
            right = self.not_()
            node = self.made(Binary(tok.pos, "and", node, right), node, right)
        return node

    def not_(self) -> Node:
        if tok := self.accept("kw", "not"):
            self.enter(tok)
            operand = self.not_()
            self.nesting -= 1
            return self.made(Unary(tok.pos, "not", operand), operand)
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
        # a chain a < b <= c nests one level per comparison, as polars' 'and' of them does
        node = Compare(first.pos, tuple(ops), tuple(operands))
        if len(ops) >= MAX_EXPRESSION_DEPTH:
            raise self.too_deep(node.pos)
        depth = len(ops) + max(self.depths.get(id(o), 1) for o in operands)
        if depth > MAX_EXPRESSION_DEPTH:
            raise self.too_deep(node.pos)
        self.depths[id(node)] = depth
        return node

    def sum_(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            tok = self.take()
            right = self.product()
            node = self.made(Binary(tok.pos, tok.text, node, right), node, right)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            tok = self.take()
            right = self.unary()
            node = self.made(Binary(tok.pos, tok.text, node, right), node, right)
        return node

    def unary(self) -> Node:
        if tok := self.accept("op", "-"):
            self.enter(tok)
            operand = self.unary()
            self.nesting -= 1
            return self.made(Unary(tok.pos, "-", operand), operand)
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return self.term(Number(tok.pos, Fraction(Decimal(tok.text.replace("_", "")))))
        if tok.kind == "str":
            return self.term(Text(tok.pos, tok.text[1:-1]))
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return self.term(Boolean(tok.pos, tok.text == "true"))
        if tok.kind == "name":
            if self.accept("op", "("):
                self.enter(tok)
                args: list[Node] = []
                if not self.accept("op", ")"):
                    args.append(self.or_())
                    while self.accept("op", ","):
                        args.append(self.or_())
                    self.expect("op", ")")
                self.nesting -= 1
                call = Call(tok.pos, tok.text, tuple(args), self.tokens[self.i - 1].pos + 1)
                return self.made(call, *args) if args else call
            return self.term(Name(tok.pos, tok.text))
        if tok.kind == "op" and tok.text == "(":
            self.enter(tok)
            node = self.or_()
            self.expect("op", ")")
            self.nesting -= 1
            return node
        raise self.unexpected(tok)


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
    const: Fraction | None = None  # the value, when it is the same for every row
    by_area: dict[str, Fraction] | None = None  # a parameter's value in each area it gives


@dataclass(frozen=True)
class Aggregate:
    """One aggregate of a member form: `func` over the member-level `value` (true/false, or the
    integer numerator of a number over the constant `den`), held per household in `column`."""

    func: str
    text: str  # as written, e.g. any(age >= 6 and not has_health_insurance)
    value: Any  # pl.Expr over the member frame
    kind: Kind  # of the argument
    den: int
    bound: int  # the largest |value| for valid inputs
    member_names: frozenset[str]  # member columns read
    column: str  # the household frame's (internal) column holding the result


class MemberScope:
    """What a `from_members` expression may read inside its aggregates, and where each
    aggregate's per-household result will be: `column_of(n)` names the n-th aggregate's column
    (an internal name), `size_column` holds the household's number of member rows."""

    def __init__(
        self, symbols: dict[str, Symbol], column_of: Callable[[int], str], size_column: str
    ) -> None:
        self.symbols = symbols
        self.column_of = column_of
        self.size_column = size_column
        self.found: list[Aggregate] = []


@dataclass(frozen=True)
class Compiled:
    text: str
    kind: Kind
    value: Any  # Q or pl.Expr
    names: frozenset[str]
    aggregates: tuple[Aggregate, ...] = ()  # a member form's aggregates, in order
    member_names: frozenset[str] = frozenset()  # member columns read inside them
    # each division by a value that may be 0 on a row (outside a member aggregate): an
    # expression true where it is, and the name its divisor reads first (a column), for a
    # reason that cites it when the result is left unknown by it
    zero_divisors: tuple[tuple[pl.Expr, str], ...] = ()

    def as_expr(self) -> pl.Expr:
        """A polars expression; a fraction becomes its exact integer when its den is 1."""
        if isinstance(self.value, Q):
            return q_to_expr(self.value)
        return self.value


def q_to_expr(q: Q) -> pl.Expr:
    if isinstance(q.den, int):
        return q.num if q.den == 1 else q.num / q.den_expr()
    import polars as pl

    # a division by zero is unknown, as in a comparison: never inf
    den = q.den_expr()
    return pl.when(den != 0).then(q.num / den)


def fraction_q(value: Fraction) -> Q:
    import polars as pl

    n = value.numerator
    if abs(n) > INT128_BOUND:  # refused by the compiler's bound check: never evaluated
        return Q(pl.lit(None, dtype=pl.Int128), value.denominator, abs(n))
    return Q(
        pl.lit(n, dtype=pl.Int64 if abs(n) < INT64_BOUND else pl.Int128), value.denominator, abs(n)
    )


# decimal places a number in an expression always may have: 10^38 < 2^127
_PLACES = 38
# a number written with more digits than the data's whole numbers have (15) is "long": when an
# expression's arithmetic can overflow, such a number is named as the cause
_LONG = 10**15


def _long(value: Fraction) -> bool:
    return abs(value.numerator) >= _LONG or value.denominator >= _LONG


def _numbers(node: Node) -> list[Number]:
    """The numbers written in `node`, in the order written."""
    if isinstance(node, Number):
        return [node]
    children: tuple[Node, ...] = ()
    if isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    elif isinstance(node, Compare):
        children = node.operands
    elif isinstance(node, Call):
        children = node.args
    return [n for child in children for n in _numbers(child)]


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


@dataclass(frozen=True)
class _Value:
    """A compiled subexpression: its kind, its value (Q or pl.Expr), and its size, the number of
    polars nodes it stands for with every repeated subexpression counted again."""

    kind: Kind
    value: Any
    size: int
    const: Fraction | None = None  # the value when it is a constant (a number, a parameter)
    # the value in each area, when it is constant in each (a parameter by area, arithmetic of
    # it with constants): what a division by zero in some area is found by
    by_area: dict[str, Fraction] | None = None


def _areas_of(value: _Value) -> dict[str | None, Fraction] | None:
    """A constant's values: by area, or for every area (None)."""
    if value.const is not None:
        return {None: value.const}
    return dict(value.by_area) if value.by_area is not None else None


def _fold(op: str, left: _Value, right: _Value) -> tuple[Fraction | None, dict | None]:
    """`left op right` of two constants (the same in each area, or by area) as a constant, or
    its value in each area both give one for; (None, None) when either is not constant."""
    a, b = _areas_of(left), _areas_of(right)
    if a is None or b is None:
        return None, None
    named = sorted({k for k in (*a, *b) if k is not None})
    out: dict[str | None, Fraction] = {}
    for area in named or [None]:
        x, y = a.get(area, a.get(None)), b.get(area, b.get(None))
        if x is None or y is None or (op == "/" and y == 0):
            continue  # an area one parameter does not give: unknown there, as at run time
        out[area] = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else x}[op]
    if not named:
        return out.get(None), None
    return None, {str(k): v for k, v in out.items()}


class _Compiler:
    def __init__(
        self,
        text: str,
        symbols: dict[str, Symbol],
        where: dict[str, Any],
        members: MemberScope | None = None,
        inside: bool = False,
    ) -> None:
        self.text = text
        self.symbols = symbols
        self.where = where
        self.names: set[str] = set()
        self.members = members  # a from_members expression: aggregates allowed
        self.inside = inside  # compiling an aggregate's argument: member names
        self.member_names: set[str] = set()
        self.zero_divisors: list[tuple[pl.Expr, str]] = []

    def fail(
        self, message: str, pos: int, *, key: str, params: dict[str, object]
    ) -> ExpressionError:
        return ExpressionError(
            message, expression=self.text, position=pos, key=key, params=params, **self.where
        )

    def sized(self, kind: Kind, value: Any, size: int, node: Node) -> _Value:
        if size > MAX_COMPILED_SIZE:
            raise self.fail(
                f"this expression would compile to more than {MAX_COMPILED_SIZE:,} operations, "
                "the limit: nest fewer min()/max() or divisions by columns",
                node.pos,
                key="expression.too_large",
                params={"limit": MAX_COMPILED_SIZE},
            )
        return _Value(kind, value, size)

    def compile(self, node: Node) -> _Value:
        import polars as pl

        if isinstance(node, Number):
            self.literal_fits(node)
            return _Value(Kind.NUM, self.fits(fraction_q(node.value), node), 1, node.value)
        if isinstance(node, Text):
            return _Value(Kind.STR, pl.lit(node.value), 1)
        if isinstance(node, Boolean):
            return _Value(Kind.BOOL, pl.lit(node.value), 1)
        if isinstance(node, Name):
            symbol = self.symbols.get(node.id)
            if symbol is None:
                close = difflib.get_close_matches(node.id, list(self.symbols), n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
                raise self.fail(
                    f"unknown name '{node.id}'{hint}",
                    node.pos,
                    key="expression.unknown_name",
                    params={"name": node.id, "close": ", ".join(repr(c) for c in close)},
                )
            if self.inside and symbol.what == BY_AREA:
                raise self.fail(
                    f"'{node.id}' has values by area, a household's: it cannot be read inside an "
                    "aggregate over members (compare the aggregate with it outside)",
                    node.pos,
                    key="expression.by_area_in_aggregate",
                    params={"name": node.id},
                )
            self.names.add(node.id)
            return _Value(symbol.kind, symbol.build(), 1, symbol.const, symbol.by_area)
        if isinstance(node, Unary):
            operand = self.compile(node.operand)
            value = operand.value
            if node.op == "-":
                self.need(operand.kind, Kind.NUM, node.operand, "'-'")
                negated = 0 - _wide(value.num, value.bound)  # polars has no neg for Int128
                q = Q(negated, value.den, value.bound, value.den_bound)
                negative = self.sized(Kind.NUM, q, operand.size + 1, node)
                if operand.const is not None:
                    return replace(negative, const=-operand.const)
                if operand.by_area is not None:
                    return replace(negative, by_area={k: -v for k, v in operand.by_area.items()})
                return negative
            self.need(operand.kind, Kind.BOOL, node.operand, "'not'")
            return self.sized(Kind.BOOL, ~value, operand.size + 1, node)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Compare):
            return self.comparison(node)
        if isinstance(node, Call):
            return self.call(node)
        raise self.fail(  # pragma: no cover
            "unsupported expression", node.pos, key="expression.unsupported", params={}
        )

    def written(self, node: Number) -> str:
        """A number as the expression writes it (`1_500_000`, `0.25`), cut for a message."""
        match = _TOKEN.match(self.text, node.pos)
        return shorten(match.group("num") if match and match.group("num") else node.value)

    def literal_fits(self, node: Number) -> None:
        """A number written too large (or too fine) for exact 128-bit integers is said so,
        with the bound, before any arithmetic is blamed for it."""
        value = node.value
        if value.denominator > INT128_BOUND:
            raise self.fail(
                f"the number {self.written(node)} has too many decimal places for exact "
                f"arithmetic: write it with at most {_PLACES} decimal places",
                node.pos,
                key="expression.number_too_fine",
                params={"number": self.written(node), "places": _PLACES},
            )
        if abs(value.numerator) > INT128_BOUND and value.denominator > 1:
            raise self.fail(
                f"the number {self.written(node)} has too many digits for exact arithmetic: "
                f"written without its decimal point, a number in an expression is at most "
                f"{INT128_BOUND} (2^127 - 1)",
                node.pos,
                key="expression.number_too_long",
                params={"number": self.written(node), "limit": str(INT128_BOUND)},
            )
        if abs(value.numerator) > INT128_BOUND:
            raise self.fail(
                f"the number {self.written(node)} is too large for exact arithmetic: a number in "
                f"an expression is at most {INT128_BOUND} (2^127 - 1)",
                node.pos,
                key="expression.number_too_large",
                params={"number": self.written(node), "limit": str(INT128_BOUND)},
            )

    def fits(self, q: Q, node: Node, *bounds: int) -> Q:
        """`q`, if it and the `bounds` of the products that made it stay in 128 bits."""
        if max(q.bound, q.den_max, *bounds) > INT128_BOUND:
            long = [self.written(n) for n in _numbers(node) if _long(n.value)]
            if long:
                # a long number written in the expression, not the count of values
                # multiplied, is what to change: the data's own bounds are fixed
                raise self.fail(
                    "this arithmetic can exceed exact 128-bit integers (2^127 - 1) for valid "
                    "inputs (whole numbers up to 15 digits, money and m2 counted in hundredths) "
                    f"because of the long {plural(len(long), 'number')} {', '.join(long)}: "
                    f"write {'it' if len(long) == 1 else 'them'} with fewer digits",
                    node.pos,
                    key="expression.overflow_number",
                    params={"numbers": ", ".join(long), "count": len(long)},
                )
            raise self.fail(
                "this arithmetic can exceed exact 128-bit integers for valid inputs "
                "(whole numbers up to 15 digits, money and m2 counted in hundredths): "
                "multiply fewer values together",
                node.pos,
                key="expression.overflow",
                params={},
            )
        return q

    def need(self, kind: Kind, wanted: Kind, node: Node, context: str) -> None:
        if kind is not wanted:
            raise self.fail(
                f"{context} needs {wanted.value}, got {kind.value}",
                node.pos,
                key="expression.needs",
                params={"what": context, "wanted": wanted.value, "got": kind.value},
            )

    def binary(self, node: Binary) -> _Value:
        left, right = self.compile(node.left), self.compile(node.right)
        value = self._binary(node, left, right)
        if node.op in ("+", "-", "*", "/"):
            const, by_area = _fold(node.op, left, right)
            if const is not None or by_area is not None:
                return replace(value, const=const, by_area=by_area)
        return value

    def zero_divisor(self, node: Binary, right: _Value) -> None:
        """Refuse a division whose divisor is 0 for every household, or for every household of
        an area (a parameter by area that is 0 there): its result would be unknown for each of
        them, and a rule of it never true."""
        divisor = node  # the caret under the '/'
        if right.const is not None and right.const == 0:
            raise self.fail(
                "a division by zero: what '/' divides by is 0 for every household, so the "
                "result is never known; divide by a value that is not 0",
                divisor.pos,
                key="expression.division_by_zero",
                params={},
            )
        zero = sorted(k for k, v in (right.by_area or {}).items() if v == 0)
        if zero:
            areas = ", ".join(zero)
            raise self.fail(
                f"a division by zero: what '/' divides by is 0 in the "
                f"{'area' if len(zero) == 1 else 'areas'} {areas} (a parameter's value there), "
                "so the result is never known for its households; give it a value that is not "
                "0 there, or divide by something else",
                divisor.pos,
                key="expression.division_by_zero_in_area",
                params={"areas": areas},
            )

    def _binary(self, node: Binary, left: _Value, right: _Value) -> _Value:
        lv, rv = left.value, right.value
        if node.op in ("and", "or"):
            self.need(left.kind, Kind.BOOL, node.left, f"'{node.op}'")
            self.need(right.kind, Kind.BOOL, node.right, f"'{node.op}'")
            value = (lv & rv) if node.op == "and" else (lv | rv)
            return self.sized(Kind.BOOL, value, left.size + right.size + 1, node)
        self.need(left.kind, Kind.NUM, node.left, f"'{node.op}'")
        self.need(right.kind, Kind.NUM, node.right, f"'{node.op}'")
        a, b = lv, rv
        # an expression denominator is used in both numerators and in the new denominator
        repeats = 1 if isinstance(a.den, int) and isinstance(b.den, int) else 2
        size = repeats * (left.size + right.size) + 1
        if node.op in "+-":
            an, bn, den, a_bound, b_bound, den_bound = _common(a, b)
            bound = a_bound + b_bound
            num = _wide(an, bound) + _wide(bn, bound)
            if node.op == "-":
                num = _wide(an, bound) - _wide(bn, bound)
            return self.sized(Kind.NUM, self.fits(Q(num, den, bound, den_bound), node), size, node)
        if node.op == "*":
            bound, den_bound = a.bound * b.bound, a.den_max * b.den_max
            product = Q(
                _wide(a.num, bound) * _wide(b.num, bound),
                _mul_den(a.den, b.den, den_bound),
                bound,
                den_bound,
            )
            return self.sized(Kind.NUM, self.fits(product, node), size, node)
        self.zero_divisor(node, right)
        # a divisor that is constant (in each area) and not 0 is never 0: no row to check
        if right.const is None and right.by_area is None and not self.inside:
            read = [n for n in _names_in(node.right) if n in self.symbols]
            self.zero_divisors.append((b.num == 0, read[0] if read else "expression"))
        if right.const is not None and right.const != 0:
            # a division by a constant keeps a constant denominator: (an/ad) / (p/q) =
            # (an*q*sign) / (ad*|p|), so it may stand where a division by a column may not
            # (inside sum/min/max over members) and costs no cross-multiplication later
            c = right.const
            sign = 1 if c > 0 else -1
            bound = a.bound * c.denominator
            den_bound = a.den_max * abs(c.numerator)
            quotient = Q(
                _scale(a.num, sign * c.denominator, bound),
                _mul_den(a.den, abs(c.numerator), den_bound),
                bound,
                den_bound,
            )
            return self.sized(Kind.NUM, self.fits(quotient, node), left.size + 1, node)
        # division: (an/ad) / (bn/bd) = (an*bd) / (ad*bn)
        bound, den_bound = a.bound * b.den_max, a.den_max * b.bound
        quotient = Q(
            _scale(a.num, b.den, bound), _mul_den(a.den, b.num, den_bound), bound, den_bound
        )
        return self.sized(Kind.NUM, self.fits(quotient, node), size, node)

    def compared(self, op: str, a: _Value, b: _Value, node: Node) -> _Value:
        """`a op b` for two numbers; its size counts what the cross-multiplication repeats."""
        value, bound = _compare(op, a.value, b.value)
        self.fits(a.value, node, bound)
        exprs = not (isinstance(a.value.den, int) and isinstance(b.value.den, int))
        size = (3 if exprs else 1) * (a.size + b.size) + 1
        return self.sized(Kind.BOOL, value, size, node)

    def comparison(self, node: Compare) -> _Value:
        compiled = [self.compile(operand) for operand in node.operands]
        parts: list[_Value] = []
        for i, op in enumerate(node.ops):
            left, right = compiled[i], compiled[i + 1]
            if left.kind is not right.kind:
                raise self.fail(
                    f"cannot compare {left.kind.value} with {right.kind.value}",
                    node.operands[i + 1].pos,
                    key="expression.cannot_compare",
                    params={"left": left.kind.value, "right": right.kind.value},
                )
            if left.kind is Kind.NUM:
                parts.append(self.compared(op, left, right, node))
            elif op in ("==", "!="):
                value = left.value == right.value if op == "==" else left.value != right.value
                parts.append(_Value(Kind.BOOL, value, left.size + right.size + 1))
            else:
                raise self.fail(
                    f"'{op}' needs numbers, got {left.kind.value}",
                    node.operands[i].pos,
                    key="expression.order_needs_numbers",
                    params={"op": op, "got": left.kind.value},
                )
        result, size = parts[0].value, parts[0].size
        for part in parts[1:]:
            result, size = result & part.value, size + part.size + 1
        return self.sized(Kind.BOOL, result, size, node)

    def indicator(self, node: Call) -> _Value:
        known = sorted(
            k[len(INDICATOR_PREFIX) :] for k in self.symbols if k.startswith(INDICATOR_PREFIX)
        )
        if not known:
            raise self.fail(
                "deprived() is only available in class rules",
                node.pos,
                key="expression.deprived_outside_classes",
                params={},
            )
        arg = node.args[0]
        if not isinstance(arg, Text):
            raise self.fail(
                'deprived() takes an indicator id in quotes: deprived("water")',
                arg.pos,
                key="expression.deprived_argument",
                params={},
            )
        symbol = self.symbols.get(INDICATOR_PREFIX + arg.value)
        if symbol is None:
            raise self.fail(
                f"unknown indicator '{arg.value}' (indicators: {', '.join(known)})",
                arg.pos,
                key="expression.unknown_indicator",
                params={"id": arg.value, "known": ", ".join(known)},
            )
        self.names.add(INDICATOR_PREFIX + arg.value)
        return _Value(symbol.kind, symbol.build(), 1)

    def call(self, node: Call) -> _Value:
        if node.func not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise self.fail(
                f"unknown function '{node.func}' (known: {known})",
                node.pos,
                key="expression.unknown_function",
                params={"name": node.func, "known": known},
            )
        low, high = FUNCTIONS[node.func]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            raise self.fail(
                f"wrong number of arguments to {node.func}()",
                node.pos,
                key="expression.arity",
                params={"name": node.func, "low": low, "high": high},
            )
        if node.func == "deprived":
            return self.indicator(node)
        one = len(node.args) == 1
        if node.func in MEMBER_ONLY or (node.func in ("min", "max") and one and self.inside):
            if self.inside:
                raise self.fail(
                    f"aggregates do not nest: {node.func}() inside an aggregate",
                    node.pos,
                    key="expression.nested_aggregate",
                    params={"name": node.func},
                )
            if self.members is None:
                raise self.fail(
                    f"{node.func}() aggregates a household's members: it is only available in "
                    "an indicator's from_members",
                    node.pos,
                    key="expression.aggregate_outside_members",
                    params={"name": node.func},
                )
        if node.func in AGGREGATES and one and self.members is not None:
            return self.aggregate(node)
        values: list[_Value] = []
        for arg in node.args:
            value = self.compile(arg)
            self.need(value.kind, Kind.NUM, arg, f"{node.func}()")
            values.append(value)
        if node.func == "abs":
            q = values[0].value
            den = q.den if isinstance(q.den, int) else _wide(q.den, q.den_bound).abs()
            q = Q(_wide(q.num, q.bound).abs(), den, q.bound, q.den_bound)
            result = self.sized(Kind.NUM, q, values[0].size + 1, node)
        elif len(values) == 1:
            return values[0]
        elif all(isinstance(v.value.den, int) for v in values):
            result = self.extreme_of_constant_denominators(node, values)
        else:
            result = self.extreme_of_fractions(node, values)
        return _folded_call(node.func, values, result)

    def aggregate(self, node: Call) -> _Value:
        """An aggregate over the household's members: its argument is compiled over the member
        columns and parameters; the household sees one internal column per aggregate."""
        import polars as pl

        from ..exact import INTEGER_BOUND

        assert self.members is not None
        scope = self.members
        inner = _Compiler(self.text, scope.symbols, self.where, inside=True)
        arg = inner.compile(node.args[0])
        read = {n for n in inner.names if scope.symbols[n].what == MEMBER_COLUMN}
        self.names |= inner.names - read
        self.member_names |= read
        wanted = AGGREGATES[node.func]
        if arg.kind is not wanted:
            raise self.fail(
                f"{node.func}() needs {wanted.value} of each member, got {arg.kind.value}",
                node.args[0].pos,
                key="expression.aggregate_needs",
                params={"name": node.func, "wanted": wanted.value, "got": arg.kind.value},
            )
        den, bound = 1, 1
        value = arg.value
        if wanted is Kind.NUM:
            q: Q = arg.value
            if not isinstance(q.den, int):
                raise self.fail(
                    f"{node.func}() takes a member expression without a division by a column",
                    node.args[0].pos,
                    key="expression.aggregate_division",
                    params={"name": node.func},
                )
            den, bound = q.den, q.bound
            value = _wide(q.num, bound * INTEGER_BOUND if node.func == "sum" else bound)
        column = scope.column_of(len(scope.found))
        scope.found.append(
            Aggregate(
                node.func,
                self.text[node.pos : node.end],
                value,
                arg.kind,
                den,
                bound,
                frozenset(read),
                column,
            )
        )
        size = arg.size + 1
        col = pl.col(column)
        if node.func in ("any", "all"):
            return self.sized(Kind.BOOL, col, size, node)
        if node.func == "count":
            return self.sized(Kind.NUM, Q(col, 1, INTEGER_BOUND), size, node)
        if node.func == "share":
            share = Q(col, pl.col(scope.size_column), INTEGER_BOUND, INTEGER_BOUND)
            return self.sized(Kind.NUM, share, size, node)
        total = bound * INTEGER_BOUND if node.func == "sum" else bound
        return self.sized(Kind.NUM, self.fits(Q(col, den, total), node), size, node)

    def extreme_of_constant_denominators(self, node: Call, values: list[_Value]) -> _Value:
        """min/max over one common constant denominator: polars' min/max_horizontal over the
        numerators, each argument used once (twice with the null check), so the size grows with
        the number of arguments, not with 2 to its power."""
        import polars as pl

        qs: list[Q] = [v.value for v in values]
        den = math.lcm(*(q.den for q in qs))  # type: ignore[arg-type]
        bounds = [q.bound * (den // q.den) for q in qs]  # type: ignore[operator]
        bound = max(bounds)
        nums = [
            _wide(_scale(q.num, den // q.den, b), bound)  # type: ignore[operator]
            for q, b in zip(qs, bounds, strict=True)
        ]
        pick = pl.min_horizontal if node.func == "min" else pl.max_horizontal
        # min_horizontal skips nulls; an unknown argument (an area without a value) must make
        # the result unknown, never fall back on the other arguments
        known = pl.all_horizontal(n.is_not_null() for n in nums)
        size = 2 * sum(v.size for v in values) + len(values) + 2
        result = Q(pl.when(known).then(pick(nums)), den, bound)
        return self.sized(Kind.NUM, self.fits(result, node), size, node)

    def extreme_of_fractions(self, node: Call, values: list[_Value]) -> _Value:
        """min/max when a denominator is an expression (a division by a column).

        Argument i is the result when it is <= (min) or >= (max) every later argument and no
        earlier one was: the first such argument is an extreme, since each earlier argument
        lost to some later one. That takes n(n-1)/2 comparisons of the arguments themselves,
        never of a result built from earlier comparisons: the former fold compared the running
        result with the next argument and so repeated it twice at each step, doubling the
        expression with every argument (2**20 copies for 20 arguments).
        """
        import polars as pl

        op = "<=" if node.func == "min" else ">="
        qs: list[Q] = [v.value for v in values]
        num_bound = max(q.bound for q in qs)
        den_bound = max(q.den_max for q in qs)
        conds: list[pl.Expr] = []
        cond_size = 0
        for i, first in enumerate(values[:-1]):
            cond: pl.Expr | None = None
            for later in values[i + 1 :]:
                part = self.compared(op, first, later, node)
                cond = part.value if cond is None else cond & part.value
                cond_size += part.size + 1
            assert cond is not None
            conds.append(cond)
        # an argument that is unknown or divides by zero makes the result unknown: its
        # comparisons are null, and no later argument may stand in for it
        checks = [q.num.is_not_null() for q in qs]
        checks += [q.den_expr() != 0 for q in qs if not isinstance(q.den, int)]
        known = pl.all_horizontal(checks)
        num: Any = pl.when(conds[0]).then(_wide(qs[0].num, num_bound))
        den: Any = pl.when(conds[0]).then(_wide(qs[0].den_expr(), den_bound))
        for cond, q in zip(conds[1:], qs[1:-1], strict=True):
            num = num.when(cond).then(_wide(q.num, num_bound))
            den = den.when(cond).then(_wide(q.den_expr(), den_bound))
        num = pl.when(known).then(num.otherwise(_wide(qs[-1].num, num_bound)))
        den = pl.when(known).then(den.otherwise(_wide(qs[-1].den_expr(), den_bound)))
        args_size = sum(v.size for v in values)
        size = 2 * cond_size + 4 * args_size + len(values) + 2
        result = Q(num, den, num_bound, den_bound)
        return self.sized(Kind.NUM, self.fits(result, node), size, node)


def _names_in(node: Node) -> list[str]:
    """The names `node` reads, in the order written."""
    if isinstance(node, Name):
        return [node.id]
    if isinstance(node, Unary):
        return _names_in(node.operand)
    if isinstance(node, Binary):
        return [*_names_in(node.left), *_names_in(node.right)]
    if isinstance(node, Compare):
        return [n for operand in node.operands for n in _names_in(operand)]
    if isinstance(node, Call):
        return [n for arg in node.args for n in _names_in(arg)]
    return []


def _folded_call(func: str, values: list[_Value], result: _Value) -> _Value:
    """`result` of abs, min or max with its constant value when every argument is constant
    (in each area, for a parameter by area)."""
    consts = [_areas_of(v) for v in values]
    if any(c is None for c in consts):
        return result
    pick = {"abs": lambda xs: abs(xs[0]), "min": min, "max": max}[func]
    named = sorted({k for c in consts for k in c if k is not None})  # type: ignore[union-attr]
    out: dict[str | None, Fraction] = {}
    for area in named or [None]:
        xs = [c.get(area, c.get(None)) for c in consts]  # type: ignore[union-attr]
        if all(x is not None for x in xs):
            out[area] = pick(xs)
    if not named:
        return replace(result, const=out.get(None))
    return replace(result, by_area={str(k): v for k, v in out.items()})


def compile_expression(
    text: str,
    symbols: dict[str, Symbol],
    *,
    expect: Kind | None = None,
    file: str | None = None,
    yaml_path: str | None = None,
    line: int | None = None,
    members: MemberScope | None = None,
) -> Compiled:
    """Parse and type-check `text` against `symbols`; errors carry file, YAML path and position.

    With `members` (an indicator's from_members), the aggregates any/all/count/share/sum and
    one-argument min/max read member columns and parameters (`members.symbols`) and are
    gathered in `members.found`; without it they are refused."""
    where: dict[str, Any] = {"file": file, "yaml_path": yaml_path, "line": line}
    return _compile(text, symbols, where, expect, members)


def _compile(
    text: str,
    symbols: dict[str, Symbol],
    where: dict[str, Any],
    expect: Kind | None,
    members: MemberScope | None,
) -> Compiled:
    if not isinstance(text, str):
        raise ExpressionError(
            "an expression must be text",
            expression=str(text),
            position=0,
            key="expression.not_text",
            params={},
            **where,
        )
    if len(text) > MAX_EXPRESSION_CHARS:  # quoted cut short: the message stays readable
        raise ExpressionError(
            f"the expression is longer than {MAX_EXPRESSION_CHARS:,} characters, the limit "
            f"(it has {len(text):,})",
            expression=text[:80] + "…",
            position=0,
            key="expression.too_long_has",
            params={"limit": MAX_EXPRESSION_CHARS, "length": len(text)},
            **where,
        )
    try:
        tree = parse(text)
    except _SyntaxError as exc:
        raise ExpressionError(
            exc.message,
            expression=text,
            position=exc.pos,
            key=exc.key,
            params=exc.params,
            **where,
        ) from None
    compiler = _Compiler(text, symbols, where, members)
    found = len(members.found) if members is not None else 0
    result = compiler.compile(tree)
    if expect is not None and result.kind is not expect:
        raise ExpressionError(
            f"this expression must give {expect.value}, but gives {result.kind.value}",
            expression=text,
            position=0,
            key="expression.must_give",
            params={"wanted": expect.value, "got": result.kind.value},
            **where,
        )
    aggregates = tuple(members.found[found:]) if members is not None else ()
    if members is not None and not aggregates:
        raise ExpressionError(
            "a from_members expression aggregates the household's members: use any(), all(), "
            "count(), share(), sum(), min() or max() over member columns",
            expression=text,
            position=0,
            key="expression.members_without_aggregate",
            params={},
            **where,
        )
    return Compiled(
        text,
        result.kind,
        result.value,
        frozenset(compiler.names),
        aggregates,
        frozenset(compiler.member_names),
        tuple(compiler.zero_divisors),
    )
