"""Gold folders, run directories and input folders written for a test.

A run directory is written by the harness's own writer (:meth:`harness.runs.Run.save`) with
:func:`write_run`; :func:`write_raw_run` writes the files as given, for tests of damaged
or odd files (a line that is not JSON, a record that does not validate, a broken or missing
manifest).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from harness.record import ChartRecord
from harness.runs import MANIFEST_FILE, RECORDS_FILE, Manifest, Run, RunLine, UsageTotals

# The manifest of a finished run of records written by hand.
HAND_MADE = Manifest(status="complete", extractor={"name": "hand-made"})

RULES_MANIFEST: dict[str, Any] = {
    "status": "complete",
    "extractor": {"extractor": "rules", "version": "1", "name": "rules"},
    "model": None,
    "prompt_name": None,
    "prompt_hash": None,
    "started_at": "2025-01-02T03:04:05+00:00",
    "totals": {"documents": 2, "ok": 2, "failed": 0, "elapsed_s": 0.5},
}


def llm_manifest(cost_usd: float | None, elapsed_s: float = 12.0, **usage: Any) -> dict[str, Any]:
    """The manifest of a two-document LLM run whose usage totals are ``cost_usd`` and ``usage``."""
    return {
        "status": "complete",
        "extractor": {"name": "llm", "model": "gpt-4o-mini", "prompt": "default", "prompt_sha256": "ab" * 32},
        "model": "gpt-4o-mini",
        "prompt_name": "default",
        "prompt_hash": "cd" * 32,
        "started_at": "2025-02-03T04:05:06+00:00",
        "totals": {"documents": 2, "ok": 2, "failed": 0, "elapsed_s": elapsed_s},
        "usage": {"calls": 4, "cost_usd": cost_usd, **usage},
    }


_DESCRIBED = object()


def write_gold(gold_dir: Path, *records: ChartRecord | Mapping[str, Any] | str, stem: str | None = None,
               description: str | None | object = _DESCRIBED, suffix: str = ".txt") -> Path:
    """``STEM.json`` for each of ``records``, beside its description ``STEM{suffix}``; returns ``gold_dir``.

    A record is a ChartRecord (its JSON), a mapping (dumped as it is: a gold file that need not
    validate) or a string (written as it is: broken JSON; ``stem`` names it). ``stem`` defaults to
    the record's id. ``description`` is the description's text (default ``## Heatmap: STEM``);
    None writes none.
    """
    if stem is not None and len(records) != 1:
        raise TypeError("stem names one gold file: pass one record with it")
    gold_dir.mkdir(parents=True, exist_ok=True)
    for rec in records:
        if isinstance(rec, ChartRecord):
            text, name = json.dumps(rec.to_json_dict()), rec.id
        elif isinstance(rec, Mapping):
            text, name = json.dumps(dict(rec)), rec.get("id")
        else:
            text, name = rec, None
        name = stem or name
        if not isinstance(name, str) or not name:
            raise TypeError(f"a gold file needs a stem: {str(rec)[:60]!r} has no id")
        (gold_dir / f"{name}.json").write_text(text, encoding="utf-8")
        if description is _DESCRIBED:
            (gold_dir / f"{name}{suffix}").write_text(f"## Heatmap: {name}", encoding="utf-8")
        elif description is not None:
            (gold_dir / f"{name}{suffix}").write_text(str(description), encoding="utf-8")
    return gold_dir


def line(record: ChartRecord | None = None, *, doc_id: str | None = None, error: str | None = None,
         usage: Mapping[str, Any] | None = None, elapsed_s: float = 0.0, sha256: str | None = None) -> RunLine:
    """One document's line of a run: ``record``, or (without one) ``error``, by default "no record".

    The id is ``doc_id``, else the record's.
    """
    if record is None and doc_id is None:
        raise TypeError("a line without a record needs doc_id")
    return RunLine(
        id=doc_id if doc_id is not None else record.id,
        record=record,
        error=None if record is not None else (error or "no record"),
        elapsed_s=elapsed_s,
        usage=UsageTotals.model_validate(dict(usage)) if usage is not None else None,
        sha256=sha256,
    )


def _run_line(item: RunLine | Mapping[str, Any]) -> RunLine:
    return item if isinstance(item, RunLine) else RunLine.model_validate(dict(item))


def write_run(run_dir: Path, lines: Iterable[RunLine | Mapping[str, Any]] = (),
              manifest: Manifest | Mapping[str, Any] = HAND_MADE) -> Path:
    """A run directory as the harness writes it (``Run.save``); returns ``run_dir``.

    Each line is a :class:`RunLine` (see :func:`line`) or a mapping of its fields (a
    ChartRecord or its JSON under ``record``); an id given twice keeps its last line, as on
    disk. ``manifest`` is a Manifest or the mapping of one.
    """
    run = Run()
    for item in lines:
        run.add(_run_line(item))
    if isinstance(manifest, Manifest):
        run.manifest = manifest.model_copy(deep=True)
    else:
        run.manifest = Manifest.model_validate(dict(manifest))
    return run.save(run_dir)


def write_raw_run(run_dir: Path, lines: Iterable[RunLine | Mapping[str, Any] | str] | None = (),
                    manifest: Manifest | Mapping[str, Any] | str | None = HAND_MADE) -> Path:
    """``records.jsonl`` and ``manifest.json`` written as given, for damaged or odd runs; returns ``run_dir``.

    Each line is a RunLine (its JSON), a mapping (dumped as it is, a ChartRecord under
    ``record`` as its JSON: a line that need not validate) or a string (written as it is: a
    line that is not JSON); ``lines`` None writes no ``records.jsonl``. ``manifest``: a
    Manifest or mapping is dumped, a string written as it is (a broken manifest), None writes none.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for item in lines or ():
        if isinstance(item, RunLine):
            out.append(json.dumps(item.to_json_dict()))
        elif isinstance(item, Mapping):
            obj = dict(item)
            if isinstance(obj.get("record"), ChartRecord):
                obj["record"] = obj["record"].to_json_dict()
            out.append(json.dumps(obj))
        else:
            out.append(item)
    if lines is not None:
        (run_dir / RECORDS_FILE).write_text("".join(text + "\n" for text in out), encoding="utf-8")
    if isinstance(manifest, Manifest):
        (run_dir / MANIFEST_FILE).write_text(json.dumps(manifest.to_json_dict()), encoding="utf-8")
    elif isinstance(manifest, Mapping):
        (run_dir / MANIFEST_FILE).write_text(json.dumps(dict(manifest)), encoding="utf-8")
    elif isinstance(manifest, str):
        (run_dir / MANIFEST_FILE).write_text(manifest, encoding="utf-8")
    return run_dir


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Each of ``files`` (name -> text, written as UTF-8, or bytes) under ``root``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root
