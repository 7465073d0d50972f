"""When a predicted number counts as the gold number.

record-format.md: within 1% of the gold value, or within 1e-6 when the gold value is
zero. The tolerance is relative to the gold value (not symmetric like math.isclose),
so "exactly 1% off" means 1% of what the description states.
"""

from __future__ import annotations

from collections.abc import Sequence

RELATIVE_TOLERANCE = 0.01
ZERO_TOLERANCE = 1e-6

# 61.9 * 1.01 lands a few ulps past 0.01 * 61.9 in binary floating point; a value that
# is exactly 1% off in decimal must still pass, 1.01% must not.
_ROUNDING_SLACK = 1e-9
_ONE_PLUS_SLACK = 1 + _ROUNDING_SLACK


def values_agree(predicted: float, gold: float) -> bool:
    """Whether ``predicted`` is within tolerance of ``gold``."""
    return agreements((predicted,), (gold,))[0]


def agreements(predicted: Sequence[float], gold: Sequence[float]) -> list[bool]:
    """:func:`values_agree` of each pair, in one comprehension (the scorer asks it of every
    answered cell, and a Python call per cell would cost more than the test)."""
    return [
        abs(p - g) <= RELATIVE_TOLERANCE * abs(g) * _ONE_PLUS_SLACK if g != 0 else abs(p) <= ZERO_TOLERANCE
        for p, g in zip(predicted, gold)
    ]


def optional_values_agree(predicted: float | None, gold: float | None) -> bool:
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return values_agree(predicted, gold)
