"""The `mdpoverty` command: signal handlers first, then the application (imports take a while,
and a signal meanwhile is handled like one during a run)."""

from __future__ import annotations


def main() -> None:
    import sys

    from ..io import temporary
    from . import signals

    signals.install()
    try:
        from .app import main as run
    except temporary.Interrupted as stop:
        signals.ignore()
        temporary.remove_all()
        sys.stderr.write(signals.message(stop.signum) + "\n")
        raise SystemExit(stop.exit_code) from None
    run()
