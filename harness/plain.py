"""A pydantic model's validation, read from JSON straight into plain ``msgspec`` structs.

Why: reading a 10,000-document gold set or run validates millions of cells, and pydantic builds
several Python objects for each (a model instance, or at least a dict). A reader that only reads
the values (the scorer) decodes with :func:`plain_schema` instead: msgspec decodes JSON into one
small struct per object, checking types and required fields as it goes, several times faster.

The structs are derived from the model's own core schema (fields, types, literals, defaults, which
fields are required), so there is one definition of what is valid (the model) and no second copy
to drift from it. The fast path only has to be right where it says yes: whatever it refuses, the
caller reads through the model, which gives its own message (or accepts what only msgspec's
stricter reading refused: a number written as text, a float where an int is expected).
``tests/test_plain.py`` checks that what it accepts, the model accepts with the same values.

Where msgspec reads differently, the schema says so here:
- msgspec refuses NaN and infinite numbers in JSON (pydantic reads them, then ``allow_inf_nan``
  decides); a model that allows them only loses the fast path for such input.
- msgspec does not check UTF-8 inside the values it skips (unknown fields); :meth:`PlainSchema.decode`
  checks bytes that are not ASCII first.
- a field validator cannot run per value inside msgspec; it is listed in ``PlainSchema.checks``
  (model name, field -> the model's own validator) and the caller runs it on the values it holds.
- extra fields of a model that allows them are not kept (a reader of values has no use for them).

What is not carried over is refused when the schema is built (TypeError), not approximated: model
validators, custom ``__init__``, root models, aliases, computed fields, constrained strings and
numbers, validators that take ``info``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal, Union

import msgspec
from pydantic import BaseModel

# Keys a schema node may carry that do not change what it accepts.
_NEUTRAL = frozenset({"type", "metadata", "ref", "serialization"})
_SCALARS = {"str": str, "int": int, "float": float, "bool": bool}


@dataclass
class PlainSchema:
    """A model's schema as msgspec structs (``structs``: model name -> struct class)."""

    struct: type[msgspec.Struct]
    structs: dict[str, type[msgspec.Struct]]
    checks: dict[tuple[str, str], Callable[[Any], Any]]  # (model name, field) -> field validator
    decoder: msgspec.json.Decoder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.decoder = msgspec.json.Decoder(self.struct)

    def decode(self, data: bytes | str) -> Any:
        """The structs of ``data``, or None when this reading refuses it (the model decides then).

        The validators in ``checks`` are not run here (see the module's docstring).
        """
        try:
            if isinstance(data, bytes) and not data.isascii():
                data.decode("utf-8")  # msgspec does not check skipped values
            return self.decoder.decode(data)
        except (msgspec.DecodeError, UnicodeError, RecursionError):  # UnicodeError: a lone surrogate in text
            return None


def plain_schema(
    model: type[BaseModel], *, required: Collection[str] = (), only: Collection[str] | None = None
) -> PlainSchema:
    """``model``'s validation as msgspec structs.

    ``required``: top-level fields that must be stated even though the model has a default for
    them (the structs then refuse what the model would accept with the default). ``only``: the
    top-level fields to read (the others are skipped as unknown ones are): for a reader that needs
    a few fields of a model whose other fields have no plain form.
    """
    builder = _Builder()
    top = builder.model(model.__pydantic_core_schema__, required=frozenset(required), only=only)
    return PlainSchema(top, builder.structs, builder.checks)


class _Builder:
    def __init__(self) -> None:
        self.structs: dict[str, type[msgspec.Struct]] = {}
        self.checks: dict[tuple[str, str], Callable[[Any], Any]] = {}
        self.definitions: dict[str, Any] = {}
        self.built: dict[type, type[msgspec.Struct]] = {}

    def model(self, schema: dict[str, Any], *, required: frozenset[str] = frozenset(),
              only: Collection[str] | None = None) -> type[msgspec.Struct]:
        schema = self.resolve(schema)
        if schema.get("type") != "model":
            raise TypeError(f"not a model schema: {schema.get('type')}")
        cls = schema["cls"]
        if not required and only is None and cls in self.built:
            return self.built[cls]
        fields_schema = schema["schema"]
        if (
            schema.get("custom_init")
            or schema.get("root_model")
            or schema.get("post_init")
            or fields_schema.get("type") != "model-fields"
            or fields_schema.get("computed_fields")
            or fields_schema.get("extras_schema")
            or fields_schema.get("model_validators")
        ):
            raise TypeError(f"{cls.__name__}: only plain field models have a plain form")
        fields = []
        for name, spec in fields_schema["fields"].items():
            if only is not None and name not in only:
                continue
            if spec.get("validation_alias") is not None:
                raise TypeError(f"{cls.__name__}.{name}: aliases have no plain form")
            fields.append(self.field(cls.__name__, name, spec["schema"], name in required))
        config = schema.get("config", {})
        struct = msgspec.defstruct(
            cls.__name__, fields, kw_only=True, gc=False,
            forbid_unknown_fields=config.get("extra_fields_behavior") == "forbid",
        )
        if not required and only is None:
            self.built[cls] = struct
            self.structs.setdefault(cls.__name__, struct)
        else:
            self.structs[cls.__name__] = struct
        return struct

    def field(self, owner: str, name: str, schema: dict[str, Any], required: bool) -> tuple[Any, ...]:
        if schema["type"] != "default" or required:
            inner = schema["schema"] if schema["type"] == "default" else schema
            return (name, self.checked(owner, name, inner))
        if schema.get("default_factory_takes_data"):
            raise TypeError(f"{owner}.{name}: a default made from the data has no plain form")
        kind = self.checked(owner, name, schema["schema"])
        if "default_factory" in schema:
            factory = schema["default_factory"]
            if isinstance(factory, type) and issubclass(factory, BaseModel):
                factory = self.model(factory.__pydantic_core_schema__)
            return (name, kind, msgspec.field(default_factory=factory))
        return (name, kind, schema["default"])

    def checked(self, owner: str, name: str, schema: dict[str, Any]) -> Any:
        """The field's type; a field validator around it goes to ``checks``."""
        if schema["type"] == "function-after":
            function = schema["function"]
            if function.get("type") != "no-info":
                raise TypeError(f"{owner}.{name}: a validator that takes info has no plain form")
            self.checks[(owner, name)] = function["function"]
            return self.kind(schema["schema"])
        return self.kind(schema)

    def kind(self, schema: dict[str, Any]) -> Any:
        schema = self.resolve(schema)
        kind = schema["type"]
        if kind in _SCALARS:
            extra = set(schema) - _NEUTRAL - ({"allow_inf_nan"} if kind == "float" else set())
            if extra:
                raise TypeError(f"a constrained {kind} ({sorted(extra)}) has no plain form")
            return _SCALARS[kind]
        if kind == "nullable":
            return Union[self.kind(schema["schema"]), None]  # noqa: UP007 (built at run time)
        if kind == "list":
            if set(schema) - _NEUTRAL - {"items_schema"}:
                raise TypeError("a constrained list has no plain form")
            return list[self.kind(schema["items_schema"])]
        if kind == "literal":
            if not all(isinstance(v, str) for v in schema["expected"]):
                raise TypeError("only literals of text have a plain form")
            return Literal[tuple(schema["expected"])]
        if kind == "model":
            return self.model(schema)
        raise TypeError(f"a {kind} schema has no plain form")

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        if schema["type"] == "definitions":
            for definition in schema["definitions"]:
                self.definitions[definition["ref"]] = definition
            return self.resolve(schema["schema"])
        if schema["type"] == "definition-ref":
            return self.definitions[schema["schema_ref"]]
        return schema
