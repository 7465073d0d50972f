"""Thresholds for CI: ``--fail-under-delta FIELD=DELTA`` read into (field row, allowed delta)."""

from __future__ import annotations

import math

from harness.score import FIELDS, HEADLINE, OVERALL

# The rows of the fields table: every field, then the two headline figures.
FIELD_ROWS = [*FIELDS, OVERALL, HEADLINE]
# Short names accepted by thresholds (``--fail-under-delta cells=-0.02``). "cells" is
# the headline (micro) because that is the figure a gate is meant to hold; the "cells"
# row of the fields table (the mean of per-document F1) is "cells_macro".
FIELD_ALIASES = {
    "cells": HEADLINE,
    "cells_micro": HEADLINE,
    "headline": HEADLINE,
    "cells_macro": "cells",
    "overall": OVERALL,
}


def parse_threshold(text: str) -> tuple[str, float]:
    """``FIELD=DELTA`` -> (field row, allowed delta); raises ValueError naming the problem.

    FIELD is ``overall``, ``cells`` (the headline, cells F1 micro), ``cells_macro`` (the
    mean of per-document cells F1) or any field row as ``harness score`` prints it
    (``title``, ``x_axis.categories``...). NEW fails when NEW - BASE < DELTA: ``cells=-0.02``
    allows a drop of up to 0.02, ``cells=0`` allows none, ``cells=0.01`` demands a gain.
    """
    name, sep, value = text.rpartition("=")
    name = name.strip()
    if not sep or not name:
        raise ValueError(f"{text!r}: expected FIELD=DELTA, e.g. cells=-0.02")
    try:
        allowed = float(value)
    except ValueError:
        raise ValueError(f"{text!r}: {value.strip()!r} is not a number") from None
    if not math.isfinite(allowed):
        raise ValueError(f"{text!r}: the delta must be a finite number")
    row = FIELD_ALIASES.get(name, name)
    if row not in FIELD_ROWS:
        known = ", ".join(dict.fromkeys([*FIELD_ALIASES, *FIELDS]))
        raise ValueError(f"{text!r}: unknown field {name!r} (known: {known})")
    return row, allowed
