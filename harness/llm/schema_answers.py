"""Answers built from a request's response schema, for the stub server's default answer.

A JSON_SCHEMA-mode request carries the schema its answer must follow; the smallest
instance of that schema is a valid answer, so a test or benchmark can answer every
question of any extractor without scripting content for each.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["answer_from_schema", "minimal_instance", "response_schema"]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}
    return schema


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None, depth: int = 0) -> Any:
    """The smallest value valid under ``schema``: the first enum choice, 0, "", [], required fields only.

    Covers what pydantic writes for response models (objects, $defs/$ref, anyOf,
    enums, consts, arrays with minItems); not a general JSON Schema solver.
    """
    root = schema if root is None else root
    schema = _resolve(schema, root)
    if depth > 20:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if options:
            non_null = [o for o in options if _resolve(o, root).get("type") != "null"]
            return minimal_instance((non_null or options)[0], root, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {
            name: minimal_instance(properties.get(name, {}), root, depth + 1) for name in schema.get("required", [])
        }
    if kind == "array":
        item = minimal_instance(schema.get("items", {}), root, depth + 1)
        return [item] * int(schema.get("minItems", 0))
    if kind in ("number", "integer"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        return (int(low) + (1 if "exclusiveMinimum" in schema else 0)) if low is not None else 0
    if kind == "string":
        return "x" * int(schema.get("minLength", 0))
    if kind == "boolean":
        return False
    return None


def response_schema(request_json: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema a JSON_SCHEMA-mode request asks the answer to follow, if any."""
    response_format = request_json.get("response_format") or {}
    json_schema = response_format.get("json_schema") or {}
    schema = json_schema.get("schema")
    return schema if isinstance(schema, dict) else None


def answer_from_schema(request_json: dict[str, Any]) -> str:
    """A valid (minimal) answer to the request's response schema, as JSON text."""
    schema = response_schema(request_json)
    return json.dumps(minimal_instance(schema) if schema is not None else {})
