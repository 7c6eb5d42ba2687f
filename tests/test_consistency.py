"""Consistency warnings: each rule has a case that warns (tests/cases/warnings) and one that does
not (tests/cases/consistent); warnings exit 0, `--strict` makes them errors (exit 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CASES, DATA

WARNS = sorted(p for p in (CASES / "warnings").iterdir() if p.is_dir())
CONSISTENT = sorted(p for p in (CASES / "consistent").iterdir() if p.is_dir())
RULES = ["after-compilation", "names", "same-name", "stage-behind-events", "stage-not-shown", "strategies"]


def test_every_rule_has_a_case_each_way():
    assert [p.name for p in WARNS] == RULES
    assert [p.name for p in CONSISTENT] == RULES


@pytest.mark.parametrize("case", WARNS, ids=[p.name for p in WARNS])
def test_warning_case_prints_its_warnings_and_exits_0(case, case_dir, run_cli):
    data = case_dir(case)
    expected = (case / "expected.txt").read_text()
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 0, result
    assert result.stderr == expected, result
    count = len(expected.splitlines())
    assert result.stdout.startswith("ok: data/ — 2 projects, 2 measures, ")
    assert result.stdout.endswith(f" ({count} warning{'s' if count > 1 else ''})\n"), result


@pytest.mark.parametrize("case", WARNS, ids=[p.name for p in WARNS])
def test_strict_makes_warnings_errors(case, case_dir, run_cli):
    data = case_dir(case)
    expected = (case / "expected.txt").read_text().splitlines()
    result = run_cli("validate", "--strict", data=data.relative_to(data.parent))
    assert result.code == 1, result
    assert result.stdout == ""
    assert result.stderr.splitlines() == [line.replace(": warning: ", ": ", 1) for line in expected] + [
        f"{len(expected)} problem(s) found."], result


@pytest.mark.parametrize("case", CONSISTENT, ids=[p.name for p in CONSISTENT])
def test_consistent_case_passes_strict(case, case_dir, run_cli):
    data = case_dir(case)
    result = run_cli("validate", "--strict", data=data.relative_to(data.parent))
    assert (result.code, result.stderr) == (0, ""), result
    assert result.stdout.startswith("ok: ") and "warning" not in result.stdout


def test_one_warning_is_singular(case_dir, run_cli):
    data = case_dir(CASES / "warnings" / "stage-behind-events")
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.stdout == ("ok: data/ — 2 projects, 2 measures, 2 sector actions, 5 pillars, 3 countries, 2 sectors, "
                             "3 organizations, 12 headings (1 warning)\n")


def test_github_format_annotates_warnings_as_warnings(case_dir, run_cli):
    data = case_dir(CASES / "warnings" / "stage-behind-events")
    result = run_cli("validate", "--format", "github", data=data.relative_to(data.parent))
    assert result.code == 0
    assert result.lines[0] == ("::warning file=data/projects.yaml,line=9,col=12,title=projects[0].stage::'survey' "
                               "is behind events[0] (contract-won, 2022-11), which shows a contract awarded, "
                               "construction started or an opening")
    strict = run_cli("validate", "--format", "github", "--strict", data=data.relative_to(data.parent))
    assert strict.code == 1 and strict.lines[0].startswith("::error file=data/projects.yaml,line=9,col=12,")


def test_queries_print_no_warnings_and_cache_the_data(case_dir, run_cli):
    data = case_dir(CASES / "warnings" / "names")
    first = run_cli("projects", "--format", "json", data=data.relative_to(data.parent))
    assert (first.code, first.stderr) == (0, ""), first
    cached = list(Path(os.environ["INFRAPLAN_CACHE_DIR"]).glob("catalogue-*.json"))
    assert cached, "the catalogue is cached although the data has warnings"
    second = run_cli("measures", "-o", "jica", data=data.relative_to(data.parent))
    assert (second.code, second.stderr) == (0, ""), second


def test_warnings_are_not_checked_while_there_are_errors(case_dir, run_cli):
    data = case_dir(CASES / "warnings" / "stage-behind-events", CASES / "invalid" / "measure-references")
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert "warning" not in result.stderr


def test_shipped_data_passes_strict(run_cli):
    result = run_cli("validate", "--strict", data=DATA)
    assert (result.code, result.stderr) == (0, ""), result
    assert "warning" not in result.stdout
