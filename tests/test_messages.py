"""Errors in the run's language (--lang vi): every error the code can raise has a Vietnamese form
that fits the values its raise site gives, and the commands print it with exit codes unchanged.
CliRunner with stdout and stderr apart."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty import errors, messages
from mdpoverty.cli.app import app
from mdpoverty.errors import InputError, MdpovertyError, Said

SRC = Path(messages.__file__).parent
runner = CliRunner()

# Modules whose errors still speak English only: none since a standard file's checks and its
# expressions have their Vietnamese forms. The test below fails when one listed has no
# English-only error left, so the list only shrinks.
ENGLISH_ONLY: set[str] = set()


def _error_classes() -> set[str]:
    found, todo = set(), [MdpovertyError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


ERRORS = _error_classes()


def _name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _params(call: ast.Call) -> set[str] | None:
    """The names of the values a raise site gives (None: not a literal dict, cannot tell)."""
    given = next((k.value for k in call.keywords if k.arg == "params"), None)
    if given is None:
        return set()
    if isinstance(given, ast.Dict) and all(isinstance(k, ast.Constant) for k in given.keys):
        return {k.value for k in given.keys}  # type: ignore[union-attr]
    return None


class Site:
    def __init__(self, where: str, key: str, params: set[str] | None) -> None:
        self.where, self.key, self.params = where, key, params


def _scan() -> tuple[list[Site], list[str]]:
    """Every error made in src and every Said: (sites with a key, sites that lack one)."""
    sites: list[Site] = []
    missing: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "errors.py":  # where the errors are defined
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # helpers that make an error with the key they are given (`fail(message, ..., key=)`),
        # and classes made so (an expression's syntax error, a weight's error), by their name
        helpers = set()
        for fn in ast.walk(tree):
            keyed = isinstance(fn, ast.FunctionDef) and "key" in {a.arg for a in fn.args.kwonlyargs}
            if keyed and not fn.name.startswith("__"):
                helpers.add(fn.name)
            if isinstance(fn, ast.ClassDef):
                init = next(
                    (f for f in fn.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"),
                    None,
                )
                if init is not None and "key" in {a.arg for a in init.args.kwonlyargs}:
                    helpers.add(fn.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):  # `error.key, error.params = "key", {...}`
                target, value = node.targets[0], node.value
                pairs = (
                    zip(target.elts, value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                    else [(target, value)]
                )
                named = dict((getattr(t, "attr", None), v) for t, v in pairs)
                key = named.get("key")
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    given = named.get("params")
                    fields = (
                        {k.value for k in given.keys}  # type: ignore[union-attr]
                        if isinstance(given, ast.Dict)
                        else None
                    )
                    sites.append(Site(f"{rel}:{node.lineno}", key.value, fields))
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            where = f"{rel}:{node.lineno}"
            if name == "Said":
                if isinstance(node.args[1], ast.Constant):
                    sites.append(Site(where, node.args[1].value, {k.arg for k in node.keywords}))
                # else: forwards another error's key and params (`the member file: ...`)
            elif name == "BadParameter":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Call) and _name(first) == "Said"):
                    missing.append(where)
            elif name in ERRORS or name in helpers:
                key = next((k.value for k in node.keywords if k.arg == "key"), None)
                if isinstance(key, ast.Constant):
                    sites.append(Site(where, key.value, _params(node)))
                elif isinstance(key, ast.Attribute) and key.attr == "key":
                    pass  # forwards another error's key and params (a mapping file's YAML)
                elif isinstance(key, ast.Name) and key.id == "key":
                    pass  # inside a helper given the key by its callers, checked there
                elif rel not in ENGLISH_ONLY:
                    missing.append(where)
            elif name in ("append", "extend", "insert") and isinstance(node.func, ast.Attribute):
                target = node.func.value
                if isinstance(target, ast.Attribute | ast.Name) and (
                    getattr(target, "attr", None) == "details"
                    or getattr(target, "id", None) == "details"
                ):
                    for arg in node.args:
                        text = isinstance(arg, ast.Constant | ast.JoinedStr | ast.BinOp)
                        if text and rel not in ENGLISH_ONLY:
                            missing.append(f"{where} (a detail line that is not a Said)")
    return sites, missing


SITES, MISSING = _scan()


def test_every_error_raised_has_a_vietnamese_form():
    assert not MISSING, f"errors without a key (give key= and params=, and a form in VI): {MISSING}"
    unknown = sorted({f"{s.where}: {s.key}" for s in SITES if s.key not in messages.VI})
    assert not unknown, f"keys with no Vietnamese form in messages.VI: {unknown}"


def test_the_english_only_list_is_honest():
    """A module listed as English-only still has an error without a key (else: drop it)."""
    sites = _scan_english_only()
    assert sites == ENGLISH_ONLY


def _scan_english_only() -> set[str]:
    english = set()
    for rel in ENGLISH_ONLY:
        tree = ast.parse((SRC / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            keyless = isinstance(node, ast.Call) and not any(k.arg == "key" for k in node.keywords)
            if keyless and _name(node) in ERRORS:
                english.add(rel)
    return english


def test_every_key_is_used():
    used = {s.key for s in SITES}
    assert not sorted(set(messages.VI) - used)


class _Sample(str):
    """A value for a form's field: text, and a number or date where a function compares one."""


# a value of the right kind for the functions' fields (a template takes any text)
SAMPLE = {
    "lone_cr": [3, 9],
    "found": [(4, 12)],
    "width": 11,
    "bom": True,
    "count": 2,
    "more": 1,
    "provinces": [("Quảng Ninh", 1200), ("Đồng Nai", 3)],
    "own": [("quangninh-2023-2025", "Quảng Ninh")],
    "on": dt.date(2024, 12, 31),
    "spans": [
        ("quangninh-2023-2025", dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
        ("x", dt.date(2024, 1, 1), None),
    ],
    "inside": False,
    "sheet_row": 12,
    "length": 40_000,
    "limit": 32_767,
    "instead": (".csv", ".parquet"),
    "code": 28,
    "problems": [("class", "poor", "near_poor"), ("deprived", ["health"], [])],
    "errors": "income_per_capita_month:not_a_number;area:unknown_category",
}


def _value(name: str) -> object:
    return SAMPLE.get(name, _Sample(f"<{name}>"))


@pytest.mark.parametrize("site", SITES, ids=[f"{s.where}-{s.key}" for s in SITES])
def test_each_form_fits_its_raise_site(site):
    """No KeyError (or any failure) when a user meets the error: the form formats with exactly
    the values its raise site gives, and places each of them."""
    assert site.params is not None, f"{site.where}: params= must be a literal dict"
    form = messages.VI[site.key]
    values = {name: _value(name) for name in site.params}
    if isinstance(form, str):
        text = form.format(**values)
        for name in site.params:
            assert f"{{{name}" in form, f"{site.where}: the form of {site.key} drops {name}"
    else:
        text = form(values)
    assert text and "{" not in text.replace("{}", ""), text


def test_say_where_details_and_fallback():
    exc = InputError(
        "file not found",
        file="ds.csv",
        row=12,
        column="thu_nhap",
        key="input.not_found",
        details=[Said("how", "input.detail.how_to_map"), "as is"],
    )
    assert messages.say(exc, "en") == str(exc)
    text = messages.say(exc, "vi")
    assert text.splitlines()[0] == "ds.csv: dòng 12: cột 'thu_nhap': không tìm thấy tệp"
    assert text.splitlines()[1].startswith("  có thể gán tiêu đề riêng")
    assert text.splitlines()[2] == "  as is"
    # a form that cannot be said (no key, or values that do not fit) gives the English message
    assert messages.say(InputError("plain"), "vi") == "plain"
    odd = InputError("english", key="input.header_row_line_empty", params={})
    assert messages.say(odd, "vi") == "english"


def test_expression_position_in_vietnamese():
    exc = errors.ExpressionError(
        "bad", expression="a +", position=2, key="yaml.empty", file="s.yaml"
    )
    assert messages.say(exc, "vi").splitlines() == [
        "s.yaml: tệp rỗng (tại ký tự 3)",
        "  a +",
        "    ^",
    ]


# ----------------------------------------------------------------------------- the commands


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def households(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("STT,Ghi chú\n1,x\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "code", "vi", "en"),
    [
        # io/readers: a file that is not there, a sheet named for a CSV file, missing columns
        (["classify", "{dir}/none.csv"], 4, "không tìm thấy tệp", "file not found"),
        (
            ["classify", "{csv}", "--sheet", "S"],
            4,
            "có chỉ định trang tính ('S')",
            "a sheet ('S') is named for this file",
        ),
        (
            ["classify", "{csv}", "--as-of", "2024-12-31"],
            4,
            "không có cột bắt buộc nào",
            "none of the required columns is here",
        ),
        (
            ["classify", "{csv}", "--encoding", "nope"],
            4,
            "không rõ bảng mã 'nope'",
            "unknown encoding 'nope'",
        ),
        # io/layout
        (["classify", "{csv}", "--header-row", "9"], 4, "tệp chỉ có", "the file has only"),
        # io/mapping (and standard/yaml_strict through it)
        (["classify", "{csv}", "--columns", "{dir}/map.yaml"], 4, "khóa 'A' bị lặp", "duplicate"),
        # io/writers
        (
            ["classify", "{csv}", "-o", "{dir}/out.docx"],
            4,
            "không rõ định dạng '.docx' của -o",
            "unknown output format '.docx' for -o",
        ),
        (
            ["classify", "{csv}", "-o", "{csv}"],
            4,
            "-o sẽ ghi đè lên tệp dữ liệu vào",
            "-o would overwrite the input",
        ),
        # cli: a report's format, a standard named twice
        (
            ["report", "{csv}", "-o", "{dir}/r.doc"],
            4,
            "không rõ định dạng báo cáo '.doc'",
            "unknown report format '.doc'",
        ),
        (
            ["classify", "{csv}", "-s", "vn-2022-2025", "-s", "vn-2022-2025"],
            4,
            "chuẩn nghèo 'vn-2022-2025' được nêu hai lần",
            "the standard 'vn-2022-2025' is named twice",
        ),
        # an option's value: typer's usage error (2), our part of it translated
        (
            ["classify", "{csv}", "--as-of", "31/12/24"],
            2,
            "không phải ngày",
            "is not a date",
        ),
        (["measures", "{csv}", "--k", "2"], 2, "k là một tỷ lệ", "k is a share"),
        # compare, explain (views)
        (
            ["compare", "{csv}", "--base", "vn-2022-2025", "--alt", "vn-2022-2025"],
            4,
            "chuẩn cơ sở và chuẩn so sánh là cùng một chuẩn",
            "base and alt are the same standard",
        ),
        # standards validate
        (["standards", "validate", "{dir}/map.yaml"], 4, "khóa 'A' bị lặp", "duplicate key 'A'"),
    ],
)
def test_errors_follow_lang(tmp_path, households, args, code, vi, en):
    (tmp_path / "map.yaml").write_text("A: household_id\nA: area\n", encoding="utf-8")
    args = [a.format(dir=tmp_path, csv=households) for a in args]
    english = run(*args)
    assert english.exit_code == code, english.output
    assert en in english.stderr and vi not in english.stderr
    assert english.stdout == ""
    vietnamese = run(*args, "--lang", "vi")
    assert vietnamese.exit_code == code, vietnamese.output
    assert vi in vietnamese.stderr, vietnamese.stderr
    assert en not in vietnamese.stderr
    assert vietnamese.stdout == ""
    if code == 4:
        assert vietnamese.stderr.startswith("lỗi: ")
        assert english.stderr.startswith("error: ")


def test_missing_columns_vietnamese_details(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("household_id,area,household_size\nH1,rural,4\n", encoding="utf-8")
    result = run("classify", str(path), "--as-of", "2024-12-31", "--lang", "vi")
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"lỗi: {path}: thiếu ") and "cột bắt buộc" in lines[0]
    assert any("tiêu đề tiếng Việt" in line for line in lines)
    assert any(
        "vn-2022-2025: chuẩn quốc gia có hiệu lực ngày 31/12/2024 (--as-of 2024-12-31)" in line
        for line in lines
    )
    assert any("có thể gán tiêu đề riêng của tệp" in line for line in lines)


def test_explain_rejected_row_in_vietnamese(tmp_path):
    from .conftest import BASE

    row = {**BASE, "income_per_capita_month": "abc"}
    path = tmp_path / "ds.csv"
    path.write_text(
        ",".join(row) + "\n" + ",".join(str(v) for v in row.values()) + "\n", encoding="utf-8"
    )
    args = ["explain", str(path), "--id", "H1", "--as-of", "2024-12-31"]
    vi = run(*args, "--lang", "vi")
    assert vi.exit_code == 3
    assert "Hộ H1 (dòng 2)" in vi.stdout
    assert "Không phân loại: classify loại hộ này (mã thoát 3), vì:" in vi.stdout
    assert "income_per_capita_month: không phải là số" in vi.stdout
    en = run(*args)
    assert en.exit_code == 3
    assert "No class: classify rejects this household (exit code 3), because:" in en.stdout
    assert "income_per_capita_month: not a number" in en.stdout


def test_standards_test_and_validate_take_lang(tmp_path):
    ok = run("standards", "validate", "vn-2022-2025", "--lang", "vi")
    assert ok.exit_code == 0
    assert "chỉ số" in ok.stdout and "quy tắc phân loại" in ok.stdout
    assert "indicators" in run("standards", "validate", "vn-2022-2025").stdout
    cases = tmp_path / "cases.yaml"
    base = (Path(__file__).parents[1] / "thresholds" / "tests" / "vn-2022-2025.yaml").read_text(
        encoding="utf-8"
    )
    head = base[: base.index("cases:")]  # the standard and its base household
    cases.write_text(
        head + "cases:\n  - name: wrong\n    input: {income_per_capita_month: 1}\n"
        "    expected: {class: not_poor}\n",
        encoding="utf-8",
    )
    vi = run("standards", "test", str(cases), "--lang", "vi")
    en = run("standards", "test", str(cases))
    assert vi.exit_code == en.exit_code == 3, (en.stdout, en.stderr)
    assert "KHÔNG ĐẠT" in vi.stdout and "phân loại (kỳ vọng: Hộ không nghèo" in vi.stdout
    assert "FAIL" in en.stdout and "class: expected not_poor" in en.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(cases.read_text(encoding="utf-8").replace("input:", "household:"), "utf-8")
    refused = run("standards", "test", str(broken), "--lang", "vi")
    assert refused.exit_code == 4 and refused.stderr.startswith("lỗi: ")


def test_measures_lang_notes_and_accounting(tmp_path):
    from .conftest import BASE

    path = tmp_path / "ds.csv"
    path.write_text(
        ",".join(BASE) + "\n" + ",".join(str(v) for v in BASE.values()) + "\n", encoding="utf-8"
    )
    args = ["measures", str(path), "--k", "1/3", "--as-of", "2024-12-31", "--format", "json"]
    vi = run(*args, "--lang", "vi")
    assert vi.exit_code == 0, vi.output
    assert "số dòng đã đọc 1" in vi.stderr
    en = run(*args)
    assert "rows read 1" in en.stderr
    assert en.stdout == vi.stdout  # the data for programs stays the same
