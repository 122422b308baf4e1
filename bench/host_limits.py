"""What sharing per-host limits through a Prefect server costs: the same pages fetched from one loopback
host with the run's own per-host limit only, and with each request also taking a slot of the Prefect
global concurrency limit newsflow-host:<host> (a local Prefect server: the test harness), alternating.

    python bench/host_limits.py ../shared/corpora/article-extraction-benchmark [--rounds 2] [--per-host 2]

Loopback pages answer in about a millisecond, so the difference is the slots' own cost; against real sites
it overlaps with the pages' own latency.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from extraction import load_corpus, serve_in_subprocess  # noqa: E402

from newsflow import fetch  # noqa: E402
from newsflow.settings import load_settings  # noqa: E402


def timed_fetch(urls: list[str], settings, host_slot) -> float:
    started = time.perf_counter()
    results = fetch.fetch_all(urls, settings.fetch, host_slot=host_slot)
    assert all(result.ok for result in results), [r.error for r in results if not r.ok][:3]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--per-host", type=int, default=2)
    args = parser.parse_args()
    from prefect.testing.utilities import prefect_test_harness

    from newsflow.orchestration.host_limits import SharedHostLimits

    pages, _ = load_corpus(args.corpus)
    settings = load_settings(fetch={"allow_private_hosts": True, "max_connections_per_host": args.per_host})
    times: dict[str, list[float]] = {"own limit only": [], "shared through Prefect": []}
    with serve_in_subprocess(pages) as base_url, prefect_test_harness(server_startup_timeout=60):
        for round_number in range(args.rounds):
            urls = [f"{base_url}/{key}.html?round={round_number}" for key in pages]
            times["own limit only"].append(timed_fetch(urls, settings, None))
            shared = SharedHostLimits(args.per_host, settings.fetch.shared_slot_wait_s)
            times["shared through Prefect"].append(timed_fetch(urls, settings, shared))
            assert shared.error is None, shared.error
    print(f"\n{len(pages)} pages from one loopback host, {args.per_host} at a time, {args.rounds} rounds\n")
    for label, seconds in times.items():
        print(f"{label:24} " + " / ".join(f"{value:.2f} s" for value in seconds))
    added = (min(times["shared through Prefect"]) - min(times["own limit only"])) * args.per_host / len(pages)
    print(f"\nadded per request (best of each, {args.per_host} requests in flight): {added * 1000:.0f} ms")


if __name__ == "__main__":
    main()
