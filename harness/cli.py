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
# (the `extract` command goes here)

# --- score: owned by harness/score/ ----------------------------------------------------
# (the `score` command goes here)


def main() -> None:
    # click's own usage errors exit 2, which is the documented usage-error status.
    cli(prog_name="harness")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
