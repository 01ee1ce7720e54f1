"""A member sheet of x and blanks: households rejected for a blank member cell in yes/no
columns get a note saying how to declare a blank as no (blank_means_false), naming those
columns and giving the mapping line; a blank the mapping declares already, or a blank in a
column that is not yes/no (an age), is not in it. CliRunner, stdout and stderr apart."""

from __future__ import annotations

from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .test_members_review import files, household

runner = CliRunner()


def run(tmp_path, lang: str, mapping: str | None = None):
    # H1: a child whose malnourished and school cells are blank; H2: an adult, blank insurance
    h, m = files(
        tmp_path,
        [household("H1"), household("H2")],
        ["H1,40,x,,,,x,x,", "H1,10,,,,,x,,", "H2,40,x,,,,,x,"],
    )
    args = ["classify", str(h), "--members", str(m), "-o", str(tmp_path / "o.csv"),
            "--as-of", "2024-12-31", "--lang", lang]  # fmt: skip
    if mapping is not None:
        path = tmp_path / "map.yaml"
        path.write_text(mapping, encoding="utf-8")
        args += ["--columns", str(path)]
    return runner.invoke(app, args)


def flat(text: str) -> str:
    return " ".join(text.split())


MAPPED = (
    "blank_means_false: [in_working_age, unemployed_or_no_contract, receives_social_allowance]\n"
)


def test_the_note_names_the_blank_yes_no_columns_and_the_mapping_line(tmp_path):
    result = run(tmp_path, "en", MAPPED)
    assert result.exit_code == 3, result.output
    said = flat(result.stdout + result.stderr)
    assert "if a blank cell in the member file's yes/no columns" in said
    line = said.split("blank_means_false: [", 1)[1].split("]", 1)[0].split(", ")
    assert set(line) == {"malnourished", "has_health_insurance", "attends_school_at_right_level"}
    vi = run(tmp_path, "vi", MAPPED)
    said_vi = flat(vi.stdout + vi.stderr)
    assert "hãy ghi các cột đó vào blank_means_false của tệp --columns" in said_vi
    assert "'malnourished'" in said_vi  # the member file's own header


def test_no_note_when_no_household_is_rejected_for_a_blank(tmp_path):
    mapping = MAPPED.replace("]", ", malnourished, has_health_insurance,"
                             " attends_school_at_right_level]")  # fmt: skip
    result = run(tmp_path, "en", mapping)
    assert result.exit_code == 0, result.output
    assert "blank_means_false" not in result.stdout + result.stderr
