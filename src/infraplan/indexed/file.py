"""The store file: written whole, opened read-only, every record checked as it is read.

One SQLite file: the export's tables (export.sqlite.SCHEMA: one schema for the export and the
store), indexes on the fields the catalogue's filters narrow by, each record's JSON keyed by kind
and id with its CRC-32, and the search documents (search.Document.row(), kept opaque) with their
index (indexed.search: the exact keys `show` resolves a name by, and what a search term may hit).

A store is written into a temporary file renamed into place, so a reader never sees half a file,
and never sees one change: it opens it read-only and immutable. A store that is missing, foreign,
of another format or written under another key is not opened (None); a record whose CRC does not
match, and any SQLite error while reading, raise Broken, on which the catalogue validates afresh.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from pathlib import Path

FORMAT = 2  # raise when the store's own tables change shape

STORE_SCHEMA = """
CREATE TABLE store_meta (format INTEGER NOT NULL, key TEXT NOT NULL);
CREATE TABLE store_records (kind TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL,
    json BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX store_records_order ON store_records (kind, position);
CREATE INDEX projects_country ON projects (country);
CREATE INDEX projects_first_line ON projects (source_first_line);
CREATE INDEX project_sectors_sector ON project_sectors (sector);
CREATE INDEX measures_sector ON measures (sector);
CREATE INDEX measure_pillars_pillar ON measure_pillars (pillar);
CREATE INDEX measure_strategies_pillar ON measure_strategies (pillar);
CREATE INDEX measure_sectors_sector ON measure_sectors (sector);
CREATE INDEX measure_countries_country ON measure_countries (country);
CREATE INDEX measure_projects_project ON measure_projects (project);
CREATE INDEX measure_organizations_organization ON measure_organizations (organization);
CREATE INDEX competitors_country ON competitors (country);
CREATE INDEX frameworks_organization ON frameworks (organization);
"""


class Broken(Exception):
    """The store cannot be read as written: validate afresh."""


def decode(blob: object, crc: object) -> object:
    """A stored JSON value, or Broken if its CRC-32 does not match."""
    try:
        if zlib.crc32(blob) != crc:
            raise Broken("checksum mismatch")
        return json.loads(blob)
    except (TypeError, ValueError, RecursionError) as exc:
        raise Broken(str(exc)) from None


def _blob(value: object) -> tuple[bytes, int]:
    blob = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return blob, zlib.crc32(blob)


def _records(cat):
    """(kind, id, position, json, crc) of every record, kinds as Catalogue.records_of names them,
    plus the plan and chapter 1's sections."""
    from infraplan.vocab import RECORD_KINDS

    kinds = [("plan", {"plan": cat.plan}), ("chapter1", {s["id"]: s for s in cat.chapter1})]
    kinds += [(kind, cat.records_of(kind)) for kind in RECORD_KINDS]
    for kind, records in kinds:
        for position, (rid, record) in enumerate(records.items()):
            yield (kind, str(rid), position, *_blob(record))


def write(target: Path, key: list, cat) -> None:
    """Write the store of cat (a Catalogue of validated data) under key to target, atomically,
    removing what interrupted writes left; any failure (read-only folder, full disk, an SQLite
    without FTS5) only costs speed: the next query validates again."""
    from infraplan.export.sqlite import create
    from infraplan.indexed.search import write as write_index
    from infraplan.search import documents

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(f"{target.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a temporary file: a failed write is thrown away
            db.execute("PRAGMA synchronous = OFF")
            with db:
                create(db, cat)
                db.executescript(STORE_SCHEMA)
                db.executemany("INSERT INTO store_records VALUES (?, ?, ?, ?, ?)", _records(cat))
                write_index(db, documents(cat))
                db.execute("INSERT INTO store_meta VALUES (?, ?)", (FORMAT, json.dumps(key)))
        finally:
            db.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error, ValueError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def open_store(path: Path, key: list) -> sqlite3.Connection | None:
    """The store at path if it was written under key in this format, else None."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        if db.execute("SELECT format, key FROM store_meta").fetchall() == [(FORMAT, json.dumps(key))]:
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None
