"""The command line: each command parses its options, calls the core, renders, exits.

Exit codes: 0 success (an empty result too), 1 invalid data, 2 bad usage. Results go to stdout,
diagnostics to stderr. Heavy modules (rich, yaml, pydantic, rapidfuzz) load only when needed.
"""

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from infraplan.catalogue import MeasureQuery, ProjectQuery
from infraplan.problems import DataInvalid, DataMissing, UnknownValue
from infraplan.vocab import EVENT_KINDS, RECORD_KINDS, SECTOR_SECTIONS, STAGES

app = typer.Typer(
    name="infraplan",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain, one-line usage errors on stderr; help without loading Rich
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"
    yaml = "yaml"
    csv = "csv"
    md = "md"


class ValidateFormat(str, Enum):
    text = "text"
    github = "github"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


def _guard(command):
    """Turn the core's errors into messages and exit codes, in one place."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UnknownValue as exc:
            raise typer.BadParameter(exc.describe(), param_hint=_hint(kwargs.get("ctx"), exc.what)) from None
        except DataInvalid as exc:
            for problem in exc.problems:
                _err(str(problem))
            _err(f"{len(exc.problems)} problem(s) in the data; fix them, then run 'infraplan validate'.")
            raise typer.Exit(1) from None
        except DataMissing as exc:
            _err(f"Error: {exc}")
            raise typer.Exit(2) from None

    return wrapper


def _hint(ctx: typer.Context | None, what: str) -> str | None:
    """The option or argument of the running command that takes a value of this kind."""
    if what == "date":
        return "--since/--until"
    params = ctx.command.params if ctx else []
    for param in params:
        if param.name in (what, f"{what}_id"):
            return param.get_error_hint(ctx)
    return next((p.get_error_hint(ctx) for p in params if p.name == "ref"), None)  # show REF: any kind


def _completer(what: str):
    return lambda incomplete: _complete(what, incomplete)


def _complete(what: str, incomplete: str) -> list[str]:
    """Ids for shell completion, read from the catalogue; nothing (not an error) if it cannot load."""
    try:
        from infraplan.store import default_data_dir, load_catalogue

        data_dir = Path(os.environ.get("INFRAPLAN_DATA") or default_data_dir())
        records = getattr(load_catalogue(data_dir), what)
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []
    return [str(rid) for rid in records if str(rid).startswith(incomplete)]


def _data_dir(ctx: typer.Context) -> Path:
    from infraplan.store import default_data_dir

    given = (ctx.find_root().params or {}).get("data_dir")
    return Path(given) if given else default_data_dir()


def _catalogue(ctx: typer.Context):
    from infraplan.store import load_catalogue

    return load_catalogue(_data_dir(ctx))


def _emit(view, fmt: Format) -> None:
    from infraplan.render import RENDERERS, Listing

    empty = isinstance(view, Listing) and not view.records
    if empty:
        _err(view.empty)
        if fmt is Format.table:
            return
    out = RENDERERS[fmt.value](view)
    if fmt is Format.table:
        from rich.console import Console

        Console(file=sys.stdout, highlight=False, emoji=False, soft_wrap=False).print(out)
    else:
        sys.stdout.write(out)


@app.callback()
def root(
    data_dir: Annotated[Optional[Path], typer.Option(
        "--data-dir", envvar="INFRAPLAN_DATA", file_okay=False,
        help="Read the data from DIR (a checkout's data/) instead of the copy shipped with infraplan.")] = None,
) -> None:
    """Query MLIT's infrastructure-export action plan 2023 (インフラシステム海外展開行動計画2023)."""


@app.command("projects")
@_guard
def projects_command(
    ctx: typer.Context,
    country: Annotated[Optional[list[str]], typer.Option(
        "--country", "-c", help="Country: id, ISO code, English or Japanese name (repeatable).", autocompletion=_completer("countries"))] = None,
    region: Annotated[Optional[list[str]], typer.Option(
        "--region", "-r", help="Region id, e.g. southeast-asia or asean (repeatable).")] = None,
    sector: Annotated[Optional[list[str]], typer.Option(
        "--sector", "-s", help="Sector id or alias, e.g. rail, railway, 鉄道 (repeatable).", autocompletion=_completer("sectors"))] = None,
    stage: Annotated[Optional[list[str]], typer.Option(
        "--stage", help="Project stage (repeatable): " + ", ".join(STAGES) + ".")] = None,
    new: Annotated[Optional[bool], typer.Option("--new/--not-new", help="Only projects new in 2023, or only older ones.")] = None,
    since: Annotated[Optional[str], typer.Option(help="With a dated development on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[Optional[str], typer.Option(help="With a dated development on or before YYYY[-MM[-DD]].")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Words in the name or overview, either language.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the plan's target projects; filters combine with AND, repeated options with OR."""
    from infraplan.views import project_listing

    cat = _catalogue(ctx)
    query = ProjectQuery(country or [], region or [], sector or [], stage or [], new, since, until, text)
    _emit(project_listing(cat, cat.find_projects(query)), fmt)


@app.command("project")
@_guard
def project_command(
    ctx: typer.Context,
    project_id: Annotated[str, typer.Argument(metavar="ID", help="The plan's project number, 1-93.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one project in full, with every dated development."""
    from infraplan.views import project_detail

    cat = _catalogue(ctx)
    _emit(project_detail(cat, cat.project(project_id)), fmt)


@app.command("measures")
@_guard
def measures_command(
    ctx: typer.Context,
    pillar: Annotated[Optional[list[str]], typer.Option(
        "--pillar", "-p", help="Pillar id or alias, e.g. om, O&M, ppp, dx (repeatable); matches its tag anywhere.", autocompletion=_completer("pillars"))] = None,
    sector: Annotated[Optional[list[str]], typer.Option("--sector", "-s", help="Sector the measure names (repeatable).", autocompletion=_completer("sectors"))] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", "-c", help="Country the measure names (repeatable).", autocompletion=_completer("countries"))] = None,
    organization: Annotated[Optional[list[str]], typer.Option(
        "--organization", "-o", help="Organisation the measure names: id, abbreviation or name (repeatable).", autocompletion=_completer("organizations"))] = None,
    project: Annotated[Optional[list[str]], typer.Option("--project", help="Target project (1-93) the measure names (repeatable).")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Words in the title, summary or points, either language.")] = None,
    scope: Annotated[Optional[list[str]], typer.Option(
        "--scope", help="cross-cutting (chapter 2's measures) or sector (chapter 3's sector actions).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the plan's measures: chapter 2's and each sector's actions; filters combine with AND, repeated options with OR."""
    from infraplan.views import measure_listing

    cat = _catalogue(ctx)
    query = MeasureQuery(pillar or [], sector or [], country or [], organization or [], project or [], text, scope or [])
    _emit(measure_listing(cat, cat.find_measures(query)), fmt)


@app.command("measure")
@_guard
def measure_command(
    ctx: typer.Context,
    measure_id: Annotated[str, typer.Argument(metavar="ID", help="The measure's place in the plan, e.g. 2.1.1.3 or 3.1.6.3.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one measure in full, its cross-references resolved to names."""
    from infraplan.views import measure_detail

    cat = _catalogue(ctx)
    _emit(measure_detail(cat, cat.measure(measure_id)), fmt)


@app.command("pillars")
@_guard
def pillars_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the strategies and chapter-2 headings that measures are tagged with, with measure counts."""
    from infraplan.views import pillar_listing

    _emit(pillar_listing(_catalogue(ctx)), fmt)


@app.command("pillar")
@_guard
def pillar_command(
    ctx: typer.Context,
    pillar_id: Annotated[str, typer.Argument(
        metavar="ID", help="Pillar id or alias, e.g. om or O&M.", autocompletion=_completer("pillars"))],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one pillar: its summary, its background in chapter 1 and every measure tagged with it."""
    from infraplan.views import pillar_detail

    cat = _catalogue(ctx)
    _emit(pillar_detail(cat, cat.pillars[cat.pillar(pillar_id)]), fmt)


@app.command("countries")
@_guard
def countries_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the countries with their codes, regions and project counts."""
    from infraplan.views import country_listing

    _emit(country_listing(_catalogue(ctx)), fmt)


@app.command("sectors")
@_guard
def sectors_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the twelve sectors: projects, chapter-2 measures, actions and the headline overseas market."""
    from infraplan.views import sector_listing

    _emit(sector_listing(_catalogue(ctx)), fmt)


Section = Enum("Section", {name: name for name in SECTOR_SECTIONS}, type=str)


@app.command("sector")
@_guard
def sector_command(
    ctx: typer.Context,
    sector_id: Annotated[str, typer.Argument(
        metavar="ID", help="Sector id or alias, e.g. rail, 港湾, water.", autocompletion=_completer("sectors"))],
    section: Annotated[Optional[Section], typer.Option("--section", help="Show only this part of the profile.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a sector's profile: market, competitors, strengths and challenges, actions, frameworks, projects."""
    from infraplan.views import sector_detail

    cat = _catalogue(ctx)
    _emit(sector_detail(cat, cat.sectors[cat.sector(sector_id)], section.value if section else None), fmt)


@app.command("search")
@_guard
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words in Japanese or English, an id, code or acronym; typos are forgiven.")],
    kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", help="Only these kinds (repeatable): " + ", ".join(RECORD_KINDS) + ".")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many results.")] = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Search every record (projects, measures and sector actions, sectors, pillars, countries, organisations), best first."""
    from infraplan.search import search
    from infraplan.views import search_listing

    cat = _catalogue(ctx)
    _emit(search_listing(search(_search_docs(ctx, cat), query, [cat.record_kind(k) for k in kind or []], limit)), fmt)


@app.command("show")
@_guard
def show_command(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="50, project:50, 2.1.1.3, rail, bangladesh, JOIN, …")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show any record and everything linked to it, in both directions."""
    from infraplan.search import resolve
    from infraplan.views import show_detail

    cat = _catalogue(ctx)
    _emit(show_detail(cat, *resolve(cat, _search_docs(ctx, cat), ref)), fmt)


@app.command("country")
@_guard
def country_command(
    ctx: typer.Context,
    country_id: Annotated[str, typer.Argument(metavar="ID", help="Country: id, ISO code, English or Japanese name.",
                                              autocompletion=_completer("countries"))],
    fmt: FormatOption = Format.table,
) -> None:
    """A country brief: projects by stage, latest developments, the measures and actions that name it."""
    from infraplan.views import country_detail

    cat = _catalogue(ctx)
    _emit(country_detail(cat, cat.countries[cat.country(country_id)]), fmt)


@app.command("organizations")
@_guard
def organizations_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the organisations the plan names, with how many measures and actions name each."""
    from infraplan.views import organization_listing

    _emit(organization_listing(_catalogue(ctx)), fmt)


@app.command("organization")
@_guard
def organization_command(
    ctx: typer.Context,
    organization_id: Annotated[str, typer.Argument(
        metavar="ID", help="Organisation id, abbreviation or name, e.g. jica, JOIN.",
        autocompletion=_completer("organizations"))],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one organisation: the measures, actions and frameworks that name it."""
    from infraplan.views import organization_detail

    cat = _catalogue(ctx)
    _emit(organization_detail(cat, cat.organizations[cat.organization(organization_id)]), fmt)


@app.command("timeline")
@_guard
def timeline_command(
    ctx: typer.Context,
    country: Annotated[Optional[list[str]], typer.Option("--country", "-c", help="Country (repeatable).", autocompletion=_completer("countries"))] = None,
    region: Annotated[Optional[list[str]], typer.Option("--region", "-r", help="Region (repeatable).")] = None,
    sector: Annotated[Optional[list[str]], typer.Option("--sector", "-s", help="Sector (repeatable).", autocompletion=_completer("sectors"))] = None,
    kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", help="Kind of development (repeatable): " + ", ".join(EVENT_KINDS) + ".")] = None,
    since: Annotated[Optional[str], typer.Option(help="On or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[Optional[str], typer.Option(help="On or before YYYY[-MM[-DD]].")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every dated development of the target projects, newest first."""
    from infraplan.views import timeline_listing

    cat = _catalogue(ctx)
    query = ProjectQuery(country or [], region or [], sector or [], since=since, until=until)
    _emit(timeline_listing(cat, cat.find_events(query, kind or [])), fmt)


@app.command("stats")
@_guard
def stats_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The plan at a glance: projects by region, country, sector and stage, measures by pillar."""
    from infraplan.views import stats_detail

    _emit(stats_detail(_catalogue(ctx)), fmt)


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command("completion")
def completion_command(shell: Annotated[Shell, typer.Argument(help="Your shell.")]) -> None:
    """Print the shell completion script: command names and the ids of countries, sectors, pillars and
    organisations. Bash: eval "$(infraplan completion bash)" in ~/.bashrc."""
    from typer.completion import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="infraplan", complete_var="_INFRAPLAN_COMPLETE",
                                           shell=shell.value).rstrip("\n") + "\n")


def _search_docs(ctx: typer.Context, cat):
    from infraplan.store import search_documents

    return search_documents(_data_dir(ctx), cat)


@app.command("validate")
@_guard
def validate_command(
    ctx: typer.Context,
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, or github for Actions annotations.")]
    = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")] = False,
) -> None:
    """Check every data file and print every problem (exit 1); warnings exit 1 only with --strict."""
    from infraplan.store import validate_with_warnings

    try:
        data, warnings = validate_with_warnings(_data_dir(ctx))
    except DataInvalid as exc:
        _report_problems(exc.problems, fmt)
        raise typer.Exit(1) from None
    if strict and warnings:
        _report_problems([w._replace(severity="error") for w in warnings], fmt)
        raise typer.Exit(1)
    _report_problems(warnings, fmt, summary=False)
    counts = ", ".join(f"{len(data[k])} {k}" for k in ("projects", "measures"))
    counts += f", {sum(len(s['actions']) for s in data['sectors'])} sector actions, "
    counts += ", ".join(f"{len(data[k])} {k}" for k in ("pillars", "countries", "sectors", "organizations"))
    if warnings:
        counts += f" ({len(warnings)} warning{'s' if len(warnings) > 1 else ''})"
    sys.stdout.write(f"ok: {counts}\n")


def _report_problems(problems, fmt: ValidateFormat, summary: bool = True) -> None:
    for problem in problems:
        if fmt is ValidateFormat.github:
            sys.stdout.write(_github_annotation(problem) + "\n")
        else:
            _err(str(problem))
    if summary:
        _err(f"{len(problems)} problem(s) found.")


def _github_annotation(problem) -> str:
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    props = f"file={escape(problem.file, True)},line={problem.line},col={problem.column}"
    if problem.path:
        props += f",title={escape(problem.path, True)}"
    return f"::{problem.severity} {props}::{escape(problem.message)}"


def main() -> None:
    """Console-script entry point: runs the app and ends quietly when stdout is closed early."""
    if "_INFRAPLAN_COMPLETE" in os.environ:  # the shell asks for completions (see `infraplan completion`)
        from typer.completion import completion_init

        completion_init()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
