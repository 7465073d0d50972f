"""A local OpenAI-compatible server that misbehaves on purpose, for tests and benchmarks.

It answers ``POST /v1/chat/completions`` (plus ``GET /v1/models`` and ``/health``) on
127.0.0.1 and a free port, over real HTTP, so the whole client stack (openai SDK,
instructor, tenacity, sockets, timeouts) is exercised. What each completion request
gets is scripted: a list of :class:`Action` consumed in order, then a default, which may
be a function of the request body::

    with StubServer([rate_limited(0.3), answer('{"value": 1}')]) as stub:
        client = LLMClient(Endpoint.remote(model="m", base_url=stub.base_url))

The actions are :mod:`harness.llm.stub_actions` (answer, hang, rate_limited,
server_error, invalid_json, truncated, drop) and the default answer is the smallest valid
one to the request's response schema (:mod:`harness.llm.schema_answers`); both are
importable from here too, so a test needs one import. Every completion answer carries a
``usage`` block and a ``finish_reason`` like a real server's.

Every request received is kept (:attr:`StubServer.requests`, with the Authorization
header's value masked) so tests can count calls and look at what was sent. Each
connection has its own thread and delays wait on an event, so many slow requests are
served at once and stopping the server does not wait for them. :meth:`StubServer.go_down`
makes it answer 503 to everything, health checks included, until :meth:`StubServer.come_back`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from harness.llm.schema_answers import answer_from_schema, minimal_instance
from harness.llm.stub_actions import (
    Action,
    answer,
    drop,
    hang,
    invalid_json,
    rate_limited,
    server_error,
    truncated,
)

__all__ = [
    "Action",
    "ReceivedRequest",
    "StubServer",
    "answer",
    "answer_from_schema",
    "drop",
    "hang",
    "invalid_json",
    "minimal_instance",
    "rate_limited",
    "server_error",
    "truncated",
]

STUB_MODEL = "stub-model"


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names; the Authorization value is masked
    body: Any  # the parsed JSON body, or None
    at: float  # time.monotonic() when it arrived

    @property
    def is_completion(self) -> bool:
        return self.method == "POST" and self.path.rstrip("/").endswith("/chat/completions")


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def completion_body(request_json: dict[str, Any], content: str, finish_reason: str) -> dict[str, Any]:
    prompt = json.dumps(request_json.get("messages", []))
    prompt_tokens, completion_tokens = _estimate_tokens(prompt), _estimate_tokens(content)
    return {
        "id": f"chatcmpl-stub-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request_json.get("model") or STUB_MODEL,
        "system_fingerprint": "stub",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "logprobs": None,
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


Responder = Callable[[dict[str, Any]], "Action | str"]


@dataclass
class _State:
    script: list[Action]
    default: Action | Responder
    requests: list[ReceivedRequest] = field(default_factory=list)
    in_flight: int = 0
    down: bool = False  # go_down(): every request, completions and health checks, gets a 503
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def next_action(self, request_json: dict[str, Any]) -> Action:
        with self.lock:
            if self.script:
                return self.script.pop(0)
        chosen = self.default(request_json) if callable(self.default) else self.default
        return chosen if isinstance(chosen, Action) else answer(chosen)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's connection pool expects
    # Headers and body go out in two writes; with Nagle on, the client's delayed ACK
    # holds the body back ~40 ms, which would be measured as harness overhead.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # tests and benchmarks print their own figures

    # --- plumbing --------------------------------------------------------------------
    def _receive(self) -> ReceivedRequest:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        if "authorization" in headers:
            headers["authorization"] = "***"
        received = ReceivedRequest(self.command, self.path, headers, body, time.monotonic())
        with self.server.state.lock:
            self.server.state.requests.append(received)
        return received

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    # --- routes ----------------------------------------------------------------------
    def _down(self) -> bool:
        if self.server.state.down:
            self._send_json(503, {"error": {"message": "stub server is down", "type": "stub", "code": 503}})
        return self.server.state.down

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._receive()
        path = self.path.rstrip("/")
        if self._down():
            return
        if path.endswith("/models"):
            model = {"id": STUB_MODEL, "object": "model", "owned_by": "stub"}
            self._send_json(200, {"object": "list", "data": [model]})
        elif path.endswith("/health"):
            self._send_json(200, {"status": "ok"})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        received = self._receive()
        if self._down():
            return
        if not received.is_completion:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        state = self.server.state
        request_json = received.body if isinstance(received.body, dict) else {}
        with state.lock:
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            action = state.next_action(request_json)
            if action.delay_s > 0 and state.stopping.wait(action.delay_s):
                self.close_connection = True
                return
            self._act(action, request_json)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (its timeout) before we answered
        finally:
            with state.lock:
                state.in_flight -= 1

    def _act(self, action: Action, request_json: dict[str, Any]) -> None:
        if action.kind == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if action.kind == "status":
            headers = {"Retry-After": action.retry_after} if action.retry_after is not None else {}
            message = "rate limited, slow down" if action.status == 429 else "stub server error"
            error = {"message": message, "type": "stub", "code": action.status}
            self._send_json(action.status, {"error": error}, headers)
            return
        content = action.content(request_json) if callable(action.content) else (action.content or "")
        if action.cut:
            content = content[: max(1, len(content) // 2)]
        self._send_json(200, completion_body(request_json, content, action.finish_reason))


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hanging handler must not keep the process alive
    request_queue_size = 128  # many clients connect at once in the benchmark
    allow_reuse_address = True
    state: _State


class StubServer:
    """The scripted server; a context manager that starts it on a free port and stops it.

    ``script``: actions for the first completion requests, in order. ``default``: for
    every later request, an :class:`Action`, or a function of the request body returning
    an Action or the content to answer with (default: a minimal valid answer to the
    request's response schema).
    """

    def __init__(
        self,
        script: Iterable[Action] = (),
        default: Action | Responder = answer(answer_from_schema),  # noqa: B008 (an immutable action)
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._state = _State(script=list(script), default=default)
        self._host, self._port = host, port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> StubServer:
        server = _Server((self._host, self._port), _Handler)
        server.state = self._state
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._state.stopping.set()  # wakes handlers that are waiting out a delay
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- where and what --------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the stub server is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/v1"

    def push(self, *actions: Action) -> None:
        """Append actions to the script (they come before the default)."""
        with self._state.lock:
            self._state.script.extend(actions)

    def go_down(self) -> None:
        """From now on every request (health checks too) is answered 503, until :meth:`come_back`."""
        self._state.down = True

    def come_back(self) -> None:
        self._state.down = False

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def completions(self) -> list[ReceivedRequest]:
        """The chat completion requests received, in arrival order."""
        return [r for r in self.requests if r.is_completion]

    @property
    def calls(self) -> int:
        return len(self.completions)

    @property
    def max_in_flight(self) -> int:
        """The most completion requests that were being handled at the same time."""
        with self._state.lock:
            return self._state.max_in_flight
