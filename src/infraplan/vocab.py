"""The closed vocabularies of the data: regions, project stages, event kinds, sector ids.

Plain dicts, no imports: the CLI reads them for option choices and help without loading pydantic.
"""

# Region ids -> English label. Aliases that users may type are in REGION_ALIASES.
REGIONS: dict[str, str] = {
    "southeast-asia": "Southeast Asia",
    "south-asia": "South Asia",
    "east-asia": "East Asia",
    "north-america": "North America",
    "europe": "Europe",
    "oceania": "Oceania",
    "middle-east": "Middle East",
    "central-asia-caucasus": "Central Asia and the Caucasus",
    "africa": "Africa",
    "latin-america": "Latin America",
}
REGION_ALIASES: dict[str, str] = {"asean": "southeast-asia"}

# Project stage -> (meaning, OC4IDS projectStatus code or None where none fits).
STAGES: dict[str, tuple[str, str | None]] = {
    "planning": ("the partner government is studying or planning the project", "identification"),
    "survey": ("a feasibility, preparatory or formulation survey is under way or done", "preparation"),
    "design": ("detailed design is under way", "preparation"),
    "financing": ("financing agreed (E/N or L/A signed), procurement not yet launched", "preparation"),
    "tendering": ("procurement under way: bids, tenders or consultant selection", "preparation"),
    "implementation": ("contract awarded; construction or delivery under way", "implementation"),
    "operation": ("in operation, or in its operation and maintenance phase", "maintenance"),
    "suspended": ("suspended or on hold", None),
    "under-review": ("under review given the situation in the country (Myanmar)", None),
}

# Event kind -> meaning.
EVENT_KINDS: dict[str, str] = {
    "en-signed": "Exchange of Notes (E/N) signed",
    "la-signed": "loan agreement (L/A) signed",
    "agreement": "memorandum or other agreement signed",
    "bid-launched": "tender or bid announced, launched or closing",
    "contract-won": "contract won by a Japanese company",
    "survey": "survey or study",
    "design": "design work",
    "demonstration": "pilot or demonstration",
    "construction-start": "construction started",
    "meeting": "meeting, visit or top-level sales",
    "approval": "decision or approval",
    "suspension": "suspension, postponement or cancellation",
    "opening": "opening or start of operation",
    "other": "any other development",
}

# Pillar kind -> meaning: the three levels of chapter 2's headings and chapter 1's strategies.
PILLAR_KINDS: dict[str, str] = {
    "strategy": "a priority strategy of the 2023 supplement (chapter 1 (2))",
    "priority-area": "a priority area (chapter 2 (1))",
    "approach": "an approach to emphasise (chapter 2 (2))",
    "main-measure": "a group of main measures (chapter 2 (3))",
}

SECTOR_IDS: tuple[str, ...] = (
    "rail", "port", "aviation", "maritime", "logistics", "transport-soft-infra",
    "urban-development", "water", "disaster-prevention", "road", "construction", "join",
)

# The kinds of record (`infraplan search --kind`, `show KIND:ID`), in the order search ranks ties.
RECORD_KINDS = ("project", "measure", "sector", "pillar", "country", "organization", "heading", "footnote",
                "won-project")

# The parts of a sector profile, in the plan's order (`infraplan sector ID --section ...`).
SECTOR_SECTIONS = ("overview", "market", "competitors", "strengths", "challenges", "actions", "frameworks",
                   "projects", "measures")

# The fields each listing sorts by (`--sort FIELD`, `-FIELD` descending); views.SORT_KEYS orders them.
SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "projects": ("id", "name_en", "name_ja", "country", "stage", "new", "latest", "events"),
    "measures": ("id", "title_en", "title_ja", "scope", "sector"),
    "timeline": ("date", "project", "country", "kind"),
    "search": ("score", "kind", "id", "title_en", "title_ja"),
    "countries": ("id", "name_en", "name_ja", "iso2", "iso3", "region", "projects"),
    "regions": ("id", "name_en", "projects"),
    "sectors": ("number", "id", "name_en", "name_ja", "projects", "measures", "actions", "frameworks"),
    "pillars": ("id", "kind", "section", "title_en", "title_ja", "measures"),
    "organizations": ("id", "abbreviation", "name_en", "name_ja", "measures", "actions"),
    "outline": ("id", "level", "lines", "measures", "actions", "projects"),
}
