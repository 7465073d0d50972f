"""Cassettes: the model's HTTP traffic recorded by vcrpy, replayed so tests run offline.

One cassette per (extractor, prompt, model), e.g. ``cassettes/llm-default-smollm2-135m-instruct.json``,
holding every request the run made and the model's answer. The modes
(``--record-mode`` or ``HARNESS_RECORD_MODE``), each with its name in vcrpy's and
pytest-recording's vocabulary where it has one:

- ``record`` (vcrpy ``all``): every request goes to the model (never the response cache)
  and the cassette is written afresh;
- ``replay`` (vcrpy ``none``; also ``replay-only``): what CI uses. Answers come from the
  cassette only, never from the response cache, so a replay proves the cassette; a request
  the cassette lacks fails at once (the document's error names the cassette and the
  command that re-records it);
- ``once`` (vcrpy ``once``): ``replay`` when the cassette exists, ``record`` when it does not;
- ``new_episodes`` (vcrpy ``new_episodes``): what the cassette holds is replayed, what it
  lacks goes to the model and is added to it;
- ``off`` (default): no cassette, plain HTTP (the response cache answers what it can).

A cassette is written atomically (a temporary file, then a rename), so a run killed while
saving leaves the old cassette or the new one, never half of one; a cassette that is damaged
anyway (edited by hand, cut short by a full disk) fails before any call, naming the file
and the command that records it again.

Requests match on method, path and body (byte for byte): the host and port are left out because the
embedded server listens on a new free port every run. Authorization and API-key
headers are removed before anything is written, and cookies from responses.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import vcr

# vcrpy (and the HTTP stubs it loads) is imported where a cassette is read, written or used:
# the record modes below are read by every CLI command, most of which never touch a cassette.

RECORD_MODES = ("record", "replay", "once", "new_episodes", "off")
# Other names for them: vcrpy's and pytest-recording's, and the CLI's first spelling.
RECORD_MODE_ALIASES = {"all": "record", "none": "replay", "replay-only": "replay", "new-episodes": "new_episodes"}
DEFAULT_CASSETTE_DIR = Path("cassettes")
# Anything that can carry a credential, request side; matched case-insensitively by vcrpy.
SECRET_REQUEST_HEADERS = (
    "authorization", "proxy-authorization", "api-key", "x-api-key", "openai-api-key",
    "openai-organization", "openai-project", "cookie",
)
SECRET_RESPONSE_HEADERS = ("set-cookie", "authorization", "openai-organization", "openai-project")
_VCR_MODES = {"record": "all", "replay": "none", "new_episodes": "new_episodes"}

# The command that would re-record the cassette in use, for "not in the cassette" errors.
_rerecord_hint: contextvars.ContextVar[str | None] = contextvars.ContextVar("rerecord_hint", default=None)


class RecordModeError(ValueError):
    """An unknown record mode."""


class CassetteDamaged(ValueError):
    """A cassette that does not read (not JSON, not vcrpy's layout, empty)."""


class AtomicPersister:
    """vcrpy's file persister, but saving atomically and naming a damaged cassette."""

    @classmethod
    def load_cassette(cls, cassette_path: str, serializer: Any) -> Any:
        from vcr.persisters.filesystem import CassetteNotFoundError
        from vcr.serialize import deserialize

        path = Path(cassette_path)
        if not path.is_file():
            raise CassetteNotFoundError()
        try:
            data = path.read_text(encoding="utf-8")
            if not data.strip():
                raise ValueError("the file is empty")
            return deserialize(data, serializer)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            hint = rerecord_hint()
            cause = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise CassetteDamaged(
                f"cassette {path} is damaged ({cause}); "
                + (f"record it again with: {hint}" if hint else "record it again with --record-mode record")
            ) from None

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
        from vcr.serialize import serialize

        path = Path(cassette_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = serialize(cassette_dict, serializer)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def record_mode_from(option: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--record-mode`` wins over ``HARNESS_RECORD_MODE``; neither means ``off``."""
    env = os.environ if env is None else env
    mode = (option or env.get("HARNESS_RECORD_MODE") or "off").strip().lower()
    mode = RECORD_MODE_ALIASES.get(mode, mode)
    if mode not in RECORD_MODES:
        known = ", ".join([*RECORD_MODES, *RECORD_MODE_ALIASES])
        raise RecordModeError(f"unknown record mode {mode!r} (choose from {known})")
    return mode


def resolved_mode(mode: str, path: Path | str | None) -> str:
    """``once`` made definite for one cassette: ``replay`` if it exists, else ``record``."""
    if mode != "once":
        return mode
    return "replay" if path is not None and Path(path).is_file() else "record"


def slug(text: str) -> str:
    """A file-name-safe lower-case form: ``SmolLM2-135M-Instruct`` -> ``smollm2-135m-instruct``."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")[:80] or "x"


def cassette_path(directory: Path | str, extractor: str, prompt: str, model: str) -> Path:
    return Path(directory) / f"{slug(extractor)}-{slug(prompt)}-{slug(model)}.json"


def rerecord_hint() -> str | None:
    """How to re-record the cassette in use (set by :func:`use_cassette`), if any."""
    return _rerecord_hint.get()


def _drop_response_secrets(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_RESPONSE_HEADERS:
            del headers[name]
    return response


def _model_calls_only(request: Any) -> Any:
    # The embedded server's readiness probe (GET /v1/models) is not part of the answer.
    return request if request.method == "POST" and request.path.endswith("/chat/completions") else None


def _same_body(r1: Any, r2: Any) -> None:
    # Byte equality, not vcrpy's JSON-parsing "body" matcher: a replay compares each request
    # with every recorded one, and parsing both bodies each time is quadratic in JSON work.
    # The openai SDK serialises a request the same way every time, so bytes suffice.
    if r1.body != r2.body:
        raise AssertionError("bodies differ")


def recorder(mode: str) -> vcr.VCR:
    import vcr

    machine = vcr.VCR(
        serializer="json",
        record_mode=_VCR_MODES[mode],
        match_on=("method", "path", "same_body"),
        filter_headers=list(SECRET_REQUEST_HEADERS),
        filter_query_parameters=["api_key", "key"],
        before_record_request=_model_calls_only,
        before_record_response=_drop_response_secrets,
        decode_compressed_response=True,
    )
    machine.register_matcher("same_body", _same_body)
    machine.register_persister(AtomicPersister)
    return machine


@contextlib.contextmanager
def use_cassette(path: Path | str | None, mode: str, rerecord_command: str | None = None) -> Iterator[Any]:
    """Record into or replay from ``path`` for the block (mode ``off``: do nothing).

    vcrpy patches the HTTP transports process-wide, so one cassette serves every
    thread of a concurrent run.
    """
    if mode == "off" or path is None:
        yield None
        return
    mode = resolved_mode(mode, path)
    path = Path(path)
    if mode == "replay" and not path.is_file():
        raise FileNotFoundError(
            f"cassette {path} does not exist (replay-only)"
            + (f"; record it with: {rerecord_command}" if rerecord_command else "")
        )
    if mode == "record":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # written afresh: no stale answers survive a re-record
    token = _rerecord_hint.set(rerecord_command)
    try:
        # allow_playback_repeats: identical requests (the same step on the same text)
        # get the same answer, in any order, however many documents ask it.
        with recorder(mode).use_cassette(str(path), allow_playback_repeats=True) as cassette:
            yield cassette
    finally:
        _rerecord_hint.reset(token)
