"""A model session: the endpoint (or the embedded server), the client, and their lifetime.

Extractors hold a session and ask it for a client when they first need one. With no
endpoint configured the session starts the embedded server then, and stops it in
:meth:`close`; the ``with`` form makes that exit certain on errors and Ctrl-C too.
"""

from __future__ import annotations

import threading
from typing import Any

from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.server import EMBEDDED_MODEL_NAME, EmbeddedServer, ServerSettings


class LLMSession:
    def __init__(
        self,
        endpoint: Endpoint | None = None,
        decoding: Decoding | None = None,
        server_settings: ServerSettings | None = None,
        http_client: Any = None,
        async_http_client: Any = None,
        concurrency: int = 1,
    ) -> None:
        self.endpoint = endpoint
        self.decoding = decoding or Decoding()
        self.server_settings = server_settings or ServerSettings(seed=self.decoding.seed)
        self._http_client = http_client
        self._async_http_client = async_http_client
        self.concurrency = concurrency
        self._server: EmbeddedServer | None = None
        self._client: LLMClient | None = None
        self._lock = threading.Lock()

    @property
    def embedded(self) -> bool:
        return self.endpoint is None or self.endpoint.kind == "embedded"

    def client(self) -> LLMClient:
        with self._lock:
            if self._client is None:
                endpoint = self.endpoint
                if endpoint is None:
                    self._server = EmbeddedServer(self.server_settings).start()
                    endpoint = Endpoint.embedded(self._server.base_url, EMBEDDED_MODEL_NAME)
                self._client = LLMClient(
                    endpoint,
                    self.decoding,
                    http_client=self._http_client,
                    async_http_client=self._async_http_client,
                    concurrency=self.concurrency,
                )
            return self._client

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
        if self.embedded:
            data["embedded_server"] = self.server_settings.describe()
        return data
