"""What a failed model call is: the error the client raises, and how it tells failures apart.

A call fails in one of two ways, and they are handled differently. The endpoint did not
answer (a connection error, a timeout, 429, 5xx): :func:`transport_error` finds that
behind instructor's wrapping, the client retries it with backoff (:class:`WaitRetryAfter`
honours the server's Retry-After) and, when retries run out, says so with
``LLMCallError(transport=True)``. Or the endpoint answered badly (invalid JSON, a schema
mismatch, an answer cut at ``max_tokens``): the client re-asks, and
:func:`last_failure` gives the last rejected answer's reason in one line. A request that
replay-only mode has no recorded answer for (:func:`unrecorded_request`) is neither
retried nor re-asked: asking again cannot help.
"""

from __future__ import annotations

import email.utils
import time

import openai
from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError
from tenacity import RetryCallState, wait_exponential_jitter
from vcr.errors import CannotOverwriteExistingCassetteException

_RETRY_STATUS = frozenset({408, 409, 429})
REASK_ERRORS = (ValidationError, ValueError)  # a bad answer; json.JSONDecodeError is a ValueError


class LLMCallError(RuntimeError):
    """A model call that gave no usable answer; ``reason`` is one line for the run's error column."""

    def __init__(self, step: str, reason: str, transport: bool = False) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason
        self.transport = transport  # the endpoint did not answer (as opposed to a bad answer)


# --- transport errors -------------------------------------------------------------------


def unrecorded_request(exc: BaseException | None) -> CannotOverwriteExistingCassetteException | None:
    """The cassette's refusal behind ``exc``: replay-only mode met a request it has no answer for."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, CannotOverwriteExistingCassetteException):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def transport_error(exc: BaseException | None) -> openai.APIError | None:
    """The retryable transport error behind ``exc`` (instructor wraps API errors), if any."""
    if unrecorded_request(exc) is not None:
        return None  # asking again cannot help: the answer is not in the cassette
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
            return exc
        if isinstance(exc, openai.APIStatusError) and (
            exc.status_code in _RETRY_STATUS or exc.status_code >= 500
        ):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def retry_after_s(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        if len(raw) > 64:
            return None
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        return max(0.0, parsed.timestamp() - time.time())


class WaitRetryAfter:
    """Tenacity wait: the server's Retry-After when given (capped), else exponential jitter."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.maximum = maximum
        self.fallback = wait_exponential_jitter(multiplier=initial, max=maximum, jitter=initial)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_s(transport_error(exc))
        return min(asked, self.maximum) if asked is not None else self.fallback(state)


def is_transport(exc: BaseException) -> bool:
    return transport_error(exc) is not None


# --- answer failures ------------------------------------------------------------------


def last_failure(error: InstructorRetryException) -> str:
    """Why the last attempt's answer was rejected, in one line.

    ``str(error)`` starts with a ``<failed_attempts>`` dump in instructor 1.17, so the
    reason is taken from the last attempt's exception (its first validation error).
    """
    attempts = getattr(error, "failed_attempts", None) or []
    cause: BaseException = attempts[-1].exception if attempts else (error.__cause__ or error)
    if isinstance(cause, ValidationError) and cause.error_count():
        first = cause.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{cause.error_count()} validation error(s) for {cause.title}: {where + ': ' if where else ''}{first['msg']}"
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
