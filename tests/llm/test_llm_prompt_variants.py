"""The shipped prompt designs (default, zero-shot, single-call) with both model extractors.

Offline: a canned client answers like a careful reader (picks the expected phrases,
copies the numbers of the lines it is given), so these tests check that each prompt
file selects its design, that the single-call response models are bounded and built
from the text, and that each extractor turns the answers into a record.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from harness.extract import BaseExtractor
from harness.extract.model.designs import (
    DECOMPOSED_HYBRID_DESIGN,
    DECOMPOSED_LLM_STEPS,
    SINGLE_CALL_HYBRID_DESIGN,
    SINGLE_CALL_LLM_DESIGN,
    prompt_design,
)
from harness.extract.model.frame_filler import FrameFiller
from harness.extract.model.hybrid import HybridExtractor
from harness.extract.model.llm import DESIGN, LLMExtractor
from harness.extract.model.single_call import choices_from_text, reading_text, record_model
from harness.extract.model.slices import numbers_in
from harness.extract.model.slots import Frame, slot_model
from harness.llm.usage import CallRecord, Usage
from harness.prompts import PromptError, available_prompts, load_prompt
from harness.record import CHART_TYPES, Axis, Cell, ChartRecord, Panel
from support import cell_values

PROMPTS = ("default", "zero-shot", "single-call")
ROOT = Path(__file__).resolve().parents[2]

TEXT = """## Heatmap: Transfer Matrix
### Components/Axes
* **X-axis:** Target: A, B
* **Y-axis:** Source: A, B
### Detailed Analysis
* A to A: 10.5%
* A to B: 20.5%
* B to A: 30.5%
* B to B: 40.5%
### Key Observations
* The largest value, 40.5%, is on the diagonal.
"""
EXPECTED = {("A", "A"): 10.5, ("A", "B"): 20.5, ("B", "A"): 30.5, ("B", "B"): 40.5}


def _choices(model, name: str) -> list[str]:
    annotation = model.model_fields[name].annotation
    for arg in typing.get_args(annotation) or (annotation,):
        values = typing.get_args(arg)
        if values and all(isinstance(v, str) for v in values):
            return list(values)
    return []


class Decoding:
    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens


class CannedClient:
    """Answers every step of every design; records steps and response models."""

    def __init__(self, max_tokens: int = 512) -> None:
        self.decoding = Decoding(max_tokens)
        self.steps: list[str] = []
        self.models: list[type] = []
        self.messages: list[list[dict]] = []

    def complete(self, response_model, messages, *, step, max_tokens=None, usage=None):
        self.steps.append(step)
        self.models.append(response_model)
        self.messages.append(messages)
        if usage is not None:
            usage.add(CallRecord(step=step, input_tokens=100, output_tokens=20, latency_s=0.01))
        fields = response_model.model_fields
        if step == "record":
            cells = [{"row": r, "col": c, "value": v} for (r, c), v in EXPECTED.items()]
            cells += [
                {"row": "A", "col": "B", "value": 20.5},  # a repeat: one cell per key
                {"row": "B", "col": "A", "value": 99.0},  # written nowhere: not grounded
            ]
            return response_model(
                title="Transfer Matrix",
                chart_type="heatmap",
                x_axis_title="Target",
                x_first_tick="A",
                x_last_tick="B",
                y_axis_title="Source",
                y_first_tick="A",
                y_last_tick="B",
                cells=cells,
            )
        if step in ("cells", "frame"):
            numbers = numbers_in(messages[-1]["content"])
            return response_model(**{name: numbers[i] for i, name in enumerate(fields) if i < len(numbers)})
        if step == "header":
            return response_model(title="Transfer Matrix", chart_type="heatmap")
        if step == "axis":
            return response_model(title=None, first_tick="A", last_tick="B")
        if step == "axis_list":
            return response_model(title=None, tick_labels=["A", "B"])
        if step == "keys":
            return response_model(key=_choices(response_model, "key")[0])
        return response_model()  # legend, colour, panels: nothing


class CannedSession:
    def __init__(self, client: CannedClient) -> None:
        self._client = client

    def client(self) -> CannedClient:
        return self._client

    def close(self) -> None:
        pass

    def describe(self) -> dict:
        return {"model": "canned"}


class FixedRules(BaseExtractor):
    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells

    def extract(self, doc_id, text):
        panel = Panel(
            x_axis=Axis(label="Target", categories=["A", "B"]),
            y_axis=Axis(label="Source", categories=["A", "B"]),
            cells=list(self.cells),
        )
        return ChartRecord(id=doc_id, chart_type="heatmap", title="Transfer Matrix", panels=[panel])

    def describe(self):
        return {"extractor": "fixed"}


# --- the prompt files --------------------------------------------------------------------------


def test_three_prompts_ship_and_each_has_the_sections_its_design_needs():
    assert set(PROMPTS) <= set(available_prompts())
    default, zero, single = (load_prompt(name) for name in PROMPTS)
    for prompt in (default, zero):
        for step in DECOMPOSED_LLM_STEPS:
            assert prompt.has(f"{step}.system") and prompt.has(f"{step}.user"), (prompt.name, step)
    assert any(".example." in name for name in default.sections)
    assert not any(".example." in name for name in zero.sections)
    for step in ("record", "frame"):
        for part in ("system", "user", "example.1.user", "example.1.assistant"):
            assert single.has(f"{step}.{part}"), step + "." + part
    assert not single.has("cells.user")  # single-call only: nothing falls back to the row calls
    # A zero-shot request is the system message and the request, nothing else.
    assert [m["role"] for m in zero.messages("cells", subject="row A", description="A: 1")] == ["system", "user"]


def test_the_prompt_file_decides_the_design():
    assert prompt_design(load_prompt("default"), "llm") == "decomposed, few-shot"
    assert prompt_design(load_prompt("zero-shot"), "llm") == "decomposed, zero-shot"
    assert prompt_design(load_prompt("zero-shot"), "hybrid") == "decomposed, zero-shot"
    assert prompt_design(load_prompt("single-call"), "llm") == "single-call, few-shot"
    assert prompt_design(load_prompt("single-call"), "hybrid") == "single-call, few-shot"


def test_the_worked_examples_fit_their_own_response_models_and_come_from_no_gold_file():
    single = load_prompt("single-call")
    example_text = single.sections["record.example.1.user"].partition("\n")[2]
    model, _ = record_model(choices_from_text(example_text), 512)
    answer = model.model_validate_json(single.sections["record.example.1.assistant"])
    assert len(answer.cells) == 6 and answer.x_first_tick == "2019"
    # The frame example's keys are the names the single call gives that frame's slots.
    lines = single.sections["frame.example.1.user"].partition("\n")[2]
    frame = Frame(rows=["North", "South"], cols=["2019", "2020", "2021"], col_name="Year")
    slots, left_out = FrameFiller(CannedClient(), single).plan(lines, [frame])
    assert left_out == 0
    assert [s.name for s in slots] == list(json.loads(single.sections["frame.example.1.assistant"]))
    descriptions = [p.read_text(encoding="utf-8") for p in (ROOT / "gold").rglob("*.*") if p.suffix in (".txt", ".md")]
    for phrase in ("Crop Yield by Region", "North: 2019: 3.2"):
        assert not any(phrase in text for text in descriptions)


def test_a_prompt_without_its_designs_steps_is_refused_when_the_extractor_is_built(tmp_path):
    path = tmp_path / "cells-only.md"
    path.write_text("=== cells.user ===\nLines about {subject}:\n{description}\n", encoding="utf-8")
    prompt = load_prompt(path)
    with pytest.raises(PromptError, match="lacks header.user, axis.user"):
        LLMExtractor(CannedSession(CannedClient()), prompt=prompt)
    assert HybridExtractor(CannedSession(CannedClient()), prompt=prompt, rules=FixedRules([])).describe()["design"] == (
        DECOMPOSED_HYBRID_DESIGN
    )


# --- the single-call response model ------------------------------------------------------------


def test_single_call_schema_is_bounded_and_its_enums_come_from_the_text():
    choices = choices_from_text(TEXT)
    model, cap = record_model(choices, 512)
    schema = model.model_json_schema()
    props = schema["properties"]
    assert set(schema["required"]) == set(props)  # every key written, in order
    assert props["chart_type"]["enum"] == list(CHART_TYPES)
    assert "Transfer Matrix" in props["title"]["enum"]
    assert props["cells"]["maxItems"] == cap >= 4
    cell = schema["$defs"]["CellAnswer"]["properties"]
    assert cell["row"]["enum"] == cell["col"]["enum"] == choices.keys
    assert {"A", "B", "Target", "Source"} <= set(choices.keys)
    assert all(phrase in TEXT for phrase in choices.keys)
    # A smaller answer budget means fewer cells, never an unbounded list.
    _, small = record_model(choices, 300)
    assert 4 <= small < cap
    legend_line = "* **Legend:** " + ", ".join(f"Run {i}" for i in range(20)) + "\n"
    text_with_legend = TEXT.replace("### Detailed Analysis", legend_line + "### Detailed Analysis")
    legend = record_model(choices_from_text(text_with_legend), 512)[0].model_json_schema()["properties"]["legend"]
    assert legend["maxItems"] == 8


def test_the_single_call_reads_the_description_without_its_commentary():
    reading, cut = reading_text(TEXT)
    assert "B to B: 40.5%" in reading and "Key Observations" not in reading and not cut
    reading, cut = reading_text(TEXT, limit=40)
    assert len(reading) == 40 and cut
    # A title that happens to hold a commentary word does not hide the description.
    titled = TEXT.replace("## Heatmap: Transfer Matrix", "## Heatmap: Transfer Trends")
    assert "B to B: 40.5%" in reading_text(titled)[0]


# --- the extractors with each prompt --------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "zero-shot"])
def test_llm_decomposed_prompts_build_a_record(name):
    client = CannedClient()
    extractor = LLMExtractor(CannedSession(client), prompt=name)
    record, usage = extractor.extract_with_usage("doc", TEXT)
    assert cell_values(record) == EXPECTED and record.title == "Transfer Matrix"
    assert usage.calls == len(client.steps) > 5 and "record" not in client.steps
    description = extractor.describe()
    assert description["design"] == DESIGN and description["prompt"] == name
    assert description["prompt_design"] == f"decomposed, {'few' if name == 'default' else 'zero'}-shot"


def test_llm_single_call_builds_the_record_from_one_answer():
    client = CannedClient()
    extractor = LLMExtractor(CannedSession(client), prompt="single-call")
    record, usage = extractor.extract_with_usage("doc", TEXT)
    assert client.steps == ["record"] and usage.calls == 1
    assert record.title == "Transfer Matrix" and record.chart_type == "heatmap"
    panel = record.panels[0]
    assert panel.x_axis.label == "Target" and panel.x_axis.categories == ["A", "B"]
    assert panel.y_axis.categories == ["A", "B"]
    assert cell_values(record) == EXPECTED  # the repeat and the unwritten 99.0 are dropped
    assert "2 of 6 cell(s) dropped" in record.notes
    assert "Key Observations" not in client.messages[0][-1]["content"]
    description = extractor.describe()
    assert description["design"] == SINGLE_CALL_LLM_DESIGN
    assert description["prompt_design"] == "single-call, few-shot" and "axis_mode" not in description


def test_llm_single_call_failure_leaves_an_empty_record_with_the_reason():
    from harness.llm.failures import LLMCallError

    class Cut(CannedClient):
        def complete(self, *args, step, **kwargs):
            raise LLMCallError(step, "answer cut at max_tokens=512 (finish_reason=length)")

    record = LLMExtractor(CannedSession(Cut()), prompt="single-call").extract("doc", TEXT)
    assert record.panels == [] and "record: answer cut at max_tokens=512" in record.notes


@pytest.mark.parametrize("name", ["default", "zero-shot"])
def test_hybrid_decomposed_prompts_ask_one_call_per_row(name):
    client = CannedClient()
    extractor = HybridExtractor(CannedSession(client), prompt=name, policy="model", rules=FixedRules([]))
    record = extractor.extract("doc", TEXT)
    assert cell_values(record) == EXPECTED and client.steps == ["cells", "cells"]
    assert extractor.describe()["design"] == DECOMPOSED_HYBRID_DESIGN


def test_hybrid_single_call_fills_every_slot_in_one_object():
    client = CannedClient()
    extractor = HybridExtractor(CannedSession(client), prompt="single-call", policy="model", rules=FixedRules([]))
    record, usage = extractor.extract_with_usage("doc", TEXT)
    assert client.steps == ["frame"] and usage.calls == 1
    assert cell_values(record) == EXPECTED
    keys = [field.alias for field in client.models[0].model_fields.values()]
    assert keys == ["A / A", "A / B", "B / A", "B / B"]
    assert client.models[0].model_json_schema()["required"] == keys  # one required number per slot
    description = extractor.describe()
    assert description["design"] == SINGLE_CALL_HYBRID_DESIGN and description["prompt_design"] == "single-call, few-shot"


def test_hybrid_single_call_fill_asks_only_the_empty_slots_and_grounds_answers():
    class Misreads(CannedClient):
        def complete(self, response_model, messages, *, step, max_tokens=None, usage=None):
            self.models.append(response_model)
            # 20.5 is the rules' number for A/B: spoken for, so B/A may not take it.
            return response_model(**{name: [20.5, 40.5][i] for i, name in enumerate(response_model.model_fields)})

    rules = FixedRules([Cell(row="A", col="A", value=10.5), Cell(row="A", col="B", value=20.5)])
    client = Misreads()
    record = HybridExtractor(CannedSession(client), prompt="single-call", policy="fill", rules=rules).extract("doc", TEXT)
    assert [f.alias for f in client.models[0].model_fields.values()] == ["B / A", "B / B"]
    assert cell_values(record) == {("A", "A"): 10.5, ("A", "B"): 20.5, ("B", "B"): 40.5}


def test_hybrid_single_call_stays_within_one_answers_budget():
    client = CannedClient(max_tokens=70)  # room for two slots
    problems: list[str] = []
    frame = Frame(rows=["A", "B"], cols=["A", "B"])
    found = FrameFiller(client, load_prompt("single-call")).fill(TEXT, [frame], Usage(), problems)
    assert client.steps == ["frame"] and len(client.models[0].model_fields) == 2
    assert {(c.row, c.col) for c in found[0]} == {("A", "A"), ("A", "B")}
    assert problems == ["frame: 2 slot(s) beyond one answer's budget were not asked"]
    assert slot_model(["A / A"]).model_json_schema()["required"] == ["A / A"]
