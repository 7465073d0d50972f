"""harness.plain: a model's own validation with plain data out.

The scorer reads gold files and run lines with it, so it must accept exactly what the model
accepts and give the same values (``model.model_dump()``), on real files and hostile ones.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, model_validator

from harness.plain import plain_validator
from harness.record import ChartRecord
from harness.runs.model import RunLine

ROOT = Path(__file__).resolve().parent.parent
RECORD = plain_validator(ChartRecord)
LINE = plain_validator(RunLine)

GOOD = {
    "id": "d", "chart_type": "heatmap", "title": "T", "notes": "n",
    "panels": [{
        "title": "p", "x_axis": {"label": "x", "categories": ["a", "b"]}, "y_axis": {"categories": ["r"]},
        "color_scale": {"label": "s", "min": 0, "max": 1.5}, "series": ["s1"],
        "cells": [{"row": "r", "col": "a", "series": "s1", "value": 1, "span": [0, 2]},
                  {"row": "r", "col": "b", "value": -2.5, "extra": True}],
    }],
}

# One edit each: type slips, out-of-range numbers, wrong literals, missing or extra keys.
EDITS = [
    lambda r: r.update(id=5),
    lambda r: r.update(id=None),
    lambda r: r.pop("id"),
    lambda r: r.update(chart_type="pie chart"),
    lambda r: r.update(chart_type=None),
    lambda r: r.update(title=3),
    lambda r: r.update(panels=None),
    lambda r: r.update(panels={}),
    lambda r: r.pop("panels"),
    lambda r: r.update(extra={"x": 1}),
    lambda r: r["panels"][0].update(x_axis=None),
    lambda r: r["panels"][0].pop("x_axis"),
    lambda r: r["panels"][0]["x_axis"].update(categories=["a", 1]),
    lambda r: r["panels"][0]["x_axis"].update(categories="ab"),
    lambda r: r["panels"][0].update(color_scale=None),
    lambda r: r["panels"][0].update(color_scale={"min": "0.5"}),
    lambda r: r["panels"][0].update(color_scale={"max": 1e400}),
    lambda r: r["panels"][0].update(series=None),
    lambda r: r["panels"][0].update(cells=[]),
    lambda r: r["panels"][0]["cells"][0].update(value="1.5"),
    lambda r: r["panels"][0]["cells"][0].update(value="one"),
    lambda r: r["panels"][0]["cells"][0].update(value=True),
    lambda r: r["panels"][0]["cells"][0].update(value=None),
    lambda r: r["panels"][0]["cells"][0].update(value=10**400),
    lambda r: r["panels"][0]["cells"][0].pop("value"),
    lambda r: r["panels"][0]["cells"][0].pop("row"),
    lambda r: r["panels"][0]["cells"][0].update(row=None),
    lambda r: r["panels"][0]["cells"][0].update(col=["a"]),
    lambda r: r["panels"][0]["cells"][0].update(series=1),
    lambda r: r["panels"][0]["cells"][0].update(span=[3, 1]),
    lambda r: r["panels"][0]["cells"][0].update(span=[-1, 1]),
    lambda r: r["panels"][0]["cells"][0].update(span=[1, 2, 3]),
    lambda r: r["panels"][0]["cells"][0].update(span=None),
    lambda r: r["panels"][0]["cells"][0].update(span=["1", 2]),
    lambda r: r["panels"][0]["cells"].append("not a cell"),
    lambda r: r["panels"].append(None),
]
TEXTS = ["", "[]", "null", '"x"', "{", '{"id": "a"} trailing', '{"id": "a", "id": "b"}', '{"id": "a", "value": NaN}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": NaN}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": Infinity}]}]}',
         '\ufeff{"id": "a"}', '{"id": "\\ud800"}']


def _model(text: str | bytes, model: type[BaseModel] = ChartRecord, **kw) -> dict | None:
    try:
        return model.model_validate_json(text, **kw).model_dump()
    except ValidationError:
        return None


def _plain(text: str | bytes, validator=RECORD, **kw) -> dict | None:
    try:
        return validator.validate_json(text, **kw)
    except ValidationError:
        return None


def _corpus() -> list[str]:
    texts = [json.dumps(GOOD), *TEXTS]
    for edit in EDITS:
        record = json.loads(json.dumps(GOOD))
        edit(record)
        texts.append(json.dumps(record))
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "gold").rglob("*.json"))]
    for records in sorted((ROOT / "runs").rglob("records.jsonl")):
        for text in records.read_text(encoding="utf-8").splitlines()[:40]:
            record = json.loads(text).get("record")
            if record is not None:
                texts.append(json.dumps(record))
    return texts


@pytest.mark.parametrize("text", _corpus())
def test_accepts_what_the_model_accepts_with_the_same_values(text: str) -> None:
    assert _plain(text) == _model(text)
    assert _plain(text.encode("utf-8", "surrogatepass")) == _model(text.encode("utf-8", "surrogatepass"))


def test_lax_python_input_too() -> None:
    for edit in [lambda r: None, *EDITS]:
        record = json.loads(json.dumps(GOOD))
        edit(record)
        try:
            expected = ChartRecord.model_validate(record).model_dump()
        except ValidationError:
            expected = None
        try:
            got = RECORD.validate_python(record)
        except ValidationError:
            got = None
        assert got == expected


def test_defaults_are_fresh_each_time() -> None:
    one, two = RECORD.validate_json('{"id": "a", "panels": [{}]}'), RECORD.validate_json('{"id": "b", "panels": [{}]}')
    assert one["panels"][0]["x_axis"] == {"label": None, "categories": []}
    one["panels"][0]["x_axis"]["categories"].append("changed")
    assert two["panels"][0]["x_axis"]["categories"] == []


def test_required_fields_refuse_what_the_model_would_default() -> None:
    gold = plain_validator(ChartRecord, required=["panels"])
    assert gold.validate_json('{"id": "a", "panels": []}')["panels"] == []
    with pytest.raises(ValidationError):
        gold.validate_json('{"id": "a"}')


@pytest.mark.parametrize("seed", range(3))
def test_run_lines_strictly_as_the_run_line_model(seed: int) -> None:
    rng = random.Random(seed)
    lines = []
    for records in sorted((ROOT / "runs").rglob("records.jsonl")):
        lines += records.read_text(encoding="utf-8").splitlines()[:20]
    odd = [{"elapsed_s": "1"}, {"elapsed_s": 1}, {"usage": {"calls": 1.0}}, {"usage": {"calls": "x"}},
           {"usage": None}, {"error": 3}, {"error": ""}, {"sha256": 1}, {"record": "x"}, {"whatever": [1]}]
    for text in list(lines):
        obj = json.loads(text)
        obj.update(rng.choice(odd))
        lines.append(json.dumps(obj))
    for text in lines:
        assert _plain(text, LINE, strict=True) == _model(text, RunLine, strict=True)


def test_what_has_no_plain_form_is_refused() -> None:
    class Checked(BaseModel):
        a: int

        @model_validator(mode="after")
        def check(self) -> Checked:
            return self

    with pytest.raises(TypeError):
        plain_validator(Checked)
