"""The extractor as a whole: protocol, determinism, spans, and records that validate."""

from __future__ import annotations

import textwrap

from harness.extract import Extractor, get_extractor
from harness.extract.rules import RuleExtractor
from harness.record import ChartRecord

TEXT = textwrap.dedent(
    """
    ## Heatmap: Cross-Dataset Transfer
    * **Y-Axis (Vertical):** Labeled "Train dataset".
    * **X-Axis (Horizontal):** Labeled "Test dataset".
    **List of Train Datasets (Y-axis, top to bottom):**
    1. NLI
    2. Math
    **List of Test Datasets (X-axis, left to right):**
    1. NLI
    2. Math
    **Complete Data Grid (Train Dataset -> Test Dataset: Value):**
    * **NLI ->:** NLI: 0.32, Math: −0.07
    * **Math ->:** NLI: 0.02, Math: -0.00
    """
)


def test_protocol_name_and_describe() -> None:
    extractor = get_extractor("rules")
    assert isinstance(extractor, Extractor)
    assert extractor.name == "rules"
    assert extractor.describe()["extractor"] == "rules" and extractor.describe()["version"]


def test_record_fields() -> None:
    record = RuleExtractor().extract("004_transfer", TEXT)
    assert record.id == "004_transfer" and record.chart_type == "heatmap"
    assert record.title == "Cross-Dataset Transfer"
    panel = record.panels[0]
    assert (panel.y_axis.label, panel.y_axis.categories) == ("Train dataset", ["NLI", "Math"])
    assert {(c.row, c.col, c.value) for c in panel.cells} == {("NLI", "NLI", 0.32), ("NLI", "Math", -0.07), ("Math", "NLI", 0.02), ("Math", "Math", 0.0)}


def test_every_span_covers_its_value() -> None:
    record = RuleExtractor().extract("doc", TEXT)
    for cell in record.panels[0].cells:
        written = TEXT[cell.span[0] : cell.span[1]].replace("−", "-")
        assert float(written) == cell.value


def test_negative_zero_is_written_as_zero() -> None:
    record = RuleExtractor().extract("doc", TEXT)
    zero = next(c for c in record.panels[0].cells if c.row == "Math" and c.col == "Math")
    assert str(zero.value) == "0.0"


def test_deterministic_and_valid_json() -> None:
    first = RuleExtractor().extract("doc", TEXT)
    second = RuleExtractor().extract("doc", TEXT)
    assert first == second
    assert ChartRecord.model_validate_json(first.model_dump_json()) == first


def test_empty_and_odd_text_give_an_empty_record() -> None:
    for text in ("", "\n\n", "\\n", "no chart here", "| |\n|-|"):
        record = RuleExtractor().extract("odd", text)
        assert record.chart_type == "other"
        assert all(p.cells == [] for p in record.panels)
