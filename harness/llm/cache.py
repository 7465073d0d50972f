"""The response cache: an unchanged model call is answered from disk, not from the model.

A call's key is the SHA-256 of everything that decides its answer: the model and the
endpoint kind, the instructor mode, the messages (so the prompt template's text and the
description slice it carries), the response model's JSON Schema, and the decoding
parameters. Change one byte of any of them and the call is asked again; change nothing
and a re-run makes zero model calls. Only valid answers are stored.

The store is one SQLite file (stdlib, safe across threads and processes; write-ahead
logging lets several runs read and write it at once), by default
``~/.cache/harness/responses.sqlite3``; ``HARNESS_CACHE_DIR`` moves it.

A cache only saves calls, so no accident to it may stop a run. Each is said once, in one
line naming the file and what to do, and the run goes on:
- a damaged file (not a database, or pages that do not read) is set aside as
  ``responses.sqlite3.damaged-TIME`` and a fresh cache is started;
- a cache another process keeps locked past the busy timeout answers nothing and stores
  nothing until it is free;
- a read-only cache (file or folder) is read but not written; a full disk stops the storing;
- a folder that cannot be created leaves the run without a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
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


def print_problem(message: str) -> None:
    print(f"harness: {message}", file=sys.stderr)


class ResponseCache:
    """``get(key)`` / ``put(key, answer, input_tokens, output_tokens)`` over one SQLite file.

    ``on_problem`` hears each accident once, as one line (default: printed to stderr).
    """

    def __init__(
        self,
        directory: Path | str | None = None,
        *,
        busy_timeout_s: float = 30.0,
        on_problem: Callable[[str], None] = print_problem,
    ) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE
        self.busy_timeout_s = busy_timeout_s
        self.on_problem = on_problem
        self.writable = True
        self._said: set[str] = set()
        self._lock = threading.Lock()
        # One connection shared by the run's threads, serialised by the lock; None: no cache.
        self._db: sqlite3.Connection | None = None
        with self._lock:
            self._db = self._open()

    # --- opening, and what can go wrong with the file ------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say("folder", f"response cache {self.directory}: cannot create it ({exc.strerror or exc}); "
                                "running without a cache (set HARNESS_CACHE_DIR to a writable folder)")
            return None
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:
            if _is_read_only(exc):
                return self._open_read_only()
            if _is_busy(exc):
                self._say("locked", f"response cache {self.path}: locked by another process; running without "
                                    "it (it is used again once free)")
                return None
            if _is_damage(exc):
                return self._set_aside(exc)
            self._say("open", f"response cache {self.path}: cannot be opened ({_one_line(exc)}); running "
                              "without it (set HARNESS_CACHE_DIR to another folder)")
            return None
        except sqlite3.DatabaseError as exc:
            return self._set_aside(exc)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=self.busy_timeout_s)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, answer TEXT NOT NULL,"
                " input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL)"
            )
            db.commit()
            db.execute("SELECT COUNT(*) FROM answers").fetchone()  # reads every page of the table's tree root
        except BaseException:
            db.close()
            raise
        return db

    def _open_read_only(self) -> sqlite3.Connection | None:
        self.writable = False
        self._say("read-only", f"response cache {self.path}: read-only; answers are read from it but new ones "
                               "are not stored (make it writable, or set HARNESS_CACHE_DIR)")
        try:
            return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                   timeout=self.busy_timeout_s)
        except sqlite3.DatabaseError:
            return None

    def _set_aside(self, exc: BaseException) -> sqlite3.Connection | None:
        """Move a damaged file out of the way and start afresh (the answers are only a cache)."""
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        aside = self.path.with_name(f"{CACHE_FILE}.damaged-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as move_error:
            self._say("damaged", f"response cache {self.path}: damaged ({_one_line(exc)}) and cannot be moved "
                                 f"({move_error.strerror or move_error}); running without it (delete it)")
            return None
        self._say("damaged", f"response cache {self.path}: damaged ({_one_line(exc)}); set aside as "
                             f"{aside.name} and started afresh (delete that file when you do not need it)")
        try:
            return self._connect()
        except sqlite3.Error:
            return None

    def _say(self, kind: str, message: str) -> None:
        if kind not in self._said:
            self._said.add(kind)
            self.on_problem(message)

    def _trouble(self, exc: sqlite3.Error, doing: str) -> None:
        """What a failed read or write means for the rest of the run (the lock is held)."""
        if _is_busy(exc):
            self._say("locked", f"response cache {self.path}: locked by another process for more than "
                                f"{self.busy_timeout_s:g} s while {doing}; that answer goes to the model")
        elif _is_read_only(exc):
            self.writable = False
            self._say("read-only", f"response cache {self.path}: read-only; new answers are not stored "
                                   "(make it writable, or set HARNESS_CACHE_DIR)")
        elif _is_damage(exc):
            self._db = self._set_aside(exc)
        elif doing == "reading":
            self._say("read", f"response cache {self.path}: cannot be read ({_one_line(exc)}); those answers "
                              "go to the model")
        else:
            # A full disk (SQLITE_FULL), a file that may not grow, an I/O error: the file is
            # not known to be damaged, so it is kept, and only storing stops.
            self.writable = False
            self._say("full", f"response cache {self.path}: cannot store answers ({_one_line(exc)}; is the disk "
                              "full?); new answers are not stored for the rest of the run")

    # --- the cache ------------------------------------------------------------------------

    def get(self, key: str) -> tuple[Any, int, int] | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute(
                    "SELECT answer, input_tokens, output_tokens FROM answers WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as exc:
                self._trouble(exc, "reading")
                return None
        if row is None:
            return None
        try:
            return json.loads(row[0]), int(row[1]), int(row[2])
        except (ValueError, TypeError):
            return None  # a damaged entry is a miss, never a crash

    def put(self, key: str, answer: Any, input_tokens: int, output_tokens: int) -> None:
        row = (key, json.dumps(answer, ensure_ascii=False), int(input_tokens), int(output_tokens))
        with self._lock:
            # Twice at most: a write that finds the file damaged sets it aside, and the answer
            # then goes into the fresh cache.
            for _ in range(2):
                db = self._db
                if db is None or not self.writable:
                    return
                try:
                    db.execute("INSERT OR REPLACE INTO answers (key, answer, input_tokens, output_tokens)"
                               " VALUES (?, ?, ?, ?)", row)
                    db.commit()
                    return
                except sqlite3.Error as exc:
                    try:
                        db.rollback()
                    except sqlite3.Error:
                        pass
                    self._trouble(exc, "storing")
                if self._db is db:
                    return  # not set aside: nothing more to try

    def __len__(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            try:
                return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
            except sqlite3.Error:
                return 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                try:
                    self._db.close()
                except sqlite3.Error:
                    pass
                self._db = None


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_read_only(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _is_damage(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _one_line(exc: BaseException, limit: int = 120) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
