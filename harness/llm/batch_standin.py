"""A local stand-in for the OpenAI Batch API, answering from a real chat endpoint.

It serves, on 127.0.0.1 and a free port, the routes ``harness extract --batch`` uses:
``POST /v1/files`` (multipart upload), ``GET /v1/files/ID`` and ``/v1/files/ID/content``,
``POST /v1/batches``, ``GET /v1/batches`` and ``/v1/batches/ID``, ``POST
/v1/batches/ID/cancel``. A created batch runs in a thread: each request line is sent to
the chat endpoint at ``upstream`` (the embedded model's server, or the project's stub
server), and the answers become the job's output file (status 200) and error file (the
rest), in the Batch API's line format. For tests it can hold jobs in progress until
:meth:`BatchStandIn.release` (a run killed while a job is in flight), let a job expire after
N requests, or fail a job as a whole::

    with StubServer() as chat, BatchStandIn(chat.base_url) as batches:
        ...  # harness extract DOC --batch --base-url batches.base_url

Every request received is counted (:attr:`BatchStandIn.created` lists the jobs created).
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["BatchStandIn"]

_ids = itertools.count(1)


def _new_id(prefix: str) -> str:
    return f"{prefix}_standin{next(_ids):06d}"


@dataclass
class _State:
    upstream: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {"meta", "data"}
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    hold: threading.Event = field(default_factory=threading.Event)  # set: jobs wait in progress
    stopping: threading.Event = field(default_factory=threading.Event)
    expire_after: int | None = None  # run this many requests of a job, then let it expire
    fail_next: str | None = None  # the next job created fails as a whole with this message
    lock: threading.RLock = field(default_factory=threading.RLock)  # add_file is called with it held

    def add_file(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        meta = {"id": _new_id("file"), "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": filename, "purpose": purpose, "status": "processed"}
        with self.lock:
            self.files[meta["id"]] = {"meta": meta, "data": data}
        return meta


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def _body(self) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, payload: Any, content_type: str = "application/json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _not_found(self) -> None:
        self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        state = self.server.state
        parts = self.path.split("?")[0].strip("/").split("/")  # v1, files|batches, [id], [content]
        with state.lock:
            if parts[1:] == ["batches"]:
                data = sorted(state.batches.values(), key=lambda b: b["created_at"], reverse=True)
                self._send(200, {"object": "list", "data": data, "has_more": False})
            elif len(parts) == 3 and parts[1] == "batches" and parts[2] in state.batches:
                self._send(200, state.batches[parts[2]])
            elif len(parts) >= 3 and parts[1] == "files" and parts[2] in state.files:
                stored = state.files[parts[2]]
                if parts[3:] == ["content"]:
                    self._send(200, stored["data"], "application/octet-stream")
                else:
                    self._send(200, stored["meta"])
            else:
                self._not_found()

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        state = self.server.state
        parts = self.path.split("?")[0].strip("/").split("/")
        body = self._body()
        if parts[1:] == ["files"]:
            data, filename, purpose = _multipart_file(self.headers.get("content-type", ""), body)
            if data is None:
                self._send(400, {"error": {"message": "no file in the upload", "type": "invalid_request_error"}})
                return
            self._send(200, state.add_file(data, filename, purpose))
        elif parts[1:] == ["batches"]:
            self._create_batch(json.loads(body or b"{}"))
        elif len(parts) == 4 and parts[1] == "batches" and parts[3] == "cancel" and parts[2] in state.batches:
            with state.lock:
                state.batches[parts[2]]["status"] = "cancelling"
                self._send(200, state.batches[parts[2]])
        else:
            self._not_found()

    def _create_batch(self, request: dict[str, Any]) -> None:
        state = self.server.state
        if request.get("input_file_id") not in state.files:
            self._send(400, {"error": {"message": "unknown input_file_id", "type": "invalid_request_error"}})
            return
        batch = {"id": _new_id("batch"), "object": "batch", "endpoint": request.get("endpoint"),
                 "errors": None, "input_file_id": request["input_file_id"],
                 "completion_window": request.get("completion_window", "24h"), "status": "validating",
                 "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
                 "request_counts": {"total": 0, "completed": 0, "failed": 0},
                 "metadata": request.get("metadata") or {}}
        with state.lock:
            state.batches[batch["id"]] = batch
            state.created.append(batch["id"])
            fail, state.fail_next = state.fail_next, None
        threading.Thread(target=_run_batch, args=(state, batch["id"], fail), daemon=True).start()
        self._send(200, batch)


def _multipart_file(content_type: str, body: bytes) -> tuple[bytes | None, str, str]:
    """The ``file`` part's bytes and name, and the ``purpose`` field, of a multipart upload."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    data, filename, purpose = None, "upload.jsonl", "batch"
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            data = part.get_payload(decode=True)
            filename = part.get_filename() or filename
        elif name == "purpose":
            purpose = (part.get_payload(decode=True) or b"batch").decode()
    return data, filename, purpose


def _run_batch(state: _State, batch_id: str, fail: str | None) -> None:
    """Run one job: every request line to the upstream chat endpoint, then the result files."""
    with state.lock:
        batch = state.batches[batch_id]
        lines = state.files[batch["input_file_id"]]["data"].decode("utf-8").splitlines()
        batch["request_counts"]["total"] = len(lines)
        if fail is not None:
            batch.update(status="failed", errors={"object": "list", "data": [{"code": "invalid", "message": fail}]})
            return
        batch["status"] = "in_progress"
    outputs, errors = [], []
    for n, raw in enumerate(lines):
        while state.hold.is_set() and not state.stopping.is_set():
            time.sleep(0.02)
        if state.stopping.is_set() or state.batches[batch_id]["status"] == "cancelling":
            break
        if state.expire_after is not None and n >= state.expire_after:
            break
        request = json.loads(raw)
        line = {"id": _new_id("batch_req"), "custom_id": request["custom_id"], "error": None, "response": None}
        try:
            status, body = _ask_upstream(state.upstream, request["body"])
            line["response"] = {"status_code": status, "request_id": _new_id("req"), "body": body}
        except (OSError, ValueError) as exc:
            line["error"] = {"code": "upstream_error", "message": f"{type(exc).__name__}: {exc}"}
        ok = line["response"] is not None and line["response"]["status_code"] == 200
        (outputs if ok else errors).append(line)
        with state.lock:
            batch["request_counts"]["completed" if ok else "failed"] += 1
    with state.lock:
        if outputs:
            batch["output_file_id"] = state.add_file(_jsonl(outputs), "output.jsonl", "batch_output")["id"]
        if errors:
            batch["error_file_id"] = state.add_file(_jsonl(errors), "errors.jsonl", "batch_output")["id"]
        cancelled = batch["status"] == "cancelling"
        ran_all = len(outputs) + len(errors) == len(lines)
        batch["status"] = "cancelled" if cancelled else ("completed" if ran_all else "expired")


def _ask_upstream(base_url: str, body: dict[str, Any]) -> tuple[int, Any]:
    """POST one chat completion request upstream: its status and JSON body."""
    request = urllib.request.Request(f"{base_url}/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:  # noqa: S310 - a configured http URL
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def _jsonl(lines: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: _State


class BatchStandIn:
    """The stand-in, as a context manager on a free port; ``upstream`` is a chat endpoint's base URL."""

    def __init__(self, upstream: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = _State(upstream=upstream.rstrip("/"))
        self._address = (host, port)
        self._server: _Server | None = None

    def start(self) -> BatchStandIn:
        self._server = _Server(self._address, _Handler)
        self._server.state = self.state
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self.state.stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> BatchStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the batch stand-in is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def hold(self) -> None:
        """Jobs from now on stay in progress until :meth:`release`."""
        self.state.hold.set()

    def release(self) -> None:
        self.state.hold.clear()

    def expire_after(self, requests: int | None) -> None:
        """Each job runs this many requests, then expires (None: jobs run to the end)."""
        self.state.expire_after = requests

    def fail_next(self, message: str) -> None:
        """The next job created fails as a whole (as an input file the API rejects would)."""
        self.state.fail_next = message

    @property
    def created(self) -> list[str]:
        """The batch ids created, in order."""
        with self.state.lock:
            return list(self.state.created)

    def requests_of(self, batch_id: str) -> list[dict[str, Any]]:
        """The request lines a job was created with."""
        with self.state.lock:
            data = self.state.files[self.state.batches[batch_id]["input_file_id"]]["data"]
        return [json.loads(line) for line in data.decode("utf-8").splitlines()]
