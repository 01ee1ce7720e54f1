"""A deprivation group label with a legend of its marks at its end (``Các chỉ số thiếu hụt
(không ghi = không thiếu hụt)``): read by a strict grammar, a legend that agrees with how the
marks are read leaves the label a plain one; one that says the reverse is refused (exit 4)
saying why; anything else in the parenthesis leaves the label unclear, as before."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io import layout
from mdpoverty.run.validation import FALSE_WORDS, MARK_WORDS

from . import reference
from .test_marks_attack import FRONT, LABELS

runner = CliRunner()
PLAIN = "Các chỉ số thiếu hụt"
AGREEING = [
    f"{PLAIN} (không ghi = không thiếu hụt)",
    f"{PLAIN} (để trống = không thiếu hụt)",
    f"{PLAIN} (x = thiếu hụt)",
    f"{PLAIN} (x = thiếu hụt; để trống = không thiếu hụt)",
    f"{PLAIN} (x = thiếu hụt, trống = không thiếu hụt)",
    f"{PLAIN} (x, 1 = thiếu hụt)",
    f"{PLAIN} (x hoặc ✓ = bị thiếu hụt)",
    f"{PLAIN} (X = THIẾU HỤT)",
    f"{PLAIN} （ｘ ＝ ｔｈｉếｕ ｈụｔ）",  # full width
    "Cac chi so thieu hut (x = thieu hut, de trong = khong thieu hut)",
    "Deprivations (x = deprived)",
    "Deprivations (blank = not deprived)",
    "Deprived indicators (x/1/yes = deprived; blank or empty = not deprived)",
    f"{PLAIN} (x) (x = thiếu hụt)",
]
# (label, the clause said in the message)
CONTRADICTING = [
    (f"{PLAIN} (x = không thiếu hụt)", "x = không thiếu hụt"),
    (f"{PLAIN} (trống = thiếu hụt)", "trống = thiếu hụt"),
    (f"{PLAIN} (không ghi = thiếu hụt)", "không ghi = thiếu hụt"),
    (f"{PLAIN} (x = thiếu hụt, 1 = không thiếu hụt)", "1 = không thiếu hụt"),
    ("Deprivations (x = not deprived)", "x = not deprived"),
    ("Deprivations (blank = deprived)", "blank = deprived"),
    ("Deprivations (0 = deprived)", "0 = deprived"),
    ("Deprivations (x / 1 = not deprived)", "x, 1 = not deprived"),  # the separator inside
]
# no legend of the grammar: the label stays unclear, refused as before
OTHER = [
    f"{PLAIN} (x = có)",
    f"{PLAIN} (x = thiếu)",
    f"{PLAIN} (x = đạt chuẩn)",
    f"{PLAIN} (0 = không thiếu hụt)",
    f"{PLAIN} (x/0 = thiếu hụt)",
    f"{PLAIN} (x = thiếu hụt (có))",
    f"{PLAIN} (x = thiếu hụt) không",
    f"{PLAIN} (x = thiếu hụt, ghi chú)",
    f"{PLAIN} (x = thiếu hụt = có)",
    f"{PLAIN} (x = thiếu hụt, )",
    f"{PLAIN} (= thiếu hụt)",
    f"{PLAIN} (trống)",
    f"{PLAIN} (x = thi\u0364ếu hụt)",  # a combining mark is no format character
    "Các chỉ số không thiếu hụt (x = thiếu hụt)",
    "Các chỉ số (x = thiếu hụt)",  # only the legend names deprivation
    "Deprivations (x = deprived, y = absent)",
]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def grouped(path: Path, label: str) -> Path:
    """An office's list: the label over the indicators' names; H1 marked under its first nine
    columns (poor at its income), H2 under none."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                [*FRONT, label, *[""] * (len(LABELS) - 1)],
                [""] * len(FRONT) + LABELS,
                ["H1", "nông thôn", 3, 1_000_000, *["x"] * 9, *[""] * 3],
                ["H2", "nông thôn", 3, 1_000_000, *[""] * 12],
            ]
        )
    return path


def test_the_legends_marks_are_those_validation_reads():
    deprived = {w for w, v in MARK_WORDS.items() if v is True}
    assert deprived == layout.LEGEND_MARKED
    assert set(FALSE_WORDS) == layout.LEGEND_UNMARKED


@pytest.mark.parametrize("label", AGREEING)
def test_an_agreeing_legend_leaves_the_label_plain(label):
    assert layout.is_deprivation_label(label), label
    assert not layout.is_unclear_deprivation_label(label), label
    assert layout.legend_contradiction(label) is None


@pytest.mark.parametrize(("label", "clause"), CONTRADICTING)
def test_a_contradicting_legend_makes_the_label_unclear(label, clause):
    assert not layout.is_deprivation_label(label), label
    assert layout.is_unclear_deprivation_label(label), label
    assert layout.legend_contradiction(label) == clause


@pytest.mark.parametrize("label", OTHER)
def test_anything_else_in_the_parenthesis_leaves_the_label_unclear(label):
    assert not layout.is_deprivation_label(label), label
    assert layout.is_unclear_deprivation_label(label), label
    assert layout.legend_contradiction(label) is None


@pytest.mark.parametrize(
    "label", [AGREEING[0], AGREEING[3], "Deprivations (x = deprived, blank = not deprived)"]
)
def test_a_list_under_an_agreeing_legend_classifies_as_under_the_plain_label(tmp_path, label):
    outs = []
    for name, text in (("plain", PLAIN), ("legend", label)):
        out = tmp_path / f"{name}.csv"
        result = invoke(
            "classify", grouped(tmp_path / f"{name}_in.csv", text), "-s", "vn-2022-2025", "-o", out
        )
        assert result.exit_code == 0, (label, result.stderr)
        assert "read from the list's deprivation marks" in result.stderr
        outs.append(pl.read_csv(out, infer_schema=False).select("class", "deprivation_count"))
    assert outs[0].equals(outs[1])
    assert outs[1]["deprivation_count"].to_list() == ["9", "0"]


@pytest.mark.parametrize(("label", "clause"), CONTRADICTING[:2] + CONTRADICTING[-2:])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_run_under_a_contradicting_legend_stops_saying_why(tmp_path, label, clause, lang):
    out = tmp_path / "o.csv"
    path = grouped(tmp_path / "ds.csv", label)
    result = invoke("classify", path, "-s", "vn-2022-2025", "-o", out, "--lang", lang)
    assert result.exit_code == 4, (label, result.stderr)
    said = " ".join(result.stderr.split())
    if lang == "en":
        assert f"the group label '{label}' has a legend that says '{clause}'" in said
        assert "the reverse of how mdpoverty reads a list's deprivation marks" in said
        assert f"'{label} / Việc làm: deprived:employment' (an x is a deprivation)" in said
    else:
        assert f"nhãn nhóm '{label}' có chú thích ghi '{clause}', ngược với cách" in said
    assert not out.exists()


def test_a_contradicting_legend_is_read_as_the_mapping_file_says(tmp_path):
    """The mapping file's word stands, as for any unclear label: the user who says the legend
    is wrong names each column's marks."""
    label = f"{PLAIN} (x = không thiếu hụt)"
    path = grouped(tmp_path / "ds.csv", label)
    mapping = tmp_path / "map.yaml"
    lines = [f"'{label} / {own}': deprived:{own_id}" for own, own_id in _OWN_IDS]
    mapping.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = invoke("classify", path, "-s", "vn-2022-2025", "--columns", mapping, "-o", out)
    assert result.exit_code == 0, result.stderr
    counts = pl.read_csv(out, infer_schema=False)["deprivation_count"].to_list()
    assert counts == ["9", "0"]


_OWN_IDS = list(zip(LABELS, reference.ORDER, strict=True))


# --- what a reader cannot see does not turn a refused legend into an accepted one ------------

_REFUSED = [label for label, _ in CONTRADICTING] + OTHER
_FORMAT = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c", "\u200d", "\u200e", "\u2061"]


def _wide(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch


@given(
    label=st.sampled_from(_REFUSED),
    inserts=st.lists(
        st.tuples(st.integers(min_value=0, max_value=80), st.sampled_from(_FORMAT)), max_size=4
    ),
    upper=st.integers(min_value=0, max_value=2**64 - 1),  # a bit per character, cycled
    wide=st.integers(min_value=0, max_value=2**64 - 1),
)
def test_invisible_characters_case_and_width_never_make_a_refused_legend_plain(
    label, inserts, upper, wide
):
    chars = list(label)
    chars = [c.upper() if upper >> (i % 64) & 1 else c for i, c in enumerate(chars)]
    chars = [_wide(c) if wide >> (i % 64) & 1 else c for i, c in enumerate(chars)]
    for at, cf in sorted(inserts, reverse=True):
        chars.insert(min(at, len(chars)), cf)
    disguised = "".join(chars)
    assert not layout.is_deprivation_label(disguised), ascii(disguised)
    assert layout.is_unclear_deprivation_label(disguised), ascii(disguised)
    assert layout.legend_contradiction(disguised) == layout.legend_contradiction(label)
