"""A pydantic model's validation, with plain dicts and lists out instead of model instances.

Why: reading a 10,000-document gold set or run validates millions of cells, and a pydantic
model instance per cell costs about as much again as the validation itself (pydantic-core
builds several Python objects for each instance). A reader that only reads the values (the
scorer) validates with :func:`plain_validator` instead: the model's own core schema, every
model node turned into a typed dict. The fields, types, constraints, defaults and field
validators are the model's, so there is one definition of what is valid (the model) and
no second copy to drift from it; ``tests/test_plain.py`` checks that both accept the same
inputs and give the same values (``model_validate(x).model_dump() == plain(x)``).

What is not carried over is refused when the validator is built (TypeError), not
approximated: model validators (they expect an instance), custom ``__init__``, root models,
aliases, computed fields.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator, core_schema

# Keys of a core schema node whose value is one nested schema / a list of them.
_ONE = ("schema", "items_schema", "keys_schema", "values_schema", "return_schema")
_MANY = ("choices", "definitions", "items_schemas")
_FUNCTIONS = ("function-before", "function-after", "function-wrap", "function-plain")


def plain_validator(model: type[BaseModel], *, required: Collection[str] = ()) -> SchemaValidator:
    """Validates (``validate_json``, ``validate_python``) as ``model`` does, into plain data.

    ``required``: top-level fields that must be stated even though the model has a default
    for them (the plain validator then rejects what the model would accept with the default).
    """
    schema = _plain(model.__pydantic_core_schema__, top=True, required=frozenset(required))
    return SchemaValidator(schema)


def _plain(schema: Any, *, top: bool = False, required: frozenset[str] = frozenset()) -> Any:
    if isinstance(schema, list):
        return [_plain(item) for item in schema]
    if isinstance(schema, tuple):  # a tagged union's (schema, label)
        return (_plain(schema[0]), *schema[1:])
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        return _typed_dict(schema, required if top else frozenset())
    if kind == "definitions" and top:
        return {**schema, "schema": _plain(schema["schema"], top=True, required=required),
                "definitions": _plain(schema["definitions"])}
    if kind in _FUNCTIONS and isinstance(schema.get("schema"), dict) and schema["schema"].get("type") == "model":
        raise TypeError("a model validator expects a model instance; it has no plain form")
    if kind == "default" and isinstance(schema.get("default_factory"), type) and issubclass(
        schema["default_factory"], BaseModel
    ):
        schema = {**schema, "default_factory": partial(_plain_default, schema["default_factory"])}
    out = dict(schema)
    for key in _ONE:
        if key in out:
            out[key] = _plain(out[key])
    for key in _MANY:
        if key in out:
            out[key] = _plain(out[key])
    return out


def _typed_dict(schema: dict[str, Any], required: frozenset[str]) -> dict[str, Any]:
    fields_schema = schema["schema"]
    if (
        schema.get("custom_init")
        or schema.get("root_model")
        or schema.get("post_init")
        or fields_schema.get("type") != "model-fields"
        or fields_schema.get("computed_fields")
        or fields_schema.get("extras_schema")
    ):
        raise TypeError(f"{schema['cls'].__name__}: only plain field models have a plain form")
    fields = {}
    for name, field in fields_schema["fields"].items():
        if field.get("validation_alias") is not None:
            raise TypeError(f"{schema['cls'].__name__}.{name}: aliases have no plain form")
        inner = field["schema"]
        if name in required and inner["type"] == "default":
            inner = inner["schema"]
        fields[name] = core_schema.typed_dict_field(_plain(inner), required=inner["type"] != "default")
    config = schema.get("config", {})
    return core_schema.typed_dict_schema(
        fields,
        extra_behavior=config.get("extra_fields_behavior", "ignore"),
        strict=config.get("strict"),
        ref=schema.get("ref"),
    )


def _plain_default(model: type[BaseModel]) -> dict[str, Any]:
    """A model's default instance (``Field(default_factory=Axis)``) as plain data, fresh each time."""
    return model().model_dump()
