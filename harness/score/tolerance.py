"""When a predicted number counts as the gold number.

record-format.md: within 1% of the gold value, or within 1e-6 when the gold value is
zero. The tolerance is relative to the gold value (not symmetric like math.isclose),
so "exactly 1% off" means 1% of what the description states.
"""

from __future__ import annotations

RELATIVE_TOLERANCE = 0.01
ZERO_TOLERANCE = 1e-6

# 61.9 * 1.01 lands a few ulps past 0.01 * 61.9 in binary floating point; a value that
# is exactly 1% off in decimal must still pass, 1.01% must not.
_ROUNDING_SLACK = 1e-9


def values_agree(predicted: float, gold: float) -> bool:
    """Whether ``predicted`` is within tolerance of ``gold``."""
    if gold == 0:
        return abs(predicted) <= ZERO_TOLERANCE
    return abs(predicted - gold) <= RELATIVE_TOLERANCE * abs(gold) * (1 + _ROUNDING_SLACK)


def optional_values_agree(predicted: float | None, gold: float | None) -> bool:
    if predicted is None or gold is None:
        return predicted is None and gold is None
    return values_agree(predicted, gold)
