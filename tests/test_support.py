"""The shared test helpers write what the harness reads back, so a test built on them cannot
pass because a helper wrote nothing (or something else)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.record import ChartRecord
from harness.runs import MANIFEST_FILE, RECORDS_FILE, Manifest, RunLine, read_run
from harness.score import load_gold
from support import (
    HAND_MADE,
    RULES_MANIFEST,
    cell_values,
    grid,
    heatmap,
    line,
    panel,
    record,
    with_value,
    without_cell,
    write_files,
    write_gold,
    write_raw_run,
    write_run,
)

ONE = heatmap("one", {("r1", "c1"): 1.0, ("r1", "c2"): 2.0, ("r2", "c1"): 3.0}, title="One", series="S")


def test_builders_make_the_records_they_say() -> None:
    assert ONE.panels[0].x_axis.categories == ["c1", "c2"] and ONE.panels[0].y_axis.categories == ["r1", "r2"]
    assert ONE.panels[0].series == ["S"] and {c.series for c in ONE.panels[0].cells} == {"S"}
    assert cell_values(ONE) == {("r1", "c1"): 1.0, ("r1", "c2"): 2.0, ("r2", "c1"): 3.0}
    assert cell_values(with_value(ONE, "r1", "c2", 9.0))[("r1", "c2")] == 9.0 and cell_values(ONE)[("r1", "c2")] == 2.0
    assert ("r1", "c2") not in cell_values(without_cell(ONE, "r1", "c2"))
    assert [c.value for c in grid(["a", "b"], ["x", "y"], 5)] == [5.0, 6.0, 7.0, 8.0]
    scaled = panel(scale=(None, 0.0, 1.0)).color_scale
    assert scaled is not None and (scaled.min, scaled.max) == (0.0, 1.0)
    assert record("r", chart_type="bar").chart_type == "bar"


def test_write_gold_is_read_back_as_gold(tmp_path: Path) -> None:
    gold_dir = write_gold(tmp_path / "gold", ONE, record("two", [panel(grid(["a"], ["x"]))]))
    write_gold(gold_dir, record("three"), description="## Bar chart: three", suffix=".md")
    write_gold(gold_dir, "{broken", stem="broken")
    write_gold(gold_dir, record("lonely"), description=None)
    gold = load_gold(gold_dir)
    assert gold.ids == ["one", "three", "two"] and gold.records["one"] == ONE
    assert (gold_dir / "one.txt").read_text(encoding="utf-8") == "## Heatmap: one"
    assert gold.descriptions["three"].read_text(encoding="utf-8") == "## Bar chart: three"
    assert sorted(Path(p.split(":")[0]).name for p in gold.problems) == ["broken.json", "lonely.json"]
    with pytest.raises(TypeError):
        write_gold(gold_dir, "{}")  # a string has no id: it needs a stem


def test_write_run_is_what_the_harness_writes(tmp_path: Path) -> None:
    usage = {"calls": 2, "cost_usd": 0.5}
    lines = [line(ONE, usage=usage, elapsed_s=1.5), line(doc_id="two", error="boom"), line(doc_id="three"),
             {"id": "four", "record": record("four"), "sha256": "0" * 64}]
    run_dir = write_run(tmp_path / "run", lines, RULES_MANIFEST)
    back = read_run(run_dir)
    assert back.problems == []
    assert back.records == {"one": ONE, "two": None, "three": None, "four": record("four")}
    assert back.errors == {"two": "boom", "three": "no record"}
    assert back.lines["one"].elapsed_s == 1.5 and back.lines["one"].usage.cost_usd == 0.5
    assert back.lines["four"].sha256 == "0" * 64
    assert back.manifest == Manifest.read(RULES_MANIFEST)
    # Byte for byte what Run.save writes: one RunLine per line, the whole typed manifest.
    written = [json.loads(text) for text in (run_dir / RECORDS_FILE).read_text(encoding="utf-8").splitlines()]
    assert written[0] == RunLine(id="one", record=ONE, elapsed_s=1.5, usage=usage).to_json_dict()
    assert json.loads((run_dir / MANIFEST_FILE).read_text(encoding="utf-8")) == Manifest.read(RULES_MANIFEST).to_json_dict()
    assert read_run(write_run(tmp_path / "default", [line(ONE)])).manifest == HAND_MADE


def test_write_raw_run_writes_lines_and_manifest_as_given(tmp_path: Path) -> None:
    run_dir = write_raw_run(tmp_path / "raw", [line(ONE), "{not json", {"id": "bad", "record": {"panels": 3}}],
                            manifest="{broken")
    text = (run_dir / RECORDS_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["{not json", '{"id": "bad", "record": {"panels": 3}}'] and text.endswith("\n")
    assert (run_dir / MANIFEST_FILE).read_text(encoding="utf-8") == "{broken"
    back = read_run(run_dir)
    assert back.records["one"] == ONE and back.records["bad"] is None
    assert [p.split(": ", 1)[0].rsplit("/", 1)[-1] for p in back.problems] == [
        "records.jsonl:2", "records.jsonl:3", "manifest.json"]
    assert isinstance(json.loads(text.splitlines()[0])["record"], dict)
    bare = write_raw_run(tmp_path / "bare", [{"id": "x", "record": ChartRecord(id="x")}], manifest=None)
    assert not (bare / MANIFEST_FILE).exists() and read_run(bare).records == {"x": ChartRecord(id="x")}
    only_manifest = write_raw_run(tmp_path / "crashed", None, manifest={"status": "running"})
    assert not (only_manifest / RECORDS_FILE).exists()
    assert json.loads((only_manifest / MANIFEST_FILE).read_text(encoding="utf-8")) == {"status": "running"}


def test_write_files(tmp_path: Path) -> None:
    root = write_files(tmp_path / "in", {"a.txt": "Alpha é", "sub/b.bin": b"\x00\x01"})
    assert (root / "a.txt").read_bytes() == "Alpha é".encode() and (root / "sub" / "b.bin").read_bytes() == b"\x00\x01"
