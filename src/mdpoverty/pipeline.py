"""One classification run: validate, classify, write output and rejects, count, in one pass."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .columns import AREAS, ColumnType
from .engine import CompiledStandard, check_no_clash, classify, output_names
from .errors import InputError
from .readers import ROW, Table, missing_columns_error, ragged_rows
from .standard_model import CLASS_ORDER
from .validation import ERRORS, RAW, needed_columns, validate
from .writers import Target, write_all

if TYPE_CHECKING:
    import polars as pl

REJECT_EXAMPLES = 20
REJECT_ROW = "row"  # the rejects file: the row's number in the input, then 'column:reason;...'
REJECT_ERRORS = "errors"


@dataclass(frozen=True)
class StandardInfo:
    id: str
    version: str
    title_en: str
    title_vi: str
    provisional: bool
    file: str

    @classmethod
    def of(cls, cs: CompiledStandard) -> StandardInfo:
        m = cs.standard.model
        return cls(m.id, m.version, m.title.en, m.title.vi, m.provisional, cs.standard.file)


@dataclass
class ClassCounts:
    """Households per class, overall and by area, for one standard."""

    standard: StandardInfo
    classes: list[str]  # the classes this standard can give, worst off first
    overall: dict[str, int]
    by_area: dict[str, dict[str, int]]

    @property
    def total(self) -> int:
        return sum(self.overall.values())


@dataclass(frozen=True)
class RejectExample:
    row: int
    column: str
    reason: str
    value: str | None  # shown only for columns that are not personal (ids, names, incomes)


@dataclass
class Accounting:
    """Where every input row went: rows read = processed (classified) + rejected."""

    rows_read: int
    processed: int
    rejected: int
    reject_reasons: Counter[str] = field(default_factory=Counter)  # 'column:reason' -> cells
    reject_examples: list[RejectExample] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return self.rows_read == self.processed + self.rejected


@dataclass
class ClassifyResult:
    source: str
    accounting: Accounting
    counts: list[ClassCounts]
    output: str | None = None
    rejects_path: str | None = None


def classes_of(cs: CompiledStandard) -> list[str]:
    present = {rule.class_.value for rule, _ in cs.classes}
    return [c for c in CLASS_ORDER if c in present]


def prepare(table: Table, standards: list[CompiledStandard]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(valid rows, parsed and typed; rejected rows, raw text with ``__errors__``)."""
    import polars as pl

    required: list[str] = []
    extra_specs = {}
    for cs in standards:
        required += [c for c in cs.required_columns if c not in required]
        extra_specs.update(cs.standard.model.columns)
    error = missing_columns_error(table, required)
    if error is not None:
        raise error
    if run_plan([], [table.frame.head(1)], table)[0].height == 0:
        raise InputError("the file has a header but no rows", file=table.source)
    check_no_clash(table.columns, standards)
    specs = needed_columns(required, extra_specs)
    checked = validate(table.frame, specs)
    originals = table.columns
    # pass-through text is normalised to NFC like the parsed columns
    passthrough = [
        pl.col(c).str.normalize("NFC") if c not in specs and c != ROW else pl.col(c)
        for c in originals
    ]
    good = checked.filter(pl.col(ERRORS) == "").select(passthrough)
    # rejects keep the text exactly as read
    bad = checked.filter(pl.col(ERRORS) != "").drop(list(specs)).rename({RAW + c: c for c in specs})
    bad = bad.select(
        pl.col(ROW).alias(REJECT_ROW),
        pl.col(ERRORS).alias(REJECT_ERRORS),
        *(e for e in passthrough if e.meta.output_name() != ROW),
    )
    return good, bad


def classify_table(
    table: Table,
    standards: list[CompiledStandard],
    output: Target,
    rejects: Target,
) -> ClassifyResult:
    """Classify `table` under each standard; write the output and the rejects; count."""

    good, bad = prepare(table, standards)
    several = len(standards) > 1
    classified = good
    for cs in standards:
        classified = classify(classified, cs, names=output_names(cs.id, several))
    counts_lfs = [
        classified.group_by("area", output_names(cs.id, several)["class"]).len() for cs in standards
    ]
    jobs = [(classified.drop(ROW), output)]
    if rejects.path:
        jobs.append((bad, rejects))
    results = run_plan(jobs, [*counts_lfs, *accounting_plan(table, bad)], table)
    count_frames, accounting_frames = results[: len(counts_lfs)], results[len(counts_lfs) :]
    counts = [
        _counts(cs, frame, output_names(cs.id, several)["class"])
        for cs, frame in zip(standards, count_frames, strict=True)
    ]
    accounting = accounting_from(accounting_frames, counts[0].total, standards)
    if accounting.rejected == 0 and rejects.path and rejects.path != "-":
        # nothing was rejected: leave no empty rejects file behind
        from pathlib import Path

        Path(rejects.path).unlink(missing_ok=True)
    return ClassifyResult(
        source=table.source,
        accounting=accounting,
        counts=counts,
        output=output.path,
        rejects_path=rejects.path if accounting.rejected else None,
    )


def accounting_plan(table: Table, bad: pl.LazyFrame) -> list[pl.LazyFrame]:
    """Lazy frames that `accounting_from` turns into an Accounting (run them with the rest)."""
    import polars as pl

    return [
        bad.group_by(REJECT_ERRORS).len(),
        bad.head(REJECT_EXAMPLES),
        table.frame.select(pl.len().alias("rows")),
    ]


def accounting_from(
    frames: list[pl.DataFrame], processed: int, standards: list[CompiledStandard]
) -> Accounting:
    reasons_frame, examples_frame, read_frame = frames
    reasons: Counter[str] = Counter()
    for errors, n in reasons_frame.iter_rows():
        for err in errors.split(";"):
            reasons[err] += n
    return Accounting(
        rows_read=int(read_frame["rows"][0]),
        processed=processed,
        rejected=int(reasons_frame["len"].sum()),
        reject_reasons=reasons,
        reject_examples=_examples(examples_frame, _shown_columns(standards)),
    )


def _shown_columns(standards: list[CompiledStandard]) -> set[str]:
    """Columns whose offending value may be shown on screen: not ids, names or incomes."""
    private = {ColumnType.TEXT, ColumnType.MONEY}
    return {
        name for cs in standards for name, ctype in cs.column_types.items() if ctype not in private
    }


def _examples(frame: pl.DataFrame, shown: set[str]) -> list[RejectExample]:
    found: list[RejectExample] = []
    for record in frame.iter_rows(named=True):
        for item in record[REJECT_ERRORS].split(";"):
            column, _, reason = item.partition(":")
            value = record.get(column) if column in shown else None
            found.append(RejectExample(record[REJECT_ROW], column, reason, value))
    return found[:REJECT_EXAMPLES]


def run_plan(jobs: list, extras: list, table: Table) -> list[pl.DataFrame]:
    """Run the plan; turn reader failures met on the way into input errors."""
    import polars as pl

    try:
        return write_all(jobs, extras)
    except pl.exceptions.ComputeError as exc:
        text = str(exc)
        if "utf-8" in text.lower() or "utf8" in text.lower():
            raise InputError(
                "the file is not valid UTF-8; if it was saved by Vietnamese Windows, "
                "try --encoding cp1258",
                file=table.source,
            ) from None
        if "more fields than defined" in text and table.csv_path is not None:
            width, rows = ragged_rows(table)
            if rows:
                listed = ", ".join(f"row {r} has {n}" for r, n in rows)
                raise InputError(
                    f"rows with more fields than the header's {width}: {listed}"
                    + (" (first 10 shown)" if len(rows) >= 10 else "")
                    + "; check for an unquoted separator in a value",
                    file=table.source,
                ) from None
        raise InputError(
            f"cannot read the input: {text.splitlines()[0]}", file=table.source
        ) from None


def _counts(cs: CompiledStandard, frame: pl.DataFrame, class_col: str) -> ClassCounts:
    classes = classes_of(cs)
    overall = dict.fromkeys(classes, 0)
    by_area = {a: dict.fromkeys(classes, 0) for a in AREAS}
    for area, cls, n in frame.iter_rows():
        overall[cls] += n
        by_area[area][cls] += n
    return ClassCounts(StandardInfo.of(cs), classes, overall, by_area)
