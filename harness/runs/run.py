"""A run in memory: records and errors by id, its lines, its manifest, what could not be read.

A :class:`Run` is what ``harness.extract(...)`` returns in a notebook and what every reader
gets from a run directory (:func:`read_run`, the same as ``Run.load``); ``run.save(dir)``
writes it as a run directory that every command reads.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from harness.record import ChartRecord
from harness.runs.files import (
    MANIFEST_FILE,
    RECORDS_FILE,
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
        self.records[line.id] = line.record
        self.errors.pop(line.id, None)
        if line.record is None:
            self.errors[line.id] = line.error or "no record"

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
    if (
        not line.id
        or line.error == ""
        or not math.isfinite(line.elapsed_s)
        or (line.record is not None and line.record.id != line.id)
    ):
        return None
    return line


def read_run(run_dir: Path | str) -> Run:
    """Read ``RUN/records.jsonl`` and ``RUN/manifest.json``.

    Raises FileNotFoundError when there is no ``records.jsonl``. Anything wrong inside
    (a malformed line, a record that does not validate, a missing manifest) is listed in
    ``Run.problems`` as ``file:line: cause`` and the rest is read; an id written twice
    keeps its last line.
    """
    run_dir = Path(run_dir)
    path = run_dir / RECORDS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: no {RECORDS_FILE} (not a run directory?)")
    run = Run(dir=run_dir)
    parsed = parse_records_file(path, validate=_whole_line)
    run.problems.extend(f"{where}: {cause}" for where, cause in parsed.problems)
    for item in parsed.lines:
        if item.validated is not None:
            run.add(item.validated)
            continue
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
                cause = f"record for {doc_id!r} does not validate: {validation_summary(exc)}"
                run.problems.append(f"{item.where}: {cause}")
                line.error = f"invalid record: {validation_summary(exc)}"
            else:
                if line.record.id != doc_id:
                    run.problems.append(
                        f"{item.where}: record id {line.record.id!r} differs from line id {doc_id!r}"
                    )
        run.add(line)

    manifest_path = run_dir / MANIFEST_FILE
    try:
        manifest = read_manifest(manifest_path, strict=True)
    except ValueError as exc:
        run.problems.append(f"{manifest_path}: {exc}")
        manifest = {}
    if manifest is None:
        run.problems.append(f"{manifest_path}: missing")
    run.manifest = Manifest.read(manifest or {})
    return run
