"""Which data: --data-dir, else INFRAPLAN_DATA, else the checkout's data/, else the packaged copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, DATA, REPO, SOURCE
from infraplan.store import DataDir, default_data_dir, resolve_data_dir

FULL = "93 projects, 67 measures, 51 sector actions, 16 pillars, 45 countries, 12 sectors, 85 organizations, 147 headings"
SMALL = "2 projects, 2 measures, 2 sector actions, 5 pillars, 3 countries, 2 sectors, 3 organizations, 12 headings"


@pytest.fixture
def checkout(tmp_path):
    """Another infraplan checkout (the small test data), with a sub-folder; returns its root."""
    root = tmp_path / "infraplan"
    shutil.copytree(CASES / "base", root / "data")
    (root / "data" / "source").mkdir()
    shutil.copy(SOURCE, root / "data" / "source")
    (root / "pyproject.toml").write_text('[project]\nname = "infraplan"\nversion = "0.1.0"\n')
    (root / "docs" / "notes").mkdir(parents=True)
    return root


def test_in_a_checkout_its_data_is_read(checkout, monkeypatch, run_cli):
    monkeypatch.chdir(checkout)
    assert resolve_data_dir() == DataDir(checkout / "data", "checkout")
    assert run_cli("validate", data=None).stdout == f"ok: data/ — {SMALL}\n"


def test_in_a_sub_folder_of_a_checkout_its_data_is_read(checkout, monkeypatch, run_cli):
    monkeypatch.chdir(checkout / "docs" / "notes")
    assert resolve_data_dir() == DataDir(checkout / "data", "checkout")
    assert run_cli("validate", data=None).stdout == f"ok: {checkout / 'data'}/ — {SMALL}\n"


def test_this_repository_is_a_checkout(monkeypatch, run_cli):
    monkeypatch.chdir(REPO / "tests" / "cases")
    assert resolve_data_dir() == DataDir(DATA, "checkout")


@pytest.mark.parametrize("pyproject", [None, '[project]\nname = "infraplan-fork"\n', '[project]\nname = "other"\n'])
def test_a_folder_that_only_looks_like_a_checkout_is_not_one(checkout, monkeypatch, pyproject):
    # data/plan.yaml alone, or beside another project's pyproject.toml, is not infraplan's: the packaged copy is read.
    (checkout / "pyproject.toml").unlink()
    if pyproject:
        (checkout / "pyproject.toml").write_text(pyproject)
    monkeypatch.chdir(checkout)
    assert resolve_data_dir() == DataDir(default_data_dir(), "package")


def test_outside_any_checkout_the_packaged_copy_is_read(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    packaged = default_data_dir()
    # An editable install's packaged copy is the repository's data/; an installed wheel's is infraplan/data.
    assert packaged in (DATA, Path(__import__("infraplan").__file__).parent / "data")
    assert resolve_data_dir() == DataDir(packaged, "package")
    assert run_cli("validate", data=None).stdout == f"ok: {packaged}/ — {FULL}\n"


def test_infraplan_data_overrides_the_checkout(checkout, monkeypatch, run_cli):
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("INFRAPLAN_DATA", str(DATA))
    assert resolve_data_dir() == DataDir(DATA, "INFRAPLAN_DATA")
    assert run_cli("validate", data=None).stdout == f"ok: {DATA}/ — {FULL}\n"


def test_data_dir_overrides_infraplan_data_and_the_checkout(checkout, monkeypatch, run_cli):
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("INFRAPLAN_DATA", str(checkout / "nowhere"))
    assert resolve_data_dir(str(DATA)) == DataDir(DATA, "--data-dir")
    assert run_cli("validate", data=DATA).stdout == f"ok: {DATA}/ — {FULL}\n"


def _break(data: Path) -> None:
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("country: vietnam", "country: vietnom", 1),
                        encoding="utf-8")


def test_the_hint_names_the_command_that_checks_the_same_folder(checkout, monkeypatch, run_cli):
    _break(checkout / "data")
    monkeypatch.chdir(checkout)
    hint = "1 problem(s) in the data; fix them, then run '{}'."
    assert run_cli("projects", data=None).stderr.splitlines()[-1] == hint.format("infraplan validate")
    assert run_cli("projects", data=Path("data")).stderr.splitlines()[-1] == hint.format(
        "infraplan --data-dir data validate")
    monkeypatch.setenv("INFRAPLAN_DATA", str(checkout / "data"))
    assert run_cli("projects", data=None).stderr.splitlines()[-1] == hint.format(
        "infraplan --data-dir data validate")


def _complete(words: str, cwd: Path, **env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k != "INFRAPLAN_DATA"} | env | {
        "_INFRAPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()))}
    script = shutil.which("infraplan", path=os.path.dirname(sys.executable))
    result = subprocess.run([script], env=environ, cwd=cwd, capture_output=True, text=True, timeout=60)
    return result.stdout.split()


def test_completion_reads_the_same_folder(checkout, tmp_path):
    assert _complete("infraplan country ", checkout / "docs") == ["vietnam", "indonesia", "norway"]
    assert len(_complete("infraplan country ", tmp_path)) == 45  # the packaged copy
    assert len(_complete("infraplan country ", checkout, INFRAPLAN_DATA=str(DATA))) == 45
    assert len(_complete(f"infraplan --data-dir {DATA} country ", checkout)) == 45


def test_a_missing_folder_says_where_it_came_from(tmp_path, monkeypatch, run_cli):
    monkeypatch.setenv("INFRAPLAN_DATA", str(tmp_path / "nowhere"))
    result = run_cli("projects", data=None)
    assert (result.code, result.stderr) == (2, f"Error: data directory not found: {tmp_path / 'nowhere'} (from INFRAPLAN_DATA)\n")
    result = run_cli("projects", data=tmp_path / "elsewhere")
    assert (result.code, result.stderr) == (2, f"Error: data directory not found: {tmp_path / 'elsewhere'}\n")
