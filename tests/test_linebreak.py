"""Line breaking for tables: words and ids stay whole, Japanese breaks by the basic 禁則 rules,
columns narrow text first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from infraplan import linebreak
from infraplan.linebreak import (NO_END, NO_START, TEXT_COMFORT, TEXT_FLOOR, _char_by_char, _cut, clusters, fit,
                                  longest_cluster, wrap)


def kinsoku_violations(lines: list[str]) -> list[str]:
    return [line for line in lines if line and (line[0] in NO_START or line[-1] in NO_END)]


# -- wrap ------------------------------------------------------------------------------------------

def test_english_breaks_at_spaces_only():
    assert wrap("International Cooperation Agency", 14) == ["International", "Cooperation", "Agency"]
    assert wrap("transport-soft-infra, urban-development", 21) == ["transport-soft-infra,", "urban-development"]


def test_japanese_breaks_between_characters():
    assert wrap("日本の新幹線システム", 8) == ["日本の新", "幹線シス", "テム"]


@pytest.mark.parametrize("text, width, expected", [
    # a line never starts with 、。）」～ or a small kana or ー: the character before comes down with it
    ("ムンバイ～アーメダバード間、高速鉄道", 8, ["ムンバ", "イ～アー", "メダバー", "ド間、高", "速鉄道"]),
    ("約500km）を結ぶ", 8, ["約", "500km）", "を結ぶ"]),
    ("輸送人員が増えた。", 8, ["輸送人員", "が増え", "た。"]),
    ("「日本」と言った", 6, ["「日", "本」と", "言った"]),
    ("ショッピング", 6, ["ショッ", "ピング"]),
    ("データー", 6, ["デー", "ター"]),
    # a line never ends with （「『【: the character after goes up with it
    ("第三期（追加）", 8, ["第三期", "（追加）"]),
    ("事業「ハノイ」", 6, ["事業", "「ハノ", "イ」"]),
])
def test_kinsoku(text, width, expected):
    lines = wrap(text, width)
    assert lines == expected
    assert not kinsoku_violations(lines)


def test_latin_inside_japanese_stays_whole():
    assert wrap("2022年5月にE/N署名、7月にL/A締結", 12) == ["2022年5月に", "E/N署名、7月", "にL/A締結"]


def test_a_word_wider_than_the_column_is_cut_as_a_last_resort():
    assert wrap("Internationalisation", 8) == ["Internat", "ionalisa", "tion"]


def test_hyphens_break_a_compound_word_only_when_asked():
    assert wrap("transport-soft-infra", 12) == ["transport-so", "ft-infra"]  # cut: the last resort
    assert wrap("transport-soft-infra", 12, hyphens=True) == ["transport-", "soft-infra"]
    assert wrap("Using government-to-government frameworks", 16, hyphens=True) == [
        "Using", "government-to-", "government", "frameworks"]
    assert longest_cluster("government-to-government") == 24
    assert longest_cluster("government-to-government", hyphens=True) == 11


def test_spaces_only_keeps_a_figure_with_a_japanese_unit_whole():
    assert wrap("≈30 兆円/年 (2025-2027)", 11, spaces=True) == ["≈30 兆円/年", "(2025-2027)"]
    assert wrap("≈30 兆円/年", 7, spaces=True) == ["≈30", "兆円/年"]
    assert wrap("≈30 兆円/年", 7) == ["≈30 兆", "円/年"]  # a text column breaks inside Japanese


def test_a_dash_between_dates_stays_with_the_first():
    assert wrap("2022-05 – 2022-07 (planned)", 9, spaces=True) == ["2022-05 –", "2022-07", "(planned)"]
    assert longest_cluster("2022-05 – 2022-07", spaces=True) == 9


def test_line_breaks_in_the_text_are_kept_and_no_line_has_outer_spaces():
    assert wrap("a  b\n\nc ", 10) == ["a b", "", "c"]


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(sorted(set("ab1-9 。、「」（）()日本語ーッ～–,.:;\u3000\t\nｱ-é") | NO_START | NO_END))),
       st.booleans(), st.booleans())
def test_the_pattern_cuts_where_the_rule_does_character_by_character(text, hyphens, spaces):
    assert _cut(text, hyphens, spaces) == _char_by_char(text, hyphens, spaces)


@given(st.text(alphabet=st.sampled_from("a 1。日ｱé\u0301\u200d\ufe0f\u200b\t👍🇯🇵\u3000ー")))
def test_cells_are_counted_as_rich_counts_them(text):
    assert linebreak.cell_len(text) == cell_len(text)


def test_clusters():
    assert clusters("E/N署名、7月") == ["E/N", "署", "名、", "7月"]
    assert clusters("（約500km）") == ["（約", "500km）"]


_TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019-./ 日本語のアイウ漢字、。）「」（ーッャ")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, width=st.integers(min_value=2, max_value=60))
def test_wrap_keeps_every_character_and_the_width(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # 禁則 holds at every break wherever no unbreakable run is wider than the line
    if longest_cluster(text) <= width:
        assert not [line for line in lines[1:] if line[0] in NO_START]
        assert not [line for line in lines[:-1] if line[-1] in NO_END]
        assert all(any(word in line for line in lines) for word in text.split() if word.isascii())


# -- fit -------------------------------------------------------------------------------------------

def test_fit_leaves_what_fits_alone():
    assert fit([4, 30, 10], [4, 10, 10], [True, False, True], 80) == [4, 30, 10]


def test_text_columns_give_way_before_ids_wrap():
    # an id column (token) keeps its natural width while text narrows down to TEXT_COMFORT
    widths = fit([9, 60, 20], [9, 15, 20], [True, False, True], 9 + TEXT_COMFORT + 20)
    assert widths == [9, TEXT_COMFORT, 20]


def test_ids_narrow_to_their_longest_word_then_text_to_its_floor():
    widths = fit([9, 60, 40], [9, 15, 20], [True, False, True], 9 + TEXT_FLOOR + 20)
    assert widths == [9, TEXT_FLOOR, 20]


def test_fit_never_goes_below_the_longest_word_if_it_can_help_it():
    widths = fit([9, 60, 40], [9, 15, 20], [True, False, True], 9 + 15 + 20)
    assert widths == [9, 15, 20]
    cut = fit([9, 60, 40], [9, 15, 20], [True, False, True], 9 + 12 + 20, hyphenated=[9, 12, 20])
    assert cut == [9, 12, 20]  # hyphenated compounds before cutting words


@settings(max_examples=200, deadline=None)
@given(columns=st.lists(st.tuples(st.integers(1, 80), st.integers(1, 30), st.booleans()), min_size=1, max_size=8),
       available=st.integers(1, 200))
def test_fit_sums_to_the_width_when_it_can(columns, available):
    natural = [max(n, m) for n, m, _ in columns]
    minimum = [m for _, m, _ in columns]
    widths = fit(natural, minimum, [t for _, _, t in columns], available)
    assert all(1 <= w <= n for w, n in zip(widths, natural))
    if sum(natural) <= available:
        assert widths == natural
    elif available >= len(columns):
        assert sum(widths) == available


def _narrow_a_cell_at_a_time(widths, columns, floors, excess):
    widths = list(widths)
    while excess > 0:
        candidates = [i for i in columns if widths[i] > floors[i]]
        if not candidates:
            break
        top = max(widths[i] for i in candidates)
        for i in reversed([i for i in candidates if widths[i] == top]):
            widths[i] -= 1
            excess -= 1
            if excess <= 0:
                break
    return widths


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 60), st.booleans()), min_size=1, max_size=7),
       st.integers(0, 400))
def test_narrowing_in_steps_is_narrowing_a_cell_at_a_time(columns, excess):
    widths = [w for w, _, _ in columns]
    floors = [min(f, w) for w, f, _ in columns]
    chosen = [i for i, (_, _, pick) in enumerate(columns) if pick]
    assert linebreak._narrow(widths, chosen, floors, excess) == _narrow_a_cell_at_a_time(widths, chosen, floors, excess)


def _wrap_a_cluster_at_a_time(text, width, hyphens, spaces):
    width = max(1, width)
    lines, cells = [], []
    for paragraph in text.split("\n"):
        line, used, space = "", 0, ""
        for cluster in clusters(paragraph, hyphens, spaces):
            if cluster.isspace():
                space = " " if line else ""
                continue
            size = cell_len(cluster)
            if used + len(space) + size <= width:
                line, used = line + space + cluster, used + len(space) + size
            else:
                if line:
                    lines.append(line)
                    cells.append(used)
                line = ""
                for piece in linebreak._fold(cluster, width):
                    if line:
                        lines.append(line)
                        cells.append(cell_len(line))
                    line = piece
                used = cell_len(line)
            space = ""
        lines.append(line)
        cells.append(used)
    return lines, cells


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(["a", "b", "1", "-", " ", "  ", "。", "「", "」", "日本", "ー", "\u3000", "\t", "\n",
                                 "abcdefgh", "government-to-government", "\u200b", "é"]), max_size=20).map("".join),
       st.integers(0, 14), st.booleans(), st.booleans())
def test_lines_filled_a_line_at_a_time_are_those_filled_a_cluster_at_a_time(text, width, hyphens, spaces):
    assert linebreak.wrap_cells(text, width, hyphens, spaces) == _wrap_a_cluster_at_a_time(text, width, hyphens, spaces)
