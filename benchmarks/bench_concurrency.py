"""How well a run at concurrency N overlaps model calls, against a slow server.

    python benchmarks/bench_concurrency.py [--docs 200] [--concurrency 16] [--delay 0.1]

A stub OpenAI-compatible server (harness.llm.stub_server) runs in a separate process
and answers every chat completion after a fixed delay (100 ms) with a minimal valid
answer to the request's schema. ``OneCallExtractor`` makes exactly one instructor call
per document through ``LLMClient.complete``; the client allows N calls in flight and the
run keeps N documents in flight (as ``harness extract --concurrency N`` does), so a run of
D documents cannot take less than D * delay / N. Prints:
- concurrent run: elapsed, ideal (D * delay / N), ratio (target <= 1.5), the harness's
  overhead per document (elapsed * N / D - delay) and the most requests the server saw
  in flight at once;
- sequential run (concurrency 1, --seq-docs documents): overhead per document
  (elapsed / docs - delay), i.e. client + instructor + run files, one at a time.
A warm-up run (not counted) first opens connections and builds the response schema.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from harness.extract import BaseExtractor, Extraction
from harness.inputs import Document
from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.usage import Usage
from harness.record import Axis, Cell, ChartRecord, Panel
from harness.runs.execute import run_extraction

TARGET_RATIO = 1.5


class OneCallAnswer(BaseModel):
    title: str
    chart_type: Literal["heatmap", "bar", "line", "scatter", "pie", "table", "other"]
    value: float


class OneCallExtractor(BaseExtractor):
    """One typed model call per document; the record holds the answer's title, kind and one cell."""

    name = "bench-one-call"

    def __init__(self, client: LLMClient) -> None:
        self.client = client
        self.usage_by_doc: dict[str, Usage] = {}

    def describe(self) -> dict[str, Any]:
        return {**self.client.describe(), "prompt_name": None, "prompt_hash": None}

    def extract(self, doc_id: str, text: str) -> ChartRecord:
        return self.extract_with_usage(doc_id, text).record

    def extract_with_usage(self, doc_id: str, text: str) -> Extraction:
        usage = Usage()
        self.usage_by_doc[doc_id] = usage
        messages = [
            {"role": "system", "content": "Read the chart description; give its title, kind and one value."},
            {"role": "user", "content": text},
        ]
        got = self.client.complete(OneCallAnswer, messages, step="one", max_tokens=60, usage=usage)
        cell = Cell(row="r", col="c", value=got.value)
        panel = Panel(x_axis=Axis(categories=["c"]), y_axis=Axis(categories=["r"]), cells=[cell])
        record = ChartRecord(id=doc_id, chart_type=got.chart_type, title=got.title or None, panels=[panel])
        return Extraction(record, usage)


# --- the server, in its own process so its threads do not share our GIL -------------------


def serve(delay_s: float, conn: Any) -> None:
    """Child process: run the stub until told to stop; send back its counts."""
    from harness.llm.stub_server import StubServer, answer, answer_from_schema

    with StubServer(default=answer(answer_from_schema, delay_s=delay_s)) as stub:
        conn.send(stub.base_url)
        conn.recv()  # any message means stop
        conn.send({"calls": stub.calls, "max_in_flight": stub.max_in_flight})


class ServerProcess:
    def __init__(self, delay_s: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=serve, args=(delay_s, child), daemon=True)
        self.counts: dict[str, int] = {}

    def __enter__(self) -> str:
        self._process.start()
        if not self._conn.poll(30):
            raise RuntimeError("the stub server process did not start")
        return self._conn.recv()

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._conn.send("stop")
            if self._conn.poll(10):
                self.counts = self._conn.recv()
        finally:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()


# --- the measurements ----------------------------------------------------------------------


def documents(count: int, prefix: str) -> list[Document]:
    text = "## Heatmap: Transfer Matrix\n* **X-axis:** Target: A, B\n* A to B: {n}.5%\n"
    return [
        Document(id=f"{prefix}{n:04d}", path=Path(f"/bench/{prefix}{n:04d}.md"), text=text.format(n=n))
        for n in range(count)
    ]


def timed_run(docs: list[Document], extractor: OneCallExtractor, out: Path, documents_in_flight: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    errors: list[str] = []
    started = time.perf_counter()
    summary = run_extraction(
        docs, extractor, out, documents_in_flight=documents_in_flight, progress=False,
        on_error=lambda w, c: errors.append(f"{w}: {c}"),
    )
    elapsed = time.perf_counter() - started
    if summary.ok != len(docs):
        raise SystemExit(f"{summary.failed} of {len(docs)} documents failed, e.g. {errors[:1]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.1, help="server delay per request, seconds")
    parser.add_argument("--seq-docs", type=int, default=20, help="documents for the sequential run")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    server = ServerProcess(args.delay)
    try:
        with server as base_url:
            decoding = Decoding(timeout_s=30.0, max_transport_retries=0, max_reasks=0)
            endpoint = Endpoint.remote(model="stub-model", base_url=base_url)
            client = LLMClient(endpoint, decoding, max_calls_in_flight=args.concurrency)
            extractor = OneCallExtractor(client)
            warm = timed_run(documents(args.concurrency, "w"), extractor, work / "warm", args.concurrency)
            elapsed = timed_run(documents(args.docs, "d"), extractor, work / "concurrent", args.concurrency)
            sequential = timed_run(documents(args.seq_docs, "s"), extractor, work / "sequential", 1)
            calls = sum(u.calls for u in extractor.usage_by_doc.values())
            retries = sum(u.retries + u.reasks for u in extractor.usage_by_doc.values())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ideal = args.docs * args.delay / args.concurrency
    ratio = elapsed / ideal
    print(f"server: {args.delay * 1000:.0f} ms per request, separate process; calls {server.counts.get('calls')}"
          f" (client counted {calls}, retries+reasks {retries}), most in flight {server.counts.get('max_in_flight')}")
    print(f"warm-up: {args.concurrency} documents in {warm:.2f} s (not counted)")
    print(f"concurrent: {args.docs} documents, concurrency {args.concurrency}: {elapsed:.2f} s;"
          f" ideal {ideal:.2f} s; ratio {ratio:.2f} (target <= {TARGET_RATIO})"
          f" -> {'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
    overhead = elapsed * args.concurrency / args.docs - args.delay
    print(f"  overhead per document (elapsed*N/D - delay): {overhead * 1000:.1f} ms")
    print(f"sequential: {args.seq_docs} documents, concurrency 1: {sequential:.2f} s;"
          f" overhead per document (elapsed/D - delay): {(sequential / args.seq_docs - args.delay) * 1000:.1f} ms")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
