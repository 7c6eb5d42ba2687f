"""Shared fixtures: a CLI runner that shows stdout and stderr on failure, data directories, pinned width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infraplan.cli import app

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = REPO / "data"
CASES = TESTS / "cases"
SOURCE = DATA / "source" / "action-plan-2023.txt"  # the plan's text, shipped with the data


@pytest.fixture(scope="session")
def _cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolated(_cache, monkeypatch):
    """Every test: the session's own cache (never the user's; a cache file is per data folder, so
    each test's temporary data has its own, and the shipped data is validated once, not once a
    test), a fixed terminal width for Rich, no colour."""
    monkeypatch.setenv("INFRAPLAN_CACHE_DIR", str(_cache))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("INFRAPLAN_DATA", raising=False)


class Run:
    def __init__(self, result):
        self.code, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr
        self.exception = result.exception

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def __repr__(self) -> str:  # shown by pytest when an assertion on a Run fails
        return f"<exit {self.code}>\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


@pytest.fixture
def run_cli():
    """run_cli("projects", "--country", "vn") -> Run with exit code, stdout and stderr."""

    def run(*args: str, data: Path | None = DATA) -> Run:
        argv = (["--data-dir", str(data)] if data else []) + list(args)
        result = CliRunner().invoke(app, argv)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run


@pytest.fixture
def case_dir(tmp_path, monkeypatch):
    """A data dir made of tests/cases/base with one case's files laid over it; cwd is its parent.
    The plan's text comes from the repository's data/source/ unless a case brings its own."""

    def make(*overlays: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(CASES / "base", target)
        (target / "source").mkdir(exist_ok=True)
        shutil.copy(SOURCE, target / "source" / SOURCE.name)
        for overlay in overlays:
            for path in overlay.rglob("*"):
                if path.is_file() and path.name not in ("expected.txt", "DELETE"):
                    dest = target / path.relative_to(overlay)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, dest)
            if (overlay / "DELETE").exists():
                for name in (overlay / "DELETE").read_text().split():
                    path = target / name
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
        monkeypatch.chdir(tmp_path)
        return target

    return make
