"""Hostile standard files, mapping files and expressions: each ends in a correct result or a clean
refusal (exit 4 naming the file, line and YAML path), never exit 1, a traceback, minutes or
gigabytes. Every limit in README's "Limits" is checked at its edge: one step over it fails with
that limit's own message, the value at it loads."""

from __future__ import annotations

import contextlib
import copy
import itertools
import re
import tempfile
import textwrap
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.engine import expressions
from mdpoverty.engine.classifier import load_checked
from mdpoverty.engine.expressions import Kind, Q, Symbol, compile_expression
from mdpoverty.errors import ExpressionError, InputError, MdpovertyError, StandardError
from mdpoverty.io.readers import load_mapping
from mdpoverty.standard import loader, model, yaml_strict
from mdpoverty.standard.loader import load_standard

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "thresholds"
CORPUS = Path(__file__).parent / "corpus"
DATA = CORPUS / "files" / "ok_utf8.csv"
MAPPED_DATA = CORPUS / "files" / "ok_mapped_headers.csv"
_names = itertools.count()  # loaded standards are cached by path: each example gets its own


def overlay(sid: str, extends: str = "vn-2022-2025", rest: str = "", line: int | None = None):
    """A provincial standard extending `extends`; `line` sets its rural income line."""
    text = textwrap.dedent(
        f"""\
        format_version: 1
        id: {sid}
        version: "1"
        title: {{vi: Thử, en: Test}}
        jurisdiction: {{level: provincial, province: Quảng Ninh}}
        extends: {extends}
        valid_from: 2022-01-01
        references:
          - {{id: r, title: a test}}
        """
    )
    if line is not None:
        text += (
            "parameters:\n  income_line:\n    unit: VND/person/month\n    status: news\n"
            f"    reference: [r]\n    by: area\n    values: {{rural: {line}, urban: 2600000}}\n"
        )
    return text + rest


def with_indicator(sid: str, when: str) -> str:
    """An overlay whose employment indicator is decided by `when`."""
    return overlay(
        sid,
        rest=(
            "indicators:\n  - id: employment\n    dimension: employment\n"
            "    label: {vi: Việc làm, en: Employment}\n"
            f"    deprived_when: {when}\n    status: unverified\n    reference: [r]\n"
        ),
    )


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def validate(path: Path | str):
    return CliRunner().invoke(app, ["standards", "validate", str(path)])


def assert_clean(result, allowed=(0, 4)) -> None:
    """A clean outcome: an allowed exit code, no traceback, no internal error."""
    assert result.exit_code in allowed, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 4:
        # notes (a mapped header the file lacks...) may come first; then one error
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        first = next(line for line in lines if not line.startswith(("note: ", "  ")))
        assert first.startswith("error: "), result.stderr


# --------------------------------------------------------------------------- extends


def test_relative_extends_is_read_from_the_folder_of_the_file_that_says_it(tmp_path, monkeypatch):
    write(tmp_path / "std", "parent.yaml", overlay("parent", line=9_000_000))
    write(tmp_path / "std", "sub/deeper.yaml", overlay("deeper", "../parent.yaml"))
    child = write(tmp_path / "std", "child.yaml", overlay("child", "sub/deeper.yaml"))
    # a decoy of the same name where the command runs: never read
    write(tmp_path / "elsewhere", "parent.yaml", overlay("decoy", line=1_500_000))
    write(tmp_path / "elsewhere", "sub/deeper.yaml", overlay("decoy2", line=1_500_000))
    lines = set()
    for folder in (tmp_path / "elsewhere", tmp_path / "std", tmp_path):
        monkeypatch.chdir(folder)
        loader._LOADED.clear()
        loaded = load_standard(child)
        lines.add(loaded.model.parameters["income_line"].values["rural"])
        assert [Path(f).name for f in loaded.files] == [
            "child.yaml",
            "deeper.yaml",
            "parent.yaml",
            "vn-2022-2025.yaml",
        ]
    assert lines == {9_000_000}


def test_the_same_command_gives_the_same_lines_wherever_it_runs(tmp_path, monkeypatch):
    write(tmp_path / "std", "parent.yaml", overlay("parent", line=9_000_000))
    child = write(tmp_path / "std", "child.yaml", overlay("child", "parent.yaml"))
    write(tmp_path, "parent.yaml", overlay("decoy", line=1_500_000))
    outputs = []
    for n, folder in enumerate((tmp_path, tmp_path / "std")):
        monkeypatch.chdir(folder)
        loader._LOADED.clear()
        out = tmp_path / f"out{n}.csv"
        argv = ["classify", str(DATA), "-s", str(child), "-o", str(out), "--as-of", "2025-01-01"]
        result = CliRunner().invoke(app, argv)
        assert result.exit_code == 0, result.stderr
        outputs.append(pl.read_csv(out, infer_schema=False)["income_line"].to_list())
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "9000000"  # the rural household


def test_an_id_in_extends_is_looked_for_next_to_the_file_then_shipped(tmp_path):
    write(tmp_path, "my-parent.yaml", overlay("my-parent", line=7_000_000))
    child = write(tmp_path, "child.yaml", overlay("child", "my-parent"))
    assert load_standard(child).model.parameters["income_line"].values["rural"] == 7_000_000
    national = write(tmp_path, "national-child.yaml", overlay("national-child"))
    assert load_standard(national).files[-1].endswith("vn-2022-2025.yaml")


def test_an_id_is_never_taken_for_a_file_or_folder_of_that_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vn-2022-2025").mkdir()
    assert load_standard("vn-2022-2025").id == "vn-2022-2025"
    write(tmp_path, "mine", overlay("mine"))  # a standard file without .yaml
    with pytest.raises(
        MdpovertyError, match=r"no standard with id 'mine'.*write its path as \./mine"
    ):
        load_standard("mine")
    assert load_standard("./mine").id == "mine"
    with pytest.raises(MdpovertyError, match="is a folder, not a standard file"):
        load_standard("./vn-2022-2025")


def test_extends_naming_a_missing_file_names_the_file_line_and_where_it_looked(tmp_path):
    child = write(tmp_path, "child.yaml", overlay("child", "nowhere/parent.yaml"))
    with pytest.raises(MdpovertyError) as info:
        load_standard(child)
    assert info.value.line == 6 and info.value.yaml_path == "extends"
    assert str(tmp_path / "nowhere" / "parent.yaml") in str(info.value)


@pytest.mark.parametrize(
    "parent",
    ["x" * 5000 + ".yaml", "x" * 5000, '"a\\0b.yaml"', "'[/x]'", "''", "/", ".", "..", "/dev/null"],
    ids=["long-path", "long-id", "nul", "markup", "empty", "root", "dot", "dotdot", "device"],
)
def test_extends_naming_what_no_system_call_can_open_is_a_clean_refusal(tmp_path, parent):
    child = write(tmp_path, f"c{next(_names)}.yaml", overlay("child", parent))
    with pytest.raises(MdpovertyError) as info:
        load_standard(child)
    assert len(str(info.value)) < 600  # names are quoted cut short
    result = validate(child)
    assert_clean(result)
    assert result.exit_code == 4


def test_a_standard_named_by_a_path_too_long_to_open_is_refused():
    result = validate("a" * 300 + ".yaml")
    assert_clean(result)
    assert "not found" in result.stderr


@pytest.mark.parametrize("length", [300, loader.MAX_EXTENDS_CHAIN + 1])
def test_an_extends_chain_over_the_limit_is_refused_cleanly(tmp_path, length):
    for i in range(length):
        parent = f"c{i + 1}.yaml" if i < length - 1 else "vn-2022-2025"
        write(tmp_path, f"c{i}.yaml", overlay(f"c{i}", parent))
    with pytest.raises(StandardError) as info:
        load_standard(tmp_path / "c0.yaml")
    limit = loader.MAX_EXTENDS_CHAIN
    assert f"is longer than {limit} standards, the limit" in info.value.message
    assert info.value.file.endswith(f"c{limit - 1}.yaml")
    result = validate(tmp_path / "c0.yaml")
    assert_clean(result)
    assert result.exit_code == 4


def test_an_extends_chain_at_the_limit_loads(tmp_path):
    length = loader.MAX_EXTENDS_CHAIN - 1  # files with an extends; the last names a shipped one
    for i in range(length):
        parent = f"c{i + 1}.yaml" if i < length - 1 else "vn-2022-2025"
        write(tmp_path, f"c{i}.yaml", overlay(f"c{i}", parent))
    assert len(load_checked(tmp_path / "c0.yaml").files) == length + 1


@pytest.mark.parametrize(
    "files",
    [
        {"a.yaml": "b.yaml", "b.yaml": "a.yaml"},
        {"a.yaml": "a.yaml"},
        {"a.yaml": "./b.yaml", "b.yaml": "c", "c.yaml": "a"},
    ],
    ids=["two", "self", "ids-and-paths"],
)
def test_an_extends_cycle_is_refused_with_the_files_that_make_it(tmp_path, files):
    for name, parent in files.items():
        write(tmp_path, name, overlay(name.removesuffix(".yaml"), parent))
    with pytest.raises(StandardError, match=r"'extends' forms a cycle: .*a\.yaml -> .*a\.yaml$"):
        load_standard(tmp_path / "a.yaml")
    assert_clean(validate(tmp_path / "a.yaml"))


# --------------------------------------------------------------------------- YAML limits


def test_a_yaml_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    limit = yaml_strict.MAX_YAML_BYTES
    body = overlay("big").encode()
    big = write(tmp_path, "big.yaml", body + b"#" * (limit + 1 - len(body)))
    with pytest.raises(StandardError) as info:
        load_standard(big)
    assert info.value.message == (
        f"the file is larger than {limit:,} bytes, the limit for a YAML file"
    )
    at_limit = write(tmp_path, "at.yaml", body + b"#" * (limit - len(body)))
    assert load_standard(at_limit).id == "big"


def test_yaml_nesting_over_the_limit_is_refused_at_its_line():
    limit = yaml_strict.MAX_YAML_DEPTH
    yaml_strict.load_yaml_text("a: " + "[" * limit + "]" * limit, "x.yaml")  # root + limit
    for depth in (limit + 1, 900):
        with pytest.raises(StandardError) as info:
            yaml_strict.load_yaml_text("a: " + "[" * depth + "]" * depth, "x.yaml")
        assert f"nests deeper than {limit} levels, the limit" in info.value.message
        assert info.value.line == 1
    with pytest.raises(StandardError, match="nesting depth"):  # libyaml's own limit, first
        yaml_strict.load_yaml_text("a: " + "[" * 100_000 + "]" * 100_000, "x.yaml")


def test_billion_laughs_is_refused_by_the_count_of_values():
    laughs = "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 10) + "]\n" for i in range(10)
    )
    with pytest.raises(StandardError) as info:
        yaml_strict.load_yaml_text(laughs, "x.yaml")
    limit = yaml_strict.MAX_YAML_VALUES
    assert f"more than {limit:,} values (an alias counts as a copy" in info.value.message
    assert info.value.line == 5  # l4 stands for 10**5 values


def test_aliases_over_the_limit_are_refused():
    limit = yaml_strict.MAX_YAML_ALIASES
    ok = "a: &a 1\nb: [" + ", ".join(["*a"] * limit) + "]\n"
    assert len(yaml_strict.load_yaml_text(ok, "x.yaml").data["b"]) == limit
    with pytest.raises(StandardError, match=f"more than {limit:,} aliases, the limit"):
        yaml_strict.load_yaml_text(ok.replace("]", ", *a]"), "x.yaml")


def test_aliases_count_as_copies_for_nesting():
    half = yaml_strict.MAX_YAML_DEPTH // 2 + 1
    text = "a: &a " + "[" * half + "]" * half + "\nb: " + "[" * half + "*a" + "]" * half + "\n"
    with pytest.raises(StandardError, match=r"nests deeper than \d+ levels \(aliases counted"):
        yaml_strict.load_yaml_text(text, "x.yaml")


def test_an_alias_to_the_value_that_holds_it_is_refused():
    with pytest.raises(StandardError, match="refers to the value that contains it"):
        yaml_strict.load_yaml_text("a: &a {b: *a}\n", "x.yaml")


@pytest.mark.parametrize(
    "number",
    ["9" * 41, "0." + "0" * 40 + "1", "1.0e+999999999", "1.0e-999999999", "9" * 5000],
)
def test_numbers_over_the_digit_limit_are_refused(number):
    with pytest.raises(StandardError) as info:
        yaml_strict.load_yaml_text(f"a: {number}\n", "x.yaml")
    limit = yaml_strict.MAX_YAML_NUMBER_DIGITS
    assert f"more than {limit} digits before or after the decimal point" in info.value.message
    assert len(str(info.value)) < 300  # the number is quoted cut short


def test_numbers_at_the_digit_limit_load_exactly():
    data = yaml_strict.load_yaml_text(f"a: {'9' * 40}\nb: 0.{'0' * 39}1\n", "x.yaml").data
    assert data == {"a": 10**40 - 1, "b": Decimal("1e-40")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 2022-02-30\n", "'2022-02-30' is not a valid date"),
        ("a: 2022-01-01 25:00:00\n", "is not a valid date"),
        ("a: 0000-01-01\n", "is not a valid date"),
        ("a: .inf\n", "'.inf' is not a finite number"),
        ("a: -.Inf\n", "is not a finite number"),
        ("a: .nan\n", "'.nan' is not a finite number"),
        ("a: !!int\n", "'' is not a valid number"),
        ("a: !!binary aGk=\n", "YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("? [a]\n: b\n", "mapping keys must be text"),
        ("&k a: b\n", "anchors on mapping keys are not allowed"),
        ("a: \x01\n", "YAML syntax error"),
    ],
)
def test_values_yaml_cannot_hold_exactly_are_refused_with_their_line(text, message):
    with pytest.raises(StandardError) as info:
        yaml_strict.load_yaml_text(text, "x.yaml")
    assert message in info.value.message
    assert info.value.line is not None


def test_keys_are_text_as_written():
    data = yaml_strict.load_yaml_text("no: 1\n01: 2\n1: 3\n~: 4\n2022-01-01: 5\n", "x.yaml").data
    assert data == {"no": 1, "01": 2, "1": 3, "~": 4, "2022-01-01": 5}


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (str(10**15 - 1), True),
        ("999999999999999.999999", True),
        (str(10**15), False),
        ("99999999999999999999999", False),  # beyond 64 bits
        ("-" + str(10**15), False),
        ("0.123456", True),
        ("0.1234567", False),
        ("1.5000000000", True),  # trailing zeros are no precision
    ],
)
def test_a_parameter_is_bounded_so_its_arithmetic_stays_exact(tmp_path, value, ok):
    path = write(tmp_path, f"p{next(_names)}.yaml", overlay("p", line=value))
    if ok:
        compiled = load_checked(path)
        assert compiled.model.parameters["income_line"].values["rural"] == Decimal(value)
        return
    with pytest.raises(StandardError) as info:
        load_checked(path)
    assert (
        f"a parameter has at most {model.PARAMETER_DIGITS} digits before the decimal point "
        f"and {model.PARAMETER_DECIMALS} after it" in str(info.value)
    )
    assert (info.value.line, info.value.yaml_path) == (16, "parameters.income_line.values.rural")


def test_a_parameter_beyond_64_bits_within_the_limit_classifies_exactly(tmp_path):
    # 999999999999999.999999 over a common denominator of 10**6 needs 70 bits
    path = write(tmp_path, "wide.yaml", overlay("wide", line="999999999999999.999999"))
    out = tmp_path / "out.csv"
    argv = ["classify", str(DATA), "-s", str(path), "-o", str(out), "--as-of", "2025-01-01"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["class"].to_list()[0] == "poor"


# --------------------------------------------------------------------------- expressions

NUMS = {
    "a": Symbol(Kind.NUM, lambda: Q(pl.col("a"), bound=10**15), "column"),
    "b": Symbol(Kind.NUM, lambda: Q(pl.col("b"), bound=10**15), "column"),
    "c": Symbol(Kind.NUM, lambda: Q(pl.col("c"), bound=10**15), "column"),
    "flag": Symbol(Kind.BOOL, lambda: pl.col("flag"), "column"),
}


def refused(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, NUMS, file="s.yaml", yaml_path="x", line=3)
    assert str(info.value).startswith("s.yaml:3: x: ")
    return info.value


def test_expression_length_limit():
    limit = expressions.MAX_EXPRESSION_CHARS
    ok = "a" + " " * (limit - 5) + " > 1"
    compile_expression(ok, NUMS)
    error = refused(ok + " ")
    assert error.message.startswith(f"the expression is longer than {limit:,} characters")
    big = refused(" + ".join(["a"] * 100_000) + " > 1")
    assert len(str(big)) < 400  # the expression is quoted cut short


def test_expression_term_limit():
    limit = expressions.MAX_EXPRESSION_TERMS
    compile_expression("min(" + ", ".join(["a"] * (limit - 1)) + ") > 1", NUMS)
    text = "min(" + ", ".join(["a"] * limit) + ") > 1"
    error = refused(text)
    assert f"more than {limit} terms" in error.message
    assert error.position == text.index("1")  # the first term over the limit


@pytest.mark.parametrize(
    "build",
    [
        lambda n: "(" * n + "a" + ")" * n + " > 1",
        lambda n: "abs(" * n + "a" + ")" * n + " > 1",
        lambda n: "-" * n + "a > 1",
        lambda n: "not " * n + "flag",
        lambda n: " + ".join(["a"] * (n + 1)) + " > 1",
        lambda n: "a" + " * 1" * n + " > 1",
        lambda n: "a < " * n + "a",
        lambda n: " and ".join(["flag"] * (n + 1)),
    ],
    ids=["parentheses", "calls", "minus", "not", "sum", "products", "chain", "and"],
)
def test_expression_depth_limit(build):
    limit = expressions.MAX_EXPRESSION_DEPTH
    error = refused(build(limit))
    assert f"nests deeper than {limit} levels, the limit" in error.message
    for n in (300, 3000):  # over the length limit too, which may speak first
        assert re.search(r"nests deeper than|longer than", refused(build(n)).message)
    compile_expression(build(limit - 2), NUMS)  # with the comparison some add, at the limit


def test_compiled_size_limit_refuses_nested_min_over_divisions():
    text = "min(a / b, " * 6 + "1" + ")" * 6 + " > 0"
    error = refused(text)
    assert f"more than {expressions.MAX_COMPILED_SIZE:,} operations, the limit" in error.message


def _expression_text(compiled) -> int:
    return len(str(compiled.as_expr()))


@pytest.mark.parametrize("func", ["min", "max"])
def test_min_and_max_grow_with_their_arguments_not_with_2_to_their_power(func):
    # the former fold repeated the running result twice per argument: 2**20 copies at 20
    def size(n: int, arg: str) -> int:
        args = ", ".join(arg.format(i) for i in range(n))
        return _expression_text(compile_expression(f"{func}({args})", NUMS))

    assert size(20, "a + {}") < 3 * size(10, "a + {}")  # one common denominator: linear
    assert size(6, "a / b + {}") < 8 * size(3, "a / b + {}")  # divisions by columns: n(n-1)/2


def test_min_of_twenty_arguments_classifies(tmp_path):
    when = "min(" + ", ".join(f"working_age_unemployed + {i}" for i in range(20)) + ") >= 1"
    path = write(tmp_path, "m.yaml", with_indicator("m", when))
    out = tmp_path / "out.csv"
    argv = ["classify", str(DATA), "-s", str(path), "-o", str(out), "--as-of", "2025-01-01"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    assert pl.read_csv(out, infer_schema=False)["deprived"][0].startswith("employment;")


_ARG = st.sampled_from(["a", "b", "c", "a / b", "b / c", "(a + 1) / c", "0.5", "-2", "a / 3"])


@settings(deadline=None, max_examples=150)
@given(
    func=st.sampled_from(["min", "max"]),
    args=st.lists(_ARG, min_size=1, max_size=6),
    values=st.lists(st.one_of(st.none(), st.integers(-50, 50)), min_size=3, max_size=3),
)
def test_min_and_max_are_exact_and_unknown_when_an_argument_is(func, args, values):
    env = dict(zip("abc", values, strict=True))

    def exact(arg: str) -> Fraction | None:
        try:
            return Fraction(
                eval(arg, {}, {k: None if v is None else Fraction(v) for k, v in env.items()})
            )
        except (TypeError, ZeroDivisionError):
            return None

    parts = [exact(a) for a in args]
    expected = None if None in parts else (min if func == "min" else max)(parts)
    compiled = compile_expression(f"{func}({', '.join(args)})", NUMS)
    frame = pl.DataFrame([env], schema={k: pl.Int64 for k in "abc"})
    got = frame.select(compiled.as_expr().alias("r"))["r"][0]
    if expected is None:
        assert got is None
    else:
        q = compiled.value
        # compare exactly: num and den as integers
        num, den = frame.select(q.num.alias("n"), q.den_expr().alias("d")).row(0)
        assert Fraction(num, den) == expected, (args, env, got)


# --------------------------------------------------------------------------- any YAML


def _shipped(name: str) -> str:
    return (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("parameters:", "parameters: [1, 2]\nunused:"),  # a list where a mapping is wanted
        ("dimensions:", "dimensions: {a: 1}\nunused:"),  # a mapping where a list is wanted
        ("format_version: 1", "format_version: '1'"),  # text where a number is wanted
        ("format_version: 1", "format_version: 99999999999999999999"),
        ("valid_from: 2022-01-01", "valid_from: '2022-02-30'"),  # a date as text
        ("valid_from: 2022-01-01", "valid_from: 2022-01-01 10:00:00"),
        ("valid_from: 2022-01-01", "valid_from: ~"),
        ("id: vn-2022-2025", "id: ~"),
        ("id: vn-2022-2025", "id: [a]"),
        ("id: vn-2022-2025", "id: 5"),
        ("title:", "title: ~\nunused:"),
        ("valid_to:", "provisional: maybe\nvalid_to:"),
        ("valid_to:", "provisional: 2\nvalid_to:"),
        ("valid_to:", "extends: 5\nvalid_to:"),
        ("valid_to:", "extends: [a]\nvalid_to:"),
        ("valid_to:", "extends: ''\nvalid_to:"),
        ("valid_to:", "extends: /\nvalid_to:"),
        ("valid_to:", "extends: .\nvalid_to:"),
        ("valid_to:", "extends: /dev/null\nvalid_to:"),
        ("valid_to:", "extends: ../thresholds\nvalid_to:"),
        ("valid_to:", "extends: '[/x]'\nvalid_to:"),
        ("valid_to:", "extends: format_version: 1\nvalid_to:"),
        ("value: 0.5", "value: 1.0e+400"),
        ("value: 0.5", "value: true"),
        ("value: 0.5", "value: '0.5'"),
        ("value: 0.5", "value: {a: 1}"),
        ("value: 8", "value: -99999999999999999999999999999999999999"),
        ("      rural: 1500000", "      1: 1500000"),  # a non-text key
        ("      rural: 1500000", "      yes: 1500000"),
        ("      rural: 1500000", "      rural: ~"),
        ("income_line: income_line", "income_line: 5"),
        ("income_line: income_line", "income_line: [income_line]"),
        # (income_line: ~ is a standard that reports no line, as a pure Alkire-Foster one)
        ("income_line: income_line", 'income_line: ""'),
        ("    otherwise: true", "    otherwise: false"),
        ("classes:", "classes: ~\nunused:"),
        ("references:", "references: []\nunused:"),
    ],
)
def test_a_wrong_value_anywhere_is_a_clean_refusal(tmp_path, old, new):
    text = _shipped("vn-2022-2025")
    assert old in text, old
    path = write(tmp_path, f"s{next(_names)}.yaml", text.replace(old, new, 1))
    with pytest.raises(MdpovertyError) as info:
        load_checked(path)
    assert info.value.file or "standard" in info.value.message
    result = validate(path)
    assert_clean(result)
    assert result.exit_code == 4


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(),
    st.text(max_size=12),
    st.sampled_from(
        ["poor", "rural", "area", "income_line", "x > 1", "min(a, 1)", "[/x]", "2022-02-30",
         "vn-2022-2025", "parent.yaml", "../x.yaml", "/", "legal", "provincial", "1e999",
         "deprived('water')", "household_size > 0", "deprivation_count >= 3"]
    ),
)  # fmt: skip
KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["id", "value", "values", "by", "when", "class", "otherwise", "extends",
                     "status", "reference", "unit", "rural", "urban", "deprived_when"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
YAML_BITS = st.sampled_from(
    ["a", ":", " ", "\n", "- ", "[", "]", "{", "}", "&x ", "*x", "!!int ", "!!str ", "'", '"',
     "#", "---\n", "<<: ", "1e5", "2022-02-30", "~", ",", "? ", "|", ">", "\t", "id: x\n",
     "extends: ", "format_version: 1\n", "9" * 45, ".inf", "0x1F", "\\", "\x00", "\ufeff",
     "%YAML 1.1\n", "!x ", "&y [*y]"]
)  # fmt: skip


def _dump(value) -> str:
    def decimal(dumper, number):
        return dumper.represent_scalar("tag:yaml.org,2002:float", str(number))

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(Decimal, decimal)
    return yaml.dump(value, Dumper=Dumper, allow_unicode=True, sort_keys=False)


def _paths(value, prefix=()):
    yield prefix
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    for key, child in items:
        yield from _paths(child, (*prefix, key))


@st.composite
def mutated_standard(draw) -> str:
    """A shipped standard (a full one or one that extends another) with keys and values deleted,
    replaced or duplicated."""
    name = draw(st.sampled_from(sorted(p.stem for p in SHIPPED.glob("*.yaml"))))
    doc = copy.deepcopy(yaml.safe_load(_shipped(name)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in _paths(doc) if p]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "replace", "duplicate"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:
            parent[draw(KEYS)] = copy.deepcopy(parent[path[-1]])
    return _dump(doc)


ANY_YAML = st.one_of(VALUES.map(_dump), st.lists(YAML_BITS, max_size=40).map("".join))
HYPOTHESIS = settings(
    deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _only_clean_errors(path: Path) -> None:
    with contextlib.suppress(MdpovertyError):
        load_checked(path)


@HYPOTHESIS
@given(text=st.one_of(ANY_YAML, mutated_standard()))
def test_the_loader_raises_only_domain_errors_for_any_yaml(tmp_path, text):
    _only_clean_errors(write(tmp_path, f"s{next(_names)}.yaml", text))


@HYPOTHESIS
@given(text=st.one_of(mutated_standard(), ANY_YAML))
def test_standards_validate_is_clean_for_any_yaml(tmp_path, text):
    assert_clean(validate(write(tmp_path, f"v{next(_names)}.yaml", text)))


def test_a_mutated_standard_can_still_be_valid():
    # the mutation strategy does reach valid standards, so the property above sees exit 0 too
    assert load_checked(SHIPPED / "vn-2022-2025.yaml").id == "vn-2022-2025"


# --------------------------------------------------------------------------- mapping files

MAPPING = {
    "ID": "household_id",
    "KV": "area",
    "NK": "household_size",
    "TN": "income_per_capita_month",
}


@st.composite
def mutated_mapping(draw) -> str:
    data: dict = dict(MAPPING)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(sorted(data) or ["ID"]))
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            data.pop(key, None)
        elif action == "replace":
            data[key] = draw(VALUES)
        else:
            data[draw(KEYS)] = draw(st.one_of(VALUES, st.sampled_from(list(MAPPING.values()))))
    return _dump(data)


@HYPOTHESIS
@given(text=st.one_of(mutated_mapping(), ANY_YAML))
def test_a_mapping_file_is_read_or_refused_with_its_name(tmp_path, text):
    path = write(tmp_path, f"m{next(_names)}.yaml", text)
    try:
        load_mapping(path)
        refused = False
    except InputError as exc:
        refused = True
        assert exc.file is not None and exc.file.endswith(path.name)
    out = tmp_path / f"o{next(_names)}.csv"
    argv = ["classify", str(MAPPED_DATA), "--columns", str(path), "-o", str(out)]
    result = CliRunner().invoke(app, [*argv, "--as-of", "2025-01-01"])
    assert_clean(result, allowed=(0, 3, 4))
    if refused:
        assert result.exit_code == 4
        assert path.name in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ID: household_id\nKV: [a]\n", "m.yaml:2: KV: a header maps to one column name (text)"),
        ("ID: household_id\nKV:\n", "m.yaml:2: KV: a header maps to one column name (text)"),
        ("ID: yes\n", "m.yaml:1: ID: a header maps to one column name (text)"),
        ("ID: 2022-02-30\n", "m.yaml:1: ID: '2022-02-30' is not a valid date"),
        (
            "ID: household_i\n",
            "m.yaml:1: ID: 'household_i' is no column: did you mean 'household_id'?",
        ),
        ("ID: x\nID: y\n", "m.yaml:2: ID: duplicate key 'ID' (first at line 1)"),
        ("- ID\n", "m.yaml: a columns mapping is a YAML mapping"),
        ("ID: [\n", "m.yaml:2: YAML syntax error"),
    ],
)
def test_every_mapping_error_names_the_mapping_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "m.yaml", text)
    with pytest.raises(InputError) as info:
        load_mapping(path)
    assert str(info.value).replace(str(tmp_path) + "/", "").startswith(message)


def test_a_mapping_header_spelled_like_a_yaml_boolean_stays_a_header(tmp_path):
    path = write(tmp_path, "m.yaml", "no: household_id\n'yes': area\n")
    assert load_mapping(path) == {"no": "household_id", "yes": "area"}


# --------------------------------------------------------------------------- the corpus


def _corpus_cases() -> dict:
    return yaml.safe_load((CORPUS / "cases_standards.yaml").read_text(encoding="utf-8"))


def test_the_standards_corpus_is_large_enough():
    cases = _corpus_cases()
    assert len(cases) >= 15
    assert sum(1 for case in cases.values() if case["exit"] == 4) >= 15
    files = {a for case in cases.values() for a in case.get("args", []) if a.endswith(".yaml")}
    assert all(f.startswith("std_") for f in files)
    assert all((CORPUS / "files" / f).stat().st_size < 100_000 for f in files)


@pytest.mark.parametrize("name", list(_corpus_cases()))
def test_a_standards_corpus_case_leaves_no_file_behind(name, tmp_path, monkeypatch):
    case = _corpus_cases()[name]
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    args = [str(CORPUS / "files" / a) if a.endswith(".yaml") else a for a in case["args"]]
    source = CORPUS / "files" / name.split("#")[0]
    before = {p: p.stat().st_mtime_ns for p in (CORPUS / "files").iterdir()}
    argv = ["classify", str(source), "-o", "out.csv", "--as-of", "2025-01-01", *args]
    result = CliRunner().invoke(app, argv)
    assert_clean(result)
    assert result.exit_code == case["exit"]
    assert list(temp.iterdir()) == []
    assert sorted(p.name for p in work.iterdir()) == (["out.csv"] if case["exit"] == 0 else [])
    assert {p: p.stat().st_mtime_ns for p in (CORPUS / "files").iterdir()} == before
    assert re.search(r"\bTraceback\b", result.stderr) is None


@pytest.mark.parametrize("text", ["min((a + 1) / c)", "(a + 1) / c", "max(a / c)"])
def test_a_value_that_divides_by_zero_is_unknown_never_inf(text):
    # hypothesis found min((a + 1) / c) with c = 0 giving inf: one argument is that argument
    frame = pl.DataFrame([{"a": 0, "b": 1, "c": 0}], schema={k: pl.Int64 for k in "abc"})
    got = frame.select(compile_expression(text, NUMS).as_expr().alias("r"))["r"][0]
    assert got is None
