"""What the scorer reads from a run: a record (or none) per id, and what went wrong.

The files are read by ``harness.runs.read_run_data`` (floor 3, which imports no
extractor), so the scorer cannot know, and does not care, how records were made. Each
malformed line is already a one-line ``file:line: cause`` problem there; the document
it was meant for then has no record and counts as all-missed.

A run read from disk arrives as plain structs (no model per cell) and is held in the scorer's
comparable form straight away; a run in memory keeps its ChartRecords (the scorer takes both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from harness.record import ChartRecord
from harness.runs import Run, read_run_data
from harness.score.panels import ComparableRecord, comparable_record


@dataclass
class RunRecords:
    name: str
    records: dict[str, ChartRecord | ComparableRecord | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    @classmethod
    def from_mapping(cls, records: Mapping[str, ChartRecord | None], name: str = "run") -> RunRecords:
        """Records held in memory, by id (None for a document that has no record)."""
        return cls(name=name, records=dict(records))


def load_run_records(run_dir: Path | str | Run, name: str | None = None) -> RunRecords:
    """A run's records: read ``RUN/records.jsonl`` (FileNotFoundError when there is none), or take a Run."""
    if isinstance(run_dir, Run):
        run, records = run_dir, run_dir.records
    else:
        run = read_run_data(Path(run_dir), keep=comparable_record)
        records = run.records
    return RunRecords(
        name=name or run.name,
        records=records,
        errors=run.errors,
        problems=list(run.problems),
        path=run.dir,
    )
