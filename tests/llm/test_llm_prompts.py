"""Prompt files: loading by name, hashing, sections, slot rendering."""

from __future__ import annotations

import hashlib

import pytest

from harness.prompts import (
    DEFAULT_PROMPT,
    PROMPTS_DIR,
    PromptError,
    available_prompts,
    load_prompt,
    parse_sections,
)

STEPS = ("header", "axis", "axis_list", "legend", "colour", "panels", "keys", "cells")


def test_default_prompt_loads_with_every_step_and_its_hash():
    prompt = load_prompt()
    assert prompt.name == DEFAULT_PROMPT
    assert prompt.sha256 == hashlib.sha256((PROMPTS_DIR / "default.md").read_bytes()).hexdigest()
    for step in STEPS:
        assert prompt.has(f"{step}.user"), step
        assert prompt.has(f"{step}.system"), step
    assert DEFAULT_PROMPT in available_prompts()
    assert prompt.describe() == {"prompt": "default", "prompt_sha256": prompt.sha256}


def test_hash_changes_with_one_byte(tmp_path):
    a = tmp_path / "a.md"
    a.write_text("=== x.user ===\nhello {description}\n", encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_text("=== x.user ===\nhello {description}!\n", encoding="utf-8")
    assert load_prompt(a).sha256 != load_prompt(b).sha256
    assert load_prompt("a", directory=tmp_path).name == "a"


def test_render_fills_slots_once_and_leaves_inserted_braces_alone():
    prompt = load_prompt()
    text = "weird {axis} and {description} inside the description"
    rendered = prompt.render("axis.user", description=text, axis="x")
    assert text in rendered
    assert "Give the x-axis" in rendered


def test_missing_slot_is_a_clear_error():
    with pytest.raises(PromptError, match="needs description"):
        load_prompt().render("cells.user", subject="row A")


def test_messages_are_system_examples_then_request():
    messages = load_prompt().messages("axis", description="* X-axis: A, B", axis="x")
    roles = [m["role"] for m in messages]
    assert roles[0] == "system"
    assert roles[-1] == "user"
    assert roles[1:-1] == ["user", "assistant"] * ((len(roles) - 2) // 2)
    assert "* X-axis: A, B" in messages[-1]["content"]


def test_parse_errors_name_the_problem():
    with pytest.raises(PromptError, match="no '=== section ===' markers"):
        parse_sections("just text")
    with pytest.raises(PromptError, match="appears twice"):
        parse_sections("=== a ===\nx\n=== a ===\ny")


def test_names_that_are_not_plain_are_refused(tmp_path):
    with pytest.raises(PromptError):
        load_prompt("../etc/passwd")
    with pytest.raises(PromptError, match="no prompt named"):
        load_prompt("nope", directory=tmp_path)
