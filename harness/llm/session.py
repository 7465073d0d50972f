"""A model session: the endpoint (or the embedded server), the client, and their lifetime.

Extractors hold a session and ask it for a client when they first need one. With no
endpoint configured the session starts the embedded server then, and stops it in
:meth:`close`; the ``with`` form makes that exit certain on errors and Ctrl-C too.
The embedded server is the machine's shared one (``harness.llm.shared_server``): a second
harness process queues on the server the first one started instead of starting another
(``HARNESS_SHARED_SERVER=0``: a private server inside this process, stopped by :meth:`close`).
A session that replays cassettes (``offline=True``) never starts the server: every
answer comes from the cassette, and the embedded endpoint gets a placeholder address.
The session makes one client and hands the same one to every caller, so the client's
bound on model calls in flight (``max_calls_in_flight``) holds across all of them.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from harness.llm.batch import BatchClient, BatchSettings
from harness.llm.cache import ResponseCache
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.server import EMBEDDED_MODEL_NAME, EmbeddedServer, ServerSettings

REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # port 9 (discard): nothing is ever sent there


class LLMSession:
    def __init__(
        self,
        endpoint: Endpoint | None = None,
        decoding: Decoding | None = None,
        server_settings: ServerSettings | None = None,
        http_client: Any = None,
        max_calls_in_flight: int = 1,
        cache: ResponseCache | None = None,
        cache_reads: bool = True,
        offline: bool = False,
        more_endpoints: tuple[Endpoint, ...] = (),
        rate_limit: Any = None,
        batch: BatchSettings | None = None,
    ) -> None:
        self.endpoint = endpoint
        # With batch settings the calls go out as batch jobs (harness.llm.batch.BatchClient).
        self.batch = batch
        # Further endpoints of the same model (--base-url given several times): one pool.
        self.more_endpoints = tuple(more_endpoints)
        self.rate_limit = rate_limit  # harness.llm.limits.RateLimit (or an adapter), shared by every call
        self.decoding = decoding or Decoding()
        self.server_settings = server_settings or ServerSettings(seed=self.decoding.seed)
        self._http_client = http_client
        self.max_calls_in_flight = max_calls_in_flight  # the client's bound; see LLMClient
        self.cache = cache
        self.cache_reads = cache_reads
        self.offline = offline
        self._server: EmbeddedServer | None = None
        self._client: LLMClient | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        return self.endpoint.model if self.endpoint is not None else EMBEDDED_MODEL_NAME

    @property
    def embedded(self) -> bool:
        return self.endpoint is None or self.endpoint.kind == "embedded"

    def client(self) -> LLMClient:
        with self._lock:
            if self._client is None:
                endpoint = self.endpoint
                if endpoint is None and self.offline:
                    # Replay-only: vcrpy answers before any connection is made; the path
                    # (/v1/chat/completions) is what cassettes match, not host or port.
                    endpoint = Endpoint.embedded(REPLAY_BASE_URL, EMBEDDED_MODEL_NAME)
                connect = None
                if endpoint is None and not self.offline:
                    # Started on the first call that the cache cannot answer, not before.
                    endpoint = Endpoint.embedded(REPLAY_BASE_URL, EMBEDDED_MODEL_NAME)
                    connect = self._start_server
                client_class: Any = LLMClient
                extra: dict[str, Any] = {}
                if self.batch is not None:
                    if endpoint is None or connect is not None:
                        raise ValueError("batch jobs need an endpoint with the Batch API (--base-url)")
                    client_class, extra = BatchClient, {"batch": self.batch}
                self._client = client_class(
                    endpoint,
                    self.decoding,
                    http_client=self._http_client,
                    max_calls_in_flight=self.max_calls_in_flight,
                    cache=self.cache,
                    cache_reads=self.cache_reads,
                    connect=connect,
                    more_endpoints=self.more_endpoints,
                    rate_limit=self.rate_limit,
                    **extra,
                )
            return self._client

    def _start_server(self) -> str:
        with self._lock:
            if self._server is None:
                self._server = _embedded_server(self.server_settings).start()
            return self._server.base_url

    def close(self) -> None:
        with self._lock:
            self._client = None
            if self._server is not None:
                self._server.stop()
                self._server = None

    def __enter__(self) -> LLMSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def describe(self) -> dict[str, Any]:
        """What the manifest records; does not start anything."""
        endpoint = self.endpoint or Endpoint.embedded("http://127.0.0.1/v1", EMBEDDED_MODEL_NAME)
        data: dict[str, Any] = {**endpoint.describe(), "decoding": self.decoding.describe()}
        if self.more_endpoints:
            data["base_urls"] = [endpoint.describe()["base_url"], *(e.describe()["base_url"] for e in self.more_endpoints)]
        if self.rate_limit is not None:
            # The limits asked for, not the run's history (describe() is all a Ray actor adapter has).
            described = self.rate_limit.describe()
            data["rate_limit"] = {"rps": described.get("rps"), "tpm": described.get("tpm")}
        if self.batch is not None:
            data["batch"] = {"poll_s": self.batch.poll_s}
        if self.embedded:
            data["embedded_server"] = self.server_settings.describe()
        return data


def _embedded_server(settings: ServerSettings) -> Any:
    """The machine's shared server (``harness.llm.shared_server``); in this process when
    ``HARNESS_SHARED_SERVER=0`` or where there is no ``flock``."""
    if os.environ.get("HARNESS_SHARED_SERVER", "1") == "0" or not hasattr(os, "getuid"):
        return EmbeddedServer(settings)
    from harness.llm.shared_server import SharedServer

    return SharedServer(settings)
