"""One --columns file for runs with and without --members: a member column's line is the
member file's alone, any other line the household file's alone, the household id's both."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.io.mapping import load_mapping

from .test_members import files

runner = CliRunner()
AS_OF = ("--as-of", "2024-06-30")


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def renamed(path: Path, source: Path, headers: dict[str, str], **added: str) -> Path:
    frame = pl.read_csv(source, infer_schema=False).rename(headers)
    frame = frame.with_columns(pl.lit(v).alias(k) for k, v in added.items())
    frame.write_csv(path)
    return path


def test_each_line_applies_to_its_own_file(tmp_path):
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(
        "Mã HGĐ: household_id\nTuổi: age\nNước: safe_water\n"
        "blank_means_false: [safe_water, has_health_insurance]\n",
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_file)
    members = {"household_id", "age", "has_health_insurance"}
    household = mapping.for_file(members, member_file=False)
    member = mapping.for_file(members, member_file=True)
    assert household == {"Mã HGĐ": "household_id", "Nước": "safe_water"}
    assert member == {"Mã HGĐ": "household_id", "Tuổi": "age"}
    assert list(household.blank_means_false) == ["safe_water"]
    assert list(member.blank_means_false) == ["has_health_insurance"]
    assert household.whole is member.whole is mapping
    assert member.where("tuoi") == f"{mapping_file}:2"


def test_a_member_line_is_accepted_without_members_with_a_note(tmp_path):
    counted, _plain, _members = files(tmp_path, 12)
    source = renamed(tmp_path / "hh.csv", counted, {"household_id": "Mã HGĐ"})
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "Mã HGĐ: household_id\nTuổi: age\nblank_means_false: [has_health_insurance]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    for lang, said in [
        ("en", "the mapping gives 'Tuổi' to age, but that is a member-file column, used with "
               "--members only"),
        ("vi", "tệp ánh xạ gán 'Tuổi' cho age, nhưng đó là một cột của tệp thành viên, chỉ "
               "dùng khi có --members"),
    ]:  # fmt: skip
        result = invoke("classify", source, "--columns", mapping, "-o", out, *AS_OF,
                        "--lang", lang)  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"{mapping}:2: {said}" in result.stderr
        assert "Mã HGĐ" not in result.stderr  # the household id's line is used
    assert pl.read_csv(out, infer_schema=False).height == 12


def test_a_member_line_leaves_the_household_files_column_of_that_header(tmp_path):
    _counted, plain, members = files(tmp_path, 12)
    # the household file has a column headed as the member file's insurance column: a note
    households = renamed(tmp_path / "hh.csv", plain, {"household_id": "Mã HGĐ"}, **{"Thẻ": "x"})
    roster = renamed(
        tmp_path / "tv.csv", members, {"household_id": "Mã HGĐ", "has_health_insurance": "Thẻ"}
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Mã HGĐ: household_id\nThẻ: has_health_insurance\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = invoke("classify", households, "--members", roster, "--columns", mapping, "-o", out,
                    *AS_OF)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "the mapping gives" not in result.stderr  # each line found in its file
    classified = pl.read_csv(out, infer_schema=False)
    assert classified.height == 12
    assert classified["Thẻ"].to_list() == ["x"] * 12  # passed through, as written
    assert "has_health_insurance" not in classified.columns
    # the same files with canonical headers classify alike
    same = invoke("classify", plain, "--members", members, "-o", tmp_path / "same.csv", *AS_OF)
    assert same.exit_code == 0, same.output
    expected = pl.read_csv(tmp_path / "same.csv", infer_schema=False)
    assert classified["class"].to_list() == expected["class"].to_list()
