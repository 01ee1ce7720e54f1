"""What mdpoverty writes, where, and what it never touches: internal column names, output paths,
file-system failures, Excel's limits, formulas in CSV for Excel, and user text on the screen."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import INTERNAL, USER, held_name, user_name
from mdpoverty.io.readers import _header_aliases
from mdpoverty.text import fold

from .conftest import BASE, EXAMPLES, ROOT

HOUSEHOLDS = EXAMPLES / "households.csv"
SMALL = ROOT / "tests" / "golden" / "small.csv"
EXE = Path(sys.executable).with_name("mdpoverty")


def invoke(*args: str, input: bytes | None = None):
    # wide: a table's cells are shown whole, not cut to 80 columns
    return CliRunner().invoke(app, [str(a) for a in args], input=input, env={"COLUMNS": "200"})


def classify(src: Path, out: Path, *extra: str):
    return invoke("classify", src, "-o", out, "--as-of", "2024-12-31", *extra)


def compare(src: Path, *extra: str):
    std = ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", "--as-of", "2024-12-31"]
    return invoke("compare", src, *std, *extra)


def write(path: Path, rows: list[dict]) -> Path:
    pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)).write_csv(path)
    return path


def rows_with(extra: dict[str, list[str]], n: int = 3, bad: int | None = None) -> list[dict]:
    """`n` households (the one at index `bad` with no household_size) and the `extra` columns."""
    rows = []
    for i in range(n):
        row = {k: str(v) for k, v in BASE.items()}
        row["household_id"] = f"H{i}"
        row["income_per_capita_month"] = str(1_000_000 * (i + 1))
        if i == bad:
            row["household_size"] = ""
        rows.append({**row, **{name: values[i] for name, values in extra.items()}})
    return rows


def leftovers(*folders: Path) -> list[Path]:
    """Temporary files mdpoverty may make: .part beside an output, mdpoverty-* in TMPDIR."""
    return [
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.name.endswith(".part") or p.name.startswith("mdpoverty-")
    ]


def readonly_folder(tmp_path: Path) -> Path:
    """A folder no file can be made in, even by root (who ignores permissions): sysfs."""
    folder = Path("/sys") if os.geteuid() == 0 else tmp_path / "readonly"
    if folder != Path("/sys"):
        folder.mkdir(mode=0o555)
    try:
        os.close(tempfile.mkstemp(dir=folder)[0])
    except OSError:
        return folder
    pytest.skip("no read-only folder here")


# ---------------------------------------------------------------------------- internal names


def test_every_internal_name_is_in_the_internal_space():
    from mdpoverty.compare import comparison
    from mdpoverty.engine import classifier
    from mdpoverty.io import readers
    from mdpoverty.run import layout as run_layout
    from mdpoverty.run import runner, validation

    names = [
        readers.ROW,
        validation.ERRORS,
        validation.RAW,
        validation._FAST,
        validation._TEXT,
        classifier._IND,
        classifier._COUNT,
        classifier._RULE,
        classifier._PATTERN,
        *comparison._DEPRIVED.values(),
        run_layout.DIRECTION,
        run_layout.CHANGES_ROW,
        runner.COUNT,
    ]
    assert all(n.startswith(INTERNAL) and not n.startswith(USER) for n in names)
    for name in ["__row__", "__user__", "__user____x", "_x", "row", "__", ""]:
        held = held_name(name)
        assert user_name(held) == name
        assert held == name or held.startswith(USER)
        assert not held.startswith(INTERNAL) or held.startswith(USER)


HEADER_TEXT = st.text(alphabet="_abcdeiorsuwx0", min_size=1, max_size=14)
INTERNAL_LOOKING = st.sampled_from(
    ["__errors__", "__row__", "__raw__area", "__ind__water", "__rule__", "__user__x", "__n__"]
)
# headers polars reads as more than a name: a pattern of names, every column
PATTERN_LIKE = ["^x$", "*", "^(.*)$", "^[a-z_]+$"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".json"])
def test_a_header_polars_would_read_as_a_pattern_is_a_column_like_any_other(tmp_path, suffix):
    extra = {n: [f"{n}<{i}>" for i in range(3)] for n in PATTERN_LIKE}
    src = write(tmp_path / "in.csv", rows_with(extra))
    out = tmp_path / f"out{suffix}"
    result = classify(src, out)
    assert result.exit_code == 0, result.stderr
    read = {
        ".csv": lambda p: pl.read_csv(p, infer_schema=False),
        ".xlsx": lambda p: pl.read_excel(p, infer_schema_length=0),
        ".parquet": pl.read_parquet,
        ".json": pl.read_json,
    }[suffix](out)
    for name in PATTERN_LIKE:
        assert read.get_column(name).to_list() == extra[name], name
    assert "class" in read.columns and read.height == 3


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.one_of(
            INTERNAL_LOOKING,
            st.sampled_from(PATTERN_LIKE),
            HEADER_TEXT.map(lambda s: "__" + s),
            HEADER_TEXT,
        ),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    layout=st.sampled_from(
        [[], ["--keep-input"], ["--lang", "vi"], ["--lang", "vi", "--keep-input"]]
    ),
)
@example(names=["xa", "abc"], layout=[])  # 'xa' is commune's Vietnamese header (Xã) unaccented
def test_any_pass_through_column_comes_out_as_it_went_in(tmp_path_factory, names, layout):
    """Whatever a pass-through column is called, its cells reach the output and the rejects
    file under its own name, unchanged, in every layout."""
    # a header the reader recognises (a canonical name, or a Vietnamese one such as 'xa' for
    # commune) is not a pass-through column
    known = _header_aliases()
    names = [
        n
        for n in names
        if fold(n) not in known
        and n not in ("row", "errors", "class", "deprived", "Dòng", "Mã lỗi", "Mô tả lỗi")
    ]
    names = [n for n in names if n not in ("deprivation_count", "income_line")]
    if not names:
        return
    tmp = tmp_path_factory.mktemp("names")
    extra = {n: [f"{n}:{i}" for i in range(4)] for n in names}
    src = write(tmp / "in.csv", rows_with(extra, n=4, bad=2))
    out, rejects = tmp / "out.parquet", tmp / "rejects.parquet"
    result = classify(src, out, "--rejects", rejects, *layout)
    assert result.exit_code == 3, result.stderr
    got, bad = pl.read_parquet(out), pl.read_parquet(rejects)
    for n in names:
        assert got[n].to_list() == [f"{n}:{i}" for i in (0, 1, 3)]
        assert bad[n].to_list() == [f"{n}:2"]
    assert bad["Dòng" if "vi" in layout else "row"].to_list() == [4]


def test_compare_groups_by_columns_named_like_internal_ones(tmp_path):
    by = ["__n__", "len", "direction", "__direction__", "__row__"]
    extra = {n: [f"g{i % 2}" for i in range(3)] for n in by}
    src = write(tmp_path / "in.csv", rows_with(extra))
    result = compare(src, *(a for n in by for a in ("--by", n)), "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json

    breakdowns = json.loads(result.stdout)["breakdowns"]
    assert list(breakdowns) == by
    for rows in breakdowns.values():
        assert {r["group"]: r["households"] for r in rows} == {"g0": 2, "g1": 1}


def test_a_column_named_like_an_output_column_is_refused_only_where_it_would_clash(tmp_path):
    src = write(tmp_path / "in.csv", rows_with({"row": ["a", "b", "c"]}))
    # compare writes a rejects file by default, as classify does: both clash
    for result in (compare(src), compare(src, "--rejects", tmp_path / "r.csv")):
        assert result.exit_code == 4
        assert "column 'row': mdpoverty writes a column of this name in the rejects file" in (
            result.stderr
        )
    # a column the output has is kept as it is, the added one written under a free name
    two = write(tmp_path / "two.csv", rows_with({"class_vn-2022-2025": ["a", "b", "c"]}))
    out = tmp_path / "two_out.csv"
    result = invoke("classify", two, "-s", "vn-2022-2025", "-s", "quangninh-2023-2025", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "written as 'class_vn-2022-2025 (new)'" in result.stderr
    written = pl.read_csv(out, infer_schema=False)
    assert written["class_vn-2022-2025"].to_list() == ["a", "b", "c"]
    assert written["class_vn-2022-2025 (new)"].null_count() == 0
    ok = classify(two, tmp_path / "o.csv")  # one standard: its columns are not suffixed
    assert ok.exit_code == 0


def test_a_standard_cannot_declare_a_column_in_the_internal_space(tmp_path):
    text = (ROOT / "thresholds" / "vn-2027-2030.yaml").read_text(encoding="utf-8")
    path = tmp_path / "std.yaml"
    path.write_text(text.replace("waste_handled_hygienically", "__errors__"), encoding="utf-8")
    result = invoke("standards", "validate", path)
    assert result.exit_code == 4
    assert "'__errors__': column names starting with '__' are mdpoverty's own" in result.stderr


def test_the_clis_strings_hold_no_rich_markup():
    """The consoles read no markup (so user text is shown as it is): a tag written in the code
    would be printed as text. Styles are given with `styled`."""
    import ast
    import re

    tag = re.compile(r"\[/?(?:bold|dim|italic|underline|red|green|yellow|blue|cyan|link)\b|\[/\]")
    for path in (ROOT / "src" / "mdpoverty" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not tag.search(node.value), (path.name, node.lineno, node.value)
        assert "rich.markup" not in path.read_text(encoding="utf-8"), path.name


# ------------------------------------------------------------------------------- the outputs


def test_a_rejects_file_the_user_named_is_never_deleted(tmp_path):
    keep = tmp_path / "keep.csv"
    keep.write_bytes(b"the user's own file\n")
    result = classify(SMALL, tmp_path / "out.csv", "--rejects", keep)
    assert result.exit_code == 0
    assert keep.read_bytes() == b"the user's own file\n"
    assert "keep.csv is not from this run and was left as it was" in result.stdout
    result = compare(SMALL, "--rejects", keep)
    assert result.exit_code == 0
    assert keep.read_bytes() == b"the user's own file\n"
    # with rows rejected, the file named is the rejects file: replaced
    bad = write(tmp_path / "bad.csv", rows_with({}, bad=1))
    assert classify(bad, tmp_path / "out.csv", "--rejects", keep).exit_code == 3
    assert pl.read_csv(keep)["row"].to_list() == [3]


def test_no_output_may_be_written_over_a_file_the_run_reads_or_another_output(tmp_path):
    src = tmp_path / "in.csv"
    shutil.copy(SMALL, src)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("ID: household_id\n", encoding="utf-8")
    std = tmp_path / "std.yaml"
    shutil.copy(ROOT / "thresholds" / "vn-2022-2025.yaml", std)
    link = tmp_path / "link.csv"
    os.link(src, link)
    before = {p: p.read_bytes() for p in (src, mapping, std)}
    cases = [
        (["classify", src, "-o", link], "-o would overwrite the input"),
        (["classify", src, "-o", tmp_path / "o.csv", "--rejects", tmp_path / "o.csv"],
         "--rejects and -o name the same file"),
        (["classify", src, "-o", tmp_path / "o.csv", "--rejects", mapping.with_suffix(".csv")],
         None),
        (["classify", src, "--columns", mapping, "-o", tmp_path / "m.json", "--rejects", mapping],
         "unknown output format '.yaml' for --rejects"),
        (["classify", src, "-s", std, "-o", std.with_suffix(".json")], None),
        (["compare", src, "--changes", tmp_path / "c.csv", "-o", tmp_path / "c.csv"],
         "-o and --changes name the same file"),
        (["compare", src, "--base", std, "--alt", "quangninh-2023-2025", "-o", std],
         "-o would overwrite a standard file"),
        (["compare", src, "--alt", "quangninh-2023-2025", "-o", mapping, "--columns", mapping],
         "-o would overwrite the --columns file"),
    ]  # fmt: skip
    for args, message in cases:
        result = invoke(*args, "--as-of", "2024-12-31")
        if message is None:
            assert result.exit_code in (0, 4), result.stderr  # a legitimate name: not refused
            assert "overwrite" not in result.stderr
        else:
            assert result.exit_code == 4, (args, result.stderr)
            assert message in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_markup_emoji_and_escape_sequences_from_users_are_shown_as_they_are(tmp_path):
    groups = ["[/x]", "[link=http://example.com]x[/link]", ":warning: \x1b[2J\u202e"]
    src = write(tmp_path / "in.csv", rows_with({"thôn": groups}))
    result = compare(src, "--by", "thôn")
    assert result.exit_code == 0, result.stderr
    assert "[/x]" in result.stdout
    assert "[link=http://example.com]x[/link]" in result.stdout
    assert ":warning: \\x1b[2J\\u202e" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout

    for household_id in ("[bold]x", "[/x]", "\x1b]8;;http://e\x1b\\"):
        result = invoke("explain", HOUSEHOLDS, "--id", household_id)
        assert result.exit_code == 4
        assert "\x1b" not in result.stderr
        shown = household_id.replace("\x1b", "\\x1b")
        assert f"no household with household_id '{shown}'" in result.stderr

    import yaml

    doc = yaml.safe_load((ROOT / "thresholds" / "vn-2022-2025.yaml").read_text(encoding="utf-8"))
    doc["title"]["en"] = "[/b] [link=http://e]v[/link] :warning:"
    std = tmp_path / "[red]std.yaml"
    std.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    shown = invoke("standards", "show", std)
    assert shown.exit_code == 0, shown.stderr
    assert "[/b] [link=http://e]v[/link] :warning:" in shown.stdout
    broken = tmp_path / "[red]broken.yaml"
    broken.write_text("format_version: [\n", encoding="utf-8")
    result = invoke("standards", "validate", broken)
    assert result.exit_code == 4 and "[red]broken.yaml" in result.stderr


def test_as_of_takes_iso_and_vietnamese_dates_and_refuses_anything_else(tmp_path):
    iso, vi = tmp_path / "iso.csv", tmp_path / "vi.csv"
    assert invoke("classify", SMALL, "-o", iso, "--as-of", "2024-12-31").exit_code == 0
    assert invoke("classify", SMALL, "-o", vi, "--as-of", "31/12/2024").exit_code == 0
    assert iso.read_bytes() == vi.read_bytes()
    # unpadded in either form, as 3/2/2024 always was: one parser for every date option
    for unpadded in ("2024-2-3", "2024-02-3", "3/2/2024"):
        out = tmp_path / "u.csv"
        assert invoke("classify", SMALL, "-o", out, "--as-of", unpadded).exit_code == 0
        assert out.read_bytes() == iso.read_bytes()
    for bad in ("2024-02-30", "31/12/24", "hôm nay", "2024-1-", "24-1-5", "٢٠٢٤-١٢-٣١", "[/x]"):
        result = invoke("classify", SMALL, "-o", tmp_path / "x.csv", "--as-of", bad)
        assert result.exit_code == 2, bad
        assert f"{bad!r} is not a date" in result.stderr
    assert not (tmp_path / "x.csv").exists()


# --------------------------------------------------------------------------- the file system


def test_outputs_that_cannot_be_written_are_refused_before_any_work(tmp_path):
    ro = readonly_folder(tmp_path)
    earlier = tmp_path / "earlier.csv"
    earlier.write_bytes(b"earlier\n")
    (tmp_path / "afolder").mkdir()
    cases = [
        (["classify", SMALL, "-o", ro / "o.csv"], "cannot write here: permission denied"),
        (["classify", SMALL, "-o", earlier, "--rejects", ro / "r.csv"], "permission denied"),
        (["classify", SMALL, "-o", tmp_path / "afolder"], "this is a folder"),
        (["classify", SMALL, "-o", f"{tmp_path}/new.csv/"], "this is a folder"),
        (["classify", SMALL, "-o", tmp_path / "no" / "o.csv"], "folder for -o does not exist"),
        (["template", ro / "t.csv"], "permission denied"),
        (["template", tmp_path / "afolder"], "this is a folder"),
        (["template", tmp_path / "no" / "t.csv"], "does not exist"),
        (["template", earlier], "the file exists already"),
        (["compare", SMALL, "--alt", "quangninh-2023-2025", "--changes", earlier, "-o",
          ro / "report.txt"], "permission denied"),
    ]  # fmt: skip
    for args, message in cases:
        result = invoke(*args)
        assert result.exit_code == 4, (args, result.stdout, result.stderr)
        assert message in result.stderr, args
    assert earlier.read_bytes() == b"earlier\n"
    assert not leftovers(tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".json"])
def test_a_write_failing_half_way_is_exit_4_and_leaves_nothing(tmp_path, suffix):
    """The file system refuses to let the output grow (as a full disk would): exit 4, a clear
    message, no .part file, the earlier output as it was."""
    import random
    import resource

    big = tmp_path / "in.csv"
    frame = pl.read_csv(HOUSEHOLDS, infer_schema=False)
    noise = random.Random(7)  # text no format compresses: every output passes 50 kB
    frame.with_columns(
        pl.Series("noise", [f"{noise.getrandbits(160):040x}" for _ in range(frame.height)])
    ).write_csv(big)
    out = tmp_path / f"out{suffix}"
    out.write_bytes(b"earlier\n")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))

    proc = subprocess.run(
        [EXE, "classify", big, "-o", out, "--as-of", "2024-12-31"],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert proc.returncode == 4, proc.stderr
    assert "cannot write here: the file would be larger than this system allows" in proc.stderr
    assert out.read_bytes() == b"earlier\n"
    assert not leftovers(tmp_path)


def test_a_full_disk_on_standard_output_is_exit_4_and_leaves_nothing(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [EXE, "classify", HOUSEHOLDS, "-o", "-", "--as-of", "2024-12-31"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert proc.returncode == 4, proc.stderr
    assert "<standard output>: cannot write here: the disk is full" in proc.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("members", [False, True])
def test_standard_error_on_a_full_disk_neither_fails_the_run_nor_loses_the_output(
    tmp_path, members
):
    """Messages that cannot be shown are lost, not the run: the output is written and the exit
    code is the run's own (it was 1, an 'internal error', and with --members no output)."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    out = tmp_path / "o.csv"
    extra = ["--members", str(Path(HOUSEHOLDS).with_name("members.csv"))] if members else []
    with open("/dev/full", "wb") as full:
        to_file = subprocess.run(
            [EXE, "classify", HOUSEHOLDS, *extra, "-o", str(out), "--as-of", "2024-12-31"],
            stdout=subprocess.DEVNULL,
            stderr=full,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
        to_stdout = subprocess.run(
            [EXE, "classify", HOUSEHOLDS, *extra, "-o", "-", "--as-of", "2024-12-31"],
            stdout=subprocess.PIPE,
            stderr=full,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert to_file.returncode == 0
    assert pl.read_csv(out, infer_schema=False).height == 3_000
    assert to_stdout.returncode == 0
    assert to_stdout.stdout.decode("utf-8").count("\n") == 3_001


def test_a_full_disk_under_the_summary_names_standard_output(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [EXE, "classify", HOUSEHOLDS, "-o", str(tmp_path / "o.csv"), "--as-of", "2024-12-31"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 4, proc.stderr
    assert "<standard output>: No space left on device" in proc.stderr


# ---------------------------------------------------------------------------- Excel's limits


def test_an_xlsx_output_past_excels_rows_is_refused_before_any_work_when_known(tmp_path):
    src = tmp_path / "many.parquet"
    pl.DataFrame({"household_id": pl.int_range(1_048_576, eager=True)}).write_parquet(src)
    result = classify(src, tmp_path / "o.xlsx")
    assert result.exit_code == 4
    assert "the input has 1,048,576 rows, and an .xlsx sheet holds at most 1,048,575" in (
        result.stderr
    )
    assert not list(tmp_path.glob("o*"))


def test_an_xlsx_output_past_excels_rows_stops_as_soon_as_it_is_passed(tmp_path, monkeypatch):
    from mdpoverty.io import writers

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 2)
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"earlier\n")
    result = classify(SMALL, out)
    assert result.exit_code == 4
    assert "more than 2 rows: an .xlsx sheet holds no more" in result.stderr
    assert out.read_bytes() == b"earlier\n"
    assert not leftovers(tmp_path)


def test_an_xlsx_cell_is_never_cut(tmp_path):
    src = write(tmp_path / "in.csv", rows_with({"ghi_chu": ["a", "b" * 32_767, "c" * 32_768]}))
    out = tmp_path / "o.xlsx"
    result = classify(src, out)
    assert result.exit_code == 4
    assert "row 4: column 'ghi_chu': a text of 32,768 characters" in result.stderr
    assert not out.exists()
    fits = write(tmp_path / "fits.csv", rows_with({"ghi_chu": ["a", "b" * 32_767, "c"]}))
    assert classify(fits, out).exit_code == 0
    assert pl.read_excel(out)["ghi_chu"].str.len_chars().to_list() == [1, 32_767, 1]


# ---------------------------------------------------------------------------- CSV for Excel


def test_csv_for_excel_keeps_formulas_as_text_and_numbers_as_they_are(tmp_path):
    from mdpoverty.io.writers import excel_safe

    frame = pl.DataFrame(
        {
            "text": ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\r=1", "-5", "+84912345678",
                     "-1.5", "a=b", "", None],
            "number": [-5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        }
    )  # fmt: skip
    safe = excel_safe(frame)
    assert safe["text"].to_list() == [
        "'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)", "'\tx", "'\r=1", "-5", "+84912345678", "-1.5",
        "a=b", "", None,
    ]  # fmt: skip
    assert safe["number"].equals(frame["number"])

    ids = ['=HYPERLINK("http://e","x")', "H1", "-7"]
    src = write(tmp_path / "in.csv", [{**r, "household_id": i} for r, i in zip(
        rows_with({}, bad=1), ids, strict=True)])  # fmt: skip
    out, rej = tmp_path / "o.csv", tmp_path / "r.csv"
    assert classify(src, out, "--rejects", rej, "--add-bom").exit_code == 3
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pl.read_csv(out, infer_schema=False)["household_id"].to_list() == [
        '\'=HYPERLINK("http://e","x")',
        "-7",
    ]
    assert pl.read_csv(rej, infer_schema=False)["household_id"].to_list() == ["H1"]
    assert classify(src, out).exit_code == 3  # not for Excel: every cell as it is
    assert pl.read_csv(out, infer_schema=False)["household_id"][0] == ids[0]


def test_compare_changes_for_excel_keep_formulas_as_text(tmp_path):
    row = {**{k: str(v) for k, v in BASE.items()}, "income_per_capita_month": "1800000"}
    src = write(tmp_path / "in.csv", [{**row, "household_id": "=1+1"}])
    changes = tmp_path / "c.csv"
    assert compare(src, "--changes", changes, "--add-bom").exit_code == 0
    assert pl.read_csv(changes, infer_schema=False)["household_id"].to_list() == ["'=1+1"]


# ------------------------------------------------------------------------------------ signals


def test_a_stop_asked_for_during_a_held_step_comes_at_its_end(monkeypatch):
    from mdpoverty.cli import signals
    from mdpoverty.io import temporary

    monkeypatch.setattr(temporary, "_stop", None)
    steps = []
    with pytest.raises(temporary.Interrupted) as stopped, temporary.held():
        signals._on_signal(signal.SIGTERM, None)
        steps.append("the step went on")
        with temporary.held():
            signals._on_signal(signal.SIGINT, None)  # a second signal changes nothing
        steps.append("and on")
    assert steps == ["the step went on", "and on"]
    assert stopped.value.signum == signal.SIGTERM and stopped.value.exit_code == 143
    with pytest.raises(temporary.Interrupted):
        temporary.checkpoint()  # a stop swallowed somewhere is raised again at the next one


def test_temporary_files_are_removed_however_a_command_ends(tmp_path, monkeypatch):
    from mdpoverty.io import temporary

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = temporary.file_in_tmpdir("mdpoverty-", ".csv")
    folder = temporary.folder_in_tmpdir("mdpoverty-ids-")
    Path(folder, "0000000.arrow").write_bytes(b"x")
    result = invoke("classify", tmp_path / "missing.csv")  # ends on an error
    assert result.exit_code == 4
    assert not Path(made).exists() and not Path(folder).exists()
    assert temporary.registered() == []


def test_an_output_that_is_a_device_or_a_link_is_refused_and_left_as_it_is(tmp_path):
    """Outputs are written beside their path and moved into place, which would replace a
    device (/dev/null) or a link by a plain file: refused before any work."""
    import os

    from mdpoverty.cli.app import app

    runner = CliRunner()
    data = Path(__file__).resolve().parents[1] / "examples" / "households.csv"
    kept = tmp_path / "kept.csv"
    kept.write_text("kept\n")
    link = tmp_path / "link.csv"
    link.symlink_to(kept)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for target in (link, fifo):
        for args in (
            ["classify", str(data), "-o", str(target)],
            ["classify", str(data), "-o", str(tmp_path / "o.csv"), "--rejects", str(target)],
            ["compare", str(data), "--as-of", "2025-06-30", "--changes", str(target)],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == 4, result.stderr
            assert "not a regular file" in result.stderr
    assert link.is_symlink() and kept.read_text() == "kept\n" and fifo.is_fifo()


def test_an_input_that_is_not_a_regular_file_is_refused(tmp_path):
    import os

    from mdpoverty.cli.app import app

    zero = tmp_path / "zero.xlsx"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for source in (zero, fifo):
        result = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "o.csv")])
        assert result.exit_code == 4
        assert "not a regular file" in result.stderr and "give -" in result.stderr


def test_a_line_break_in_a_file_name_never_makes_a_line_of_its_own(tmp_path):
    from mdpoverty.cli.app import app

    data = Path(__file__).resolve().parents[1] / "examples" / "households.csv"
    out = tmp_path / "o\n✓ rows read 1 = classified 1.csv"
    result = CliRunner().invoke(app, ["classify", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert [ln for ln in result.stdout.splitlines() if ln.startswith("✓ rows read")] == [
        "✓ rows read 3,000 = classified 3,000 + rejected 0 + skipped 0"
    ]
    assert "o\\n✓ rows read 1 = classified 1.csv" in result.stdout
    missing = CliRunner().invoke(app, ["classify", str(tmp_path / "a\nb.csv")])
    assert missing.exit_code == 4 and "a\\nb.csv: file not found" in missing.stderr
