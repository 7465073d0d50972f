"""The chart record: the one noun every extractor, gold file and scorer shares.

The fields are fixed by ``shared/record-format.md``; this module is their pydantic form.
It imports nothing from ``harness`` so that everything else can import it.

Two optional extras ride along, both ignored by the scorer:
- ``Cell.span``: ``[start, end)`` character offsets into the description where the
  value was read (grounding, used by the HTML report);
- ``ChartRecord.notes``: free text an extractor may leave (why a field is empty, ...).
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ChartType = Literal["heatmap", "bar", "line", "scatter", "pie", "table", "other"]
CHART_TYPES: tuple[str, ...] = ("heatmap", "bar", "line", "scatter", "pie", "table", "other")


# A value or scale bound is a finite number. The check runs inside pydantic-core (not a
# Python validator per cell), because reading a big run validates millions of cells.
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class _Model(BaseModel):
    # Records written by other tools may carry optional extras of their own
    # (confidence, notes...): keep reading them rather than rejecting the whole record.
    model_config = ConfigDict(extra="ignore")


class Axis(_Model):
    label: str | None = None
    categories: list[str] = Field(default_factory=list)


class ColorScale(_Model):
    label: str | None = None
    min: FiniteFloat | None = None
    max: FiniteFloat | None = None


class Cell(_Model):
    row: str
    col: str
    series: str | None = None
    value: FiniteFloat
    span: list[int] | None = Field(
        default=None,
        description="optional [start, end) character offsets of the value in the description",
    )

    @field_validator("span")
    @classmethod
    def _span_pair(cls, v: list[int] | None) -> list[int] | None:
        if v is not None and (len(v) != 2 or v[0] < 0 or v[1] < v[0]):
            raise ValueError("span must be [start, end) with 0 <= start <= end")
        return v


class Panel(_Model):
    title: str | None = None
    x_axis: Axis = Field(default_factory=Axis)
    y_axis: Axis = Field(default_factory=Axis)
    color_scale: ColorScale | None = None
    series: list[str] = Field(default_factory=list)
    cells: list[Cell] = Field(default_factory=list)


class ChartRecord(_Model):
    id: str
    chart_type: ChartType = "other"
    title: str | None = None
    panels: list[Panel] = Field(default_factory=list)
    notes: str | None = None

    def to_json_dict(self) -> dict:
        """The record as record-format.md writes it (extras only when set)."""
        data = self.model_dump(mode="json")
        if data.get("notes") is None:
            data.pop("notes", None)
        for panel in data["panels"]:
            for cell in panel["cells"]:
                if cell.get("span") is None:
                    cell.pop("span", None)
        return data


def record_json_schema() -> dict:
    """The JSON Schema of a chart record (what ``harness schema`` prints)."""
    return ChartRecord.model_json_schema()


def empty_record(doc_id: str) -> ChartRecord:
    """A record that states nothing: the floor every extractor is compared with."""
    return ChartRecord(id=doc_id, chart_type="other", title=None, panels=[])


def dumps(record: ChartRecord) -> str:
    return json.dumps(record.to_json_dict(), ensure_ascii=False)
