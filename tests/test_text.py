"""harness/text: the one dash table, Markdown-escape rule and number tokens, and the readers
that share them agreeing on what was written."""

from __future__ import annotations

import pytest

from harness.extract.model.slices import clean, fold, numbers_in
from harness.extract.rules.numbers import find_numbers
from harness.report.grounding import DescriptionIndex
from harness.report.grounding import fold as grounding_fold
from harness.score.normalize import normalize_label
from harness.text import (
    DASHES,
    MINUS_SIGNS,
    NUMBER,
    NUMBER_OR_FRACTION,
    STANDALONE_NUMBER,
    dashes_to_hyphens,
    unescape_markdown,
)


def _tokens(pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def test_every_dash_reads_as_a_hyphen():
    assert dashes_to_hyphens(DASHES) == "-" * len(DASHES)
    assert dashes_to_hyphens("zero-shot") == "zero-shot"
    assert set(MINUS_SIGNS) <= set(DASHES) | {"-"}


@pytest.mark.parametrize("dash", list(DASHES))
def test_the_extractors_the_scorer_and_the_report_fold_the_same_dashes(dash: str):
    label = f"top{dash}1 accuracy"
    assert clean(label) == "top-1 accuracy"
    assert fold(label) == fold("top-1 accuracy")
    assert grounding_fold(label) == grounding_fold("top-1 accuracy")
    assert normalize_label(label) == normalize_label("top-1 accuracy")


def test_only_backslashes_before_ascii_punctuation_are_escapes():
    assert unescape_markdown(r"abstract\_algebra \*bold\*") == "abstract_algebra *bold*"
    assert unescape_markdown(r"C:\new \alpha") == r"C:\new \alpha"
    assert normalize_label(r"abstract\_algebra") == normalize_label("abstract_algebra")
    assert grounding_fold(r"abstract\_algebra") == grounding_fold("abstract_algebra")


def test_number_tokens_carry_no_context():
    # each reader judges the digits of "GPT-4" itself
    assert _tokens(NUMBER, "GPT-4 scores 1,234.5 and 1234,567") == ["4", "1,234.5", "1234", "567"]
    assert _tokens(NUMBER, "about .5") == ["5"]
    assert _tokens(NUMBER_OR_FRACTION, "about .5 or 0.5") == [".5", "0.5"]


def test_a_standalone_number_keeps_its_sign_and_skips_names():
    assert _tokens(STANDALONE_NUMBER, "GPT-4 and Llama-3-8B reach -0.5, 7B and 1e-4 do not") == ["-0.5"]


def test_the_rules_and_the_report_read_the_same_minus_signs():
    for sign in MINUS_SIGNS:
        text = f"Accuracy is {sign}0.12 here."
        assert [n.value for n in find_numbers(text)] == [-0.12]
        assert DescriptionIndex(text).states(-0.12)
        assert numbers_in(text) == [-0.12]
    # the 4 of a name: the rules drop it, the report keeps it apart from stated values
    assert find_numbers("GPT\u20134 leads") == []
    assert not DescriptionIndex("GPT\u20134 leads").states(4.0)
