"""The options and arguments several CLI verbs share, and how they become settings.

One vocabulary for every verb: ``--gold`` means the same wherever it is taken, the model
options (``--model``, ``--prompt``, ``--concurrency``, cassettes, cache) the same in
``extract`` and ``iterate``, and INPUT... is read the same way. Each turns into the
settings of ``harness.runs.settings`` or a usage error (exit 2) before anything is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from harness.llm.cassettes import RECORD_MODE_ALIASES, RECORD_MODES

RECORD_MODE_NAMES = [*RECORD_MODES, *RECORD_MODE_ALIASES]

def gold_option(command):
    """``--gold``, the same in every verb: several folders score against their union; default ./gold."""
    return click.option(
        "--gold", "gold_dir", multiple=True, type=click.Path(),
        help="Gold folder: ID.json records, each beside its ID.txt or ID.md description, subfolders "
             "included; give it several times for their union. Default: ./gold when it exists.",
    )(command)


def gold_dirs(gold_dir: tuple[str, ...], *, required: bool = True) -> list[str] | None:
    """--gold as given, checked; without it ./gold when that exists (said on stderr)."""
    if gold_dir:
        missing = [d for d in gold_dir if not Path(d).is_dir()]
        if missing:
            raise click.BadParameter(f"not a directory: {', '.join(missing)}", param_hint="--gold")
        return list(gold_dir)
    if Path("gold").is_dir():
        click.echo("harness: no --gold given; scoring against ./gold", err=True)
        return ["gold"]
    if required:
        raise click.UsageError("no gold set: give --gold DIR (there is no ./gold here)")
    return None


def model_options(command):
    """The options that say how records are made: extractor details, endpoint, prompt, cassettes, cache."""
    for option in reversed([
        click.option("--model", default=None, help="Model name at --base-url (none: the embedded SmolLM2-135M)."),
        click.option("--base-url", multiple=True,
                     help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (default: $OPENAI_BASE_URL; "
                       "neither: the embedded model). The key comes from $OPENAI_API_KEY. Give it several times "
                       "for several servers of the same model: calls go to the healthy ones."),
        click.option("--rps", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="At most this many model requests per second, over all endpoints (halved on 429, "
                          "then recovering)."),
        click.option("--tpm", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="At most this many tokens per minute (prompt estimate + max_tokens of each request)."),
        click.option("--prompt", "prompt_name", default="default", show_default=True,
                     help="Prompt file prompts/NAME.md (llm and hybrid)."),
        click.option("--hybrid-policy", default="check", show_default=True, type=click.Choice(["check", "fill", "model"]),
                     help="How hybrid combines rules and model (see harness/extract/model/hybrid.py)."),
        click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 256),
                     help="Model calls in flight at once, and as many documents (each makes its calls in turn)."),
        click.option("--record-mode", default=None, type=click.Choice(RECORD_MODE_NAMES, case_sensitive=False),
                     help="Cassettes: record (vcrpy: all) afresh; replay (none, replay-only) from the cassette only, "
                          "offline; once: replay if the cassette exists, else record; new_episodes: replay what "
                          "is recorded, record what is not; off. Default: $HARNESS_RECORD_MODE, else off."),
        click.option("--cassette", default=None, type=click.Path(dir_okay=False),
                     help="Cassette file (default: cassettes/EXTRACTOR-PROMPT-MODEL.json)."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the response cache."),
        click.option("--no-prompt-cache", is_flag=True,
                     help="The embedded model recomputes every prompt (slower; answers then do not depend on "
                          "the call before)."),
        click.option("--cache-dir", default=None, type=click.Path(file_okay=False),
                     help="Response cache directory (default: $HARNESS_CACHE_DIR, else ~/.cache/harness)."),
    ]):
        command = option(command)
    return command


# Options that only a model extractor reads (and --hybrid-policy only hybrid): given to another
# extractor they would be silently ignored, so they are refused instead.
MODEL_ONLY_OPTIONS = ("model", "base_url", "rps", "tpm", "prompt_name", "record_mode", "cassette", "no_cache", "cache_dir",
                      "no_prompt_cache")


def refuse_unused_options(extractor_name: str) -> None:
    """A usage error when the command line gives an option that ``extractor_name`` does not read."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    given = [name for name in (*MODEL_ONLY_OPTIONS, "hybrid_policy")
             if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]
    if extractor_name == "rules":
        wrong = given
    elif extractor_name == "llm":
        wrong = [name for name in given if name == "hybrid_policy"]
    else:
        wrong = []
    if wrong:
        flags = ", ".join("--" + name.replace("_name", "").replace("_", "-") for name in wrong)
        raise click.UsageError(f"{flags} do(es) nothing with --extractor {extractor_name}")


def extract_settings(extractor_name: str, out_dir: str, force: bool, no_progress: bool, *, model: str | None,
                     base_url: str | tuple[str, ...] | None, prompt_name: str, hybrid_policy: str, concurrency: int,
                     record_mode: str | None, cassette: str | None, no_cache: bool, cache_dir: str | None,
                     no_prompt_cache: bool = False, rps: float | None = None, tpm: float | None = None) -> Any:
    """The model options (and the verb's own) as ``ExtractSettings``; a bad record mode is a usage error."""
    from harness.llm.cassettes import RecordModeError, record_mode_from
    from harness.runs.settings import ExtractSettings

    try:
        mode = record_mode_from(record_mode)
    except RecordModeError as exc:
        raise click.BadParameter(str(exc), param_hint="--record-mode / HARNESS_RECORD_MODE") from exc
    urls = (base_url,) if isinstance(base_url, str) else tuple(base_url or ())
    return ExtractSettings(
        extractor=extractor_name, out_dir=out_dir, model=model, base_url=urls[0] if urls else None,
        more_base_urls=urls[1:], rps=rps, tpm=tpm, prompt=prompt_name,
        hybrid_policy=hybrid_policy, concurrency=concurrency, record_mode=mode, cassette=cassette,
        cache=not no_cache, cache_dir=cache_dir, force=force, progress=False if no_progress else None,
        prompt_cache=not no_prompt_cache,
    )


@contextlib.contextmanager
def extract_errors(extractor_name: str) -> Iterator[None]:
    """Setting errors found before anything is written, as usage errors (exit 2) or plain ones (exit 1)."""
    from harness.llm.cassettes import CassetteDamaged
    from harness.llm.endpoint import EndpointError
    from harness.prompts import PromptError
    from harness.runs.execute import RunConflict
    from harness.runs.ray_engine import EngineError
    from harness.runs.settings import BatchRefused

    try:
        yield
    except (EngineError, BatchRefused) as exc:  # --engine ray / --batch asked of settings they cannot serve
        raise click.ClickException(str(exc)) from exc
    except RunConflict as exc:  # the --out directory: another run's, or being written now
        raise OneLineError(str(exc)) from exc
    except (EndpointError, PromptError) as exc:
        raise click.UsageError(str(exc)) from exc
    except CassetteDamaged as exc:
        raise click.ClickException(str(exc)) from exc
    except FileNotFoundError as exc:  # replay-only without its cassette
        raise click.ClickException(str(exc)) from exc
    except ImportError as exc:
        raise click.ClickException(f"extractor {extractor_name!r} is not available: {exc}") from exc


class OneLineError(click.ClickException):
    """A usage error that is about the files, not the command line: one line, exit 2, no usage text."""

    exit_code = 2


def documents_or_usage_error(inputs: tuple[str, ...]) -> list[Any]:
    """The descriptions at INPUT...; a path that does not exist is a usage error before anything is written."""
    from harness.inputs import discover_documents

    missing = [path for path in inputs if not Path(path).exists()]
    if missing:
        raise click.BadParameter(f"no such file or directory: {', '.join(missing)}", param_hint="INPUT")
    documents = discover_documents(inputs)
    if not documents:
        raise click.UsageError(f"no .txt or .md descriptions in {', '.join(inputs)}")
    return documents
