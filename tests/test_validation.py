"""Validation: every bad-input case under tests/cases/invalid yields exactly its expected lines."""

from __future__ import annotations

import pytest

from conftest import CASES

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_reports_every_problem(case, case_dir, run_cli):
    data = case_dir(case)
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1, result
    assert result.stdout == ""
    assert result.stderr == (case / "expected.txt").read_text(), result


def test_base_case_is_valid(case_dir, run_cli):
    result = run_cli("validate", data=case_dir())
    assert (result.code, result.stdout) == (
        0, "ok: data/ — 2 projects, 2 measures, 2 sector actions, 5 pillars, 3 countries, 2 sectors, 3 organizations, 12 headings\n"), result


def test_github_format_prints_annotations_on_stdout(case_dir, run_cli):
    data = case_dir(CASES / "invalid" / "unknown-country")
    result = run_cli("validate", "--format", "github", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.lines == [
        "::error file=data/projects.yaml,line=21,col=14,title=projects[1].country"
        "::unknown country 'indonesa' (did you mean 'indonesia'?)"
    ]


def test_queries_refuse_invalid_data_with_exit_1(case_dir, run_cli):
    data = case_dir(CASES / "invalid" / "duplicate-id")
    result = run_cli("projects", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "data/projects.yaml:18:9: projects[1].id: duplicate project id 1 (first at line 3)")


def test_cache_is_invalidated_by_an_edit(case_dir, run_cli):
    data = case_dir()
    assert run_cli("projects", "--format", "json", data=data).code == 0  # validates and caches
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text().replace("country: vietnam", "country: vietnom", 1))
    result = run_cli("projects", data=data)
    assert result.code == 1, result
    assert "unknown country 'vietnom' (did you mean 'vietnam'?)" in result.stderr


def test_missing_data_dir_is_a_usage_error(tmp_path, run_cli):
    result = run_cli("projects", data=tmp_path / "nowhere")
    assert result.code == 2
    assert result.stderr == f"Error: data directory not found: {tmp_path / 'nowhere'}\n"


def test_cache_is_invalidated_by_an_edit_of_the_plans_text(case_dir, run_cli):
    data = case_dir()
    assert run_cli("projects", "--format", "json", data=data).code == 0  # validates and caches
    source = data / "source" / "action-plan-2023.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("南北高速鉄道\n", "南北高速\n", 1), encoding="utf-8")
    result = run_cli("projects", data=data)
    assert result.code == 1, result
    assert result.stderr.splitlines()[0] == (
        "data/projects.yaml:4:14: projects[0].name_ja: not in the plan's text (closest, line 9015: 'イ間高速鉄道整備事業')")
