"""Quote or summary, visibly: table and md mark the plan's own words and infraplan's; json keeps the field names."""

from __future__ import annotations

import json

from infraplan.render import quoted, summary, translation


def stripped(result) -> list[str]:
    return [line.rstrip() for line in result.lines]


def test_the_markers():
    assert quoted("鉄道") == "「鉄道」"
    assert summary("Railways.") == "(summary) Railways."
    assert summary("鉄道である。") == "(summary)鉄道である。"  # no space Rich would wrap at
    assert translation("Railways") == "(translation) Railways"
    assert quoted("") is None and summary(None) is None and translation("") is None  # an empty field stays hidden


def test_project_marks_its_quotations_and_their_translations(run_cli):
    lines = stripped(run_cli("project", "50"))
    assert "Name         「ムンバイ～アーメダバード間高速鉄道計画」" in lines
    assert "             (translation) Mumbai-Ahmedabad High Speed Rail" in lines
    assert "Overview     「日本の新幹線システムを利用してムンバイ～アーメダバード間（約500km）を結ぶ高速鉄道を整備する事業」" in lines
    assert ("             (translation) Builds a high-speed railway linking Mumbai and Ahmedabad (about 500 km) using Japan's "
            "Shinkansen system.") in lines
    assert any(line.endswith("construction-start   「2022年１月に軌道工事に着手」") for line in lines)
    assert any(line.endswith("(translation) Track works started in January 2022.") for line in lines)


def test_measure_marks_its_summary_as_ours(run_cli):
    lines = stripped(run_cli("measure", "2.3.3.5"))
    assert "Title          「運営・維持管理（O&M）への参画」" in lines
    assert "               (translation) Taking part in operation and maintenance (O&M)" in lines
    assert any(line.startswith("Summary        (summary) O&M is positioned as a core Japanese technology.") for line in lines)
    assert any(line.startswith("               (summary)O&Mを我が国のコア技術と位置づけ") for line in lines)


def test_heading_marks_its_title_and_summary(run_cli):
    lines = stripped(run_cli("show", "1.3.3"))
    assert "Heading  「③経済安全保障の重要性の高まり」" in lines
    assert "         (translation) Growing importance of economic security" in lines
    assert any(line.startswith("Summary  (summary) With geopolitical tension rising") for line in lines)


def test_md_detail_marks_both(run_cli):
    md = run_cli("project", "50", "-f", "md").lines
    assert "- **Name**: 「ムンバイ～アーメダバード間高速鉄道計画」<br>(translation) Mumbai-Ahmedabad High Speed Rail" in md
    assert ("- **Overview**: 「日本の新幹線システムを利用してムンバイ～アーメダバード間（約500km）を結ぶ高速鉄道を整備する事業」<br>"
            "(translation) Builds a high-speed railway linking Mumbai and Ahmedabad (about 500 km) using Japan's "
            "Shinkansen system.") in md
    measure = run_cli("measure", "2.3.3.5", "-f", "md").lines
    assert any(line.startswith("- **Summary**: (summary) O&M is positioned") and "<br>(summary)O&Mを" in line
               for line in measure)


def test_json_keeps_the_quotation_names_and_no_marker(run_cli):
    project = json.loads(run_cli("project", "50", "-f", "json").stdout)
    assert project["overview_ja"].startswith("日本の新幹線")  # verbatim, no 「」
    timeline = json.loads(run_cli("timeline", "--country", "india", "-f", "json").stdout)
    assert {"text_ja", "text_en"} <= set(timeline[0]) and not timeline[0]["text_ja"].startswith("「")
    hits = json.loads(run_cli("search", "新幹線", "-f", "json").stdout)
    assert hits and all({"title_ja", "title_en"} <= set(h) for h in hits)
    rows = json.loads(run_cli("outline", "-f", "json").stdout)
    assert all({"title_ja", "title_en"} <= set(r) for r in rows)
    assert next(r for r in rows if r["id"] == "1.3.3")["title_ja"] == "経済安全保障の重要性の高まり"


def test_csv_headers_keep_the_quotation_names(run_cli):
    header = run_cli("projects", "-f", "csv").stdout.lstrip("\ufeff").splitlines()[0].split(",")
    assert {"name_ja", "overview_ja", "status_ja"} <= set(header)
    rows = run_cli("project", "50", "-f", "csv").stdout.lstrip("\ufeff").splitlines()
    assert any(row.startswith("overview_ja,日本の新幹線") for row in rows)


def test_organisation_marks_its_name_and_framework(run_cli):
    lines = stripped(run_cli("organization", "jarts"))
    assert "Name              「海外鉄道技術協力協会」" in lines
    assert "                  (translation) Japan Railway Technical Service" in lines
    assert any(line.startswith("Framework (rail)  「海外鉄道技術協力協会」: (summary) A general incorporated association")
               for line in lines)
