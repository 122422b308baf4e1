"""Extraction benchmark: body F1 and pages per second of the whole `ingest` flow, side by side with
bare trafilatura on the same HTML, measured in the same run.

    python bench/extraction.py ../shared/corpora/article-extraction-benchmark

The pages are served from loopback and go through fetch, extract, store and views. Scoring is the
benchmark's own (flows/quality.py). Prefect's fixed start-up and tear-down cost is reported apart
from the flow body's steady-state rate.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import trafilatura  # noqa: E402

from newsflow import extract  # noqa: E402
from newsflow.demo import serve_pages  # noqa: E402
from newsflow.quality import score_pages  # noqa: E402
from newsflow.settings import load_settings  # noqa: E402


def load_corpus(corpus: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()) for key in truth}
    return pages, {key: value["articleBody"] for key, value in truth.items()}


def run_bare(pages: dict[str, str], **options) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    texts = {key: trafilatura.extract(html, **options) or "" for key, html in pages.items()}
    return texts, time.perf_counter() - started


def run_bare_with_metadata(pages: dict[str, str], settings) -> tuple[dict[str, str], float]:
    """trafilatura called directly for the same output as the stage: text plus metadata."""
    started = time.perf_counter()
    texts = {}
    for key, html in pages.items():
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_precision=settings.extract.favor_precision,
            include_tables=settings.extract.include_tables,
            date_extraction_params=extract._DATE_PARAMS,
        )
        texts[key] = (document.text or "") if document else ""
    return texts, time.perf_counter() - started


def run_stage_single_process(pages: dict[str, str], settings) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    texts = {}
    for key, html in pages.items():
        result = extract.extract_article(html, f"http://127.0.0.1/{key}.html", settings.extract)
        texts[key] = result.article["text"] if result.article else ""
    return texts, time.perf_counter() - started


@contextmanager
def serve_in_subprocess(pages: dict[str, bytes]):
    """The pages' web server runs in its own process, as a remote site would: it must not share
    the flow's interpreter lock."""
    context = multiprocessing.get_context("spawn")
    address, stop = context.Queue(), context.Event()
    server = context.Process(target=_serve_until, args=(pages, address, stop), daemon=True)
    server.start()
    try:
        yield address.get(timeout=60)
    finally:
        stop.set()
        server.join(timeout=10)


def _serve_until(pages, address, stop) -> None:
    with serve_pages(pages) as base_url:
        address.put(base_url)
        stop.wait()


def run_flow(pages: dict[str, bytes], warehouse: Path) -> tuple[dict[str, str], dict, float]:
    from newsflow.orchestration.flows import run_ingest  # Prefect is imported here, outside the timings above

    # The corpus comes from 100+ sites but is served here from one loopback host: lift the
    # per-host limit to the overall one, as a crawl over that many hosts would see.
    overall = load_settings().fetch.max_connections
    # The spine alone: the entity stage has its own benchmark (bench/entities.py).
    settings = load_settings(
        warehouse=str(warehouse),
        fetch={"allow_private_hosts": True, "max_connections_per_host": overall},
        entities={"enabled": False},
    )
    with serve_in_subprocess(pages) as base_url:
        urls = [f"{base_url}/{key}.html" for key in pages]
        started = time.perf_counter()
        summary = run_ingest(urls, settings)
        total = time.perf_counter() - started
    connection = duckdb.connect(str(warehouse / "newsflow.duckdb"), read_only=True)
    rows = connection.execute(
        "select regexp_extract(f.url, '/([0-9a-f]+)\\.html$', 1), a.text "
        "from fetch_log f left join articles a using (article_id)"
    ).fetchall()
    connection.close()
    return {key: text or "" for key, text in rows}, summary, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with ground-truth.json and html/<sha256>.html.gz")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    args = parser.parse_args()

    raw_pages, truth = load_corpus(args.corpus)
    if args.limit:
        raw_pages = dict(list(raw_pages.items())[: args.limit])
    pages = {key: body.decode("utf-8", "replace") for key, body in raw_pages.items()}
    settings = load_settings()
    count = len(pages)

    rows = []
    for label, options in [
        ("bare trafilatura, default options", {}),
        ("bare trafilatura, favor_precision=True", {"favor_precision": True}),
    ]:
        texts, seconds = run_bare(pages, **options)
        rows.append((label, texts, seconds, "1 process"))
    texts, seconds = run_bare_with_metadata(pages, settings)
    rows.append(("bare trafilatura, newsflow's options, with metadata", texts, seconds, "1 process"))
    texts, seconds = run_stage_single_process(pages, settings)
    rows.append(("newsflow extract stage alone (+metadata, date, language)", texts, seconds, "1 process"))

    with tempfile.TemporaryDirectory() as tmp:
        texts, summary, total = run_flow(raw_pages, Path(tmp) / "warehouse")
    body = summary["wall_seconds"]
    rows.append(
        ("newsflow ingest flow (fetch+extract+store+views)", texts, body, f"{settings.extract.workers} processes")
    )

    print(f"\n{count} pages from {args.corpus}\n")
    print(f"{'what':58} {'F1':>6} {'prec':>6} {'recall':>6} {'seconds':>8} {'pages/s':>8}  workers")
    for label, texts, seconds, workers in rows:
        scores = score_pages([(truth[key], texts.get(key, "")) for key in pages])
        figures = f"{scores.f1:6.3f} {scores.precision:6.3f} {scores.recall:6.3f} {seconds:8.2f} {count / seconds:8.1f}"
        print(f"{label:58} {figures}  {workers}")
    print(
        "\n(bare runs are single-process and run first, in this order: the later ones find trafilatura's caches warm)"
    )
    for label, _, seconds, _ in rows[:3]:
        print(f"flow steady-state rate / {label}: {seconds / body:.2f}x")
    print(f"flow stages (s): {summary['stage_seconds']}; statuses: {summary['status_counts']}")
    print(f"Prefect fixed cost (start-up + tear-down, outside the flow body): {total - body:.2f} s")


if __name__ == "__main__":
    main()
