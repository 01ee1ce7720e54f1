"""Every awkward or bad input in tests/corpus ends in its documented exit code and message,
and every row read is either classified or rejected."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from mdpoverty.cli.app import app

CORPUS = Path(__file__).parent / "corpus"
FILES = CORPUS / "files"


def _load_cases() -> dict:
    """cases.yaml and every cases_*.yaml beside it (one per theme), as one mapping."""
    cases: dict = {}
    for path in sorted(CORPUS.glob("cases*.yaml")):
        for name, case in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            assert name not in cases, f"{path.name}: case {name} is defined twice"
            cases[name] = case
    return cases


CASES = _load_cases()
COUNTS = re.compile(
    r"rows read ([\d,]+) = classified ([\d,]+) \+ rejected ([\d,]+) \+ skipped ([\d,]+)"
)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({name.split("#")[0] for name in CASES}) >= 30  # distinct input files
    assert sum(1 for case in CASES.values() if case["exit"] != 0) >= 30


def _readonly_folder(tmp_path: Path) -> Path:
    """A folder no file can be made in, even by root (who ignores permissions): sysfs."""
    folder = tmp_path / "readonly"
    if os.geteuid() == 0:
        folder = Path("/sys")
    else:
        folder.mkdir(mode=0o555)
    try:
        os.close(tempfile.mkstemp(dir=folder)[0])
    except OSError:
        return folder
    pytest.skip("no read-only folder here")


def _run(name: str, case: dict, tmp_path: Path):
    file = FILES / name.split("#")[0]
    src = tmp_path / file.name
    shutil.copy(file, src)  # the corpus itself is never written to
    where = {"tmp": str(tmp_path)}
    if case.get("readonly"):
        where["readonly"] = str(_readonly_folder(tmp_path))
    output = case.get("output", "out.csv").format(**where)
    out = src if output == "input" else tmp_path / output
    where["out"] = str(out)
    args = [FILES / a if (FILES / a).is_file() else a.format(**where) for a in case.get("args", [])]
    stdin = None
    if case.get("stdin"):
        stdin, src = file.read_bytes(), "-"
    argv = ["classify", str(src), "-o", str(out), "--as-of", "2025-01-01", *map(str, args)]
    return CliRunner().invoke(app, argv, input=stdin), out


def _make_existing(case: dict, tmp_path: Path) -> dict[Path, bytes | None]:
    """Files (name: text) and folders (name/: null) there before the run, which it must leave
    as they were."""
    made: dict[Path, bytes | None] = {}
    for name, content in case.get("existing", {}).items():
        path = tmp_path / name
        if content is None:
            path.mkdir()
        else:
            path.write_text(content, encoding="utf-8")
        made[path] = None if content is None else path.read_bytes()
    return made


@pytest.fixture
def private_tmpdir(tmp_path, monkeypatch):
    """TMPDIR for the run: every temporary file mdpoverty makes is checked to be gone."""
    folder = tmp_path / "TMPDIR"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_case(name, tmp_path, private_tmpdir):
    case = CASES[name]
    existing = _make_existing(case, tmp_path)
    result, out = _run(name, case, tmp_path)
    assert result.exit_code == case["exit"], result.stdout + result.stderr
    for path, content in existing.items():  # nothing the user did not ask to write is touched
        assert path.is_dir() if content is None else path.read_bytes() == content
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]
    assert not list(private_tmpdir.iterdir())
    for text in case.get("err", []):
        assert text in result.stderr
    for text in case.get("out", []):
        assert text in result.stdout
    for text in case.get("never", []):  # cells that must not be shown (personal data)
        assert text not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if case["exit"] in (0, 3):
        read, classified, rejected, skipped = (
            int(n.replace(",", "")) for n in COUNTS.search(result.stdout).groups()
        )
        assert read == classified + rejected + skipped
        # counts: [read, classified, rejected], or with skipped (numbering, totals, blank rows)
        assert [read, classified, rejected, skipped][: len(case["counts"])] == case["counts"]
        if len(case["counts"]) == 3:
            assert skipped == 0
        output = pl.read_csv(out, infer_schema=False)
        assert output.height == classified
        for column, values in case.get("output_cells", {}).items():
            assert output[column].to_list() == values, column
        rejects = out.with_name("out_rejects.csv")
        if rejected:
            frame = pl.read_csv(rejects, infer_schema=False)
            assert frame.height == rejected
            if "rejects" in case:
                got = dict(zip(map(int, frame["row"]), frame["errors"], strict=True))
                assert got == case["rejects"]
        else:
            assert not rejects.exists()
    else:
        assert result.stdout == "" or case["exit"] == 2
        if case.get("output") != "input" and out not in existing:
            assert not out.exists()


def test_every_readable_format_gives_the_same_classes(tmp_path):
    expected = None
    for name, case in CASES.items():
        if not name.startswith("ok_") or case["exit"] != 0 or name == "ok_booleans.csv":
            continue
        folder = tmp_path / name.replace("#", "_")
        folder.mkdir()
        _result, out = _run(name, case, folder)
        got = pl.read_csv(out, infer_schema=False).select("household_id", "class", "deprived")
        expected = got if expected is None else expected
        assert got.equals(expected), name
    assert expected["class"].to_list() == ["poor", "near_poor", "not_poor"]
