"""The twelve sector profiles of chapter 3 on the real data: counts, the rail profile, every format."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import DATA

# Numbered items under each sector's ⑥ (JOIN: the inline （ⅰ）–（ⅳ） under ④), as the plan prints them.
ACTIONS = {
    "rail": 5, "port": 3, "aviation": 4, "maritime": 7, "logistics": 3, "transport-soft-infra": 5,
    "urban-development": 5, "water": 3, "disaster-prevention": 5, "road": 3, "construction": 4, "join": 4,
}
NO_FRAMEWORKS = {"maritime", "water", "disaster-prevention", "join"}  # the plan has no ⑦ for them


def assert_as_stored(shown, stored, where="") -> None:
    """shown is stored, with the fields a file may leave out filled with their defaults (null, [], false)."""
    if isinstance(stored, dict):
        assert isinstance(shown, dict), where
        for key in shown.keys() - stored.keys():
            assert shown[key] in (None, [], False), f"{where}.{key}"
        for key, value in stored.items():
            assert key in shown, f"{where}.{key}"
            assert_as_stored(shown[key], value, f"{where}.{key}")
    elif isinstance(stored, list):
        assert isinstance(shown, list) and len(shown) == len(stored), where
        for i, (a, b) in enumerate(zip(shown, stored)):
            assert_as_stored(a, b, f"{where}[{i}]")
    else:
        assert shown == stored, where


def as_json(run_cli, *args):
    result = run_cli(*args, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.stdout)


@pytest.mark.parametrize("sector,count", ACTIONS.items(), ids=list(ACTIONS))
def test_every_numbered_direction_item_is_an_action(run_cli, sector, count):
    actions = as_json(run_cli, "measures", "--sector", sector, "--scope", "sector")
    stored = yaml.safe_load((DATA / "sectors" / f"{sector}.yaml").read_text(encoding="utf-8"))
    assert [a["id"] for a in actions] == [a["id"] for a in stored["actions"]]
    assert len(actions) == count
    assert {a["sector"] for a in actions} == {sector}
    heading = "4" if sector == "join" else "6"
    assert all(a["id"].startswith(f"3.{stored['number']}.{heading}.") for a in actions)


def test_maritime_numbering_restarts_under_its_three_groups(run_cli):
    actions = as_json(run_cli, "sector", "maritime", "--section", "actions")["actions"]
    assert [(a["id"], a["group_ja"]) for a in actions] == [
        ("3.4.6.1.1", "官公庁船分野"), ("3.4.6.1.2", "官公庁船分野"), ("3.4.6.1.3", "官公庁船分野"),
        ("3.4.6.2.1", "海洋開発分野"), ("3.4.6.2.2", "海洋開発分野"), ("3.4.6.3.1", "その他"), ("3.4.6.3.2", "その他")]


def test_construction_has_its_easily_missed_fourth_action(run_cli):
    action = as_json(run_cli, "measure", "3.11.6.4")
    assert action["title_ja"] == "建設分野の技術開発等の推進"


@pytest.mark.parametrize("sector", ACTIONS, ids=list(ACTIONS))
def test_frameworks_only_where_the_plan_has_a_seventh_part(run_cli, sector):
    frameworks = as_json(run_cli, "sector", sector, "--section", "frameworks")["frameworks"]
    assert (frameworks == []) == (sector in NO_FRAMEWORKS)
    organizations = {o["id"] for o in as_json(run_cli, "organizations")}
    assert {f["organization"] for f in frameworks} <= organizations


@pytest.mark.parametrize("sector", ACTIONS, ids=list(ACTIONS))
def test_sector_json_is_the_profile_as_stored_and_md_a_brief(run_cli, sector):
    stored = yaml.safe_load((DATA / "sectors" / f"{sector}.yaml").read_text(encoding="utf-8"))
    assert_as_stored(as_json(run_cli, "sector", sector), stored)
    md = run_cli("sector", sector, "--format", "md").lines
    assert md[0].startswith(f"# Sector {sector}: ")
    assert "## Actions" in md


def test_pillar_om_finds_rails_operation_and_maintenance_action(run_cli):
    ids = [m["id"] for m in as_json(run_cli, "measures", "--pillar", "om")]
    assert "3.1.6.3" in ids and "2.1.1.1" in ids
    assert "standardization" in as_json(run_cli, "measure", "3.1.6.4")["pillars"]


def test_rail_profile(run_cli):
    lines = [line.rstrip() for line in run_cli("sector", "rail").lines]
    text = "\n".join(lines)
    assert lines[0] == "Sector rail: Railways"
    assert "≈30 兆円/年 (2025-2027)" in text
    assert "UNIFE" in text
    for name in ("CRRC", "Alstom", "Siemens"):
        assert any(line.startswith(f" {name}") for line in lines), name
    profile = as_json(run_cli, "sector", "rail")
    assert len(profile["actions"]) == 5 and len(profile["frameworks"]) == 4
    headline = profile["market"]["overseas"]["figures"][0]
    assert (headline["value"], headline["approx"], headline["unit"]) == (30, True, "兆円/年")
    assert "UNIFE" in headline["source"]
    projects = [p["id"] for p in as_json(run_cli, "sector", "rail", "--section", "projects")["projects"]]
    assert {1, 16, 50} <= set(projects)
    assert any(line.startswith(" 50   ムンバイ～アーメダバード間高速鉄道計画") for line in lines)


def test_sectors_listing_counts_match_the_other_commands(run_cli):
    rows = {r["id"]: r for r in as_json(run_cli, "sectors")}
    assert list(rows) == list(ACTIONS)
    for sector, count in ACTIONS.items():
        assert rows[sector]["actions"] == count
        projects = as_json(run_cli, "projects", "--sector", sector) if rows[sector]["projects"] else []
        assert rows[sector]["projects"] == len(projects)
    assert rows["rail"]["headline_figure"]["quote_ja"] == "世界で年間約30兆円規模（2025-2027年の平均）の市場が存在している"


def test_every_figure_has_a_unit_and_every_line_range_sits_in_its_sector():
    for path in sorted((DATA / "sectors").glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        first, last = profile["source"]["lines"]
        for part in ("domestic", "overseas"):
            for figure in ((profile["market"] or {}).get(part) or {}).get("figures", []):
                assert figure["unit"] and isinstance(figure["value"], (int, float)), (path.name, figure)
                assert first <= figure["lines"][0] <= figure["lines"][1] <= last, (path.name, figure)


# The `sectors` listing's "Overseas market" cell: the figure marked `headline: true`, not the first (issue 12).
HEADLINE_CELLS = {
    "port": "≈77,077 万TEU/年 (2016-2020)<br>Container throughput of ports worldwide, annual average",
    "maritime": "191 隻 (FY2022)<br>Government vessels ordered from abroad (overseas orders) worldwide",
    "disaster-prevention": "29,080 億ドル (1998-2017)<br>Economic losses from natural disasters worldwide "
                           "over the 20 years (2,908 billion dollars)",
}


def test_sectors_listing_shows_the_chosen_headline_not_the_first_figure(run_cli):
    result = run_cli("sectors", "--format", "md")
    assert result.code == 0, result
    cells = {row.split(" | ")[1]: row.split(" | ")[-1].rstrip(" |") for row in result.lines if row.startswith("| ")}
    for sector, cell in HEADLINE_CELLS.items():
        assert cells[sector] == cell, sector
    rows = {r["id"]: r for r in as_json(run_cli, "sectors")}
    assert rows["port"]["headline_figure"]["period"] == "2016-2020"
    assert rows["disaster-prevention"]["headline_figure"]["unit"] == "億ドル"
    assert rows["maritime"]["headline_figure"]["unit"] == "隻"


def test_exactly_one_headline_where_a_sector_has_overseas_figures():
    for path in sorted((DATA / "sectors").glob("*.yaml")):
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        market = profile["market"] or {}
        figures = (market.get("overseas") or {}).get("figures", [])
        assert sum(bool(f.get("headline")) for f in figures) == (1 if figures else 0), path.name
        assert not any(f.get("headline") for f in (market.get("domestic") or {}).get("figures", [])), path.name


def test_prose_only_shares_are_figures_of_their_sectors():
    def overseas(sector):
        profile = yaml.safe_load((DATA / "sectors" / f"{sector}.yaml").read_text(encoding="utf-8"))
        return profile["market"]["overseas"]["figures"]

    construction, water = overseas("construction"), overseas("water")
    assert len(construction) == 9 and len(water) == 11
    shares = {(f["value"], f["lines"][0]) for f in construction if f["unit"] == "%"}
    assert shares == {(9, 8155), (55, 8157), (12, 8157), (30, 8191), (40, 8193), (83, 8201)}
    assert sum("ENR" in (f["source"] or "") for f in construction) == 3
    water_shares = [(f["value"], f["period"]) for f in water if f["unit"] == "%" and f["lines"][0] in (6819, 6821, 7070)]
    assert water_shares == [(30, "2017"), (55, "2017"), (1, None)]
