"""One embedded model per machine, shared by every harness process.

Measured on 2 cores: one ``harness extract --extractor hybrid`` on one description took
13 s; two started at once, each with its own llama.cpp server of 2 threads, took 350 s each
(27x, not 2x), because the two servers fight over the same cores. So the embedded model is
a per-machine service: the first process that needs it starts it, every other one (a second
terminal, ``harness iterate`` beside an extract, parallel tests, workers) finds it and
queues its requests on it, and it stops itself once nobody has used it for an idle timeout.

How, with nothing but files and ``flock`` in a per-user folder (``HARNESS_SERVER_DIR``, by
default ``/tmp/harness-server-UID``), one set of files per server setting:
- ``server-KEY.users.lock``: every process using the server holds a shared lock on it for as
  long as it does; the kernel drops it when the process exits, however it exits.
- ``server-KEY.start.lock``: held briefly by whoever checks, starts or retires the server, so
  two processes never start two servers.
- ``server-KEY.json``: the running server's pid and port, written by the server process.
- The server runs in its own process (``python -m harness.llm.shared_server``), detached from
  the one that started it: it outlives its starter and checks every half second whether it
  can take the users lock exclusively, i.e. whether anybody still uses it; after
  ``idle_timeout_s`` with nobody, it removes its state file and stops.
A server that crashed leaves a state file whose pid is dead or whose port does not answer:
the next process finds that out under the start lock and starts a fresh one, so a crash
never leaves the next run stuck.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.llm.server import EmbeddedServer, EmbeddedServerError, ServerSettings, answers

DEFAULT_IDLE_TIMEOUT_S = 30.0
POLL_S = 0.5


def state_dir(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    return Path(env.get("HARNESS_SERVER_DIR") or f"/tmp/harness-server-{os.getuid()}")


def server_key(settings: ServerSettings) -> str:
    """Processes share a server only when it is the same server (model file, context, threads...)."""
    described = {**settings.describe(), "model_path": settings.model_path, "seed": settings.seed}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class ServerFiles:
    users: Path
    start: Path
    state: Path
    log: Path

    @classmethod
    def of(cls, settings: ServerSettings, directory: Path) -> ServerFiles:
        key = server_key(settings)
        return cls(*(directory / f"server-{key}{suffix}" for suffix in (".users.lock", ".start.lock", ".json", ".log")))


@contextlib.contextmanager
def _locked(path: Path, how: int) -> Iterator[int]:
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, how)
        yield handle
    finally:
        os.close(handle)


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("pid"), int) and isinstance(state.get("port"), int) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SharedServer:
    """A lease on the machine's embedded server: ``start()`` finds or starts it, ``stop()`` lets it go.

    Same surface as :class:`~harness.llm.server.EmbeddedServer` (``start``, ``base_url``, ``stop``),
    so a session uses either.
    """

    def __init__(self, settings: ServerSettings | None = None, *, directory: Path | None = None,
                 idle_timeout_s: float | None = None) -> None:
        self.settings = settings or ServerSettings()
        self.directory = directory or state_dir()
        self.idle_timeout_s = idle_timeout_s if idle_timeout_s is not None else float(
            os.environ.get("HARNESS_SERVER_IDLE_S") or DEFAULT_IDLE_TIMEOUT_S)
        self.files = ServerFiles.of(self.settings, self.directory)
        self._lease: int | None = None
        self.base_url: str | None = None
        self.started_here = False  # whether this process started the server (for tests and logs)

    def start(self) -> SharedServer:
        if self._lease is not None:
            return self
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        lease = os.open(self.files.users, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            # Shared: many users at once. Blocks only while a retiring server holds it exclusively.
            fcntl.flock(lease, fcntl.LOCK_SH)
            with _locked(self.files.start, fcntl.LOCK_EX):
                state = _read_state(self.files.state)
                if state is None or not _alive(state["pid"]) or not answers(_models_url(state["port"])):
                    state = self._spawn()
                    self.started_here = True
        except BaseException:
            os.close(lease)
            raise
        self._lease = lease
        self.base_url = f"http://{self.settings.host}:{state['port']}/v1"
        return self

    def _spawn(self) -> dict[str, Any]:
        self.files.state.unlink(missing_ok=True)
        settings = {k: v for k, v in dataclasses.asdict(self.settings).items()}
        command = [sys.executable, "-m", "harness.llm.shared_server", "--settings", json.dumps(settings),
                   "--directory", str(self.directory), "--idle", str(self.idle_timeout_s)]
        with self.files.log.open("ab") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                       start_new_session=True, close_fds=True, env=_child_env())
        deadline = time.monotonic() + self.settings.startup_timeout_s + 30
        while time.monotonic() < deadline:
            state = _read_state(self.files.state)
            if state is not None and state["pid"] == process.pid and answers(_models_url(state["port"])):
                return state
            if process.poll() is not None:
                raise EmbeddedServerError(f"the shared embedded server exited at start (code {process.returncode}); "
                                          f"see {self.files.log}")
            time.sleep(0.1)
        process.kill()
        raise EmbeddedServerError(f"the shared embedded server did not start in time; see {self.files.log}")

    def stop(self) -> None:
        """Let the server go (it stops itself once nobody has used it for the idle timeout)."""
        lease, self._lease = self._lease, None
        if lease is not None:
            os.close(lease)

    def __enter__(self) -> SharedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _models_url(port: int, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{port}/v1/models"


def _child_env() -> dict[str, str]:
    # The server process imports this package the way its starter does.
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def serve_until_idle(settings: ServerSettings, directory: Path, idle_timeout_s: float) -> None:
    """The server process: serve, and stop after ``idle_timeout_s`` with no process using it."""
    files = ServerFiles.of(settings, directory)
    with EmbeddedServer(settings) as server:
        text = json.dumps({"pid": os.getpid(), "port": server.port, "base_url": server.base_url})
        temporary = files.state.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, files.state)
        # One line per server ever started here: how tests and people tell one server from two.
        print(f"harness shared server: pid {os.getpid()} serving {server.base_url}", flush=True)
        users = os.open(files.users, os.O_RDWR | os.O_CREAT, 0o600)
        idle_since: float | None = None
        try:
            while True:
                time.sleep(POLL_S)
                try:
                    fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    idle_since = None  # somebody uses it
                    continue
                now = time.monotonic()
                idle_since = idle_since if idle_since is not None else now
                if now - idle_since >= idle_timeout_s:
                    # Retire while still holding the users lock: nobody can start using it now.
                    with _locked(files.start, fcntl.LOCK_EX):
                        state = _read_state(files.state)
                        if state is not None and state["pid"] == os.getpid():
                            files.state.unlink(missing_ok=True)
                    return
                fcntl.flock(users, fcntl.LOCK_UN)
        finally:
            os.close(users)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="the machine's shared embedded model server (started by harness)")
    parser.add_argument("--settings", required=True)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--idle", type=float, default=DEFAULT_IDLE_TIMEOUT_S)
    args = parser.parse_args(argv)
    settings = ServerSettings(**json.loads(args.settings))
    serve_until_idle(settings, Path(args.directory), args.idle)


if __name__ == "__main__":
    main()
