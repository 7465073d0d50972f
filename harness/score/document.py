"""Scoring one document: a predicted record (or none) against its gold record.

Panel fields are counted per panel slot: every aligned pair, every missing gold panel
(scored against an empty panel, so all it states is missed) and every spurious
predicted panel (scored against an empty gold panel, so all it states is spurious).
A document without a record is scored exactly as the empty record would be, and what
gold states there is counted as ``no_record`` instead of ``missing`` (or ``wrong``).

Categories and series are compared as multisets (their order is not scored).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from harness.record import ChartRecord
from harness.score.alias import LabelVocabulary
from harness.score.counts import Counts, FieldKind
from harness.score.outcomes import align_panels, match_cells
from harness.score.panels import (
    EMPTY_GOLD_PANEL,
    EMPTY_PANEL,
    ComparablePanel,
    ComparableRecord,
    GoldPanel,
    GoldRecord,
    as_comparable,
    gold_record,
)
from harness.score.tolerance import values_agree

FIELDS: dict[str, FieldKind] = {
    "chart_type": "scalar",
    "title": "scalar",
    "panels": "set",
    "panel.title": "scalar",
    "x_axis.label": "scalar",
    "y_axis.label": "scalar",
    "x_axis.categories": "set",
    "y_axis.categories": "set",
    "color_scale.label": "scalar",
    "color_scale.min": "scalar",
    "color_scale.max": "scalar",
    "series": "set",
    "cells": "set",
}

_KINDS = list(FIELDS.values())

STATUS_OK = "ok"
STATUS_NO_RECORD = "no record"  # the run has the id but an error or no valid record
STATUS_NOT_IN_RUN = "not in run"  # the run never mentions the gold id


@dataclass(slots=True)
class DocScore:
    id: str
    status: str
    fields: dict[str, Counts]
    swapped_panels: list[int] = field(default_factory=list)  # gold panel indices
    error: str | None = None

    def score(self, name: str) -> float:
        return self.fields[name].score

    @property
    def overall(self) -> float:
        """The plain mean over fields of this document's field scores."""
        return sum(c.score for c in self.fields.values()) / len(self.fields)


def score_document(
    predicted: ChartRecord | ComparableRecord | None,
    gold: ChartRecord | GoldRecord,
    *,
    status: str | None = None,
    error: str | None = None,
) -> DocScore:
    """Score ``predicted`` against ``gold``; None stands for a document without a record.

    ``predicted``: a record, or one already in comparable form (a run read from disk).
    """
    gold_side = gold if isinstance(gold, GoldRecord) else gold_record(gold)
    if status is None:
        status = STATUS_OK if predicted is not None else STATUS_NO_RECORD
    fields = dict(zip(FIELDS, map(Counts, _KINDS)))
    swapped: list[int] = []
    if predicted is not None:
        pred = as_comparable(predicted)
        _compare_text(fields["chart_type"], pred.chart_type, gold_side.chart_type)
        _compare_text(fields["title"], pred.title, gold_side.title)
        pred_panels = pred.panels
    else:
        # The empty record's answers: chart_type "other", no title, no panels.
        _compare_text(fields["chart_type"], "other", gold_side.chart_type)
        _compare_text(fields["title"], "", gold_side.title)
        pred_panels = []

    for gold_index, pred_index in align_panels(gold_side.panels, pred_panels):
        g = gold_side.panels[gold_index] if gold_index is not None else EMPTY_GOLD_PANEL
        p = pred_panels[pred_index] if pred_index is not None else EMPTY_PANEL
        panels = fields["panels"]
        if gold_index is None:
            panels.spurious += 1
        elif pred_index is None:
            panels.missing += 1
        else:
            panels.right += 1
        if _compare_panel(fields, g, p) and gold_index is not None:
            swapped.append(gold_index)

    if predicted is None:
        # Whatever gold states here was missed (or, for chart_type, answered with the
        # empty record's "other") because there was no record: one cause, one outcome.
        for counts in fields.values():
            counts.no_record += counts.missing + counts.wrong
            counts.missing = counts.wrong = 0
    return DocScore(gold_side.id, status, fields, swapped, error)


def _compare_panel(fields: dict[str, Counts], g: GoldPanel, p: ComparablePanel) -> bool:
    """Count one panel slot into ``fields``; True when its cells were scored swapped."""
    _compare_text(fields["panel.title"], p.title, g.title)
    _compare_text(fields["x_axis.label"], p.x_label, g.x_label)
    _compare_text(fields["y_axis.label"], p.y_label, g.y_label)
    _compare_labels(fields["x_axis.categories"], p.x_categories, g.x_categories, g.cols)
    _compare_labels(fields["y_axis.categories"], p.y_categories, g.y_categories, g.rows)
    _compare_text(fields["color_scale.label"], p.scale_label, g.scale_label)
    _compare_number(fields["color_scale.min"], p.scale_min, g.scale_min)
    _compare_number(fields["color_scale.max"], p.scale_max, g.scale_max)
    _compare_labels(fields["series"], p.series, g.series, g.series_labels)
    match = match_cells(g, p)
    right, answered, spurious = match.tally
    cells = fields["cells"]
    cells.right += right
    cells.wrong += answered - right
    cells.missing += match.gold_cells - answered
    cells.spurious += spurious
    return match.swapped


def _compare_text(counts: Counts, predicted: str, gold: str) -> None:
    if predicted == gold:
        counts.right += 1
    elif not predicted:
        counts.missing += 1
    elif not gold:
        counts.spurious += 1
    else:
        counts.wrong += 1


def _compare_number(counts: Counts, predicted: float | None, gold: float | None) -> None:
    if predicted is None and gold is None:
        counts.right += 1
    elif predicted is None:
        counts.missing += 1
    elif gold is None:
        counts.spurious += 1
    elif values_agree(predicted, gold):
        counts.right += 1
    else:
        counts.wrong += 1


def _compare_labels(
    counts: Counts, predicted: list[str], gold: list[str], vocabulary: LabelVocabulary
) -> None:
    if not predicted:
        counts.missing += len(gold)
        return
    vocabulary.learn(set(predicted))
    stated = list(map(vocabulary.resolve, predicted))
    if stated == gold:
        right = len(gold)
    else:
        # Multisets: the labels both state, as often as both state them (sets when no label
        # repeats, which is the common case and cheaper than counting).
        gold_set, stated_set = set(gold), set(stated)
        if len(gold_set) == len(gold) and len(stated_set) == len(stated):
            right = len(gold_set & stated_set)
        else:
            right = sum((Counter(gold) & Counter(stated)).values())
    counts.right += right
    counts.missing += len(gold) - right
    counts.spurious += len(predicted) - right
