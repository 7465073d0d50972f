"""Which design a prompt selects, for both model extractors, and the answer budget.

- ``llm``: a prompt with a ``record.user`` section is *single-call* (``single_call.RecordReader``);
  otherwise the decomposed steps of ``layout`` / ``keys`` / ``cells`` run (many short calls).
- ``hybrid``: a prompt with a ``frame.user`` section is *single-call* (``frame_filler.FrameFiller``);
  otherwise one slot call per group of value lines (``cells.CellFiller``).

A prompt whose steps carry worked examples (``STEP.example.N.*``) is *few-shot*, else
*zero-shot*; the manifest says both (``design`` and ``prompt_design``).
"""

from __future__ import annotations

from typing import Any

from harness.prompts import Prompt, PromptError

LLM_STEP = "record"
HYBRID_STEP = "frame"
DECOMPOSED_LLM_STEPS = ("header", "axis", "axis_list", "legend", "colour", "panels", "keys", "cells")
DECOMPOSED_HYBRID_STEPS = ("cells",)

SINGLE_CALL_LLM_DESIGN = "single call: whole record, phrase enums, bounded cell list, v2"
SINGLE_CALL_HYBRID_DESIGN = "rules frame + one call filling every open slot, v2"
DECOMPOSED_HYBRID_DESIGN = "rules frame + one slot call per group of value lines, v1"

DEFAULT_MAX_TOKENS = 512  # the answer ceiling when the client does not say its own


# --- which design a prompt selects --------------------------------------------------------


def llm_design(prompt: Prompt) -> str:
    return "single-call" if prompt.has(f"{LLM_STEP}.user") else "decomposed"


def hybrid_design(prompt: Prompt) -> str:
    return "single-call" if prompt.has(f"{HYBRID_STEP}.user") else "decomposed"


def _steps(prompt: Prompt, extractor: str) -> tuple[str, ...]:
    if extractor == "llm":
        return (LLM_STEP,) if llm_design(prompt) == "single-call" else DECOMPOSED_LLM_STEPS
    return (HYBRID_STEP,) if hybrid_design(prompt) == "single-call" else DECOMPOSED_HYBRID_STEPS


def prompt_design(prompt: Prompt, extractor: str) -> str:
    """"single-call, few-shot", "decomposed, zero-shot"...: what the manifest records."""
    design = llm_design(prompt) if extractor == "llm" else hybrid_design(prompt)
    few = any(prompt.has(f"{step}.example.1.user") for step in _steps(prompt, extractor))
    return f"{design}, {'few-shot' if few else 'zero-shot'}"


def check_prompt(prompt: Prompt, extractor: str) -> None:
    """Fail at construction, not mid-run, when the prompt lacks a step its design calls."""
    missing = [step for step in _steps(prompt, extractor) if not prompt.has(f"{step}.user")]
    if missing:
        raise PromptError(
            f"prompt {prompt.name!r} lacks {', '.join(s + '.user' for s in missing)}, "
            f"needed by the {extractor} extractor's {prompt_design(prompt, extractor)} design"
        )


def answer_ceiling(client: Any) -> int:
    decoding = getattr(client, "decoding", None)
    return int(getattr(decoding, "max_tokens", DEFAULT_MAX_TOKENS) or DEFAULT_MAX_TOKENS)


def tokens_for(chars: float) -> int:
    # About one token per 2.5 characters of labels (cells measures the same).
    return int(chars / 2.5) + 1
