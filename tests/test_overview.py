"""Timeline, stats, country and organisation briefs, and shell completion, on the real data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import DATA
from infraplan.catalogue import date_bounds


def as_json(run_cli, *args):
    result = run_cli(*args, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.stdout)


def newest_first(events: list[dict]) -> bool:
    starts = [date_bounds(e["date"])[0] for e in events]
    return starts == sorted(starts, reverse=True)


def test_timeline_india_lists_projects_50_and_51_newest_first(run_cli):
    events = as_json(run_cli, "timeline", "--country", "india")
    assert {e["project"] for e in events} == {50, 51}
    assert newest_first(events)
    projects = {p["id"]: p for p in as_json(run_cli, "projects", "--country", "india")}
    assert len(events) == sum(len(p["events"]) for p in projects.values())
    assert set(events[0]) >= {"date", "end", "project", "country", "kind", "text_ja", "text_en"}
    lines = [line.rstrip() for line in run_cli("timeline", "--country", "india").lines]
    assert lines[0] == f"Timeline ({len(events)})"
    assert lines[4].startswith(f" {events[0]['date']}")


def test_timeline_holds_every_development_and_filters(run_cli):
    everything = as_json(run_cli, "timeline")
    assert len(everything) == sum(len(p["events"]) for p in as_json(run_cli, "projects"))
    assert newest_first(everything)
    signed = as_json(run_cli, "timeline", "--kind", "la-signed")
    assert signed and {e["kind"] for e in signed} == {"la-signed"}
    window = as_json(run_cli, "timeline", "--since", "2023-01", "--until", "2023-03")
    assert window and all(date_bounds(e["end"] or e["date"])[1] >= date_bounds("2023-01")[0]
                          and date_bounds(e["date"])[0] <= date_bounds("2023-03")[1] for e in window)
    assert len(window) < len(everything)
    rail = as_json(run_cli, "timeline", "--sector", "rail", "--region", "south-asia")
    assert {e["country"] for e in rail} <= {"india", "bangladesh", "sri-lanka"}
    result = run_cli("timeline", "--kind", "la-signd")
    assert result.code == 2
    assert "did you mean 'la-signed'" in result.stderr


def test_stats_totals_match_the_listings(run_cli):
    stats = as_json(run_cli, "stats")
    projects = as_json(run_cli, "projects")
    totals = stats["totals"]
    assert totals["projects"] == len(projects) == 93
    assert totals["new_projects"] == sum(p["new"] for p in projects)
    assert totals["developments"] == sum(len(p["events"]) for p in projects)
    assert sum(stats["projects_by_region"].values()) == 93
    assert sum(stats["projects_by_stage"].values()) == 93
    assert sum(stats["projects_by_country"].values()) == 93
    assert totals["countries_with_projects"] == len(stats["projects_by_country"]) == 30
    assert totals["measures"] == 67
    assert totals["sector_actions"] == len(as_json(run_cli, "measures", "--scope", "sector"))
    for pillar, count in stats["measures_by_pillar"].items():
        assert count == len(as_json(run_cli, "measures", "--pillar", pillar)) if count else True
    lines = [line.rstrip() for line in run_cli("stats").lines]
    assert lines[0] == "The plan at a glance"
    assert "Projects                 93" in lines
    top = max(stats["projects_by_region"].values())
    assert any(line.endswith("█" * 40) and f" {top} " in line for line in lines)


def test_country_brief(run_cli):
    brief = as_json(run_cli, "country", "インド")
    assert (brief["id"], brief["projects"]) == ("india", [50, 51])
    assert brief["measures"] == [m["id"] for m in as_json(run_cli, "measures", "--country", "india")]
    assert newest_first(brief["latest_developments"])
    lines = run_cli("country", "india").lines
    assert lines[0] == "Country india: India"


def test_organizations_and_organization(run_cli):
    rows = as_json(run_cli, "organizations")
    jica = next(r for r in rows if r["id"] == "jica")
    named = as_json(run_cli, "measures", "--organization", "JICA")
    assert jica["measures"] + jica["actions"] == len(named)
    one = as_json(run_cli, "organization", "JICA")
    assert one["measures"] == [m["id"] for m in named]
    jarts = as_json(run_cli, "organization", "jarts")
    assert [f["sector"] for f in jarts["frameworks"]] == ["rail"]
    result = run_cli("organization", "jicaa")
    assert result.code == 2 and "did you mean 'jica'" in result.stderr


def complete(words: str) -> list[str]:
    env = os.environ | {"_INFRAPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words,
                        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
                        "INFRAPLAN_DATA": str(DATA)}
    script = shutil.which("infraplan", path=os.path.dirname(sys.executable))
    assert script, "the infraplan console script is installed beside this Python"
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("words,expected", [
    ("infraplan sec", ["sectors", "sector"]),
    ("infraplan country ban", ["bangladesh"]),
    ("infraplan sector wa", ["water"]),
    ("infraplan projects --sector ra", ["rail"]),
    ("infraplan measures --pillar o", ["om", "offer-type-cooperation"]),
    ("infraplan organization jar", ["jarts"]),
])
def test_shell_completion_completes_commands_and_ids(words, expected):
    assert complete(words) == expected


def test_completion_script(run_cli):
    result = run_cli("completion", "bash")
    assert result.code == 0
    assert "_INFRAPLAN_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _infraplan_completion infraplan" in result.stdout


# -- issue 13: regions, planned developments, links derived from names --------------------------

def test_regions_list_their_countries_and_projects(run_cli):
    regions = as_json(run_cli, "regions")
    assert [r["id"] for r in regions][:3] == ["southeast-asia", "south-asia", "east-asia"]
    assert regions[1] == {"id": "south-asia", "name_en": "South Asia", "countries": ["india", "sri-lanka", "bangladesh"],
                          "projects": 13}
    assert sum(r["projects"] for r in regions) == 93
    countries = as_json(run_cli, "countries")
    assert sorted(c for r in regions for c in r["countries"]) == sorted(c["id"] for c in countries)
    lines = [line.rstrip() for line in run_cli("regions").lines]
    assert lines[0] == "Regions (10)"
    assert any(line.startswith(" south-asia              South Asia                      "
                               "India (2), Sri Lanka (1), Bangladesh (10)") and line.endswith(" 13") for line in lines)
    md = run_cli("regions", "-f", "md").lines
    assert md[2:4] == ["| ID | Region | Countries (projects) | Projects |", "|---|---|---|---|"]
    assert as_json(run_cli, "regions") == __import__("yaml").safe_load(run_cli("regions", "-f", "yaml").stdout)


def test_no_planned_leaves_the_planned_developments_out(run_cli):
    everything = as_json(run_cli, "timeline")
    reported = as_json(run_cli, "timeline", "--no-planned")
    assert [(e["project"], e["date"]) for e in everything if e["planned"]] == [(5, "2023-06"), (45, "2023"), (84, "2023")]
    assert reported == [e for e in everything if not e["planned"]]
    assert as_json(run_cli, "timeline", "--planned") == everything
    # projects: the dates filter, the latest development and each record's events, without the planned ones
    assert [p["id"] for p in as_json(run_cli, "projects", "--since", "2023-06")] == [5, 7, 23, 43, 45, 74, 84]
    assert [p["id"] for p in as_json(run_cli, "projects", "--since", "2023-06", "--no-planned")] == [7, 23, 43, 74]
    five = as_json(run_cli, "projects", "--country", "vietnam", "--no-planned")[4]
    assert five["id"] == 5 and [e["date"] for e in five["events"]] == ["2023-01"]
    row = next(line for line in run_cli("projects", "-c", "vietnam", "--no-planned").lines if line.startswith(" 5 "))
    assert row.rstrip().endswith("2023-01")
    assert next(line for line in run_cli("projects", "-c", "vietnam").lines
                if line.startswith(" 5 ")).rstrip().endswith("2023-06 (planned)")


def test_an_organisation_named_after_a_country_links_to_it_both_ways(run_cli):
    ppp = as_json(run_cli, "show", "organization:bangladesh-ppp-authority")
    assert ("country", "country", "bangladesh") in [(r["relation"], r["kind"], r["id"]) for r in ppp["related"]]
    bangladesh = as_json(run_cli, "show", "bangladesh")
    assert [r["id"] for r in bangladesh["related"] if r["kind"] == "organization"] == [
        "bangladesh-ppp-authority", "japan-bangladesh-ppp-platform"]
    assert as_json(run_cli, "organization", "bangladesh-ppp-authority")["countries"] == ["bangladesh"]
    thailand = as_json(run_cli, "show", "thailand")
    assert [r["id"] for r in thailand["related"] if r["kind"] == "organization"] == [
        "thailand-ministry-of-transport", "state-railway-of-thailand"]
    rows = {r["id"]: r for r in as_json(run_cli, "organizations")}
    assert rows["japan-china-korea-logistics-ministers-meeting"]["countries"] == ["china", "south-korea"]
    assert rows["jica"]["countries"] == [] and rows["jica"]["sector"] is None
    # a country's name inside a region's (America in Latin America) or a longer word (インド in インドネシア) is not it
    assert all("united-states" not in r["countries"] for r in rows.values())


def test_join_and_its_sector_profile_link_both_ways(run_cli):
    join = as_json(run_cli, "show", "JOIN")
    assert (join["related"][0]["relation"], join["related"][0]["kind"], join["related"][0]["id"]) == (
        "sector profile", "sector", "join")
    sector = as_json(run_cli, "show", "sector:join")
    assert [(r["relation"], r["id"]) for r in sector["related"] if r["kind"] == "organization"] == [("profile of", "join")]
    lines = [line.rstrip() for line in run_cli("organization", "JOIN").lines]
    assert "Sector profile  (12) 株式会社海外交通・都市開発事業支援機構（JOIN） / JOIN (Japan Overseas Infrastructure Investment " \
           "Corporation for Transport & Urban Development) (join)" in lines
