"""Which group labels hold deprivation marks: a whitelist of affirmative words, read after
NFKC and without format characters. A label naming deprivation with any other word is unclear:
the run stops (exit 4) unless a mapping file says what each column holds; never inverted."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import layout
from mdpoverty.text import fold

from .test_marks_attack import FRONT, LABELS

runner = CliRunner()

# each was read as a group of deprivation marks, inverting the list
LEAKS = [
    "Các chỉ số kh\u200bông thiếu hụt",  # zero-width space
    "Các chỉ số kh\u00adông thiếu hụt",  # soft hyphen
    "Các chỉ số không\u2060 thiếu hụt",  # word joiner
    "Các chỉ số \ufeffkhông thiếu hụt",  # byte order mark
    "Các chỉ số kho\u0302ng thiếu hụt",  # decomposed
    "Các chỉ số khg thiếu hụt",
    "Các chỉ số kh thiếu hụt",
    "Các chỉ số 0 thiếu hụt",
    "Chẳng thiếu hụt",
    "Các chỉ số vượt qua thiếu hụt",
    "Các chỉ số mất thiếu hụt",
    "Deprivations absent",
    "Các chỉ số ｋｈｏｎｇ thiếu hụt",  # full width
    "Deprivations (0 = deprived)",
    "Deprived? (no = x)",
    "Undeprived indicators",
    "Nondeprived",
    "Thiếu hụt không",
    "Có thiếu hụt đâu",
    "co thieu hut dau",  # 'dau' unaccented may be 'đâu' as well as 'dấu'
]
PLAIN = [
    "Các chỉ số thiếu hụt",
    "CÁC CHỈ SỐ THIẾU HỤT",
    "Cac chi so thieu hut",
    "Chỉ số thiếu hụt",
    "Thiếu hụt",
    "Các chỉ số có thiếu hụt",
    "Các chỉ số thiếu hụt (x)",
    "Chỉ số thiếu hụt về dịch vụ xã hội cơ bản",
    "Thiếu hụt các chỉ số",
    "Đánh dấu x nếu có thiếu hụt",
    "Deprivations",
    "Deprived indicators",
    "Deprived in",
    "Các chỉ số thiếu\u200b hụt",  # a format character alone turns nothing round
]
NEGATIONS = ["khong", "chua", "ko", "k", "not", "non", "no", "none", "het", "thoat", "mat"]
NEGATIONS += ["vuot", "chang", "absent", "free", "without", "dat", "un", "khg", "kh"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def grouped(path: Path, label: str) -> Path:
    """A list as an office lays it out: the label over the indicators' names, one household
    with an x under its first nine."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                [*FRONT, label, *[""] * (len(LABELS) - 1)],
                [""] * len(FRONT) + LABELS,
                ["H1", "nông thôn", 3, 1_000_000, *["x"] * 9, *[""] * 3],
            ]
        )
    return path


@pytest.mark.parametrize("label", LEAKS)
def test_a_label_with_any_other_word_is_unclear(label):
    assert not layout.is_deprivation_label(label), label
    assert layout.is_unclear_deprivation_label(label), label


@pytest.mark.parametrize("label", PLAIN)
def test_a_label_of_affirmative_words_holds_marks(label):
    assert layout.is_deprivation_label(label), label
    assert not layout.is_unclear_deprivation_label(label), label


@pytest.mark.parametrize("label", LEAKS[:4] + LEAKS[8:15])
def test_a_run_under_a_leaking_label_stops_naming_it(tmp_path, label):
    out = tmp_path / "o.csv"
    result = invoke(
        "classify", grouped(tmp_path / "ds.csv", label), "-s", "vn-2022-2025", "-o", out
    )
    assert result.exit_code == 4, (label, result.stderr)
    # a legend saying the reverse of the marks ('0 = deprived') is named as such
    reverse = layout.legend_contradiction(label)
    why = f"has a legend that says '{reverse}'" if reverse else "names deprivation, but not clearly"
    assert why in " ".join(result.stderr.split())
    assert "deprived:employment' (an x is a deprivation)" in result.stderr
    assert not out.exists()


def test_the_vocabulary_holds_no_negation():
    folded = {fold(w) for w in layout.LABEL_WORDS}
    assert not folded & set(NEGATIONS)
    assert len(layout.LABEL_WORDS) < 80  # a small, reviewed list


_BASES = [("Các", "chỉ", "số", "thiếu hụt"), ("Thiếu hụt",), ("Deprivations",), ("Deprived", "in")]
_WORD = st.text(st.characters(categories=("L",)), min_size=1, max_size=8)


@given(
    base=st.sampled_from(_BASES),
    word=_WORD,
    at=st.integers(min_value=0, max_value=4),
    glue=st.sampled_from([" ", "-", ": ", " (", "\u200b", "\u00ad"]),
)
def test_any_other_word_makes_a_deprivation_label_unclear(base, word, at, glue):
    tokens = layout._LABEL_TOKEN.findall(layout.label_text(word))
    if not tokens or all(map(layout.is_label_word, tokens)):
        return  # an affirmative word (or one NFKC reads as one): not what this checks
    if not layout.label_text(word).isalpha():
        return
    words = list(base)
    at = min(at, len(words))
    label = " ".join([*words[:at], word, *words[at:]]) if glue == " " else None
    if label is None:  # glued to the word beside it
        left = " ".join(words[:at])
        right = " ".join(words[at:])
        label = f"{left} {word}{glue}{right}".strip() if right else f"{left}{glue}{word}"
    assert not layout.is_deprivation_label(label), label
    assert layout.is_unclear_deprivation_label(label), label


@given(
    negation=st.sampled_from(["không", "chưa", "ko", "not", "non", "chẳng", "mất", "hết"]),
    cf=st.lists(st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c"]), max_size=3),
    at=st.integers(min_value=0, max_value=5),
)
def test_format_characters_never_hide_a_negation(negation, cf, at):
    at = min(at, len(negation))
    hidden = negation[:at] + "".join(cf) + negation[at:]
    assert layout.is_unclear_deprivation_label(f"Các chỉ số {hidden} thiếu hụt")
    wide = "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in hidden)
    assert layout.is_unclear_deprivation_label(f"Các chỉ số {wide} thiếu hụt")


# --- under a group that is no deprivation group, a column naming an indicator is not read, and
# the message gives both readings for every such column, never the marks one alone -------------


@pytest.mark.parametrize("label", ["Các chỉ số đạt", "Các chỉ số bình thường", "Indicators met"])
def test_columns_naming_indicators_under_another_group_get_both_mapping_lines(tmp_path, label):
    path = grouped(tmp_path / "ds.csv", label)
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv")
    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert "looks like the deprivation marks" not in said
    assert "'Việc làm: deprived:employment' (an x is a deprivation)" in said
    assert "'Việc làm: <answer column>' (its cells are the household's answers)" in said
    # a column close to a missing answer: both lines, the answer's name in the first
    hints = re.findall(
        r"names the indicator (\w+), but nothing says[^;]*?--columns, '([^']*)' \(its cells are "
        r"the household's answers\) or '([^']*)' \(an x is a deprivation\)",
        said,
    )
    assert hints
    for ind_id, answer, marks in hints:
        assert marks.endswith(f": deprived:{ind_id}") and ": deprived:" not in answer
    # every one (the latrine's is its answer's header), not the couple close to a missing column
    assert "11 columns name an indicator but do not say" in said
    ids = ["employment", "dependents", "nutrition", "health_insurance", "adult_education"]
    ids += ["child_schooling", "housing_quality", "housing_area", "water", "telecom"]
    for ind_id in [*ids, "information_assets"]:
        assert f"' ({ind_id})" in said, ind_id
    vi = invoke("classify", path, "-s", "vn-2022-2025", "-o", tmp_path / "o.csv", "--lang", "vi")
    assert vi.exit_code == 4
    assert "11 cột nêu tên một chỉ số" in " ".join(vi.stderr.split())
