"""The prompt-iteration loop: a prompt edit starts a round that re-asks only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.inputs import discover_documents
from harness.iterate import file_digest, iterate, next_run_dir, wait_for_change
from harness.llm.client import Decoding
from harness.llm.stub_server import StubServer, answer, answer_from_schema
from harness.prompts import PROMPTS_DIR
from harness.runs.settings import ExtractSettings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["seeds/003_5c1b68c1ec978d48.txt", "written/101_lr_batch_ablation.md"]


def test_an_edit_starts_a_round_that_reasks_only_the_changed_step(tmp_path: Path):
    prompt = tmp_path / "mine.md"
    shutil.copy(PROMPTS_DIR / "default.md", prompt)
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in DOCS:
        shutil.copy(ROOT / "gold" / name, gold)
        shutil.copy(ROOT / "gold" / (name.rsplit(".", 1)[0] + ".json"), gold)
    calls_before_round: list[int] = []
    with StubServer(default=answer(answer_from_schema)) as stub:
        settings = ExtractSettings(extractor="llm", model="stub-model", base_url=stub.base_url, prompt=str(prompt),
                                   cache_dir=tmp_path / "cache", decoding=Decoding(max_reasks=0, max_transport_retries=0),
                                   progress=False, env={})

        def edit_after_first(round_) -> None:
            calls_before_round.append(stub.calls)
            if round_.number == 1:
                text = prompt.read_text()
                prompt.write_text(text.replace("=== header.system ===\n", "=== header.system ===\nBe exact.\n", 1))

        rounds = iterate(discover_documents([gold]), settings, gold, root=tmp_path / "runs", rounds=2,
                         poll_s=0.05, on_round=edit_after_first, on_error=lambda w, c: None)
    first, second = rounds
    assert first.comparison is None and "cells F1" in first.text
    assert second.previous == first.run_dir and second.comparison is not None
    assert second.run_dir.name == "llm-mine-002"
    round1_calls = calls_before_round[0]
    round2_calls = calls_before_round[1] - calls_before_round[0]
    assert 0 < round2_calls < round1_calls  # the header calls only; the rest came from the cache
    # the stub answers from the schema alone, so the edit changes no record: the round must say
    # so (no flipped cell, a zero delta called noise), not merely print a verdict of some kind
    pair = second.comparison.pairs[0]
    assert pair.cell_changes == [] and pair.document_changes == []
    assert all(abs(delta) < 1e-12 for delta in pair.deltas.values() if delta == delta)
    assert "within noise" in second.text and "0 better, 0 worse, 2 unchanged" in second.text


def test_wait_for_change_returns_the_new_digest_or_none_when_stopped(tmp_path: Path):
    path = tmp_path / "p.md"
    path.write_text("a")
    digest = file_digest(path)
    polls = iter([False, False, True])
    assert wait_for_change(path, digest, poll_s=0.01, should_stop=lambda: next(polls)) is None
    path.write_text("b")
    assert wait_for_change(path, digest, poll_s=0.01) == file_digest(path)


def test_round_directories_never_overwrite(tmp_path: Path):
    assert next_run_dir(tmp_path, "llm-x") == (1, tmp_path / "llm-x-001")
    (tmp_path / "llm-x-001").mkdir()
    assert next_run_dir(tmp_path, "llm-x") == (2, tmp_path / "llm-x-002")
