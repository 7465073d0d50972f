"""Gold + run -> scores, field by field (floor 4: never imports extract/ or llm/).

The flow inside, one module per noun:
``normalize`` (label form) -> ``alias`` (which gold label a predicted one stands for) ->
``panels`` (records in comparable form) -> ``outcomes`` (the one outcome engine: panel
alignment, swapped axes, which statement answers which gold cell) -> ``document`` (one
document's field counts) -> ``run``
(runs, the empty record beside them) -> ``tables`` / ``export`` (pandas, JSON, CSV).
Inputs: ``gold`` (the gold directory) and ``inputs`` (a run's records).
"""

from harness.score.counts import OUTCOMES, Counts
from harness.score.document import FIELDS, DocScore, score_document
from harness.score.export import long_table, report_to_dict, to_csv, to_json
from harness.score.gold import GoldSet, load_gold
from harness.score.inputs import RunRecords, load_run_records
from harness.score.normalize import normalize_label
from harness.score.outcomes import DocumentOutcomes, document_outcomes
from harness.score.run import (
    EMPTY_RECORD,
    HEADLINE,
    OVERALL,
    Report,
    RunScore,
    score_empty_record,
    score_run,
    score_runs,
)
from harness.score.tables import (
    documents_table,
    fields_table,
    literature_table,
    report_text,
    summary_table,
    taxonomy_table,
)

__all__ = [
    "EMPTY_RECORD",
    "FIELDS",
    "HEADLINE",
    "OUTCOMES",
    "OVERALL",
    "Counts",
    "DocScore",
    "DocumentOutcomes",
    "GoldSet",
    "Report",
    "RunRecords",
    "RunScore",
    "document_outcomes",
    "documents_table",
    "fields_table",
    "literature_table",
    "load_gold",
    "load_run_records",
    "long_table",
    "normalize_label",
    "report_text",
    "report_to_dict",
    "score_document",
    "score_empty_record",
    "score_run",
    "score_runs",
    "summary_table",
    "taxonomy_table",
    "to_csv",
    "to_json",
]


# ``harness.score(...)`` is the notebook call (harness.api.score; see harness.verbs for why a package is callable).
from harness.verbs import make_callable  # noqa: E402

make_callable(__name__, "score")
