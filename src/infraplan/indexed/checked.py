"""What the checks that read across files found, kept under a digest of everything they read, so
that after an edit only the records and files that changed are checked again.

Two kinds of entry share one file a data folder: a measure's or action's consistency findings
(consistency.check: its warnings, each as its path below the record and its message, so that they
are located afresh wherever the record now stands), keyed on the record, the names it is checked
against, the plan's text and the other records it reads; and a data file whose quotations all hold
(source.check), keyed on the file's bytes and the plan's text. Every key also holds `salt` (the
validating modules and the version), so a change of either checks everything again.

The file is a header (format, length, CRC-32) and the entries as marshal writes them, written to a
temporary file renamed into place; a damaged one is ignored (everything is checked afresh), and
what a validation did not use is dropped when it is saved.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from pathlib import Path

FORMAT = 1
_MISSING = object()


class Findings:
    def __init__(self, path: Path, salt: str):
        self.path, self.salt = path, salt.encode("utf-8")
        self.kept: dict[bytes, object] = self._read()
        self.used: dict[bytes, object] = {}

    def key(self, *parts: str | bytes) -> bytes:
        """The digest of salt and parts (each length-prefixed, so no two lists of parts collide)."""
        digest = hashlib.sha256(self.salt)
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.digest()

    def get(self, key: bytes, default: object = None) -> object:
        """What was kept under key (and is kept again when saved), else default."""
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.kept.get(key, _MISSING)
            if value is _MISSING:
                return default
            self.used[key] = value
        return value

    def put(self, key: bytes, value: object) -> None:
        """Keep value (core types only: marshal writes it) under key."""
        self.used[key] = value

    def save(self, *, complete: bool = True) -> None:
        """Write the entries used; with complete False (a validation that stopped short of some
        checks, at an error), the other entries kept too, for when the data is valid again.
        Atomically; any failure (a read-only folder, a full disk) only costs speed."""
        entries = self.used if complete else {**self.kept, **self.used}
        if entries == self.kept:
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            payload = marshal.dumps((FORMAT, entries))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(len(payload).to_bytes(8, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def _read(self) -> dict[bytes, object]:
        try:
            blob = self.path.read_bytes()
            size, crc = int.from_bytes(blob[:8], "big"), int.from_bytes(blob[8:12], "big")
            payload = blob[12:]
            if len(payload) != size or zlib.crc32(payload) != crc:
                return {}
            form, entries = marshal.loads(payload)
            if form != FORMAT or not isinstance(entries, dict):
                return {}
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return entries
