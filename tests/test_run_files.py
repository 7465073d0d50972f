"""Reading a run back: bad lines are reported as file:line, never raised."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from harness.record import ChartRecord
from harness.runs import RECORDS_FILE, read_run
from support import write_raw_run


def test_read_run_reports_bad_lines_with_file_and_line(tmp_path: Path) -> None:
    good = ChartRecord(id="ok", chart_type="bar").to_json_dict()
    rows = [
        json.dumps({"id": "ok", "record": good, "error": None}),
        "this is not json",
        json.dumps(["a list"]),
        json.dumps({"record": good}),
        json.dumps({"id": "bad", "record": {"id": "bad", "chart_type": "donut"}, "error": None}),
        json.dumps({"id": "failed", "record": None, "error": "ValueError: x"}),
        "[" * 200_000,  # hostile: nests deeper than json can follow
        "|" * 1_000_000,
        json.dumps({"id": "renamed", "record": {**good, "id": "else"}, "error": None}),
    ]
    run = write_raw_run(tmp_path / "run", rows, manifest=None)
    path = run / RECORDS_FILE
    back = read_run(run)

    assert back.records["ok"] == ChartRecord(id="ok", chart_type="bar")
    assert back.records["bad"] is None and back.errors["bad"].startswith("invalid record: chart_type")
    assert back.errors["failed"] == "ValueError: x"
    assert back.manifest.model_dump(exclude_unset=True) == {}  # none on disk: nothing stated
    problems = "\n".join(back.problems)
    for line_no, cause in [
        (2, "not JSON"),
        (3, "not a JSON object"),
        (4, 'no "id" string'),
        (5, "record for 'bad' does not validate: chart_type"),
        (7, "not JSON (nested too deeply)"),
        (8, "not JSON"),
        (9, "record id 'else' differs from line id 'renamed'"),
    ]:
        assert f"{path}:{line_no}: {cause}" in problems
    assert f"{run / 'manifest.json'}: missing" in problems


def test_read_run_without_records_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no records.jsonl"):
        read_run(tmp_path)


def test_read_run_takes_the_last_line_for_an_id(tmp_path: Path) -> None:
    run = write_raw_run(tmp_path / "run", [
        {"id": "a", "record": None, "error": "first try failed"},
        {"id": "a", "record": ChartRecord(id="a"), "error": None},
    ], manifest={"status": "complete"})
    back = read_run(run)
    assert back.records["a"] == ChartRecord(id="a") and back.errors == {} and back.problems == []
    assert back.manifest.model_dump(exclude_unset=True) == {"status": "complete"}


# --- the one-pass reading of whole valid lines agrees with the lenient reading -------------

_ODD_LINES = [
    {"id": "a", "record": {"id": "a", "chart_type": "heatmap"}, "error": ""},  # "" error is no error
    {"id": "b", "record": None, "error": "boom", "elapsed_s": "3.5"},  # a number as text: unknown
    {"id": "c", "record": {"id": "other", "chart_type": "bar"}},  # record id differs
    {"id": "d", "record": {"id": "d", "chart_type": "bar", "panels": [
        {"cells": [{"row": "r", "col": "c", "value": "12"}]}]}},  # a value as text (lax: 12.0)
    {"id": "e", "record": None, "error": "x", "path": 7, "sha256": ["no"]},
    {"id": "f", "record": {"id": "f", "chart_type": "bar"}, "elapsed_s": 1.25,
     "usage": {"calls": 2, "input_tokens": "many"}, "path": "in/f.md"},  # valid; usage partly unknown
]


def test_fast_and_lenient_reading_give_the_same_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.runs import run as run_module

    write_raw_run(tmp_path / "r", _ODD_LINES)
    fast = read_run(tmp_path / "r")
    whole_line = run_module._whole_line
    monkeypatch.setattr(run_module, "_whole_line", lambda text: None)  # every line the lenient way
    lenient = read_run(tmp_path / "r")
    monkeypatch.setattr(run_module, "_whole_line", whole_line)
    assert fast.problems == lenient.problems
    assert list(fast.lines) == list(lenient.lines) == list("abcdef")
    for doc_id in fast.lines:
        a, b = fast.lines[doc_id], lenient.lines[doc_id]
        assert (a.record, a.error, a.elapsed_s, a.usage, a.path, a.sha256) == (
            b.record, b.error, b.elapsed_s, b.usage, b.path, b.sha256), doc_id
    # The valid line really took the one-pass path, the odd ones did not.
    assert run_module._whole_line(json.dumps(_ODD_LINES[5])) is not None
    assert all(run_module._whole_line(json.dumps(line)) is None for line in _ODD_LINES[:5])


# --- the scorer's reading (records as plain data) agrees with read_run ---------------------


def _hostile_run(run_dir: Path) -> Path:
    good = ChartRecord(id="ok", chart_type="bar").to_json_dict()
    return write_raw_run(run_dir, [
        *_ODD_LINES,
        json.dumps({"id": "ok", "record": good, "error": None}),
        "this is not json",
        json.dumps(["a list"]),
        json.dumps({"record": good}),
        json.dumps({"id": "bad", "record": {"id": "bad", "chart_type": "donut"}, "error": None}),
        json.dumps({"id": "nan", "record": {"id": "nan", "panels": [{"cells": [
            {"row": "r", "col": "c", "value": 1e400}]}]}}),
        "[" * 200_000,
        json.dumps({"id": "a", "record": None, "error": "written again: the last line wins"}),
        json.dumps({"id": "ok", "record": {**good, "title": "last"}, "error": None}),
        '{"id": "cut", "record": nul',  # a write cut short, without its newline
    ], manifest="{not json")


def test_plain_data_reading_gives_the_same_run_as_read_run(tmp_path: Path) -> None:
    from harness.runs import read_run_data

    run_dir = _hostile_run(tmp_path / "r")
    models, data = read_run(run_dir), read_run_data(run_dir)
    assert data.problems == models.problems and len(data.problems) >= 8
    assert data.errors == models.errors and data.errors["bad"].startswith("invalid record: chart_type")
    assert list(data.records) == list(models.records)
    for doc_id, record in models.records.items():
        got = data.records[doc_id]
        assert (msgspec.to_builtins(got) if got is not None else None) == (
            record.model_dump() if record is not None else None
        ), doc_id
    assert data.name == "r" and data.records["ok"].title == "last"


def test_plain_data_reading_keeps_what_it_is_asked_to(tmp_path: Path) -> None:
    from harness.runs import read_run_data

    run_dir = _hostile_run(tmp_path / "r")
    kept = read_run_data(run_dir, keep=lambda record: ("kept", record.id))
    # every record is kept in that form, the lenient lines' too (d's value was text)
    assert {k: v for k, v in kept.records.items() if v is not None} == {
        doc_id: ("kept", data.id) for doc_id, data in read_run_data(run_dir).records.items() if data is not None
    }
    assert kept.records["d"] == ("kept", "d")


_MORE_ODD_LINES = [
    *_ODD_LINES,
    {"id": "g", "record": {"id": "g", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1, "span": [2, 1]}]}]}},
    {"id": "h", "record": {"id": "h", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1, "span": [0, 4]}]}]},
     "usage": "not usage", "path": 3},  # fields RunData does not hold: the structs skip them
    {"id": "i", "record": {"id": "i", "panels": [{"cells": [{"row": "r", "col": "c", "value": 2**70}]}]},
     "elapsed_s": 1e400},
    {"id": "j", "record": None, "error": None},
    {"id": "k", "record": {"id": "k", "panels": [{"cells": [{"row": "r", "col": "c", "value": True}]}]}},
]


def test_plain_structs_and_the_lenient_path_give_the_same_run_data(tmp_path: Path, monkeypatch) -> None:
    from harness.runs import read_run_data
    from harness.runs import run as run_module

    write_raw_run(tmp_path / "r", _MORE_ODD_LINES)
    fast = read_run_data(tmp_path / "r")
    monkeypatch.setattr(run_module, "_whole_line_data", lambda text: None)  # every line the lenient way
    lenient = read_run_data(tmp_path / "r")
    assert (fast.problems, fast.errors, list(fast.records)) == (lenient.problems, lenient.errors, list(lenient.records))
    assert msgspec.to_builtins(fast.records) == msgspec.to_builtins(lenient.records)
    assert fast.records["h"] is not None and fast.records["g"] is None and fast.records["k"].panels[0].cells[0].value == 1.0


@pytest.mark.parametrize("run_dir", sorted(p.parent for p in (Path(__file__).resolve().parent.parent / "runs").rglob(RECORDS_FILE)),
                         ids=lambda p: p.name)
def test_committed_runs_read_the_same_as_plain_structs(run_dir: Path) -> None:
    from harness.runs import read_run_data

    models, data = read_run(run_dir), read_run_data(run_dir)
    assert (data.problems, data.errors, list(data.records)) == (models.problems, models.errors, list(models.records))
    for doc_id, record in models.records.items():
        got = data.records[doc_id]
        assert (msgspec.to_builtins(got) if got is not None else None) == (
            record.model_dump() if record is not None else None
        ), doc_id
