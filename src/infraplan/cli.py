"""The command line: each command parses its options, calls the core, renders, exits.

Exit codes: 0 success (an empty result too), 1 invalid data or output that cannot be written,
2 bad usage, 70 a bug (an unexpected exception). Results go to stdout, diagnostics to stderr.
Machine formats are written as UTF-8 bytes whatever the console's encoding; a table replaces a
character the console cannot show. Heavy modules (rich, yaml, pydantic, rapidfuzz) load only when
needed.
"""

import errno
import functools
import gc
import os
import sys
from collections.abc import MutableMapping
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from infraplan.catalogue import MeasureQuery, ProjectQuery
from infraplan.output import OutputFailed
from infraplan.problems import BadUsage, DataInvalid, DataMissing, UnknownValue
from infraplan.vocab import EVENT_KINDS, RECORD_KINDS, REGIONS, SECTOR_SECTIONS, SORT_FIELDS, STAGES

class PlainHelp(TyperGroup):
    """Help in plain words: metavars such as ID, COUNTRY, DATE or [table|json|yaml|csv|md] rather
    than Typer's {ID}, <str> or {shell}:<bash|zsh|fish|powershell>, in the usage line too."""

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            _plain_metavars(command.params)
        return command

    def get_params(self, ctx):
        params = super().get_params(ctx)
        _plain_metavars(params)
        return params

    def list_commands(self, ctx):
        return list(self.commands)  # the names, in order: building none of the lazy ones (_LazyCommands)

    def format_commands(self, ctx, formatter):
        """Typer's list of commands, from each one's outline where it is not built (its help and
        whether hidden are all the list shows): --help builds no command."""
        outline = getattr(self.commands, "outline", None)
        if outline is None:
            return super().format_commands(ctx, formatter)
        commands = [(name, outline(name)) for name in self.list_commands(ctx)]
        commands = [(name, cmd) for name, cmd in commands if not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


class _PlainArgument(TyperArgument):
    def make_metavar(self, ctx, *, usage: bool = False) -> str:
        var = self.metavar or (self.name or "").upper()
        return f"[{var}]" if usage and not self.required and not var.startswith("[") else var


_METAVARS = {"since": "DATE", "until": "DATE", "text": "WORDS", "data_dir": "DIR"}


def _plain_metavars(params) -> None:
    for param in params:
        choices = getattr(param.type, "choices", None)
        if isinstance(param, TyperArgument) and not isinstance(param, _PlainArgument):
            param.__class__ = _PlainArgument
            if choices and param.help and "one of" not in param.help:
                param.help += " One of: " + ", ".join(map(str, choices)) + "."
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            if choices:
                param.metavar = "[" + "|".join(map(str, choices)) + "]"
            elif param.type.name in ("int", "int range", "integer", "integer range"):
                param.metavar = "N"
            elif param.type.name in ("directory", "file", "path"):
                param.metavar = "DIR" if param.type.name == "directory" else "FILE"
            else:
                param.metavar = _METAVARS.get(param.name or "", (param.name or "").upper())


app = typer.Typer(
    name="infraplan",
    cls=PlainHelp,
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
LimitOption = Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="Show at most N records (after --sort).")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", metavar="FILE",
    help="Write the result to FILE (UTF-8, replaced whole) instead of standard output.")]


def SortOption(listing: str):  # noqa: N802 - an option type, named like the others
    return Annotated[Optional[str], typer.Option(
        "--sort", metavar="FIELD",
        help="Order by FIELD, -FIELD for descending (ties keep the listing's order): "
             + ", ".join(SORT_FIELDS[listing]) + ".")]


class Lang(str, Enum):
    ja = "ja"
    en = "en"
    both = "both"


EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h): an internal error, told apart from bad data (1) and usage (2)


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
            from infraplan.problems import count_errors

            _report_problems(exc.problems, ValidateFormat.text)
            _err(f"{count_errors(exc.problems)} problem(s) in the data; fix them, then run "
                 f"'{_recheck(kwargs.get('ctx'))}'.")
            raise typer.Exit(1) from None
        except BrokenPipeError:
            raise _PipeClosed from None  # past Typer's own handler, which would exit 1 as for bad data
        except (DataMissing, BadUsage) as exc:
            _err(f"Error: {exc}")
            raise typer.Exit(2) from None
        except OutputFailed as exc:
            _err(f"infraplan: {exc}")
            raise typer.Exit(1) from None

    return wrapper


def _hint(ctx: typer.Context | None, what: str) -> str | None:
    """The option or argument of the running command that takes a value of this kind."""
    if what == "date":
        return "--since/--until"
    if what == "sort field":
        what = "sort"
    params = ctx.command.params if ctx else []
    for param in params:
        if param.name in (what, f"{what}_id"):
            return param.get_error_hint(ctx)
    return next((p.get_error_hint(ctx) for p in params if p.name == "ref"), None)  # show REF: any kind


def _completer(what: str):
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        return _complete(what, incomplete, ctx)

    return complete


def _complete(what: str, incomplete: str, ctx: typer.Context | None = None) -> list[str]:
    """Ids for shell completion, read from the catalogue of the folder the command would read;
    nothing (not an error) if it cannot load."""
    try:
        from infraplan.store import load_catalogue

        records = getattr(load_catalogue(_resolved(ctx).path), what)
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []
    return [str(rid) for rid in records if str(rid).startswith(incomplete)]


def _resolved(ctx: typer.Context | None):
    """The data folder this run reads and how it was chosen (store.resolve_data_dir), once per run."""
    from infraplan.store import resolve_data_dir

    root = ctx.find_root() if ctx else None
    if root is None:
        return resolve_data_dir(None)
    if "infraplan.data" not in root.meta:
        root.meta["infraplan.data"] = resolve_data_dir((root.params or {}).get("data_dir"))
    return root.meta["infraplan.data"]


def _recheck(ctx: typer.Context | None) -> str:
    """The command that validates the same folder again."""
    resolved = _resolved(ctx)
    if resolved.how in ("checkout", "package"):
        return "infraplan validate"  # run from here, it finds the same folder
    import shlex

    return f"infraplan --data-dir {shlex.quote(resolved.display.rstrip('/') or '/')} validate"


def _data_dir(ctx: typer.Context) -> Path:
    resolved = _resolved(ctx)
    if resolved.how == "INFRAPLAN_DATA" and not resolved.path.is_dir():  # say where a bad path came from
        raise DataMissing(f"data directory not found: {resolved.path} (from INFRAPLAN_DATA)")
    return resolved.path


def _catalogue(ctx: typer.Context):
    from infraplan.store import load_catalogue

    return load_catalogue(_data_dir(ctx))


def _emit(view, fmt: Format, output: Path | None = None) -> None:
    from infraplan.i18n import label
    from infraplan.render import RENDERERS, Listing

    empty = isinstance(view, Listing) and not view.records
    if empty:
        _err(label(view.empty))
        if fmt is Format.table:
            if output is not None:
                _write("", table=False, output=output)  # the file holds the (empty) result
            return
    _write(RENDERERS[fmt.value](view), table=fmt is Format.table, output=output)


def _write(out, *, table: bool, output: Path | None = None) -> None:
    """A result to stdout, or to the file `output` (UTF-8, atomically): a Rich renderable for a
    table (on stdout in the console's encoding, '?' for what it cannot show), else text (UTF-8
    whatever the console's encoding). On a terminal it goes through the pager (output.py)."""
    from infraplan import output as results

    text = results.table_text(out, to_file=output is not None) if table else out
    if output is not None:
        results.write_file(output, text.encode("utf-8"))
        return
    results.write_stdout(text, table=table)


def _arranged(view, listing: str, sort: str | None, limit: int | None):
    from infraplan.views import arrange

    return arrange(view, listing, sort, limit)


class _PipeClosed(Exception):
    """The reader of stdout has gone (`| head -1`): end quietly, as a program killed by SIGPIPE."""


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    data_dir: Annotated[Optional[Path], typer.Option(
        "--data-dir", file_okay=False,
        help="Read the data from DIR. Default: $INFRAPLAN_DATA, else the data/ of the infraplan checkout "
             "around the current folder, else the copy shipped with infraplan.")] = None,
    lang: Annotated[Lang, typer.Option(
        "--lang", envvar="INFRAPLAN_LANG", case_sensitive=False,
        help="Language of the views: ja, en or both (default; also $INFRAPLAN_LANG). Given, json, yaml "
             "and csv keep only that language's fields.")] = Lang.both,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Never page output (by default a terminal's output goes through $PAGER or less).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", help="Print infraplan's version and the edition of the data it reads, then exit.")] = False,
) -> None:
    """Query MLIT's infrastructure-export action plan 2023 (インフラシステム海外展開行動計画2023)."""
    from infraplan import i18n, output

    explicit = getattr(ctx.get_parameter_source("lang"), "name", "") in ("COMMANDLINE", "ENVIRONMENT")
    token = i18n.set_language(i18n.Language(lang.value, explicit))
    ctx.call_on_close(lambda: i18n.reset(token))
    paging = output.set_paging(not no_pager)
    ctx.call_on_close(lambda: output.reset_paging(paging))
    if version:
        sys.stdout.write(_version_line(ctx) + "\n")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        ctx.fail("Missing command.")


def _version_line(ctx: typer.Context) -> str:
    """'infraplan 0.1.0 (data: インフラシステム海外展開行動計画2023, edition 2023)'."""
    from infraplan import __version__

    try:
        plan = _catalogue(ctx).plan
        data = f"{plan['title']['ja']}, edition {plan['edition']}"
    except DataMissing:
        data = f"none found at {_resolved(ctx).display}"
    except DataInvalid:
        data = f"{_resolved(ctx).display} is not valid; run '{_recheck(ctx)}'"
    return f"infraplan {__version__} (data: {data})"


@app.command("projects")
@_guard
def projects_command(
    ctx: typer.Context,
    country: Annotated[Optional[list[str]], typer.Option(
        "--country", "-c", help="Country: id, ISO code, English or Japanese name (repeatable).", autocompletion=_completer("countries"))] = None,
    region: Annotated[Optional[list[str]], typer.Option(
        "--region", "-r", help="Region (repeatable): " + ", ".join(REGIONS) + " (asean: southeast-asia).")] = None,
    sector: Annotated[Optional[list[str]], typer.Option(
        "--sector", "-s", help="Sector id or alias, e.g. rail, railway, 鉄道 (repeatable).", autocompletion=_completer("sectors"))] = None,
    stage: Annotated[Optional[list[str]], typer.Option(
        "--stage", help="Project stage (repeatable): " + ", ".join(STAGES) + ".")] = None,
    new: Annotated[Optional[bool], typer.Option("--new/--not-new", help="Only projects new in 2023, or only older ones.")] = None,
    since: Annotated[Optional[str], typer.Option(help="With a dated development on or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[Optional[str], typer.Option(help="With a dated development on or before YYYY[-MM[-DD]].")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="Words in the name or overview, either language.")] = None,
    planned: Annotated[bool, typer.Option(
        "--planned/--no-planned", help="Include the developments the plan marks as planned (expected, not yet "
                                       "reported), or leave them out everywhere.")] = True,
    fmt: FormatOption = Format.table,
    sort: SortOption("projects") = None,
    limit: LimitOption = None,
    output: OutputOption = None,
) -> None:
    """List the plan's target projects. Filters combine with AND, repeated options with OR."""
    from infraplan.views import project_listing

    cat = _catalogue(ctx)
    query = ProjectQuery(country or [], region or [], sector or [], stage or [], new, since, until, text, planned=planned)
    _emit(_arranged(project_listing(cat, cat.find_projects(query)), "projects", sort, limit), fmt, output)


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
        "--scope", metavar="[cross-cutting|sector]",
        help="cross-cutting (chapter 2's measures) or sector (chapter 3's sector actions) (repeatable).")] = None,
    fmt: FormatOption = Format.table,
    sort: SortOption("measures") = None,
    limit: LimitOption = None,
    output: OutputOption = None,
) -> None:
    """List the measures: chapter 2's and each sector's actions. Filters combine with AND, repeated options
    with OR."""
    from infraplan.views import measure_listing

    cat = _catalogue(ctx)
    query = MeasureQuery(pillar or [], sector or [], country or [], organization or [], project or [], text, scope or [])
    _emit(_arranged(measure_listing(cat, cat.find_measures(query)), "measures", sort, limit), fmt, output)


@app.command("measure")
@_guard
def measure_command(
    ctx: typer.Context,
    measure_id: Annotated[str, typer.Argument(metavar="ID", help="The measure's place in the plan, e.g. 2.1.1.3 or 3.1.6.3.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one measure in full, its references resolved to names."""
    from infraplan.views import measure_detail

    cat = _catalogue(ctx)
    _emit(measure_detail(cat, cat.measure(measure_id)), fmt)


@app.command("pillars")
@_guard
def pillars_command(ctx: typer.Context, fmt: FormatOption = Format.table, sort: SortOption("pillars") = None,
                    limit: LimitOption = None, output: OutputOption = None) -> None:
    """List the pillars: strategies and chapter-2 headings. Each with how many measures are tagged with it."""
    from infraplan.views import pillar_listing

    _emit(_arranged(pillar_listing(_catalogue(ctx)), "pillars", sort, limit), fmt, output)


@app.command("pillar")
@_guard
def pillar_command(
    ctx: typer.Context,
    pillar_id: Annotated[str, typer.Argument(
        metavar="ID", help="Pillar id or alias, e.g. om or O&M.", autocompletion=_completer("pillars"))],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one pillar, its chapter-1 background and its measures. Its summary, the summaries of the
    chapter-1 sections it answers, and every measure tagged with it."""
    from infraplan.views import pillar_detail

    cat = _catalogue(ctx)
    _emit(pillar_detail(cat, cat.pillars[cat.pillar(pillar_id)]), fmt)


@app.command("countries")
@_guard
def countries_command(ctx: typer.Context, fmt: FormatOption = Format.table, sort: SortOption("countries") = None,
                      limit: LimitOption = None, output: OutputOption = None) -> None:
    """List the countries: codes, regions and project counts."""
    from infraplan.views import country_listing

    _emit(_arranged(country_listing(_catalogue(ctx)), "countries", sort, limit), fmt, output)


@app.command("regions")
@_guard
def regions_command(ctx: typer.Context, fmt: FormatOption = Format.table, sort: SortOption("regions") = None,
                    limit: LimitOption = None, output: OutputOption = None) -> None:
    """List the regions, their countries and project counts."""
    from infraplan.views import region_listing

    _emit(_arranged(region_listing(_catalogue(ctx)), "regions", sort, limit), fmt, output)


@app.command("sectors")
@_guard
def sectors_command(ctx: typer.Context, fmt: FormatOption = Format.table, sort: SortOption("sectors") = None,
                    limit: LimitOption = None, output: OutputOption = None) -> None:
    """List the twelve sectors, with counts and market size. Projects, chapter-2 measures, actions and the
    headline overseas market."""
    from infraplan.views import sector_listing

    _emit(_arranged(sector_listing(_catalogue(ctx)), "sectors", sort, limit), fmt, output)


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
    """Show a sector's profile, part by part. Market, competitors, strengths and challenges, actions,
    frameworks, projects."""
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
    sort: SortOption("search") = None,
    output: OutputOption = None,
) -> None:
    """Search every kind of record at once, best first. Projects, measures and sector actions, sectors,
    pillars, countries, organisations and the plan's headings."""
    from infraplan.search import search
    from infraplan.views import search_listing

    cat = _catalogue(ctx)
    hits = search(_search_docs(ctx, cat), query, [cat.record_kind(k) for k in kind or []], limit)
    _emit(_arranged(search_listing(hits), "search", sort, None), fmt, output)


@app.command("show")
@_guard
def show_command(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="50, project:50, 2.1.1.3, 2.1, 3.7, intro, rail, bangladesh, JOIN, …")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show any record and what links to it, both ways."""
    from infraplan.views import show_detail

    cat = _catalogue(ctx)
    _emit(show_detail(cat, *_resolve(ctx, ref, cat)), fmt)


class PassageFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("source")
@_guard
def source_command(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="LINES|REF", help="9807-9833, line:9807, or a REF as for show: 50, 2.3.3.5, sector:rail, om, …")],
    fmt: Annotated[PassageFormat, typer.Option("--format", "-f", help="text (numbered lines) or json ([{line, text}]).")]
    = PassageFormat.text,
) -> None:
    """Print lines of the plan's text, numbered. LINES, or the lines a record was taken from."""
    from infraplan.source.cite import cited_lines, passage
    from infraplan.views import passage_listing, passage_text

    view = passage_listing(passage(_data_dir(ctx), *cited_lines(ref, lambda r: _resolve(ctx, r))))
    if fmt is PassageFormat.json:
        _emit(view, Format.json)
    else:  # plain numbered lines, never through Rich (the console's encoding, as a table)
        from infraplan.output import write_stdout

        write_stdout(passage_text(view), table=True)


def _resolve(ctx: typer.Context, ref: str, cat=None) -> tuple[str, dict]:
    from infraplan.store import resolve_ref

    cat = cat if cat is not None else _catalogue(ctx)
    return resolve_ref(_data_dir(ctx), cat, ref)


@app.command("country")
@_guard
def country_command(
    ctx: typer.Context,
    country_id: Annotated[str, typer.Argument(metavar="ID", help="Country: id, ISO code, English or Japanese name.",
                                              autocompletion=_completer("countries"))],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a country brief: projects, news and measures. Its projects by stage, the latest developments,
    and the measures and actions that name it."""
    from infraplan.views import country_detail

    cat = _catalogue(ctx)
    _emit(country_detail(cat, cat.countries[cat.country(country_id)]), fmt)


@app.command("organizations")
@_guard
def organizations_command(ctx: typer.Context, fmt: FormatOption = Format.table,
                          sort: SortOption("organizations") = None, limit: LimitOption = None,
                          output: OutputOption = None) -> None:
    """List the organisations the plan names. Each with how many measures and actions name it."""
    from infraplan.views import organization_listing

    _emit(_arranged(organization_listing(_catalogue(ctx)), "organizations", sort, limit), fmt, output)


@app.command("organization")
@_guard
def organization_command(
    ctx: typer.Context,
    organization_id: Annotated[str, typer.Argument(
        metavar="ID", help="Organisation id, abbreviation or name, e.g. jica, JOIN.",
        autocompletion=_completer("organizations"))],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one organisation and what names it. The measures, actions and frameworks that name it."""
    from infraplan.views import organization_detail

    cat = _catalogue(ctx)
    _emit(organization_detail(cat, cat.organizations[cat.organization(organization_id)]), fmt)


@app.command("timeline")
@_guard
def timeline_command(
    ctx: typer.Context,
    country: Annotated[Optional[list[str]], typer.Option("--country", "-c", help="Country (repeatable).", autocompletion=_completer("countries"))] = None,
    region: Annotated[Optional[list[str]], typer.Option(
        "--region", "-r", help="Region (repeatable): " + ", ".join(REGIONS) + " (asean: southeast-asia).")] = None,
    sector: Annotated[Optional[list[str]], typer.Option("--sector", "-s", help="Sector (repeatable).", autocompletion=_completer("sectors"))] = None,
    kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", help="Kind of development (repeatable): " + ", ".join(EVENT_KINDS) + ".")] = None,
    since: Annotated[Optional[str], typer.Option(help="On or after YYYY[-MM[-DD]].")] = None,
    until: Annotated[Optional[str], typer.Option(help="On or before YYYY[-MM[-DD]].")] = None,
    planned: Annotated[bool, typer.Option(
        "--planned/--no-planned", help="Include the developments the plan marks as planned (expected, not yet "
                                       "reported), or leave them out everywhere.")] = True,
    fmt: FormatOption = Format.table,
    sort: SortOption("timeline") = None,
    limit: LimitOption = None,
    output: OutputOption = None,
) -> None:
    """List every dated development of the projects, newest first."""
    from infraplan.views import timeline_listing

    cat = _catalogue(ctx)
    query = ProjectQuery(country or [], region or [], sector or [], since=since, until=until, planned=planned)
    _emit(_arranged(timeline_listing(cat, cat.find_events(query, kind or [])), "timeline", sort, limit), fmt, output)


@app.command("stats")
@_guard
def stats_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Show the plan at a glance, in counts and bar charts. Projects by region, country, sector and stage,
    measures by pillar."""
    from infraplan.views import stats_detail

    _emit(stats_detail(_catalogue(ctx)), fmt)


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@app.command("outline")
@_guard
def outline_command(
    ctx: typer.Context,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=4, help=(
        "How deep: 1 chapters, 2 （１）… sections, 3 ①… headings, 4 with the measures and sector actions "
        "under them."))] = 3,
    fmt: FormatOption = Format.table,
    sort: SortOption("outline") = None,
    limit: LimitOption = None,
    output: OutputOption = None,
) -> None:
    """Show the plan's table of contents. Each heading with its lines and the measures, actions and projects
    under it."""
    from infraplan.views import outline_listing

    _emit(_arranged(outline_listing(_catalogue(ctx), depth), "outline", sort, limit), fmt, output)


@app.command("plan")
@_guard
def plan_command(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Show the edition's headline facts. Title, publisher, KPI, strategies, counts, what changed, 出典 and
    licence."""
    from infraplan.views import plan_detail

    _emit(plan_detail(_catalogue(ctx)), fmt)


@app.command("completion")
def completion_command(shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="Your shell.")]) -> None:
    """Print the shell completion script for SHELL. It completes command names and the ids of countries,
    sectors, pillars and organisations. Bash: eval "$(infraplan completion bash)" in ~/.bashrc."""
    from typer.completion import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="infraplan", complete_var="_INFRAPLAN_COMPLETE",
                                           shell=shell.value).rstrip("\n") + "\n")


def _search_docs(ctx: typer.Context, cat):
    from infraplan.store import search_documents

    return search_documents(_data_dir(ctx), cat)


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    md = "md"


@app.command("diff")
@_guard
def diff_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="A data folder, or a git revision (main, v0.1.0, HEAD~1).")],
    new: Annotated[Optional[str], typer.Argument(
        metavar="[NEW]", help="A data folder or a git revision; default: the current data (--data-dir).")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table, json, or md for a pull-request comment.")]
    = DiffFormat.table,
) -> None:
    """Compare two knowledge bases, record by record. Added, removed and changed (exit 1 if they differ)."""
    from infraplan.diff import compare, read_side

    current = _data_dir(ctx)
    before, after = read_side(old, current), read_side(new if new is not None else current, current)
    changes = compare(before.data, after.data, before.label, after.label)
    _emit_diff(changes, fmt)
    raise typer.Exit(0 if changes.equal else 1)


def _emit_diff(changes, fmt: DiffFormat) -> None:
    from infraplan.diff.render import RENDERERS

    if changes.equal:
        _err(f"No differences: {changes.old} and {changes.new} hold the same records.")
        if fmt is DiffFormat.table:
            return
    _write(RENDERERS[fmt.value](changes), table=fmt is DiffFormat.table)


@app.command("schema")
def schema_command(
    output: Annotated[Path, typer.Option("--output", "-o", file_okay=False,
                                         help="Write the schemas into DIR.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each kind of data file. For editors' YAML language server, into DIR."""
    from infraplan.schema import write

    try:
        written = write(output)
    except OSError as exc:  # a read-only or impossible folder: bad usage, not a traceback
        _err(f"Error: cannot write the schemas into {output}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    for path in written:
        sys.stdout.write(f"wrote {path.as_posix()}\n")


export_app = typer.Typer(
    name="export", cls=PlainHelp, no_args_is_help=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Write the whole catalogue to a file. json (one document), sqlite (a database for Datasette) or "
         "oc4ids (an OC4IDS project package of the target projects); each carries the plan's 出典 and licence.")
app.add_typer(export_app)

ForceOption = Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")]


@export_app.command("json")
@_guard
def export_json_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write, or - for standard output.")],
    force: ForceOption = False,
) -> None:
    """Write every record as one JSON document. Every kind, with its links both ways."""
    from infraplan.export import json as export_json
    from infraplan.export.write import target, write_bytes

    out = target(path, _data_dir(ctx), force=force)
    write_bytes(out, export_json.render(_catalogue(ctx)))


@export_app.command("oc4ids")
@_guard
def export_oc4ids_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write, or - for standard output.")],
    force: ForceOption = False,
    uri: Annotated[Optional[str], typer.Option("--uri", help="The package's URI: where you will publish it "
                                               "(default: PATH's file:// URI; for - a fresh urn:uuid).")] = None,
) -> None:
    """Write the target projects as an OC4IDS project package. OC4IDS 0.9.5, published now (see README)."""
    from datetime import datetime, timezone

    from infraplan.export import oc4ids
    from infraplan.export.write import target, write_bytes

    out = target(path, _data_dir(ctx), force=force)
    package = oc4ids.render(_catalogue(ctx), uri=oc4ids.package_uri(uri, out), published=datetime.now(timezone.utc))
    write_bytes(out, package)


@export_app.command("sqlite")
@_guard
def export_sqlite_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="The database file to write (not -: a database is no stream).")],
    metadata: Annotated[Optional[str], typer.Option(
        "--metadata", "-m", metavar="FILE", help="Also write Datasette metadata (JSON) to FILE (- for standard output; --force replaces it too).")] = None,
    force: ForceOption = False,
) -> None:
    """Write every record into one SQLite database. A table per kind, link tables, full-text search, views."""
    from infraplan.export import sqlite as export_sqlite
    from infraplan.export.write import target, write_bytes, write_file

    out = target(path, _data_dir(ctx), force=force, stdout_ok=False)
    meta_out = target(metadata, _data_dir(ctx), force=force) if metadata else None
    cat = _catalogue(ctx)
    write_file(out, lambda tmp: export_sqlite.write(cat, tmp))
    if metadata:
        write_bytes(meta_out, export_sqlite.render_metadata(cat, out.stem))


@app.command("validate")
@_guard
def validate_command(
    ctx: typer.Context,
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text, or github for Actions annotations.")]
    = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")] = False,
) -> None:
    """Check every data file and print every problem. Exit 1 if any is an error; warnings exit 1 only with
    --strict."""
    from infraplan.problems import count_errors
    from infraplan.store import validate

    try:
        data, problems = validate(_data_dir(ctx))
    except DataInvalid as exc:
        data, problems = None, exc.problems
    if strict:
        problems = [p._replace(severity="error") if p.severity == "warning" else p for p in problems]
    _report_problems(problems, fmt)
    if data is None or count_errors(problems):
        _err(f"{count_errors(problems)} problem(s) found.")
        raise typer.Exit(1)
    counts = ", ".join(f"{len(data[k])} {k}" for k in ("projects", "measures"))
    counts += f", {sum(len(s['actions']) for s in data['sectors'])} sector actions, "
    counts += ", ".join(f"{len(data[k])} {k}" for k in ("pillars", "countries", "sectors", "organizations"))
    counts += f", {len(data['outline'])} headings"
    warnings = sum(p.severity == "warning" for p in problems)
    if warnings:
        counts += f" ({warnings} warning{'s' if warnings > 1 else ''})"
    sys.stdout.write(f"ok: {_resolved(ctx).display} — {counts}\n")


def _report_problems(problems, fmt: ValidateFormat) -> None:
    """Problems one line each: to stderr, or as GitHub annotations to stdout."""
    for problem in problems:
        if fmt is ValidateFormat.github:
            sys.stdout.write(_github_annotation(problem) + "\n")
        else:
            _err(str(problem))


def _github_annotation(problem) -> str:
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    from infraplan.problems import visible

    props = f"file={escape(visible(problem.file), True)},line={problem.line},col={problem.column}"
    if problem.path:
        props += f",title={escape(visible(problem.path), True)}"
    level = "error" if problem.is_error else "warning" if problem.severity == "warning" else "notice"
    return f"::{level} {props}::{escape(visible(problem.message))}"


class _LazyCommands(MutableMapping):
    """The app's commands by name, each built by Typer only when asked for: running one command
    builds that one; --help, completion and a mistyped name's suggestions list (and build) them all."""

    def __init__(self, typer_app: typer.Typer):
        from typer.main import get_command_from_info, get_command_name, get_group_from_info, solve_typer_info_defaults

        options = {"pretty_exceptions_short": typer_app.pretty_exceptions_short,
                   "rich_markup_mode": typer_app.rich_markup_mode}
        self._build, self._built, self._outlines = {}, {}, {}
        for info in typer_app.registered_commands:
            name = info.name or get_command_name(info.callback.__name__)
            self._build[name] = functools.partial(get_command_from_info, info, **options)
            self._outlines[name] = functools.partial(_Outline.of_command, info)
        for info in typer_app.registered_groups:
            solved = solve_typer_info_defaults(info)
            self._build[solved.name] = functools.partial(
                get_group_from_info, info, suggest_commands=typer_app.suggest_commands, **options)
            self._outlines[solved.name] = functools.partial(
                _Outline, solved.help, solved.short_help, solved.hidden, solved.deprecated)

    def outline(self, name: str):
        """The command if built, else what a list of commands shows of it (_Outline)."""
        if name in self._built or name not in self._outlines:
            return self[name]
        return self._outlines[name]()

    def __getitem__(self, name: str):
        if name not in self._built:
            self._built[name] = self._build[name]()
        return self._built[name]

    def __setitem__(self, name: str, command) -> None:
        self._build[name] = lambda: command
        self._built[name] = command
        self._outlines.pop(name, None)

    def __delitem__(self, name: str) -> None:
        del self._build[name]
        self._built.pop(name, None)

    def __iter__(self):
        return iter(self._build)

    def __len__(self) -> int:
        return len(self._build)


class _Outline:
    """A command as a list of commands shows it, with the help Typer gives it (get_command_from_info,
    get_group_from_info) and Click's own short help, without building its parameters."""

    def __init__(self, help, short_help, hidden, deprecated):
        self.help, self.short_help, self.hidden, self.deprecated = help, short_help, hidden, deprecated

    @classmethod
    def of_command(cls, info):
        import inspect

        use_help = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        return cls(use_help, info.short_help, info.hidden, info.deprecated)

    def get_short_help_str(self, limit: int = 45) -> str:
        return TyperGroup.get_short_help_str(self, limit)


def _command():
    """The app as Click runs it (what `app()` runs), its commands built lazily (_LazyCommands)."""
    import copy

    from typer.main import get_group

    shell = copy.copy(app)
    shell.registered_commands, shell.registered_groups = [], []
    group = get_group(shell)
    group.commands = _LazyCommands(app)
    return group


def main() -> None:
    """Console-script entry point: runs the app; output that cannot be written is one line and exit
    1 (a closed pipe ends quietly), an unexpected exception one line and EXIT_BUG."""
    if sys.stdout is None:  # started with stdout closed (>&-)
        _err("infraplan: cannot write output: standard output is closed")
        sys.exit(1)
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        try:  # a console that cannot show a character (cp932, ascii) gets '?' rather than a crash
            stream.reconfigure(errors=errors)
        except (AttributeError, ValueError):
            pass
    if "_INFRAPLAN_COMPLETE" in os.environ:  # the shell asks for completions (see `infraplan completion`)
        from typer.completion import completion_init

        completion_init()
    try:
        gc.disable()  # a run is short: collecting its few cycles cost more than the memory they hold
        try:
            _command()()
        finally:
            gc.freeze()  # no pass over what the run made, at exit or after (a caller in-process)
            gc.enable()
            sys.stdout.flush()
    except SystemExit:
        raise
    except _PipeClosed:
        _silence_stdout()
        sys.exit(141)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            sys.exit(141)
        if exc.filename is None:  # a write to stdout failed: a full disk, a closed or broken file
            _silence_stdout()
            _err(f"infraplan: cannot write output: {exc.strerror or exc}")
            sys.exit(1)
        _bug(exc)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message and an exit code
        _bug(exc)


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _bug(exc: BaseException) -> None:
    if os.environ.get("INFRAPLAN_DEBUG"):
        raise exc
    _err(f"infraplan: internal error (a bug, not your data): {type(exc).__name__}: {exc}; "
         "run again with INFRAPLAN_DEBUG=1 for the traceback, and please report it")
    sys.exit(EXIT_BUG)
