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

from infraplan import i18n
from infraplan.problems import INVISIBLE

_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{INVISIBLE}]")  # stripped from every cell (a line break stays)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


# Plain classes rather than dataclasses: generating dataclass methods costs every query a few ms.

class Column:
    """A column of a listing: its header and how to get its cell from a record."""

    def __init__(self, header: str, get: Callable[[dict], object], style: str | None = None, *,
                 token: bool = False, lang: str | None = None, crop: bool = False, stack: int = 0):
        self.header, self.get, self.style = header, get, style
        # token: ids, codes, dates, numbers, stages, slugs: never cut inside a word, and narrowed
        # only after the text columns (linebreak.fit). lang: "ja" or "en" for a column shown only
        # to readers of that language. crop: a bar chart, cut at the column's edge, not wrapped.
        # stack: when the table is too narrow for its text, shown under the column before it
        # (1; 2: only if that is not enough).
        self.token, self.lang, self.crop, self.stack = token, lang, crop, stack


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
    text = clean(text)
    return f"「{text}」" if text else None


def _tagged(tag: str, text: object) -> str | None:
    # No space before Japanese: a line breaks at spaces, and a run of Japanese after one would
    # leave the tag alone on its line. The tag is in the reader's language.
    tag, text = i18n.t(tag), clean(text)
    return (tag + ("" if max(text) >= "\u3000" else " ") + text) if text else None  # max: any Japanese


def summary(text: object) -> str | None:
    """infraplan's summary (summary_en, summary_ja, note_*), tagged as such."""
    return _tagged(SUMMARY, text)


def translation(text: object) -> str | None:
    """infraplan's English for a quotation (name_en, title_en, overview_en, …), tagged as such."""
    return _tagged(TRANSLATION, text)


# -- json / yaml --------------------------------------------------------------------------------

def _payload(view: View) -> object:
    """What json and yaml emit: every field, or one language's (i18n.fields) when --lang asked."""
    return i18n.fields(view.records if isinstance(view, Listing) else view.record)


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
        columns = [c for c in view.export or view.columns if i18n.keeps(c.header)]
        writer.writerow([c.header for c in columns])
        for record in view.records:
            writer.writerow([_csv_cell(c.get(record)) for c in columns])
    else:
        writer.writerow(["field", "value"])
        for key, value in _flatten(i18n.fields(view.record)):
            writer.writerow([key, _csv_cell(value)])
    return "\ufeff" + buffer.getvalue()


# -- markdown -----------------------------------------------------------------------------------

def _md(value: object) -> str:
    text = clean(value).replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"([*_`<>\[\]])", r"\\\1", text).replace("\n", "<br>")


def shown_columns(listing: Listing) -> list[Column]:
    """The columns for the reader's language (a column of one language only is left out for the other)."""
    return [c for c in listing.columns if c.lang is None or i18n.shows(c.lang)]


def shown_fields(fields: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """The fields that have a value, labels in the reader's language. A continuation ("" label:
    more of the field above) keeps its field's label when that field shows nothing."""
    out: list[tuple[str, str]] = []
    pending = None
    for label, value in fields:
        text = clean(value)
        if not text:
            pending = label if label else pending
            continue
        if not label and pending:
            label = pending
        pending = None
        out.append((i18n.label(label) if label else "", text))
    return out


def _md_table(listing: Listing) -> list[str]:
    if not listing.records:
        return [i18n.label(listing.empty)]
    columns = shown_columns(listing)
    lines = ["| " + " | ".join(_md(i18n.label(c.header)) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for record in listing.records:
        lines.append("| " + " | ".join(_md(c.get(record)) for c in columns) + " |")
    return lines


def _md_fields(fields: list[tuple[str, object]]) -> list[str]:
    lines = []
    for label, value in shown_fields(fields):
        if label:
            lines.append(f"- **{_md(label)}**: {_md(value)}")
        elif lines:  # a continuation (the same field in the other language) joins its field
            lines[-1] += f"<br>{_md(value)}"
        else:
            lines.append(f"- {_md(value)}")
    return lines


def render_md(view: View) -> str:
    lines = [f"# {_md(i18n.label(view.title))}", ""]
    if isinstance(view, Listing):
        lines += _md_table(view)
    else:
        lines += _md_fields(view.fields)
        for heading, section in view.sections:
            body = _md_fields(section.fields) if isinstance(section, Block) else _md_table(section)
            if body:
                lines += ["", f"## {_md(i18n.label(heading))}", ""] + body
    return "\n".join(lines) + "\n"


# -- table (Rich) -------------------------------------------------------------------------------
# Laid out here rather than by Rich's Table, at the width it is printed at: columns sized by
# linebreak.fit (ids, codes and dates keep their width, text columns take the squeeze) and every
# cell broken into lines by linebreak.wrap (never inside a word, Japanese by the 禁則 rules), so
# that the lines only need writing: as text with colour codes (output.table_text, without
# importing rich.console), or as Rich Text where a Rich console draws them. Box of Rich's
# SIMPLE_HEAD: a space at each edge, three between columns, a rule under the header.
#
# A line is (its style, [(text, style), ...], its cells): the line's style covers it all (a title,
# a field), a piece's its own text (an id in a column); None or "" for none. Its cells, counted as
# it is laid out, spare measuring each line again (Rich crops a line wider than the width).

_GAP = 3  # cells between two columns
_GAP_SPACES = " " * _GAP
_ALL = 99  # the stack level that puts every column under the first
_LABEL_GAP = 2  # between a field's label and its value


# The styles the table uses, as Rich writes them (Style.render's codes): another style, or a
# line wider than the width (Rich crops it), leaves the writing to Rich.
_SGR = {"bold": "1", "italic": "3", "underline": "4", "bold underline": "1;4"}


class _Fitted:
    """A view as a Rich renderable, laid out when Rich tells it the width; or as text (text())."""

    def __init__(self, view: View):
        self.view = view

    def __rich_console__(self, console, options):
        from rich.text import Text

        for style, pieces, _cells in _view_lines(self.view, options.max_width, options.ascii_only):
            line = Text(style=style or "", no_wrap=True, end="\n")
            for text, piece_style in pieces:
                line.append(text, style=piece_style or None)
            yield line

    def text(self, width: int, ascii_only: bool = False, colour: bool = False) -> str | None:
        """The lines as a Rich console with no colour system (colour: any) writes them at this
        width, with no trailing spaces; None if only Rich can (a style or a line it would change)."""
        from infraplan.linebreak import cell_len
        from infraplan.output import strip_line

        out = []
        for style, pieces, cells in _view_lines(self.view, width, ascii_only):
            plain = "".join([text for text, _ in pieces])
            if "\u200d" in plain or "\ufe0f" in plain:  # joined characters: the sum of the parts may not hold
                cells = cell_len(plain)
            if "\t" in plain or cells > width:  # Rich expands tabs, crops what is too wide
                return None
            if colour and style:
                if style not in _SGR or any(piece_style for _, piece_style in pieces):
                    return None
                plain = f"\x1b[{_SGR[style]}m{plain}\x1b[0m" if plain else ""
            elif colour and any(piece_style for _, piece_style in pieces):
                if any(piece_style and piece_style not in _SGR for _, piece_style in pieces):
                    return None
                plain = "".join(f"\x1b[{_SGR[piece_style]}m{text}\x1b[0m" if piece_style and text else text
                                for text, piece_style in pieces)
            out.append(strip_line(plain) + "\n")
        return "".join(out)


def render_table(view: View):
    return _Fitted(view)


def _view_lines(view: View, width: int, ascii_only: bool = False):
    if isinstance(view, Listing):
        yield from _listing_lines(view, view.title, width, ascii_only)
        return
    yield from _wrapped(i18n.label(view.title), width, "bold")
    yield from _field_lines(view.fields, width)
    for heading, section in view.sections:
        if isinstance(section, Block):
            if shown_fields(section.fields):
                yield _BLANK
                yield from _wrapped(i18n.label(heading), width, "bold underline")
                yield from _field_lines(section.fields, width)
        elif section.records:
            yield _BLANK
            yield from _listing_lines(section, heading, width, ascii_only, last=False)
        else:
            yield _BLANK
            yield from _wrapped(f"{i18n.label(heading)}: {i18n.label(section.empty)}", width)


_BLANK = (None, [], 0)


def _wrapped(text: str, width: int, style: str = ""):
    from infraplan.linebreak import wrap_cells

    for line, cells in zip(*wrap_cells(clean(text), width)):
        yield style, [(line, None)], cells


class _Slot:
    """A column as laid out: one Column, or several stacked one under the other (`stack`)."""

    def __init__(self, columns: list[Column], indices: list[int]):
        self.columns, self.indices = columns, indices  # the Columns, and their places in the listing
        first = columns[0]
        # Narrowed as ids and codes are if it holds any (each part still wraps its own way).
        self.token = any(c.token for c in columns)
        self.crop, self.stack = first.crop, first.stack
        self.style = first.style if len(columns) == 1 else None


def _listing_lines(listing: Listing, title: str | None, width: int, ascii_only: bool = False, last: bool = True):
    columns = shown_columns(listing)
    slots = [_Slot([c], [i]) for i, c in enumerate(columns)]
    headers = [[clean(i18n.label(c.header))] for c in columns]
    rows = [[[clean(c.get(record))] for c in columns] for record in listing.records]
    measures = _measures(columns, headers, rows)  # each column's, once: a stacked column's are its parts'
    widths = _widths(slots, measures, width)
    # Too narrow for the text: stack columns as the listing says, level by level, and at the last
    # every column under the first (a card per record).
    for level in sorted({c.stack for c in columns[1:] if c.stack}) + [_ALL]:
        if len(slots) == 1 or not _cramped(slots, measures, widths):
            break
        slots, headers, rows = _stacked(slots, headers, rows, level)
        widths = _widths(slots, measures, width)
    hyphens = [w < m for w, m in zip(widths, _of_slots(slots, measures[1]))]

    def row_lines(cells: list[list[str]], styles: list[str | None], header: bool = False):
        wrapped = [_slot_lines(parts, slot, w, h, header) for parts, slot, w, h in zip(cells, slots, widths, hyphens)]
        for n in range(max(len(lines) for lines, _ in wrapped)):
            # Unstyled text runs together in one piece (as Rich draws it: spans only where styled).
            line, plain, used = [], " ", 1 + _GAP * (len(widths) - 1)
            for i, ((part, sizes), w, style) in enumerate(zip(wrapped, widths, styles)):
                piece, size = (part[n], sizes[n]) if n < len(part) else ("", 0)
                if i:
                    plain += _GAP_SPACES
                if style and piece:
                    line += [(plain, None), (piece, style)]
                    plain = " " * (w - size)
                else:
                    plain += piece + " " * (w - size)
                used += max(size, w)
            line.append((plain, None))
            yield None, line, used

    if title:
        yield from _wrapped(i18n.label(title), width, "italic")
    yield _BLANK
    yield from row_lines(headers, ["bold"] * len(slots), header=True)
    rule = "-" if ascii_only else "\u2500"
    rule_width = sum(widths) + _GAP * (len(slots) - 1)
    yield None, [(" " + rule * rule_width, None)], 1 + rule_width
    cards = len(slots) == 1 and len(columns) > 1  # every column stacked: a blank line between records
    for n, row in enumerate(rows):
        if cards and n:
            yield _BLANK
        yield from row_lines(row, [slot.style for slot in slots])
    if last:  # a blank line closes a listing (a detail's next section opens with one of its own)
        yield _BLANK


def _slot_lines(parts: list[str], slot: _Slot, width: int, hyphens: bool,
                header: bool = False) -> tuple[list[str], list[int]]:
    """A cell's lines and the cells each takes: each stacked part wrapped its own way, one under
    the other (an empty part keeps its line, so that parts stay level with their headers; empty
    parts at the end go)."""
    from infraplan.linebreak import cell_len, wrap_cells

    lines: list[str] = []
    sizes: list[int] = []
    for text, column in zip(parts, slot.columns):
        if column.crop and not header:
            cropped = [_crop(line, width) for line in text.split("\n")]
            lines += cropped
            sizes += map(cell_len, cropped)
        else:
            wrapped, cells = wrap_cells(text, width, hyphens and not column.token, column.token or header)
            lines += wrapped
            sizes += cells
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
        sizes.pop()
    return lines, sizes


def _widths(slots: list[_Slot], measures: tuple[list[int], list[int], Callable[[], list[int]]], width: int) -> list[int]:
    from infraplan.linebreak import fit

    natural, minimum = _of_slots(slots, measures[0]), _of_slots(slots, measures[1])
    available = width - 2 - _GAP * (len(slots) - 1)  # an edge of one space each side
    return fit(natural, minimum, [s.token for s in slots], available, lambda: _of_slots(slots, measures[2]()))


def _measures(columns: list[Column], headers: list[list[str]],
              rows: list[list[list[str]]]) -> tuple[list[int], list[int], Callable[[], list[int]]]:
    """Each column's natural width (its widest line), its longest run that cannot break, and (a
    function, measured when asked: few tables are that narrow) that run when compound words may
    break after their hyphens. A header breaks only at its spaces, so that a Japanese label such
    as 案件 stays whole; a bar chart is cropped, so it has no run."""
    from infraplan.linebreak import longest_cluster, widest_line

    natural, minimum, heads = [], [], []
    for i, (column, (header,)) in enumerate(zip(columns, headers)):
        texts = [header] + [row[i][0] for row in rows]
        natural.append(max(map(widest_line, texts)))
        heads.append(longest_cluster(header, spaces=True))
        if column.crop:
            minimum.append(max(heads[i], 1) if rows else heads[i])
        else:
            minimum.append(max([heads[i]] + [longest_cluster(text, False, column.token) for text in texts[1:]]))

    def hyphenated() -> list[int]:
        return [minimum[i] if column.crop else
                max([heads[i]] + [longest_cluster(row[i][0], not column.token, column.token) for row in rows])
                for i, column in enumerate(columns)]

    return natural, minimum, hyphenated


def _of_slots(slots: list[_Slot], measure: list[int]) -> list[int]:
    """A measure of each slot: the largest of its columns'."""
    return [max(measure[i] for i in slot.indices) for slot in slots]


def _cramped(slots: list[_Slot], measures: tuple[list[int], list[int], list[int]], widths: list[int]) -> bool:
    """Whether a text column got narrower than it needs to read well (linebreak.TEXT_FLOOR)."""
    from infraplan.linebreak import TEXT_FLOOR

    return any(not slot.token and not slot.crop and w < min(n, TEXT_FLOOR)
               for slot, w, n in zip(slots, widths, _of_slots(slots, measures[0])))


def _stacked(slots: list[_Slot], headers: list[list[str]], rows: list[list[list[str]]], level: int):
    """Each column of stack level 1..level put under the column before it."""
    under = [bool(i and (level == _ALL or 0 < slot.stack <= level)) for i, slot in enumerate(slots)]
    groups: list[list[int]] = []
    for i in range(len(slots)):
        if under[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    new_slots = [_Slot([c for i in group for c in slots[i].columns], [j for i in group for j in slots[i].indices])
                 for group in groups]
    new_headers = [[h for i in group for h in headers[i]] for group in groups]
    new_rows = [[[text for i in group for text in row[i]] for group in groups] for row in rows]
    return new_slots, new_headers, new_rows


def _crop(line: str, width: int) -> str:
    from infraplan.linebreak import cell_len

    while cell_len(line) > width:
        line = line[:-1]
    return line


def _field_lines(fields: list[tuple[str, object]], width: int):
    """Labelled fields: labels in a column of their own, values wrapped beside them (the whole
    line in bold, as Rich has always drawn it: the label's style is the line's)."""
    from infraplan.linebreak import fit, longest_cluster, wrap_cells, widest_line

    shown = shown_fields(fields)
    if not shown:
        return
    labels = [label for label, _ in shown]
    values = [value for _, value in shown]
    label_width = max(widest_line(label) for label in labels)
    natural = [label_width, max(widest_line(v) for v in values)]
    minimum = [label_width, max(longest_cluster(v) for v in values)]
    label_width, value_width = fit(natural, minimum, [True, False], width - _LABEL_GAP)
    for label, value in shown:
        (heads, head_cells), (lines, line_cells) = wrap_cells(label, label_width), wrap_cells(value, value_width)
        for n in range(max(len(heads), len(lines))):
            head, used = (heads[n], head_cells[n]) if n < len(heads) else ("", 0)
            line, cells = (lines[n], line_cells[n]) if n < len(lines) else ("", 0)
            yield "bold", [(head, None), (" " * (label_width - used + _LABEL_GAP), None), (line, None)], \
                max(used, label_width + _LABEL_GAP) + cells


RENDERERS: dict[str, Callable[[View], object]] = {
    "table": render_table,
    "json": render_json,
    "yaml": render_yaml,
    "csv": render_csv,
    "md": render_md,
}
