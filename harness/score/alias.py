"""Label aliasing: which gold label a predicted label stands for.

record-format.md: a predicted label also stands for a gold label of the same panel that
it equals ignoring spaces ("LoRA+Prompt" / "LoRA + Prompt"), or that it is a whole-word
prefix of, or has as one ("Zero-Shot" / "Zero-Shot Classifier"), when only one gold
label fits.

Reading of "whole word": words are the space-separated tokens of the normalised label,
so "zero-shot" is a whole-word prefix of "zero-shot classifier" but "lora" is not one of
"lora+prompt" and "7" is not one of "7.5". The two tests are tiers: an unambiguous
space-insensitive match is taken before prefixes are considered, so "LoRA+Prompt"
resolves to "LoRA + Prompt" even when a gold "LoRA" exists.

Each lookup is a few dict probes: prefixes of gold labels are indexed once. Prefixes are
only cut up to ``MAX_PREFIX_LENGTH`` characters (real labels are far shorter), so a 1 MB
label with thousands of spaces costs one pass, never a quadratic one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from harness.score.normalize import without_spaces

MAX_PREFIX_LENGTH = 256


class LabelVocabulary:
    """The gold labels of one role (rows, columns or series) in one gold panel."""

    __slots__ = ("labels", "resolve", "_by_spaceless", "_by_prefix", "_memo")

    def __init__(self, normalized_labels: Iterable[str]) -> None:
        self.labels: frozenset[str] = frozenset(normalized_labels) - _BLANK
        # The indexes of spaceless forms and prefixes are built on the first label that is
        # not a gold label as it stands: most panels of a good run never need them, and a
        # gold set of 10,000 panels would pay for 30,000 of them on loading.
        self._by_spaceless: dict[str, set[str]] | None = None
        self._by_prefix: dict[str, set[str]] = {}
        # The answer depends only on the vocabulary and the label, so it is kept across
        # documents' predictions and across runs scored against the same gold. A gold label
        # stands for itself: seeded, so the common case (a prediction that names the label
        # as gold does) is one dict probe, never a lookup.
        seed = dict(zip(self.labels, self.labels))
        seed[""] = ""  # no label stands for no gold label (a cell without a series)
        self._memo = _Resolved(seed)
        self._memo.seed = seed
        self._memo.lookup = self._lookup
        # ``resolve(label)``: the gold label that ``label`` (normalised) stands for, or
        # ``label`` itself. A dict lookup, because cell matching calls it per cell.
        self.resolve: Callable[[str], str] = self._memo.__getitem__

    def _index(self) -> dict[str, set[str]]:
        if self._by_spaceless is None:
            self._by_spaceless = {}
            for label in self.labels:
                self._by_spaceless.setdefault(without_spaces(label), set()).add(label)
                for prefix in _word_prefixes(label):
                    self._by_prefix.setdefault(prefix, set()).add(label)
        return self._by_spaceless

    def _lookup(self, label: str) -> str:
        if not label or label in self.labels:
            return label
        spaceless = self._index().get(without_spaces(label))
        if spaceless is not None and len(spaceless) == 1:
            return next(iter(spaceless))
        longer = self._by_prefix.get(label)  # gold labels ``label`` is a whole-word prefix of
        if " " in label:  # gold labels that are whole-word prefixes of ``label``
            fits = set(longer) if longer else set()
            fits.update(p for p in _word_prefixes(label) if p in self.labels)
        else:
            fits = longer or set()
        if len(fits) == 1:
            return next(iter(fits))
        return label


_BLANK = frozenset({""})


class _Resolved(dict):
    """A memo that computes a missing answer on first lookup (bounded, like LABELS).

    Built as a dict from its seed (no Python ``__init__``: one is made per gold panel and role);
    ``seed`` and ``lookup`` are set right after.
    """

    __slots__ = ("seed", "lookup")
    MAX_SIZE = 1 << 16
    seed: dict[str, str]
    lookup: Callable[[str], str]

    def __missing__(self, label: str) -> str:
        if len(self) >= self.MAX_SIZE:
            self.clear()
            self.update(self.seed)
        value = self[label] = self.lookup(label)
        return value


def _word_prefixes(label: str, max_length: int = MAX_PREFIX_LENGTH) -> Iterable[str]:
    """The proper whole-word prefixes of ``label`` no longer than ``max_length``."""
    start = 0
    while True:
        cut = label.find(" ", start, max_length + 1)
        if cut <= 0:
            return
        yield label[:cut]
        start = cut + 1
