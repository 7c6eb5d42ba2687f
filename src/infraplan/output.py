"""Where a result goes: standard output, through a pager when that is a terminal (as git does it),
or a file written whole (`--output`). Tables are rendered to text first, with no trailing white
space on any line (the renderers pad cells). Nothing here decides what a result says.

The pager is the first of $INFRAPLAN_PAGER, $PAGER and `less`, split into words as a shell
would; empty or `cat` means none. It runs only when standard output is a terminal and --no-pager
is not given; LESS defaults to FRX (quit if one screen, show colours, leave the screen as is)
and LV to -c, as git sets them. A pager that cannot be started is skipped: the output is written
directly.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
from contextvars import ContextVar
from pathlib import Path

from infraplan.problems import InfraplanError

_paging: ContextVar[bool] = ContextVar("infraplan_paging", default=True)  # False: --no-pager


def set_paging(on: bool):
    """Allow the pager or not (--no-pager) for this run; returns the token reset_paging takes."""
    return _paging.set(on)


def reset_paging(token) -> None:
    _paging.reset(token)

# A colour code at the end of a line (kept when the white space around it goes: it ends a style).
_SGR_AT_END = re.compile(r"\x1b\[[0-9;]*m\Z")


class OutputFailed(InfraplanError):
    """The result cannot be written where asked (--output): exit 1."""


def strip_trailing(text: str) -> str:
    """Every line without trailing spaces (colour codes among them stay)."""
    return "\n".join(map(strip_line, text.split("\n")))


def strip_line(line: str) -> str:
    # Peeled from the right, in time linear in the line (a regex anchored at the line's end tries
    # every space of a table's padding as a start: quadratic, 80 ms on a long timeline).
    if not line or line[-1] not in " \tm":
        return line
    kept: list[str] = []
    while True:
        line = line.rstrip(" \t")
        start = line.rfind("\x1b[") if line.endswith("m") else -1
        if start < 0 or not _SGR_AT_END.match(line, start):
            break
        kept.append(line[start:])
        line = line[:start]
    return line + "".join(reversed(kept))


def table_text(renderable, *, to_file: bool = False) -> str:
    """A Rich renderable as the text a console shows: for standard output, at the terminal's
    width and in colour when it is a terminal; for a file, plain. A laid-out table (one with a
    text() method, render.render_table's) is written without Rich's console where the console
    it would get is known (see _console), as that console writes it."""
    import io

    write = getattr(renderable, "text", None)
    console = _console(io.StringIO() if to_file else sys.stdout, colour=not to_file) if write else None
    if console is not None:
        text = write(*console)
        if text is not None:
            return text

    from rich.console import Console

    if to_file:
        console = Console(file=io.StringIO(), highlight=False, emoji=False, soft_wrap=False, color_system=None)
    else:
        console = Console(file=sys.stdout, highlight=False, emoji=False, soft_wrap=False)
    with console.capture() as capture:
        console.print(renderable)
    return strip_trailing(capture.get())


def _console(file, *, colour: bool) -> tuple[int, bool, bool] | None:
    """The width, whether only ASCII may be written, and whether in colour, as Rich's Console
    (rich 13-15, console.py) decides them for `file` from the environment; None where Rich knows
    more than this does (Windows consoles, Jupyter, IDLE, a proxied file), or gives no width."""
    import builtins

    if sys.platform == "win32" or hasattr(builtins, "get_ipython") or hasattr(file, "rich_proxied_file") \
            or getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    env = os.environ
    tty_compatible, force_color = env.get("TTY_COMPATIBLE", ""), env.get("FORCE_COLOR")
    if tty_compatible in ("0", "1"):
        terminal = tty_compatible == "1"
    elif force_color is not None:
        terminal = force_color != ""
    else:
        try:
            terminal = bool(file.isatty())
        except (AttributeError, ValueError):
            terminal = False
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    columns, lines = env.get("COLUMNS"), env.get("LINES")
    fixed = int(columns) if columns is not None and columns.isdigit() else None
    if fixed is not None and lines is not None and lines.isdigit():
        width = fixed
    elif dumb:
        width = 80
    elif fixed is not None:
        width = fixed
    else:
        width = 0
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    if width < 1:
        return None
    encoding = (getattr(file, "encoding", "utf-8") or "utf-8").lower()
    return width, not encoding.startswith("utf"), colour and terminal and not dumb


def pager_command() -> list[str] | None:
    """The pager to use for standard output, or None (not a terminal, none configured)."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    command = os.environ.get("INFRAPLAN_PAGER")
    if command is None:
        command = os.environ.get("PAGER")
    if command is None:
        command = "less"
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    return None if not words or words == ["cat"] else words


def write_stdout(text: str, *, table: bool) -> None:
    """text to standard output: a table in the console's encoding (a character it cannot show
    becomes '?'), anything else as UTF-8 whatever the console's; through the pager if there is
    one and --no-pager was not given, else directly."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8") if table else "utf-8"
    data = text.encode(encoding, errors="replace")
    command = pager_command() if _paging.get() else None
    if command and _through_pager(command, data):
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test runner's capture)
        sys.stdout.write(text)
    else:
        buffer.write(data)


def _through_pager(command: list[str], data: bytes) -> bool:
    """Run the pager on data and wait for it; False if it could not be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    try:  # Ctrl-C belongs to the pager while it runs, as in git
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        interrupt = None
    try:
        try:
            pager.stdin.write(data)
            pager.stdin.close()
        except OSError:  # the reader quit before the end (a closed pipe): nothing more to show
            pass
        pager.wait()
    finally:
        if interrupt is not None:
            signal.signal(signal.SIGINT, interrupt)
    return True


def write_file(path: Path, data: bytes) -> None:
    """data into path, whole or not at all: a temporary file beside it, renamed into place."""
    from infraplan.export.write import write_file as atomically

    try:
        atomically(path, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise OutputFailed(f"cannot write {path}: {exc.strerror or exc}") from None
