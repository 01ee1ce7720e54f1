"""Messages about numbers in a standard file that say what is wrong, not something near it: a
number too large for exact arithmetic (a literal, a long divisor) said so with the bound, not
"multiply fewer values together"; a negative weight or k called negative, not "not an exact
number"; "too many digits" with its limit; a key longer than YAML reads said so with the limit,
not as a YAML syntax error. Each in English and Vietnamese, with the file, line and YAML path;
CliRunner with stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / "thresholds" / "vn-2022-2025.yaml"
FOUR = Path(__file__).parent / "standards" / "af-four-indicators.yaml"
runner = CliRunner()


def validate(path: Path, lang: str):
    result = runner.invoke(app, ["standards", "validate", str(path), "--lang", lang])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    return result.stderr


def mutate(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


RULE = "    deprived_when: working_age_unemployed >= 1"
BOUND = "170141183460469231731687303715884105727"
LONG_DIVISOR = "9" * 30
TINY = "0." + "0" * 29 + "1"

EXPRESSIONS = [
    # a literal over 2^127 - 1
    (
        "1" + "0" * 39 + " > income_per_capita_month",
        f"the number 1{'0' * 39} is too large for exact arithmetic: a number in an expression "
        f"is at most {BOUND} (2^127 - 1) (at character 1)",
        f"số 1{'0' * 39} quá lớn để tính chính xác: một số trong biểu thức không vượt quá {BOUND}"
        " (2^127 - 1) (tại ký tự 1)",
    ),
    # a decimal too fine for a 128-bit denominator
    (
        "0." + "0" * 40 + "1 > income_per_capita_month",
        f"the number 0.{'0' * 40}1 has too many decimal places for exact arithmetic: write it "
        "with at most 38 decimal places (at character 1)",
        f"số 0.{'0' * 40}1 có quá nhiều chữ số thập phân để tính chính xác: hãy viết với nhiều"
        " nhất 38 chữ số thập phân (tại ký tự 1)",
    ),
    # a number of 40 digits, decimal point left out
    (
        "1" * 35 + ".11111 > income_per_capita_month",
        f"the number {'1' * 35}.11111 has too many digits for exact arithmetic: written without "
        f"its decimal point, a number in an expression is at most {BOUND} (2^127 - 1)",
        f"số {'1' * 35}.11111 có quá nhiều chữ số để tính chính xác: viết liền không có dấu thập"
        f" phân, một số trong biểu thức không vượt quá {BOUND} (2^127 - 1)",
    ),
    # each number fits, the arithmetic with them does not: the long numbers named
    (
        f"income_per_capita_month / {LONG_DIVISOR} > {TINY}",
        "this arithmetic can exceed exact 128-bit integers (2^127 - 1) for valid inputs (whole "
        "numbers up to 15 digits, money and m2 counted in hundredths) because of the long "
        f"numbers {LONG_DIVISOR}, {TINY}: write them with fewer digits (at character 25)",
        "phép tính này có thể vượt quá phạm vi số nguyên chính xác 128 bit (2^127 - 1) với dữ"
        " liệu hợp lệ (số nguyên đến 15 chữ số, tiền và m2 tính đến hai chữ số thập phân) vì số"
        f" quá dài {LONG_DIVISOR}, {TINY}: hãy viết các số này với ít chữ số hơn (tại ký tự 25)",
    ),
]


@pytest.mark.parametrize(("expression", "english", "vietnamese"), EXPRESSIONS)
def test_a_number_too_large_for_exact_arithmetic_is_said_so(
    tmp_path, expression, english, vietnamese
):
    path = mutate(tmp_path, NATIONAL, RULE, f"    deprived_when: {expression}")
    line = line_of(path, expression)
    for lang, want in (("en", english), ("vi", vietnamese)):
        stderr = validate(path, lang)
        first = " ".join(stderr.splitlines()[0].split())
        assert first.startswith(f"{'lỗi' if lang == 'vi' else 'error'}: {path}:{line}: ")
        assert f": indicators[0].deprived_when: {want}" in first, first
        assert "multiply fewer" not in stderr and "nhân ít" not in stderr


def test_multiplying_columns_still_says_multiply_fewer(tmp_path):
    path = mutate(
        tmp_path,
        NATIONAL,
        RULE,
        "    deprived_when: income_per_capita_month * income_per_capita_month"
        " * income_per_capita_month > 1",
    )
    assert "multiply fewer values together" in validate(path, "en")


WEIGHTS = "\n".join(
    f"  - {{id: i{i}, dimension: d{i}, deprived_when: i{i} == 1, weight: {w},"
    f" label: {{vi: x{i}, en: x{i}}}, status: secondary, reference: [alkire-foster-2011]}}"
    for i, w in enumerate(["1/2", "1/4", "1/4", "-1/12"], 1)
)


def _four(tmp_path: Path, weights: str | None = None, k: str = "1/2") -> Path:
    text = FOUR.read_text(encoding="utf-8")
    if weights is not None:
        start, end = text.index("indicators:"), text.index("k: 1/2")
        text = text[:start] + "indicators:\n" + weights + "\n" + text[end:]
    text = text.replace("k: 1/2", f"k: {k}")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("where", "weights", "k", "english", "vietnamese"),
    [
        ("indicators[3].weight", WEIGHTS, "1/2",
         "a weight is more than 0 and at most 1: -1/12 is negative",
         "trọng số phải lớn hơn 0 và không quá 1: -1/12 là số âm"),
        ("k", None, "-1/3",
         "k is a share of the weighted deprivation score, more than 0 and at most 1: -1/3 is"
         " negative",
         "k là một tỷ lệ của điểm thiếu hụt có trọng số, lớn hơn 0 và không quá 1: -1/3 là số"
         " âm"),
        ("k", None, '"-25%"',
         "more than 0 and at most 1: -1/4 is negative", "không quá 1: -1/4 là số âm"),
        ("indicators[3].weight", WEIGHTS.replace("-1/12", "0." + "0" * 31 + "1"), "1/2",
         "too many digits: at most 30 in a row (a repeating decimal is exact as a fraction:"
         " 1/12, not 0.08333...)",
         "quá nhiều chữ số: nhiều nhất 30 chữ số liền nhau"),
        ("indicators[3].weight", WEIGHTS.replace("-1/12", '"' + "1/" * 31 + '2"'), "1/2",
         "too long: a number is written in at most 60 characters",
         "quá dài: một số được viết bằng nhiều nhất 60 ký tự"),
    ],
)  # fmt: skip
def test_a_weight_or_k_says_what_is_wrong_with_it(tmp_path, where, weights, k, english, vietnamese):
    path = _four(tmp_path, weights, k)
    needle = "i4 == 1" if where.startswith("indicators") else "k: "
    line = line_of(path, needle)
    for lang, want in (("en", english), ("vi", vietnamese)):
        first = " ".join(validate(path, lang).splitlines()[0].split())
        assert f"{path}:{line}: {where}: " in first, first
        assert want in first, first
        assert "not an exact number" not in first and "không phải số chính xác" not in first


def test_a_negative_weight_still_parses_as_a_number_for_the_range_check():
    from fractions import Fraction

    from mdpoverty.exact import exact_fraction

    assert exact_fraction("-1/12") == Fraction(-1, 12)
    assert exact_fraction("-33.33%") == Fraction(-3333, 10000)
    with pytest.raises(ValueError, match="not an exact number"):
        exact_fraction("1/-12")


def test_a_too_long_k_option_says_the_limit_in_both_languages(tmp_path):
    from .test_measures import four_indicator_csv

    data = four_indicator_csv(tmp_path, ["1010"])
    for lang, want in (("en", "too many digits: at most 30"), ("vi", "nhiều nhất 30 chữ số")):
        result = runner.invoke(
            app, ["measures", str(data), "-s", str(FOUR), "--k", "1" * 40, "--lang", lang]
        )
        assert result.exit_code == 2, result.output
        assert want in " ".join(result.stderr.split())


LONG_KEYS = [
    # where the key is, its YAML path, as written
    ("parameters:\n", "parameters:\n  {key}: 1\n", "parameters.{shown}"),
    ("indicators:\n", "indicators:\n  - {key}: 1\n", "indicators[0].{shown}"),
    ("format_version: 1\n", "format_version: 1\n{key}: 1\n", "{shown}"),
    ("format_version: 1\n", 'format_version: 1\n"{key}": 1\n', "{shown}"),
]


@pytest.mark.parametrize(("old", "new", "where"), LONG_KEYS)
def test_a_key_longer_than_yaml_reads_is_said_so_with_the_limit(tmp_path, old, new, where):
    key = ("Thu nhập bình quân " * 60).rstrip()  # 1,139 characters
    path = mutate(tmp_path, NATIONAL, old, new.format(key=key))
    line = line_of(path, key)
    as_written = f'"{key}"' if '"' in new else key  # its quotes counted, and shown
    path_shown = where.format(shown=as_written[:59] + "…")
    english = (
        f"{path}:{line}: {path_shown}: a key is longer than 1,024 characters, the longest YAML "
        f"reads (it has {len(as_written):,})"
    )
    vietnamese = (
        f"{path}:{line}: {path_shown}: khóa dài hơn 1.024 ký tự, mức dài nhất YAML đọc được"
        f" (khóa này có {len(as_written):,} ký tự)"
    ).replace("1,1", "1.1")
    for lang, want in (("en", english), ("vi", vietnamese)):
        stderr = validate(path, lang)
        assert want in stderr, stderr
        assert "YAML syntax error" not in stderr and "cú pháp" not in stderr


def test_a_key_of_1024_characters_is_read():
    from mdpoverty.standard.yaml_strict import load_yaml_text

    key = "x" * 1024
    assert load_yaml_text(f"{key}: 1\n", "m.yaml").data == {key: 1}
    assert load_yaml_text(f'"{key[2:]}": 1\n', "m.yaml").data == {key[2:]: 1}


def test_a_header_longer_than_yaml_reads_in_a_mapping_file(tmp_path):
    mapping = tmp_path / "m.yaml"
    header = "Số người " * 120
    mapping.write_text(f"Mã hộ: household_id\n{header}: household_size\n", encoding="utf-8")
    data = tmp_path / "h.csv"
    data.write_text("Mã hộ\nH1\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(data), "--columns", str(mapping)])
    assert result.exit_code == 4, result.output
    first = " ".join(result.stderr.splitlines()[0].split())
    assert f"{mapping}:2: " in first
    assert "a key is longer than 1,024 characters" in first
