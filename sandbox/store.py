"""SQLite document store: every sandbox object is a JSON document of a kind, with an optional parent."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind   TEXT NOT NULL,
    id     TEXT NOT NULL,
    parent TEXT,
    data   TEXT NOT NULL,
    UNIQUE (kind, id)
);
CREATE INDEX IF NOT EXISTS objects_by_parent ON objects (kind, parent, seq);
"""


class Store:
    """One SQLite database; a transaction per request, serialized by a lock.

    In memory by default; with a path, every committed write survives a restart.
    """

    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All writes inside commit together, or none do (nested calls join the outer one)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def get(self, kind: str, id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute("SELECT data FROM objects WHERE kind=? AND id=?", (kind, id)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, id: str, data: dict[str, Any], parent: str | None = None) -> dict[str, Any]:
        """Insert or replace; a replaced document keeps its place in listing order."""
        payload = json.dumps(data, separators=(",", ":"))
        with self._lock:
            self._conn.execute(
                "INSERT INTO objects (kind, id, parent, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET data=excluded.data, parent=excluded.parent",
                (kind, id, parent, payload),
            )
        return data

    def delete(self, kind: str, id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM objects WHERE kind=? AND id=?", (kind, id))

    def list(self, kind: str, parent: str | None = None) -> list[dict[str, Any]]:
        """Documents of a kind (of one parent, when given), oldest first."""
        with self._lock:
            if parent is None:
                rows = self._conn.execute("SELECT data FROM objects WHERE kind=? ORDER BY seq", (kind,))
            else:
                rows = self._conn.execute(
                    "SELECT data FROM objects WHERE kind=? AND parent=? ORDER BY seq", (kind, parent)
                )
            return [json.loads(r[0]) for r in rows.fetchall()]

    def clear(self) -> None:
        with self.transaction():
            self._conn.execute("DELETE FROM objects")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
