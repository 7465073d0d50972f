import json

import pandas as pd

from harness.score import (
    EMPTY_RECORD,
    FIELDS,
    HEADLINE,
    OVERALL,
    GoldSet,
    documents_table,
    fields_table,
    long_table,
    report_text,
    score_empty_record,
    score_run,
    summary_table,
    taxonomy_table,
    to_csv,
    to_json,
)
from harness.score.run import Report
from support import cell, grid, panel, record


def report():
    rows, cols = ["train a", "train b"], ["test x", "test y"]
    gold = GoldSet.from_records([
        record("one", [panel(grid(rows, cols), x=cols, y=rows)], title="One"),
        record("two", [panel(grid(["r"], ["c"]))], title="Two"),
    ])
    swapped = record("one", [panel([cell(c.col, c.row, c.value) for c in grid(rows, cols)])], title="One")
    good = score_run({"one": gold.records["one"], "two": gold.records["two"]}, gold, name="good")
    odd = score_run({"one": swapped}, gold, name="odd")
    return Report(gold=gold, runs=[good, odd], baseline=score_empty_record(gold))


def test_fields_table_has_one_column_per_run_and_the_empty_record():
    table = fields_table(report())
    assert list(table.columns) == ["good", "odd", EMPTY_RECORD]
    assert list(table.index) == [*FIELDS, OVERALL]
    assert table.loc[OVERALL, "good"] == 1.0
    assert table.loc[OVERALL, "odd"] == table.loc[list(FIELDS), "odd"].mean()
    assert table.loc["cells", EMPTY_RECORD] == 0.0
    assert 0 < table.loc[OVERALL, EMPTY_RECORD] < 1


def test_summary_reports_headline_and_swapped_count():
    table = summary_table(report())
    assert table.loc[HEADLINE, "good"] == 1.0
    assert table.loc["panels scored swapped", "odd"] == 1
    assert table.loc["not in run", "odd"] == 1
    assert table.loc["documents", "good"] == 2
    assert isinstance(table.loc["documents", "good"], int)


def test_documents_table_flags_swapped_panels():
    table = documents_table(report())
    assert table.loc[("odd", "one"), "swapped panels"] == "0"
    assert table.loc[("good", "one"), "swapped panels"] == ""
    assert table.loc[("odd", "two"), "status"] == "not in run"
    assert table.loc[("good", "two"), OVERALL] == 1.0


def test_taxonomy_table():
    table = taxonomy_table(report())
    assert table.loc[("odd", "cells"), "right"] == 4
    assert table.loc[("odd", "cells"), "no_record"] == 1
    assert table.loc[("odd", "x_axis.categories"), "missing"] == 2


def test_report_text_shows_every_table_and_the_swap():
    text = report_text(report(), by_document=True)
    for expected in (HEADLINE, OVERALL, EMPTY_RECORD, "failure taxonomy", "by document",
                     "odd: one panel 0"):
        assert expected in text


def test_json_export(tmp_path):
    path = tmp_path / "r.json"
    text = to_json(report(), path)
    data = json.loads(path.read_text())
    assert data == json.loads(text)
    assert data["headline"] == HEADLINE
    assert [r["name"] for r in data["runs"]] == ["good", "odd"]
    odd = data["runs"][1]
    assert odd["swapped_panels"] == [{"document": "one", "panel": 0}]
    assert odd["summary"]["panels scored swapped"] == 1
    assert odd["documents"][0]["fields"]["cells"]["right"] == 4
    assert data["empty_record"]["fields"]["cells"] == 0.0


def test_csv_export_is_the_long_table(tmp_path):
    path = tmp_path / "r.csv"
    rep = report()
    to_csv(rep, path)
    table = pd.read_csv(path)
    assert len(table) == 3 * 2 * len(FIELDS)  # (good, odd, empty record) x documents x fields
    assert set(table["run"]) == {"good", "odd", EMPTY_RECORD}
    pivot = table[table.field == "cells"].groupby("run")[["right", "wrong", "missing", "spurious", "no_record"]].sum()
    assert pivot.loc["odd", "right"] == rep.runs[1].cells.right
    assert len(long_table(rep)) == len(table)
