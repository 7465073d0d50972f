"""Talking to models (floor 1: knows nothing of charts, takes any pydantic response model).

``endpoint`` (where calls go and in which instructor mode), ``client`` (one typed call
with its re-asks, retries, timeout and usage, within the bound on calls in flight),
``failures`` (what a failed call is: no answer or a bad one, and its one-line reason),
``usage`` (calls, tokens, latency, cost), ``server`` (the embedded SmolLM2 server's
lifetime), ``session`` (an endpoint or the embedded server, and a client, for as long as
an extractor needs them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.llm.client import Decoding, LLMClient
    from harness.llm.endpoint import Endpoint, EndpointError, endpoint_from_options
    from harness.llm.failures import LLMCallError
    from harness.llm.server import (
        EmbeddedServer,
        EmbeddedServerError,
        ServerSettings,
        serve_forever,
    )
    from harness.llm.session import LLMSession
    from harness.llm.usage import CallRecord, Usage

# Each name is loaded from its module on first use (PEP 562), so that importing one light
# module of the package (``harness.llm.cassettes`` for the CLI's options, ``usage``) does not
# load the model client and its SDKs (about 1.5 s of CPU): ``harness score`` never calls a model.
_HOMES = {
    "Decoding": "client", "LLMClient": "client",
    "Endpoint": "endpoint", "EndpointError": "endpoint", "endpoint_from_options": "endpoint",
    "LLMCallError": "failures",
    "EmbeddedServer": "server", "EmbeddedServerError": "server", "ServerSettings": "server",
    "serve_forever": "server",
    "LLMSession": "session",
    "CallRecord": "usage", "Usage": "usage",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"harness.llm.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CallRecord",
    "Decoding",
    "EmbeddedServer",
    "EmbeddedServerError",
    "Endpoint",
    "EndpointError",
    "LLMCallError",
    "LLMClient",
    "LLMSession",
    "ServerSettings",
    "Usage",
    "endpoint_from_options",
    "serve_forever",
]
