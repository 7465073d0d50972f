"""The response cache: an unchanged model call is answered from disk, not from the model.

A call's key is the SHA-256 of everything that decides its answer: the model and the
endpoint kind, the instructor mode, the messages (so the prompt template's text and the
description slice it carries), the response model's JSON Schema, and the decoding
parameters. Change one byte of any of them and the call is asked again; change nothing
and a re-run makes zero model calls. Only valid answers are stored.

The store is one SQLite file (stdlib, safe across threads and processes), by default
``~/.cache/harness/responses.sqlite3``; ``HARNESS_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

CACHE_FILE = "responses.sqlite3"


def default_cache_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    if env.get("HARNESS_CACHE_DIR"):
        return Path(env["HARNESS_CACHE_DIR"])
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "harness"


def call_key(parts: dict[str, Any]) -> str:
    """The SHA-256 of the canonical JSON of ``parts`` (sorted keys, no whitespace)."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """``get(key)`` / ``put(key, answer, input_tokens, output_tokens)`` over one SQLite file."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / CACHE_FILE
        self._lock = threading.Lock()
        # One connection shared by the run's threads, serialised by the lock.
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, answer TEXT NOT NULL,"
                " input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL)"
            )
            self._db.commit()

    def get(self, key: str) -> tuple[Any, int, int] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT answer, input_tokens, output_tokens FROM answers WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0]), int(row[1]), int(row[2])
        except ValueError:
            return None  # a damaged entry is a miss, never a crash

    def put(self, key: str, answer: Any, input_tokens: int, output_tokens: int) -> None:
        text = json.dumps(answer, ensure_ascii=False)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers (key, answer, input_tokens, output_tokens) VALUES (?, ?, ?, ?)",
                (key, text, int(input_tokens), int(output_tokens)),
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
