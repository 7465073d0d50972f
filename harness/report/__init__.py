"""The HTML report of one run against a gold set (``harness report RUN --gold DIR --out FILE``).

One self-contained page: the scorer's tables, a table of contents with each document's
scores, and per document its heatmaps redrawn (gold beside predicted), its description
with every extracted value marked where it was read (right / wrong / spurious, missing
gold values, UNGROUNDED values that the text never states) and its cells listed.

Downstream of everything else: it reads runs and gold and calls the scorer, and nothing
imports it back. The parts, one noun each: ``outcomes`` (each cell's outcome, as the
scorer decides it), ``grounding`` (where in the text a value was stated), ``marked_text``
(the description with marks), ``grids`` (heatmaps as coloured tables), ``document`` (one
document's section), ``page`` (the whole file), ``style`` (its CSS and script).
"""

from harness.report.page import render_report, write_report

__all__ = ["render_report", "write_report"]


# ``harness.report(...)`` is the notebook call (harness.api.report; see harness.verbs for why a package is callable).
from harness.verbs import make_callable  # noqa: E402

make_callable(__name__, "report")
