"""Cells read by a model, one slot call per group of value lines (see ``slots``).

Shared by both model extractors: ``llm`` passes frames built from the model's own
layout answers, ``hybrid`` passes the rule extractor's frames and the cells the rules
already read, so the model is asked only about the slots still empty.
"""

from __future__ import annotations

from harness.extract.model.slices import fold, value_units
from harness.extract.model.slots import Frame, SlotGroup, grounded, plan_groups, slot_model
from harness.llm.client import LLMClient
from harness.llm.failures import LLMCallError
from harness.llm.usage import Usage
from harness.prompts import Prompt
from harness.record import Cell

CellKey = tuple[int, str, str, str]  # panel, folded row, folded col, folded series
MAX_GROUPS = 80


def cell_key(panel: int, row: str, col: str, series: str | None) -> CellKey:
    return panel, fold(row), fold(col), fold(series or "")


def _max_tokens(names: list[str]) -> int:
    # Each slot costs its key (about one token per 2.5 characters), quotes, colon, a
    # number and the whitespace llama.cpp's grammar lets the model put between them.
    return 24 + sum(int(len(name) / 2.5) + 14 for name in names)


def numbers_spoken_for(group: SlotGroup, known: dict[CellKey, float]) -> list[float]:
    """Values the rules read for cells keyed by any of the group's fixed labels, either
    way round: the model must not hand a number the rules placed to another cell."""
    fixed = {fold(label) for label in group.fixed.values()}
    return [
        value
        for (panel, row, col, series), value in known.items()
        if panel == group.panel and (row in fixed or col in fixed or (series and series in fixed))
    ]


class CellFiller:
    def __init__(self, client: LLMClient, prompt: Prompt) -> None:
        self.client = client
        self.prompt = prompt

    def fill(
        self,
        text: str,
        frames: list[Frame],
        usage: Usage,
        problems: list[str] | None = None,
        known: dict[CellKey, float] | None = None,
    ) -> list[list[Cell]]:
        """Cells per panel. ``known`` cells are not asked for again; their numbers are spoken for."""
        cells: list[list[Cell]] = [[] for _ in frames]
        seen: set[CellKey] = set(known or {})
        labels = [label for frame in frames for dim in ("row", "col", "series") for label in frame.labels(dim)]
        groups = plan_groups(value_units(text), frames)
        for group in groups[:MAX_GROUPS]:
            keys = [self._key(group, slot) for slot in group.slots]
            open_slots = [i for i, key in enumerate(keys) if key is not None and key not in seen]
            if not open_slots:
                continue
            names = [group.names[i] for i in open_slots]
            spoken_for = numbers_spoken_for(group, known) if known else []
            try:
                values = self._ask(group, names, usage)
            except LLMCallError as exc:
                if exc.transport:
                    raise
                if problems is not None:
                    problems.append(str(exc))
                continue
            kept = grounded(values, group.text(), labels, spoken_for)
            for i, value in zip(open_slots, kept, strict=True):
                key = keys[i]
                if value is None or key is None or key in seen:
                    continue
                seen.add(key)
                full = {**group.fixed, **group.slots[i]}
                cells[group.panel].append(
                    Cell(row=full["row"], col=full["col"], series=full.get("series"), value=value)
                )
        return cells

    @staticmethod
    def _key(group: SlotGroup, slot: dict[str, str]) -> CellKey | None:
        full = {**group.fixed, **slot}
        if "row" not in full or "col" not in full:
            return None
        return cell_key(group.panel, full["row"], full["col"], full.get("series"))

    def _ask(self, group: SlotGroup, names: list[str], usage: Usage) -> list[float | None]:
        model = slot_model(names)
        messages = self.prompt.messages("cells", subject=group.subject(), description=group.text())
        answer = self.client.complete(
            model, messages, step="cells", max_tokens=_max_tokens(names), usage=usage
        )
        return [getattr(answer, f"slot_{i}") for i in range(len(names))]
