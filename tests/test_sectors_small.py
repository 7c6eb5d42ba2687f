"""Sector profiles on the small base data set: the listing, the profile in every format, --section."""

from __future__ import annotations

import json

import yaml

from conftest import CASES

RAIL = CASES / "base" / "sectors" / "rail.yaml"


def test_sectors_lists_counts_and_the_headline_market(case_dir, run_cli):
    data = case_dir()
    rows = json.loads(run_cli("sectors", "-f", "json", data=data).stdout)
    assert [(r["id"], r["projects"], r["measures"], r["actions"], r["frameworks"]) for r in rows] == [
        ("rail", 1, 2, 2, 1), ("road", 1, 1, 0, 0)]
    assert rows[0]["headline_figure"]["quote_ja"] == "世界で年間約30兆円規模（2025-2027年の平均）の市場が存在している"
    assert rows[1]["headline_figure"] is None
    lines = [line.rstrip() for line in run_cli("sectors", data=data).lines]
    assert " 1     rail   鉄道       1          2          2         ≈30 兆円/年 (2025-2027)" in lines
    assert "              Railways                                   World railway market, annual average" in lines


def test_sector_json_is_the_profile_as_stored(case_dir, run_cli):
    result = run_cli("sector", "railway", "-f", "json", data=case_dir())
    assert result.code == 0
    stored = yaml.safe_load(RAIL.read_text(encoding="utf-8"))
    for action in stored["actions"]:
        action.setdefault("tag_note", None)  # optional, so absent from the file
    assert json.loads(result.stdout) == stored


def test_section_narrows_the_profile(case_dir, run_cli):
    data = case_dir()
    stored = yaml.safe_load(RAIL.read_text(encoding="utf-8"))
    for section in ("market", "competitors", "strengths", "challenges", "frameworks"):
        shown = json.loads(run_cli("sector", "rail", "--section", section, "-f", "json", data=data).stdout)
        assert shown == {"id": "rail", section: stored[section]}
    actions = json.loads(run_cli("sector", "rail", "--section", "actions", "-f", "json", data=data).stdout)
    assert [a["id"] for a in actions["actions"]] == ["3.1.6.3", "3.1.6.4"]
    projects = json.loads(run_cli("sector", "rail", "--section", "projects", "-f", "json", data=data).stdout)
    assert projects["projects"] == [{"id": 1, "name_ja": "南北高速鉄道整備事業", "name_en": "North-South High-Speed Railway",
                                     "country": "vietnam", "stage": "planning"}]
    table = run_cli("sector", "rail", "--section", "frameworks", data=data).lines
    assert table[0] == "Sector rail: Railways — frameworks"
    assert "Market" not in table and not any("Strengths" in line for line in table)


def test_sector_table_shows_every_part_in_the_plans_order(case_dir, run_cli):
    lines = [line.rstrip() for line in run_cli("sector", "rail", data=case_dir()).lines]
    names = ["Overview", "Market", "Market figures", "Competition", "Competitors", "Strengths and challenges",
             "Actions", "Frameworks", "Projects", "Chapter-2 measures that name it"]
    assert [line for line in lines if line in names] == names
    assert lines[0] == "Sector rail: Railways"
    assert "Overseas  (summary) The world market is about 30 trillion yen a year." in lines
    i = next(i for i, line in enumerate(lines) if line.startswith(" overseas     ≈30 兆円/年 (2025-2027)"))
    assert "UNIFE World Rail Market Study" in lines[i]
    assert lines[i + 1].strip() == "(headline)"  # the figure marked `headline: true` says so
    assert any(line.startswith(" (summary) Safe, punctual high-density operation.") and "Hard competition" in line
               for line in lines)


def test_a_sector_without_market_or_frameworks_says_so(case_dir, run_cli):
    lines = [line.rstrip() for line in run_cli("sector", "road", data=case_dir()).lines]
    assert "Market" not in lines
    assert "Actions: No actions." in lines
    assert "Frameworks: The plan lists no frameworks (no ⑦)." in lines


def test_sector_md_is_a_brief(case_dir, run_cli):
    md = run_cli("sector", "rail", "-f", "md", data=case_dir()).lines
    assert md[0] == "# Sector rail: Railways"
    assert [line for line in md if line.startswith("## ")] == [
        "## Overview", "## Market", "## Market figures", "## Competition", "## Competitors",
        "## Strengths and challenges", "## Actions", "## Frameworks", "## Projects", "## Chapter-2 measures that name it"]
    assert "- **Overseas**: (summary) The world market is about 30 trillion yen a year.<br>(summary)世界で年間約30兆円規模の市場がある。" \
           "<br>\\[第３章（１）② 2）, lines 3678-3685\\]" in md
    assert "| 3.1.6.3 | 「運行・保守事業の参画推進等継続的関与の強化」<br>(translation) Continued involvement through operation " \
           "and maintenance | (summary) Japanese companies are helped to take part in operating and maintaining railways " \
           "abroad.<br>(summary)海外の鉄道の運行・保守事業への参画を促進する。 | om |" in md


def test_unknown_sector_and_section_are_usage_errors(case_dir, run_cli):
    data = case_dir()
    result = run_cli("sector", "raod", data=data)
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for 'ID': unknown sector 'raod' (did you mean 'road'?); valid values: rail, road"
    result = run_cli("sector", "rail", "--section", "markets", data=data)
    assert result.code == 2
    assert "Invalid value for '--section'" in result.stderr


def test_actions_are_measures_linked_both_ways(case_dir, run_cli):
    data = case_dir()
    lines = [line.rstrip() for line in run_cli("measure", "3.1.6.3", data=data).lines]
    assert lines[0] == "Sector action 3.1.6.3: Continued involvement through operation and maintenance"
    assert "Sector   (1) 鉄道 / Railways (rail), ⑥ 今後の海外展開の方向性" in lines
    named = json.loads(run_cli("measures", "--project", "1", "-f", "json", data=data).stdout)
    assert [m["id"] for m in named] == ["2.3.2.2", "3.1.6.4"]
    project = [line.rstrip() for line in run_cli("project", "1", data=data).lines]
    assert any(line.startswith(" 3.1.6.4   国際標準化の推進と戦略的活用") for line in project)
