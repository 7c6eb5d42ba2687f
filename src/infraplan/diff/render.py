"""Renderers of a KnowledgeBaseDiff, looked up by name: table (Rich), json, md (a pull-request comment).

Long text shows as its changed spans in git's word-diff notation, `[-removed-]{+added+}`, with a
little unchanged context; md marks them <del>/<ins>. Data text never reaches Rich as markup.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from infraplan.diff.core import Change, FieldChange, KindDiff, KnowledgeBaseDiff, ListChange
from infraplan.render import clean

SHORT = 120  # characters of a whole value shown in a table or md before it is cut


def show(value: object, limit: int | None = SHORT) -> str:
    """A value as one line: null, true/false, [a, b], text cut at limit with …."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        text = "[" + ", ".join(show(v, None) for v in value) + "]"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = clean(text).replace("\n", " ")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def word_diff(spans: list[tuple[str, str]]) -> str:
    """Spans in git's plain word-diff notation: unchanged[-removed-]{+added+}."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(marks[op][0] + clean(text).replace("\n", " ") + marks[op][1] for op, text in spans)


def describe(change: Change) -> str:
    """One change as text: `old → new`, the word diff of long text, or a list's counts."""
    if isinstance(change, ListChange):
        return change.describe()
    if change.spans:
        return word_diff(change.spans)
    return f"{show(change.old)} → {show(change.new)}"


def _rid(record_id: object) -> str:
    return clean(record_id)


def summary(diff: KnowledgeBaseDiff) -> str:
    totals = diff.totals()
    kinds = len(diff.differing)
    return (f"{totals['added']} added, {totals['removed']} removed, {totals['changed']} changed "
            f"in {kinds} kind{'s' if kinds != 1 else ''} of record")


# -- json -----------------------------------------------------------------------------------------

def _change_json(change: Change) -> dict:
    if isinstance(change, ListChange):
        return {"path": change.path, "added": change.added, "removed": change.removed, "changed": change.changed}
    out = {"path": change.path, "old": change.old, "new": change.new}
    if change.spans:
        out["diff"] = word_diff(change.spans)
    return out


def _kind_json(kind: KindDiff) -> dict:
    return {
        "added": [{"id": rid, "title": title} for rid, title in kind.added],
        "removed": [{"id": rid, "title": title} for rid, title in kind.removed],
        "changed": [{"id": r.id, "title": r.title, "changes": [_change_json(c) for c in r.changes]}
                    for r in kind.changed],
    }


def render_json(diff: KnowledgeBaseDiff) -> str:
    payload = {"old": diff.old, "new": diff.new, "equal": diff.equal, "totals": diff.totals(),
               "kinds": {k.kind: _kind_json(k) for k in diff.kinds}}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# -- md -------------------------------------------------------------------------------------------

def _md(text: str) -> str:
    text = clean(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return re.sub(r"([*_`<>\[\]~])", r"\\\1", text)


def _md_change(change: Change) -> str:
    if isinstance(change, FieldChange) and change.spans:
        tags = {"=": ("", ""), "-": ("<del>", "</del>"), "+": ("<ins>", "</ins>")}
        body = "".join(tags[op][0] + _md(text) + tags[op][1] for op, text in change.spans)
    else:
        body = _md(describe(change))
    return f"`{change.path}`: {body}"


def render_md(diff: KnowledgeBaseDiff) -> str:
    lines = [f"## Data changes: {_md(diff.old)} → {_md(diff.new)}", ""]
    if diff.equal:
        return "\n".join(lines + ["No changes to the data."]) + "\n"
    lines += [summary(diff) + ".", ""]
    for kind in diff.differing:
        lines += [f"### {kind.label}: {kind.describe()}", "", "| | ID | Record | Changes |", "|---|---|---|---|"]
        lines += [f"| added | {_md(_rid(rid))} | {_md(title)} | |" for rid, title in kind.added]
        lines += [f"| removed | {_md(_rid(rid))} | {_md(title)} | |" for rid, title in kind.removed]
        lines += [f"| changed | {_md(_rid(r.id))} | {_md(r.title)} | {'<br>'.join(_md_change(c) for c in r.changes)} |"
                  for r in kind.changed]
        lines.append("")
    return "\n".join(lines)


# -- table (Rich) ---------------------------------------------------------------------------------

def _styled(change: Change):
    from rich.text import Text

    if not (isinstance(change, FieldChange) and change.spans):
        return Text(describe(change))
    text = Text()
    for op, part in change.spans:
        part = clean(part).replace("\n", " ")
        if op == "=":
            text.append(part)
        elif op == "-":
            text.append(f"[-{part}-]", style="red")
        else:
            text.append(f"{{+{part}+}}", style="green")
    return text


def render_table(diff: KnowledgeBaseDiff):
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list = [Text(f"Diff: {clean(diff.old)} → {clean(diff.new)}", style="bold")]
    for kind in diff.differing:
        table = Table(title=Text(f"{kind.label}: {kind.describe()}"), box=box.SIMPLE_HEAD, title_justify="left",
                      pad_edge=False)
        for header in ("", "ID", "Record", "Field", "Change"):  # ids and field paths never wrap: text takes the squeeze
            table.add_column(header, overflow="fold", no_wrap=header in ("", "ID", "Field"))
        for sign, items in (("+", kind.added), ("-", kind.removed)):
            for rid, title in items:
                table.add_row(sign, Text(_rid(rid)), Text(clean(title)), "", Text("added" if sign == "+" else "removed"))
        for record in kind.changed:
            for n, change in enumerate(record.changes):
                head = ("~", Text(_rid(record.id)), Text(clean(record.title))) if n == 0 else ("", "", "")
                table.add_row(*head, Text(change.path), _styled(change))
        parts += [Text(""), table] if len(parts) == 1 else [table]  # a table ends with a blank line
    parts.append(Text(summary(diff) + "."))
    return Group(*parts)


RENDERERS: dict[str, Callable[[KnowledgeBaseDiff], object]] = {
    "table": render_table,
    "json": render_json,
    "md": render_md,
}
