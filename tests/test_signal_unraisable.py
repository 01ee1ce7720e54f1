"""A stop raised where Python swallows exceptions (a finaliser, a native callback) is not printed
as "Exception ignored in: ..." (the one-line promise of an interrupted run) and stays asked for."""

from __future__ import annotations

import gc
import sys

import pytest

from mdpoverty.cli import signals
from mdpoverty.io import temporary


class _RaisesOnDelete:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __del__(self) -> None:
        raise self.exc


@pytest.fixture
def hook(monkeypatch):
    monkeypatch.setattr(sys, "unraisablehook", signals._unraisable)
    monkeypatch.setattr(signals, "_default_unraisable", sys.__unraisablehook__)
    monkeypatch.setattr(temporary, "_stop", None)
    yield


def test_a_swallowed_stop_prints_nothing_and_stays_asked_for(hook, capsys):
    temporary.request_stop(2)
    _RaisesOnDelete(temporary.Interrupted(2))
    gc.collect()
    assert capsys.readouterr().err == ""
    assert temporary.stop_requested() == 2
    with pytest.raises(temporary.Interrupted):
        temporary.checkpoint()  # the next held step's end acts on it


def test_other_swallowed_exceptions_are_still_printed(hook, capsys):
    _RaisesOnDelete(ValueError("boom"))
    gc.collect()
    err = capsys.readouterr().err
    assert "Exception ignored" in err and "ValueError: boom" in err


def test_an_interrupt_no_stop_asked_for_is_printed(hook, capsys):
    # not ours to hide: an Interrupted without a stop asked for is a bug somewhere
    _RaisesOnDelete(temporary.Interrupted(15))
    gc.collect()
    assert "Interrupted" in capsys.readouterr().err


def test_install_sets_the_hook(monkeypatch):
    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)
    saved = {s: __import__("signal").getsignal(s) for s in signals.SIGNALS}
    try:
        signals.install()
        assert sys.unraisablehook is signals._unraisable
    finally:
        for s, h in saved.items():
            __import__("signal").signal(s, h)
