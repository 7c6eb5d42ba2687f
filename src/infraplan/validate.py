"""Validation of a data directory: every file against its model, then the cross-file checks.

Collects every problem rather than stopping at the first. Returns the validated records as plain,
JSON-ready dicts (the catalogue's input) together with the problems.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from pydantic import ValidationError

from infraplan.catalogue import date_bounds, lookup_key, section_key
from infraplan.consistency import check as check_consistency
from infraplan.layout import scan
from infraplan.loader import LoadedFile, load_file
from infraplan.models import FILE_MODELS, FILE_MODELS_BY_DIR
from infraplan.problems import DataMissing, Problem, closest
from infraplan.source.check import check_quotations

_QUOTED = re.compile(r"'([^']*)'")
_SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # models.Slug
MAX_PROBLEMS_PER_FILE = 200  # shown in full; more are counted, so that no file makes validation slow


def _display(path: Path) -> str:
    """path as the user would type it: relative to the current folder where it lies below it (the
    file itself is not resolved: a link is named as the link, not as its target)."""
    try:
        return str(Path(os.path.abspath(path.parent)).resolve().joinpath(path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
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
    if kind == "string_pattern_mismatch":
        if error.get("ctx", {}).get("pattern") == _SLUG_PATTERN:
            return f"'{value}' is not an id: use lower-case ASCII letters and digits joined by single hyphens"
        return f"'{value}' does not have the form {error.get('ctx', {}).get('pattern')}"
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
            if loaded.is_flagged(loc):
                continue  # the loader reported this value already (an ambiguous number, say)
            # one problem a value: the cross-file checks pass over what the schema refused
            loaded.flagged.add(loc)
            if len(loaded.problems) < MAX_PROBLEMS_PER_FILE:
                message = _message(error, _model_fields(model, loc))
                loaded.problems.append(loaded.problem(loc, message, key=error["type"] == "extra_forbidden"))
            else:  # past that, only counted: no file makes validation slow
                loaded.hidden += 1
        return None


def _capped(file: LoadedFile) -> list[Problem]:
    """A file's problems, the first MAX_PROBLEMS_PER_FILE errors in full and the rest counted."""
    problems = sorted(file.problems, key=_order)
    errors = [p for p in problems if p.is_error]
    more = file.hidden + max(0, len(errors) - MAX_PROBLEMS_PER_FILE)
    if not more:
        return problems
    last = errors[min(len(errors), MAX_PROBLEMS_PER_FILE) - 1]
    kept = [p for p in problems if _order(p) <= _order(last)]
    return kept + [Problem(last.file, last.line, last.column, "", f"and {more:,} more problem(s) in this file; "
                           "fix these first", count=more)]


def _load_checked(path: Path, rel: str, display: str, raw: bytes | None = None) -> tuple[LoadedFile, dict | None]:
    """A file loaded (from raw, when its bytes were read already) and checked against its model:
    (file, validated record, None if it failed)."""
    file = load_file(path, display, raw)
    if file.failed:
        return file, None
    return file, _validate_file(file, FILE_MODELS.get(rel) or FILE_MODELS_BY_DIR[path.parent.name])


def load_and_validate(data_dir: Path, *, older: bool = False, parsed=None,
                      findings=None) -> tuple[dict | None, list[Problem]]:
    """Validate every file under data_dir. Returns (catalogue data or None when any problem is an
    error, every problem: errors, warnings about ignored files, notes). ``older=True`` (for `diff`,
    whose sides may be earlier revisions) accepts a folder from before the plan's text and
    outline.yaml shipped: quotations are not proven, and outline.yaml may be missing.
    The consistency warnings are looked for only once the data has no error. ``parsed`` (an
    indexed.parsed.ParsedFiles) keeps each file's loaded and checked form under its content, so
    that only the files that changed are parsed again; ``findings`` (an indexed.checked.Findings)
    keeps what the quotation and consistency checks found, so that only what changed is checked
    again."""
    if not data_dir.is_dir():
        raise DataMissing(f"data directory not found: {data_dir}")
    layout = scan(data_dir)
    if older:
        layout.problems = [(path, message) for path, message in layout.problems if path != data_dir / "outline.yaml"]
    loaded: dict[str, LoadedFile] = {}
    validated: dict[str, dict | None] = {}
    unusable = {path: Problem(_display(path), 1, 1, "", message) for path, message in layout.problems}
    problems = list(unusable.values())
    problems += [Problem(_display(path), 1, 1, "", f"ignored: {reason}", "warning") for path, reason in layout.ignored]
    for path in layout.files:
        rel = path.relative_to(data_dir).as_posix()
        display = _display(path)
        compute = functools.partial(_load_checked, path, rel, display)
        loaded[rel], record = parsed.load(path, display, compute) if parsed is not None else compute()
        if not loaded[rel].failed:
            validated[rel] = record

    plan = None
    if not older:
        # the plan's text: quotations and line ranges
        plan = check_quotations(data_dir, loaded, _display, findings, parsed.digests if parsed is not None else None)
    broken = {rel: file.problems[0] for rel, file in loaded.items() if file.failed}
    broken.update({path.relative_to(data_dir).as_posix(): problem for path, problem in unusable.items()
                   if path != data_dir})
    problems += _cross_check(loaded, broken)
    if not any(p.is_error for p in problems) and not any(p.is_error for f in loaded.values() for p in f.problems):
        check_consistency(loaded, plan, findings)  # warnings, once the data is valid
    problems = sorted(problems + [p for file in loaded.values() for p in _capped(file)], key=_order)
    if any(p.is_error for p in problems):
        return None, problems
    sectors = sorted((v for k, v in validated.items() if k.startswith("sectors/")), key=lambda s: s["number"])
    catalogue = {
        "plan": validated["plan.yaml"]["plan"],
        "countries": validated["countries.yaml"]["countries"],
        "sectors": sectors,
        "projects": sorted(validated["projects.yaml"]["projects"], key=lambda p: p["id"]),
        "organizations": validated["organizations.yaml"]["organizations"],
        "pillars": validated["pillars.yaml"]["pillars"],
        "chapter1": validated["chapter1.yaml"]["sections"],
        "measures": sorted(validated["measures.yaml"]["measures"], key=lambda m: section_key(m["id"])),
        "outline": (validated.get("outline.yaml") or {"headings": []})["headings"],
        "footnotes": (validated.get("outline.yaml") or {}).get("footnotes", []),
    }
    return catalogue, problems


Located = tuple[LoadedFile, tuple, dict]  # a record with its file and its path in that file


def _records(file: LoadedFile | None, key: str, within: tuple = ()) -> list[Located]:
    """The mapping items of the list at `within + (key,)` in file's data, each with its path."""
    node = file.data if file is not None else None
    for part in within:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict) or not isinstance(node.get(key), list):
        return []
    return [(file, within + (key, i), r) for i, r in enumerate(node[key]) if isinstance(r, dict)]


def _check_unique(records: list[Located], key: str, what: str) -> None:
    seen: dict[object, Located] = {}
    for file, loc, record in records:
        value = record.get(key)
        if value is None or isinstance(value, (list, dict)):
            continue
        if value in seen:
            first_file, first_loc, _ = seen[value]
            line = first_file.position(first_loc + (key,))[0]
            where = f"line {line}" if first_file is file else f"{first_file.display}:{line}"
            file.problems.append(file.problem(loc + (key,), f"duplicate {what} {value!r} (first at {where})"))
        else:
            seen[value] = (file, loc, record)


def _check_lookup_keys(records: list[Located], fields: tuple[str, ...], what: str) -> None:
    """Every name or alias that users may type must resolve to exactly one record."""
    owner: dict[str, object] = {}
    for file, loc, record in records:
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


def _check_reference(file: LoadedFile, loc: tuple, value: object, known: list | None, what: str) -> None:
    """value names a known record; None for known means the records could not be read: no check."""
    if file.is_flagged(loc):
        return  # the value's own problem is reported already
    if isinstance(value, (str, int)) and not isinstance(value, bool) and known is not None and value not in known:
        hint = closest(str(value), [str(k) for k in known], limit=1) if isinstance(value, str) else []
        message = f"unknown {what} {value!r}" + (f" (did you mean '{hint[0]}'?)" if hint else "")
        if not hint and len(known) <= 12:
            message += "; valid: " + ", ".join(map(str, known))
        file.problems.append(file.problem(loc, message))


def _check_references(file: LoadedFile, loc: tuple, record: dict, field: str, known: list, what: str) -> None:
    """Every item of record[field] names a known record, once."""
    values = record.get(field) if isinstance(record.get(field), list) else []
    for i, value in enumerate(values):
        _check_reference(file, loc + (field, i), value, known, what)
        if value in values[:i]:
            file.problems.append(file.problem(loc + (field, i), f"{what} '{value}' is listed twice"))


def _ids(records: list[Located], what: str, kind: type = str, file: LoadedFile | None = None,
         key: str = "") -> list | None:
    """The ids of records; None (references are not checked) when one of them is unusable, or when
    the schema refused the list of file[key] or one of its items outright, since every reference
    to it would be a false 'unknown' — a note at that place says so, once."""
    if file is not None and not file.failed:
        refused = [loc for loc in file.flagged if loc in ((), (key,)) or (len(loc) == 2 and loc[0] == key)]
        if refused:
            file.problems.append(file.problem(min(refused, key=file.position), f"references to {what} ids were not checked",
                                              severity="note"))
            return None
    for file, loc, record in records:
        if type(record.get("id")) is not kind or file.is_flagged(loc + ("id",)):
            file.problems.append(file.problem(loc + ("id",), f"references to {what} ids were not checked", severity="note"))
            return None
    return sorted({r["id"] for _, _, r in records}, key=str)


# The file that defines each kind of record that others refer to.
_DEFINED_IN = {"country": "countries.yaml", "project": "projects.yaml", "organization": "organizations.yaml",
               "pillar": "pillars.yaml", "sector": "sectors"}


_SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


def _order(problem: Problem) -> tuple:
    """Problems by file and position; at one position, an error before the note it explains, and
    the count of the problems not shown last."""
    return (problem.file, problem.line, problem.column, problem.count > 1, _SEVERITY_ORDER.get(problem.severity, 3),
            problem.path, problem.message)


def _cross_check(loaded: dict[str, LoadedFile], broken: dict[str, Problem]) -> list[Problem]:
    """The checks across records and files. ``broken`` maps the files that could not be read or
    parsed to their first problem: references to the records they define are not checked (that
    would only repeat their problem as a cascade of unknown ids); one note says so instead, beside
    that problem. Returns the notes."""
    def note(rel: str, message: str) -> Problem:
        first = broken[rel]
        return Problem(first.file, first.line, first.column, "", message, "note")

    notes = [note(rel, f"references to {what} ids were not checked")
             for what, rel in _DEFINED_IN.items() if rel in broken]
    notes += [note(rel, f"references to sector '{Path(rel).stem}' were not checked")
              for rel in sorted(broken) if rel.startswith("sectors/")]
    _check_records(loaded, broken)
    return notes


def _check_records(loaded: dict[str, LoadedFile], broken: dict[str, Problem]) -> None:
    countries = _records(loaded.get("countries.yaml"), "countries")
    _check_unique(countries, "id", "country id")
    _check_lookup_keys(countries, ("id", "iso2", "iso3", "name_en", "name_ja", "aliases"), "country")

    sectors = [(f, (), f.data) for rel, f in sorted(loaded.items()) if rel.startswith("sectors/") and isinstance(f.data, dict)]
    for file, _, record in sectors:
        if record.get("id") != file.path.stem:
            file.problems.append(file.problem(("id",), f"sector id {record.get('id')!r} must match its file name '{file.path.stem}'"))
    _check_unique(sectors, "id", "sector id")
    _check_unique(sectors, "number", "sector number")
    _check_lookup_keys(sectors, ("id", "name_en", "name_ja", "aliases"), "sector")

    projects = _records(loaded.get("projects.yaml"), "projects")
    _check_unique(projects, "id", "project id")
    ids = {r["id"] for _, _, r in projects if type(r.get("id")) is int}
    missing = sorted(set(range(1, max(ids, default=0) + 1)) - ids)
    if missing:
        file = loaded["projects.yaml"]
        file.problems.append(file.problem(("projects",), "project ids must run from 1 without gaps; missing " + ", ".join(map(str, missing))))
    failed_sectors = [Path(rel).stem for rel in broken if rel.startswith("sectors/")]
    if "sectors" in broken:  # the folder itself is missing or unreadable
        failed_sectors = None
    sector_ids = _ids(sectors, "sector")
    known = {"country": None if "countries.yaml" in broken else _ids(countries, "country", str, loaded.get("countries.yaml"), "countries"),
             "project": None if "projects.yaml" in broken else _ids(projects, "project", int, loaded.get("projects.yaml"), "projects"),
             "sector": None if failed_sectors is None or sector_ids is None else sorted(set(sector_ids) | set(failed_sectors))}
    for file, loc, project in projects:
        _check_project(file, loc, project, known)

    organizations = _records(loaded.get("organizations.yaml"), "organizations")
    _check_unique(organizations, "id", "organization id")
    _check_lookup_keys(organizations, ("id", "abbreviation", "name_en", "name_ja", "aliases"), "organization")
    known["organization"] = None if "organizations.yaml" in broken else _ids(organizations, "organization", str, loaded.get("organizations.yaml"), "organizations")

    pillars = _records(loaded.get("pillars.yaml"), "pillars")
    _check_unique(pillars, "id", "pillar id")
    _check_unique(pillars, "section", "pillar section")
    _check_lookup_keys(pillars, ("id", "aliases"), "pillar")
    known["pillar"] = _ids(pillars, "pillar", str, loaded.get("pillars.yaml"), "pillars")
    known["strategy"] = sorted(str(r.get("id")) for _, _, r in pillars if r.get("kind") == "strategy")
    if "pillars.yaml" in broken:
        known["pillar"] = known["strategy"] = None
    headings = {r.get("section"): r.get("id") for _, _, r in pillars if r.get("kind") != "strategy"}
    _check_plan_strategies(loaded.get("plan.yaml"), known["strategy"])

    chapter1 = _records(loaded.get("chapter1.yaml"), "sections")
    _check_unique(chapter1, "id", "section id")
    for file, loc, section in chapter1:
        _check_references(file, loc, section, "pillars", known["pillar"], "pillar")

    measures = _records(loaded.get("measures.yaml"), "measures")
    _check_unique(measures, "id", "measure id")
    for file, loc, measure in measures:
        _check_measure(file, loc, measure, known, headings)

    actions: list[Located] = []
    for file, _, sector in sectors:
        _check_sector(file, sector, known)
        actions += _records(file, "actions")
    _check_unique(actions, "id", "action id")

    headings = _records(loaded.get("outline.yaml"), "headings")
    _check_unique(headings, "id", "heading id")
    _check_outline(headings)
    _check_footnotes(_records(loaded.get("outline.yaml"), "footnotes"), known)
    _check_project_list(loaded.get("plan.yaml"), projects, known, "projects.yaml" in broken)


def _check_outline(headings: list[Located]) -> None:
    """Each heading's parent exists and comes first, its level is its depth, its lines lie inside
    its parent's and after its previous sibling's, and its preamble lies inside its own lines."""
    seen: dict[str, dict] = {}
    last_child: dict[str, list] = {}
    for file, loc, heading in headings:
        hid, lines = heading.get("id"), (heading.get("source") or {}).get("lines")
        if not isinstance(hid, str) or not _is_range(lines):
            continue
        parent_id = hid.rpartition(".")[0] or None
        if lines[0] > lines[1]:
            file.problems.append(file.problem(loc + ("source", "lines"), "line range ends before it starts"))
            continue
        if heading.get("level") != hid.count(".") + 1:
            file.problems.append(file.problem(loc + ("level",), f"heading {hid} is at level {hid.count('.') + 1}, "
                                              f"not {heading.get('level')}"))
        if parent_id is not None:
            parent = seen.get(parent_id)
            if parent is None:
                file.problems.append(file.problem(loc + ("id",), f"heading {hid} has no parent heading {parent_id} "
                                                  "before it"))
            else:
                bounds = parent["source"]["lines"]
                if not bounds[0] <= lines[0] <= lines[1] <= bounds[1]:
                    file.problems.append(file.problem(loc + ("source", "lines"), f"lines {lines[0]}-{lines[1]} lie "
                                                      f"outside heading {parent_id}'s lines {bounds[0]}-{bounds[1]}"))
        previous = last_child.get(parent_id)
        if previous is not None and lines[0] <= previous[1]:
            file.problems.append(file.problem(loc + ("source", "lines"), f"lines {lines[0]}-{lines[1]} do not "
                                              f"follow the previous heading's lines {previous[0]}-{previous[1]}"))
        preamble = (heading.get("preamble") or {}).get("lines")
        if _is_range(preamble) and not lines[0] <= preamble[0] <= preamble[1] <= lines[1]:
            file.problems.append(file.problem(loc + ("preamble", "lines"), f"lines {preamble[0]}-{preamble[1]} lie "
                                              f"outside the heading's lines {lines[0]}-{lines[1]}"))
        seen[hid] = heading
        last_child[parent_id] = lines


def _check_footnotes(footnotes: list[Located], known: dict[str, list]) -> None:
    """Footnotes run 1, 2, 3… in the plan's order, each printed after the line that cites it."""
    _check_unique(footnotes, "number", "footnote number")
    expected = 1
    for file, loc, footnote in footnotes:
        _check_references(file, loc, footnote, "countries", known["country"], "country")
        number, lines, cited = footnote.get("number"), footnote.get("lines"), footnote.get("cited_at")
        if type(number) is int and not file.is_flagged(loc + ("number",)):
            if number != expected:
                file.problems.append(file.problem(loc + ("number",), f"footnote {number} comes where footnote "
                                                  f"{expected} is expected (they run from 1 without gaps)"))
            expected = number + 1
        if _is_range(lines) and type(cited) is int and cited > lines[0]:
            file.problems.append(file.problem(loc + ("cited_at",), f"line {cited} comes after the footnote itself "
                                              f"(line {lines[0]}); cited_at is the body line that carries its number"))


def _check_project_list(file: LoadedFile | None, projects: list[Located], known: dict[str, list],
                        projects_broken: bool) -> None:
    """The project list's history adds up, and agrees with projects.yaml: its count, its new projects."""
    plan = file.data.get("plan") if file and isinstance(file.data, dict) else None
    history = plan.get("project_list") if isinstance(plan, dict) else None
    if not isinstance(history, dict):
        return
    loc = ("plan", "project_list")
    for i, won in enumerate(history.get("won") if isinstance(history.get("won"), list) else []):
        if isinstance(won, dict):
            _check_reference(file, loc + ("won", i, "country"), won.get("country"), known["country"], "country")
            _check_references(file, loc + ("won", i), won, "sectors", known["sector"], "sector")
    _check_unique(_records(file, "won", loc), "id", "won project id")
    numbers = [history.get(k) for k in ("count", "previous_count", "removed", "added")]
    if not all(type(n) is int for n in numbers):
        return
    count, previous, removed, added = numbers
    if previous - removed + added != count:
        file.problems.append(file.problem(loc + ("count",), f"count {count} is not previous_count {previous} "
                                          f"- removed {removed} + added {added} = {previous - removed + added}"))
    if projects_broken:
        return
    if len(projects) != count:
        file.problems.append(file.problem(loc + ("count",), f"count {count}, but projects.yaml holds "
                                          f"{len(projects)} project{'s' * (len(projects) != 1)}"))
    new = sum(1 for _, _, p in projects if p.get("new") is True)
    if new != added:
        file.problems.append(file.problem(loc + ("added",), f"added {added}, but projects.yaml marks {new} "
                                          f"project{'s' * (new != 1)} new"))


def _check_plan_strategies(file: LoadedFile | None, strategy_ids: list[str]) -> None:
    plan = file.data.get("plan") if file and isinstance(file.data, dict) else None
    if not isinstance(plan, dict) or not isinstance(plan.get("strategies"), list) or not strategy_ids:
        return
    for i, strategy in enumerate(plan["strategies"]):
        if isinstance(strategy, dict):
            _check_reference(file, ("plan", "strategies", i, "id"), strategy.get("id"), strategy_ids, "strategy pillar")


_TAGS = (("pillars", "pillar"), ("strategies", "strategy"), ("sectors", "sector"),
         ("countries", "country"), ("projects", "project"), ("organizations", "organization"))


def _check_tags(file: LoadedFile, loc: tuple, record: dict, known: dict[str, list]) -> None:
    """A measure's or action's references resolve; the three strategies go under `strategies` only."""
    for field, what in _TAGS:
        _check_references(file, loc, record, field, known[what], what)
    pillars = record.get("pillars") if isinstance(record.get("pillars"), list) else []
    for i, pillar in enumerate(pillars):
        if pillar in (known["strategy"] or ()):
            file.problems.append(file.problem(loc + ("pillars", i), f"'{pillar}' is a strategy; list it under strategies"))


def _check_measure(file: LoadedFile, loc: tuple, measure: dict, known: dict[str, list], headings: dict) -> None:
    """References resolve, and the id sits under the heading that its first pillar names."""
    _check_tags(file, loc, measure, known)
    measure_id, pillars = measure.get("id"), measure.get("pillars")
    if not isinstance(measure_id, str) or not headings:
        return
    heading = ".".join(measure_id.split(".")[:3])
    if measure_id.count(".") != 3 or heading not in headings:
        file.problems.append(file.problem(loc + ("id",), f"measure id '{measure_id}' does not sit under a chapter-2 heading "
                                          f"({', '.join(sorted(headings))})"))
    elif isinstance(pillars, list) and pillars and pillars[0] != headings[heading]:
        file.problems.append(file.problem(loc + ("pillars", 0), f"the first pillar must be the measure's own heading "
                                          f"'{headings[heading]}' ({heading})"))


def _check_project(file: LoadedFile, loc: tuple, project: dict, known: dict[str, list]) -> None:
    _check_reference(file, loc + ("country",), project.get("country"), known["country"], "country")
    _check_references(file, loc, project, "sectors", known["sector"], "sector")
    if (project.get("status_ja") is None) != (project.get("status_en") is None):
        file.problems.append(file.problem(loc, "status_ja and status_en go together"))
    lines = project["source"].get("lines") if isinstance(project.get("source"), dict) else None
    if isinstance(lines, list) and len(lines) == 2 and all(type(n) is int for n in lines) and lines[0] > lines[1]:
        file.problems.append(file.problem(loc + ("source", "lines"), "line range ends before it starts"))
    _check_events(file, loc, project.get("events"))


def _check_events(file: LoadedFile, loc: tuple, events: object) -> None:
    if not isinstance(events, list):
        return
    previous: tuple[int, str] | None = None
    for i, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("date"), str):
            continue
        date, end = event["date"], event.get("end")
        if isinstance(end, str) and date_bounds(end)[1] < date_bounds(date)[0]:
            file.problems.append(file.problem(loc + ("events", i, "end"), f"end {end} is before date {date}"))
        if previous is not None and date_bounds(date)[1] < date_bounds(previous[1])[0]:
            file.problems.append(file.problem(
                loc + ("events", i, "date"), f"events out of date order: {date} comes after {previous[1]} (events[{previous[0]}])"))
        previous = (i, date)


def _check_sector(file: LoadedFile, sector: dict, known: dict[str, list]) -> None:
    """A sector profile: actions sit under the sector's ⑥ (JOIN: ④) and name known records;
    players and frameworks name known countries and organisations; every line range lies inside
    the sector's own."""
    number, sector_id = sector.get("number"), sector.get("id")
    prefix = f"3.{number}.{4 if sector_id == 'join' else 6}."
    for _, loc, action in _records(file, "actions"):
        action_id = action.get("id")
        if isinstance(action_id, str) and type(number) is int and not action_id.startswith(prefix):
            file.problems.append(file.problem(loc + ("id",), f"action id '{action_id}' must start with '{prefix}' "
                                              f"(sector ({number}), its directions heading)"))
        _check_tags(file, loc, action, known)
        if isinstance(action.get("sectors"), list) and sector_id in action["sectors"]:
            i = action["sectors"].index(sector_id)
            file.problems.append(file.problem(loc + ("sectors", i), f"'{sector_id}' is the action's own sector; "
                                              "list only other sectors"))
    for _, loc, player in _records(file, "players", within=("competitors",)):
        if player.get("country") is not None:
            _check_reference(file, loc + ("country",), player["country"], known["country"], "country")
    frameworks = _records(file, "frameworks")
    _check_unique(frameworks, "organization", "framework organization")
    for _, loc, framework in frameworks:
        _check_reference(file, loc + ("organization",), framework.get("organization"), known["organization"], "organization")
    _check_headline(file, sector)
    bounds = sector.get("source", {}).get("lines") if isinstance(sector.get("source"), dict) else None
    for loc, lines in _line_ranges(sector, ()):
        if lines[0] > lines[1]:
            file.problems.append(file.problem(loc, "line range ends before it starts"))
        elif _is_range(bounds) and loc != ("source", "lines") and not bounds[0] <= lines[0] <= lines[1] <= bounds[1]:
            file.problems.append(file.problem(loc, f"lines {lines[0]}-{lines[1]} lie outside the sector's "
                                              f"lines {bounds[0]}-{bounds[1]}"))


def _check_headline(file: LoadedFile, sector: dict) -> None:
    """Exactly one overseas figure is the sector's headline (`headline: true`) where the plan gives
    overseas figures; a domestic figure is never one."""
    market = sector.get("market") if isinstance(sector.get("market"), dict) else {}
    for part in ("domestic", "overseas"):
        figures = market.get(part).get("figures") if isinstance(market.get(part), dict) else None
        if not isinstance(figures, list):
            continue
        loc = ("market", part, "figures")
        marked = [i for i, f in enumerate(figures) if isinstance(f, dict) and f.get("headline") is True]
        if part == "domestic":
            for i in marked:
                file.problems.append(file.problem(loc + (i, "headline"), "only an overseas figure can be "
                                                  "the sector's headline"))
        elif not marked and figures:
            file.problems.append(file.problem(loc, "no overseas figure is marked `headline: true`; mark the "
                                              "one that best states the size of the overseas market"))
        else:
            for i in marked[1:]:
                file.problems.append(file.problem(loc + (i, "headline"), f"a second headline figure (the first "
                                                  f"is figures[{marked[0]}]); mark exactly one"))


def _is_range(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(n) is int for n in value)


def _line_ranges(node: object, loc: tuple):
    """(path, [first, last]) for every `lines` range in a parsed record, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "lines" and _is_range(value):
                yield loc + (key,), value
            else:
                yield from _line_ranges(value, loc + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _line_ranges(value, loc + (i,))
