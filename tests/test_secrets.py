"""No secret ever lands in a committed cassette or run.

Scans every file under cassettes/ and runs/ for credential headers and key-like strings.
The check runs on the files as committed, so a re-recorded cassette is checked too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = [p for folder in ("cassettes", "runs") for p in sorted((ROOT / folder).rglob("*")) if p.is_file()]

SECRET_HEADERS = {"authorization", "proxy-authorization", "api-key", "x-api-key", "openai-api-key",
                  "cookie", "set-cookie", "openai-organization", "openai-project"}
KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_-]{12,}|\bBearer\s+\S+|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{20,}")


def test_something_is_scanned():
    assert any(p.parent.name == "cassettes" and p.suffix == ".json" for p in SCANNED), "no cassettes committed"


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_secret_in(path: Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = KEY_LIKE.search(text)
    assert found is None, f"{path}: key-like text {found.group(0)[:12]}..."
    if path.parent.name == "cassettes" and path.suffix == ".json":
        for interaction in json.loads(text)["interactions"]:
            for side in ("request", "response"):
                names = {name.lower() for name in (interaction[side].get("headers") or {})}
                assert not names & SECRET_HEADERS, f"{path}: {side} header {sorted(names & SECRET_HEADERS)}"


def test_the_scan_would_catch_a_key():
    assert KEY_LIKE.search('"Authorization": ["Bearer sk-proj-abcdefghijklmnop"]')
    assert KEY_LIKE.search("sk-no-key-required-but-still-a-key-shape")
