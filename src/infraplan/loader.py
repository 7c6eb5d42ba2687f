"""Reading YAML files into plain data plus the source position of every value.

Each file is composed into YAML nodes (the C parser where available), then turned into Python
values while recording where each key and value sits, so that a problem found later, by Pydantic
or by a cross-file check, can be reported at its ``file:line:column``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from infraplan.problems import Loc, Problem, format_loc

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class LoadedFile:
    """A file's data, or the problems that kept it from loading, with positions (1-based)."""

    path: Path
    display: str
    data: object = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of loc, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.display, line, column, format_loc(loc), message)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, loc: Loc, out: LoadedFile) -> object:
    out.values[loc] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out.problems.append(Problem(out.display, *_mark(key_node), format_loc(loc), "a mapping key must be plain text"))
                continue
            key = key_node.value  # keys are field names: read as written, never as YAML 1.1 booleans or dates
            if key in result:
                first = out.keys[loc + (key,)]
                out.problems.append(Problem(out.display, *_mark(key_node), format_loc(loc + (key,)),
                                            f"duplicate key '{key}' (first defined at line {first[0]})"))
                continue
            out.keys[loc + (key,)] = _mark(key_node)
            result[key] = _build(value_node, loc + (key,), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), out) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node)


def load_file(path: Path, display: str) -> LoadedFile:
    """Load one YAML file; parse errors and duplicate keys become problems, never exceptions."""
    out = LoadedFile(path=path, display=display)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.problems.append(Problem(display, 1, 1, "", f"cannot read: {exc}"))
        return out
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        out.problems.append(Problem(display, line, column, "", f"YAML syntax error: {message}"))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem(display, 1, 1, "", f"YAML error: {exc}"))
        return out
    if node is None:
        out.problems.append(Problem(display, 1, 1, "", "file is empty"))
        return out
    try:
        out.data = _build(node, (), out)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        out.problems.append(Problem(display, line, column, "", f"YAML error: {exc.problem}"))
    return out
