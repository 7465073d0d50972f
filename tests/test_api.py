"""The notebook API: extract, score, compare and report in memory, the same figures as the files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import harness
from harness.runs import Run, read_run
from harness.score import score_runs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "gold" / "seeds"


def test_the_flow_in_memory_matches_the_flow_on_disk(tmp_path: Path) -> None:
    gold = harness.load_gold(SEEDS)
    texts = gold.texts()
    assert sorted(texts) == gold.ids and len(texts) == 5
    run = harness.extract(texts, extractor="rules")
    assert isinstance(run, Run) and run.dir is None and sorted(run.records) == gold.ids
    assert run.manifest.status == "complete" and run.manifest.extractor_details["name"] == "rules"

    scores = harness.score(run, gold)
    on_disk = harness.extract(SEEDS, extractor="rules", out=tmp_path / "rules")
    assert on_disk.dir == tmp_path / "rules"
    from_files = score_runs([tmp_path / "rules"], SEEDS)
    assert scores.cells_f1 == from_files.cells_f1 == 1.0
    table = scores.table()
    assert isinstance(table, pd.DataFrame) and table.loc["cells"].iloc[0] == 1.0

    saved = run.save(tmp_path / "saved")
    back = read_run(saved)
    assert back.records == run.records and back.manifest.status == "complete"
    assert harness.score(saved, SEEDS).cells_f1 == scores.cells_f1


def test_compare_names_the_flipped_cells_and_the_interval(tmp_path: Path) -> None:
    gold = harness.load_gold(SEEDS)
    base = harness.extract(gold.texts(), extractor="rules")
    worse = harness.extract(gold.texts(), extractor="rules")
    doc_id = gold.ids[0]
    record = worse.records[doc_id].model_copy(deep=True)
    dropped = record.panels[0].cells.pop(0)
    worse.records[doc_id] = record
    diff = harness.compare(base, worse, gold)
    assert diff.deltas["cells"] < 0
    assert [(c.change, c.document, c.row, c.col) for c in diff.flipped] == [
        ("broken", doc_id, dropped.row, dropped.col)
    ]
    assert diff.intervals["cells F1 (micro)"].estimate < 0

    page = harness.report(worse, gold, tmp_path / "report.html")
    assert page.is_file() and "harness report" in page.read_text(encoding="utf-8")


def test_extract_takes_a_dict_documents_or_paths() -> None:
    text = (SEEDS / f"{harness.load_gold(SEEDS).ids[0]}.txt").read_text(encoding="utf-8")
    by_dict = harness.extract({"mine": text})
    by_path = harness.extract([SEEDS / f"{harness.load_gold(SEEDS).ids[0]}.txt"])
    (record,) = by_dict.records.values()
    assert record.id == "mine"
    assert [r.panels for r in by_path.records.values()] == [record.panels]
    with pytest.raises(TypeError, match="unknown setting"):
        harness.extract({"mine": text}, promt="default")


def test_a_bad_text_is_an_error_line_not_an_exception() -> None:
    run = harness.extract({"ok": "## Heatmap: T", "bad": 3})  # type: ignore[dict-item]
    assert run.records["ok"] is not None and run.records["bad"] is None
    assert "not a string" in run.errors["bad"]
