"""One rule for yes/no values in every output and language (README: Classify households):
`true`/`false` in English (Excel's TRUE/FALSE in .xlsx), `Có`/`Không` in Vietnamese, also for a
yes/no column another shipped standard declares, kept by a run that does not read it."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from tests.conftest import BASE

WASTE = "waste_handled_hygienically"
WASTE_VI = "Rác thải sinh hoạt của hộ được thu gom, xử lý hợp vệ sinh"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _households(path: Path) -> Path:
    # incomes between the national and Quảng Ninh's lines: each moves (average -> near-poor)
    rows = [
        {**BASE, "household_id": "H1", "income_per_capita_month": 1632000, WASTE: "có"},
        {**BASE, "household_id": "H2", "income_per_capita_month": 1700000, WASTE: "0"},
        {**BASE, "household_id": "H3", "income_per_capita_month": 1800000, WASTE: "chưa rõ"},
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _cells(book: Path, header: str) -> list[str]:
    """The XML of each data cell of `header`'s column in the first sheet."""
    sheet = zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml").decode()
    rows = re.findall(r"<row [^>]*>(.*?)</row>", sheet)
    heads = re.findall(r"<c [^>]*>.*?</c>", rows[0])
    index = next(i for i, c in enumerate(heads) if f">{header}<" in c)
    return [re.findall(r"<c [^>]*>.*?</c>", r)[index] for r in rows[1:]]


@pytest.mark.parametrize(
    ("lang", "header", "words"),
    [("en", WASTE, ["true", "false", "chưa rõ"]), ("vi", WASTE_VI, ["Có", "Không", "chưa rõ"])],
)
def test_compare_changes_says_a_kept_yes_no_column_as_classify_does(tmp_path, lang, header, words):
    data = _households(tmp_path / "ds.csv")
    changes, out = tmp_path / "ch.csv", tmp_path / "kq.csv"
    args = ["--lang", lang]
    alt = ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    result = run("compare", str(data), *alt, *args, "--changes", str(changes))
    assert result.exit_code == 0, result.output
    result = run("classify", str(data), "-s", "vn-2022-2025", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    classified = [r[header] for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert classified == words
    moved = {r[header] for r in csv.DictReader(changes.open(encoding="utf-8"))}
    assert moved and moved <= set(words)
    assert "Có" in moved if lang == "vi" else "true" in moved


def test_xlsx_writes_a_kept_yes_no_column_as_excel_true_false_in_english(tmp_path):
    data = _households(tmp_path / "ds.csv")
    book = tmp_path / "kq.xlsx"
    assert run("classify", str(data), "-s", "vn-2022-2025", "-o", str(book)).exit_code == 0
    waste = _cells(book, WASTE)
    assert ['t="b"><v>1</v>' in c for c in waste] == [True, False, False]
    assert 't="b"><v>0</v>' in waste[1]
    assert "<t>chưa rõ</t>" in waste[2]  # not a yes/no word: the text as written
    # as the parsed yes/no columns are
    assert all('t="b"><v>1</v>' in c for c in _cells(book, "safe_water"))
    changes = tmp_path / "ch.xlsx"
    alt = ["--base", "vn-2022-2025", "--alt", "quangninh-2023-2025"]
    assert run("compare", str(data), *alt, "--changes", str(changes)).exit_code == 0
    # the three move (average -> near-poor): the same cells as classify's
    assert ['t="b"><v>' in c for c in _cells(changes, WASTE)] == [True, True, False]


def test_vietnamese_xlsx_writes_co_khong_in_every_yes_no_column(tmp_path):
    data = _households(tmp_path / "ds.csv")
    book = tmp_path / "kq.xlsx"
    result = run("classify", str(data), "-s", "vn-2022-2025", "--lang", "vi", "-o", str(book))
    assert result.exit_code == 0, result.output
    assert ["<t>Có</t>" in c for c in _cells(book, WASTE_VI)] == [True, False, False]
    assert "<t>Không</t>" in _cells(book, WASTE_VI)[1]
    assert all("<t>Có</t>" in c for c in _cells(book, "Nguồn nước sinh hoạt hợp vệ sinh"))
