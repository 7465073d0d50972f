"""A chart record read from JSON as plain structs (``harness.plain``), with the record's own checks.

What the scorer reads gold files and run lines with: ``ChartRecord``'s schema as msgspec structs
(attributes named as the model's: ``record.panels[0].cells[0].value``), one small object per JSON
object and no model. ``GOLD`` is a gold file's schema (``panels`` must be stated), ``RECORD`` a
run's. :func:`read` says None for whatever it does not accept whole; the caller then reads the
text through the model, which says what is wrong in its own words.

The one check msgspec cannot make while decoding is ``Cell.span``'s validator (a pair, in order);
:func:`checked` runs the model's own validator on every span a record states. Should
``ChartRecord`` gain another field validator, importing this module fails until it is run here too.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from harness.plain import PlainSchema, plain_schema
from harness.record import ChartRecord

RECORD = plain_schema(ChartRecord)
GOLD = plain_schema(ChartRecord, required=("panels",))

# The field validators of ChartRecord that the structs leave to the reader: Cell.span's.
CHECKED = {("Cell", "span")}
for _schema in (RECORD, GOLD):
    if set(_schema.checks) != CHECKED:
        raise TypeError(f"ChartRecord's field validators changed ({sorted(_schema.checks)}): run them in checked()")
_SPAN_VALID = RECORD.checks[("Cell", "span")]
_SPAN = attrgetter("span")


def read(data: bytes | str, schema: PlainSchema = RECORD) -> Any:
    """The record ``data`` holds, as structs; None when this reading does not accept it whole."""
    record = schema.decode(data)
    if record is None or not checked(record):
        return None
    return record


def checked(record: Any) -> bool:
    """Whether every span ``record`` states passes ``Cell``'s validator (a column of spans is
    cheap to take; most are None)."""
    for panel in record.panels:
        spans = list(map(_SPAN, panel.cells))
        if spans.count(None) == len(spans):
            continue
        for span in spans:
            if span is not None:
                try:
                    _SPAN_VALID(span)
                except Exception:  # whatever the validator raises, the model refuses the record
                    return False
    return True
