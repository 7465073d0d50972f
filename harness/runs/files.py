"""The files of a run on disk: ``records.jsonl`` (one line per description) and ``manifest.json``.

Reading lives here, apart from the extraction loop in ``harness.runs.execute``, so that the
scorer can read a run without importing any extractor. Nothing in a run file is trusted:
every line is parsed on its own and anything wrong is reported as ``file:line: cause``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.record import ChartRecord

RECORDS_FILE = "records.jsonl"
MANIFEST_FILE = "manifest.json"


def one_line(text: str, limit: int) -> str:
    """Collapse whitespace (exception messages span lines) and cap the length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def validation_summary(exc: ValidationError) -> str:
    errors = exc.errors()
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "record"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return one_line(f"{where}: {first.get('msg', 'invalid')}{more}", 300)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a reader never sees half a file."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(path: Path, *, strict: bool = False) -> dict[str, Any] | None:
    """The manifest as a dict; None when absent. A broken one is None, or ValueError when ``strict``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        if strict:
            raise ValueError(f"unreadable manifest ({one_line(str(exc), 200)})") from exc
        return None
    if not isinstance(data, dict):
        if strict:
            raise ValueError("manifest is not a JSON object")
        return None
    return data


@dataclass(slots=True)
class ParsedLine:
    where: str  # "RUN/records.jsonl:7"
    text: str
    obj: dict[str, Any] | None  # None when ``validated`` holds the line instead
    validated: Any = None  # what ``parse_records_file(validate=...)`` made of the line


@dataclass(slots=True)
class ParsedRecordsFile:
    lines: list[ParsedLine] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    # True when appending straight after the current content would corrupt or duplicate.
    needs_rewrite: bool = False


def parse_records_file(path: Path, validate: Callable[[str], Any] | None = None) -> ParsedRecordsFile:
    """Every well-formed line of ``records.jsonl``, and where the others are.

    ``validate``: tried first on each line's text; when it returns an object, the line is
    taken as that (``ParsedLine.validated``) without being parsed a second time. It must
    return None for anything it does not accept whole, which then takes the lenient path.

    Lines are split on ``\\n`` only: JSON written with ``ensure_ascii=False`` may hold
    U+2028 or U+0085, which ``str.splitlines`` would wrongly treat as line ends. A last
    line without its newline that does not parse is a write cut short by a kill: it is
    dropped and reported as such.
    """
    parsed = ParsedRecordsFile()
    raw = path.read_bytes()
    chunks = raw.split(b"\n")
    complete = len(chunks) - 1  # the piece after the last newline is unterminated
    for index, chunk in enumerate(chunks):
        if not chunk.strip():
            continue
        where = f"{path}:{index + 1}"
        unterminated = index == complete
        if unterminated:
            parsed.needs_rewrite = True
        try:
            text = chunk.decode("utf-8").strip()
            if validate is not None and (validated := validate(text)) is not None:
                parsed.lines.append(ParsedLine(where, text, None, validated))
                continue
            obj = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # RecursionError: a hostile line of a million "[" nests deeper than json can follow.
            parsed.needs_rewrite = True
            if unterminated:
                parsed.problems.append((where, "truncated last line (a write cut short)"))
            else:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else one_line(str(exc), 120)
                parsed.problems.append((where, f"not JSON ({reason})"))
            continue
        if not isinstance(obj, dict):
            parsed.problems.append((where, "not a JSON object"))
            parsed.needs_rewrite = True
        elif not isinstance(obj.get("id"), str) or not obj["id"]:
            parsed.problems.append((where, "no \"id\" string"))
            parsed.needs_rewrite = True
        else:
            parsed.lines.append(ParsedLine(where, text, obj))
    return parsed


class RecordsFile:
    """``records.jsonl`` while a run writes it: one line per id, appended and flushed.

    Lines are appended as they come; when an id is written a second time (a retry, or
    ``force``) the file is rewritten once at the end so that each id appears once, the
    last result winning. Until then a reader also takes the last line for an id.
    """

    def __init__(self, path: Path, on_error: Callable[[str, str], None]) -> None:
        self.path = path
        self._text: dict[str, str] = {}
        self._objects: dict[str, dict[str, Any]] = {}
        self._handle = None
        self._needs_rewrite = False
        if not path.exists():
            return
        parsed = parse_records_file(path)
        for where, cause in parsed.problems:
            on_error(where, f"{cause}; dropped")
        self._needs_rewrite = parsed.needs_rewrite
        for item in parsed.lines:
            self._take(item)

    def __len__(self) -> int:
        return len(self._text)

    def _take(self, item: ParsedLine) -> None:
        if item.obj["id"] in self._text:
            self._needs_rewrite = True
        self._text[item.obj["id"]] = item.text
        self._objects[item.obj["id"]] = item.obj

    def drop_all(self) -> None:
        self._text.clear()
        self._objects.clear()
        self._needs_rewrite = True

    def lines(self) -> list[dict[str, Any]]:
        """The current line of every id (the last one written wins)."""
        return list(self._objects.values())

    def has_record(self, doc_id: str, sha256: str | None) -> bool:
        """Whether ``doc_id`` already has a valid record made from the same text."""
        obj = self._objects.get(doc_id)
        if obj is None or not isinstance(obj.get("record"), dict):
            return False
        if obj.get("sha256") and sha256 and obj["sha256"] != sha256:
            return False
        try:
            ChartRecord.model_validate(obj["record"])
        except ValidationError:
            return False
        return True

    def open_for_append(self) -> None:
        # A truncated or malformed line must go before anything is appended after it.
        if self._needs_rewrite:
            self._rewrite()
        self._handle = self.path.open("a", encoding="utf-8", newline="\n")

    def append(self, obj: dict[str, Any]) -> None:
        """Write one line ({"id", "record", "error", ...}) and flush it."""
        doc_id = obj["id"]
        try:
            text = json.dumps(obj, ensure_ascii=False)
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from an extractor: escape rather than lose it
            text = json.dumps(obj, ensure_ascii=True)
        assert self._handle is not None, "open_for_append() first"
        self._handle.write(text + "\n")
        self._handle.flush()
        if doc_id in self._text:
            self._needs_rewrite = True
        self._text[doc_id] = text
        self._objects[doc_id] = obj

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._needs_rewrite:
            self._rewrite()

    def _rewrite(self) -> None:
        write_atomically(self.path, "".join(text + "\n" for text in self._text.values()))
        self._needs_rewrite = False
