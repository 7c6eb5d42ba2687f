"""The plan as a document: `infraplan outline`, `infraplan plan`, and headings in show, source and search."""

from __future__ import annotations

import json

import pytest

from conftest import CASES


def stripped(result) -> list[str]:
    return [line.rstrip() for line in result.lines]


def test_outline_depth_1_lists_the_chapters_with_lines_and_counts(run_cli):
    result = run_cli("outline", "--depth", "1")
    assert result.code == 0, result
    assert stripped(result) == [
        "Outline: インフラシステム海外展開行動計画2023 (5 headings)",
        "",
        " ID      Heading                                                       Lines        Measures   Actions   Projects",
        " " + "─" * 112,
        " intro   はじめに                                                      1-84",
        "         Introduction",
        " 1       第１章 基本的な考え方                                         85-770",
        "         Basic approach",
        " 2       第２章 今後取り組む主な施策                                   771-3633     67",
        "         Main measures to be taken",
        " 3       第３章 分野別の取組                                           3634-8617               51",
        "         Sector by sector",
        " annex   （参考）我が国企業による受注を目指す主要プロジェクト          8618-10837                        93",
        "         Reference: main projects that Japanese companies aim to win",
        "",
    ]


def test_outline_json_is_the_headings_in_plan_order_with_parents(run_cli):
    rows = json.loads(run_cli("outline", "--format", "json").stdout)
    assert len(rows) == 147
    assert set(rows[0]) == {"kind", "id", "parent", "level", "label", "title_ja", "title_en", "lines", "measures",
                            "actions", "projects"}
    assert [r["id"] for r in rows if r["level"] == 1] == ["intro", "1", "2", "3", "annex"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["1.3.3"] == {"kind": "heading", "id": "1.3.3", "parent": "1.3", "level": 3, "label": "③",
                              "title_ja": "経済安全保障の重要性の高まり",
                              "title_en": "Growing importance of economic security", "lines": [472, 542],
                              "measures": 0, "actions": 0, "projects": 0}
    assert (by_id["2.1"]["measures"], by_id["3.7"]["actions"], by_id["annex.9"]["projects"]) == (17, 5, 2)
    for row in rows:  # every parent comes first and holds its children's lines
        if row["parent"]:
            parent = by_id[row["parent"]]
            assert rows.index(parent) < rows.index(row)
            assert parent["lines"][0] <= row["lines"][0] <= row["lines"][1] <= parent["lines"][1]
    assert sum(by_id[f"annex.{n}"]["projects"] for n in range(1, 24)) == 93


def test_outline_depth_4_lists_every_measure_and_action_under_its_heading(run_cli):
    rows = json.loads(run_cli("outline", "--depth", "4", "--format", "json").stdout)
    measures = [r for r in rows if r["kind"] != "heading"]
    assert (sum(r["kind"] == "measure" for r in measures), sum(r["kind"] == "action" for r in measures)) == (67, 51)
    row = next(r for r in rows if r["id"] == "3.4.6.2.1")
    assert (row["parent"], row["level"]) == ("3.4.6", 4)
    ids = [r["id"] for r in rows]
    assert ids.index("2.1.1") < ids.index("2.1.1.1") < ids.index("2.1.2")


def test_outline_depth_is_checked(run_cli):
    result = run_cli("outline", "--depth", "5")
    assert result.code == 2


def test_plan_shows_the_headline_facts(run_cli):
    result = run_cli("plan")
    assert result.code == 0, result
    lines = stripped(result)
    assert lines[0] == "インフラシステム海外展開行動計画2023: the edition's headline facts"
    for expected in [
        "Title            インフラシステム海外展開行動計画2023",
        "Publisher        国土交通省 / Ministry of Land, Infrastructure, Transport and Tourism (MLIT), Japan",
        "Edition          2023",
        "KPI              34 兆円 (trillion yen) of infrastructure-system orders won by Japanese companies, in 2025",
        "Strategies       dx: DX等新たな時代の変革への対応の強化 / Responding to the transformations of a new era, such as DX",
        "Projects         93 target projects (10 new in 2023) in 30 countries",
        "Measures         67 measures (chapter 2), 51 sector actions (chapter 3)",
        "Sectors          12 (chapter 3)",
        "Outline          147 headings (infraplan outline)",
        "                 lines 8618-8671 (infraplan source 8618-8671)",
        "Attribution      出典：国土交通省「インフラシステム海外展開行動計画2023」",
    ]:
        assert expected in lines
    changes = next(line for line in lines if line.startswith("Since last year"))
    assert changes.startswith("Since last year  (summary) Every year MLIT selects main projects")


def test_plan_json_holds_the_counts_and_the_changes(run_cli):
    record = json.loads(run_cli("plan", "--format", "json").stdout)
    assert record["kpi"]["value"] == 34 and record["kpi"]["year"] == 2025
    assert [s["id"] for s in record["strategies"]] == ["dx", "decarbonization", "foip"]
    assert record["counts"] == {"projects": 93, "new_projects": 10, "countries_with_projects": 30, "measures": 67,
                                "sector_actions": 51, "sectors": 12, "headings": 147}
    assert record["changes"]["lines"] == [8618, 8671]
    assert "87" in record["changes"]["summary_ja"] and "93" in record["changes"]["summary_ja"]
    assert record["licence"].startswith("政府標準利用規約")


@pytest.mark.parametrize("ref,title", [
    ("2.1", "Heading 2.1: Priority areas"),
    ("2.3.3", "Heading 2.3.3: Project formation that makes use of Japan's strengths"),
    ("1.3.3", "Heading 1.3.3: Growing importance of economic security"),
    ("3.7", "Heading 3.7: Urban development, real estate, housing and smart cities"),
    ("intro", "Heading intro: Introduction"),
    ("heading:1", "Heading 1: Basic approach"),
])
def test_show_resolves_headings(run_cli, ref, title):
    result = run_cli("show", ref)
    assert result.code == 0, result
    assert result.lines[0] == title


def test_show_heading_lists_what_sits_under_it(run_cli):
    payload = json.loads(run_cli("show", "2.3.3", "--format", "json").stdout)
    assert (payload["kind"], payload["id"]) == ("heading", "2.3.3")
    links = [(link["relation"], link["kind"], link["id"]) for link in payload["related"]]
    assert links[:3] == [("parent heading", "heading", "2.3"), ("heading of", "pillar", "japanese-strengths"),
                         ("measure", "measure", "2.3.3.1")]
    assert len([link for link in links if link[0] == "measure"]) == 9
    sector = [(link["relation"], link["id"]) for link in json.loads(run_cli("show", "3.7", "-f", "json").stdout)["related"]]
    assert ("heading of", "urban-development") in sector and ("sub-heading", "3.7.6") in sector
    actions = json.loads(run_cli("show", "3.7.6", "-f", "json").stdout)["related"]
    assert [a["id"] for a in actions if a["relation"] == "sector action"] == [f"3.7.6.{n}" for n in range(1, 6)]


def test_show_chapter1_heading_shows_its_section_summary(run_cli):
    result = run_cli("show", "1.3.3")
    lines = stripped(result)
    assert "Source   第１章（３）③, lines 472-542 (infraplan source 1.3.3)" in lines
    assert any(line.startswith("Summary  (summary) With geopolitical tension rising") for line in lines)


def test_a_name_shared_by_a_sector_and_its_heading_resolves_to_the_sector(run_cli):
    result = run_cli("show", "鉄道")
    assert result.lines[0] == "Sector rail: Railways"


def test_source_prints_a_headings_lines(run_cli):
    result = run_cli("source", "2.3")
    assert result.code == 0, result
    assert result.lines[0] == "1666   (３) インフラシステム海外展開を推進するための主な施策"
    assert result.lines[-1].startswith("3633")


@pytest.mark.parametrize("query,expected", [
    ("34兆円", "heading:intro"),
    ("KPI", "heading:intro"),
    ("economic security", "heading:1.3.3"),
    ("経済安全保障", "heading:1.3.3"),
])
def test_search_finds_the_headline_facts_and_chapter_1(run_cli, query, expected):
    hits = json.loads(run_cli("search", query, "--format", "json").stdout)
    assert f"{hits[0]['kind']}:{hits[0]['id']}" == expected


def test_search_kind_heading(run_cli):
    hits = json.loads(run_cli("search", "総論", "--kind", "heading", "--format", "json").stdout)
    assert [h["id"] for h in hits][:3] == ["3.1.1", "3.2.1", "3.3.1"]


def test_diff_accepts_a_side_from_before_outline_yaml(run_cli, monkeypatch):
    # tests/cases/diff/new has no outline.yaml, as a revision from before it: diff still compares.
    monkeypatch.chdir(CASES.parent.parent)
    result = run_cli("diff", "tests/cases/base", "tests/cases/diff/new", data=None)
    assert result.code == 1, result
    assert result.lines[0] == "Diff: tests/cases/base → tests/cases/diff/new"


@pytest.mark.parametrize("ref,link", [
    ("2.3.3.5", ("under heading", "heading", "2.3.3")),
    ("3.4.6.2.1", ("under heading", "heading", "3.4.6")),
    ("pillar:ppp", ("heading", "heading", "2.3.2")),
    ("sector:water", ("heading", "heading", "3.8")),
])
def test_measures_pillars_and_sectors_link_back_to_their_heading(run_cli, ref, link):
    related = json.loads(run_cli("show", ref, "--format", "json").stdout)["related"]
    assert (related[0]["relation"], related[0]["kind"], related[0]["id"]) == link
