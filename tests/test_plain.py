"""harness.plain and harness.record_data: a model's schema as msgspec structs.

The scorer reads gold files and run lines with them, so what they accept the model must
accept with the same values (``model.model_dump()``), on real files and hostile ones. What
they refuse goes to the model (which then says what is wrong, or accepts what only the
stricter reading refused), so refusing more is allowed; accepting more is not.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import msgspec
import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from harness import record_data
from harness.plain import plain_schema
from harness.record import ChartRecord

ROOT = Path(__file__).resolve().parent.parent

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
    lambda r: r["panels"][0]["cells"][0].update(value=10**30),
    lambda r: r["panels"][0]["cells"][0].update(value=2**63),
    lambda r: r["panels"][0]["cells"][0].update(value=-(2**64) - 1),
    lambda r: r["panels"][0]["cells"][0].update(value=1e-400),
    lambda r: r["panels"][0]["cells"][0].update(value=-0.0),
    lambda r: r["panels"][0]["cells"][0].update(value=1.7976931348623157e308),
    lambda r: r["panels"][0]["cells"][0].pop("value"),
    lambda r: r["panels"][0]["cells"][0].pop("row"),
    lambda r: r["panels"][0]["cells"][0].update(row=None),
    lambda r: r["panels"][0]["cells"][0].update(col=["a"]),
    lambda r: r["panels"][0]["cells"][0].update(series=1),
    lambda r: r["panels"][0]["cells"][0].update(span=[3, 1]),
    lambda r: r["panels"][0]["cells"][0].update(span=[-1, 1]),
    lambda r: r["panels"][0]["cells"][0].update(span=[1, 2, 3]),
    lambda r: r["panels"][0]["cells"][0].update(span=[1]),
    lambda r: r["panels"][0]["cells"][0].update(span=[]),
    lambda r: r["panels"][0]["cells"][0].update(span=None),
    lambda r: r["panels"][0]["cells"][0].update(span=["1", 2]),
    lambda r: r["panels"][0]["cells"][0].update(span=[1.0, 2]),
    lambda r: r["panels"][0]["cells"][0].update(span=[True, 2]),
    lambda r: r["panels"][0]["cells"][0].update(span=[0, 2**70]),
    lambda r: r["panels"][0]["cells"][1].update(span=[2, 2]),
    lambda r: r["panels"][0]["cells"].append("not a cell"),
    lambda r: r["panels"].append(None),
    lambda r: r["panels"].append({}),
]
TEXTS = ["", "[]", "null", '"x"', "{", '{"id": "a"} trailing', '{"id": "a", "id": "b"}', '{"id": "a", "value": NaN}',
         '{"id": "a", "panels": []} \n\t ',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": NaN}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": Infinity}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": -Infinity}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1e309}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1E2}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 01}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1.}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": .5}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": +1}]}]}',
         '\ufeff{"id": "a"}', '{"id": "\\ud800"}', '{"id": "\\udc00x"}', '{"id": "a", "x": "\\ud800"}',
         '{"id": "\\ud83d\\ude00", "panels": []}', '{"id": "a\\u0000b", "panels": []}', '{"\\u0069d": "a", "panels": []}',
         '{"id": "a\tb", "panels": []}', '{"id": "a", "x": "\x01", "panels": []}', '{"id": "a", "panels": [],}',
         '{"id": "a", "panels": [], "panels": null}', '{"id": "a", "panels": null, "panels": []}',
         '{"id": "a", "x": ' + "[" * 5000 + "]" * 5000 + ', "panels": []}',
         '{"id": "a", "x": ' + "[" * 200_000 + ', "panels": []}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1, "span": [0, 1], "span": [2, 1]}]}]}',
         '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": 1, "sp\\u0061n": [2, 1]}]}]}']


def _model(text: str | bytes, model: type[BaseModel] = ChartRecord, **kw) -> dict | None:
    try:
        return model.model_validate_json(text, **kw).model_dump()
    except ValidationError:
        return None


def _fast(text: str | bytes, schema=record_data.RECORD) -> dict | None:
    record = record_data.read(text, schema)
    return msgspec.to_builtins(record) if record is not None else None


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


def _agrees(fast: dict | None, model: dict | None) -> bool:
    """What the fast path accepts, the model accepts with the same values (types included)."""
    return fast is None or (model is not None and fast == model and _types(fast) == _types(model))


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__, (math.copysign(1, value) if isinstance(value, float) else None)


@pytest.mark.parametrize("text", _corpus())
def test_what_it_accepts_the_model_accepts_with_the_same_values(text: str) -> None:
    assert _agrees(_fast(text), _model(text))
    raw = text.encode("utf-8", "surrogatepass")
    assert _agrees(_fast(raw), _model(raw))
    assert _agrees(_fast(raw, record_data.GOLD), _model(raw) if '"panels"' in text else None)


def test_it_accepts_every_committed_record() -> None:
    """The fast path is not a path that refuses everything: real files take it."""
    for path in sorted((ROOT / "gold").rglob("*.json")):
        assert record_data.read(path.read_bytes(), record_data.GOLD) is not None, path
    for records in sorted((ROOT / "runs").rglob("records.jsonl")):
        for text in records.read_text(encoding="utf-8").splitlines():
            record = json.loads(text).get("record")
            if record is not None:
                assert record_data.read(json.dumps(record)) is not None, (records, text[:80])


def test_what_the_structs_refuse_that_the_model_reads() -> None:
    # a number written as text, a bool for a number: the model's lax reading decides
    for cell in ({"row": "r", "col": "c", "value": "1.5"}, {"row": "r", "col": "c", "value": True},
                 {"row": "r", "col": "c", "value": 1, "span": [1.0, 2]}):
        text = json.dumps({"id": "a", "panels": [{"cells": [cell]}]})
        assert _fast(text) is None and _model(text) is not None


@pytest.mark.parametrize(
    "data",
    [b'{"id": "a", "x": "caf\xe9", "panels": []}',  # invalid UTF-8 in a value the structs skip
     b'{"id": "a", "x\xff": 1, "panels": []}', b'{"id": "caf\xc3", "panels": []}',
     b'{"id": "a\xed\xa0\x80", "panels": []}', b'{"id": "a\xc0\xaf", "panels": []}'],
)
def test_invalid_utf8_anywhere_is_refused(data: bytes) -> None:
    assert _model(data) is None
    assert _fast(data) is None and _fast(data, record_data.GOLD) is None


def test_text_with_a_lone_surrogate_is_refused_not_raised() -> None:
    text = '{"id": "a\ud800", "panels": []}'
    assert record_data.read(text) is None and record_data.read(text, record_data.GOLD) is None  # the model decides


def test_floats_read_to_the_same_bits() -> None:
    rng = random.Random(0)
    values = [rng.uniform(-1e6, 1e6) for _ in range(300)] + [rng.random() * 10 ** rng.randint(-320, 308)
                                                               for _ in range(300)]
    texts = [repr(v) for v in values] + [f"{v:.25e}" for v in values[:200]] + [f"{v:.17g}" for v in values[:200]]
    texts += [str(rng.randint(-(10**25), 10**25)) for _ in range(100)] + ["5e-324", "2.2250738585072014e-308",
                                                                           "4.9406564584124654e-324", "0.1e1"]
    for number in texts:
        text = '{"id": "a", "panels": [{"cells": [{"row": "r", "col": "c", "value": NUMBER}]}]}'.replace("NUMBER", number)
        fast, model = _fast(text), _model(text)
        assert fast is not None and fast == model, number
        assert fast["panels"][0]["cells"][0]["value"].hex() == model["panels"][0]["cells"][0]["value"].hex()


def test_gold_must_state_panels() -> None:
    assert record_data.read('{"id": "a", "panels": []}', record_data.GOLD).panels == []
    assert record_data.read('{"id": "a"}', record_data.GOLD) is None
    assert record_data.read('{"id": "a"}').panels == []


def test_defaults_are_fresh_each_time() -> None:
    one, two = record_data.read('{"id": "a", "panels": [{}]}'), record_data.read('{"id": "b", "panels": [{}]}')
    assert msgspec.to_builtins(one.panels[0].x_axis) == {"label": None, "categories": []}
    one.panels[0].x_axis.categories.append("changed")
    assert two.panels[0].x_axis.categories == []


def test_the_span_check_is_the_models_validator() -> None:
    assert record_data.RECORD.checks == {("Cell", "span"): record_data._SPAN_VALID}
    with pytest.raises(ValueError):
        record_data._SPAN_VALID([2, 1])


def test_what_has_no_plain_form_is_refused() -> None:
    class Checked(BaseModel):
        a: int

        @model_validator(mode="after")
        def check(self) -> Checked:
            return self

    class Aliased(BaseModel):
        a: int = Field(validation_alias="b")

    class Constrained(BaseModel):
        a: str = Field(min_length=2)

    class NeedsInfo(BaseModel):
        a: int

        @field_validator("a")
        @classmethod
        def check(cls, v, info):
            return v

    for model in (Checked, Aliased, Constrained, NeedsInfo):
        with pytest.raises(TypeError):
            plain_schema(model)


def test_only_and_required() -> None:
    class Line(BaseModel):
        id: str
        n: int = 0
        other: dict = Field(default_factory=dict)

    schema = plain_schema(Line, only=("id", "n"), required=("n",))
    assert schema.struct.__struct_fields__ == ("id", "n")
    assert schema.decode('{"id": "a", "n": 2, "other": 5}').n == 2
    assert schema.decode('{"id": "a"}') is None
