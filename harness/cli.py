"""The command line: thin click commands, each calling one plain function.

Nothing here that a test or a notebook would need: parse arguments, call, print.
"""

from __future__ import annotations

import json
import sys

import click

from harness.record import record_json_schema


@click.group()
@click.version_option(package_name="harness")
def cli() -> None:
    """Turn chart descriptions into chart records and measure how right they are."""


@cli.command()
def schema() -> None:
    """Print the chart record's JSON Schema."""
    click.echo(json.dumps(record_json_schema(), indent=2))


# --- extract: owned by harness/runs.py ------------------------------------------------
# Exit status: 0 every document has a record, 1 some failed, 2 usage error, 130 Ctrl-C.


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--extractor", "extractor_name", default="rules", show_default=True,
              help="rules, llm or hybrid.")
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, dir_okay=True, writable=True),
              help="Run directory: records.jsonl and manifest.json are written there.")
@click.option("--force", is_flag=True, help="Redo documents that already have a record in --out.")
@click.option("--no-progress", is_flag=True, help="No progress bar (it is off anyway when stderr is no terminal).")
def extract(inputs: tuple[str, ...], extractor_name: str, out_dir: str, force: bool, no_progress: bool) -> None:
    """Extract a chart record from each description in INPUT... (.txt/.md files or directories of them)."""
    from harness.extract import get_extractor
    from harness.inputs import discover_documents
    from harness.runs import RunConflict, run_extraction

    try:
        extractor = get_extractor(extractor_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--extractor") from exc
    except ImportError as exc:
        raise click.ClickException(f"extractor {extractor_name!r} is not available: {exc}") from exc
    documents = discover_documents(inputs)
    if not documents:
        raise click.UsageError(f"no .txt or .md descriptions in {', '.join(inputs)}")
    try:
        summary = run_extraction(documents, extractor, out_dir, force=force,
                                 progress=False if no_progress else None, inputs=list(inputs))
    except RunConflict as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(summary.line())
    if summary.status == "interrupted":
        sys.exit(130)
    sys.exit(0 if summary.failed == 0 and summary.status == "complete" else 1)


# --- score: owned by harness/score/ ----------------------------------------------------
# Exit status: 0 scored (malformed gold files or run lines are reported on stderr and
# skipped), 2 usage error (no runs, missing gold directory, a run without records.jsonl).


@cli.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--gold", "gold_dir", required=True, type=click.Path(exists=True, file_okay=False),
              help="Gold directory: ID.json records, each beside its ID.txt or ID.md description.")
@click.option("--by-document", is_flag=True, help="Also print one row per run and document.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False),
              help="Write the whole report (runs, fields, taxonomy, documents) as JSON.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False),
              help="Write one row per run x document x field (counts and score) as CSV.")
def score(runs: tuple[str, ...], gold_dir: str, by_document: bool,
          json_out: str | None, csv_out: str | None) -> None:
    """Score each RUN directory against the gold set, field by field, beside the empty record."""
    from harness.score import report_text, score_runs, to_csv, to_json

    try:
        report = score_runs(runs, gold_dir, progress=None)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in report.problems:
        click.echo(f"harness: {problem}", err=True)
    if len(report.gold) == 0:
        raise click.UsageError(f"no valid gold records in {gold_dir}")
    click.echo(report_text(report, by_document=by_document))
    if json_out:
        to_json(report, json_out)
    if csv_out:
        to_csv(report, csv_out)


# --- compare: owned by harness/compare.py (helper C edits only this section) -------------


# --- runs (leaderboard): owned by harness/leaderboard.py (helper C edits only this section)


# --- report: owned by harness/report_html.py (helper D edits only this section) -----------


def main() -> None:
    # click's own usage errors exit 2, which is the documented usage-error status.
    cli(prog_name="harness")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
