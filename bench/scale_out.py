"""Scale-out benchmark: the corpus's pages through the default set-up (worker processes, local
warehouse), beside the same run on a local Dask cluster and into an S3 warehouse (moto's S3 server in
its own process on loopback), in the same session; then one analyst query on each warehouse.

    python bench/scale_out.py ../shared/corpora/article-extraction-benchmark [--rounds 2]

What it shows is the cost of each option on one machine, not a speed-up: Dask and S3 are for more
machines than one. Every configuration runs `--rounds` times, alternating; each run's URLs are new
to its warehouse.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from extraction import load_corpus, serve_in_subprocess  # noqa: E402

from newsflow.settings import load_settings  # noqa: E402

BUCKET = "newsflow-bench"
QUERY = "select event_type, count(*) as events from events group by all order by events desc"


@contextmanager
def s3_server():
    """moto's S3 server in its own process (it must not share the flow's interpreter lock)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    options = {"endpoint_url": f"http://127.0.0.1:{port}", "key": "bench", "secret": "bench"}
    try:
        from newsflow.warehouse import as_warehouse

        fs = as_warehouse(f"s3://{BUCKET}", options).fs()
        for _ in range(100):
            try:
                fs.mkdir(BUCKET)
                break
            except OSError:
                time.sleep(0.1)
        yield options
    finally:
        server.terminate()
        server.wait(timeout=10)


def settings_for(kind: str, tmp: Path, s3_options: dict, round_number: int):
    fetch = {"allow_private_hosts": True, "max_connections_per_host": 16}
    overrides: dict = {"warehouse": str(tmp / f"{kind}-{round_number}"), "fetch": fetch}
    if kind == "dask":
        overrides["run"] = {"task_runner": "dask"}
    if kind == "s3":
        overrides.update(warehouse=f"s3://{BUCKET}/run-{round_number}", storage={"options": s3_options})
    return load_settings(**overrides)


def timed_run(urls: list[str], settings) -> tuple[float, dict]:
    from newsflow.orchestration.flows import run_ingest

    started = time.perf_counter()
    summary = run_ingest(urls, settings)
    return time.perf_counter() - started, summary


def timed_query(settings) -> float:
    from newsflow.views import read_query
    from newsflow.warehouse import as_warehouse

    started = time.perf_counter()
    read_query(as_warehouse(settings.warehouse, settings.storage.options), QUERY)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    pages, _ = load_corpus(args.corpus)
    kinds = ("processes", "dask", "s3")
    results: dict[str, list[tuple[float, dict, float]]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp, serve_in_subprocess(pages) as base_url, s3_server() as s3:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # the S3 warehouse's local views
        for round_number in range(args.rounds):
            for kind in kinds:
                settings = settings_for(kind, Path(tmp), s3, round_number)
                urls = [f"{base_url}/{key}.html?{kind}={round_number}" for key in pages]
                seconds, summary = timed_run(urls, settings)
                results[kind].append((seconds, summary, timed_query(settings)))
    print(f"\n{len(pages)} new pages per run, {args.rounds} runs each, alternating\n")
    print(f"{'set-up':34} {'whole run (s)':>16} {'flow body (s)':>16} {'query (s)':>12}")
    labels = {
        "processes": "worker processes, local warehouse",
        "dask": "local Dask cluster, local",
        "s3": "worker processes, S3 (moto)",
    }
    for kind, runs in results.items():
        whole = " / ".join(f"{seconds:.1f}" for seconds, _, _ in runs)
        body = " / ".join(f"{summary['wall_seconds']:.1f}" for _, summary, _ in runs)
        query = " / ".join(f"{q:.2f}" for *_, q in runs)
        print(f"{labels[kind]:34} {whole:>16} {body:>16} {query:>12}")
    baseline = min(summary["wall_seconds"] for _, summary, _ in results["processes"])
    for kind in ("dask", "s3"):
        best = min(summary["wall_seconds"] for _, summary, _ in results[kind])
        print(f"{kind} / processes (best flow body of each): {best / baseline:.2f}x")
    for kind in kinds:
        print(f"stages, {kind} run 1: {results[kind][0][1]['stage_seconds']}")


if __name__ == "__main__":
    main()
