"""The command line: thin click commands over the notebook API (``harness.api``).

Nothing here that a test or a notebook would need: parse arguments, call, print. The
options and arguments several verbs share are ``harness.cli_options``.
``extract`` and ``iterate`` call ``harness.runs.settings.run_configured``, the function
``harness.api.extract`` calls, because they print the run's summary line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from harness.cli_options import (
    documents_or_usage_error,
    extract_errors,
    extract_settings,
    gold_dirs,
    gold_option,
    model_options,
    refuse_unused_options,
)
from harness.record import record_json_schema


@click.group()
@click.version_option(package_name="harness")
def cli() -> None:
    """Turn chart descriptions into chart records and measure how right they are."""


@cli.command()
def schema() -> None:
    """Print the chart record's JSON Schema."""
    click.echo(json.dumps(record_json_schema(), indent=2))


# --- extract, iterate, serve: harness/runs/settings.py, harness/iterate.py, harness/llm/ ----
# Exit status: 0 every document has a record, 1 some failed, 2 usage error, 130 Ctrl-C.


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--extractor", "extractor_name", default="rules", show_default=True,
              type=click.Choice(["rules", "llm", "hybrid"]), help="rules (no model), llm or hybrid.")
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, dir_okay=True, writable=True),
              help="Run directory: records.jsonl and manifest.json are written there.")
@model_options
@click.option("--force", is_flag=True, help="Redo documents that already have a record in --out.")
@click.option("--repeat", type=click.IntRange(1, 1000), default=1, show_default=True,
              help="Run the same setting N times, into OUT/rep-1 ... OUT/rep-N (each repetition keyed apart "
                   "in the cache and in its own cassette); harness score OUT reads them together.")
@click.option("--no-progress", is_flag=True, help="No progress bar (it is off anyway when stderr is no terminal).")
@click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "ray"]),
              help="local: this process; ray: the workers of a Ray cluster (pip install -e '.[ray]').")
@click.option("--address", default=None,
              help="With --engine ray: the cluster, auto or ray://HOST:PORT (default: a local Ray on this machine).")
@click.option("--batch", is_flag=True,
              help="Send the model calls as OpenAI Batch API jobs (half price, up to 24 h a job), one job per "
                   "step; a killed run resumes waiting for its job (see docs/scaling.md).")
@click.option("--batch-poll", "batch_poll_s", default=30.0, show_default=True, type=click.FloatRange(0.01),
              help="With --batch: seconds between looks at a job in flight.")
def extract(inputs: tuple[str, ...], extractor_name: str, out_dir: str, force: bool, repeat: int,
            no_progress: bool, engine: str, address: str | None, batch: bool, batch_poll_s: float,
            **model: Any) -> None:
    """Extract a chart record from each description in INPUT... (.txt/.md files or directories of them)."""
    import dataclasses

    from harness.runs.settings import run_configured, run_repeated

    refuse_unused_options(extractor_name)
    if address and engine != "ray":
        raise click.UsageError("--address does nothing without --engine ray")
    if batch and extractor_name == "rules":
        raise click.UsageError("--batch does nothing with --extractor rules (it asks no model)")
    if not batch and click.get_current_context().get_parameter_source("batch_poll_s").name == "COMMANDLINE":
        raise click.UsageError("--batch-poll does nothing without --batch")
    settings = dataclasses.replace(extract_settings(extractor_name, out_dir, force, no_progress, **model),
                                   repeat=repeat, engine=engine, address=address, batch=batch,
                                   batch_poll_s=batch_poll_s)
    documents = documents_or_usage_error(inputs)
    with extract_errors(extractor_name):
        if repeat > 1:
            summaries = run_repeated(documents, settings, inputs=list(inputs))
        else:
            summaries = [run_configured(documents, settings, inputs=list(inputs))]
    for summary in summaries:
        click.echo(summary.line())
        if (calls := summary.calls_line()) is not None:
            click.echo(calls)
        for note in summary.notes:
            click.echo(note)
    if any(summary.status == "interrupted" for summary in summaries):
        sys.exit(130)
    sys.exit(0 if all(s.failed == 0 and s.status == "complete" for s in summaries) else 1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@gold_option
@click.option("--extractor", "extractor_name", default="llm", show_default=True,
              type=click.Choice(["rules", "llm", "hybrid"]))
@click.option("--base", type=click.Path(exists=True, file_okay=False),
              help="Run to compare the first round with (default: the first round is only scored).")
@click.option("--runs-dir", default="runs/iterate", show_default=True, type=click.Path(file_okay=False),
              help="Where each round's run goes (EXTRACTOR-PROMPT-NNN).")
@click.option("--rounds", type=click.IntRange(1), default=None,
              help="Stop after this many rounds (default: watch until Ctrl-C).")
@click.option("--poll", "poll_s", default=1.0, show_default=True, type=click.FloatRange(0.05),
              help="Seconds between checks of the prompt file.")
@model_options
def iterate(inputs: tuple[str, ...], gold_dir: tuple[str, ...], extractor_name: str, base: str | None, runs_dir: str,
            rounds: int | None, poll_s: float, **model: Any) -> None:
    """Extract, compare with the previous round, and again each time the prompt file changes.

    Edit prompts/NAME.md in another window and save: the next round starts, only the calls
    whose text changed reach the model (the rest come from the cache), and the comparison
    shows per field, document and cell what the edit won and lost. Ctrl-C stops.
    """
    from harness.iterate import iterate as iterate_rounds

    gold = gold_dirs(gold_dir)
    settings = extract_settings(extractor_name, runs_dir, False, True, **model)
    documents = documents_or_usage_error(inputs)

    def show(round_: Any) -> None:
        click.echo(round_.text)
        if rounds is None or round_.number < rounds:
            click.echo(f"\nwatching {settings.prompt} for changes (Ctrl-C to stop)...", err=True)

    try:
        with extract_errors(extractor_name):
            iterate_rounds(documents, settings, gold, root=runs_dir, base=Path(base) if base else None,
                           rounds=rounds, poll_s=poll_s, on_round=show)
    except KeyboardInterrupt:
        sys.exit(130)


@cli.command()
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0: a free one).")
def serve(port: int) -> None:
    """Serve the embedded SmolLM2-135M at http://127.0.0.1:PORT/v1 until Ctrl-C (OpenAI-compatible)."""
    from harness.llm.server import EmbeddedServerError, serve_forever

    try:
        serve_forever(port, announce=lambda message: click.echo(message, err=True))
    except EmbeddedServerError as exc:
        raise click.ClickException(str(exc)) from exc


# --- score: harness/score/ --------------------------------------------------------------
# Exit status: 0 scored (malformed gold files or run lines are reported on stderr and
# skipped), 2 usage error (no runs, missing gold directory, a run without records.jsonl).


@cli.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@gold_option
@click.option("--by-document", is_flag=True, help="Also print one row per run and document.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False),
              help="Write the whole report (runs, fields, taxonomy, documents) as JSON.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False),
              help="Write one row per run x document x field (counts and score) as CSV.")
@click.option("--shared-only", is_flag=True,
              help="Score only the documents that gold and every run share (said in the header); "
                   "otherwise a gold document a run lacks counts as all missed.")
@click.option("--no-literature", is_flag=True,
              help="Leave out RMS, RNSS and SCRM (they cost more than cells F1 on big runs).")
def score(runs: tuple[str, ...], gold_dir: tuple[str, ...], by_document: bool, json_out: str | None,
          csv_out: str | None, shared_only: bool, no_literature: bool) -> None:
    """Score each RUN directory against the gold set, field by field, beside the empty record.

    A RUN made with ``extract --repeat N`` (OUT/rep-1 ... OUT/rep-N) is scored as one: mean and
    spread per field, the cells that flip between repetitions, and a bootstrap over documents
    and repetitions. Exit status: 0 scored; 1 a run shares no document with gold; 2 usage error.
    """
    from harness import api
    from harness.score import load_gold, report_text, to_csv, to_json
    from harness.score.repeats import repeated_text, repetition_dirs, score_repeated

    gold = gold_dirs(gold_dir)
    repeated = [run for run in runs if repetition_dirs(run)]
    single = [run for run in runs if run not in repeated]
    try:
        gold_set = load_gold(gold)
        report = api.score(single, gold_set, progress=None, shared_only=shared_only) if single else None
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in (report.problems if report is not None else gold_set.problems):
        click.echo(f"harness: {problem}", err=True)
    if len(gold_set) == 0:
        raise click.UsageError(f"no valid gold records in {', '.join(gold)}")
    if report is not None:
        for line in report.coverage():
            click.echo(f"harness: {line}", err=True)
        click.echo(report_text(report, by_document=by_document, literature=not no_literature))
        if json_out:
            to_json(report, json_out, literature=not no_literature)
        if csv_out:
            to_csv(report, csv_out)
    for run in repeated:
        repeated_score = score_repeated(run, gold_set, shared_only=shared_only)
        for line in repeated_score.coverage:
            click.echo(f"harness: {line}", err=True)
        click.echo(("\n" if report is not None else "") + repeated_text(repeated_score))
    if report is not None and (lonely := report.shares_nothing()):
        raise click.ClickException(f"{', '.join(lonely)}: no document in common with the gold set "
                                   f"({', '.join(gold)}); is it the right --gold?")


# --- compare: harness/compare.py ------------------------------------------------------
# Exit status: 0 compared (and every --fail-under-delta holds), 1 some NEW run fell below a
# --fail-under-delta threshold, 2 usage error (a run without records.jsonl, no gold set,
# a malformed threshold). Malformed gold files and run lines go to stderr, one line each.


@cli.command()
@click.argument("base", type=click.Path())
@click.argument("new", nargs=-1, required=True, type=click.Path())
@gold_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False),
              help="Write the whole comparison (every changed cell and document) as JSON.")
@click.option("--all-cells", "--by-cell", "all_cells", is_flag=True,
              help="List every changed cell (default: the first --show of them, and a count).")
@click.option("--all-documents", is_flag=True,
              help="List every changed document, then every gold document.")
@click.option("--show", "shown", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many changed cells (and documents per kind of change) to list.")
@click.option("--resamples", type=click.IntRange(min=1, max=1_000_000), default=2000, show_default=True,
              help="Bootstrap resamples over gold documents.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap draw.")
@click.option("--fail-under-delta", "thresholds", multiple=True, metavar="FIELD=DELTA",
              help="Exit 1 when NEW - BASE on FIELD is below DELTA (repeatable; any NEW run). "
                   "cells=-0.02 allows a drop of up to 0.02 in cells F1, cells=0 allows no drop, "
                   "overall=0.01 demands a gain of 0.01. FIELD: cells (the headline, cells F1 micro), "
                   "overall, cells_macro (mean of per-document cells F1), or a field row as printed "
                   "(title, x_axis.categories, ...).")
def compare(base: str, new: tuple[str, ...], gold_dir: tuple[str, ...], json_out: str | None, all_cells: bool,
            all_documents: bool, shown: int, resamples: int, seed: int, thresholds: tuple[str, ...]) -> None:
    """Compare each NEW run with BASE on the gold set.

    Prints per field each run's score and NEW - BASE (beside the empty record), a paired
    bootstrap interval over documents for overall and cells F1 ("within noise" when it
    contains 0), the documents that got better or worse, documents in one run and not
    the other, the gold cells that flipped between right and not right, and cost and
    latency side by side.

    Exit status: 0 compared and every --fail-under-delta holds; 1 some NEW run is below
    a --fail-under-delta threshold; 2 usage error (a run without records.jsonl, no gold
    set, a malformed threshold).
    """
    from harness import api
    from harness.compare.diff import parse_threshold
    from harness.compare.text import comparison_json, comparison_text

    try:
        limits = [parse_threshold(text) for text in thresholds]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-under-delta") from exc
    gold = gold_dirs(gold_dir)
    from harness.score.repeats import repetition_dirs

    if any(repetition_dirs(run) for run in (base, *new)):
        _compare_repeated(base, new, gold, resamples=resamples, seed=seed)
        return
    try:
        comparison = api.compare(base, list(new), gold, resamples=resamples, seed=seed)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in comparison.problems:
        click.echo(f"harness: {problem}", err=True)
    if len(comparison.gold) == 0:
        raise click.UsageError(f"no valid gold records in {', '.join(gold)}")
    click.echo(comparison_text(comparison, all_cells=all_cells, cells_shown=shown, all_documents=all_documents))
    if json_out:
        comparison_json(comparison, json_out)
    failures = comparison.threshold_failures(limits)
    for failure in failures:
        click.echo(f"harness: fail-under-delta: {failure}", err=True)
    sys.exit(1 if failures else 0)


def _compare_repeated(base: str, new: tuple[str, ...], gold: list[str], *, resamples: int, seed: int) -> None:
    """``compare`` when a run is repeated (RUN/rep-K): means, spreads, a two-stage bootstrap."""
    from harness.compare.repeated import compare_repeated, repeated_comparison_text
    from harness.score import load_gold

    gold_set = load_gold(gold)
    for problem in gold_set.problems:
        click.echo(f"harness: {problem}", err=True)
    for index, other in enumerate(new):
        comparison = compare_repeated(base, other, gold_set, resamples=resamples, seed=seed)
        click.echo(("\n" if index else "") + repeated_comparison_text(comparison))


# --- runs (leaderboard): harness/leaderboard.py -----------------------------------------
# Exit status: 0 listed (runs that could not be read in whole are rows with a note, and
# one line each on stderr), 2 usage error (DIR or --gold not a directory, unknown --sort).


@cli.command("runs")
@click.argument("root", required=False, default=".", type=click.Path())
@gold_option
@click.option("--sort", "sort_by", default="cells_f1", show_default=True,
              help="Column to sort by: run, extractor, model, prompt, date, status, ok, failed, overall, "
                   "cells_f1, cost_usd, time_s, note. Best first: scores, ok and date descending; "
                   "the rest ascending; unknown values last.")
@click.option("--reverse", is_flag=True, help="Flip the sort order.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False), help="Write the table as CSV.")
def runs_leaderboard(root: str, gold_dir: tuple[str, ...], sort_by: str, reverse: bool, csv_out: str | None) -> None:
    """A leaderboard of every run under ROOT (default: .), searched recursively.

    One row per directory holding records.jsonl or manifest.json: extractor, model,
    prompt, date, documents ok / failed, overall and cells F1 (micro) against the gold
    set, cost (usage.cost_usd) and time (totals.elapsed_s); the empty record's row is the
    floor. A run that cannot be read in whole is still a row, with a note, and one line
    on stderr.

    Exit status: 0 listed; 2 usage error (ROOT or --gold not a directory, unknown --sort).
    """
    from harness.compare.leaderboard import COLUMNS, build_leaderboard, leaderboard_text, to_csv

    if sort_by not in COLUMNS:
        raise click.BadParameter(f"unknown column {sort_by!r} (choose from {', '.join(COLUMNS)})",
                                 param_hint="--sort")
    gold = gold_dirs(gold_dir, required=False)
    if gold is None:
        click.echo("harness: no --gold given and no ./gold here: runs are listed without scores", err=True)
    try:
        board = build_leaderboard(root, gold, sort=sort_by, reverse=reverse)
    except NotADirectoryError as exc:
        raise click.UsageError(str(exc)) from exc
    if board.gold is not None:
        for problem in board.gold.problems:
            click.echo(f"harness: {problem}", err=True)
    for problem in board.problems:
        click.echo(f"harness: {problem}", err=True)
    if board.runs == 0:
        click.echo(f"harness: no runs (directories with records.jsonl or manifest.json) under {root}", err=True)
    click.echo(leaderboard_text(board))
    if csv_out:
        to_csv(board, csv_out)


# --- report: harness/report/ ----------------------------------------------------------
# (the code lives in the harness/report/ package.) Exit status: 0 written, 2 usage error
# (missing gold directory, a run without records.jsonl, no valid gold records).


@cli.command("report")
@click.argument("run_dir", metavar="RUN", type=click.Path(exists=True, file_okay=False))
@gold_option
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one self-contained page).")
@click.option("--expand", is_flag=True, help="Open every document's section (to print or search the page).")
def report_command(run_dir: str, gold_dir: tuple[str, ...], out_path: str, expand: bool) -> None:
    """Write an HTML report of RUN against the gold set: scores, heatmaps, marked descriptions."""
    from harness import api

    try:
        path = api.report(run_dir, gold_dirs(gold_dir), out_path, expanded=expand)
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"report written to {path}")


def main() -> None:
    # click's own usage errors exit 2, which is the documented usage-error status.
    cli(prog_name="harness")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
