"""Consistency warnings: each rule has a case that warns (tests/cases/warnings) and one that does
not (tests/cases/consistent); warnings exit 0, `--strict` makes them errors (exit 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CASES, DATA

WARNS = sorted(p for p in (CASES / "warnings").iterdir() if p.is_dir())
CONSISTENT = sorted(p for p in (CASES / "consistent").iterdir() if p.is_dir())
RULES = ["after-compilation", "implied-tags", "names", "passage-names", "same-name", "stage-behind-events",
         "stage-not-shown", "strategies", "strategy-means"]


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
    cached = list(Path(os.environ["INFRAPLAN_CACHE_DIR"]).glob("store-*.sqlite"))
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


def _shipped_with(tmp_path, old: str, new: str, file: str = "projects.yaml") -> Path:
    """A copy of the shipped data with one edit to one file (projects.yaml unless told)."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (data / file).write_text(text.replace(old, new), encoding="utf-8")
    return data


def test_a_goal_clause_shows_no_stage(tmp_path, run_cli):
    # Project 12: 本体工事の公示に向けて調整中 prepares a tender notice (公示); it is not tendering.
    data = _shipped_with(tmp_path, "    stage: design\n    overview_ja: ベトナム北部クアンニン省ハロン市",
                         "    stage: tendering\n    overview_ja: ベトナム北部クアンニン省ハロン市")
    result = run_cli("validate", data=data)
    assert result.code == 0
    assert "projects[11].stage: 'tendering' but no development shows procurement" in result.stderr, result


def test_a_stage_past_its_latest_demonstration_warns(tmp_path, run_cli):
    # Project 67: a selection for, then the start of, demonstration works (実証施工) is not implementation.
    data = _shipped_with(tmp_path, "    stage: survey\n    overview_ja: 世界遺産「アムステルダムの運河」",
                         "    stage: implementation\n    overview_ja: 世界遺産「アムステルダムの運河」")
    result = run_cli("validate", data=data)
    assert result.code == 0
    assert ("projects[66].stage: 'implementation' but its latest development, events[1] (demonstration, "
            "2022-09), is a trial, which comes before implementation") in result.stderr, result


# The second reader's corrections of tags (issue 12), each undone in the shipped data: the rule
# that guards it warns.

def test_energy_saving_without_decarbonization_warns(tmp_path, run_cli):
    # 3.7.6.5: 省エネルギー技術 and 省エネルギー性に優れた住宅 (lines 6674, 6688).
    data = _shipped_with(tmp_path, "    strategies: [decarbonization]\n    sectors: []\n    countries: []\n"
                                   "    projects: []\n    organizations: [jhf, ur, iso]",
                         "    strategies: []\n    sectors: []\n    countries: []\n"
                         "    projects: []\n    organizations: [jhf, ur, iso]", "sectors/urban-development.yaml")
    result = run_cli("validate", data=data)
    assert result.code == 0
    assert ("actions[4].strategies: summary_en uses 'energy-saving', one of the means of strategy "
            "'decarbonization', but strategies omits it; tag it, or quote energy-saving in tag_note to say why "
            "not") in result.stderr, result
    assert ("actions[4].strategies: pillars has 'digital-decarbonization' but strategies has neither 'dx' nor "
            "'decarbonization'") in result.stderr, result


def test_the_quad_untagged_warns(tmp_path, run_cli):
    # 2.3.1.9: 日米豪印首脳会合 (line 2014) names the United States, Australia and India.
    data = _shipped_with(tmp_path, "countries: [russia, ukraine, united-states, australia, india]",
                         "countries: [russia, ukraine]", "measures.yaml")
    result = run_cli("validate", data=data)
    assert [line.split(": warning: ")[1] for line in result.stderr.splitlines()] == [
        f"measures[30].countries: summary_ja names country '{country}' (日米豪印) but countries omits it"
        for country in ("australia", "india", "united-states")], result


def test_a_footnote_among_the_lines_needs_the_tag_note(tmp_path, run_cli):
    # 3.9.6.4: lines 7628-7630 are footnote 28, which 3.9.6.3 cites; its tag_note quotes the countries.
    data = _shipped_with(tmp_path, "    tag_note: >-\n      Lines 7628-7630 are footnote 28",
                         "    tag_note: >-\n      Footnote 28", "sectors/disaster-prevention.yaml")
    data_file = data / "sectors" / "disaster-prevention.yaml"
    text = data_file.read_text(encoding="utf-8")
    data_file.write_text(text.replace("(インドネシア, ベトナム, ミャンマー, トルコ)", "(four countries)"), encoding="utf-8")
    result = run_cli("validate", data=data)
    assert [line.split(": warning: ")[1] for line in result.stderr.splitlines()] == [
        f"actions[3].countries: source line 7628 names country '{country}' ({name}) but countries omits it; tag it, "
        f"or quote {name} in tag_note to say why not"
        for country, name in (("indonesia", "インドネシア"), ("myanmar", "ミャンマー"), ("turkiye", "トルコ"),
                              ("vietnam", "ベトナム"))], result


def test_a_project_without_its_country_warns(tmp_path, run_cli):
    # 3.3.6.2 names project 58 (ハズラット・シャージャラール国際空港, line 4630), in Bangladesh.
    data = _shipped_with(tmp_path, "    countries: [bangladesh]\n    projects: [58]",
                         "    countries: []\n    projects: [58]", "sectors/aviation.yaml")
    result = run_cli("validate", data=data)
    assert [line.split(": warning: ")[1] for line in result.stderr.splitlines()] == [
        "actions[1].countries: projects has 58, which is in 'bangladesh', but countries omits it"], result
