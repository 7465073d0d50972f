"""Running an extractor over documents, and reading the run back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness import __version__
from harness.extract import BaseExtractor
from harness.inputs import Document, discover_documents
from harness.record import Axis, Cell, ChartRecord, Panel
from harness.runs import RECORDS_FILE, read_run
from harness.runs.execute import RunConflict, extract_one, run_extraction
from support import write_files


class FakeExtractor(BaseExtractor):
    """Stands in for the rule extractor: one cell per document, the text's length as its value.

    A text containing RAISE raises ValueError, STOP raises KeyboardInterrupt.
    """

    name = "fake"

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.calls: list[str] = []

    def describe(self) -> dict[str, Any]:
        return {"version": 1, "model": self.model, "prompt_name": None, "prompt_hash": None}

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        self.calls.append(doc_id)
        if "RAISE" in text:
            raise ValueError("cannot read\nthis table")
        if "STOP" in text:
            raise KeyboardInterrupt
        label = text.split("\n", 1)[0]
        cell = Cell(row=label, col="c", value=float(len(text)))
        panel = Panel(x_axis=Axis(categories=["c"]), y_axis=Axis(categories=[label]), cells=[cell])
        return ChartRecord(id=doc_id, chart_type="heatmap", title=label, panels=[panel])


class Errors:
    """Collects what run_extraction reports, in place of stderr."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, where: str, cause: str) -> None:
        self.seen.append((where, cause))


def jsonl(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / RECORDS_FILE).read_text(encoding="utf-8").split("\n") if line]


def manifest(run: Path) -> dict[str, Any]:
    return json.loads((run / "manifest.json").read_text(encoding="utf-8"))


def test_every_line_validates_and_the_manifest_says_how(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "Alpha\n1", "b.md": "Beta\n22", "g.json": "{}"})
    run = tmp_path / "run"
    extractor = FakeExtractor(model="m-1")
    summary = run_extraction(discover_documents([inputs]), extractor, run, inputs=[str(inputs)])

    assert (summary.status, summary.documents, summary.ok, summary.failed, summary.skipped) == ("complete", 2, 2, 0, 0)
    assert summary.line() == f"2 documents: 2 ok, 0 failed -> {run}"
    lines = jsonl(run)
    assert [line["id"] for line in lines] == ["a", "b"]
    for line in lines:
        # Measured inside the run, so within its wall time; the fake extractor reports no usage.
        assert line["error"] is None and isinstance(line["elapsed_s"], float)
        assert 0 <= line["elapsed_s"] <= summary.elapsed_s + 1e-6
        assert line["usage"] is None
        assert ChartRecord.model_validate(line["record"]).id == line["id"]
    assert lines[1]["record"]["panels"][0]["cells"][0] == {"row": "Beta", "col": "c", "series": None, "value": 7.0}

    meta = manifest(run)
    assert meta["status"] == "complete"
    assert meta["extractor"] == {"name": "fake", "version": 1, "model": "m-1", "prompt_name": None, "prompt_hash": None}
    assert meta["model"] == "m-1" and meta["prompt_name"] is None and meta["prompt_hash"] is None
    assert meta["harness_version"] == __version__
    assert meta["inputs"] == [str(inputs)]
    assert meta["started_at"].endswith("+00:00") and meta["ended_at"] >= meta["started_at"]
    totals = meta["totals"]
    assert (totals["documents"], totals["ok"], totals["failed"], totals["skipped"]) == (2, 2, 0, 0)
    assert totals["elapsed_s"] == round(summary.elapsed_s, 3)
    assert meta["usage"] is None  # no line has usage


def test_bad_inputs_give_error_lines_and_the_rest_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = write_files(
        tmp_path / "one",
        {
            "empty.txt": "",
            "good.txt": "Good\n1",
            "latin1.txt": b"caf\xe9",
            "nul.md": b"x\x00y",
            "raises.txt": "RAISE please",
            "space.md": " \n\n ",
        },
    )
    (one / "big.txt").write_bytes(b"|" * 1_000_001)
    two = write_files(tmp_path / "two", {"good.md": "Other good\n2"})
    docs = discover_documents([one, tmp_path / "missing.txt", two])
    run = tmp_path / "run"
    summary = run_extraction(docs, FakeExtractor(), run)  # default reporter: stderr

    expected = {
        "big": "too large (1,000,001 bytes; the limit is 1,000,000)",
        "empty": "empty file",
        "latin1": "not UTF-8 (byte 0xe9 at offset 3)",
        "nul": "binary content (NUL byte at offset 1)",
        "raises": "ValueError: cannot read this table",
        "space": "only whitespace",
        "missing": "no such file",
    }
    by_id = {line["id"]: line for line in jsonl(run)}
    assert {i: line["error"] for i, line in by_id.items() if line["error"]} == expected
    assert by_id["good"]["record"]["title"] == "Good"
    # The duplicate id is reported and counted but not written: the id's line belongs to the first file.
    assert len(by_id) == 8
    assert (summary.documents, summary.ok, summary.failed) == (9, 1, 8)

    stderr = capsys.readouterr().err.splitlines()
    for doc_id, cause in expected.items():
        path = next(str(d.path) for d in docs if d.id == doc_id)
        assert f"harness: {path}: {cause}" in stderr
    assert f"harness: {two / 'good.md'}: duplicate id 'good' (already read from {one / 'good.txt'})" in stderr
    assert len(stderr) == 8  # one line per failure, no progress bar when stderr is not a terminal
    assert manifest(run)["rejected"][0]["path"] == str(two / "good.md")


def test_extractor_mistakes_become_errors(tmp_path: Path) -> None:
    class WrongType(FakeExtractor):
        def extract(self, doc_id: str, text: str) -> Any:
            return {"id": doc_id}

    class WrongId(FakeExtractor):
        def extract(self, doc_id: str, text: str) -> ChartRecord:
            return ChartRecord(id="other")

    doc = Document(id="d", path=tmp_path / "d.txt", text="text")
    assert extract_one(doc, WrongType()).error == "TypeError: extractor returned dict, not a ChartRecord"
    assert extract_one(doc, WrongId()).error == "ValueError: extractor returned a record with id 'other', expected 'd'"
    ok = extract_one(doc, FakeExtractor())
    assert ok.record is not None and ok.error is None and ok.sha256 == doc.sha256


def test_resume_skips_done_documents_and_retries_failed_ones(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A", "b.txt": "RAISE", "c.txt": "C"})
    run = tmp_path / "run"
    first = run_extraction(discover_documents([inputs]), FakeExtractor(), run, on_error=Errors())
    assert (first.ok, first.failed) == (2, 1)

    (inputs / "b.txt").write_text("B fixed")
    again = FakeExtractor()
    second = run_extraction(discover_documents([inputs]), again, run, on_error=Errors())
    assert again.calls == ["b"]
    assert (second.ok, second.failed, second.skipped) == (1, 0, 2)
    assert "2 already done" in second.line()
    lines = jsonl(run)
    assert sorted(line["id"] for line in lines) == ["a", "b", "c"]  # each id once
    assert all(line["record"] is not None for line in lines)
    assert manifest(run)["totals"]["skipped"] == 2


def test_force_redoes_everything_and_keeps_each_id_once(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"})
    run = tmp_path / "run"
    run_extraction(discover_documents([inputs]), FakeExtractor(), run)
    (inputs / "a.txt").write_text("A, longer now")
    again = FakeExtractor()
    summary = run_extraction(discover_documents([inputs]), again, run, force=True)
    assert again.calls == ["a", "b"] and summary.skipped == 0
    lines = jsonl(run)
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["record"]["panels"][0]["cells"][0]["value"] == len("A, longer now")


def test_a_changed_description_is_redone_without_force(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B"})
    run = tmp_path / "run"
    run_extraction(discover_documents([inputs]), FakeExtractor(), run)
    (inputs / "b.txt").write_text("B edited")
    again = FakeExtractor()
    run_extraction(discover_documents([inputs]), again, run)
    assert again.calls == ["b"]


def test_a_truncated_last_line_is_dropped_and_redone(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A", "b.txt": "B", "c.txt": "C"})
    run = tmp_path / "run"
    run_extraction(discover_documents([inputs]), FakeExtractor(), run)
    records = run / RECORDS_FILE
    whole = records.read_bytes()
    cut = whole[: whole.rindex(b"\n", 0, len(whole) - 1) + 1 + 25]  # killed 25 bytes into the last line
    records.write_bytes(cut)

    back = read_run(run)
    assert sorted(back.records) == ["a", "b"]
    assert back.problems == [f"{records}:3: truncated last line (a write cut short)"]

    # What is on disk mid-run must already be sound: the next kill may come at any moment.
    on_disk_mid_run: list[Any] = []

    class Peeking(FakeExtractor):
        def extract(self, doc_id: str, text: str) -> ChartRecord:
            if doc_id == "d":
                mid = read_run(run)
                on_disk_mid_run.append((sorted(mid.records), mid.problems))
            return super().extract(doc_id, text)

    (inputs / "d.txt").write_text("D")
    errors = Errors()
    again = Peeking()
    run_extraction(discover_documents([inputs]), again, run, on_error=errors)
    assert again.calls == ["c", "d"]
    assert errors.seen == [(f"{records}:3", "truncated last line (a write cut short); dropped")]
    assert on_disk_mid_run == [(["a", "b", "c"], [])]
    assert [line["id"] for line in jsonl(run)] == ["a", "b", "c", "d"]
    assert read_run(run).problems == []


def test_lines_are_flushed_as_they_are_done(tmp_path: Path) -> None:
    run = tmp_path / "run"
    seen_on_disk: list[list[str]] = []

    class Peeking(FakeExtractor):
        def extract(self, doc_id: str, text: str) -> ChartRecord:
            path = run / RECORDS_FILE
            seen_on_disk.append([line["id"] for line in jsonl(run)] if path.exists() else [])
            status = manifest(run)["status"]
            assert status == "running"
            return super().extract(doc_id, text)

    docs = [Document(id=i, path=tmp_path / f"{i}.txt", text=i) for i in ("a", "b", "c")]
    run_extraction(docs, Peeking(), run)
    assert seen_on_disk == [[], ["a"], ["a", "b"]]


def test_ctrl_c_stops_cleanly_and_the_next_run_finishes(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A", "b.txt": "STOP", "c.txt": "C"})
    run = tmp_path / "run"
    summary = run_extraction(discover_documents([inputs]), FakeExtractor(), run)
    assert (summary.status, summary.ok, summary.pending) == ("interrupted", 1, 2)
    assert "2 not reached (interrupted)" in summary.line()
    meta = manifest(run)
    assert meta["status"] == "interrupted" and meta["totals"]["pending"] == 2
    assert [line["id"] for line in jsonl(run)] == ["a"]

    (inputs / "b.txt").write_text("B")
    again = FakeExtractor()
    assert run_extraction(discover_documents([inputs]), again, run).status == "complete"
    assert again.calls == ["b", "c"]


def test_another_extractor_cannot_resume_without_force(tmp_path: Path) -> None:
    inputs = write_files(tmp_path / "in", {"a.txt": "A"})
    old = tmp_path / "in-old"
    write_files(old, {"zz.txt": "Z"})
    run = tmp_path / "run"
    run_extraction(discover_documents([inputs, old]), FakeExtractor(model="m-1"), run)
    with pytest.raises(RunConflict, match="another model: 'm-1'"):
        run_extraction(discover_documents([inputs]), FakeExtractor(model="m-2"), run)
    # Force starts afresh: no line made by the other model stays behind.
    run_extraction(discover_documents([inputs]), FakeExtractor(model="m-2"), run, force=True)
    assert [line["id"] for line in jsonl(run)] == ["a"]
    assert manifest(run)["model"] == "m-2"


def test_unusual_characters_survive_the_round_trip(tmp_path: Path) -> None:
    # U+2028 and U+0085 are line breaks to str.splitlines but not to JSON Lines.
    label = "left\u2028right\x85end \U0001f600"
    docs = [Document(id="u", path=tmp_path / "u.txt", text=label + "\nrest")]
    run = tmp_path / "run"
    run_extraction(docs, FakeExtractor(), run)
    back = read_run(run)
    assert back.problems == []
    assert back.records["u"] is not None and back.records["u"].title == label

    class Surrogate(FakeExtractor):
        def extract(self, doc_id: str, text: str) -> ChartRecord:
            return ChartRecord(id=doc_id, title="bad \udc80 half")

    run_extraction([Document(id="s", path=tmp_path / "s.txt", text="x")], Surrogate(), tmp_path / "run2")
    assert read_run(tmp_path / "run2").records["s"].title == "bad \udc80 half"


def test_progress_bar_can_be_forced_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = [Document(id=str(i), path=tmp_path / f"{i}.txt", text="x") for i in range(3)]
    run_extraction(docs, FakeExtractor(), tmp_path / "on", progress=True)
    assert "doc/s" in capsys.readouterr().err
    run_extraction(docs, FakeExtractor(), tmp_path / "off", progress=False)
    assert capsys.readouterr().err == ""


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from harness.extract import BaseExtractor
from harness.inputs import Document
from harness.record import ChartRecord
from harness.runs.execute import run_extraction

class KilledOnThird(BaseExtractor):
    name = "fake"
    def __init__(self):
        self.n = 0
    def describe(self):
        return {}
    def extract(self, doc_id, text):
        self.n += 1
        if self.n == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return ChartRecord(id=doc_id, title=text)

docs = [Document(id=i, path=Path(i + ".txt"), text=i) for i in "abcde"]
run_extraction(docs, KilledOnThird(), sys.argv[1])
"""


def test_a_killed_process_loses_nothing_already_done(tmp_path: Path) -> None:
    import subprocess
    import sys

    run = tmp_path / "run"
    done = subprocess.run([sys.executable, "-c", KILLED_RUN, str(run)], capture_output=True, timeout=60)
    assert done.returncode == -9
    back = read_run(run)
    assert sorted(back.records) == ["a", "b"] and back.problems == []
    assert back.manifest.status == "running"  # the manifest tells a reader the run never finished

    docs = [Document(id=i, path=tmp_path / f"{i}.txt", text=i) for i in "abcde"]
    again = FakeExtractor()
    summary = run_extraction(docs, again, run)
    assert again.calls == ["c", "d", "e"] and summary.skipped == 2
