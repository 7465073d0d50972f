"""frame_text lays the report's tables out as pandas prints them, without pandas.

``harness score`` prints its tables through frame_text; these tests hold it to
``DataFrame.to_string()`` on the report's own tables and on hostile labels and values.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from harness.score import load_gold, score_runs
from harness.score.frame_text import frame_text
from harness.score.tables import (
    _columns_text,
    _documents_content,
    _fields_content,
    _formatted,
    _literature_content,
    _rows_text,
    _summary_content,
    _taxonomy_content,
    documents_table,
    fields_table,
    literature_table,
    summary_table,
    taxonomy_table,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ["", " ", "  lead", "trail  ", "tab\there", "new\nline", "cr\rx", "ünïcödé", "数据集", "x" * 70,
           "7", "-1", "nan", "None", "a  b", "é" * 3, "back\\slash", "'quoted'", "\u2028sep"]


def _pandas_and_ours(report, literature: bool) -> list[tuple[str, str]]:
    rows, columns = _documents_content(report, literature)
    taxonomy = _taxonomy_content(report)
    pairs = [
        (_formatted(summary_table(report)), _columns_text("measure", _summary_content(report), None, None)),
        (_formatted(fields_table(report)), _columns_text("field", _fields_content(report), list(fields_table(report).index),
                                                         None)),
        (taxonomy_table(report).to_string(), _rows_text(taxonomy, [name for name in taxonomy[0] if name not in ("run", "field")],
                                                        ["run", "field"], None, ints=True)),
        (_formatted(documents_table(report, literature=literature)),
         _rows_text(rows, columns, ["run", "document"], None)),
    ]
    if literature:
        pairs.append((_formatted(literature_table(report)), _columns_text("metric", _literature_content(report), None, None)))
    return pairs


@pytest.mark.parametrize("literature", [False, True])
def test_the_committed_runs_tables_read_as_pandas_prints_them(literature: bool) -> None:
    runs = sorted(p for p in (ROOT / "runs").iterdir() if (p / "records.jsonl").is_file())
    report = score_runs(runs[:3], load_gold(ROOT / "gold"))
    for theirs, ours in _pandas_and_ours(report, literature):
        assert ours == theirs


def test_hostile_names_read_as_pandas_prints_them(tmp_path: Path) -> None:
    import json

    from support import write_gold, write_raw_run

    rng = random.Random(1)
    gold_dir = tmp_path / "gold"
    ids = ["a", "ünï", "x" * 60, "7", "b c"]
    for doc_id in ids:
        write_gold(gold_dir, {"id": doc_id, "panels": [{"cells": [{"row": "r", "col": "c", "value": 1}]}]})
    runs = []
    for name in [" lead", "tab\there", "数据"]:
        lines = [{"id": doc_id, "record": None, "error": rng.choice(HOSTILE)} for doc_id in ids[:3]]
        lines.append(json.dumps({"id": ids[3], "record": {"id": ids[3], "panels": []}}))
        runs.append(write_raw_run(tmp_path / name, lines))
    report = score_runs(runs, gold_dir)
    for theirs, ours in _pandas_and_ours(report, literature=False):
        assert ours == theirs


def _random_text(rng: random.Random) -> str:
    return rng.choice(HOSTILE + ["run", "a", "field name", "0.500", "12"]) + rng.choice(["", "", " x", "\t"])


@pytest.mark.parametrize("seed", range(200))
def test_random_tables_read_as_pandas_prints_them(seed: int) -> None:
    rng = random.Random(seed)
    levels = rng.choice([1, 2])
    n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 4)
    index_names = [rng.choice(["run", "document", "field", "measure", " x"]) for _ in range(levels)]
    if len(set(index_names)) < levels:
        index_names = ["run", "document"][:levels]
    columns = [c for c in dict.fromkeys(_random_text(rng) for _ in range(n_cols)) if c not in index_names] or ["c"]
    ints = rng.random() < 0.3
    index = [tuple(rng.choice(["a", "a", "b", " c", "  d", "e\tf"]) if level == 0 else _random_text(rng)
                   for level in range(levels)) for _ in range(n_rows)]
    if ints:
        rows = [[rng.randint(0, 10 ** rng.randint(0, 6)) for _ in columns] for _ in index]
    else:
        rows = [[rng.choice([_random_text(rng), rng.randint(0, 99999), f"{rng.random():.3f}", "nan"]) for _ in columns]
                for _ in index]
    frame = pd.DataFrame(rows, columns=columns)
    for level, name in enumerate(index_names):
        frame[name] = [key[level] for key in index]
    frame = frame.set_index(index_names)
    if not ints:
        frame = frame.astype(object)
    ours = frame_text(index_names, index, columns, rows, int_columns=frozenset(range(len(columns))) if ints else frozenset())
    assert ours == frame.to_string(), (index_names, index, columns, rows)


def test_an_empty_table_is_left_to_pandas() -> None:
    assert frame_text(["run", "document"], [], ["a"], []) is None
    assert frame_text(["field"], [("a",)], [], [[]]) is None
