"""LLM fan-out over several endpoints under one shared limit, as a ratio to the ideal.

    python benchmarks/bench_endpoints.py [--calls 200] [--in-flight 8] [--delay 0.1] [--rps 20]

Each endpoint is a stub OpenAI-compatible server (harness.llm.stub_server) in its own
process, answering every chat completion after ``--delay`` seconds. One ``LLMClient`` over
the endpoints (an ``EndpointPool``, as ``--base-url`` given several times makes) and a
``RateLimit`` (``--rps``) is called ``--calls`` times from ``--in-flight`` threads, with
as many calls in flight (``--concurrency``). For each row:

    ideal throughput = min(rps, endpoints * in_flight_per_endpoint / delay)
                     = min(rps, in_flight / delay)     (the calls in flight are spread over the endpoints)

and the ratio achieved / ideal (1.0 = the limit or the servers are the only bound). Rows
without a limit show what the spreading alone gives. The split of calls over the
endpoints is printed as well (least in flight: it should be even).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from bench_concurrency import ServerProcess
from pydantic import BaseModel

from harness.llm.client import Decoding, LLMClient
from harness.llm.endpoint import Endpoint
from harness.llm.limits import RateLimit


class Answer(BaseModel):
    title: str
    value: float


def measure(urls: list[str], calls: int, in_flight: int, rps: float | None) -> tuple[float, list[int]]:
    first, *more = [Endpoint.remote("stub-model", url) for url in urls]
    limit = RateLimit(rps=rps, tpm=None) if rps else None
    client = LLMClient(first, Decoding(max_reasks=0, timeout_s=30), more_endpoints=more,
                       rate_limit=limit, max_calls_in_flight=in_flight)

    def one(n: int) -> None:
        client.complete(Answer, [{"role": "user", "content": f"chart {n}"}], step="one", max_tokens=40)

    one(-1)  # warm-up: connections, the response schema
    for member in client.pool.members:
        member.calls = 0
    started = time.perf_counter()
    with ThreadPoolExecutor(in_flight) as threads:
        list(threads.map(one, range(calls)))
    elapsed = time.perf_counter() - started
    return calls / elapsed, [member.calls for member in client.pool.members]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--in-flight", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--rps", type=float, default=20.0)
    parser.add_argument("--endpoints", type=int, default=4)
    args = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(ServerProcess(args.delay)) for _ in range(args.endpoints)]
        print(f"{args.calls} calls, {args.in_flight} in flight, each endpoint answers in {args.delay * 1000:.0f} ms")
        print(f"{'endpoints':>9} {'limit':>9} {'ideal/s':>8} {'achieved/s':>10} {'ratio':>6}  calls per endpoint")
        for count in (args.endpoints, 1):
            for rps in (args.rps, None):
                ideal = args.in_flight / args.delay
                if rps:
                    ideal = min(rps, ideal)
                achieved, split = measure(urls[:count], args.calls, args.in_flight, rps)
                limit = f"{rps:g} rps" if rps else "none"
                print(f"{count:>9} {limit:>9} {ideal:>8.1f} {achieved:>10.1f} {achieved / ideal:>6.2f}  {split}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
