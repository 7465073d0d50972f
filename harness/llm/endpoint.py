"""Where model calls go: an OpenAI-compatible endpoint, its kind, and the instructor mode.

The mode is a property of the endpoint, not of the prompt: OpenAI's own API is
most reliable with tool calls (TOOLS), while llama.cpp-style servers constrain
decoding with ``response_format={"type": "json_schema", ...}`` (JSON_SCHEMA);
there a 135M model answers TOOLS with prose and JSON/MD_JSON with an echo of the
schema. The chosen mode is recorded in every run's manifest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import instructor

EndpointKind = Literal["openai", "embedded", "openai-compatible"]

OPENAI_HOST = "api.openai.com"
# llama.cpp and most local servers accept any key; the OpenAI SDK insists on one.
LOCAL_API_KEY = "sk-no-key-required"


class EndpointError(ValueError):
    """The endpoint settings cannot work (missing key, malformed URL...)."""


def kind_of(base_url: str | None) -> EndpointKind:
    if base_url is None:
        return "openai"
    host = (urlsplit(base_url).hostname or "").lower()
    return "openai" if host == OPENAI_HOST or host.endswith("." + OPENAI_HOST) else "openai-compatible"


def mode_for(kind: EndpointKind) -> instructor.Mode:
    return instructor.Mode.TOOLS if kind == "openai" else instructor.Mode.JSON_SCHEMA


def _public_url(base_url: str | None) -> str | None:
    """The URL without user:password@, query or fragment: safe to write in a manifest."""
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class Endpoint:
    model: str
    base_url: str | None = None  # None: the OpenAI SDK's default (api.openai.com)
    api_key: str | None = None
    kind: EndpointKind = "openai-compatible"
    mode: instructor.Mode = instructor.Mode.JSON_SCHEMA

    @classmethod
    def remote(
        cls,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: instructor.Mode | None = None,
    ) -> Endpoint:
        if not model:
            raise EndpointError("a model name is needed for a remote endpoint (--model)")
        if base_url is not None and urlsplit(base_url).scheme not in ("http", "https"):
            raise EndpointError(f"base URL must start with http:// or https://, got {base_url!r}")
        kind = kind_of(base_url)
        if api_key is None and kind == "openai":
            raise EndpointError("OPENAI_API_KEY is not set (needed for api.openai.com)")
        return cls(
            model=model,
            base_url=base_url,
            api_key=api_key or LOCAL_API_KEY,
            kind=kind,
            mode=mode or mode_for(kind),
        )

    @classmethod
    def embedded(cls, base_url: str, model: str) -> Endpoint:
        return cls(
            model=model,
            base_url=base_url,
            api_key=LOCAL_API_KEY,
            kind="embedded",
            mode=instructor.Mode.JSON_SCHEMA,
        )

    def describe(self) -> dict[str, Any]:
        # The embedded server's port changes every run: leave it out so manifests compare.
        url = "embedded (127.0.0.1, free port)" if self.kind == "embedded" else _public_url(self.base_url)
        return {
            "model": self.model,
            "endpoint_kind": self.kind,
            "base_url": url or f"https://{OPENAI_HOST}/v1",
            "instructor_mode": self.mode.value,
        }


def endpoints_from_options(
    model: str | None = None,
    base_urls: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> list[Endpoint]:
    """The endpoints ``--base-url`` (given once or several times) configures: one model, one key;
    ``[]`` for the embedded model. Repeated URLs count once."""
    urls = list(dict.fromkeys(base_urls)) or [None]
    endpoints = [endpoint_from_options(model, url, env) for url in urls]
    return [e for e in endpoints if e is not None]


def endpoint_from_options(
    model: str | None = None,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Endpoint | None:
    """The remote endpoint the options and environment configure, or None for the embedded model.

    ``--base-url`` wins over ``OPENAI_BASE_URL``; the key always comes from
    ``OPENAI_API_KEY`` (never from a flag, so it stays out of shell history and manifests).
    """
    env = os.environ if env is None else env
    base_url = base_url or env.get("OPENAI_BASE_URL") or None
    if base_url is None and not model:
        return None
    if not model:
        raise EndpointError("--model is needed with --base-url / OPENAI_BASE_URL")
    return Endpoint.remote(model=model, base_url=base_url, api_key=env.get("OPENAI_API_KEY") or None)
