"""Every `mdpoverty` command of the README's examples runs as written, with the exit code the
README gives it, and prints what the README shows it printing (tests/test_help_examples.py does
the same for the `--help` examples).

The commands are read from the README's fenced `sh` and `console` blocks (a `console` block's
commands start with `$ `; a line ending in `\\` goes on on the next; a `sh` line may chain
commands with `&&`, and its `# ...` is a comment). A block of no language holding a command fails
the test: tag it `sh` (commands alone) or `console` (commands and what they print).

Each command runs once, in a scratch folder, on the repository's own files under the paths the
README uses (`examples/households.csv`, `tests/standards/...`), or on a file of NOT_BUNDLED below:
a file a user has (`households.xlsx`), written by the test from the bundled examples, or, where
that is not cheap or the data is not the repository's, skipped with the reason. A command naming
a file that is neither fails the test: a new example lands in one of the two. An unset shell
variable (`"$OUT"`) is empty, as the shell makes it; an output under /tmp is written in the
scratch folder instead; `> file` is the shell's: stdout is read in its place.

What is checked:
- the exit code: 0; 3 where the shown output counts rejected rows; for an example the README
  shows failing, the code of FAILING;
- no traceback, on stdout or stderr;
- every file the command writes (`-o`, `--changes`) is there, and stdout holds the data when it is
  the output (`-o -`, `> file`), JSON when `--format json` or `--json` says so;
- every line a `console` block shows (tables' borders aside) is in what the command printed, on
  stdout or stderr, spaces and line breaks aside (a table's column widths, a line wrapped in the
  README); `...` in a line stands for text left out, a line starting with `...` is the README's
  own comment, and a report's run date (`run 2026-11-29`) is any date. `$ head -N FILE` after a
  command shows FILE's first lines, checked the same way.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.columns import BY_NAME, MEMBER_BY_NAME

from .conftest import EXAMPLES, ROOT, SHARED

README = ROOT / "README.md"
SYN = SHARED / "data" / "external" / "ophi-syn-cdta" / "syn_cdta.csv"
MPINDEX = SHARED / "data" / "external" / "mpindex"
STANDARDS = ROOT / "tests" / "standards"

SHELL_BLOCKS = ("sh", "bash", "shell")
OUTPUT_OPTIONS = (
    "-o",
    "--output",
    "--changes",
    "--rejects",
    "--member-rejects",
    "--previous-rejects",
)
A_FILE = re.compile(r"\.(csv|tsv|xlsx|parquet|ya?ml|json|txt)$")
BORDER = re.compile(r"[\s┏┓┗┛┳┻━┃┡┩╇└┘┴┬┌┐─├┤┼│]*")
RUN_DATE = re.compile(r"\brun \d{4}-\d{2}-\d{2}\b")
REJECTED = re.compile(r"(?:\brejected|bị loại) ([\d.,]+)")


@dataclass
class Example:
    """One command of a README block, with what the README shows it printing."""

    line: int  # the README's line of the command
    command: str  # as written, continuation lines joined
    console: bool  # from a `console` block: `shown` is all it prints that the README shows
    shown: list[str] = field(default_factory=list)
    # `$ head -N FILE` after it in its block, with the lines shown
    heads: list[tuple[str, list[str]]] = field(default_factory=list)


def _blocks(text: str):
    """Each fenced block: its first line's number, its language, its (number, line) pairs."""
    block: list[tuple[int, str]] | None = None
    start, language = 0, ""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            if block is None:
                start, language, block = number, line[3:].strip(), []
            else:
                yield start, language, block
                block = None
        elif block is not None:
            block.append((number, line))


def _joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with each one ending in a backslash joined to the next."""
    out: list[tuple[int, str]] = []
    carry: tuple[int, str] | None = None
    for number, line in lines:
        if carry is not None:
            number, line = carry[0], carry[1] + " " + line.strip()
        if line.endswith("\\"):
            carry = (number, line[:-1].rstrip())
            continue
        carry = None
        out.append((number, line))
    return out


def _commands(line: str) -> list[list[str]]:
    """The line's commands as the shell splits them (at `&&`, `;`, `|`), its comment left out."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split, lexer.commenters = True, "#"
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


def read_examples() -> tuple[list[Example], list[str]]:
    """The README's examples, and what in its blocks cannot be read as one."""
    examples: list[Example] = []
    problems: list[str] = []
    for start, language, lines in _blocks(README.read_text(encoding="utf-8")):
        if language in SHELL_BLOCKS:
            for number, line in _joined(lines):
                for words in _commands(line):
                    if words[0] == "mdpoverty":
                        examples.append(Example(number, shlex.join(words), console=False))
        elif language == "console":
            current: Example | None = None
            shown: list[str] | None = None
            for number, line in _joined(lines):
                if line.startswith("$ "):
                    words = _commands(line[2:])[0]
                    if words[0] == "mdpoverty":
                        current = Example(number, line[2:].strip(), console=True)
                        examples.append(current)
                        shown = current.shown
                    elif words[0] == "head" and current is not None:
                        current.heads.append((line[2:].strip(), []))
                        shown = current.heads[-1][1]
                    elif words[0] == "python" and words[1:2] and words[1].startswith("examples/"):
                        shown = None  # a generator: what it writes is the next command's input
                    else:
                        problems.append(
                            f"README.md:{number}: a command the test cannot run: {line}"
                        )
                        shown = None
                elif shown is not None:
                    shown.append(line)
                elif line.strip():
                    problems.append(f"README.md:{number}: output with no command above it: {line}")
        elif not language:
            for number, line in lines:
                if line.startswith(("mdpoverty ", "$ ")):
                    problems.append(
                        f"README.md:{start}: a block of no language holds a command (line "
                        f"{number}): tag it ```sh (commands) or ```console ($ commands, output)"
                    )
    return examples, problems


# ------------------------------------------------------------------ files the repo does not hold


def _copy(source: Path) -> Callable[[Path, Path, Example], None]:
    def build(target: Path, folder: Path, example: Example) -> None:
        shutil.copy(source, target)

    return build


def _previous_xlsx(target: Path, folder: Path, example: Example) -> None:
    pl.read_csv(EXAMPLES / "households_previous.csv", infer_schema=False).write_excel(target)


def _weighted(target: Path, folder: Path, example: Example) -> None:
    households = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False)
    weights = pl.Series("wt", [str(1 + i % 3) for i in range(households.height)])
    households.with_columns(weights).write_csv(target)


def _in_vietnamese(frame: pl.DataFrame, by_name: dict) -> pl.DataFrame:
    """The columns under their documented Vietnamese headers, as an office's list has them."""
    known = [c for c in frame.columns if c in by_name]
    return frame.select(known).rename({c: by_name[c].vi_header for c in known})


# a commune's share of the example households: a list and its members in Vietnamese
COMMUNE = 200


def _commune() -> tuple[pl.DataFrame, pl.DataFrame]:
    households = pl.read_csv(EXAMPLES / "households.csv", infer_schema=False).head(COMMUNE)
    members = pl.read_csv(EXAMPLES / "members.csv", infer_schema=False).filter(
        pl.col("household_id").is_in(households["household_id"].implode())
    )
    return _in_vietnamese(households, BY_NAME), _in_vietnamese(members, MEMBER_BY_NAME)


def _commune_list(target: Path, folder: Path, example: Example) -> None:
    _commune()[0].write_excel(target)


def _commune_members(target: Path, folder: Path, example: Example) -> None:
    _commune()[1].write_excel(target)


def _commune_workbook(target: Path, folder: Path, example: Example) -> None:
    import xlsxwriter

    households, members = _commune()
    with xlsxwriter.Workbook(target) as workbook:
        households.write_excel(workbook, worksheet="Danh sách hộ")
        members.write_excel(workbook, worksheet="Thành viên")


# The office list of "Classify households" (its own headers; two communes called Xã A in two
# districts; one income that is not a number), and its mapping of two headers
OFFICE_LIST = """\
STT,Mã HGĐ,Huyện,Xã,Khu vực,Số nhân khẩu,Thu nhập BQ,{counts},Diện tích nhà ở (m2),{yes_no},Ghi chú
1,01,Ba Chẽ,Xã A,Nông thôn,4,1.500.000,1,0,0,1,0,0,0,40,có,không,có,có,
2,02,Ba Chẽ,Xã A,Nông thôn,3,2.000.000,0,0,0,0,0,0,0,40,có,có,có,có,
3,03,Tiên Yên,Xã A,Nông thôn,3,không rõ,0,0,0,0,0,0,0,40,có,có,có,có,
4,04,Tiên Yên,Xã A,Nông thôn,5,2.200.000,0,0,0,0,0,0,0,60,có,có,có,có,
"""
OFFICE_COUNTS = (
    "working_age_unemployed",
    "dependents",
    "children_under16_malnourished",
    "members_6plus_without_health_insurance",
    "members_16_30_lacking_education",
    "children_3_15_not_in_school",
    "non_durable_main_structures",
)
OFFICE_YES_NO = ("safe_water", "sanitary_latrine", "uses_internet", "has_information_device")


def _office_list(target: Path, folder: Path, example: Example) -> None:
    text = OFFICE_LIST.format(
        counts=",".join(BY_NAME[c].vi_header for c in OFFICE_COUNTS),
        yes_no=",".join(BY_NAME[c].vi_header for c in OFFICE_YES_NO),
    )
    target.write_text(text, encoding="utf-8")


def _office_mapping(target: Path, folder: Path, example: Example) -> None:
    target.write_text("Mã HGĐ: household_id\nThu nhập BQ: income_per_capita_month\n", "utf-8")


def _marks_list(target: Path, folder: Path, example: Example) -> None:
    pytest.importorskip("xlsxwriter")
    generator = EXAMPLES / "generate_official_list.py"
    subprocess.run([sys.executable, generator, "--marks", "-o", target], check=True)


# A province's own standard; or, where the README shows `standards validate` refusing it, the
# file with the mistakes its message names (keyed by a line of that message)
EXTENDS_OWN_DIMENSIONS = """\
format_version: 1
id: my-province
version: "1"
title: {vi: Chuẩn nghèo của tỉnh, en: The province's standard}
jurisdiction: {level: provincial, country: VN, province: Quảng Ninh}
extends: thresholds/vn-2022-2025.yaml
valid_from: 2024-01-01
valid_to: 2025-12-31
references:
  - {id: nq-2024, title: Nghị quyết của tỉnh, date: 2024-12-10}
dimensions:
  - {id: housing, label: {vi: Nhà ở, en: Housing}}
"""
FIVE_MISTAKES = """\
format_version: 1
id: my-province
version: 2026.1
title: {vi: Chuẩn nghèo của tỉnh, en: The province's standard}
jurisdiction: {level: provincial, country: VN, province: Quảng Ninh}
extends: vn-2022-2025
valid_from: 31/12/2024
valid_until: 2025-12-31
parameters:
  income_line:
    unit: VND/person/month
    reference: [nq-2024]
    status: verified
    by: area
    values:
      urban: 2600000
      rural: 1.950.000
references:
  - {id: nq-2024, title: Nghị quyết của tỉnh, date: 2024-12-10}
"""
BROKEN_STANDARDS = {
    "unknown dimension 'employment'": EXTENDS_OWN_DIMENSIONS,
    "not a valid standard file (5 problems)": FIVE_MISTAKES,
}


def _my_province(target: Path, folder: Path, example: Example) -> None:
    for said, text in BROKEN_STANDARDS.items():
        if any(said in line for line in example.shown):
            shutil.copytree(ROOT / "thresholds", folder / "thresholds", dirs_exist_ok=True)
            target.write_text(text, encoding="utf-8")
            return
    shutil.copy(ROOT / "thresholds" / "quangninh-2023-2025.yaml", target)


def _shared(source: Path, rename: dict[str, str] | None = None, parquet: bool = False):
    def build(target: Path, folder: Path, example: Example) -> None:
        if not source.is_file():
            pytest.skip(f"../shared/data/external is absent ({source.name})")
        if not rename and not parquet:
            shutil.copy(source, target)
            return
        frame = pl.read_csv(source).rename(rename or {})
        frame.write_parquet(target) if parquet else frame.write_csv(target)

    return build


def _syn_standard(target: Path, folder: Path, example: Example) -> None:
    if not SYN.is_file():
        pytest.skip("../shared/data/external is absent (syn_cdta)")
    shutil.copy(STANDARDS / "global-mpi-syn-cdta.yaml", target)


def _full_size(generator: str, households: str) -> str:
    return (
        f"the full synthetic population ({households} households) `python examples/{generator}` "
        "writes (its own example says so): generating it and comparing take 10-40 s here, too "
        "long for the suite; rerun by hand when the generator or compare changes"
    )


# Every file the README's examples name that the repository does not hold: (what it is, how the
# test writes it, or None: the examples naming it are skipped for the reason given)
NOT_BUNDLED: dict[str, tuple[str, Callable[[Path, Path, Example], None] | None]] = {
    "households.csv": (
        "a user's household list: examples/households.csv",
        _copy(EXAMPLES / "households.csv"),
    ),
    "members.csv": ("its members: examples/members.csv", _copy(EXAMPLES / "members.csv")),
    "last_year.csv": (
        "the previous review's list: examples/households_previous.csv",
        _copy(EXAMPLES / "households_previous.csv"),
    ),
    "last_year.xlsx": ("the same as a workbook", _previous_xlsx),
    "ho.csv": (
        "never read: the empty -o is refused first; examples/households.csv",
        _copy(EXAMPLES / "households.csv"),
    ),
    "danh-sach.csv": (
        "the office list of 'Classify households', written by the test",
        _office_list,
    ),
    "cot.yaml": ("its mapping of two headers ('Mã HGĐ', 'Thu nhập BQ')", _office_mapping),
    "danh-sach.xlsx": (
        f"a commune's list under the Vietnamese headers: the first {COMMUNE} example households",
        _commune_list,
    ),
    "thanh-vien.xlsx": ("their members, under the Vietnamese headers", _commune_members),
    "ho_va_tv.xlsx": (
        "the same households and members on two sheets ('Danh sách hộ', 'Thành viên')",
        _commune_workbook,
    ),
    "danh-sach-thieu-hut.xlsx": (
        "a list of deprivation marks: `python examples/generate_official_list.py --marks`",
        _marks_list,
    ),
    "danh-sach.mapping.yaml": (
        "its mapping: examples/danh-sach-ra-soat.mapping.yaml",
        _copy(EXAMPLES / "danh-sach-ra-soat.mapping.yaml"),
    ),
    "my-province.yaml": (
        "a province's standard (thresholds/quangninh-2023-2025.yaml); where `standards validate` "
        "is shown refusing it, a file with the mistakes the message names",
        _my_province,
    ),
    "hh.csv": ("examples/households.csv with a weight column `wt`", _weighted),
    "mem.csv": ("examples/members.csv", _copy(EXAMPLES / "members.csv")),
    "survey.csv": (
        "a survey: OPHI's synthetic syn_cdta (../shared), `weight` as hhweight",
        _shared(SYN, {"weight": "hhweight"}),
    ),
    "survey.parquet": ("the same as Parquet", _shared(SYN, {"weight": "hhweight"}, parquet=True)),
    "syn_cdta.csv": ("OPHI's synthetic syn_cdta (../shared)", _shared(SYN)),
    "global-mpi.yaml": (
        "the global MPI written for it: tests/standards/global-mpi-syn-cdta.yaml",
        _syn_standard,
    ),
    "my-mpi.yaml": ("the same", _syn_standard),
    "df_household.csv": (
        "mpindex's df_household (../shared)",
        _shared(MPINDEX / "df_household.csv"),
    ),
    "df_household_roster.csv": (
        "mpindex's df_household_roster (../shared)",
        _shared(MPINDEX / "df_household_roster.csv"),
    ),
    "examples/full/quangninh.csv": (_full_size("generate_quangninh.py", "384,000"), None),
    "examples/full/dongnai.csv": (_full_size("generate_dongnai.py", "100,000"), None),
}

# Stand-ins with rows an example rejects, where the README shows no output: exit 3
REJECTS_ROWS = {
    "survey.csv": "syn_cdta has people with a missing indicator: without --missing they are rejected",
}

# The examples the README shows failing, with the exit code it gives them
FAILING = {
    'mdpoverty classify danh-sach.csv --sheet "Danh sách" --lang vi': 4,  # a sheet for a CSV
    "mdpoverty classify danh-sach.csv --as-o 2024-12-31 --lang vi": 2,  # an unknown option
    'mdpoverty classify ho.csv -o "$OUT"': 2,  # an empty value
    'mdpoverty classify ho.csv -o "$OUT" --lang vi': 2,
    "mdpoverty standards validate my-province.yaml": 4,  # a bad standard file
}


# What the README's text says an example it does not show in a console block prints
PROSE = {
    "mdpoverty classify examples/households.csv --members examples/members.csv -s vn-2022-2025 "
    "-s quangninh-2023-2025 --as-of 2024-12-31 -o /tmp/qn_members.csv": [
        "member rows read 10,728 = in accepted households 10,728 + in rejected households 0 + "
        "rejected 0 + skipped 0",
    ],
}


@dataclass
class Run:
    """An example's words as run, and the files it reads and writes."""

    words: list[str]
    reads: list[str]
    writes: list[str]
    redirected: str | None


def _plan(example: Example) -> Run:
    words = [re.sub(r"\$\{?[A-Za-z_]\w*\}?", "", w) for w in _commands(example.command)[0][1:]]
    redirected = None
    if ">" in words:
        at = words.index(">")
        words, redirected = words[:at], words[at + 1]
    reads, writes = [], []
    for i, word in enumerate(words):
        if i and words[i - 1] in OUTPUT_OPTIONS:
            if word.startswith("/tmp/"):  # never outside the scratch folder
                words[i] = word = Path(word).name
            if word and word != "-":
                writes.append(word)
        elif A_FILE.search(word):
            reads.append(word)
    return Run(words, reads, writes, redirected)


EXAMPLES_FOUND, PROBLEMS = read_examples()


def test_the_readme_has_examples_and_every_block_is_read():
    assert len(EXAMPLES_FOUND) >= 30 and any(e.console for e in EXAMPLES_FOUND)
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_every_file_an_example_reads_is_the_repositorys_or_listed():
    unknown = [
        f"README.md:{e.line}: {name} ({e.command})"
        for e in EXAMPLES_FOUND
        for name in _plan(e).reads
        if name not in NOT_BUNDLED and not (ROOT / name).is_file()
    ]
    assert not unknown, (
        "a README example reads a file neither in the repository nor in NOT_BUNDLED:\n"
        + "\n".join(unknown)
    )


def test_every_prose_claim_names_an_example():
    assert set(PROSE) <= {e.command for e in EXAMPLES_FOUND}


def test_every_listed_file_is_still_named_by_an_example():
    named = {name for e in EXAMPLES_FOUND for name in _plan(e).reads}
    assert set(NOT_BUNDLED) <= named, set(NOT_BUNDLED) - named


def _flat(text: str) -> str:
    return " ".join(RUN_DATE.sub("run <date>", text).split())


def _shown_in(line: str, text: str) -> bool:
    """The README's line is in text (flattened): its parts around `...`, in order."""
    at = 0
    for part in _flat(line).split("..."):
        part = part.strip()
        if not part:
            continue
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _checked(lines: list[str]) -> list[str]:
    """The lines shown that say something: not a table's border, not the README's comment."""
    return [
        line
        for line in lines
        if line.strip() and not BORDER.fullmatch(line) and not line.lstrip().startswith("...")
    ]


def _expected_exit(example: Example, run: Run) -> int:
    if example.command in FAILING:
        return FAILING[example.command]
    if "--missing" not in run.words and set(run.reads) & set(REJECTS_ROWS):
        return 3
    rejected = [int(re.sub(r"\D", "", n)) for line in example.shown for n in REJECTED.findall(line)]
    return 3 if any(rejected) else 0


@pytest.mark.parametrize(
    "example", EXAMPLES_FOUND, ids=[f"{e.line}: {e.command}" for e in EXAMPLES_FOUND]
)
def test_every_readme_example_runs_and_prints_what_the_readme_shows(example, tmp_path, monkeypatch):
    run = _plan(example)
    for name in run.reads:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name not in NOT_BUNDLED:
            shutil.copy(ROOT / name, target)
        else:
            reason, build = NOT_BUNDLED[name]
            if build is None:
                pytest.skip(f"{name}: {reason}")
            if not target.exists():
                build(target, tmp_path, example)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, run.words, env={"COLUMNS": "250"})
    said = f"{example.command}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr, said
    assert result.exit_code == _expected_exit(example, run), said
    if result.exit_code in (0, 3):
        for name in run.writes:
            assert (tmp_path / name).is_file(), f"{example.command}: no {name}\n{said}"
        to_stdout = run.redirected or (
            "-o" in run.words and run.words[run.words.index("-o") + 1] == "-"
        )
        if to_stdout:  # the data alone: the summary goes to stderr
            assert result.stdout.strip() and "rows read" not in result.stdout, said
        elif run.words[0] == "classify" and not run.writes:  # INPUT_classified.csv beside it
            source = tmp_path / run.reads[0]
            assert source.with_name(f"{source.stem}_classified.csv").is_file(), said
        if ("--format" in run.words and "json" in run.words) or "--json" in run.words:
            json.loads(result.stdout)
    printed = _flat(result.stdout + "\n" + result.stderr)
    shown = _checked(example.shown) + PROSE.get(example.command, [])
    missing = [line for line in shown if not _shown_in(line, printed)]
    assert not missing, (
        "the README shows lines the command does not print:\n" + "\n".join(missing) + f"\n{said}"
    )
    for command, lines in example.heads:
        words = shlex.split(command)
        count, name = int(words[1].lstrip("-n")), words[2]
        head = (tmp_path / name).read_text(encoding="utf-8-sig").splitlines()[:count]
        assert len(head) == len(lines), (command, head)
        for line, real in zip(lines, head, strict=True):
            assert _shown_in(line, _flat(real)), f"{command}: {line!r} is not {real!r}"
