"""Chapter-2 measures and pillars: the data's shape, the filters, and the links both ways."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml

from conftest import DATA, SOURCE

MEASURES = yaml.safe_load((DATA / "measures.yaml").read_text(encoding="utf-8"))["measures"]
PILLARS = yaml.safe_load((DATA / "pillars.yaml").read_text(encoding="utf-8"))["pillars"]
ACTIONS = [a for path in sorted((DATA / "sectors").glob("*.yaml"), key=lambda p: yaml.safe_load(p.read_text(
    encoding="utf-8"))["number"]) for a in yaml.safe_load(path.read_text(encoding="utf-8"))["actions"]]
# Numbered items under each chapter-2 heading, as the plan's outline lists them.
ITEMS_PER_HEADING = {"2.1.1": 5, "2.1.2": 2, "2.1.3": 6, "2.1.4": 4, "2.2.1": 2, "2.2.2": 3, "2.3.1": 10,
                     "2.3.2": 7, "2.3.3": 9, "2.3.4": 3, "2.3.5": 8, "2.3.6": 4, "2.3.7": 4}


def run_json(run_cli, *args):
    result = run_cli(*args, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.stdout)


def test_67_measures_with_ids_by_heading_in_plan_order(run_cli):
    got = [m["id"] for m in run_json(run_cli, "measures", "--scope", "cross-cutting")]
    expected = [f"{h}.{i}" for h, n in ITEMS_PER_HEADING.items() for i in range(1, n + 1)]
    assert len(expected) == 67
    assert got == expected
    everything = [m["id"] for m in run_json(run_cli, "measures")]
    assert everything == expected + [a["id"] for a in ACTIONS]  # chapter 2, then each sector's actions


def test_measure_json_is_its_fields_as_stored(run_cli):
    measure = run_json(run_cli, "measure", "2.3.3.5")
    assert list(measure) == ["id", "title_ja", "title_en", "summary_en", "summary_ja", "pillars", "strategies",
                             "sectors", "countries", "projects", "organizations", "points", "source",
                             "tag_note", "scope", "sector"]
    stored = next(m for m in MEASURES if m["id"] == "2.3.3.5")
    assert {k: v for k, v in measure.items() if k != "points"} == {k: v for k, v in stored.items() if k != "points"} | {
        "tag_note": None, "scope": "cross-cutting", "sector": None}
    assert measure["title_ja"] == "運営・維持管理（O&M）への参画"
    assert measure["pillars"][:2] == ["japanese-strengths", "om"]


def test_each_title_sits_on_its_recorded_heading_line():
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    squash = lambda text: re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # noqa: E731
    for record in MEASURES + PILLARS:
        start, end = record["source"]["lines"]
        heading = squash("".join(lines[start - 1:start + 2]))
        assert squash(record["title_ja"])[:12] in heading, record["id"]


@pytest.mark.parametrize("alias", ["om", "O&M", "o&m", "o-and-m", "運営・維持管理", "OM"])
def test_pillar_aliases_resolve(run_cli, alias):
    ids = [m["id"] for m in run_json(run_cli, "measures", "--pillar", alias)]
    assert {"2.1.1.1", "2.1.1.2", "2.1.1.3", "2.1.1.4", "2.1.1.5", "2.3.3.5", "3.1.6.3"} <= set(ids)
    assert ids == [m["id"] for m in MEASURES + ACTIONS if "om" in m["pillars"]]


def test_pillar_filter_finds_tags_outside_the_heading(run_cli):
    outside = [m["id"] for m in run_json(run_cli, "measures", "-p", "om") if not m["id"].startswith("2.1.1.")]
    assert "2.3.3.5" in outside


def test_ppp_and_bangladesh(run_cli):
    found = run_json(run_cli, "measures", "--pillar", "ppp", "--country", "bangladesh")
    assert found
    assert all("ppp" in m["pillars"] and "bangladesh" in m["countries"] for m in found)
    assert "2.1.1.3" in [m["id"] for m in found]  # PPP プラットフォーム等の政府間枠組みの活用


def test_unknown_pillar_is_usage_error_with_closest_ids(run_cli):
    result = run_cli("measures", "--pillar", "stanardization")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(
        "Error: Invalid value for '--pillar' / '-p': unknown pillar 'stanardization' (did you mean 'standardization'?)")


def test_project_41_lists_the_measures_that_name_patimban(run_cli):
    naming = [m["id"] for m in MEASURES if 41 in m["projects"]]
    assert naming
    result = run_cli("project", "41")
    assert result.code == 0
    section = result.stdout.split("Measures that name it", 1)[1]
    assert [line.split()[0] for line in section.splitlines() if re.match(r"^ 2\.\d", line)] == naming


def test_measure_detail_resolves_names_and_lists_projects_with_stage(run_cli):
    measure = next(m for m in MEASURES if m["projects"])
    result = run_cli("measure", measure["id"])
    assert result.code == 0, result
    assert result.lines[0] == f"Measure {measure['id']}: {measure['title_en']}"
    assert "Projects it names" in result.stdout
    for project_id in measure["projects"]:
        assert re.search(rf"^ {project_id} .*\b(planning|survey|design|financing|tendering|implementation|operation|suspended|under-review)\b",
                         result.stdout, re.M), project_id


def test_measure_detail_shows_its_tag_note_only_when_it_has_one(run_cli):
    md = run_cli("measure", "3.9.6.1", "-f", "md").lines
    assert ("- **Tag note**: Upstream: leading the mainstreaming of disaster risk reduction through international "
            "conferences (7552-7554) is the international policy debate of 2.3.1.9, under 2.3.1 (「川上」からの継続的関与).") in md
    assert not any(line.startswith("- **Tag note**") for line in run_cli("measure", "2.3.3.5", "-f", "md").lines)


def test_pillars_count_the_measures_tagged(run_cli):
    pillars = run_json(run_cli, "pillars")
    assert [p["id"] for p in pillars] == [p["id"] for p in PILLARS]
    assert len(pillars) == 16
    for pillar in pillars:
        tagged = [m for m in MEASURES + ACTIONS if pillar["id"] in m["pillars"] or pillar["id"] in m["strategies"]]
        assert pillar["measures"] == len(tagged), pillar["id"]


def test_pillar_detail_lists_its_measures(run_cli):
    result = run_cli("pillar", "PPP")
    assert result.code == 0
    assert result.lines[0].startswith("Pillar ppp: ")
    for measure in (m for m in MEASURES if "ppp" in m["pillars"]):
        assert re.search(rf"^ {re.escape(measure['id'])} ", result.stdout, re.M), measure["id"]


def test_every_alias_names_one_pillar():
    from infraplan.catalogue import lookup_key

    owners = {}
    for pillar in PILLARS:
        for key in [pillar["id"], *pillar["aliases"]]:
            assert owners.setdefault(lookup_key(key), pillar["id"]) == pillar["id"], key


def test_long_point_labels_do_not_widen_the_label_column(run_cli, monkeypatch):
    # 3.5.6.2's points are headed by long sub-headings of the plan; in the label column, which does
    # not wrap, they pushed every value to the right edge at 80 columns.
    monkeypatch.setenv("COLUMNS", "80")
    lines = run_cli("measure", "3.5.6.2").lines
    assert lines[2].startswith("Title          「我が国の物流システムの海外展開支援」")
    bullet = next(line for line in lines if line.startswith("•"))
    assert bullet.rstrip() == "•              コールドチェーン物流サービス規格（JSA-S1004）の国際標準化の推進"
