"""The reader's language (ja, en or both) and the one vocabulary of labels the views show in it.

`--lang` (or INFRAPLAN_LANG) sets it once per run; views and renderers ask `lang()`. Labels
(column names, field labels, headings, titles, messages) are written in English in the views and
looked up in LABELS for Japanese, so each has one entry here and no view holds an `if`. Data text
comes in pairs (name_ja/name_en, summary_en/summary_ja, …): `pair` shows the reader's half, or
both halves in `both`; where a record has only one language for a field (an English-only note, a
figure's Japanese quotation), the other language is shown instead, marked by FALLBACK.
Nothing here prints; nothing here imports anything heavy.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

LANGS = ("ja", "en", "both")

# The marker of a text shown in the other language because the record has none in the reader's.
FALLBACK = {"ja": "[英語] ", "en": "[Japanese] "}


class Language:
    """The reader's choice: `code` (ja, en, both) and whether it was asked for (--lang or
    INFRAPLAN_LANG): only then do json, yaml and csv keep one language's fields."""

    def __init__(self, code: str = "both", explicit: bool = False):
        if code not in LANGS:
            raise ValueError(f"unknown language {code!r}")
        self.code, self.explicit = code, explicit


_current: ContextVar[Language] = ContextVar("infraplan_language", default=Language())


def current() -> Language:
    return _current.get()


def lang() -> str:
    """ja, en or both."""
    return _current.get().code


def set_language(language: Language):
    """Make language the current one; returns the token that `reset` takes."""
    return _current.set(language)


def reset(token) -> None:
    _current.reset(token)


@contextmanager
def using(code: str, explicit: bool = False):
    """`with using("ja"): …` renders in Japanese (tests, and whoever builds views without the CLI)."""
    token = _current.set(Language(code, explicit))
    try:
        yield
    finally:
        _current.reset(token)


# -- labels ---------------------------------------------------------------------------------------
# English label -> Japanese. The English is the key (what the views write and what `en` and `both`
# show); a label missing here shows in English and is noted in MISSING (a test keeps it empty).

LABELS: dict[str, str] = {
    # columns
    "ID": "ID", "No.": "番号", "Project": "案件", "Projects": "案件", "Country": "国", "Countries": "国",
    "Sector": "分野", "Sectors": "分野", "Stage": "段階", "Latest": "直近の動き", "Date": "日付", "Kind": "種類",
    "Development": "動き", "Developments": "動き", "Name": "名称", "ISO": "ISO", "Region": "地域",
    "Measure": "施策", "Measures": "施策", "Action": "取組", "Actions": "取組", "Overseas market": "海外市場",
    "Market": "市場", "Figure": "数値", "What": "内容", "The plan's words": "計画の記述", "Source": "出典",
    "Lines": "行", "Line": "行", "Text": "本文", "Competitor": "競合", "Competitors": "競合",
    "What the plan says": "計画の記述", "Strengths": "強み", "Challenges": "課題",
    "Strengths and challenges": "強みと課題", "Framework": "枠組み", "Frameworks": "枠組み",
    "Organisation": "組織", "Organisations": "組織", "Organizations": "組織", "What it is": "概要",
    "Pillar": "柱", "Pillars": "柱", "Section": "節", "Title": "表題", "Score": "スコア", "Match": "一致箇所",
    "Relation": "関係", "Abbr.": "略称", "Framework of": "枠組みの分野", "N": "数", "Heading": "見出し",
    "Summary": "要約", "Results": "検索結果", "Timeline": "時系列", "Related": "関連",
    # fields
    "Overview": "概要", "Status": "状況", "New in 2023": "2023年の新規", "Source note": "出典に関する注記",
    "Under": "見出し", "Other sectors": "他の分野", "Strategies": "戦略", "Codes": "コード",
    "Competitor in": "競合国である分野", "Aliases": "別名", "Abbreviation": "略称", "Background": "背景",
    "Domestic": "国内", "Overseas": "海外", "Competition": "競合", "Competitors' moves": "競合国の動向",
    "Situation overseas": "海外における競合の状況", "Directions": "今後の方向性", "Market figures": "市場の数値",
    "In": "位置", "Preamble": "前文", "Sub-headings": "下位の見出し", "Under it": "配下", "KPI": "KPI",
    "Publisher": "発行", "Edition": "版", "Attribution": "出典の表示", "Licence": "利用条件", "Outline": "目次",
    "Since last year": "前年からの変更", "New projects": "新規案件", "Countries with projects": "案件のある国",
    "Sector actions": "分野別の取組", "Sector action": "分野別の取組",
    "Tag note": "タグ付けの注記", "Footnotes": "脚注", "Footnote": "脚注", "Cited by": "引用元", "Cited at": "引用箇所",
    "Printed at": "掲載箇所", "Won project": "受注済み案件", "Plan says": "計画の記述", "Project list": "案件リスト",
    "Won": "受注済み", "Sector profile": "分野別の概要", "Background in chapter 1": "第１章の背景",
    "Regions": "地域", "Countries (projects)": "国（案件数）", "No regions.": "地域はありません。",
    # section headings and titles
    "Chapter-2 measures that name it": "この分野に言及する第２章の施策", "Chapter-2 measures": "第２章の施策",
    "Measures that name it": "この案件に言及する施策", "Measures tagged with it": "この柱に関連づけられた施策",
    "Measures and sector actions that name it": "これに言及する施策・分野別の取組",
    "Projects it names": "言及する案件", "Projects by stage": "段階別の案件", "Projects by region": "地域別の案件",
    "Projects by country": "国別の案件", "Projects by sector": "分野別の案件",
    "Measures and sector actions by pillar": "柱別の施策・分野別の取組", "The plan at a glance": "計画の概観",
    "Latest developments": "直近の動き", "Lines of the plan": "計画の行",
    # messages (an empty listing: on stderr, or in place of a section)
    "Nothing matches.": "該当するものはありません。", "No projects match.": "該当する案件はありません。",
    "No measures match.": "該当する施策はありません。", "No dated developments.": "日付のある動きはありません。",
    "No dated developments match.": "該当する日付のある動きはありません。", "No countries.": "国はありません。",
    "No sectors.": "分野はありません。", "No pillars.": "柱はありません。", "No organisations.": "組織はありません。",
    "No actions.": "取組はありません。", "No headings.": "見出しはありません。", "No lines.": "行はありません。",
    "None stated.": "記述はありません。", "Nothing links to it.": "関連するものはありません。",
    "Nothing to count.": "数えるものはありません。", "The plan gives no figures here.": "計画はここに数値を示していません。",
    "The plan names no competitors here.": "計画はここに競合を挙げていません。",
    "The plan lists no frameworks (no ⑦).": "計画は枠組みを挙げていません（⑦なし）。",
    # relations (show's Related table)
    "country": "国", "sector": "分野", "named by measure": "言及する施策", "named by sector action": "言及する分野別の取組",
    "under heading": "見出し", "in sector": "分野", "pillar": "柱", "names sector": "言及する分野",
    "names country": "言及する国", "names project": "言及する案件", "names organization": "言及する組織",
    "heading": "見出し", "project": "案件", "action": "取組", "framework": "枠組み",
    "competitor country": "競合国", "tagged measure": "関連づけられた施策",
    "tagged sector action": "関連づけられた分野別の取組", "competitor in sector": "競合国である分野",
    "parent heading": "上位の見出し", "heading of": "見出しの対象", "background to pillar": "背景とする柱",
    "strategy": "戦略", "sub-heading": "下位の見出し", "measure": "施策", "sector action": "分野別の取組",
    "framework of sector": "枠組みの分野", "cited by": "引用元", "cites footnote": "引用する脚注",
    "listed under heading": "掲載見出し", "named by footnote": "言及する脚注", "organization": "組織",
    "profile of": "概要の対象", "sector profile": "分野別の概要", "won project": "受注済み案件",
    # words inside values
    "yes": "はい", "no": "いいえ", "(summary)": "（要約）", "(translation)": "（翻訳）", "(planned)": "（予定）",
    "(headline)": "（代表値）", "★new": "★新規", ", ": "、", "domestic": "国内", "overseas": "海外",
    # regions (vocab.REGIONS)
    "Southeast Asia": "東南アジア", "South Asia": "南アジア", "East Asia": "東アジア", "North America": "北米",
    "Europe": "欧州", "Oceania": "大洋州", "Middle East": "中東", "Central Asia and the Caucasus": "中央アジア・コーカサス",
    "Africa": "アフリカ", "Latin America": "中南米",
    # stages (vocab.STAGES)
    "the partner government is studying or planning the project": "相手国政府が事業を検討・計画している",
    "a feasibility, preparatory or formulation survey is under way or done": "事業化調査・準備調査等を実施中または実施済み",
    "detailed design is under way": "詳細設計を実施中",
    "financing agreed (E/N or L/A signed), procurement not yet launched": "資金協力に合意（E/N署名またはL/A締結）、調達は未開始",
    "procurement under way: bids, tenders or consultant selection": "調達中（入札、コンサルタント選定等）",
    "contract awarded; construction or delivery under way": "契約済み、建設・納入中",
    "in operation, or in its operation and maintenance phase": "運営中、または運営・維持管理の段階",
    "suspended or on hold": "中断または保留",
    "under review given the situation in the country (Myanmar)": "当該国の情勢を踏まえ検討中（ミャンマー）",
}

MISSING: set[str] = set()  # English labels asked for in Japanese that LABELS lacks

_COUNT = re.compile(r"^(.+?) \((\d+)(?: of (\d+))?\)$")  # "Projects (93)", "Projects (5 of 93)"
_QUALIFIED = re.compile(r"^(.+?) (\(.+\))$")  # "Framework (rail)": a label and what it is of
_LETTERS = re.compile(r"[A-Za-z]")


def t(text: str) -> str:
    """A label in the reader's language: Japanese for ja (from LABELS), else as written."""
    if lang() != "ja" or not text:
        return text
    if text in LABELS:
        return LABELS[text]
    if _LETTERS.search(text):
        MISSING.add(text)
    return text


def label(text: str) -> str:
    """A heading, title, column name or message as the renderers get it: a label, possibly with
    a count ("Projects (93)", "Projects (5 of 93)") or what it is of ("Framework (rail)"). Text
    that is already Japanese, or holds no letters (a point's "(a)"), passes unchanged."""
    if lang() != "ja" or not text or text in LABELS:
        return t(text)
    if not _LETTERS.search(text) or _japanese(text):
        return text
    count = _COUNT.match(text)
    if count and count.group(1) in LABELS:
        head, shown, total = count.groups()
        return f"{LABELS[head]}（{total}件中{shown}件）" if total else f"{LABELS[head]}（{shown}）"
    qualified = _QUALIFIED.match(text)
    if qualified and qualified.group(1) in LABELS:
        return f"{LABELS[qualified.group(1)]} {qualified.group(2)}"
    return t(text)


def _japanese(text: str) -> bool:
    return any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in text)


def shows(code: str) -> bool:
    """Whether text in `code` (ja or en) is shown to the reader."""
    return lang() in (code, "both")


# -- data text ------------------------------------------------------------------------------------

def marked(code: str, text: str | None) -> str | None:
    """text (in the language `code` lacks) marked as shown in place of the reader's language."""
    return FALLBACK[code] + text if text else text


def choose(ja: str | None, en: str | None, both: str | None = None) -> str | None:
    """One text for the reader: ja, en, or for `both` the given text (default: en, as the
    English-labelled views always showed); a missing half falls back to the other, marked."""
    code = lang()
    if code == "ja":
        return ja if ja else marked("ja", en)
    if code == "en":
        return en if en else marked("en", ja)
    return both if both is not None else (en if en else ja)


def pair(ja: str | None, en: str | None, *, en_first: bool = False, sep: str = "\n") -> str | None:
    """Both halves of a bilingual text for `both` (Japanese first unless en_first), the reader's
    half for ja or en (the other, marked, where the record lacks it)."""
    if lang() != "both":
        return choose(ja, en)
    parts = [p for p in ((en, ja) if en_first else (ja, en)) if p]
    return sep.join(parts) or None


def name(record: dict, key: str = "name") -> str:
    """A record's name (key="name") or title (key="title") in one language: English for both."""
    return choose(record.get(f"{key}_ja"), record.get(f"{key}_en")) or ""


def only(code: str, text: str | None) -> str | None:
    """text for readers of `code` (ja or en) and of both; nothing for the others (who have its
    twin elsewhere in the view)."""
    return text if shows(code) else None


def english_only(text: str | None) -> str | None:
    """A text infraplan has only in English (a note, a scope): marked for a Japanese reader."""
    return marked("ja", text) if lang() == "ja" else text


def field(key: str) -> str:
    """The record field to show for key "name_en"/"title_en": its _ja twin for a Japanese reader."""
    return key[:-3] + "_ja" if lang() == "ja" and key.endswith("_en") else key


# -- machine formats ------------------------------------------------------------------------------

def keeps(key: str) -> bool:
    """Whether a field survives in json, yaml and csv: all do unless --lang asked for one
    language, which drops the other's (`*_en` or `*_ja`, and `en`/`ja` of a {ja, en} pair)."""
    language = current()
    if not language.explicit or language.code == "both":
        return True
    other = "en" if language.code == "ja" else "ja"
    return not (key == other or key.endswith("_" + other))


def fields(value: object) -> object:
    """A record (or list of them) with only the fields `keeps` keeps, at any depth."""
    language = current()
    if not language.explicit or language.code == "both":
        return value
    if isinstance(value, dict):
        return {k: fields(v) for k, v in value.items() if not isinstance(k, str) or keeps(k)}
    if isinstance(value, list):
        return [fields(v) for v in value]
    return value
