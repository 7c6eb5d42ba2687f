"""Validation of a data directory: every file against its model, then the cross-file checks.

Collects every problem rather than stopping at the first. Returns the validated records as plain,
JSON-ready dicts (the catalogue's input) together with the problems.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from pydantic import ValidationError

from infraplan.catalogue import lookup_key
from infraplan.loader import LoadedFile, load_file
from infraplan.models import FILE_MODELS, FILE_MODELS_BY_DIR
from infraplan.problems import DataMissing, Problem, closest

_QUOTED = re.compile(r"'([^']*)'")


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files that make up the data, in a stable order."""
    files = [data_dir / name for name in FILE_MODELS]
    for folder in FILE_MODELS_BY_DIR:
        files += sorted((data_dir / folder).glob("*.yaml"))
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _describe(value: object) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "text", list: "a list",
             dict: "a mapping", type(None): "nothing (null)"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _message(error: dict, fields: list[str]) -> str:
    """A Pydantic error as our one-line message, with a did-you-mean where one helps."""
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    if kind == "extra_forbidden":
        hint = closest(str(loc[-1]), fields, limit=1)
        return f"unknown field '{loc[-1]}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        choices = _QUOTED.findall(error.get("ctx", {}).get("expected", ""))
        hint = closest(str(value), choices, limit=1)
        return f"'{value}' is not one of: {', '.join(choices)}" + (f" (did you mean '{hint[0]}'?)" if hint else "")
    if kind.endswith("_type"):
        expected = {"string_type": "text", "int_type": "an integer", "bool_type": "a boolean",
                    "list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping"}.get(kind, kind)
        got = _describe(value)
        msg = f"expected {expected}, got {got}"
        if isinstance(value, (list, dict)) or value is None:
            return msg
        shown = value.isoformat() if hasattr(value, "isoformat") else repr(value)
        msg += f" ({shown})"
        if kind == "string_type":
            msg += "; quote it in YAML"
        return msg
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg[:1].lower() + msg[1:]


def _model_fields(model: type, loc: tuple) -> list[str]:
    """The field names of the model that sits at loc (for did-you-mean on unknown fields)."""
    from pydantic import BaseModel

    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        annotation = field.annotation
        for arg in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
            for inner in getattr(arg, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _validate_file(loaded: LoadedFile, model: type) -> dict | None:
    try:
        return model.model_validate(loaded.data).model_dump(mode="json")
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            message = _message(error, _model_fields(model, loc))
            loaded.problems.append(loaded.problem(loc, message, key=error["type"] == "extra_forbidden"))
        return None


def load_and_validate(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """Validate every file under data_dir. Returns (catalogue data or None, every problem)."""
    if not data_dir.is_dir():
        raise DataMissing(f"data directory not found: {data_dir}")
    loaded: dict[str, LoadedFile] = {}
    validated: dict[str, dict | None] = {}
    for path in data_files(data_dir):
        rel = path.relative_to(data_dir).as_posix()
        if not path.exists():
            loaded[rel] = LoadedFile(path, _display(path),
                                     problems=[Problem(_display(path), 1, 1, "", "required file is missing")])
            continue
        loaded[rel] = file = load_file(path, _display(path))
        if file.problems:
            continue
        model = FILE_MODELS.get(rel) or FILE_MODELS_BY_DIR[path.parent.name]
        validated[rel] = _validate_file(file, model)

    _cross_check(loaded)
    problems = sorted(p for file in loaded.values() for p in file.problems)
    if problems:
        return None, problems
    sectors = sorted((v for k, v in validated.items() if k.startswith("sectors/")), key=lambda s: s["number"])
    catalogue = {
        "plan": validated["plan.yaml"]["plan"],
        "countries": validated["countries.yaml"]["countries"],
        "sectors": sectors,
        "projects": sorted(validated["projects.yaml"]["projects"], key=lambda p: p["id"]),
    }
    return catalogue, []


def _records(file: LoadedFile | None, key: str) -> list[tuple[int, dict]]:
    if file is None or not isinstance(file.data, dict) or not isinstance(file.data.get(key), list):
        return []
    return [(i, r) for i, r in enumerate(file.data[key]) if isinstance(r, dict)]


def _check_unique(file: LoadedFile, key: str, records: list[tuple[tuple, dict]], what: str) -> None:
    seen: dict[object, tuple] = {}
    for loc, record in records:
        value = record.get(key)
        if value is None or isinstance(value, (list, dict)):
            continue
        if value in seen:
            first = file.position(seen[value] + (key,))
            file.problems.append(file.problem(loc + (key,), f"duplicate {what} {value!r} (first at line {first[0]})"))
        else:
            seen[value] = loc


def _check_lookup_keys(file: LoadedFile, records: list[tuple[tuple, dict]], fields: tuple[str, ...], what: str) -> None:
    """Every name or alias that users may type must resolve to exactly one record."""
    owner: dict[str, object] = {}
    for loc, record in records:
        for field in fields:
            values = record.get(field)
            items = list(enumerate(values)) if isinstance(values, list) else [(None, values)]
            for index, value in items:
                if not isinstance(value, str):
                    continue
                key = lookup_key(value)
                where = loc + (field,) + ((index,) if index is not None else ())
                if key in owner and owner[key] != record.get("id"):
                    file.problems.append(file.problem(
                        where, f"'{value}' would name both {what} '{owner[key]}' and '{record.get('id')}'"))
                owner.setdefault(key, record.get("id"))


def _date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest day a partial date may mean, as sortable strings."""
    return value + "-00-00"[len(value) - 4:], value + "-99-99"[len(value) - 4:]


def _cross_check(loaded: dict[str, LoadedFile]) -> None:
    countries_file, projects_file = loaded.get("countries.yaml"), loaded.get("projects.yaml")
    countries = [(("countries", i), r) for i, r in _records(countries_file, "countries")]
    if countries_file and countries:
        _check_unique(countries_file, "id", countries, "country id")
        _check_lookup_keys(countries_file, countries, ("id", "iso2", "iso3", "name_en", "name_ja", "aliases"), "country")

    sectors = [((), f.data) for rel, f in loaded.items() if rel.startswith("sectors/") and isinstance(f.data, dict)]
    for rel, file in loaded.items():
        if rel.startswith("sectors/") and isinstance(file.data, dict):
            if file.data.get("id") != file.path.stem:
                file.problems.append(file.problem(("id",), f"sector id {file.data.get('id')!r} must match its file name '{file.path.stem}'"))
    seen_sector_files: dict[object, str] = {}
    for rel, file in sorted(loaded.items()):
        if rel.startswith("sectors/") and isinstance(file.data, dict):
            sid = file.data.get("id")
            if sid in seen_sector_files:
                file.problems.append(file.problem(("id",), f"duplicate sector id {sid!r} (also in {seen_sector_files[sid]})"))
            seen_sector_files.setdefault(sid, rel)
    sector_ids = {r.get("id") for _, r in sectors}
    sector_keys = {}
    for _, record in sectors:
        for value in [record.get("id"), record.get("name_en"), record.get("name_ja"), *(record.get("aliases") or [])]:
            if isinstance(value, str):
                sector_keys.setdefault(lookup_key(value), []).append(record.get("id"))
    for rel, file in loaded.items():
        if rel.startswith("sectors/") and isinstance(file.data, dict):
            for i, alias in enumerate(file.data.get("aliases") or []):
                owners = set(sector_keys.get(lookup_key(alias), [])) if isinstance(alias, str) else set()
                if len(owners) > 1:
                    file.problems.append(file.problem(("aliases", i), f"'{alias}' would name sectors {', '.join(sorted(map(str, owners)))}"))
    numbers: dict[int, str] = {}
    for rel, file in sorted(loaded.items()):
        if rel.startswith("sectors/") and isinstance(file.data, dict):
            number = file.data.get("number")
            if number in numbers:
                file.problems.append(file.problem(("number",), f"sector number {number} is also used by {numbers[number]}"))
            numbers.setdefault(number, rel)

    if projects_file is None:
        return
    projects = [(("projects", i), r) for i, r in _records(projects_file, "projects")]
    _check_unique(projects_file, "id", projects, "project id")
    country_ids = sorted(str(r.get("id")) for _, r in countries)
    ids = sorted(r["id"] for _, r in projects if isinstance(r.get("id"), int) and not isinstance(r.get("id"), bool))
    missing = sorted(set(range(1, max(ids, default=0) + 1)) - set(ids))
    if missing:
        projects_file.problems.append(projects_file.problem(
            ("projects",), "project ids must run from 1 without gaps; missing " + ", ".join(map(str, missing))))
    for loc, project in projects:
        country = project.get("country")
        if isinstance(country, str) and countries and country not in country_ids:
            hint = closest(country, country_ids, limit=1)
            projects_file.problems.append(projects_file.problem(
                loc + ("country",), f"unknown country '{country}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")))
        seen_sectors: set = set()
        for i, sector in enumerate(project.get("sectors") or [] if isinstance(project.get("sectors"), list) else []):
            if not isinstance(sector, str):
                continue
            if sectors and sector not in sector_ids:
                hint = closest(sector, sorted(map(str, sector_ids)), limit=1)
                projects_file.problems.append(projects_file.problem(
                    loc + ("sectors", i), f"unknown sector '{sector}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")))
            elif sector in seen_sectors:
                projects_file.problems.append(projects_file.problem(loc + ("sectors", i), f"sector '{sector}' is listed twice"))
            seen_sectors.add(sector)
        if (project.get("status_ja") is None) != (project.get("status_en") is None):
            projects_file.problems.append(projects_file.problem(loc, "status_ja and status_en go together"))
        lines = (project.get("source") or {}).get("lines") if isinstance(project.get("source"), dict) else None
        if isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) for n in lines) and lines[0] > lines[1]:
            projects_file.problems.append(projects_file.problem(loc + ("source", "lines"), "line range ends before it starts"))
        _check_events(projects_file, loc, project.get("events"))


def _check_events(file: LoadedFile, loc: tuple, events: object) -> None:
    if not isinstance(events, list):
        return
    previous: tuple[int, str] | None = None
    for i, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("date"), str):
            continue
        date, end = event["date"], event.get("end")
        if isinstance(end, str) and _date_bounds(end)[1] < _date_bounds(date)[0]:
            file.problems.append(file.problem(loc + ("events", i, "end"), f"end {end} is before date {date}"))
        if previous is not None and _date_bounds(date)[1] < _date_bounds(previous[1])[0]:
            file.problems.append(file.problem(
                loc + ("events", i, "date"), f"events out of date order: {date} comes after {previous[1]} (events[{previous[0]}])"))
        previous = (i, date)

