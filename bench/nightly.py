"""Nightly-run benchmark: a run of 200 new articles into a warehouse already holding 20,000 and into an
empty one, side by side in the same process (target: within 1.2x of each other).

    python bench/nightly.py ../shared/corpora/article-extraction-benchmark [--stored 20000]

The 20,000 stored articles are written straight into the warehouse as committed batches (fetch log,
articles, sentences, mentions, entity registry, with the sizes a real run gives), so that every query
a run makes meets a warehouse of that size. The 200 new pages are the corpus's 181 real pages plus 19
more, served from loopback by another process. Each configuration runs twice, alternating.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from extraction import load_corpus, serve_in_subprocess  # noqa: E402

from newsflow import store, views  # noqa: E402
from newsflow.settings import load_settings  # noqa: E402

MENTIONS_PER_ARTICLE = 20
SENTENCES_PER_ARTICLE = 25


def prefill(root: Path, count: int, per_batch: int = 1000) -> None:
    """`count` stored articles in committed batches, as past runs would have left them."""
    store.init_warehouse(root)
    now = datetime.now(timezone.utc) - timedelta(days=1)
    for first in range(0, count, per_batch):
        run_id, batch_id = f"20250101T000000Z-{first:06d}", f"20250101T000000Z-{first:06d}-0001"
        numbers = range(first, min(first + per_batch, count))
        store.write_batch(root, run_id, batch_id, "ingest", _tables(numbers, now))
    views.build_views(root)


def _tables(numbers, fetched_at) -> dict[str, list[dict]]:
    fetch_log, articles, sentences, mentions, names = [], [], [], [], []
    for n in numbers:
        article_id, url, digest = f"{n:016x}", f"https://news.example.org/story/{n}", f"{n:064x}"
        text = f"Story {n}. " + "Officials said the situation in the region remained tense. " * 40
        fetch_log.append(
            {
                "input_url": url,
                "input_kind": "page",
                "url": url,
                "final_url": url,
                "status": "ok",
                "http_status": 200,
                "bytes": 60_000,
                "elapsed_ms": 120,
                "attempt_count": 1,
                "html_sha256": digest,
                "article_id": article_id,
                "fetched_at": fetched_at,
            }
        )
        articles.append(
            {
                "article_id": article_id,
                "url": url,
                "canonical_url": url,
                "final_url": url,
                "domain": "example.org",
                "title": f"Story {n}",
                "authors": [],
                "published_at": fetched_at,
                "language": "en",
                "categories": [],
                "tags": [],
                "text": text,
                "word_count": 400,
                "content_hash": digest,
                "html_sha256": digest,
                "extractor_version": "old",
                "fetched_at": fetched_at,
            }
        )
        for i in range(SENTENCES_PER_ARTICLE):
            sentences.append(
                {
                    "article_id": article_id,
                    "sentence_index": i,
                    "start_char": i * 60,
                    "end_char": i * 60 + 59,
                    "content_hash": digest,
                    "nlp_version": "old",
                }
            )
        for i in range(MENTIONS_PER_ARTICLE):
            entity = f"e{(n * 7 + i) % 50_000:015d}"
            mentions.append(
                {
                    "article_id": article_id,
                    "entity_id": entity,
                    "text": "Officials",
                    "name": "Officials",
                    "label": "ORG",
                    "source": "model",
                    "sentence_index": i,
                    "start_char": i * 60,
                    "end_char": i * 60 + 9,
                    "content_hash": digest,
                    "nlp_version": "old",
                }
            )
        if n < 50_000 // 20:
            for i in range(20):
                entity = f"e{n * 20 + i:015d}"
                names.append(
                    {
                        "entity_id": entity,
                        "type": "ORG",
                        "name": f"Org {n * 20 + i}",
                        "name_key": f"org {n * 20 + i}",
                        "match": "new",
                    }
                )
    return {
        "fetch_log": fetch_log,
        "articles": articles,
        "sentences": sentences,
        "mentions": mentions,
        "entity_names": names,
    }


def timed_run(urls: list[str], warehouse: Path) -> tuple[float, dict]:
    from newsflow.orchestration.flows import run_ingest

    settings = load_settings(
        warehouse=str(warehouse), fetch={"allow_private_hosts": True, "max_connections_per_host": 16}
    )
    started = time.perf_counter()
    summary = run_ingest(urls, settings)
    return time.perf_counter() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--stored", type=int, default=20_000)
    args = parser.parse_args()
    pages, _ = load_corpus(args.corpus)
    extra = {
        f"extra-{i}": f"<html><body><article><p>{'Extra story %d. ' % i * 60}</p></article></body></html>".encode()
        for i in range(200 - len(pages))
    }
    pages = {**pages, **extra}
    results: dict[str, list[tuple[float, dict]]] = {"empty": [], "prefilled": []}
    with tempfile.TemporaryDirectory() as tmp, serve_in_subprocess(pages) as base_url:
        started = time.perf_counter()
        prefill(Path(tmp) / "prefilled-0", args.stored)
        prefill(Path(tmp) / "prefilled-1", args.stored)
        print(f"prefilled two warehouses with {args.stored:,} articles each in {time.perf_counter() - started:.1f} s")
        for round_number in range(2):
            for kind in ("empty", "prefilled"):
                # fresh URLs per run, so every run's 200 articles are new to its warehouse
                urls = [f"{base_url}/{key}.html?round={round_number}" for key in pages]
                results[kind].append(timed_run(urls, Path(tmp) / f"{kind}-{round_number}"))
    print(f"\n200 new articles per run; warehouse of {args.stored:,} stored articles vs an empty one\n")
    print(f"{'warehouse':12} {'run 1 (s)':>10} {'run 2 (s)':>10} {'flow body (s)':>14}")
    for kind, runs in results.items():
        bodies = " / ".join(f"{summary['wall_seconds']:.1f}" for _, summary in runs)
        print(f"{kind:12} {runs[0][0]:10.1f} {runs[1][0]:10.1f} {bodies:>14}")
    empty = min(summary["wall_seconds"] for _, summary in results["empty"])
    full = min(summary["wall_seconds"] for _, summary in results["prefilled"])
    print(f"\nprefilled / empty (best flow body of each): {full / empty:.2f}x")
    print(f"stages, prefilled run 1: {results['prefilled'][0][1]['stage_seconds']}")
    print(f"stages, empty run 1:     {results['empty'][0][1]['stage_seconds']}")


if __name__ == "__main__":
    main()
