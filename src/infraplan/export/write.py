"""Safe writing of an export: to a temporary file beside PATH, renamed into place when whole.

An existing PATH is refused unless forced; a PATH inside the data folder is refused always (an
export is not data, and a file there would be read as data or ignored with a warning); ``-`` is
standard output where the format allows it. Nothing here prints: problems are ExportRefused.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from infraplan.problems import BadUsage


class ExportRefused(BadUsage):
    """The export cannot be written where asked (a usage error: exit 2)."""


def target(path: str, data_dir: Path, *, force: bool, stdout_ok: bool = True) -> Path | None:
    """The file to write, checked; None for standard output (``-``)."""
    if path == "-":
        if not stdout_ok:
            raise ExportRefused("this format cannot be written to standard output; give a file name")
        return None
    out = Path(path)
    resolved, data = out.resolve(), data_dir.resolve()
    if resolved == data or data in resolved.parents:
        raise ExportRefused(f"{path} is inside the data folder {data_dir}; write exports elsewhere")
    if out.is_dir():
        raise ExportRefused(f"{path} is a folder; give a file name")
    if out.exists() and not force:
        raise ExportRefused(f"{path} exists; add --force to replace it")
    if not out.parent.is_dir():
        raise ExportRefused(f"no folder {out.parent} to write {out.name} in")
    return out


def write_file(out: Path, produce: Callable[[Path], None]) -> None:
    """Call produce(temporary path) to write the whole export, then rename it onto out; on any
    failure the temporary file is removed and out is left as it was."""
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        produce(Path(tmp))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path | None, data: bytes) -> None:
    """data to path (atomically), or to standard output when path is None."""
    if path is None:
        sys.stdout.flush()
        getattr(sys.stdout, "buffer", sys.stdout).write(data if hasattr(sys.stdout, "buffer") else data.decode("utf-8"))
        return
    write_file(path, lambda tmp: tmp.write_bytes(data))
