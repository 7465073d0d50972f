"""What the tests share: hand-made records, and the gold folders, runs and inputs written from them.

``tests`` is on ``sys.path`` (``pythonpath`` in pyproject.toml), so a test imports this as
``from support import ...``.

Records (``support.records``): :func:`cell`, :func:`panel`, :func:`record`, :func:`grid`,
:func:`heatmap` (from a table of values), :func:`with_value`, :func:`without_cell`,
:func:`cell_values`, :func:`span_of`.

On disk (``support.on_disk``): :func:`write_gold` (a gold folder), :func:`line` (one
document of a run), :func:`write_run` (a run directory through the harness's own writer),
:func:`write_raw_run` (run files as given: damaged or odd ones), :func:`write_files` (a
folder of inputs); the manifests :data:`HAND_MADE`, :data:`RULES_MANIFEST`, :func:`llm_manifest`.
"""

from support.on_disk import (
    HAND_MADE,
    RULES_MANIFEST,
    line,
    llm_manifest,
    write_files,
    write_gold,
    write_raw_run,
    write_run,
)
from support.records import (
    cell,
    cell_values,
    grid,
    heatmap,
    panel,
    record,
    span_of,
    with_value,
    without_cell,
)

__all__ = [
    "HAND_MADE",
    "RULES_MANIFEST",
    "cell",
    "cell_values",
    "grid",
    "heatmap",
    "line",
    "llm_manifest",
    "panel",
    "record",
    "span_of",
    "with_value",
    "without_cell",
    "write_files",
    "write_gold",
    "write_raw_run",
    "write_run",
]
