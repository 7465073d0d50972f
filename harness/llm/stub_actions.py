"""What the stub server (:mod:`harness.llm.stub_server`) does with one completion request.

A test scripts the server with a list of :class:`Action`: :func:`answer` (content given,
or computed from the request), :func:`hang` (answer only after a delay, e.g. longer than
the client's timeout), :func:`rate_limited` (429 with Retry-After), :func:`server_error`
(500), :func:`invalid_json`, :func:`truncated` (half an answer with
``finish_reason="length"``) and :func:`drop` (the connection is closed without a response).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "Action",
    "Content",
    "answer",
    "drop",
    "hang",
    "invalid_json",
    "rate_limited",
    "server_error",
    "truncated",
]

Content = str | Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class Action:
    """What the server does with one completion request."""

    kind: str  # "answer", "status" or "drop"
    content: Content | None = None  # for "answer": the message content, or a function of the request
    delay_s: float = 0.0  # wait this long before doing it
    status: int = 200  # for "status"
    retry_after: str | None = None  # Retry-After header value, for "status"
    finish_reason: str = "stop"
    cut: bool = False  # send only the first half of the content (with finish_reason "length")

    def after(self, seconds: float) -> Action:
        """The same action, done ``seconds`` later."""
        return replace(self, delay_s=seconds)


def answer(content: Content, delay_s: float = 0.0) -> Action:
    """A 200 answer whose message content is ``content`` (a JSON string, or request -> string)."""
    return Action("answer", content=content, delay_s=delay_s)


def hang(seconds: float, then: Action | None = None) -> Action:
    """Say nothing for ``seconds`` (make it longer than the client's timeout), then ``then``."""
    return replace(then or answer("{}"), delay_s=seconds)


def rate_limited(retry_after_s: float, delay_s: float = 0.0) -> Action:
    """429 Too Many Requests, asking the client to wait ``retry_after_s`` seconds."""
    return Action("status", status=429, retry_after=f"{retry_after_s:g}", delay_s=delay_s)


def server_error(status: int = 500, delay_s: float = 0.0) -> Action:
    return Action("status", status=status, delay_s=delay_s)


def invalid_json(text: str = "Sure! Here is the answer: {value: one") -> Action:
    """A 200 answer whose content is not JSON at all (pass valid JSON of the wrong shape for
    a schema mismatch via :func:`answer`)."""
    return Action("answer", content=text)


def truncated(content: Content) -> Action:
    """The answer cut in the middle, as when the server hit ``max_tokens``."""
    return Action("answer", content=content, finish_reason="length", cut=True)


def drop(delay_s: float = 0.0) -> Action:
    """Close the connection without sending a response."""
    return Action("drop", delay_s=delay_s)
