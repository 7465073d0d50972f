"""The gold set: ``DIR/ID.json`` hand-written records, each beside its description.

A malformed gold file (not JSON, not a valid record, an id that is not the file's stem,
no ``ID.txt``/``ID.md`` beside it) is reported in one line naming the file and the
failing field, and skipped; the rest of the set is loaded.

Loading validates each file once, by ``ChartRecord``'s own schema, into plain structs
(``harness.record_data``: msgspec, no model per cell), and prepares the scorer's form from
that. The ``ChartRecord`` of a file is built from its text only when asked for
(``GoldSet.records``: the report, compare), the same record as before. A file the plain reading
refuses is read through the model, which gives the one-line problem (or the record, when only
the stricter reading refused it: a number written as text, a record without ``panels``,
reported below).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness import record_data
from harness.inputs import read_document
from harness.record import ChartRecord
from harness.score.bulk import collection_paused
from harness.score.panels import GoldRecord, gold_record

DESCRIPTION_SUFFIXES = (".txt", ".md")


class GoldRecords(Mapping[str, ChartRecord]):
    """id -> ChartRecord of a gold set loaded from files, each built from its file's text on
    first use (and kept): loading needs only the scorer's form, and 10,000 records of
    100 cells as models would cost more than scoring them."""

    def __init__(self, texts: dict[str, str | bytes] | None = None) -> None:
        self._texts: dict[str, str | bytes] = texts if texts is not None else {}
        self._built: dict[str, ChartRecord] = {}

    def add(self, doc_id: str, text: str | bytes, record: ChartRecord | None = None) -> None:
        self._texts[doc_id] = text
        if record is not None:
            self._built[doc_id] = record

    def only(self, ids: set[str]) -> GoldRecords:
        out = GoldRecords({i: t for i, t in self._texts.items() if i in ids})
        out._built = {i: r for i, r in self._built.items() if i in ids}
        return out

    def __getitem__(self, doc_id: str) -> ChartRecord:
        record = self._built.get(doc_id)
        if record is None:
            record = self._built[doc_id] = ChartRecord.model_validate_json(self._texts[doc_id])
        return record

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._texts

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class GoldSet:
    dir: Path | None
    records: Mapping[str, ChartRecord] = field(default_factory=GoldRecords)
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
        records = self.records
        return GoldSet(
            dir=self.dir,
            records=records.only(keep) if isinstance(records, GoldRecords) else {i: r for i, r in records.items() if i in keep},
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
            _load_into(gold, prepared_by_id, sorted(folder.rglob("*.json"), key=_PATH_ORDER))
    gold._prepared = {doc_id: prepared_by_id[doc_id] for doc_id in gold.ids}
    return gold


# Path order (by parts) without a Python ``__lt__`` call per comparison; elsewhere, Path's own.
_PATH_ORDER = attrgetter("parts") if os.name == "posix" else None


def _load_into(gold: GoldSet, prepared_by_id: dict[str, GoldRecord], paths: list[Path]) -> None:
    records = gold.records
    assert isinstance(records, GoldRecords)
    files_in: dict[str, set[str]] = {}  # folder -> the names of the files in it, listed once
    for path in paths:
        where = str(path)
        folder, name = os.path.split(where)
        files = files_in.get(folder)
        if files is None:
            files = files_in[folder] = _file_names(folder or os.curdir)
        text, record, problem = _read_gold_file(path, where, _stem(name), files)
        if problem is not None:
            gold.problems.append(f"{where}: {problem}; skipped")
            continue
        assert text is not None and record is not None
        doc_id = record.id
        if doc_id in records:
            gold.problems.append(
                f"{where}: id {doc_id!r} is already gold in {gold.descriptions[doc_id].parent}; skipped"
            )
            continue
        records.add(doc_id, text, record if isinstance(record, ChartRecord) else None)
        gold.descriptions[doc_id] = path.with_suffix(_descriptions_beside(doc_id, files)[0])
        prepared = prepared_by_id[doc_id] = gold_record(record)
        for duplicate in prepared.duplicate_cells:
            gold.problems.append(
                f"{where}: field {duplicate}: cell stated twice; the first value is the gold one"
            )


def _stem(name: str) -> str:
    """``Path(name).stem``: the name without its last suffix (a name that starts with its only
    dot has none)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _read_gold_file(path: Path, where: str, stem: str, files_beside: set[str]) -> tuple[bytes | str | None, Any, str | None]:
    """(text, the record as plain structs or as a model, None) or (None, None, the problem).

    ``where``: ``str(path)``; ``stem``: ``path.stem``; ``files_beside``: the names of the files
    in the folder of ``path``.
    """
    try:
        with open(where, "rb", buffering=0) as handle:
            text: bytes | str | None = handle.readall()
    except OSError:
        text = None
    record = record_data.read(text, record_data.GOLD) if text is not None else None
    if record is None:
        # Read as before, through the model: it says what is wrong in its own words (or
        # accepts a record without panels, which the gold rule below refuses).
        text, record, problem = _read_through_model(path)
        if problem is not None:
            return None, None, problem
    assert record is not None
    doc_id = record.id
    if doc_id != stem:
        return None, None, f"field id: {_one_line(doc_id, 80)!r} is not the file name's stem {stem!r}"
    beside = _descriptions_beside(stem, files_beside)
    if not beside:
        return None, None, "no description beside it (" + " or ".join(
            stem + suffix for suffix in DESCRIPTION_SUFFIXES
        ) + ")"
    if len(beside) > 1:
        return None, None, f"two descriptions beside it ({' and '.join(stem + s for s in beside)}): keep one"
    return text, record, None


def _read_through_model(path: Path) -> tuple[str | None, ChartRecord | None, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, f"unreadable ({_one_line(str(exc), 160)})"
    try:
        record = ChartRecord.model_validate_json(text)
    except ValidationError as exc:
        return None, None, _validation_problem(exc)
    if "panels" not in record.model_fields_set:
        # A record may leave panels out (an extractor that found none); gold may not: an
        # omitted field is a slip, "[]" is the statement that the chart has no panels.
        return None, None, "field panels: required in a gold record (write [] for a chart with no panels)"
    return text, record, None


def _file_names(folder: str) -> set[str]:
    """The names of the files (or links to files) in ``folder``: one listing, not a stat per name."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:
        return set()


def _descriptions_beside(stem: str, files_beside: set[str]) -> list[str]:
    """The suffixes of the descriptions beside the gold file ``stem`` + ``.json``."""
    return [suffix for suffix in DESCRIPTION_SUFFIXES if stem + suffix in files_beside]


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
