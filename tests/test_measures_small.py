"""Measure filters and links on the small test data set, where every answer is known."""

from __future__ import annotations

import json



def ids(result):
    assert result.code == 0, result
    return [m["id"] for m in json.loads(result.stdout)]


def test_filters_and_aliases_on_small_data(case_dir, run_cli):
    data = case_dir()
    assert ids(run_cli("measures", "-f", "json", data=data)) == ["2.1.1.1", "2.3.2.2", "3.1.6.3", "3.1.6.4"]
    assert ids(run_cli("measures", "-p", "O&M", "-f", "json", data=data)) == ["2.1.1.1", "2.3.2.2", "3.1.6.3"]
    assert ids(run_cli("measures", "-p", "ppp", "-f", "json", data=data)) == ["2.3.2.2"]
    assert ids(run_cli("measures", "-p", "DX", "-f", "json", data=data)) == ["2.3.2.2"]  # a strategy tag
    assert ids(run_cli("measures", "-o", "JICA", "-f", "json", data=data)) == ["2.3.2.2"]
    assert ids(run_cli("measures", "-c", "VN", "-f", "json", data=data)) == ["2.3.2.2", "3.1.6.4"]
    assert ids(run_cli("measures", "--project", "1", "-f", "json", data=data)) == ["2.3.2.2", "3.1.6.4"]
    assert ids(run_cli("measures", "-s", "railway", "-p", "om", "-f", "json", data=data)) == ["2.1.1.1", "2.3.2.2", "3.1.6.3"]
    assert ids(run_cli("measures", "-p", "ppp", "-p", "om", "-c", "vietnam", "-f", "json", data=data)) == ["2.3.2.2"]
    assert ids(run_cli("measures", "-t", "O&Mニーズ", "-f", "json", data=data)) == ["2.1.1.1"]


def test_scope_tells_chapter_2_measures_from_sector_actions(case_dir, run_cli):
    data = case_dir()
    assert ids(run_cli("measures", "--scope", "cross-cutting", "-f", "json", data=data)) == ["2.1.1.1", "2.3.2.2"]
    assert ids(run_cli("measures", "--scope", "sector", "-f", "json", data=data)) == ["3.1.6.3", "3.1.6.4"]
    assert ids(run_cli("measures", "--scope", "sector", "-s", "road", "-f", "json", data=data)) == []
    action = json.loads(run_cli("measures", "--scope", "sector", "-p", "om", "-f", "json", data=data).stdout)[0]
    assert (action["id"], action["scope"], action["sector"]) == ("3.1.6.3", "sector", "rail")
    result = run_cli("measures", "--scope", "sectr", data=data)
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--scope': unknown scope 'sectr' (did you mean 'sector'?); valid values: cross-cutting, sector")


def test_unknown_project_in_measures_names_the_option(case_dir, run_cli):
    result = run_cli("measures", "--project", "7", data=case_dir())
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--project': unknown project '7'; valid values: 1-2"


def test_project_detail_lists_measures_both_ways(case_dir, run_cli):
    data = case_dir()
    result = run_cli("project", "1", data=data)
    assert result.code == 0
    assert "Measures that name it" in result.stdout
    assert any(line.startswith(" 2.3.2.2 ") for line in result.lines)
    other = run_cli("project", "2", data=data)
    assert "Measures that name it: No measures match." in other.stdout


def test_measure_detail_md_and_csv(case_dir, run_cli):
    data = case_dir()
    md = run_cli("measure", "2.3.2.2", "-f", "md", data=data).lines
    assert md[0] == "# Measure 2.3.2.2: Using bilateral frameworks for PPP projects"
    assert "- **Countries**: Vietnam" in md
    assert "- **Organizations**: Japan International Cooperation Agency" in md
    csv_out = run_cli("measure", "2.3.2.2", "-f", "csv", data=data).stdout
    assert "\npoints[0].summary_en,First point.\n" in csv_out  # the runner reads \r\n back as \n


def test_unknown_measure_suggests_close_ids(case_dir, run_cli):
    result = run_cli("measure", "2.3.2.3", data=case_dir())
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for 'ID': unknown measure '2.3.2.3' (did you mean '2.3.2.2'?)"


def test_pillar_detail_shows_its_chapter1_background(case_dir, run_cli):
    result = run_cli("pillar", "dx", data=case_dir())
    assert result.code == 0
    lines = [line.rstrip() for line in result.lines]
    at = lines.index("Background in chapter 1")  # the sections it answers, with their summaries, not only titles
    assert lines[at + 1:at + 6] == [
        "1.3.1  「デジタル技術による社会経済構造の変革」",
        "       (translation) Digital technology transforming social and economic structures",
        "       (summary) Digital technology is transforming societies.",
        "       (summary)デジタル技術が社会を変えている。",
        "       第１章（３）①, lines 334-392 (infraplan source 1.3.1)"]
