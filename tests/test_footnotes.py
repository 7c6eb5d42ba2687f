"""The plan's footnotes and the project list's history: records of their own, attached where they are cited."""

from __future__ import annotations

import json

import pytest


def stripped(result) -> list[str]:
    return [line.rstrip() for line in result.lines]


def test_show_footnote_quotes_it_and_names_the_record_citing_it(run_cli):
    result = run_cli("show", "footnote:29", "--format", "json")
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["record"]["text_ja"] == "既設施設の改修や拡張を行う事業"
    assert doc["record"]["kind"] == "fact"
    assert [(link["relation"], link["kind"], link["id"]) for link in doc["related"]] == [
        ("cited by", "measure", "3.10.6.1")]


@pytest.mark.parametrize("ref", ["footnote:33", "fn:33", "脚注33"])
def test_a_footnote_is_named_by_its_number(run_cli, ref):
    result = run_cli("show", ref, "--format", "json")
    assert result.code == 0, result
    assert json.loads(result.stdout)["record"]["text_ja"] == "「受注」とは、下請けへの参入及び技術の提供等を含む。"


def test_an_unknown_footnote_is_a_usage_error_with_the_range(run_cli):
    result = run_cli("show", "footnote:34")
    assert result.code == 2
    assert result.stderr.splitlines()[-1].endswith("unknown footnote '34'; valid values: 1-33")


def test_a_measure_shows_the_footnotes_it_cites(run_cli):
    result = run_cli("measure", "3.10.6.1")
    assert result.code == 0, result
    lines = stripped(result)
    start = next(i for i, line in enumerate(lines) if line.startswith("Footnotes"))
    assert [line.split(None, 1)[-1] if i == 0 else line.strip() for i, line in enumerate(lines[start:start + 4])] == [
        "29: 「既設施設の改修や拡張を行う事業」",
        "(summary) Brownfield projects: projects that renovate or expand existing facilities.",
        "30: 「新たに事業施設を整備する事業」",
        "(summary) Greenfield projects: projects that build new facilities.",
    ]


def test_every_footnote_belongs_to_the_record_whose_lines_hold_its_citation(run_cli):
    doc = json.loads(run_cli("export", "json", "-").stdout)
    owners = {f["number"]: next(((link["kind"], link["id"]) for link in f["links"] if link["relation"] == "cited by"), None)
              for f in doc["footnotes"]}
    assert [n for n, owner in owners.items() if owner is None] == []
    assert owners[1] == ("sector", "rail")  # a market figure's source
    assert owners[7] == owners[8] == ("measure", "3.5.6.2")  # the cold-chain standard's ASEAN countries
    assert owners[25] == ("measure", "3.8.6.1")  # AWaP's members
    assert owners[33] == ("heading", "annex")  # the project list's definition of 受注


def test_a_country_links_the_footnotes_naming_it_and_the_projects_won_there(run_cli):
    links = json.loads(run_cli("show", "turkiye", "--format", "json").stdout)["related"]
    assert ("named by footnote", "footnote", 28) in [(l["relation"], l["kind"], l["id"]) for l in links]
    links = json.loads(run_cli("show", "taiwan", "--format", "json").stdout)["related"]
    assert ("won project", "won-project", "taiwan-hsr-rolling-stock") in [(l["relation"], l["kind"], l["id"]) for l in links]


def test_won_projects_are_records_with_country_and_sectors(run_cli):
    doc = json.loads(run_cli("export", "json", "-").stdout)
    assert [(w["id"], w["name_ja"], w["country"], w["sectors"]) for w in doc["won_projects"]] == [
        ("bekasi-vehicle-certification", "ブカシ自動車認証試験場整備事業", "indonesia", ["transport-soft-infra"]),
        ("abidjan-three-intersections", "アビジャン三交差点建設事業", None, ["road"]),
        ("taiwan-hsr-rolling-stock", "台湾高速鉄道車両調達事業", "taiwan", ["rail"]),
    ]


def test_plan_shows_the_project_lists_history_and_the_won_projects(run_cli):
    result = run_cli("plan")
    lines = stripped(result)
    start = next(i for i, line in enumerate(lines) if line.startswith("Project list"))
    assert [line.split(None, 2)[-1] if i == 0 else line.split(None, 1)[-1] if i == 1 else line.strip()
            for i, line in enumerate(lines[start:start + 4])] == [
        "93 projects: 87 in the previous edition, 4 removed, 10 added",
        "ブカシ自動車認証試験場整備事業 / Bekasi Automobile Certification Test Centre Development (won-project:bekasi-vehicle-certification)",
        "アビジャン三交差点建設事業 / Abidjan Three Intersections Construction (won-project:abidjan-three-intersections)",
        "台湾高速鉄道車両調達事業 / Taiwan High Speed Rail Rolling Stock Procurement (won-project:taiwan-hsr-rolling-stock)",
    ]
    history = json.loads(run_cli("plan", "--format", "json").stdout)["project_list"]
    assert (history["count"], history["previous_count"], history["removed"], history["added"]) == (93, 87, 4, 10)


@pytest.mark.parametrize("query, first", [
    ("下請けへの参入", "footnote:33"),
    ("既設施設の改修", "footnote:29"),
    ("ASEAN重点5か国", "footnote:7"),
    ("台湾高速鉄道車両", "won-project:taiwan-hsr-rolling-stock"),
    ("Bekasi", "won-project:bekasi-vehicle-certification"),
])
def test_search_finds_footnotes_and_won_projects(run_cli, query, first):
    hits = json.loads(run_cli("search", query, "--format", "json").stdout)
    assert f"{hits[0]['kind']}:{hits[0]['id']}" == first, hits[:3]
