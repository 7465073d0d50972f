"""The model extractors (floor 2): ``llm`` (every value from model answers) and ``hybrid``
(the rules' frame, checked or filled by the model), with the designs and steps they share.

Steps, in the order a description meets them: ``slices`` (the lines each call is shown),
``layout`` (title, kind, axes, legend, panels), ``keys`` (row and column keys found by the
model), ``slots`` (a frame: the keys and the slots to fill), ``cells`` (one call per group of
value lines), ``single_call`` (the one-call designs of both extractors).
"""

from harness.extract.model.layout import LAYOUT_CALLS


def call_phase(step: str) -> str:
    """The design step a call of this name belongs to: calls of one step do not read each
    other's answers (the layout's calls are one step; keys, cells, record and frame each
    their own). A batch run sends one job per step (``harness.llm.batch``)."""
    return "layout" if step in LAYOUT_CALLS else step
