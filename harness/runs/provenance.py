"""How a run was made, as its manifest says: extractor, model, prompt, date, status.

Manifests come in several shapes (record-format.md asks only for "extractor, model,
prompt name and hash, start and end time, totals"): ``model``, ``prompt_name`` and
``prompt_hash`` at the top level, or only inside ``extractor`` (``prompt`` and
``prompt_sha256`` as the prompt describes itself), or ``extractor`` a bare string in
hand-made runs. Whatever is not a usable string is None: a reader sees "-", never a
crash. Strings are capped, since a manifest is as untrusted as any run file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.runs.model import Manifest

MAX_TEXT = 120
HASH_SHOWN = 12


@dataclass(frozen=True)
class Provenance:
    extractor: str | None = None
    model: str | None = None
    prompt: str | None = None  # "name@hash", the name alone or the hash alone
    started_at: str | None = None
    status: str | None = None


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    flat = " ".join(value.split())
    return flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1] + "…"


def _first(*values: Any) -> str | None:
    for value in values:
        text = _text(value)
        if text is not None:
            return text
    return None


def provenance(manifest: Manifest | None) -> Provenance:
    if manifest is None:
        return Provenance()
    described = manifest.extractor
    extractor = manifest.extractor_details
    name = _first(extractor.get("name"), extractor.get("extractor"), described if isinstance(described, str) else None)
    model = _first(manifest.model, extractor.get("model"))
    prompt_name = _first(manifest.prompt_name, extractor.get("prompt_name"), extractor.get("prompt"))
    prompt_hash = _first(manifest.prompt_hash, extractor.get("prompt_hash"), extractor.get("prompt_sha256"))
    if prompt_hash is not None:
        prompt_hash = prompt_hash[:HASH_SHOWN]
    prompt = "@".join(part for part in (prompt_name, prompt_hash) if part) or None
    return Provenance(
        extractor=name,
        model=model,
        prompt=prompt,
        started_at=_text(manifest.started_at),
        status=_text(manifest.status),
    )
