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

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, compress, repeat
from operator import is_not, itemgetter, not_, or_

from harness.score.normalize import without_spaces

MAX_PREFIX_LENGTH = 256
MAX_STARTS = 64  # gold labels tried one by one as starts of a label (stands_for_any)


class LabelVocabulary:
    """The gold labels of one role (rows, columns or series) in one gold panel."""

    __slots__ = ("labels", "resolve", "_memo", "_spaceless", "_first_words", "_by_prefix", "_prefixes", "_starts")

    def __init__(self, normalized_labels: Iterable[str]) -> None:
        self.labels: frozenset[str] = frozenset(normalized_labels) - _BLANK
        # The indexes are built on the first label that needs them (most panels of a good run
        # need few or none; a gold set of 10,000 panels would pay for 30,000 on loading):
        # spaceless form -> the gold label with that form (None when several have it),
        # the gold labels' first words, whole-word prefix -> the gold labels it is one of.
        self._spaceless: dict[str, str | None] | None = None
        self._first_words: frozenset[str] | None = None
        self._by_prefix: dict[str, set[str]] | None = None
        self._prefixes: frozenset[str] | None = None
        self._starts: tuple[str, ...] | None = None
        # The answer depends only on the vocabulary and the label, so it is kept across
        # documents' predictions and across runs scored against the same gold. A gold label
        # stands for itself: seeded, so the common case (a prediction that names the label
        # as gold does) is one dict probe, never a lookup.
        self._memo = _Resolved(zip(self.labels, self.labels))
        self._memo[""] = ""  # no label stands for no gold label (a cell without a series)
        self._memo.vocabulary = self
        # ``resolve(label)``: the gold label that ``label`` (normalised) stands for, or
        # ``label`` itself. A dict lookup, because cell matching calls it per cell.
        self.resolve: Callable[[str], str] = self._memo.__getitem__

    def _lookup(self, label: str) -> str:
        if not label or label in self.labels:
            return label
        same = self._spaceless_index().get(without_spaces(label))  # the first tier
        return same if same is not None else self._prefix_lookup(label)

    def _prefix_lookup(self, label: str) -> str:
        """The second tier: the one gold label ``label`` is a whole-word prefix of, or has as one."""
        # Either way round, a whole-word prefix has the first word of the label it starts: a
        # label whose first word no gold label has is no prefix of one and has none as one.
        if label.partition(" ")[0] not in self._first_word_set():
            return label
        longer = self._prefix_index().get(label)  # gold labels ``label`` is a whole-word prefix of
        if " " in label:  # gold labels that are whole-word prefixes of ``label``
            fits = set(longer) if longer else set()
            fits.update(p for p in _word_prefixes(label) if p in self.labels)
        else:
            fits = longer or set()
        if len(fits) == 1:
            return next(iter(fits))
        return label

    def learn(self, labels: set[str]) -> None:
        """Answer every label of ``labels`` (normalised) that the memo does not hold yet, at once.

        The first tier for all of them in ``map`` calls over the index; of the rest, the labels
        whose first word no gold label has stand for themselves (tested the same way), and only
        the others are looked up one by one. Cell matching calls this with a panel's distinct
        labels before resolving each cell's.
        """
        memo = self._memo
        unknown = labels - memo.keys()
        if not unknown:
            return
        new = list(unknown)
        if len(memo) + len(new) > _Resolved.MAX_SIZE:
            memo.reset()
        same = list(map(self._spaceless_index().get, _without_spaces(new)))
        found = list(map(is_not, same, repeat(None)))
        memo.update(zip(compress(new, found), compress(same, found)))
        rest = list(compress(new, map(not_, found)))
        first_words = self._first_word_set()
        maybe = list(map(first_words.__contains__, map(_FIRST, map(str.partition, rest, repeat(" ")))))
        itself = list(compress(rest, map(not_, maybe)))
        memo.update(zip(itself, itself))
        for label in compress(rest, maybe):
            memo[label] = self._prefix_lookup(label)

    def stands_for_any(self, labels: set[str], targets: frozenset[str]) -> bool:
        """Whether any of ``labels`` (normalised) resolves to one of ``targets`` (gold labels of
        this vocabulary), without a lookup for the labels that cannot stand for another.

        What :meth:`_lookup` maps to another label has its spaceless form in the index, is a
        whole-word prefix of a gold label, or starts with a gold label and a space. Those are
        tested for all the labels at once (``map`` and set operations); only the labels that
        pass are looked up.
        """
        if not labels.isdisjoint(targets):
            return True  # a gold label stands for itself
        unknown = list(labels - self.labels - _BLANK)
        if not unknown:
            return False
        spaceless, prefixes, starts = self._spaceless_index(), self._prefix_set(), self._starts_tuple()
        maybe = map(or_, map(spaceless.__contains__, _without_spaces(unknown)),
                    map(prefixes.__contains__, unknown))
        if starts is not None:
            maybe = map(or_, maybe, map(str.startswith, unknown, repeat(starts)))
        else:
            maybe = repeat(True)  # too many gold labels to try each: look every label up
        return any(self.resolve(label) in targets for label in compress(unknown, maybe))

    def _spaceless_index(self) -> dict[str, str | None]:
        if self._spaceless is None:
            labels = list(self.labels)
            forms = list(_without_spaces(labels))
            index: dict[str, str | None] = dict(zip(forms, labels))
            if len(index) < len(labels):  # gold labels that share a form: none of them is taken (None)
                index.update((form, None) for form, n in Counter(forms).items() if n > 1)
            self._spaceless = index
        return self._spaceless

    def _first_word_set(self) -> frozenset[str]:
        if self._first_words is None:
            self._first_words = frozenset(map(_FIRST, map(str.partition, self.labels, repeat(" "))))
        return self._first_words

    def _prefix_index(self) -> dict[str, set[str]]:
        if self._by_prefix is None:
            self._by_prefix = {}
            for label in self.labels:
                for prefix in _PREFIXES[label]:
                    self._by_prefix.setdefault(prefix, set()).add(label)
        return self._by_prefix

    def _prefix_set(self) -> frozenset[str]:
        if self._prefixes is None:
            self._prefixes = frozenset(chain.from_iterable(map(_PREFIXES.__getitem__, self.labels)))
        return self._prefixes

    def _starts_tuple(self) -> tuple[str, ...] | None:
        """Each gold label and a space (None past ``MAX_STARTS``: trying each would cost more)."""
        if self._starts is None and len(self.labels) <= MAX_STARTS:
            self._starts = tuple(map(str.__add__, self.labels, repeat(" ")))
        return self._starts


def vocabulary(labels: frozenset[str]) -> LabelVocabulary:
    """The vocabulary of ``labels`` (normalised); one shared instance when there are none (the
    series of most panels), since an empty vocabulary answers every label with itself."""
    return LabelVocabulary(labels) if labels - _BLANK else NO_LABELS


_BLANK = frozenset({""})


class _Resolved(dict):
    """A memo that computes a missing answer on first lookup (bounded, like LABELS).

    Built as a dict from its seed (no Python ``__init__``: one is made per gold panel and role);
    ``vocabulary`` is set right after.
    """

    __slots__ = ("vocabulary",)
    MAX_SIZE = 1 << 16
    vocabulary: LabelVocabulary

    def __missing__(self, label: str) -> str:
        if len(self) >= self.MAX_SIZE:
            self.reset()
        value = self[label] = self.vocabulary._lookup(label)
        return value

    def reset(self) -> None:
        """Back to the seed: each gold label for itself."""
        labels = self.vocabulary.labels
        self.clear()
        self.update(zip(labels, labels))
        self[""] = ""


class _Prefixes(dict):
    """gold label -> its whole-word prefixes, cut once per distinct label rather than once per
    panel that has it (bounded, like LABELS)."""

    MAX_SIZE = 1 << 16

    def __missing__(self, label: str) -> tuple[str, ...]:
        if len(self) >= self.MAX_SIZE:
            self.clear()
        value = self[label] = tuple(_word_prefixes(label))
        return value


_PREFIXES = _Prefixes()


def _without_spaces(labels: Iterable[str]) -> Iterator[str]:
    """:func:`~harness.score.normalize.without_spaces` of each label, in one ``map``."""
    return map(str.replace, labels, repeat(" "), repeat(""))

_FIRST = itemgetter(0)


def _word_prefixes(label: str, max_length: int = MAX_PREFIX_LENGTH) -> Iterable[str]:
    """The proper whole-word prefixes of ``label`` no longer than ``max_length``."""
    start = 0
    while True:
        cut = label.find(" ", start, max_length + 1)
        if cut <= 0:
            return
        yield label[:cut]
        start = cut + 1


NO_LABELS = LabelVocabulary(())
