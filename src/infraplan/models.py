"""Pydantic models: the single definition of every record in data/.

Imported only when data is validated (``infraplan validate`` or a stale cache); queries read the
validated records from the cache as plain dicts.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from infraplan.problems import INVISIBLE
from infraplan.vocab import EVENT_KINDS, PILLAR_KINDS, REGIONS, SECTOR_IDS, STAGES

# Characters no text field may hold (controls, zero-width and bidi characters); a one-line field
# refuses line breaks and tabs as well. The loader refuses them written raw in a file, at their
# line:col; these catch them written as escapes ("\u202e") or made by YAML's folding.
_INVISIBLE = re.compile(f"[\x00-\x08\x0b-\x1f{INVISIBLE}]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _no_invisible(value: str) -> str:
    from infraplan.loader import char_name

    hit = _INVISIBLE.search(value)
    if hit:
        raise ValueError(f"contains {char_name(hit.group())}, an invisible or control character; remove it")
    return value


def _one_line(value: str) -> str:
    hit = re.search("[\n\t]", value)
    if hit:
        what = "a line break" if hit.group() == "\n" else "a tab"
        raise ValueError(f"contains {what}; this field is one line of text")
    return _no_invisible(value)


def _partial_date(value: str) -> str:
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}' has no day {day}")
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]  # names, titles, quotations
Prose = Annotated[str, StringConstraints(min_length=1), AfterValidator(_no_invisible)]  # may run to paragraphs
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
PartialDate = Annotated[str, AfterValidator(_partial_date)]
SectionId = Annotated[str, StringConstraints(pattern=r"^[1-9]\d*(\.[1-9]\d*)+$")]
LineRange = Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=2, max_length=2)]

Region = Literal[tuple(REGIONS)]  # type: ignore[valid-type]
Stage = Literal[tuple(STAGES)]  # type: ignore[valid-type]
EventKind = Literal[tuple(EVENT_KINDS)]  # type: ignore[valid-type]
SectorId = Literal[SECTOR_IDS]  # type: ignore[valid-type]
PillarKind = Literal[tuple(PILLAR_KINDS)]  # type: ignore[valid-type]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceRef(Record):
    """Where a record sits in the plan: its heading and its line range in the source text."""

    section: Text
    lines: LineRange


class Strategy(Record):
    """A priority strategy of the edition (chapter 1 (2)); its id is a pillar of kind strategy."""

    id: Slug
    title_ja: Text
    title_en: Text


class Kpi(Record):
    """The edition's headline target (KPI): its value, unit and year, in the plan's own words."""

    value: int
    unit: Text
    year: int
    quote_ja: Text
    summary_en: Prose


class WonProject(Record):
    """A project Japanese companies won since the previous edition, as the project list's preamble names it.
    The plan gives no country or sector for these: both are our classification, explained in tag_note."""

    id: Slug
    name_ja: Text
    name_en: Text
    country: Annotated[Slug | None, Field(description="A country id of countries.yaml; null where the plan names none")]
    sectors: Annotated[list[Slug], Field(min_length=1, description="Sector ids, main one first")]
    quote_ja: Text | None = None
    summary_en: Prose
    summary_ja: Prose | None = None
    lines: LineRange
    tag_note: Annotated[Prose, Field(description="Why this country and these sectors")]


class ProjectList(Record):
    """The project list's own history (its preamble): this edition's count against the previous one's,
    the projects removed and added, and the projects won since then."""

    count: Annotated[int, Field(ge=0, description="Target projects in this edition (the records of projects.yaml)")]
    previous_count: Annotated[int, Field(ge=0, description="Target projects in the previous edition")]
    removed: Annotated[int, Field(ge=0, description="Projects of the previous edition removed from the list")]
    added: Annotated[int, Field(ge=0, description="Projects added (the 【新規案件】 of projects.yaml)")]
    quote_ja: list[Text] | Text
    summary_en: Prose
    summary_ja: Prose | None = None
    lines: LineRange
    won: list[WonProject]


class Plan(Record):
    """The edition this knowledge base transcribes: title, publisher, KPI, strategies, the project
    list's history, attribution."""

    title: dict[Literal["ja", "en"], Text]
    publisher: dict[Literal["ja", "en"], Text]
    edition: int
    kpi: Kpi
    strategies: list[Strategy]
    project_list: Annotated[ProjectList | None, Field(
        description="The project list's history; absent in data written before it was recorded")] = None
    attribution: Prose
    licence: Prose


class PlanFile(Record):
    """data/plan.yaml: the edition's headline facts."""

    plan: Plan


class Country(Record):
    """A country the plan names; name_ja is the plan's own spelling, iso2/iso3 its ISO 3166-1 codes."""

    id: Slug
    name_ja: Text
    name_en: Text
    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    region: Annotated[Region, Field(description="; ".join(f"{k}: {v}" for k, v in REGIONS.items()))]
    aliases: list[Text] = []


class CountriesFile(Record):
    """data/countries.yaml: every country the plan names."""

    countries: list[Country]


class Event(Record):
    """A dated development of a project: one bullet of the plan, quoted whole in text_ja."""

    date: Annotated[PartialDate, Field(description="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the plan; quote it",
                                       json_schema_extra={"pattern": _DATE.pattern})]
    end: Annotated[PartialDate | None, Field(description="The end of a range, as date",
                                             json_schema_extra={"pattern": _DATE.pattern})] = None
    planned: Annotated[bool, Field(description="True for plans and expectations (予定, 見込み, 目標)")] = False
    note: Prose | None = None
    kind: Annotated[EventKind, Field(description="; ".join(f"{k}: {v}" for k, v in EVENT_KINDS.items()))]
    text_ja: Text
    text_en: Prose


class Project(Record):
    """A target project of the plan's closing table; *_ja fields are quotations of the plan."""

    id: Annotated[int, Field(ge=1, description="The plan's own number; ids run from 1 without gaps")]
    name_ja: Text
    name_en: Text
    country: Annotated[Slug, Field(description="A country id of countries.yaml")]
    sectors: Annotated[list[Slug], Field(min_length=1, description="Sector ids (data/sectors/<id>.yaml), main one first")]
    new: Annotated[bool, Field(description="True for the projects marked 【新規案件】 (new in 2023)")]
    stage: Annotated[Stage, Field(description="; ".join(f"{k}: {v[0]}" for k, v in STAGES.items()))]
    overview_ja: Text
    overview_en: Prose
    status_ja: Text | None = None
    status_en: Prose | None = None
    events: Annotated[list[Event], Field(description="Every dated development, in date order")] = []
    source: SourceRef
    source_note: Prose | None = None


class ProjectsFile(Record):
    """data/projects.yaml: the plan's target projects."""

    projects: list[Project]




class Pillar(Record):
    """A heading of chapter 2 or a strategy of chapter 1: what measures are tagged with."""

    id: Slug
    kind: Annotated[PillarKind, Field(description="; ".join(f"{k}: {v}" for k, v in PILLAR_KINDS.items()))]
    section: SectionId
    title_ja: Text
    title_en: Text
    summary_en: Prose
    summary_ja: Prose
    aliases: list[Text] = []
    source: SourceRef


class PillarsFile(Record):
    """data/pillars.yaml: the strategies and chapter-2 headings that measures are tagged with."""

    pillars: list[Pillar]


class Chapter1Section(Record):
    """Chapter 1's significance (1.1.x) and situation and challenges (1.3.x): where the pillars come from."""

    id: SectionId
    kind: Literal["significance", "situation"]
    title_ja: Text
    title_en: Text
    summary_en: Prose
    summary_ja: Prose
    pillars: list[Slug] = []
    source: SourceRef


class Chapter1File(Record):
    """data/chapter1.yaml: chapter 1's sections, summarised."""

    sections: list[Chapter1Section]


HeadingId = Annotated[str, StringConstraints(pattern=r"^(intro|annex|[1-9]\d*)(\.[1-9]\d*)*$")]


class Preamble(Record):
    """Our bilingual summary of the text between a heading and its first sub-heading."""

    summary_en: Prose
    summary_ja: Prose
    lines: LineRange


class Heading(Record):
    """A heading of the plan, down to the level above chapter 2's measures and chapter 3's actions.

    Its id is the plan's numbering (第２章（３）③ is 2.3.3); the introduction is `intro`, the closing
    project list `annex` and its country headings `annex.<n>`. source.lines is its whole extent."""

    id: Annotated[HeadingId, Field(description="The plan's numbering as a dotted id; intro, annex, annex.<n>")]
    level: Annotated[int, Field(ge=1, le=3, description="1 chapter, 2 (１)…, 3 ①…")]
    label: Annotated[Text | None, Field(description="The numbering as printed: 第１章, （１）, ①")] = None
    title_ja: Text
    title_en: Text
    preamble: Preamble | None = None
    source: SourceRef


class Footnote(Record):
    """A footnote of the plan, numbered as printed. It belongs to the record whose lines hold cited_at."""

    number: Annotated[int, Field(ge=1, description="The footnote's number as printed; they run from 1 without gaps")]
    kind: Annotated[Literal["fact", "citation"], Field(
        description="fact: states facts of its own (a definition, a list of countries); citation: names a source")]
    text_ja: Text
    summary_en: Prose | None = None
    summary_ja: Prose | None = None
    lines: Annotated[LineRange, Field(description="Where the footnote is printed")]
    cited_at: Annotated[int, Field(ge=1, description="The line of the body text that carries its number")]
    countries: Annotated[list[Slug], Field(description="Country ids (countries.yaml) it names")] = []
    source_note: Prose | None = None


class OutlineFile(Record):
    """data/outline.yaml: the plan's headings, in the plan's order, and its footnotes."""

    headings: list[Heading]
    footnotes: list[Footnote] = []


class Organization(Record):
    """An organisation that measures, sector actions or frameworks name."""

    id: Slug
    name_ja: Text
    name_en: Text
    abbreviation: Text | None = None
    aliases: list[Text] = []


class OrganizationsFile(Record):
    """data/organizations.yaml: the organisations the plan names."""

    organizations: list[Organization]


class Point(Record):
    """A sub-point (ⅰ）, ・ …) of a measure, summarised."""

    label: Text | None = None
    summary_en: Prose
    summary_ja: Prose


class _MeasureFields(Record):
    """What chapter-2 measures and chapter-3 sector actions share: a numbered item and what it names."""

    id: SectionId
    title_ja: Text
    title_en: Text
    summary_en: Prose
    summary_ja: Prose
    pillars: Annotated[list[Slug], Field(description="Pillar ids (pillars.yaml) it serves; not the strategies")] = []
    strategies: Annotated[list[Slug], Field(description="Strategy ids (dx, decarbonization, foip) it serves")] = []
    sectors: Annotated[list[Slug], Field(description="Sector ids it names")] = []
    countries: Annotated[list[Slug], Field(description="Country ids (countries.yaml) it names")] = []
    projects: Annotated[list[Annotated[int, Field(ge=1)]], Field(description="Target project ids it names")] = []
    organizations: Annotated[list[Slug], Field(description="Organisation ids (organizations.yaml) it names")] = []
    points: list[Point] = []
    source: SourceRef
    tag_note: Annotated[Prose | None, Field(description=(
        "Why a tag the tagging rules leave room for was given or withheld (README, Tagging rules); it answers "
        "a consistency warning about a term or name when it quotes that term or name"))] = None


class Measure(_MeasureFields):
    """A numbered measure of chapter 2 (id 2.x.y.z, its place in the plan); its first pillar is its heading."""

    pillars: Annotated[list[Slug], Field(min_length=1)]


class Action(_MeasureFields):
    """A numbered item under a sector's ⑥ (JOIN: ④), id 3.<sector>.6.<n>; `sectors` are the other sectors it names."""

    group_ja: Text | None = None
    group_en: Text | None = None


class Passage(Record):
    """Our bilingual summary of one passage of the plan."""

    summary_en: Prose
    summary_ja: Prose
    source: SourceRef


class Figure(Record):
    """A quantitative statement of the plan: the number, its unit and period, and the plan's own words."""

    value: int | float
    approx: Annotated[bool, Field(description="True where the plan says 約, 程度, 以上, 超 and the like")]
    unit: Text
    period: Text | None
    scope: Prose
    quote_ja: Annotated[list[Text] | Text, Field(description=(
        "The plan's own words; a list of its parts where a footnote or a page splits the passage "
        "(2019年度に初めて２ | 兆円を超えた), which read whole joined"))]
    source: Text | None  # the report or footnote the plan cites for it
    lines: LineRange
    headline: Annotated[bool, Field(description=(
        "True on the one overseas figure that best states the size of the overseas market the sector "
        "competes in (the most recent period; a market size over a death toll or a share): the sector's "
        "headline, shown by `infraplan sectors`"))] = False


class MarketPart(Passage):
    figures: list[Figure] = []


class Market(Record):
    domestic: MarketPart | None
    overseas: MarketPart | None


class Player(Record):
    """A competitor the plan names: a company, a country or a state body."""

    name_en: Text
    name_ja: Text | None = None
    kind: Literal["company", "country", "region", "organization"]
    country: Slug | None
    note_en: Prose
    note_ja: Prose
    lines: LineRange


class Competitors(Record):
    trends: Passage | None  # ③ 競合国の動向
    situation: Passage | None  # ④ 海外(市場)における競合の状況
    players: list[Player] = []


class Statement(Record):
    """A short statement of ours (a strength or a challenge), traceable to its lines."""

    summary_en: Prose
    summary_ja: Prose
    lines: LineRange


class Framework(Record):
    """A forum, council or organisation listed under a sector's ⑦ 枠組み."""

    organization: Annotated[Slug, Field(description="The organisation's id in organizations.yaml")]
    name_ja: Text
    name_en: Text
    abbreviation: Text | None
    summary_en: Prose
    summary_ja: Prose
    source: SourceRef


class Sector(Record):
    """A sector of chapter 3 and its profile, in the plan's own order of sub-sections."""

    id: Annotated[SectorId, Field(description="The sector's id, also its file name (data/sectors/<id>.yaml)")]
    number: Annotated[int, Field(ge=1, le=12)]
    name_ja: Text
    name_en: Text
    aliases: list[Text] = []
    source: SourceRef
    overview: Passage
    market: Market | None
    competitors: Competitors
    strengths: list[Statement]
    challenges: list[Statement]
    directions: Passage | None
    actions: list[Action]
    frameworks: list[Framework]


class MeasuresFile(Record):
    """data/measures.yaml: the numbered measures of chapter 2."""

    measures: list[Measure]


# File name (relative to the data dir) -> the model of its whole content. Sector files are
# matched by folder in FILE_MODELS_BY_DIR.
FILE_MODELS: dict[str, type[Record]] = {
    "plan.yaml": PlanFile,
    "countries.yaml": CountriesFile,
    "projects.yaml": ProjectsFile,
    "organizations.yaml": OrganizationsFile,
    "pillars.yaml": PillarsFile,
    "chapter1.yaml": Chapter1File,
    "measures.yaml": MeasuresFile,
    "outline.yaml": OutlineFile,
}
FILE_MODELS_BY_DIR: dict[str, type[Record]] = {"sectors": Sector}
