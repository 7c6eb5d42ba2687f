"""Every listing's CSV is a tidy table: one row a record, one column a field, headers as JSON's keys.

Ids and names in columns of their own, _ja and _en apart, start and end dates apart (as the data
writes them, ISO 8601 to the precision the plan gives), lists joined with "; ", booleans as JSON
writes them; UTF-8 with a byte-order mark, and no cell that starts a formula.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

LISTINGS = {
    "projects": (["projects"], (
        "id,name_ja,name_en,country,country_name_ja,country_name_en,region,sectors,new,stage,overview_ja,"
        "overview_en,status_ja,status_en,source_section,source_first_line,source_last_line,source_note,event_count,"
        "latest_event_date,latest_event_end,latest_event_planned,latest_event_kind,latest_event_text_ja,"
        "latest_event_text_en"),
        ["2", "南北高速道路事業", "North-South Expressway", "vietnam", "ベトナム", "Vietnam", "southeast-asia", "road",
         "true", "tendering", "ハノイ市からカントー市までを結ぶ高速道路を建設する事業", "Builds an expressway from Hanoi to Can Tho.",
         "", "", "①ベトナム", "8731", "8760", "", "2", "2023-01", "2023-02", "false", "bid-launched",
         "2023年１月に旅客ターミナル（第１期分）の入札情報が再公示", "Tender information re-announced in January 2023."]),
    "measures": (["measures"], (
        "id,scope,sector,group_ja,group_en,title_ja,title_en,summary_en,summary_ja,points_summary_en,"
        "points_summary_ja,pillars,strategies,sectors,countries,projects,organizations,tag_note,source_section,"
        "source_first_line,source_last_line"),
        ["2.3.2.2", "cross-cutting", "", "", "", "我が国企業が参入可能なPPP案件形成を促進するための二国間枠組みの活用",
         "Using bilateral frameworks for PPP projects", "Uses the PPP platform with Vietnam.",
         "ベトナムとのPPPプラットフォームを活用する。", "First point.", "一つ目。", "ppp; om", "dx", "rail; road", "vietnam", "1",
         "jica", "", "第２章（３）② 2）", "2148", "2173"]),
    "pillars": (["pillars"], (
        "id,kind,section,title_ja,title_en,summary_en,summary_ja,aliases,measures,source_section,source_first_line,"
        "source_last_line"),
        ["dx", "strategy", "1.2.1", "DX等新たな時代の変革への対応の強化", "Responding to the transformations of a new era, such as DX",
         "Digital technology is changing how infrastructure is deployed abroad.",
         "デジタル技術がインフラ海外展開のあり方を変えている。", "DX", "1", "第１章（２）①", "243", "262"]),
    "countries": (["countries"], "id,name_ja,name_en,iso2,iso3,region,aliases,projects",
                  ["vietnam", "ベトナム", "Vietnam", "VN", "VNM", "southeast-asia", "Viet Nam", "2"]),
    "regions": (["regions"], "id,name_en,countries,projects", ["southeast-asia", "Southeast Asia", "vietnam; indonesia", "2"]),
    "sectors": (["sectors"], (
        "number,id,name_ja,name_en,aliases,projects,measures,actions,frameworks,headline_figure_value,"
        "headline_figure_approx,headline_figure_unit,headline_figure_period,headline_figure_scope,"
        "headline_figure_quote_ja,headline_figure_source,headline_figure_first_line,headline_figure_last_line"),
        ["1", "rail", "鉄道", "Railways", "railway; railways; 鉄道; high-speed rail; hsr; urban rail; metro", "1", "2", "2",
         "1", "30", "true", "兆円/年", "2025-2027", "World railway market, annual average",
         "世界で年間約30兆円規模（2025-2027年の平均）の市場が存在している", "UNIFE World Rail Market Study", "3680", "3682"]),
    "organizations": (["organizations"], "id,abbreviation,name_ja,name_en,aliases,measures,actions,frameworks,countries,sector",
                      ["overseas-railway-council", "", "海外鉄道推進協議会", "Japan Overseas Railway Promotion Council", "", "0",
                       "0", "rail", "", ""]),
    "timeline": (["timeline"], "date,end,planned,project,project_name_ja,project_name_en,country,kind,text_ja,text_en,note",
                 ["2023-01", "2023-02", "false", "2", "南北高速道路事業", "North-South Expressway", "vietnam", "bid-launched",
                  "2023年１月に旅客ターミナル（第１期分）の入札情報が再公示", "Tender information re-announced in January 2023.", ""]),
    "outline": (["outline", "--depth", "1"], "kind,id,parent,level,label,title_ja,title_en,first_line,last_line,measures,actions,projects",
                ["heading", "2", "", "1", "第２章", "今後取り組む主な施策", "Main measures to be taken", "771", "3633", "2", "0", "0"]),
    "search": (["search", "platform"], "kind,id,title_ja,title_en,score,field,snippet",
               ["measure", "2.3.2.2", "我が国企業が参入可能なPPP案件形成を促進するための二国間枠組みの活用",
                "Using bilateral frameworks for PPP projects", "78", "summary_en", "Uses the PPP «platform» with Vietnam."]),
}


def read(run_cli, args, data) -> list[list[str]]:
    result = run_cli(*args, "--format", "csv", data=data)
    assert result.code == 0, result
    assert result.stdout.startswith("\ufeff")
    return list(csv.reader(io.StringIO(result.stdout[1:])))


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_is_a_tidy_table(case_dir, run_cli, listing):
    args, header, row = LISTINGS[listing]
    data = case_dir()
    rows = read(run_cli, args, data)
    assert rows[0] == header.split(",")
    assert row in rows[1:]
    assert len(rows) - 1 == len(json.loads(run_cli(*args, "--format", "json", data=data).stdout))  # a row a record


# Columns a listing adds to its records (names beside ids), and the fields it splits (lines: first, last).
DERIVED = {"timeline": {"project_name_ja", "project_name_en"}, "outline": {"first_line", "last_line"}}
SPLIT = {"outline": {"lines"}}


@pytest.mark.parametrize("listing", ["countries", "regions", "timeline", "search", "outline"])
def test_headers_are_the_json_keys(case_dir, run_cli, listing):
    """Where a listing's records are flat, its CSV columns are their JSON keys, in their order."""
    args, header, _ = LISTINGS[listing]
    record = json.loads(run_cli(*args, "--format", "json", data=case_dir()).stdout)[0]
    columns = [c for c in header.split(",") if c not in DERIVED.get(listing, set())]
    assert columns == [k for k in record if k not in SPLIT.get(listing, set())]


def test_timeline_csv_is_one_row_a_development(run_cli):
    rows = list(csv.DictReader(io.StringIO(run_cli("timeline", "-c", "india", "-f", "csv").stdout[1:])))
    assert len(rows) == 6
    assert rows[0] == {"date": "2023-03", "end": "", "planned": "false", "project": "50",
                       "project_name_ja": "ムンバイ～アーメダバード間高速鉄道計画", "project_name_en": "Mumbai-Ahmedabad High Speed Rail",
                       "country": "india", "kind": "la-signed", "text_ja": "2023年3月にE/N署名、L/A締結（第四期）",
                       "text_en": "The Exchange of Notes (E/N) was signed and the loan agreement (L/A) concluded in March "
                                  "2023 (fourth tranche).", "note": ""}
    ranged = next(r for r in rows if r["end"])
    assert (ranged["date"], ranged["end"]) == ("2022-05", "2022-07")  # start and end apart, sortable


def test_projects_csv_has_the_source_and_its_note(run_cli):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run_cli("projects", "-f", "csv").stdout[1:]))}
    assert (rows["50"]["source_section"], rows["50"]["source_first_line"], rows["50"]["source_last_line"]) == (
        "⑨インド", "9807", "9833")
    assert rows["43"]["source_note"].startswith("The event is dated December 2023 (2023年12月)")
    assert rows["50"]["event_count"] == "3" and rows["50"]["latest_event_date"] == "2023-03"
