"""--lang ja|en|both (and INFRAPLAN_LANG): Japanese views with Japanese labels, English only, or
both as before; json, yaml and csv keep one language's fields only when a language is asked for."""

from __future__ import annotations

import csv
import io
import json

import pytest

from infraplan import i18n
from infraplan.render import RENDERERS
from infraplan.store import load_catalogue
from infraplan.views import project_detail

from conftest import DATA

# Every view, for the checks that run over all of them.
VIEWS = [
    ["projects"], ["project", "50"], ["project", "43"], ["measures"], ["measure", "2.3.3.5"], ["measure", "3.4.6.2.1"],
    ["pillars"], ["pillar", "om"], ["countries"], ["country", "india"], ["sectors"], ["sector", "rail"],
    ["sector", "join"], ["sector", "maritime"], ["search", "metro"], ["show", "41"], ["show", "JOIN"],
    ["show", "1.3.3"], ["show", "bangladesh"], ["show", "intro"], ["show", "rail"], ["show", "om"],
    ["organizations"], ["organization", "jarts"], ["timeline"], ["stats"], ["outline", "--depth", "4"], ["plan"],
    ["search", "council"], ["sector", "aviation"], ["show", "aviation-infrastructure-international-expansion-council"],
    ["regions"], ["show", "footnote:1"], ["show", "footnote:33"], ["show", "bangladesh-ppp-authority"],
    ["show", "won-project:bekasi-vehicle-certification"], ["search", "JOIN"],
]


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def test_japanese_project(run_cli):
    result = run_cli("--lang", "ja", "project", "50")
    assert result.code == 0, result
    out = lines(result)
    assert out[:8] == [
        "案件 50: ムンバイ～アーメダバード間高速鉄道計画",
        "名称          「ムンバイ～アーメダバード間高速鉄道計画」",
        "国            インド、南アジア",
        "分野          鉄道",
        "段階          implementation: 契約済み、建設・納入中 [OC4IDS: implementation]",
        "2023年の新規  いいえ",
        "概要          「日本の新幹線システムを利用してムンバイ～アーメダバード間（約500km）を結ぶ高速鉄道を整備する事業」",
        "出典          ⑨インド、9807-9833行（infraplan source 50）",
    ]
    assert "動き" in out and "この案件に言及する施策" in out
    assert " 日付                種類                 動き" in out
    assert not [line for line in out if "translation" in line or "Mumbai" in line]


def test_english_project(run_cli):
    out = lines(run_cli("--lang", "en", "project", "50"))
    assert out[:4] == [
        "Project 50: Mumbai-Ahmedabad High Speed Rail",
        "Name         (translation) Mumbai-Ahmedabad High Speed Rail",
        "Country      India, South Asia",
        "Sectors      Railways",
    ]
    assert not [line for line in out if "ムンバイ" in line or "「" in line]


def test_both_is_the_default(run_cli, monkeypatch):
    default = run_cli("project", "50").stdout
    assert run_cli("--lang", "both", "project", "50").stdout == default
    assert "Name         「ムンバイ～アーメダバード間高速鉄道計画」" in default
    assert "             (translation) Mumbai-Ahmedabad High Speed Rail" in default


def test_the_environment_chooses_too(run_cli, monkeypatch):
    ja = run_cli("--lang", "ja", "projects", "-c", "india").stdout
    monkeypatch.setenv("INFRAPLAN_LANG", "ja")
    assert run_cli("projects", "-c", "india").stdout == ja
    assert ja.splitlines()[0] == "案件（2）"
    assert run_cli("--lang", "en", "projects", "-c", "india").stdout.splitlines()[0] == "Projects (2)"  # the option wins


@pytest.mark.parametrize("how", ["option", "env"])
def test_an_unknown_language_is_a_usage_error(run_cli, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("INFRAPLAN_LANG", "fr")
        result = run_cli("projects")
    else:
        result = run_cli("--lang", "fr", "projects")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].endswith("'fr' is not one of 'ja', 'en', 'both'.")
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--lang'")


def test_a_message_in_japanese(run_cli):
    result = run_cli("--lang", "ja", "projects", "--text", "zzzz")
    assert (result.code, result.stdout, result.stderr) == (0, "", "該当する案件はありません。\n")


def test_english_only_text_falls_back_marked(run_cli):
    out = lines(run_cli("--lang", "ja", "project", "43"))
    assert any(line.startswith("出典に関する注記  [英語] The event is dated December 2023") for line in out)
    out = lines(run_cli("--lang", "ja", "project", "50"))
    assert "                                          ([英語] E/N signed in May 2022, L/A signed in July 2022)" in out


def test_summaries_are_marked_in_the_readers_language(run_cli):
    ja = run_cli("--lang", "ja", "measure", "2.3.3.5").stdout
    assert "（要約）O&Mを我が国のコア技術と位置づけ" in ja and "(summary)" not in ja
    en = run_cli("--lang", "en", "measure", "2.3.3.5").stdout
    assert "(summary) O&M is positioned as a core Japanese technology." in en and "（要約）" not in en


def test_markdown_follows_the_language(run_cli):
    md = run_cli("--lang", "ja", "projects", "-c", "india", "-f", "md").stdout.splitlines()
    assert md[:4] == ["# 案件（2）", "", "| ID | 案件 | 国 | 分野 | 段階 | 直近の動き |", "|---|---|---|---|---|---|"]
    assert md[4] == "| 50 | ムンバイ～アーメダバード間高速鉄道計画 | インド | rail | implementation | 2023-03 |"


# -- machine formats ----------------------------------------------------------------------------

def test_json_keeps_every_field_unless_a_language_is_asked_for(run_cli, monkeypatch):
    every = json.loads(run_cli("project", "50", "-f", "json").stdout)
    assert {"name_ja", "name_en", "overview_ja", "overview_en"} <= set(every)
    assert json.loads(run_cli("--lang", "both", "project", "50", "-f", "json").stdout) == every
    en = json.loads(run_cli("--lang", "en", "project", "50", "-f", "json").stdout)
    assert set(en) == {k for k in every if not k.endswith("_ja")}
    assert set(en["events"][0]) == {k for k in every["events"][0] if not k.endswith("_ja")}
    monkeypatch.setenv("INFRAPLAN_LANG", "ja")
    ja = json.loads(run_cli("project", "50", "-f", "json").stdout)
    assert set(ja) == {k for k in every if not k.endswith("_en")}
    assert ja["name_ja"] == every["name_ja"]


def test_yaml_of_a_ja_en_pair_keeps_one_half(run_cli):
    import yaml

    plan = yaml.safe_load(run_cli("--lang", "ja", "plan", "-f", "yaml").stdout)
    assert plan["title"] == {"ja": "インフラシステム海外展開行動計画2023"}
    assert "summary_en" not in plan["kpi"] and plan["kpi"]["quote_ja"].startswith("我が国企業が2025年に34兆円")
    assert plan["attribution"] == "出典：国土交通省「インフラシステム海外展開行動計画2023」"  # language-neutral: kept


def test_csv_columns_follow_an_explicit_language(run_cli):
    def header(*args):
        return next(csv.reader(io.StringIO(run_cli(*args).stdout.lstrip("\ufeff"))))

    every = header("countries", "-f", "csv")
    assert header("--lang", "en", "countries", "-f", "csv") == [h for h in every if not h.endswith("_ja")]
    assert header("--lang", "ja", "countries", "-f", "csv") == [h for h in every if not h.endswith("_en")]


# -- the label vocabulary -----------------------------------------------------------------------

def test_every_label_of_every_view_has_its_japanese(run_cli):
    i18n.MISSING.clear()
    for args in VIEWS:
        for fmt in ("table", "md"):
            result = run_cli("--lang", "ja", *args, "-f", fmt)
            assert result.code == 0, result
    assert sorted(i18n.MISSING) == []


def test_views_without_the_cli_take_the_language_from_using():
    cat = load_catalogue(DATA)
    with i18n.using("ja"):
        md = RENDERERS["md"](project_detail(cat, cat.project("50")))
    assert md.startswith("# 案件 50: ムンバイ～アーメダバード間高速鉄道計画\n")
    assert i18n.lang() == "both"
    assert RENDERERS["md"](project_detail(cat, cat.project("50"))).startswith("# Project 50: Mumbai-Ahmedabad")


def test_the_language_does_not_leak_into_the_next_run(run_cli):
    run_cli("--lang", "ja", "project", "50")
    assert i18n.lang() == "both"
    assert lines(run_cli("project", "50"))[0] == "Project 50: Mumbai-Ahmedabad High Speed Rail"


def test_label_counts_and_qualifiers():
    with i18n.using("ja"):
        assert i18n.label("Projects (93)") == "案件（93）"
        assert i18n.label("Projects (5 of 93)") == "案件（93件中5件）"
        assert i18n.label("Framework (rail)") == "枠組み (rail)"
        assert i18n.label("(a)") == "(a)"
        assert i18n.label("直近の動き") == "直近の動き"
    assert i18n.label("Projects (93)") == "Projects (93)"
