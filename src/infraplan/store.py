"""Where the data lives and the cache of its validated form.

A query reads the catalogue from a JSON cache whose key is the stat of every data file and of
the modules that define validation; any edit to either invalidates it, and the next run validates
again (importing yaml and pydantic only then). Invalid data is never cached.

A cache file is one header line (JSON: the key, the payload's length and CRC-32) and the payload
(JSON). One that is truncated, corrupted, foreign or unreadable fails those checks and is rebuilt,
never trusted; writes go to a temporary file renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import NamedTuple

from infraplan import __version__
from infraplan.catalogue import Catalogue
from infraplan.layout import scan
from infraplan.problems import DataInvalid, DataMissing

_PACKAGE = Path(__file__).resolve().parent
_SCHEMA_MODULES = ("models.py", "validate.py", "loader.py", "layout.py", "vocab.py", "source/__init__.py",
                   "source/check.py")


def default_data_dir() -> Path:
    """The data shipped inside the package; in a source checkout (editable install), the repo's data/."""
    # The wheel maps data/ to infraplan/data (pyproject's force-include), which for an installed
    # package is what importlib.resources.files("infraplan") / "data" names; asking the path
    # directly saves importing importlib.resources on every query.
    packaged = _PACKAGE / "data"
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent / "data"  # src/infraplan -> repo root, only for editable installs
    if checkout.is_dir():
        return checkout
    raise DataMissing("no data directory found; pass --data-dir or set INFRAPLAN_DATA")


class DataDir(NamedTuple):
    """The data folder a command reads, and how it was chosen: "--data-dir", "INFRAPLAN_DATA",
    "checkout" (./data of the infraplan checkout around the current folder) or "package"."""

    path: Path
    how: str

    @property
    def display(self) -> str:
        """The folder as a person names it: relative to the current folder when inside it, with a
        trailing slash (`data/`)."""
        try:
            shown = self.path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            shown = str(self.path)
        return shown.rstrip("/") + "/" if shown != "." else "./"


_NAMES_INFRAPLAN = re.compile(r"""^name\s*=\s*["']infraplan["']""", re.M)


def find_checkout(start: Path) -> Path | None:
    """The infraplan checkout holding start (like git, start or a parent): a folder with
    data/plan.yaml beside a pyproject.toml whose project is named infraplan."""
    for folder in (start, *start.parents):
        if (folder / "data" / "plan.yaml").is_file():
            try:
                if _NAMES_INFRAPLAN.search((folder / "pyproject.toml").read_text(encoding="utf-8")):
                    return folder
            except (OSError, UnicodeDecodeError):
                pass
    return None


def resolve_data_dir(given: str | Path | None = None) -> DataDir:
    """The data folder every command reads: --data-dir, else $INFRAPLAN_DATA, else ./data of the
    infraplan checkout around the current folder, else the copy shipped in the package."""
    if given:
        return DataDir(Path(given), "--data-dir")
    if os.environ.get("INFRAPLAN_DATA"):
        return DataDir(Path(os.environ["INFRAPLAN_DATA"]), "INFRAPLAN_DATA")
    checkout = find_checkout(Path.cwd().resolve())
    if checkout is not None:
        return DataDir(checkout / "data", "checkout")
    return DataDir(default_data_dir(), "package")


def cache_dir() -> Path:
    if os.environ.get("INFRAPLAN_CACHE_DIR"):
        return Path(os.environ["INFRAPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "infraplan"


def _fingerprint(data_dir: Path) -> list:
    """The cache key: the version, and the stat of every data file, of the plan's text (quotations
    are validated against it) and of the validating modules.
    Any file that cannot be read makes a key that no cache matches, so the next step validates
    and reports it."""
    entries: list = [__version__]
    layout = scan(data_dir)
    entries += [[str(path), problem] for path, problem in layout.problems]
    source = data_dir / "source" / "action-plan-2023.txt"  # infraplan.source.SOURCE_FILE, without importing it
    for path in [*layout.files, source, *(_PACKAGE / name for name in _SCHEMA_MODULES)]:
        try:
            st = path.stat()
            entries.append([str(path), st.st_mtime_ns, st.st_size])
        except OSError as exc:
            entries.append([str(path), str(exc)])
    return entries


def _cache_file(data_dir: Path, name: str = "catalogue") -> Path:
    digest = format(zlib.crc32(os.fsencode(data_dir.resolve())), "08x")
    return cache_dir() / f"{name}-{digest}.json"


def validate(data_dir: Path) -> tuple[dict, list]:
    """Validate data_dir from scratch; raise DataInvalid with every problem if any is an error,
    else refresh the cache and return the catalogue data and the problems that are not errors
    (warnings and notes: `infraplan validate` prints them, queries do not)."""
    from infraplan.validate import load_and_validate

    key = _fingerprint(data_dir)
    data, problems = load_and_validate(data_dir)
    if data is None:
        raise DataInvalid(problems)
    _write_cache(data_dir, key, data)
    return data, problems


def _write_cache(data_dir: Path, key: list, data: object, name: str = "catalogue") -> None:
    """Write atomically (a temporary file renamed into place), removing leftovers of interrupted
    writes; any failure (read-only home, full disk) only costs speed."""
    target = _cache_file(data_dir, name)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        payload = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        header = json.dumps({"key": key, "size": len(payload), "crc": zlib.crc32(payload)}).encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(f"{target.stem}.*.tmp"):
            stale.unlink(missing_ok=True)
        tmp.write_bytes(header + b"\n" + payload)
        os.replace(tmp, target)
    except (OSError, ValueError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _read_cache(data_dir: Path, key: list, name: str = "catalogue") -> object | None:
    """The cached data of that name if it was written under this key and is whole, else None."""
    try:
        raw = _cache_file(data_dir, name).read_bytes()
        newline = raw.index(b"\n")
        header, payload = json.loads(raw[:newline]), raw[newline + 1:]
        if (not isinstance(header, dict) or header.get("key") != key or header.get("size") != len(payload)
                or header.get("crc") != zlib.crc32(payload)):
            return None
        return json.loads(payload)
    except (OSError, ValueError, RecursionError):
        return None


def load_catalogue(data_dir: Path) -> Catalogue:
    """The catalogue of data_dir: from the cache when it is current, else validated afresh."""
    if not data_dir.is_dir():
        raise DataMissing(f"data directory not found: {data_dir}")
    data = _read_cache(data_dir, _fingerprint(data_dir))
    if data is not None:
        try:
            return Catalogue(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a cache of another layout that slipped through the key: validate afresh
    return Catalogue(validate(data_dir)[0])  # its warnings are for `infraplan validate`, not for a query


def search_documents(data_dir: Path, cat: Catalogue) -> list:
    """The search index of cat (every record's searchable text), cached beside the catalogue."""
    from infraplan.search import Document, documents

    st = (_PACKAGE / "search.py").stat()
    key = _fingerprint(data_dir) + [["search.py", st.st_mtime_ns, st.st_size]]
    rows = _read_cache(data_dir, key, "search")
    try:
        if rows is not None:
            return [Document.from_row(row) for row in rows]
    except (TypeError, ValueError, KeyError, AttributeError):
        pass  # a cache from another layout: rebuild it
    docs = documents(cat)
    _write_cache(data_dir, key, [d.row() for d in docs], "search")
    return docs
