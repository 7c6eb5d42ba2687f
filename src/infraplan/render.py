"""Renderers, looked up by name: each turns a view (Listing or Detail) into output.

``table`` returns a Rich renderable (Rich is imported only there); every other renderer returns a
string. Nothing here prints. Data strings are untrusted: they never reach Rich as markup, control
characters are stripped, and CSV cells cannot start a spreadsheet formula.
"""

from __future__ import annotations

import io
import json
import re
from typing import Callable

from infraplan.problems import INVISIBLE

_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{INVISIBLE}]")  # stripped from every cell (a line break stays)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


# Plain classes rather than dataclasses: generating dataclass methods costs every query a few ms.

class Column:
    """A column of a listing: its header and how to get its cell from a record."""

    def __init__(self, header: str, get: Callable[[dict], object], style: str | None = None):
        # No minimum widths: when a table's minimums exceed the terminal, Rich crops wide
        # (Japanese) characters at the column's edge instead of folding them.
        self.header, self.get, self.style = header, get, style


class Listing:
    """Records (what json and yaml emit, as stored) and the columns table, md and csv show."""

    def __init__(self, title: str, records: list[dict], columns: list[Column], empty: str = "Nothing matches.",
                 export: list[Column] | None = None):
        self.title, self.records, self.columns, self.empty = title, records, columns, empty
        self.export = export  # csv's columns when they differ (every field, for a spreadsheet)


class Block:
    """Labelled fields under a heading of their own, inside a Detail (a profile's sub-section)."""

    def __init__(self, fields: list[tuple[str, object]]):
        self.fields = fields


class Detail:
    """One record (what json and yaml emit), its labelled fields and headed sections (listings or
    blocks of fields) for table and md."""

    def __init__(self, title: str, record: dict, fields: list[tuple[str, object]],
                 sections: list[tuple[str, Listing | Block]] | None = None):
        self.title, self.record, self.fields, self.sections = title, record, fields, sections or []


View = Listing | Detail  # a Block lives only inside a Detail


def clean(value: object) -> str:
    """A cell's text: lists joined, None empty, control characters removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(clean(v) for v in value)
    return _CONTROL.sub("", str(value))


# -- quote or summary --------------------------------------------------------------------------
# The one place that marks whose words a text is, in table and md: the plan's own (a quotation,
# in 「」) or infraplan's (a summary or a translation, tagged). json, yaml and csv say it by field
# name instead: name_ja, title_ja, overview_ja, status_ja, text_ja, quote_ja are quotations.

SUMMARY, TRANSLATION = "(summary)", "(translation)"
LEGEND = "「…」 quotes the plan; (summary) and (translation) are infraplan's own words."


def quoted(text: object) -> str | None:
    """A quotation of the plan, as table and md show it: in corner brackets."""
    return f"「{clean(text)}」" if clean(text) else None


def _tagged(tag: str, text: object) -> str | None:
    # No space before Japanese: Rich wraps at spaces, and a run of Japanese after one would leave
    # the tag alone on its line.
    text = clean(text)
    return (tag + ("" if any(c >= "\u3000" for c in text) else " ") + text) if text else None


def summary(text: object) -> str | None:
    """infraplan's summary (summary_en, summary_ja, note_*), tagged as such."""
    return _tagged(SUMMARY, text)


def translation(text: object) -> str | None:
    """infraplan's English for a quotation (name_en, title_en, overview_en, …), tagged as such."""
    return _tagged(TRANSLATION, text)


# -- json / yaml --------------------------------------------------------------------------------

def _payload(view: View) -> object:
    return view.records if isinstance(view, Listing) else view.record


def render_json(view: View) -> str:
    return json.dumps(_payload(view), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_yaml(view: View) -> str:
    import yaml

    return yaml.safe_dump(_payload(view), allow_unicode=True, sort_keys=False, width=1000)


# -- csv ----------------------------------------------------------------------------------------

def _csv_cell(value: object) -> object:
    if isinstance(value, bool):  # as JSON writes it
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = clean(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _flatten(value: object, prefix: str = "") -> list[tuple[str, object]]:
    if isinstance(value, dict):
        return [row for k, v in value.items() for row in _flatten(v, f"{prefix}.{k}" if prefix else str(k))]
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return [row for i, v in enumerate(value) for row in _flatten(v, f"{prefix}[{i}]")]
    return [(prefix, value)]


def render_csv(view: View) -> str:
    """UTF-8 with a byte-order mark so that Excel reads the Japanese text; formulas neutralised."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if isinstance(view, Listing):
        columns = view.export or view.columns
        writer.writerow([c.header for c in columns])
        for record in view.records:
            writer.writerow([_csv_cell(c.get(record)) for c in columns])
    else:
        writer.writerow(["field", "value"])
        for key, value in _flatten(view.record):
            writer.writerow([key, _csv_cell(value)])
    return "\ufeff" + buffer.getvalue()


# -- markdown -----------------------------------------------------------------------------------

def _md(value: object) -> str:
    text = clean(value).replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"([*_`<>\[\]])", r"\\\1", text).replace("\n", "<br>")


def _md_table(listing: Listing) -> list[str]:
    if not listing.records:
        return [listing.empty]
    lines = ["| " + " | ".join(c.header for c in listing.columns) + " |",
             "|" + "|".join("---" for _ in listing.columns) + "|"]
    for record in listing.records:
        lines.append("| " + " | ".join(_md(c.get(record)) for c in listing.columns) + " |")
    return lines


def _md_fields(fields: list[tuple[str, object]]) -> list[str]:
    lines = []
    for label, value in fields:
        if not clean(value):
            continue
        if label:
            lines.append(f"- **{_md(label)}**: {_md(value)}")
        elif lines:  # a continuation (the same field in the other language) joins its field
            lines[-1] += f"<br>{_md(value)}"
        else:
            lines.append(f"- {_md(value)}")
    return lines


def render_md(view: View) -> str:
    lines = [f"# {_md(view.title)}", ""]
    if isinstance(view, Listing):
        lines += _md_table(view)
    else:
        lines += _md_fields(view.fields)
        for heading, section in view.sections:
            body = _md_fields(section.fields) if isinstance(section, Block) else _md_table(section)
            if body:
                lines += ["", f"## {_md(heading)}", ""] + body
    return "\n".join(lines) + "\n"


# -- table (Rich) -------------------------------------------------------------------------------

def _rich_table(listing: Listing, title: str | None):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(clean(title)) if title else None, box=box.SIMPLE_HEAD, title_justify="left",
                  show_lines=False, pad_edge=False)
    for column in listing.columns:
        table.add_column(column.header, style=column.style, overflow="fold")
    for record in listing.records:
        table.add_row(*(Text(clean(c.get(record))) for c in listing.columns))
    return table


def render_table(view: View):
    from rich.console import Group
    from rich.text import Text

    if isinstance(view, Listing):
        return _rich_table(view, view.title)
    parts = [Text(clean(view.title), style="bold"), _rich_grid(view.fields)]
    for heading, section in view.sections:
        if isinstance(section, Block):
            if any(clean(value) for _, value in section.fields):
                parts += [Text(""), Text(clean(heading), style="bold underline"), _rich_grid(section.fields)]
        elif section.records:
            parts += [Text(""), _rich_table(section, heading)]
        else:
            parts += [Text(""), Text(f"{clean(heading)}: {section.empty}")]
    return Group(*parts)


def _rich_grid(fields: list[tuple[str, object]]):
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in fields:
        if clean(value):
            grid.add_row(Text(clean(label)), Text(clean(value)))
    return grid


RENDERERS: dict[str, Callable[[View], object]] = {
    "table": render_table,
    "json": render_json,
    "yaml": render_yaml,
    "csv": render_csv,
    "md": render_md,
}
