"""A flattened header ``<group> / <own>`` is split in one place (`layout.own_cells`), with one set
of limits, for the three that read it: the one-row header's marks (`layout.flattened_group`), the
indicator a header names (`mark_names.indicator_of`) and the unread columns that look like marks
(`readers.marks_like`). These properties hold the split to a plain reading, and the three to
the same split, so that none of them can drift to its own."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from mdpoverty.io import layout, mark_names, readers
from mdpoverty.io.limits import MAX_HEADER_CHARS

SEP = layout.GROUP_SEPARATOR
LABEL = "Việc làm"
# pieces that may hold the separator, parts of it, or make it overlap (' / / ')
PIECES = st.text(alphabet=[" ", "/", "a", "ệ", "x"], max_size=6)
HEADERS = st.lists(PIECES, max_size=80).map(SEP.join)


def plain_tails(header: str, longest: int) -> list[str]:
    """What follows each separator found from the right (each one left of the last found),
    shortest first, up to `longest` characters and `MAX_PARTS` separators."""
    found: list[str] = []
    at = header.rfind(SEP)
    while at != -1 and len(found) < layout.MAX_PARTS:
        tail = header[at + len(SEP) :]
        if len(tail) > min(longest, MAX_HEADER_CHARS):
            break
        found.append(tail)
        at = header.rfind(SEP, 0, at)
    return found


@given(HEADERS, st.integers(min_value=0, max_value=2 * MAX_HEADER_CHARS))
def test_own_cells_are_the_tails_after_each_separator_from_the_right(header, longest):
    own = list(layout.own_cells(header, longest))
    assert own == plain_tails(header, longest)
    for tail in own:
        group = header[: -len(tail) - len(SEP)]
        assert group + SEP + tail == header


def names_a(text: str) -> str | None:
    """A `mark_of` that names an indicator in any text holding an 'a'."""
    return "employment" if "a" in text else None


# where the one-row header's marks are found: the own cell alone, and one holding the separator
FLATTENED = {"a": "a", SEP.join(["x", "a", "ệ"]): SEP.join(["a", "ệ"])}


@given(HEADERS)
@example(SEP.join(["x", "a", "ệ"]))
@example("a")
def test_the_readers_of_a_flattened_header_take_the_same_splits(header):
    own = list(layout.own_cells(header))
    # the indicator's own cells, as its names are matched
    assert mark_names._own_cells(header, MAX_HEADER_CHARS) == [
        mark_names.mark_key(t) for t in reversed(own)
    ]
    # a one-row header's marks: the shortest own cell an indicator names, its group the rest
    cell = "Thiếu hụt" + SEP + header
    flat = layout.flattened_group(cell, names_a)
    if flat is not None:
        assert flat[0] in layout.own_cells(cell)
        assert flat[0] == next(t for t in layout.own_cells(cell) if "a" in t)


def test_the_explicit_examples_find_the_one_row_marks():
    # the examples above run the property's flattened_group branch: each finds its own cell
    for header, own in FLATTENED.items():
        assert layout.flattened_group("Thiếu hụt" + SEP + header, names_a) == (own, True)


@given(st.lists(PIECES, max_size=70))
def test_a_label_under_a_deprivation_group_is_found_by_all_three(pieces):
    # the label's own cell after any number of separators inside it: the last split names it
    cell = "Các chỉ số thiếu hụt" + SEP + SEP.join([*pieces, LABEL])
    names = {"employment": [LABEL]}
    folded = mark_names.folded_names(names)
    assert mark_names.indicator_of([cell], folded, under_group=True) == "employment"
    if not pieces:
        assert layout.flattened_group(cell, mark_names.mark_finder(names)) == (LABEL, True)
    table = readers.Table(pl.LazyFrame({cell: ["x"]}), "list.csv", headers=[cell])
    assert readers.marks_like(table, names) == {cell: "employment"}
