"""report --previous reads the previous list with the same --columns mapping: a line giving a
column the previous list is not read for (an answer, a deprivation's marks) is no note about
it, and every note about a mapped header a file lacks names that file (never 'this file'
alone). CliRunner, stdout and stderr apart."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import BASE

runner = CliRunner()


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_note_on_the_previous_list_for_columns_it_is_not_read_for(tmp_path, lang):
    now = [{**BASE, "household_id": f"H{n}"} for n in (1, 2)]
    for row in now:
        row["Vệ sinh"] = row.pop("sanitary_latrine")
        row["Mã HGĐ"] = row.pop("household_id")
    current = write(tmp_path / "ds_2024.csv", now)
    previous = write(
        tmp_path / "ds_2023.csv",
        [{"Mã hộ": "H1", "Phân loại": "Hộ nghèo"}, {"Mã hộ": "H2", "Phân loại": "Hộ cận nghèo"}],
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text("Vệ sinh: sanitary_latrine\nMã HGĐ: household_id\n", "utf-8")
    result = runner.invoke(
        app,
        ["report", str(current), "--columns", str(mapping), "--previous", str(previous),
         "--as-of", "2024-12-31", "--lang", lang, "--format", "json",
         "-o", str(tmp_path / "bc.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    err = result.stderr.replace(str(tmp_path) + "/", "")
    # the answer's line: the previous list is not read for it
    assert "'Vệ sinh'" not in err, err
    # the household id's line: the previous list has another header, and the note names it
    if lang == "en":
        said = (
            "m.yaml:2: the mapping gives 'Mã HGĐ' to household_id, but the previous list "
            "'ds_2023.csv' has no such header"
        )
    else:
        said = (
            "m.yaml:2: tệp ánh xạ gán 'Mã HGĐ' cho household_id, nhưng danh sách kỳ trước "
            "'ds_2023.csv' không có tiêu đề như vậy"
        )
    assert said in " ".join(err.split()), err
    assert "this file" not in err and "tệp này" not in err
