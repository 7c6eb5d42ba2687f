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
