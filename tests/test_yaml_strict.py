from __future__ import annotations

from decimal import Decimal

import pytest

from mdpoverty.errors import StandardError
from mdpoverty.standard.yaml_strict import load_yaml_text


def test_duplicate_keys_are_rejected_with_both_lines():
    text = "a: 1\nb:\n  c: 2\n  c: 3\n"
    with pytest.raises(StandardError) as info:
        load_yaml_text(text, "x.yaml")
    assert str(info.value) == "x.yaml:4: b.c: duplicate key 'c' (first at line 3)"


def test_floats_stay_exact_decimals():
    loaded = load_yaml_text("share: 0.5\nline: 1500000\nratio: 1.4\n", "x.yaml")
    assert loaded.data == {"share": Decimal("0.5"), "line": 1500000, "ratio": Decimal("1.4")}
    assert isinstance(loaded.data["share"], Decimal)


def test_lines_are_remembered_for_paths():
    loaded = load_yaml_text("a:\n  - id: x\n    v: 1\n  - id: y\n    v: 2\n", "x.yaml")
    assert loaded.line_of("a[1].v") == 5
    assert loaded.line_of("a[1].missing") == 4  # nearest ancestor


def test_unsafe_tags_are_refused():
    with pytest.raises(StandardError, match=r"x\.yaml"):
        load_yaml_text("a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


def test_merge_keys_are_refused():
    with pytest.raises(StandardError, match="merge keys"):
        load_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n", "x.yaml")


def test_syntax_error_names_file_and_line():
    with pytest.raises(StandardError) as info:
        load_yaml_text("a: 1\nb: [1, 2\nc: 3\n", "x.yaml")
    assert str(info.value).startswith("x.yaml:")
    assert "YAML syntax error" in str(info.value)


def test_empty_file():
    with pytest.raises(StandardError, match="empty"):
        load_yaml_text("", "x.yaml")


def test_a_key_with_a_line_break_stays_on_its_line_of_the_message(tmp_path):
    from typer.testing import CliRunner

    from mdpoverty.cli.app import app

    path = tmp_path / "s.yaml"
    path.write_text('format_version: 1\nid: x\n"bad\\nkey": 1\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["standards", "validate", str(path)])
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and all(line.startswith("  ") for line in lines[1:])
    assert any("bad\\nkey: unknown key 'bad\\x0akey'" in line for line in lines)
