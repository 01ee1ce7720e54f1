"""One run names every column of a marks list the user must decide: the columns that name an
indicator without saying they hold marks, and with them an answer column whose header names an
indicator too ('Nhà tiêu hợp vệ sinh', the answer sanitary_latrine by its header, the
sanitation's marks in an office's list), which stops the next run once the others are mapped
as marks. Several such answer columns are named in one message. CliRunner, stdout and stderr
apart; workbooks as test_marks_office builds them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import InputError, Said
from mdpoverty.io.marks import check_not_ambiguous
from mdpoverty.io.readers import answers_naming_indicators, read_table
from mdpoverty.messages import said

from .test_marks_office import FULL, INCOME, PLAIN, classify, flat, mapping, rows, xlsx

runner = CliRunner()


def test_the_first_run_names_the_answer_column_that_names_an_indicator(tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", rows(FULL, None))  # one header row: no group label
    columns = tmp_path / "map.yaml"
    columns.write_text(INCOME, "utf-8")
    result, _ = classify(path, tmp_path, "--columns", columns)
    assert result.exit_code == 4, result.stdout
    said = flat(result.stderr)
    assert "11 columns name an indicator" in said  # the unclear ones, as before
    assert (
        "'Nhà tiêu hợp vệ sinh' (sanitary_latrine / sanitation): this column is read as the "
        "household's answer, but its header names an indicator too" in said
    )
    assert "'Nhà tiêu hợp vệ sinh: deprived:sanitation' (marks)" in said
    assert "'Nhà tiêu hợp vệ sinh: sanitary_latrine' (answers)" in said
    vi = runner.invoke(
        app,
        ["classify", str(path), "-o", str(tmp_path / "o.csv"), "--columns", str(columns),
         "--as-of", "2024-12-31", "--lang", "vi"],
    )  # fmt: skip
    assert vi.exit_code == 4
    assert (
        "'Nhà tiêu hợp vệ sinh' (sanitary_latrine / sanitation): cột này được đọc là câu trả "
        "lời của hộ, nhưng tiêu đề cũng gọi tên một chỉ số" in flat(vi.stderr)
    )
    # the user maps the 11 and the one named: the run goes through
    mapped = mapping(tmp_path / "map2.yaml", PLAIN + "Nhà tiêu hợp vệ sinh: deprived:sanitation\n")
    done, out = classify(path, tmp_path, "--columns", mapped)
    assert done.exit_code == 0, done.stderr
    assert out.exists()


def test_every_answer_column_naming_an_indicator_is_named_at_once(tmp_path):
    # a standard whose indicators are named as two answer columns are headed
    names = {"sanitation": ["Nhà tiêu hợp vệ sinh"], "internet": ["Sử dụng internet"]}
    path = tmp_path / "ds.csv"
    path.write_text("household_id,Nhà tiêu hợp vệ sinh,Sử dụng internet\nH1,x,x\n", "utf-8")
    table = read_table(str(path))
    found = answers_naming_indicators(table, names)
    assert [(h, t, i) for h, t, i, _ in found] == [
        ("Nhà tiêu hợp vệ sinh", "sanitary_latrine", "sanitation"),
        ("Sử dụng internet", "uses_internet", "internet"),
    ]
    with pytest.raises(InputError) as caught:
        check_not_ambiguous(table, names, ["sanitation"])
    message = caught.value.message
    assert "the column 'Nhà tiêu hợp vệ sinh' may be read two ways" in message
    assert "the same holds for 'Sử dụng internet' (uses_internet / internet)" in message
    vi = said(Said(message, caught.value.key or "", **caught.value.params), "vi")
    assert "cũng vậy với 'Sử dụng internet' (uses_internet / internet)" in vi
