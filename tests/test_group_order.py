"""Groups tied in count are listed in one order by every command that lists groups (classify's
--by table, compare's breakdowns, measures' groups, report's units), on screen, in JSON and in a
tidy CSV: `text.group_order`, by name accents and case aside, a blank group last."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.text import group_order

from .conftest import BASE

runner = CliRunner()
# in file order; each group one household alike but for its district: every count ties
FILE_ORDER = ["Zeta", "", "Đông Triều", "an thi", "Ba Chẽ", "Ân Thi"]
LISTED = ["an thi", "Ân Thi", "Ba Chẽ", "Đông Triều", "Zeta", ""]


def households(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(BASE))
        out.writeheader()
        for i, district in enumerate(FILE_ORDER):
            out.writerow({**BASE, "household_id": f"H{i}", "district": district})
    return path


def invoke(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def listed(groups: list) -> list[str]:
    """The groups in the order first listed, a blank one (None, '') as ''."""
    return list(dict.fromkeys("" if g is None else g for g in groups))


def on_screen(text: str) -> list[str]:
    """The named groups in the order a screen table shows them, '(blank)' as ''."""
    names = [g or "(blank)" for g in LISTED]
    lines = [line for line in text.splitlines() if line.startswith("│")]
    # a unit's name may be indented under the units above it (report)
    cells = [line.split("│")[1].strip() for line in lines]
    found = [next((n for n in names if cell == n), None) for cell in cells]
    return listed(["" if n == "(blank)" else n for n in found if n is not None])


def test_the_key_orders_by_name_as_a_list_is_read_and_a_blank_last():
    assert sorted(FILE_ORDER, key=lambda g: group_order([g])) == LISTED
    assert sorted([None, "b", "A"], key=lambda g: group_order([g])) == ["A", "b", None]
    # a path: its top unit first
    paths = [("Y", "a"), ("X", "b"), ("X", None)]
    assert sorted(paths, key=group_order) == [("X", "b"), ("X", None), ("Y", "a")]


def test_every_command_lists_tied_groups_alike(tmp_path):
    src = households(tmp_path / "h.csv")
    by = ("--by", "district", "--as-of", "2024-12-31")
    got: dict[str, list[str]] = {}

    got["classify screen"] = on_screen(invoke("classify", src, *by, "-o", tmp_path / "c.csv"))

    compare = ("compare", src, "--base", "vn-2022-2025", "--alt", "quangninh-2023-2025", *by)
    data = json.loads(invoke(*compare, "--format", "json"))
    got["compare json"] = listed([g["group"] for g in data["breakdowns"]["district"]])
    got["compare screen"] = on_screen(invoke(*compare))
    invoke(*compare, "-o", tmp_path / "compare.csv")
    with (tmp_path / "compare.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["section"] == "breakdown"]
    got["compare csv"] = listed([r["group"].split(" / ")[-1] for r in rows])

    measures = ("measures", src, "-s", "vn-2022-2025", "--k", "3/12", *by)
    data = json.loads(invoke(*measures, "--format", "json"))
    got["measures json"] = listed([r["group"] for r in data["results"] if r["by"]])
    invoke(*measures, "-o", tmp_path / "measures.csv")
    with (tmp_path / "measures.csv").open(encoding="utf-8") as f:
        got["measures csv"] = listed([r["group"] for r in csv.DictReader(f) if r["by"]])

    report = ("report", src, *by)
    data = json.loads(invoke(*report, "--format", "json"))
    units = data["reports"][0]["households"]["all"]
    got["report json"] = listed([u["unit"]["district"] for u in units if u["level"] == "district"])
    got["report screen"] = on_screen(invoke(*report))
    invoke(*report, "-o", tmp_path / "report.csv")
    with (tmp_path / "report.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["area"] == "all" and r["level"] == "district"]
    got["report csv"] = listed([r["district"] for r in rows])

    assert got == dict.fromkeys(got, LISTED)
