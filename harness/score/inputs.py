"""What the scorer reads from a run: a record (or none) per id, and what went wrong.

The files are read by ``harness.run_files.read_run`` (floor 3, which imports no
extractor), so the scorer cannot know, and does not care, how records were made. Each
malformed line is already a one-line ``file:line: cause`` problem there; the document
it was meant for then has no record and counts as all-missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from harness.record import ChartRecord
from harness.run_files import read_run


@dataclass
class RunRecords:
    name: str
    records: dict[str, ChartRecord | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    @classmethod
    def from_mapping(cls, records: Mapping[str, ChartRecord | None], name: str = "run") -> RunRecords:
        """Records held in memory, by id (None for a document that has no record)."""
        return cls(name=name, records=dict(records))


def load_run_records(run_dir: Path | str, name: str | None = None) -> RunRecords:
    """Read ``RUN/records.jsonl``; raises FileNotFoundError when there is none."""
    run_dir = Path(run_dir)
    run = read_run(run_dir)
    return RunRecords(
        name=name or run_dir.name or str(run_dir),
        records=run.records,
        errors=run.errors,
        problems=list(run.problems),
        path=run_dir,
    )
