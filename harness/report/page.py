"""The whole report page: one run against a gold set, in one self-contained HTML file.

The numbers are the scorer's: the run is scored with ``harness.score.score_runs``, exactly
as ``harness score`` does, and the summary, field and taxonomy tables are the same
pandas tables ``harness score`` prints, drawn as HTML. The page holds no reference to
anything outside itself (no fonts, styles, scripts or images to fetch).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from harness.inputs import read_document
from harness.report.document import DocumentSection, document_section
from harness.report.style import CSS, SCRIPT
from harness.runs import Manifest, Run, read_run
from harness.score import (
    EMPTY_RECORD,
    HEADLINE,
    GoldSet,
    Report,
    fields_table,
    score_runs,
    summary_table,
    taxonomy_table,
)
from harness.score.outcomes import MISSING, NO_RECORD, RIGHT, SPURIOUS, WRONG

# What of the manifest is shown, in this order (everything else is in the file itself).
MANIFEST_KEYS = ("status", "extractor", "model", "prompt_name", "prompt_hash", "started_at", "ended_at", "totals")
MAX_META = 300  # characters of one manifest value shown


def render_report(
    run_dir: Path | str | Run, gold_dir: Path | str | GoldSet, *, expanded: bool = False
) -> str:
    """The report of the run in ``run_dir`` scored against ``gold_dir``, as HTML text.

    ``expanded`` opens every document's section (for printing or searching the page).
    Raises NotADirectoryError for a missing gold directory, FileNotFoundError for a run
    directory without ``records.jsonl`` and ValueError for a gold directory without one
    valid record; anything else wrong inside them is listed on the page.
    """
    run = run_dir if isinstance(run_dir, Run) else read_run(run_dir)
    report = score_runs([run], gold_dir)
    if len(report.gold) == 0:
        raise ValueError(f"no valid gold records in {report.gold.where}")
    run_score = report.runs[0]
    gold = report.gold
    empty_by_id = {doc.id: doc for doc in report.baseline.documents}
    anchors = _anchors([doc.id for doc in run_score.documents])

    sections: list[DocumentSection] = []
    for doc in run_score.documents:
        line = run.lines.get(doc.id)
        sha256 = line.sha256 if line is not None else None
        sections.append(document_section(
            anchor=anchors[doc.id],
            score=doc,
            empty=empty_by_id[doc.id],
            gold=gold.records[doc.id],
            prepared=gold.prepared[doc.id],
            predicted=run.records.get(doc.id),
            description=read_document(gold.descriptions[doc.id]),
            run_sha256=sha256,
            expanded=expanded,
        ))

    title = f"harness report: {run_score.name}"
    body = [
        f"<h1>{html.escape(title)}</h1>",
        _overview(report, run.manifest, run.dir if run.dir is not None else "(in memory)"),
        _problems(report),
        f'<p class="muted">Headline: {html.escape(HEADLINE)}. “{html.escape(EMPTY_RECORD)}” is what a record '
        "stating nothing earns on the same gold: read every average beside it. These are the numbers "
        "<code>harness score</code> prints.</p>",
        '<div class="tables">',
        '<section><h2>Summary</h2>',
        _table(summary_table(report), "data summary-table"),
        "</section><section><h2>Fields</h2>",
        '<p class="muted">Mean over documents; scalar fields: fraction right, set fields: F1.</p>',
        _table(fields_table(report), "data fields-table"),
        "</section><section><h2>Failure taxonomy</h2>",
        '<p class="muted">Scalar fields: panel slots; set fields: items.</p>',
        _table(taxonomy_table(report).droplevel("run"), "data taxonomy-table"),
        "</section></div>",
        "<h2>Documents</h2>",
        _toc(sections),
        '<p class="controls"><button type="button" id="expand-all">expand all</button>'
        '<button type="button" id="collapse-all">collapse all</button></p>',
        *(section.html for section in sections),
    ]
    return _page(title, "\n".join(body))


def write_report(
    run_dir: Path | str | Run, gold_dir: Path | str | GoldSet, out_path: Path | str, *, expanded: bool = False
) -> Path:
    """Write :func:`render_report` to ``out_path`` (parents created) and return the path."""
    out = Path(out_path)
    text = render_report(run_dir, gold_dir, expanded=expanded)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def _page(title: str, body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )


def _anchors(ids: list[str]) -> dict[str, str]:
    """A safe, unique element id per document: ``doc-`` and the id's plain characters."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for n, doc_id in enumerate(ids):
        anchor = "doc-" + re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)[:100]
        if anchor in used:
            anchor = f"{anchor}-{n}"
        used.add(anchor)
        out[doc_id] = anchor
    return out


def _overview(report: Report, manifest: Manifest, run_dir: Path | str) -> str:
    gold = report.gold
    stated = manifest.model_dump(mode="json", exclude_unset=True)  # what the file says
    rows = [
        ("run", str(run_dir)),
        ("gold", f"{gold.dir} ({len(gold)} documents)"),
        *((key, stated[key]) for key in MANIFEST_KEYS if key in stated),
        ("report written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    cells = "".join(f"<tr><th>{html.escape(key)}</th><td>{html.escape(_shown(value))}</td></tr>" for key, value in rows)
    return f'<table class="meta">{cells}</table>'


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_META else text[: MAX_META - 1] + "…"


def _problems(report: Report) -> str:
    run = report.runs[0]
    items = [*report.problems]
    if run.records_without_gold:
        shown = ", ".join(run.records_without_gold[:50])
        more = f" … (+{len(run.records_without_gold) - 50} more)" if len(run.records_without_gold) > 50 else ""
        items.append(f"records without gold (not scored): {shown}{more}")
    if not items:
        return ""
    listed = "".join(f"<li>{html.escape(item)}</li>" for item in items[:200])
    more = f"<li>… and {len(items) - 200} more</li>" if len(items) > 200 else ""
    return f'<h2>Problems ({len(items)})</h2><ul class="error">{listed}{more}</ul>'


def _table(table: pd.DataFrame, css_class: str) -> str:
    """A pandas table as HTML, numbers formatted as ``harness score`` prints them."""
    def cell(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    names = [name or "" for name in table.index.names]
    head = "".join(f"<th>{html.escape(str(n))}</th>" for n in names)
    head += "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for index, values in zip(table.index, table.itertuples(index=False)):
        keys = index if isinstance(index, tuple) else (index,)
        row = "".join(f"<th>{html.escape(str(k))}</th>" for k in keys)
        row += "".join(f"<td>{html.escape(cell(v))}</td>" for v in values)
        rows.append(f"<tr>{row}</tr>")
    return f'<table class="{css_class}"><tr>{head}</tr>{"".join(rows)}</table>'


def _toc(sections: list[DocumentSection]) -> str:
    head = ("<tr><th>document</th><th>chart</th><th>status</th><th>cells F1</th><th>right</th><th>wrong</th>"
            "<th>spurious</th><th>missing</th><th>ungrounded</th><th>overall</th>"
            f"<th>{html.escape(EMPTY_RECORD)}</th></tr>")
    rows = []
    for s in sections:
        ungrounded = f'<span class="badge ungrounded">{s.ungrounded}</span>' if s.ungrounded else "0"
        status = html.escape(s.status) + (' <span class="badge bad">error</span>' if s.score.error else "")
        rows.append(
            f'<tr><td><a href="#{html.escape(s.anchor, quote=True)}">{html.escape(s.id)}</a></td>'
            f"<td>{html.escape(s.chart_type)}</td><td>{status}</td>"
            f'<td class="num">{s.score.fields["cells"].f1:.3f}</td><td class="num">{s.tally[RIGHT]}</td>'
            f'<td class="num">{s.tally[WRONG]}</td><td class="num">{s.tally[SPURIOUS]}</td>'
            f'<td class="num">{s.tally[MISSING] + s.tally[NO_RECORD]}</td><td class="num">{ungrounded}</td>'
            f'<td class="num">{s.score.overall:.3f}</td><td class="num">{s.empty.overall:.3f}</td></tr>'
        )
    return f'<table class="toc">{head}{"".join(rows)}</table>'
