"""The 93 target projects as an OC4IDS 0.9.5 project package: catalogue in, package dict out.

Pure: the package's URI and publication time are the caller's (the CLI gives the export time);
nothing here reads the clock or prints. Where OC4IDS has no field for something the plan holds,
it is left out (the README lists what), and no codelist value is made up: a stage, sector or
event kind with no fitting code gets none.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from infraplan.catalogue import Catalogue
from infraplan.export.write import ExportRefused
from infraplan.vocab import STAGES

VERSION = "0.9"  # OC4IDS 0.9.5, as the package's `version` (major.minor) states it

# Sector id -> projectSector codes, the parent code first where a subsector is given (as the
# codelist asks). Sectors that are not a kind of asset in the codelist's sense get none: urban
# development (no code for it: transport.urban is urban transport), the construction industry and
# JOIN (an investor).
SECTORS: dict[str, tuple[str, ...]] = {
    "rail": ("transport", "transport.rail"),
    "port": ("transport", "transport.water"),
    "aviation": ("transport", "transport.air"),
    "maritime": ("transport", "transport.water"),
    "logistics": ("transport",),
    "transport-soft-infra": ("transport", "transport.urban"),
    "urban-development": (),
    "water": ("waterAndWaste",),
    # The parent only: naturalResources.floodProtection fits most of its projects but not all
    # (project 70's works protect a road), and the mapping is per sector, not per project.
    "disaster-prevention": ("naturalResources",),
    "road": ("transport", "transport.road"),
    "construction": (),
    "join": (),
}

# Event kind -> (milestoneType, milestoneCode); None where no code fits.
MILESTONES: dict[str, tuple[str | None, str | None]] = {
    "en-signed": ("financing", None),
    "la-signed": ("financing", None),
    "agreement": ("engagement", None),
    "bid-launched": ("procurement", None),
    "contract-won": ("procurement", None),
    "survey": ("preProcurement", None),
    "design": ("preProcurement", None),
    "demonstration": ("preProcurement", None),
    "construction-start": ("delivery", "commencement"),
    "meeting": ("engagement", None),
    "approval": ("approval", None),
    "suspension": (None, None),
    "opening": ("delivery", None),
    "other": (None, None),
}

PRECISION = {4: "year", 7: "month", 10: "day"}


def project_id(cat: Catalogue, number: int) -> str:
    """infraplan-<edition>-<the plan's own number>: stable while the plan's numbering is."""
    return f"infraplan-{cat.plan['edition']}-{number}"


def date_time(value: str) -> str:
    """A plan date (YYYY, YYYY-MM or YYYY-MM-DD) as the date-time OC4IDS wants: the first day of
    the period it names, at midnight UTC. Callers say so wherever the date was partial."""
    return value + "-01-01"[len(value) - 4:] + "T00:00:00Z"


def stated_date(event: dict) -> str:
    """What the milestone's date stands for, in words: the plan's date as written and its precision."""
    date, end = event["date"], event["end"]
    when = f"{date} to {end}" if end else date
    precision = PRECISION[len(end or date)]
    text = f"Date as the plan gives it: {when} ({precision})"
    if event["note"]:
        text += f"; {event['note']}"
    field = "dueDate" if event["planned"] else "dateMet"
    point = end or date
    if len(point) == 10:
        text += f". {field} is that day" + (", the range's end." if end else ".")
    else:
        text += f". {field} is the first day of {point}" + (", the range's end" if end else "") + \
                ", not a date the plan gives."
    return text


def milestone(number: int, event: dict) -> dict:
    kind_type, code = MILESTONES[event["kind"]]
    out: dict = {"id": str(number), "title": event["text_en"]}
    if kind_type:
        out["type"] = kind_type
    if code:
        out["code"] = code
    out["description"] = f"The plan: 「{event['text_ja']}」 {stated_date(event)}"
    # A range is dated by its end: the bullet's later step (its kind) or the development's close.
    when = date_time(event["end"] or event["date"])
    if event["planned"]:
        out |= {"dueDate": when, "status": "scheduled"}
    else:
        out |= {"dateMet": when, "status": "met"}
    return out


def _lines(source: dict) -> str:
    first, last = source["lines"]
    return f"line {first}" if first == last else f"lines {first}-{last}"


def plan_document(cat: Catalogue, project: dict) -> dict:
    """The plan's own entry for the project: where it sits, its own words, the 出典 and licence."""
    plan = cat.plan
    quoted = [f"name 「{project['name_ja']}」", f"overview 「{project['overview_ja']}」"]
    if project["status_ja"]:
        quoted.append(f"status 「{project['status_ja']}」")
    description = (f"{plan['attribution']}\n\nThis project's entry in the plan's list of target projects, "
                   f"under {project['source']['section']}, {_lines(project['source'])} of the plan's text "
                   f"(as shipped with infraplan): {', '.join(quoted)}.")
    if project["source_note"]:
        description += f"\n\ninfraplan's note on the plan's text: {project['source_note']}"
    description += f"\n\nLicence: {' '.join(plan['licence'].split())}"
    return {"id": "plan", "title": plan["title"]["ja"], "description": description,
            "author": plan["publisher"]["ja"], "language": "ja"}


def measure_document(measure: dict) -> dict:
    """A measure (chapter 2) or sector action (chapter 3) whose text names the project."""
    what = "measure" if measure["scope"] == "cross-cutting" else "sector action"
    source = measure["source"]
    return {"id": f"measure-{measure['id']}", "documentType": "policyAlignment",
            "title": f"{measure['id']} {measure['title_ja']}",
            "description": (f"The plan's {what} {measure['id']}, {measure['title_en']}, names this project "
                            f"({source['section']}, {_lines(source)} of the plan's text). "
                            f"{measure['summary_en']}"),
            "language": "ja"}


def location(cat: Catalogue, country_id: str) -> dict:
    country = cat.countries[country_id]
    return {"id": "1", "description": f"{country['name_en']} ({country['name_ja']})",
            "gazetteer": {"scheme": "ISO2", "identifiers": [country["iso2"]]},
            "address": {"countryName": country["name_en"]}}


def project(cat: Catalogue, record: dict) -> dict:
    out: dict = {
        "id": project_id(cat, record["id"]),
        "language": "en",
        "identifiers": [{"id": str(record["id"]), "scheme": f"{cat.plan['title']['ja']}: target project number"}],
        "title": record["name_en"],
        "description": "\n\n".join(t for t in (record["overview_en"], record["status_en"]) if t),
    }
    status = STAGES[record["stage"]][1]
    if status:
        out["status"] = status
    sectors = list(dict.fromkeys(code for s in record["sectors"] for code in SECTORS[s]))
    if sectors:
        out["sector"] = sectors
    out["locations"] = [location(cat, record["country"])]
    if record["events"]:
        out["milestones"] = [milestone(n, e) for n, e in enumerate(record["events"], 1)]
    out["documents"] = [plan_document(cat, record)] + [measure_document(m) for m in cat.measures_naming("projects", record["id"])]
    return out


def package(cat: Catalogue, *, uri: str, published: datetime) -> dict:
    """The project package: every target project in the plan's order. `published` must be aware."""
    plan = cat.plan
    return {
        "uri": uri,
        "publishedDate": published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": {"name": f"infraplan, from {plan['attribution']}"},
        "version": VERSION,
        "projects": [project(cat, p) for p in cat.projects.values()],
    }


def package_uri(given: str | None, out: Path | None) -> str:
    """The package's URI: the one given, which must be absolute (scheme:…); else the file:// URI of
    the file written, or for standard output a fresh urn:uuid (a package made on demand is a new
    package). Not pure: uuid4."""
    if given is not None:
        if not urlsplit(given).scheme or any(c.isspace() for c in given):
            raise ExportRefused(f"--uri {given!r} is not an absolute URI (such as https://example.org/oc4ids.json)")
        return given
    return out.resolve().as_uri() if out is not None else uuid.uuid4().urn


def render(cat: Catalogue, *, uri: str, published: datetime) -> bytes:
    doc = package(cat, uri=uri, published=published)
    return (json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
