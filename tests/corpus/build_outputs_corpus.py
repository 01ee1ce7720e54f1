"""Write the outputs' part of the corpus (files out_*): column names that look internal or name
an output column, cells that rich would read as markup or a terminal as escape sequences, cells a
spreadsheet would run as formulas, a text too long for an .xlsx cell. Run once; the files are
committed; `cases_outputs.yaml` says what each must give.

    python tests/corpus/build_outputs_corpus.py
"""

from __future__ import annotations

from build_corpus import HEADER, ROWS, put, text, with_cell

# every internal name mdpoverty uses while it works, a name in the space it holds user columns
# in, and names it gives aggregates: each a pass-through column here
INTERNAL_LOOKING = [
    "__errors__",
    "__row__",
    "__raw__area",
    "__fast__area",
    "__text__area",
    "__ind__water",
    "__rule__",
    "__pattern__",
    "__deprivation_count__",
    "__direction__",
    "__n__",
    "__user__x",
    "__user____row__",
]


def with_columns(names: list[str], rows=ROWS, value=lambda name, i: f"{name}-{i}") -> str:
    return text(
        [[*r, *(value(n, i) for n in names)] for i, r in enumerate(rows)], [*HEADER, *names]
    )


def main() -> None:
    put("out_ok.csv", text(ROWS))
    put("out_internal_names.csv", with_columns(INTERNAL_LOOKING))
    put(
        "out_internal_names_rejected.csv",
        with_columns(INTERNAL_LOOKING, with_cell(1, "household_size", "")),
    )
    for name in ("row", "errors", "class", "deprived"):
        put(f"out_column_{name}.csv", with_columns([name]))
    fourth = [*ROWS, ["004", *ROWS[0][1:]]]
    bad = with_cell(1, "area", "[/x]", fourth)
    bad = with_cell(2, "safe_water", "[link=http://example.com]x[/link]", bad)
    bad = with_cell(3, "area", ":warning: [bold]b", bad)
    put("out_markup_cells.csv", text(bad))
    put(
        "out_control_chars.csv",
        text(with_cell(1, "area", "\x1b]8;;http://example.com\x1b\\x\x1b]8;;\x1b\\ \x1b[2J")),
    )
    put("out_[bold]missing.csv", text([r[:5] for r in ROWS], HEADER[:5]))
    formulas = ["=1+1", "-5", "@SUM(A1)"]
    put("out_formula_cells.csv", with_columns(["note"], value=lambda _n, i: formulas[i]))
    long = ["short", "short", "y" * 40_000]
    put("out_long_text.csv", with_columns(["note"], value=lambda _n, i: long[i]))


if __name__ == "__main__":
    main()
