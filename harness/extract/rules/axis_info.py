"""What is known of one axis, and which words can title one.

:class:`AxisInfo` is an axis as read so far: its title, its tick labels and how they were
written. An axis title is a name, not a sentence about the axis ("Represents the models"),
a number, or words that only say what kind of scale it is ("Percentage scale", "Numerical
values"): :func:`is_name`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.extract.rules.text import words


@dataclass
class AxisInfo:
    label: str | None = None
    categories: list[str] = field(default_factory=list)
    numeric_ticks: bool = False  # the ticks are numbers (a value axis on a bar chart)
    titled: bool = False  # the text said whether the axis has a title ("Neither axis has a title")
    stepless: bool = False  # the ticks are an integer range with no step stated ("[0-50]")
    groups: list[str] = field(default_factory=list)  # outer categories of a two-level axis

    def merge(self, other: AxisInfo) -> None:
        if self.label is None and other.label and not self.titled:
            self.label = other.label
        self.titled = self.titled or other.titled
        if not self.categories and other.categories:
            self.categories = other.categories
            self.numeric_ticks = other.numeric_ticks
            self.stepless = other.stepless
            self.groups = other.groups


_VERB_WORDS = frozenset(
    "represents represent shows show lists list displays display contains contain indicates "
    "indicate includes include denotes denote has have with spans span ranges range covers "
    "correspond corresponds carry carries representing showing listing displaying indicating denoting "
    "depicting measuring".split()
)


NOT_TITLES = frozenset(
    "rows row columns column x y axis all panels shared both each left right top bottom categories category "
    "categorical values value labels label numerical numeric horizontal vertical discrete continuous ticks".split()
)


def is_number(text: str) -> bool:
    try:
        float(text.replace("%", "").replace(",", "").replace("−", "-"))
    except ValueError:
        return False
    return True


def is_name(text: str) -> bool:
    """An axis title, not a sentence, a number, or words that only say what kind of scale
    it is ("Numerical values ranging from ...": no title)."""
    return (
        not is_description(text) and not is_number(text) and not set(words(text)) <= _SCALE_ONLY_WORDS
        and not _UNLABELLED_RE.search(text)
    )


# Words that only say what kind of scale an axis is ("Percentage scale", "Logarithmic").
_SCALE_ONLY_WORDS = NOT_TITLES | frozenset("scale percentage percent logarithmic log linear an a the".split())


_UNLABELLED_RE = re.compile(r"\b(?:unlabell?ed|untitled|no (?:explicit )?(?:label|title)|not labell?ed|without (?:a )?(?:label|title))\b", re.IGNORECASE)


def is_description(text: str) -> bool:
    """A sentence about the axis ("Implicitly represents the language"), not its title."""
    ws = words(text)
    return (
        not ws
        or len(ws) > 6
        or any(w in _VERB_WORDS for w in ws[:3])
        or ws[0] in ("each", "different", "various", "which", "the", "implicitly", "explicitly")
    )
