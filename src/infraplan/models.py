"""Pydantic models: the single definition of every record in data/.

Imported only when data is validated (``infraplan validate`` or a stale cache); queries read the
validated records from the cache as plain dicts.
"""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from infraplan.vocab import EVENT_KINDS, PILLAR_KINDS, REGIONS, SECTOR_IDS, STAGES

# Characters no text field may hold (controls, zero-width and bidi characters); a one-line field
# refuses line breaks and tabs as well. The loader refuses them written raw in a file, at their
# line:col; these catch them written as escapes ("\u202e") or made by YAML's folding.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff]")
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
    id: Slug
    title_ja: Text
    title_en: Text


class Kpi(Record):
    value: int
    unit: Text
    year: int
    quote_ja: Text
    summary_en: Prose


class Plan(Record):
    title: dict[Literal["ja", "en"], Text]
    publisher: dict[Literal["ja", "en"], Text]
    edition: int
    kpi: Kpi
    strategies: list[Strategy]
    attribution: Prose
    licence: Prose


class PlanFile(Record):
    plan: Plan


class Country(Record):
    id: Slug
    name_ja: Text
    name_en: Text
    iso2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    region: Region
    aliases: list[Text] = []


class CountriesFile(Record):
    countries: list[Country]


class Event(Record):
    date: PartialDate
    end: PartialDate | None = None
    planned: bool = False
    note: Prose | None = None
    kind: EventKind
    text_ja: Text
    text_en: Prose


class Project(Record):
    id: Annotated[int, Field(ge=1)]
    name_ja: Text
    name_en: Text
    country: Slug
    sectors: Annotated[list[Slug], Field(min_length=1)]
    new: bool
    stage: Stage
    overview_ja: Text
    overview_en: Prose
    status_ja: Text | None = None
    status_en: Prose | None = None
    events: list[Event] = []
    source: SourceRef
    source_note: Prose | None = None


class ProjectsFile(Record):
    projects: list[Project]




class Pillar(Record):
    """A heading of chapter 2 or a strategy of chapter 1: what measures are tagged with."""

    id: Slug
    kind: PillarKind
    section: SectionId
    title_ja: Text
    title_en: Text
    summary_en: Prose
    summary_ja: Prose
    aliases: list[Text] = []
    source: SourceRef


class PillarsFile(Record):
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
    sections: list[Chapter1Section]


class Organization(Record):
    id: Slug
    name_ja: Text
    name_en: Text
    abbreviation: Text | None = None
    aliases: list[Text] = []


class OrganizationsFile(Record):
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
    pillars: list[Slug] = []
    strategies: list[Slug] = []
    sectors: list[Slug] = []
    countries: list[Slug] = []
    projects: list[Annotated[int, Field(ge=1)]] = []
    organizations: list[Slug] = []
    points: list[Point] = []
    source: SourceRef


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
    approx: bool
    unit: Text
    period: Text | None
    scope: Prose
    quote_ja: Text
    source: Text | None  # the report or footnote the plan cites for it
    lines: LineRange


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

    organization: Slug
    name_ja: Text
    name_en: Text
    abbreviation: Text | None
    summary_en: Prose
    summary_ja: Prose
    source: SourceRef


class Sector(Record):
    """A sector of chapter 3 and its profile, in the plan's own order of sub-sections."""

    id: SectorId
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
}
FILE_MODELS_BY_DIR: dict[str, type[Record]] = {"sectors": Sector}
