"""Prompt files: named templates with slots, loaded by name and identified by content hash.

A prompt file (``prompts/NAME.md``) holds several sections, one per call step, each
opened by a line ``=== section.name ===``; text before the first marker is a comment
for people. Sections follow one naming scheme so that a step's messages can be
built without code knowing the file:

- ``STEP.system``: the system message of STEP;
- ``STEP.example.N.user`` / ``STEP.example.N.assistant``: worked examples (N = 1, 2...),
  sent as earlier turns of the conversation (small models copy their shape);
- ``STEP.user``: the request, with slots such as ``{description}`` (the text slice).

The sections a file has decide the design an extractor runs (harness/extract/model/single_call.py):
a ``record.user`` section makes the ``llm`` extractor *single-call* (the whole record in
one answer), a ``frame.user`` section makes the ``hybrid`` extractor *single-call* (every
slot of the rules' frame in one answer); otherwise both run the *decomposed* steps
(``header``, ``axis``, ``axis_list``, ``legend``, ``colour``, ``panels``, ``keys``,
``cells``). Steps with worked examples make the design *few-shot*, else *zero-shot*.
Shipped: ``default`` (decomposed, few-shot), ``zero-shot`` (decomposed, instructions
only), ``single-call`` (single-call, one worked example per step). An extractor refuses
a prompt that lacks a step its design calls; its manifest names the design.

Slots are ``{name}`` with a lowercase identifier; rendering replaces exactly the slots
of the template in one pass, so braces inside the inserted text are never re-read.
The run manifest records the prompt's name and the SHA-256 of the file's bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PROMPT = "default"
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
PROMPT_SUFFIX = ".md"

_MARKER_RE = re.compile(r"^=== ([a-z0-9_.]{1,64}) ===$")
_SLOT_RE = re.compile(r"\{([a-z_][a-z0-9_]{0,40})\}")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class PromptError(ValueError):
    """A prompt that cannot be found, parsed or rendered."""


@dataclass(frozen=True)
class Prompt:
    name: str
    path: Path
    sha256: str
    sections: dict[str, str] = field(default_factory=dict)

    def describe(self) -> dict[str, str]:
        return {"prompt": self.name, "prompt_sha256": self.sha256}

    def has(self, section: str) -> bool:
        return section in self.sections

    def render(self, section: str, **slots: object) -> str:
        """The section with its slots filled; every slot it names must be given."""
        if section not in self.sections:
            raise PromptError(f"prompt {self.name!r} has no section {section!r}")
        template = self.sections[section]
        missing = sorted({m for m in _SLOT_RE.findall(template) if m not in slots})
        if missing:
            raise PromptError(f"prompt {self.name!r} section {section!r} needs {', '.join(missing)}")
        return _SLOT_RE.sub(lambda m: str(slots[m.group(1)]), template)

    def messages(self, step: str, **slots: object) -> list[dict[str, str]]:
        """Chat messages for one call of ``step``: system, worked examples, then the request."""
        messages: list[dict[str, str]] = []
        if self.has(f"{step}.system"):
            messages.append({"role": "system", "content": self.render(f"{step}.system", **slots)})
        number = 1
        while self.has(f"{step}.example.{number}.user"):
            messages.append({"role": "user", "content": self.sections[f"{step}.example.{number}.user"]})
            answer = self.sections.get(f"{step}.example.{number}.assistant", "")
            messages.append({"role": "assistant", "content": answer})
            number += 1
        messages.append({"role": "user", "content": self.render(f"{step}.user", **slots)})
        return messages


def parse_sections(text: str, source: str = "prompt") -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        marker = _MARKER_RE.match(line.strip()) if line.startswith("===") else None
        if marker:
            name = marker.group(1)
            if name in sections:
                raise PromptError(f"{source}: section {name!r} appears twice")
            current = sections[name] = []
        elif current is not None:
            current.append(line)
    if not sections:
        raise PromptError(f"{source}: no '=== section ===' markers found")
    return {name: "\n".join(lines).strip("\n") for name, lines in sections.items()}


def prompt_path(name_or_path: str | Path, directory: Path | None = None) -> Path:
    """A prompt's file: a path to a file as given, else ``DIR/NAME.md``."""
    candidate = Path(name_or_path)
    if candidate.suffix == PROMPT_SUFFIX and candidate.is_file():
        return candidate
    name = str(name_or_path)
    if not _NAME_RE.match(name):
        raise PromptError(f"prompt name {name!r} is not a file and not a plain name")
    # The repository's prompts/ (an editable install), else ./prompts (a project of one's own).
    folders = [directory] if directory is not None else [PROMPTS_DIR, Path.cwd() / "prompts"]
    unique: list[Path] = []
    for folder in folders:
        if folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)  # the repository's prompts/ is often ./prompts too
    for folder in unique:
        path = folder / f"{name}{PROMPT_SUFFIX}"
        if path.is_file():
            return path
    known = sorted({p.stem for folder in unique if folder.is_dir() for p in folder.glob(f"*{PROMPT_SUFFIX}")})
    where = ", ".join(str(f) for f in unique)
    choices = f"; prompts there: {', '.join(known)}" if known else "; there are no prompts there"
    raise PromptError(f"no prompt named {name!r} in {where}{choices}")


def load_prompt(name_or_path: str | Path = DEFAULT_PROMPT, directory: Path | None = None) -> Prompt:
    path = prompt_path(name_or_path, directory)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PromptError(f"{path}: not UTF-8 ({exc})") from exc
    return Prompt(
        name=path.stem,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        sections=parse_sections(text, str(path)),
    )


def available_prompts(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or PROMPTS_DIR).glob(f"*{PROMPT_SUFFIX}"))
