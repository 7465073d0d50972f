"""hybrid's single-call design: every open slot of the rules' frame in one fixed-key answer."""

from __future__ import annotations

from dataclasses import dataclass

from harness.extract.model.cells import MAX_GROUPS, CellKey, cell_key, numbers_spoken_for
from harness.extract.model.designs import HYBRID_STEP, answer_ceiling, tokens_for
from harness.extract.model.slices import (
    value_units,
)
from harness.extract.model.slots import (
    DIMS,
    Frame,
    SlotGroup,
    grounded,
    plan_groups,
    slot_model,
)
from harness.llm.client import LLMClient
from harness.llm.failures import LLMCallError
from harness.llm.usage import Usage
from harness.prompts import Prompt
from harness.record import Cell

MAX_FRAME_CHARS = 5000

# --- hybrid: every open slot of the rules' frame in one call -------------------------------------


def _named(frame: Frame, dim: str, label: str) -> str:
    """A bare numeric tick carries its axis title ("Epoch 10"), as the slot code names it."""
    name = frame.name(dim)
    return f"{name} {label}" if name and label[:1].isdigit() else label


@dataclass
class _Slot:
    group: SlotGroup
    index: int  # in group.slots
    key: CellKey
    name: str


class FrameFiller:
    """Cells for the rules' frames from one model call (same ``fill`` as ``CellFiller``)."""

    def __init__(self, client: LLMClient, prompt: Prompt) -> None:
        self.client = client
        self.prompt = prompt

    def plan(self, text: str, frames: list[Frame], known: dict[CellKey, float] | None = None) -> tuple[list[_Slot], int]:
        """The open slots, in text order, and how many more the answer budget leaves out."""
        seen: set[CellKey] = set(known or {})
        slots: list[_Slot] = []
        for group in plan_groups(value_units(text), frames)[:MAX_GROUPS]:
            frame = frames[group.panel]
            for index, slot in enumerate(group.slots):
                full = {**group.fixed, **slot}
                if "row" not in full or "col" not in full:
                    continue
                key = cell_key(group.panel, full["row"], full["col"], full.get("series"))
                if key in seen:
                    continue
                seen.add(key)
                ordered = [*group.fixed.items(), *slot.items()]
                ordered = [(d, v) for d, v in ordered if d != "series"] + [(d, v) for d, v in ordered if d == "series"]
                name = " / ".join(_named(frame, dim, label) for dim, label in ordered)
                if len(frames) > 1 and frame.title:
                    name = f"{frame.title}: {name}"
                slots.append(_Slot(group, index, key, name))
        ceiling = answer_ceiling(self.client)
        room = ceiling - ceiling // 10  # a tenth kept back: the model may indent its JSON
        kept: list[_Slot] = []
        chars = 0
        groups: set[int] = set()
        for slot in slots:
            extra = 0 if id(slot.group) in groups else len(slot.group.text()) + 1
            if _max_tokens([s.name for s in [*kept, slot]]) > room or chars + extra > MAX_FRAME_CHARS:
                break
            kept.append(slot)
            chars += extra
            groups.add(id(slot.group))
        return kept, len(slots) - len(kept)

    def fill(
        self,
        text: str,
        frames: list[Frame],
        usage: Usage,
        problems: list[str] | None = None,
        known: dict[CellKey, float] | None = None,
    ) -> list[list[Cell]]:
        cells: list[list[Cell]] = [[] for _ in frames]
        slots, left_out = self.plan(text, frames, known)
        if left_out and problems is not None:
            problems.append(f"frame: {left_out} slot(s) beyond one answer's budget were not asked")
        if not slots:
            return cells
        lines: list[str] = []
        groups = {id(s.group): s.group for s in slots}  # text order (dicts keep insertion order)
        for group in groups.values():
            lines.extend(line for line in group.text().splitlines() if line not in lines)
        names = [s.name for s in slots]
        try:
            answer = self.client.complete(
                slot_model(names),
                self.prompt.messages(HYBRID_STEP, description="\n".join(lines)),
                step=HYBRID_STEP,
                max_tokens=answer_ceiling(self.client),  # the object closes itself; spare room costs nothing
                usage=usage,
            )
        except LLMCallError as exc:
            if exc.transport:
                raise
            if problems is not None:
                problems.append(str(exc))
            return cells
        values = [getattr(answer, f"slot_{i}") for i in range(len(slots))]
        labels = [label for frame in frames for dim in DIMS for label in frame.labels(dim)]
        # Grounded group by group, in the group's own lines, as the per-group calls are.
        by_group: dict[int, list[int]] = {}
        for i, slot in enumerate(slots):
            by_group.setdefault(id(slot.group), []).append(i)
        for members in by_group.values():
            group = slots[members[0]].group
            spoken_for = numbers_spoken_for(group, known) if known else []
            kept = grounded([values[i] for i in members], group.text(), labels, spoken_for)
            for i, value in zip(members, kept, strict=True):
                if value is None:
                    continue
                slot = slots[i]
                full = {**group.fixed, **group.slots[slot.index]}
                cells[group.panel].append(Cell(row=full["row"], col=full["col"], series=full.get("series"), value=value))
        return cells


def _max_tokens(names: list[str]) -> int:
    # A slot costs its key, quotes, colon and a number, and the newlines and indentation
    # the grammar lets the model put around them (SmolLM2 often does: about 16 tokens
    # per slot besides its key, measured on the gold answers).
    return 24 + sum(tokens_for(len(name)) + 16 for name in names)
