"""A Django cache backend over one SQLite file, for counters shared by every process.

The embedded mode runs several gunicorn workers without Redis; a per-process cache
(LocMemCache) would let each worker count on its own, so a limit of 20 an hour let 90 of 120
posts through. Here `add` and `incr` are single SQL statements (`INSERT ... ON CONFLICT DO
UPDATE ... RETURNING`, `UPDATE ... RETURNING`), atomic across processes: the count is exact.

Meant for rate-limit counters (small integers), not as a general cache; other values are
pickled so that the whole cache API still works.
"""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS counters_expires ON counters (expires);
"""
FOREVER = float("inf")


class SQLiteCounterCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    @property
    def _db(self) -> sqlite3.Connection:
        # One connection per thread and per process (a forked worker opens its own).
        if getattr(self._local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=20, isolation_level=None, check_same_thread=False)
            self._initialise(db)
            self._local.db, self._local.pid = db, os.getpid()
        db_of_thread: sqlite3.Connection = self._local.db
        return db_of_thread

    @staticmethod
    def _initialise(db: sqlite3.Connection) -> None:
        # Workers starting together on a fresh file: switching it to WAL answers "database is
        # locked" at once, without waiting for the busy timeout. Try again for as long as that
        # timeout (20 s); the mode is kept in the file, so later openings only read it.
        for attempt in range(400):
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # counters, not records: a power cut may lose the last few
                db.executescript(SCHEMA)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 399:
                    raise
                time.sleep(0.05)

    def _expiry(self, timeout: float | None) -> float:
        timeout = self.get_backend_timeout(timeout)
        return FOREVER if timeout is None else timeout

    @staticmethod
    def _dump(value: Any) -> int | bytes:
        return value if type(value) is int else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _load(value: Any) -> Any:
        return pickle.loads(value) if isinstance(value, bytes) else value

    def add(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        now = time.time()
        if random.random() < 0.01:  # now and then, forget expired counters
            self._db.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        row = self._db.execute(
            "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE counters.expires <= ? RETURNING 1",
            (key, self._dump(value), self._expiry(timeout), now),
        ).fetchone()
        return row is not None

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = self._db.execute("SELECT value FROM counters WHERE key = ? AND expires > ?", (key, time.time())).fetchone()
        return default if row is None else self._load(row[0])

    def set(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._db.execute(
            "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, self._dump(value), self._expiry(timeout)),
        )

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db.execute(
            "UPDATE counters SET expires = ? WHERE key = ? AND expires > ?", (self._expiry(timeout), key, time.time())
        )
        return cursor.rowcount == 1

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._db.execute(
            "UPDATE counters SET value = value + ? WHERE key = ? AND expires > ? AND typeof(value) = 'integer' RETURNING value",
            (delta, key, time.time()),
        ).fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")  # as every Django backend does
        value: int = row[0]
        return value

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db.execute("DELETE FROM counters WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self.get(key, self._missing, version=version) is not self._missing

    _missing = object()

    def clear(self) -> None:
        self._db.execute("DELETE FROM counters")
