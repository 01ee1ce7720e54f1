"""What `standards show` prints of shipped standards' parameters."""

from __future__ import annotations

from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.engine.classifier import load_checked


def _show(standard: str, lang: str) -> str:
    result = CliRunner().invoke(
        app, ["standards", "show", standard, "--lang", lang], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_parameter_no_rule_of_the_child_uses_is_not_inherited():
    """The legal file found no average band for Quảng Ninh or 2027-2030: the national band is
    not theirs, in the model every view reads nor in show (either language)."""
    for standard in ("quangninh-2023-2025", "vn-2027-2030"):
        assert "average_band_top" not in load_checked(standard).model.parameters
        for lang in ("en", "vi"):
            text = _show(standard, lang)
            assert "average_band_top" not in text and "2,250,000" not in text
            assert "2.250.000" not in text
    assert "average_band_top" in load_checked("dongnai-2022-2025").model.parameters


def test_an_inherited_parameter_names_the_standard_and_file_it_comes_from():
    text = _show("quangninh-2023-2025", "en")
    row = next(line for line in text.splitlines() if line.startswith("│ dependents_share_max "))
    assert row.rstrip("│ ").endswith("vn-2022-2025")
    income = next(line for line in text.splitlines() if line.startswith("│ income_line "))
    assert "vn-2022-2025" not in income
    # the file as the loader names it: relative to the folder it was first loaded from
    named = re.compile(r"vn-2022-2025 = \S*thresholds/vn-2022-2025\.yaml")
    assert named.search(" ".join(text.split()))
    vi = _show("quangninh-2023-2025", "vi")
    assert "Kế thừa từ" in vi and named.search(" ".join(vi.split()))
    assert "inherited from" not in _show("vn-2022-2025", "en")
