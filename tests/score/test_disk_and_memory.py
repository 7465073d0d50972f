"""Scoring from files (gold and run read as plain data, no model per cell) gives exactly the
scores of the same records held in memory as ChartRecords, on perturbed and hostile inputs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from harness.record import ChartRecord
from harness.runs import read_run
from harness.score import (
    GoldSet,
    documents_table,
    fields_table,
    literature_table,
    load_gold,
    score_runs,
    summary_table,
    taxonomy_table,
)
from support import line, write_gold, write_raw_run, write_run

GOLD_DIR = Path(__file__).resolve().parents[2] / "gold"


def _restyled(label: str, rng: random.Random) -> str:
    return rng.choice([label, label.upper(), f"**{label}**", label.replace(" ", ""), label.replace(" ", "\\_"),
                       f" {label}. ", label.split(" ")[0]])


def _perturbed(gold: ChartRecord, rng: random.Random) -> ChartRecord:
    data = gold.model_dump()
    for panel in data["panels"]:
        cells = []
        for c in panel["cells"]:
            roll = rng.random()
            if roll < 0.1:
                continue
            if roll < 0.25:
                c["value"] = c["value"] * 1.02 + rng.choice([0, 0.5])
            c["row"], c["col"] = _restyled(c["row"], rng), _restyled(c["col"], rng)
            cells.append(c)
            if rng.random() < 0.1:
                cells.append({**c, "value": c["value"] + rng.choice([0, 3])})
        if rng.random() < 0.15:
            cells = [{**c, "row": c["col"], "col": c["row"]} for c in cells]
        if rng.random() < 0.3:
            cells.append({"row": "Nowhere", "col": "x", "series": None, "value": 0.0})
        panel["cells"] = cells
        panel["x_axis"]["categories"] = [_restyled(c, rng) for c in panel["x_axis"]["categories"]]
        if rng.random() < 0.2:
            panel["color_scale"] = None
    if data["panels"] and rng.random() < 0.1:
        data["panels"].pop()
    return ChartRecord.model_validate(data)


def _tables(report) -> list:
    return [fields_table(report), summary_table(report), taxonomy_table(report), literature_table(report),
            documents_table(report, literature=True)]


@pytest.mark.parametrize("seed", range(3))
def test_the_gold_set_and_a_run_score_the_same_from_files_and_in_memory(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    gold = load_gold(GOLD_DIR)
    in_memory_gold = GoldSet.from_records([gold.records[doc_id] for doc_id in gold.ids])
    lines = []
    for doc_id in gold.ids:
        roll = rng.random()
        if roll < 0.05:
            continue  # not in the run
        if roll < 0.1:
            lines.append(line(doc_id=doc_id, error="timeout"))
        else:
            lines.append(line(_perturbed(gold.records[doc_id], rng)))
    lines.append(line(ChartRecord(id="not_in_gold")))
    write_run(tmp_path / "run", lines)

    from_files = score_runs([tmp_path / "run"], GOLD_DIR)
    in_memory = score_runs([read_run(tmp_path / "run")], in_memory_gold)
    assert from_files.runs[0].documents == in_memory.runs[0].documents
    assert from_files.baseline.documents == in_memory.baseline.documents
    assert from_files.runs[0].records_without_gold == ["not_in_gold"]
    for a, b in zip(_tables(from_files), _tables(in_memory)):
        assert a.equals(b)
    assert from_files.runs[0].swapped_panels  # the perturbations did reach the swap


def test_hostile_files_score_the_same_as_their_records(tmp_path: Path) -> None:
    gold_dir = write_gold(
        tmp_path / "gold",
        {"id": "a", "panels": [{"cells": [{"row": "R 1", "col": "C", "value": 1},  # an int: 1.0
                                           {"row": "R 1", "col": "C", "value": 2}]}]},  # stated twice
        {"id": "b", "chart_type": "bar", "panels": [], "unknown": {"kept": False}},
        {"id": "c", "panels": [{"cells": [{"row": "r", "col": "c", "value": "3.5"}]}]},  # lax: text number
    )
    write_gold(gold_dir, {"id": "d"})  # no panels: refused, as before
    write_gold(gold_dir, '{"id": "e", "panels": [', stem="e")
    write_raw_run(tmp_path / "run", [
        {"id": "a", "record": {"id": "a", "panels": [{"cells": [{"row": "r1", "col": "c", "value": "1"}]}]}},
        {"id": "b", "record": {"id": "b", "chart_type": "donut"}},
        json.dumps({"id": "c", "record": {"id": "c", "panels": [{"cells": [
            {"row": "R", "col": "C", "value": 3.5, "span": [2, 1]}]}]}}),
        "not json",
    ])
    from_files = score_runs([tmp_path / "run"], gold_dir)
    gold = load_gold(gold_dir)
    in_memory = score_runs([read_run(tmp_path / "run")], GoldSet.from_records([gold.records[i] for i in gold.ids]))
    assert from_files.runs[0].documents == in_memory.runs[0].documents
    assert from_files.runs[0].problems == in_memory.runs[0].problems
    assert [p.split(": ", 1)[1] for p in from_files.gold.problems] == [
        "field panels.0: ('r 1', 'c', ''): cell stated twice; the first value is the gold one",
        "field panels: required in a gold record (write [] for a chart with no panels); skipped",
        "not valid JSON: EOF while parsing a list at line 1 column 23; skipped",
    ]
    assert gold.records["c"].panels[0].cells[0].value == 3.5
