"""Slot filling: group value lines by the key they share, and ask for one number per slot.

A 135M model cannot write a list of cells, but it can copy numbers into the keys of
a fixed object. So cells are asked for in groups: every value line whose leading
label is the same row (or column) becomes one call, whose response model is built at
runtime with one float field per label of the dimension that varies inside those
lines ("GPT-4 to Claude 2: 61.9%, GPT-4 to Vicuna: 48.3%" -> fields "Claude 2",
"Vicuna"). Dimensions named in a heading above the lines ("**LLaMA-2 7B:**") are
fixed for the group. What the model answers is then *grounded*: a value is kept
only if that number is written in the lines it was given, and each written number
backs at most one cell.

Nothing here calls a model or knows where the frame's labels came from: the llm
extractor passes labels the model extracted, the hybrid one passes the rules' labels.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, create_model

from harness.extract.model.slices import (
    Unit,
    clean,
    find_label,
    fold,
    label_positions,
    numbers_in,
    take_number,
    without_labels,
)

DIMS = ("row", "col", "series")
MAX_FIELDS_PER_CALL = 12
MAX_GROUP_CHARS = 900


@dataclass
class Frame:
    """The labels cells of one panel can be keyed by."""

    rows: list[str] = field(default_factory=list)
    cols: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    title: str | None = None
    row_name: str | None = None  # the y-axis title ("Head"), for "Head 3"-style keys
    col_name: str | None = None  # the x-axis title ("Layer")

    def labels(self, dim: str) -> list[str]:
        return {"row": self.rows, "col": self.cols, "series": self.series}[dim]

    def name(self, dim: str) -> str | None:
        return {"row": self.row_name, "col": self.col_name}.get(dim)

    def all_labels(self) -> list[str]:
        return [*self.rows, *self.cols, *self.series]


@dataclass
class SlotGroup:
    """One model call's worth of cells: the lines, the fixed keys, and the slots to fill."""

    panel: int
    fixed: dict[str, str]
    units: list[Unit] = field(default_factory=list)
    slots: list[dict[str, str]] = field(default_factory=list)  # each: dim -> label, for the varying dims
    names: list[str] = field(default_factory=list)  # the field name the model sees per slot

    def text(self) -> str:
        seen: set[str] = set()
        lines: list[str] = []
        for unit in self.units:
            for line in unit.text().splitlines():
                if line not in seen:
                    seen.add(line)
                    lines.append(line)
        return "\n".join(lines)[:MAX_GROUP_CHARS]

    def subject(self) -> str:
        """The fixed keys in words, for the prompt ("row GPT-4")."""
        return ", ".join(f"{dim} {label}" for dim, label in self.fixed.items()) or "the chart"


def _variants(label: str) -> list[str]:
    """Folded forms a label may be written in: itself, then its first word when that is distinctive."""
    folded = fold(label)
    forms = [folded]
    first = folded.split(" ")[0]
    if first != folded and len(first) >= 3:
        forms.append(first)
    return forms


def _first_position(folded_text: str, label: str, exact: bool = False) -> int:
    forms = _variants(label)[:1] if exact else _variants(label)
    for form in forms:
        pos = find_label(folded_text, form)
        if pos != -1:
            return pos
    return -1


def _panel_of(unit: Unit, frames: list[Frame], current: int) -> int:
    if len(frames) < 2:
        return 0
    for line in [*reversed(unit.context), unit.body]:
        folded = fold(line)
        for index, frame in enumerate(frames):
            if frame.title and find_label(folded, fold(frame.title)) != -1:
                return index
    return current


def _is_numeric(label: str) -> bool:
    return bool(label) and (label[0].isdigit() or (label[0] in "-." and label[1:2].isdigit()))


def _names_dim(word: str, name: str | None) -> bool:
    """Whether ``word`` (written before a tick) is the axis title ``name`` or a word of it."""
    if not name or len(word) < 3:
        return False
    return any(w[:5] == word[:5] for w in fold(name).replace("(", " ").split() if len(w) >= 3)


def _dim_by_name(folded: str, pos: int, frame: Frame, dims: list[str], header: str) -> str | None:
    """For a label both axes share ("3"), the axis whose title is written in front of it
    ("Layer 3", "Head 3") or heads the table's first column."""
    before = folded[max(0, pos - 30) : pos].replace("*", " ").replace(":", " ").split()
    word = before[-1] if before else ""
    if header and folded.lstrip().startswith("|"):
        word = fold(header).strip("| ").split("|")[0].strip()
    named = [d for d in dims if _names_dim(word, frame.name(d)) or fold(frame.name(d) or "-") == word]
    return named[0] if len(named) == 1 else None


def _lead(folded_body: str, frame: Frame, header: str = "") -> tuple[str, str, int, int] | None:
    """The earliest label in the line: (dim, label, start, end).

    Ties between axes sharing a label are broken by the axis title written in front of
    it (numeric ticks), then rows before columns before series.
    """
    hits: list[tuple[int, int, int, str, str]] = []
    for rank, dim in enumerate(DIMS):
        for label in frame.labels(dim):
            form = fold(label)
            pos = find_label(folded_body, form)
            if pos != -1:
                hits.append((pos, -len(form), rank, dim, label))
    if not hits:
        return None
    best = min(hits)
    tied = [h for h in hits if h[0] == best[0] and h[1] == best[1]]
    if len(tied) > 1:
        chosen = _dim_by_name(folded_body, best[0], frame, [h[3] for h in tied], header)
        if chosen is not None:
            best = next(h for h in tied if h[3] == chosen)
    pos, neg_len, _, dim, label = best
    return dim, label, pos, pos - neg_len


_LAYOUT_WORDS = ("axis", "colour bar", "color bar", "colour scale", "color scale", "colorbar", "legend", "tick")


def describes_layout(body: str) -> bool:
    """Lines about axes, ticks, legends and colour bars state ranges, not cells."""
    low = body.lower()
    return any(word in low for word in _LAYOUT_WORDS)


def _states_values(unit: Unit, labels: list[str]) -> bool:
    """Whether the line has a number that is not part of a label ("| 3 | 0.52 |" does; a tick list does not)."""
    return bool(numbers_in(without_labels(clean(unit.body), labels)))


def _present(folded_text: str, labels: list[str], skip: tuple[int, int] | None) -> list[tuple[int, str]]:
    """Labels written in the text (outside the ``skip`` span), with where they first occur."""
    found: list[tuple[int, str]] = []
    for label in labels:
        for form in _variants(label):
            positions = [p for p in label_positions(folded_text, form) if not skip or not (skip[0] <= p < skip[1])]
            if positions:
                found.append((positions[0], label))
                break
    return sorted(found)


def _names_label(lines: list[str], labels: list[str]) -> bool:
    return any(_first_position(line, label, exact=True) != -1 for line in lines for label in labels)


def plan_groups(units: list[Unit], frames: list[Frame]) -> list[SlotGroup]:
    """Group value lines into slot calls, in document order."""
    if not frames:
        return []
    usable = [u for u in units if not u.commentary] or units
    groups: dict[tuple, SlotGroup] = {}
    current = 0
    for unit in usable:
        current = _panel_of(unit, frames, current)
        frame = frames[current]
        if describes_layout(unit.body) or not _states_values(unit, frame.all_labels()):
            continue
        body = fold(unit.body)
        lead = _lead(body, frame, unit.header)
        if lead is None:
            continue
        lead_dim, lead_label, start, end = lead
        header = fold(unit.header)
        context = [fold(line) for line in reversed(unit.context)]
        if lead_dim == "row" and lead_label in frame.cols and _names_label(context, frame.rows):
            # Rows and columns share labels and a heading above already names the row
            # ("**HouseAge**" over "- MedInc: -0.12"): the line's own label is the column.
            lead_dim = "col"
        fixed = {lead_dim: lead_label}
        varying: list[str] = []
        for dim in DIMS:
            labels = frame.labels(dim)
            if dim == lead_dim or not labels:
                continue
            if _present(body, labels, (start, end)) or (header and _present(header, labels, None)):
                varying.append(dim)
                continue
            in_context = next(
                (label for line in context for label in labels if _first_position(line, label, exact=True) != -1),
                None,
            )
            if in_context is not None:
                fixed[dim] = in_context
            elif dim == "series":
                continue  # a series the lines never name: the cells carry none
            elif len(labels) == 1:
                fixed[dim] = labels[0]  # a bar chart's single value axis
            else:
                varying.append(dim)
        if not varying:
            # The line names one key and the rest are fixed above it ("Greedy: 27.4"
            # under "NLLB-600M" / "en-de"; "GPT-2 - 18.4 ms" in a one-series bar chart):
            # its own label is the slot, and its neighbours under the same keys join it.
            if len(fixed) < 2:
                continue
            varying = [lead_dim]
            fixed.pop(lead_dim)
        key = (current, tuple(sorted(fixed.items())), tuple(varying))
        group = groups.setdefault(key, SlotGroup(panel=current, fixed=fixed))
        group.units.append(unit)
    planned: list[SlotGroup] = []
    for (panel, _, varying), group in groups.items():
        planned.extend(_with_slots(group, frames[panel], list(varying)))
    return planned


def _ordered_present(group: SlotGroup, labels: list[str]) -> list[str]:
    """Labels the group's own lines mention, in the order they are written there.

    The lines' leading label (the one the group is fixed by) is skipped once per line,
    so "Mistral 7B to Mistral 7B" still offers "Mistral 7B" as a column; headers of
    tables count, headings above the lines do not (they name the group, not a slot).
    """
    first_seen: dict[str, tuple[int, int]] = {}
    lead_labels = [fold(label) for label in group.fixed.values()]
    for index, unit in enumerate(group.units):
        for offset, source in enumerate((unit.header, unit.body)):
            if not source:
                continue
            folded = fold(source)
            skip = None
            if offset == 1:
                for lead in lead_labels:
                    pos = find_label(folded, lead)
                    if pos != -1:
                        skip = (pos, pos + len(lead))
                        break
            for pos, label in _present(folded, labels, skip):
                first_seen.setdefault(label, (index * 2 + offset, pos))
    return sorted(first_seen, key=first_seen.__getitem__)


def _with_slots(group: SlotGroup, frame: Frame, varying: list[str]) -> list[SlotGroup]:
    """The group's slots: labels of the varying dimensions that its lines mention, in text order."""
    per_dim: list[list[str]] = []
    for dim in varying:
        labels = frame.labels(dim)
        present = _ordered_present(group, labels)
        if not present and len(labels) == 1:
            present = labels
        if not present:
            return []
        per_dim.append(present)
    slots = [dict(zip(varying, combo, strict=True)) for combo in itertools.product(*per_dim)]
    names = [" / ".join(_slot_name(frame, dim, label) for dim, label in slot.items()) for slot in slots]
    out: list[SlotGroup] = []
    for i in range(0, min(len(slots), 4 * MAX_FIELDS_PER_CALL), MAX_FIELDS_PER_CALL):
        out.append(
            SlotGroup(
                panel=group.panel,
                fixed=dict(group.fixed),
                units=group.units,
                slots=slots[i : i + MAX_FIELDS_PER_CALL],
                names=names[i : i + MAX_FIELDS_PER_CALL],
            )
        )
    return out


def _slot_name(frame: Frame, dim: str, label: str) -> str:
    """What the model reads as the key: a bare tick ("10") is copied as a value by small
    models, so numeric ticks carry their axis title ("Epoch 10"), as descriptions write them."""
    name = frame.name(dim)
    if _is_numeric(label) and name:
        return f"{name} {label}"
    return label


def slot_model(names: list[str], required: bool = True) -> type[BaseModel]:
    """A response model with one number field per slot, named as the model should read it.

    Field names are safe identifiers; the JSON keys the model writes are the labels
    themselves (aliases), because reading "Claude 2" is what lets it pick the number.
    """
    fields: dict[str, tuple] = {}
    used: set[str] = set()
    for i, name in enumerate(names):
        alias = (name.strip() or f"slot {i + 1}")[:80]
        while alias in used:
            alias += "'"
        used.add(alias)
        if required:
            fields[f"slot_{i}"] = (float, Field(alias=alias))
        else:
            fields[f"slot_{i}"] = (float | None, Field(default=None, alias=alias))
    return create_model(
        "SlotValues", __config__=ConfigDict(populate_by_name=True, extra="ignore"), **fields
    )


def grounded(
    values: list[float | None],
    text: str,
    labels: list[str] | None = None,
    already_used: list[float] | None = None,
) -> list[float | None]:
    """Keep a value only where that number is written in ``text``, each written number once.

    Numbers inside labels ("GPT-4", "Llama-3-8B") do not count as written values.
    ``already_used`` are numbers other cells already account for (the hybrid passes
    the rule extractor's values for the same lines).
    """
    pool = numbers_in(without_labels(clean(text), labels or []))
    for used in already_used or []:
        take_number(pool, used)
    kept: list[float | None] = []
    for value in values:
        if value is None or not math.isfinite(value) or not take_number(pool, value):
            kept.append(None)
        else:
            kept.append(value)
    return kept


