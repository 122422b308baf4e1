"""Entity-stage benchmark: articles per second of newsflow's NLP stage (the `analyze` flow: spaCy
with the alias ruler in worker processes, in-article normalization, events and quotes, corpus-wide
resolution and geocoding) beside bare `nlp.pipe` with the same pipes over the same texts, in the
same run, and peak memory.

    python bench/entities.py ../shared/corpora/article-extraction-benchmark

The pages are first ingested (untimed) into a temporary warehouse; the stage then runs over the
stored articles, as `newsflow entities` does.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import spacy  # noqa: E402
from extraction import load_corpus, serve_in_subprocess  # noqa: E402

from newsflow.settings import load_settings  # noqa: E402


def ingest_corpus(pages: dict[str, bytes], warehouse: Path) -> list[str]:
    from newsflow.orchestration.flows import run_ingest

    settings = load_settings(
        warehouse=str(warehouse), fetch={"allow_private_hosts": True, "max_connections_per_host": 16}
    )
    with serve_in_subprocess(pages) as base_url:
        run_ingest([f"{base_url}/{key}.html" for key in pages], settings)
    connection = duckdb.connect(str(warehouse / "newsflow.duckdb"), read_only=True)
    texts = [text for (text,) in connection.execute("select text from articles order by article_id").fetchall()]
    connection.close()
    return texts


def bare_pipe(texts: list[str], model: str, processes: int) -> tuple[float, int]:
    nlp = spacy.load(model)  # the same pipes the stage runs
    started = time.perf_counter()
    count = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=16, n_process=processes))
    return time.perf_counter() - started, count


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    pages, _ = load_corpus(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "warehouse"
        texts = ingest_corpus(pages, warehouse)
        settings = load_settings(warehouse=str(warehouse))
        from newsflow.orchestration.flows import run_analyze

        started = time.perf_counter()
        summary = run_analyze(settings)
        total = time.perf_counter() - started
        stage_memory = peak_mb(resource.RUSAGE_CHILDREN)
    model = settings.nlp.model
    rows = [(f"bare nlp.pipe, {processes} process(es)", *bare_pipe(texts, model, processes)) for processes in (1, 2)]
    count = len(texts)
    print(f"\n{count} articles ({sum(len(t.split()) for t in texts):,} words), spaCy {spacy.__version__}, {model}\n")
    print(f"{'what':62} {'seconds':>8} {'articles/s':>11}")
    for label, seconds, _ in rows:
        print(f"{label:62} {seconds:8.2f} {count / seconds:11.1f}")
    body = summary["wall_seconds"]
    print(f"{'newsflow entity stage (analyze flow body, 2 processes)':62} {body:8.2f} {count / body:11.1f}")
    print(f"\nstage stages (s): {summary['stage_seconds']}; mentions: {summary['mention_count']}")
    for label, seconds, _ in rows:
        print(f"stage wall time / {label}: {body / seconds:.2f}x")
    print(f"Prefect fixed cost outside the flow body: {total - body:.2f} s")
    print(f"peak memory: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest worker {stage_memory:.0f} MB")


if __name__ == "__main__":
    main()
