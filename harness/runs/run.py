"""A run in memory: records and errors by id, its lines, its manifest, what could not be read.

A :class:`Run` is what ``harness.extract(...)`` returns in a notebook and what every reader
gets from a run directory (:func:`read_run`, the same as ``Run.load``); ``run.save(dir)``
writes it as a run directory that every command reads. :func:`read_run_data` reads the
same files the same way into :class:`RunData`, records as plain structs (``harness.record_data``:
no model per cell), for the scorer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from pydantic import ValidationError

from harness import record_data
from harness.plain import plain_schema
from harness.record import ChartRecord
from harness.runs.files import (
    MANIFEST_FILE,
    RECORDS_FILE,
    ParsedLine,
    ParsedRecordsFile,
    parse_records_file,
    read_manifest,
    validation_summary,
    write_atomically,
)
from harness.runs.model import Manifest, RunLine, UsageTotals, finite_number, line_usage


@dataclass(slots=True)
class Run:
    """A run: ``records`` (None for a document without one), ``errors``, ``lines`` by id."""

    dir: Path | None = None
    records: dict[str, ChartRecord | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    lines: dict[str, RunLine] = field(default_factory=dict)
    manifest: Manifest = field(default_factory=Manifest)
    problems: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return list(self.records)

    @property
    def name(self) -> str:
        return (self.dir.name or str(self.dir)) if self.dir is not None else "run"

    @property
    def usage(self) -> UsageTotals | None:
        """The run's usage: the manifest's totals, else the lines' sum (unknown kept unknown)."""
        if self.manifest.usage is not None:
            return self.manifest.usage
        return UsageTotals.sum(line.usage for line in self.lines.values())

    def add(self, line: RunLine) -> None:
        """Take one document's line (the last line for an id wins, as on disk)."""
        self.lines[line.id] = line
        _take(self.records, self.errors, line.id, line.record, line.error)

    def save(self, run_dir: Path | str) -> Path:
        """Write ``records.jsonl`` and ``manifest.json`` into ``run_dir`` (each atomically)."""
        run_dir = Path(run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        text = "".join(json.dumps(line.to_json_dict(), ensure_ascii=False) + "\n" for line in self.lines.values())
        write_atomically(run_dir / RECORDS_FILE, text)
        manifest = json.dumps(self.manifest.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
        write_atomically(run_dir / MANIFEST_FILE, manifest)
        self.dir = run_dir
        return run_dir

    @classmethod
    def load(cls, run_dir: Path | str) -> Run:
        return read_run(run_dir)


def read_run(run_dir: Path | str) -> Run:
    """Read ``RUN/records.jsonl`` and ``RUN/manifest.json``.

    Raises FileNotFoundError when there is no ``records.jsonl``. Anything wrong inside
    (a malformed line, a record that does not validate, a missing manifest) is listed in
    ``Run.problems`` as ``file:line: cause`` and the rest is read; an id written twice
    keeps its last line.
    """
    run_dir = Path(run_dir)
    run = Run(dir=run_dir)
    parsed = _parse(run_dir, run.problems, _whole_line)
    for item in parsed.lines:
        run.add(item.validated if item.validated is not None else _lenient_line(item, run.problems))
    run.manifest = _manifest(run_dir, run.problems)
    return run


@dataclass(slots=True)
class RunData:
    """A run's records as plain structs (``harness.record_data``: msgspec structs with the fields
    of ``ChartRecord``, validated by its schema), for a reader that needs the values and no models:
    the scorer. Read by :func:`read_run_data` exactly as :func:`read_run` reads the same files
    (the same lines kept, the same problems, errors and last-line-wins, the same values), only
    without a model per cell."""

    dir: Path
    records: dict[str, Any] = field(default_factory=dict)  # None for a document without a record
    errors: dict[str, str] = field(default_factory=dict)
    manifest: Manifest = field(default_factory=Manifest)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.dir.name or str(self.dir)


def read_run_data(run_dir: Path | str, keep: Callable[[Any], Any] | None = None) -> RunData:
    """:func:`read_run` with records as plain structs (:class:`RunData`).

    ``keep``: what to hold of each record instead of the record itself, made as soon as the
    line is read (the scorer keeps its comparable form, while the structs are still in the
    processor's cache).
    """
    run_dir = Path(run_dir)
    run = RunData(dir=run_dir)
    kept = keep if keep is not None else _itself

    def whole_line(text: str) -> tuple[str, Any, str | None] | None:
        line = _whole_line_data(text)
        if line is None:
            return None
        return line.id, (kept(line.record) if line.record is not None else None), line.error

    for item in _parse(run_dir, run.problems, whole_line).lines:
        if item.validated is not None:
            doc_id, record, error = item.validated
        else:
            # The rare lenient line goes through the models, so its problems and error text are
            # read_run's own; its record is then taken into the same plain structs.
            line = _lenient_line(item, run.problems)
            doc_id, error = line.id, line.error
            record = kept(_as_structs(line.record)) if line.record is not None else None
        _take(run.records, run.errors, doc_id, record, error)
    run.manifest = _manifest(run_dir, run.problems)
    return run


def _itself(data: Any) -> Any:
    return data


def _as_structs(record: ChartRecord) -> Any:
    """A record the model read (a lenient line), as the plain structs of the fast path."""
    return msgspec.convert(record, record_data.RECORD.struct, from_attributes=True)


def _take(records: dict[str, Any], errors: dict[str, str], doc_id: str, record: Any, error: str | None) -> None:
    """One document's line: the last line for an id wins, as on disk."""
    records[doc_id] = record
    errors.pop(doc_id, None)
    if record is None:
        errors[doc_id] = error or "no record"


def _parse(run_dir: Path, problems: list[str], whole_line: Callable[[str], Any]) -> ParsedRecordsFile:
    path = run_dir / RECORDS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no {RECORDS_FILE} (not a run directory?)")
    parsed = parse_records_file(path, validate=whole_line)
    problems.extend(f"{where}: {cause}" for where, cause in parsed.problems)
    return parsed


def _whole_line(text: str) -> RunLine | None:
    """A line validated straight from its JSON by pydantic-core, or None for the lenient path.

    Why: a big run is read line by line, and decoding a line to dicts and then validating
    the record costs about twice as much as validating the JSON in one pass (most of
    ``harness score`` on 10,000 records). Strict mode, plus the checks below, accept only
    lines that the lenient path would read the same way; anything else (a field of the
    wrong type, a record that does not validate, an id that differs) goes to it.
    """
    try:
        line = RunLine.model_validate_json(text, strict=True)
    except ValidationError:
        return None
    record_id = line.record.id if line.record is not None else None
    return line if _reads_the_same(line.id, line.error, line.elapsed_s, record_id) else None


# RunLine's own schema as plain structs (harness.plain), for the fields RunData holds and the
# ones _reads_the_same looks at. Usage, path and sha256 are not read: what they hold changes
# nothing RunData holds (the lenient path reads the same id, record and error from such a line).
_LINE_DATA = plain_schema(RunLine, only=("id", "record", "error", "elapsed_s"))
if set(_LINE_DATA.checks) != record_data.CHECKED:
    raise TypeError(f"RunLine's field validators changed ({sorted(_LINE_DATA.checks)})")


def _whole_line_data(text: str) -> Any:
    """:func:`_whole_line` for :func:`read_run_data`: the line as plain structs, or None for
    anything the strict schema might not read the same way (the lenient path decides)."""
    line = _LINE_DATA.decode(text)
    if line is None or (line.record is not None and not record_data.checked(line.record)):
        return None
    record_id = line.record.id if line.record is not None else None
    return line if _reads_the_same(line.id, line.error, line.elapsed_s, record_id) else None


def _reads_the_same(doc_id: str, error: str | None, elapsed_s: float, record_id: str | None) -> bool:
    """Whether a strictly validated line says what the lenient path would read from it."""
    return bool(doc_id) and error != "" and math.isfinite(elapsed_s) and record_id in (None, doc_id)


def _lenient_line(item: ParsedLine, problems: list[str]) -> RunLine:
    """A line that strict validation refused, read field by field; what is wrong goes to ``problems``."""
    obj = item.obj
    assert obj is not None
    doc_id = obj["id"]
    record, error = obj.get("record"), obj.get("error")
    line = RunLine.model_construct(
        id=doc_id,
        record=None,
        error=error if isinstance(error, str) and error else None,
        elapsed_s=finite_number(obj.get("elapsed_s")) or 0.0,
        usage=line_usage(obj),
        path=obj.get("path") if isinstance(obj.get("path"), str) else None,
        sha256=obj.get("sha256") if isinstance(obj.get("sha256"), str) else None,
    )
    if record is not None:
        try:
            line.record = ChartRecord.model_validate(record)
        except ValidationError as exc:
            problems.append(f"{item.where}: record for {doc_id!r} does not validate: {validation_summary(exc)}")
            line.error = f"invalid record: {validation_summary(exc)}"
        else:
            if line.record.id != doc_id:
                problems.append(f"{item.where}: record id {line.record.id!r} differs from line id {doc_id!r}")
    return line


def _manifest(run_dir: Path, problems: list[str]) -> Manifest:
    manifest_path = run_dir / MANIFEST_FILE
    try:
        manifest = read_manifest(manifest_path, strict=True)
    except ValueError as exc:
        problems.append(f"{manifest_path}: {exc}")
        manifest = {}
    if manifest is None:
        problems.append(f"{manifest_path}: missing")
    return Manifest.read(manifest or {})
