"""The gold set: ``DIR/ID.json`` hand-written records, each beside its description.

A malformed gold file (not JSON, not a valid record, an id that is not the file's stem,
no ``ID.txt``/``ID.md`` beside it) is reported in one line naming the file and the
failing field, and skipped; the rest of the set is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from harness.inputs import read_document
from harness.record import ChartRecord
from harness.score.bulk import collection_paused
from harness.score.panels import GoldRecord, gold_record

DESCRIPTION_SUFFIXES = (".txt", ".md")


@dataclass
class GoldSet:
    dir: Path | None
    records: dict[str, ChartRecord] = field(default_factory=dict)
    descriptions: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    dirs: list[Path] = field(default_factory=list)  # every folder loaded (``dir`` is the first)
    _prepared: dict[str, GoldRecord] | None = field(default=None, repr=False)

    @classmethod
    def from_records(cls, records: list[ChartRecord] | dict[str, ChartRecord]) -> GoldSet:
        """A gold set held in memory (tests, benchmarks, notebooks)."""
        items = records.values() if isinstance(records, dict) else records
        return cls(dir=None, records={r.id: r for r in items})

    @property
    def where(self) -> str:
        """The folders the set was loaded from, for a report's header."""
        return ", ".join(str(d) for d in self.dirs) if self.dirs else (str(self.dir) if self.dir else "(in memory)")

    @property
    def ids(self) -> list[str]:
        return sorted(self.records)

    @property
    def prepared(self) -> dict[str, GoldRecord]:
        """Gold records in comparable form, built once and shared by every run scored."""
        if self._prepared is None:
            with collection_paused():
                self._prepared = {doc_id: gold_record(self.records[doc_id]) for doc_id in self.ids}
        return self._prepared

    def __len__(self) -> int:
        return len(self.records)

    def subset(self, ids: set[str] | list[str]) -> GoldSet:
        """The same gold set limited to ``ids`` (``harness score --shared-only``)."""
        keep = set(ids) & set(self.records)
        prepared = {i: r for i, r in self._prepared.items() if i in keep} if self._prepared is not None else None
        return GoldSet(
            dir=self.dir,
            records={i: r for i, r in self.records.items() if i in keep},
            descriptions={i: p for i, p in self.descriptions.items() if i in keep},
            problems=list(self.problems),
            dirs=list(self.dirs),
            _prepared=prepared,
        )

    def texts(self) -> dict[str, str]:
        """id -> description text of every gold record (what ``harness.extract`` takes)."""
        out = {}
        for doc_id in self.ids:
            path = self.descriptions.get(doc_id)
            document = read_document(path) if path is not None else None
            if document is not None and document.text is not None:
                out[doc_id] = document.text
        return out


def load_gold(gold_dir: Path | str | Sequence[Path | str]) -> GoldSet:
    """Load every ``*.json`` in ``gold_dir`` and its subfolders (subsets such as
    ``gold/real/dev`` score together or alone), or in each of several folders; raises
    NotADirectoryError if one is not a directory. Two gold files with one id: the first
    (by folder given, then path) is kept, the second reported."""
    folders = [Path(gold_dir)] if isinstance(gold_dir, (str, Path)) else [Path(g) for g in gold_dir]
    for folder in folders:
        if not folder.is_dir():
            raise NotADirectoryError(f"gold directory {folder} does not exist or is not a directory")
    gold = GoldSet(dir=folders[0] if folders else None, dirs=folders)
    prepared_by_id: dict[str, GoldRecord] = {}
    with collection_paused():
        for folder in folders:
            _load_into(gold, prepared_by_id, sorted(folder.rglob("*.json")))
    gold._prepared = {doc_id: prepared_by_id[doc_id] for doc_id in gold.ids}
    return gold


def _load_into(gold: GoldSet, prepared_by_id: dict[str, GoldRecord], paths: list[Path]) -> None:
    for path in paths:
        record, problem = _read_gold_file(path)
        if problem is not None:
            gold.problems.append(f"{path}: {problem}; skipped")
            continue
        assert record is not None
        if record.id in gold.records:
            gold.problems.append(
                f"{path}: id {record.id!r} is already gold in {gold.descriptions[record.id].parent}; skipped"
            )
            continue
        gold.records[record.id] = record
        gold.descriptions[record.id] = _description_of(path) or path
        prepared = prepared_by_id[record.id] = gold_record(record)
        for where in prepared.duplicate_cells:
            gold.problems.append(
                f"{path}: field {where}: cell stated twice; the first value is the gold one"
            )


def _read_gold_file(path: Path) -> tuple[ChartRecord | None, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"unreadable ({_one_line(str(exc), 160)})"
    try:
        record = ChartRecord.model_validate_json(text)
    except ValidationError as exc:
        return None, _validation_problem(exc)
    if "panels" not in record.model_fields_set:
        # A record may leave panels out (an extractor that found none); gold may not: an
        # omitted field is a slip, "[]" is the statement that the chart has no panels.
        return None, "field panels: required in a gold record (write [] for a chart with no panels)"
    if record.id != path.stem:
        return None, f"field id: {_one_line(record.id, 80)!r} is not the file name's stem {path.stem!r}"
    beside = [path.with_suffix(suffix) for suffix in DESCRIPTION_SUFFIXES if path.with_suffix(suffix).is_file()]
    if not beside:
        return None, "no description beside it (" + " or ".join(
            path.stem + suffix for suffix in DESCRIPTION_SUFFIXES
        ) + ")"
    if len(beside) > 1:
        return None, f"two descriptions beside it ({' and '.join(p.name for p in beside)}): keep one"
    return record, None


def _description_of(path: Path) -> Path | None:
    for suffix in DESCRIPTION_SUFFIXES:
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def _validation_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_input=False, include_url=False)
    first = errors[0]
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    if first.get("type") == "json_invalid":
        return f"not valid JSON: {_one_line(str(first.get('ctx', {}).get('error', first['msg'])), 160)}"
    loc = ".".join(str(part) for part in first.get("loc", ())) or "(whole record)"
    return f"field {loc}: {_one_line(first.get('msg', 'invalid'), 160)}{more}"


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
