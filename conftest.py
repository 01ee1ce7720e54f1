"""Collect the YAML test cases that ship with the standards (thresholds/tests/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collect_file(parent: pytest.Collector, file_path: Path):
    if (
        file_path.suffix in (".yaml", ".yml")
        and file_path.parent.name == "tests"
        and (file_path.parent.parent.name == "thresholds")
    ):
        return StandardCaseFile.from_parent(parent, path=file_path)
    return None


class StandardCaseFile(pytest.File):
    def collect(self):
        from mdpoverty.run.cases import run_cases
        from mdpoverty.standard.cases import load_cases

        suite = load_cases(self.path)
        results = dict((c.name, problem) for c, problem in run_cases(suite))
        for case in suite.cases:
            yield StandardCase.from_parent(self, name=case.name, problem=results[case.name])


class StandardCase(pytest.Item):
    def __init__(self, *, problem: str | None, **kwargs):
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        if self.problem is not None:
            raise CaseFailed(self.problem)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseFailed):
            return f"{self.path.name}: Test '{self.name}': {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


class CaseFailed(Exception):
    pass
