"""A crash of a library (polars' PanicException: not an Exception) and a file polars panics on
reach the user as one message and a documented exit code, never as a raw traceback."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app

from .conftest import EXAMPLES

runner = CliRunner()
HOUSEHOLDS = EXAMPLES / "households.csv"


def _panicking(*_args, **_kwargs):
    raise pl.exceptions.PanicException("not yet implemented")


@pytest.mark.parametrize(
    ("command", "lang", "said"),
    [
        (["classify", "-o", "{out}"], "en", "internal error: PanicException: not yet implemented"),
        (["measures", "--k", "1/3"], "en", "internal error: PanicException: not yet implemented"),
        (["report"], "vi", "lỗi nội bộ: PanicException: not yet implemented"),
    ],
)
def test_a_panic_is_the_internal_error_message_exit_1(tmp_path, monkeypatch, command, lang, said):
    assert not issubclass(pl.exceptions.PanicException, Exception)  # why it needs its own case
    monkeypatch.setattr("mdpoverty.io.readers.read_table", _panicking)
    args = [a.format(out=tmp_path / "o.csv") for a in command]
    result = runner.invoke(app, [args[0], str(HOUSEHOLDS), *args[1:], "--lang", lang])
    assert result.exit_code == 1
    assert said in result.stderr
    assert "--debug" in result.stderr  # how to get the traceback
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_a_panic_with_debug_shows_its_traceback(monkeypatch):
    monkeypatch.setattr("mdpoverty.io.readers.read_table", _panicking)
    # CliRunner catches Exceptions only: the panic re-raised for --debug comes out of it whole
    with pytest.raises(pl.exceptions.PanicException, match="not yet implemented"):
        runner.invoke(app, ["--debug", "report", str(HOUSEHOLDS)])


def test_python_s_own_endings_are_not_turned_into_an_internal_error(monkeypatch):
    def ends(ending):
        def raising(*_args, **_kwargs):
            raise ending

        return raising

    monkeypatch.setattr("mdpoverty.io.readers.read_table", ends(SystemExit(5)))
    result = runner.invoke(app, ["report", str(HOUSEHOLDS)])
    assert result.exit_code == 5
    assert "internal error" not in result.stderr
    monkeypatch.setattr("mdpoverty.io.readers.read_table", ends(GeneratorExit()))
    with pytest.raises(GeneratorExit):  # re-raised as it came, not a message
        runner.invoke(app, ["report", str(HOUSEHOLDS)])
