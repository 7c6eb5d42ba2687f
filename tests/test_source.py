"""The plan's text: normalisation, the index back to lines, and `infraplan source`."""

from __future__ import annotations

import json

import pytest

from conftest import SOURCE
from infraplan.source import PlanText, normalise

PLAN = PlanText.read(SOURCE)


def test_normalise_is_nfkc_without_white_space():
    assert normalise("２０２２ 年\u3000５月に\tE/N 署名\n") == "2022年5月にE/N署名"


def test_page_number_lines_are_left_out_and_offsets_map_back_to_lines():
    plan = PlanText(["世界で年間約", " 12 ", "", "30兆円規模", "。"])
    assert plan.text == "世界で年間約30兆円規模。"
    assert [plan.line_at(i) for i in (0, 5, 6, 11, 12)] == [1, 1, 4, 4, 5]
    assert plan.span(4, 4) == (6, 12)
    assert plan.passage(1, 2) == [(1, "世界で年間約"), (2, " 12")]


def test_lines_cover_the_rest_of_a_sentence_their_last_line_leaves_unfinished():
    plan = PlanText(["現在の主要プレイヤーは、欧州、韓国のほか、近年", "", "はトルコや中国などが進出している。特に、欧州の",
                     "官公庁船建造企業", "次の文。"])
    start, end = plan.covered(1, 2)
    assert plan.text[start:end] == "現在の主要プレイヤーは、欧州、韓国のほか、近年はトルコや中国などが進出している。"
    assert plan.covered(3, 3) == plan.span(3, 3)  # ends mid-sentence, but the next line ends no sentence
    assert plan.covered(5, 5) == plan.span(5, 5)


def test_the_shipped_text_normalises_as_the_fidelity_rule_says():
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    import re
    import unicodedata

    kept = "".join(line for line in lines if not re.match(r"^\s*\d{1,3}\s*$", line))
    assert PLAN.text == re.sub(r"\s+", "", unicodedata.normalize("NFKC", kept))
    assert PLAN.line_count == 10837


def test_closest_passage_names_its_line():
    line, passage = PLAN.closest(normalise("南北高速鉄到整備事業"))
    assert (line, passage) == (8679, "南北高速鉄道整備事業")


# -- infraplan source ------------------------------------------------------------------------------

def test_source_prints_a_line_range_with_line_numbers(run_cli):
    result = run_cli("source", "9815-9819")
    assert result.code == 0, result
    assert result.stdout == "".join(
        f"{n}  {PLAN.lines[n - 1]}".rstrip() + "\n" for n in range(9815, 9820))
    assert result.lines[1] == "9816"  # a blank line of the plan: its number only
    assert result.lines[2] == "9817  日本の新幹線システムを利用してム"
    assert run_cli("source", "line:9817").stdout == "9817  日本の新幹線システムを利用してム\n"


def test_source_json_is_the_lines_as_read(run_cli):
    result = run_cli("source", "9807-9809", "--format", "json")
    assert result.code == 0, result
    assert json.loads(result.stdout) == [{"line": 9807, "text": "50 "}, {"line": 9808, "text": ""},
                                         {"line": 9809, "text": "ムンバイ～ア"}]


@pytest.mark.parametrize("ref,first,last,first_text", [
    ("50", 9807, 9833, "50"),                                              # a project
    ("project:41", 9549, 9577, "41"),
    ("2.3.3.5", 2618, 2654, "5)  運営・維持管理（O&M）への参画"),            # a chapter-2 measure
    ("3.1.6.3", 3904, 3919, "3)  運行・保守事業の参画推進等継続的関与の強化"),  # a sector action
    ("sector:rail", 3636, 4015, "(１) 鉄道"),                                # a sector
    ("鉄道", 3636, 4015, "(１) 鉄道"),
    ("om", 792, 885, "①  O&M の参画推進による継続的関与の強化"),             # a pillar
])
def test_source_of_a_record_prints_the_lines_it_was_taken_from(run_cli, ref, first, last, first_text):
    result = run_cli("source", ref)
    assert result.code == 0, result
    assert len(result.lines) == last - first + 1
    assert result.lines[0] == f"{first}  {first_text}"
    assert result.lines[-1].startswith(f"{last}")


@pytest.mark.parametrize("args,message", [
    (["10830-10900"], "lines 10830-10900 run past the end of the plan's text (lines 1-10837)"),
    (["line:10838"], "line 10838 runs past the end of the plan's text (lines 1-10837)"),
    (["0-3"], "lines 0-3 start before the plan's text (lines 1-10837)"),
    (["9833-9807"], "lines 9833-9807 are reversed: the first line comes after the last (did you mean 9807-9833?)"),
    (["9807"], "unknown project '9807'; valid values: 1-93; for line 9807 of the plan write line:9807 or 9807-9807"),
    (["bangaldesh"], "unknown record 'bangaldesh' (did you mean 'country:bangladesh' or "
                      "'organization:bangladesh-ppp-authority' or 'organization:japan-bangladesh-ppp-platform'?)"),
    (["bangladesh"], "country 'bangladesh' has no lines in the plan's text; "
                     "projects, measures, sector actions, sectors, pillars and headings do"),
    (["organization:jica"], "organization 'jica' has no lines in the plan's text; "
                            "projects, measures, sector actions, sectors, pillars and headings do"),
])
def test_source_errors_are_one_line_usage_errors(run_cli, args, message):
    result = run_cli("source", *args)
    assert result.code == 2, result
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for 'LINES|REF': {message}"


@pytest.mark.parametrize("args,line", [
    (["project", "50"], "Source       ⑨インド, lines 9807-9833 (infraplan source 50)"),
    (["measure", "3.1.6.3"], "Source         第３章（１）⑥ 3）, lines 3904-3919 (infraplan source 3.1.6.3)"),
    (["sector", "rail", "--section", "frameworks"], "Source  (１) 鉄道, lines 3636-4015 (infraplan source sector:rail)"),
    (["pillar", "om"], "Source   第２章（１）①, lines 792-885 (infraplan source pillar:om)"),
    (["show", "rail"], "Source           (１) 鉄道, lines 3636-4015 (infraplan source sector:rail)"),
])
def test_detail_views_name_the_command_that_prints_their_source(run_cli, args, line):
    result = run_cli(*args)
    assert result.code == 0, result
    assert line in [printed.rstrip() for printed in result.lines]


def test_a_source_that_is_not_utf8_is_located(case_dir, run_cli):
    data = case_dir()
    with open(data / "source" / "action-plan-2023.txt", "ab") as f:
        f.write(b"\xff\xfe\n")
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        "data/source/action-plan-2023.txt:10838:1: bytes 0xFF 0xFE are not UTF-8; save the file as UTF-8")
    query = run_cli("source", "1-2", data=data)
    assert query.code == 2
    assert query.stderr.startswith("Error: cannot read the plan's text ")
