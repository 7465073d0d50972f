"""The llm and hybrid extractors wired to a scripted model (no server, no network).

The scripted model answers like a careful reader would: it picks the phrases the
gold answer expects and copies numbers in slot order from the lines it is given, so
these tests check the plumbing (prompts, schemas, grouping, grounding, records,
usage), not the model.
"""

from __future__ import annotations

import typing

import pytest

from harness.extract import BaseExtractor
from harness.extract.model.hybrid import HybridExtractor, frames_from_record, known_cells
from harness.extract.model.llm import LLMExtractor
from harness.extract.model.slices import numbers_in
from harness.llm.failures import LLMCallError
from harness.llm.usage import CallRecord
from harness.record import Axis, Cell, ChartRecord, Panel

TEXT = """## Heatmap: Transfer Matrix
### Components/Axes
* **X-axis:** Target: A, B
* **Y-axis:** Source: A, B
### Detailed Analysis
* A to A: 10.5%
* A to B: 20.5%
* B to A: 30.5%
* B to B: 40.5%
"""


def _choices(model, field: str) -> list[str]:
    annotation = model.model_fields[field].annotation
    for arg in typing.get_args(annotation) or (annotation,):
        values = typing.get_args(arg)
        if values and all(isinstance(v, str) for v in values):
            return list(values)
    return []


class ScriptedClient:
    def __init__(self, fail_steps: tuple[str, ...] = ()) -> None:
        self.steps: list[str] = []
        self.fail_steps = fail_steps

    def complete(self, response_model, messages, *, step, max_tokens=None, usage=None):
        self.steps.append(step)
        if usage is not None:
            usage.add(CallRecord(step=step, input_tokens=10, output_tokens=2, latency_s=0.01))
        if step in self.fail_steps:
            raise LLMCallError(step, "answer cut at max_tokens=1 (finish_reason=length)")
        fields = response_model.model_fields
        if step == "header":
            return response_model(title="Transfer Matrix", chart_type="heatmap")
        if step == "axis":
            return response_model(title=None, first_tick="A", last_tick="B")
        if step == "axis_list":
            return response_model(title=None, tick_labels=["A", "B"])
        if step == "cells":
            numbers = [v for v in numbers_in(messages[-1]["content"])]
            values = {name: numbers[i] for i, name in enumerate(fields) if i < len(numbers)}
            return response_model(**values)
        if step == "keys":
            return response_model(key=_choices(response_model, "key")[0])
        # legend, colour, panels: nothing to report
        return response_model()


class ScriptedSession:
    def __init__(self, client: ScriptedClient) -> None:
        self._client = client
        self.closed = False

    def client(self) -> ScriptedClient:
        return self._client

    def close(self) -> None:
        self.closed = True

    def describe(self) -> dict:
        return {"model": "scripted", "endpoint_kind": "test"}


def test_llm_extractor_builds_a_record_from_model_answers_only():
    client = ScriptedClient()
    with LLMExtractor(ScriptedSession(client)) as extractor:
        record, usage = extractor.extract_with_usage("doc", TEXT)
    assert record.title == "Transfer Matrix" and record.chart_type == "heatmap"
    panel = record.panels[0]
    assert panel.x_axis.categories == ["A", "B"] and panel.y_axis.categories == ["A", "B"]
    cells = {(c.row, c.col): c.value for c in panel.cells}
    assert cells == {("A", "A"): 10.5, ("A", "B"): 20.5, ("B", "A"): 30.5, ("B", "B"): 40.5}
    assert usage.calls == len(client.steps) and client.steps.count("cells") == 2
    assert extractor.usage_by_doc["doc"] is usage
    description = extractor.describe()
    assert description["extractor"] == "llm" and description["prompt"] == "default"
    assert len(description["prompt_sha256"]) == 64


def test_a_failed_step_is_noted_and_the_rest_goes_on():
    with LLMExtractor(ScriptedSession(ScriptedClient(fail_steps=("header",)))) as extractor:
        record = extractor.extract("doc", TEXT)
    assert record.title is None
    assert "header: answer cut at max_tokens=1" in (record.notes or "")
    assert len(record.panels[0].cells) == 4


def test_transport_failure_stops_the_document():
    class Down(ScriptedClient):
        def complete(self, *args, step, **kwargs):
            raise LLMCallError(step, "transport failed after 5 attempt(s)", transport=True)

    with pytest.raises(LLMCallError, match="transport failed"):
        LLMExtractor(ScriptedSession(Down())).extract("doc", TEXT)


def _rule_record(cells: list[Cell]) -> ChartRecord:
    panel = Panel(x_axis=Axis(label="Target", categories=["A", "B"]), y_axis=Axis(label="Source", categories=["A", "B"]), cells=cells)
    return ChartRecord(id="doc", chart_type="heatmap", title="Transfer Matrix", panels=[panel])


class FixedRules(BaseExtractor):
    def __init__(self, record: ChartRecord) -> None:
        self.record = record

    def extract(self, doc_id, text):
        return self.record

    def describe(self):
        return {"extractor": "fixed"}


def test_hybrid_fill_keeps_rule_cells_and_only_asks_for_empty_slots():
    rules = FixedRules(_rule_record([Cell(row="A", col="A", value=10.5), Cell(row="A", col="B", value=20.5)]))
    client = ScriptedClient()
    with HybridExtractor(ScriptedSession(client), rules=rules, policy="fill") as extractor:
        record = extractor.extract("doc", TEXT)
    cells = {(c.row, c.col): c.value for c in record.panels[0].cells}
    assert cells == {("A", "A"): 10.5, ("A", "B"): 20.5, ("B", "A"): 30.5, ("B", "B"): 40.5}
    assert client.steps == ["cells"]  # row A was complete: no call for it
    assert "model added 2 cell(s)" in record.notes


def test_hybrid_check_reports_disagreement_and_keeps_the_rules_value():
    rules = FixedRules(_rule_record([Cell(row="A", col="B", value=99.0)]))
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=rules, policy="check") as extractor:
        record = extractor.extract("doc", TEXT)
    cells = {(c.row, c.col): c.value for c in record.panels[0].cells}
    assert cells[("A", "B")] == 99.0
    assert "model disagrees on A/B: rules 99, model 20.5" in record.notes


def test_hybrid_check_adds_cells_only_for_keys_the_rules_found_no_value_for():
    # The rules read A/A and B/B: every row and column has a value, so the empty A/B and
    # B/A slots stay empty. With only A/A read, column B and row B are keys without values:
    # the model's grounded A/B, B/A and B/B are added.
    both = FixedRules(_rule_record([Cell(row="A", col="A", value=10.5), Cell(row="B", col="B", value=40.5)]))
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=both, policy="check") as extractor:
        record = extractor.extract("doc", TEXT)
    assert {(c.row, c.col) for c in record.panels[0].cells} == {("A", "A"), ("B", "B")}
    one = FixedRules(_rule_record([Cell(row="A", col="A", value=10.5)]))
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=one, policy="check") as extractor:
        record = extractor.extract("doc", TEXT)
    assert {(c.row, c.col): c.value for c in record.panels[0].cells} == {
        ("A", "A"): 10.5, ("A", "B"): 20.5, ("B", "A"): 30.5, ("B", "B"): 40.5,
    }


def test_hybrid_check_adds_nothing_to_a_panel_where_the_rules_read_no_value():
    # The rules found the frame but no value: the text may state none, and a number the
    # model puts there is more often a legend index or a count than a cell.
    empty = FixedRules(_rule_record([]))
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=empty, policy="check") as extractor:
        record = extractor.extract("doc", TEXT)
    assert record.panels[0].cells == [] and "model added 0 cell(s)" in record.notes
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=empty, policy="fill") as extractor:
        assert len(extractor.extract("doc", TEXT).panels[0].cells) == 4  # fill trusts the model


def test_hybrid_check_keeps_a_model_cell_only_where_a_line_keyed_by_it_states_the_value():
    from harness.extract.model.hybrid import stated_lines

    text = """## Heatmap: Scores
* **X-axis:** A, B
* **Y-axis:** R, S
* **Color Scale:** ticks at 0.5, 0.7 and 0.9
### Detailed Analysis
* **R:** mostly between 0.5 and 0.9, with A at 0.7
* **S:** B reaches 0.42
"""
    lines = stated_lines(text)
    keyed = {key.strip(): line.values for line in lines for key in line.keys}
    assert keyed["r"] == (0.7,) and keyed["s"] == (0.42,)
    assert not {0.5, 0.9} & {v for line in lines for v in line.values}  # colour-bar ticks, range ends


def test_a_line_of_several_values_grounds_a_model_cell_only_in_the_clause_naming_its_other_key():
    from harness.extract.model.hybrid import _grounded_by_key, stated_lines

    text = """## Heatmap: Sensitivity
### Detailed Analysis
* **Spread:** about -1.5 at depth 1, 0 at depth 8, 1.5 at depth 16
* **Width:** 0.25
* **Gain**
    * **depth 2:** 0.6 and 0.9
"""
    lines = stated_lines(text)
    grounded = lambda row, col, value: _grounded_by_key(Cell(row=row, col=col, value=value), lines)  # noqa: E731
    assert grounded("1", "Spread", -1.5) and grounded("16", "Spread", 1.5)
    assert not grounded("1", "Spread", 1.5)  # 1.5 is written, but for depth 16 ("1" is no part of "16")
    assert not grounded("6", "Spread", 0.0)  # the clause writing 0 names depth 8
    assert grounded("3", "Width", 0.25)  # a line of one value grounds it under one key
    assert grounded("2", "Gain", 0.9)  # under both keys: either value of the line


def test_hybrid_model_policy_takes_every_value_from_the_model():
    rules = FixedRules(_rule_record([Cell(row="A", col="B", value=99.0)]))
    with HybridExtractor(ScriptedSession(ScriptedClient()), rules=rules, policy="model") as extractor:
        record = extractor.extract("doc", TEXT)
    assert {(c.row, c.col): c.value for c in record.panels[0].cells}[("A", "B")] == 20.5
    with pytest.raises(ValueError, match="unknown hybrid policy"):
        HybridExtractor(ScriptedSession(ScriptedClient()), rules=rules, policy="vote")


def test_frames_from_a_bar_record_use_legend_rows_and_the_category_axis():
    panel = Panel(
        x_axis=Axis(label="Benchmark", categories=["GSM8K", "MATH"]),
        y_axis=Axis(label="Accuracy (%)"),
        cells=[Cell(row="7B", col="GSM8K", value=14.6), Cell(row="13B", col="MATH", value=3.9)],
    )
    record = ChartRecord(id="b", chart_type="bar", panels=[panel])
    frame = frames_from_record(record)[0]
    assert frame.rows == ["7B", "13B"] and frame.cols == ["GSM8K", "MATH"] and frame.col_name == "Benchmark"
    assert len(known_cells(record)) == 2
