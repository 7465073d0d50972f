"""Talking to models (floor 1: knows nothing of charts, takes any pydantic response model).

``endpoint`` (where calls go and in which instructor mode), ``client`` (one typed call
with its re-asks, retries, timeout and usage, within the bound on calls in flight),
``failures`` (what a failed call is: no answer or a bad one, and its one-line reason),
``usage`` (calls, tokens, latency, cost), ``server`` (the embedded SmolLM2 server's
lifetime), ``session`` (an endpoint or the embedded server, and a client, for as long as
an extractor needs them).
"""

from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint, EndpointError, endpoint_from_options
from harness.llm.failures import LLMCallError
from harness.llm.server import EmbeddedServer, EmbeddedServerError, ServerSettings, serve_forever
from harness.llm.session import LLMSession
from harness.llm.usage import CallRecord, Usage

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
