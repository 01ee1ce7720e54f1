"""Memory or a thread refused by the system (`ulimit -v`) is one message, 'not enough memory'
with the bound, exit 4: never blamed on the input's values (it was 'polars ... failed on a
value of it (... WouldBlock)'), never a bare 'Cannot allocate memory (os error 12)' nor an
internal error. CliRunner with stdout and stderr apart."""

from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

from mdpoverty.cli.app import app
from mdpoverty.errors import refused_resources
from mdpoverty.io import batches
from mdpoverty.io.readers import Table

from .conftest import EXAMPLES

runner = CliRunner()

SPAWN = (
    'failed to spawn thread: Os { code: 11, kind: WouldBlock, message: "Resource temporarily'
    ' unavailable" }'
)


@pytest.mark.parametrize(
    ("exc", "refused"),
    [
        (MemoryError(), True),
        (OSError(12, "Cannot allocate memory"), True),
        (pl.exceptions.ComputeError("Cannot allocate memory (os error 12)"), True),
        (pl.exceptions.PanicException(SPAWN), True),
        (RuntimeError("memory allocation of 336 bytes failed"), True),
        (BlockingIOError(11, "Resource temporarily unavailable"), False),  # a stream, no thread
        (pl.exceptions.ComputeError("could not parse `x` as dtype i64"), False),
    ],
)
def test_refused_resources(exc, refused):
    assert refused_resources(exc) is refused


def test_a_refused_thread_in_the_reader_is_not_the_inputs_fault():
    table = Table(pl.LazyFrame({"a": ["1"]}), "h.csv")
    error = batches._panic_error(pl.exceptions.PanicException(SPAWN), table)
    assert str(error).startswith("h.csv: not enough memory")
    assert "failed on a value" not in str(error)


@pytest.mark.parametrize(
    "exc",
    [MemoryError(), OSError(12, "Cannot allocate memory"), pl.exceptions.PanicException(SPAWN)],
)
def test_the_command_says_not_enough_memory(exc, tmp_path, monkeypatch):
    from mdpoverty.run import pipeline

    def refused(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr(pipeline, "classify_table", refused)
    src = EXAMPLES / "households.csv"
    result = runner.invoke(app, ["classify", str(src), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 4, result.stderr
    assert result.stderr.startswith("error: not enough memory: the system refused")
    assert "about 600 MB" in result.stderr
    assert "internal error" not in result.stderr
    result = runner.invoke(
        app, ["classify", str(src), "-o", str(tmp_path / "o.csv"), "--lang", "vi"]
    )
    assert result.exit_code == 4
    assert "không đủ bộ nhớ" in result.stderr
