"""The Prefect flows: composition, progress and summaries. The only module that imports Prefect.

`ingest` takes URLs in batches; each batch is fetched (network I/O), extracted (CPU, one process
per core) and committed to the warehouse before the next is stored, while the next batch is
already being fetched. A killed run keeps every batch it committed.
"""

from __future__ import annotations

import multiprocessing
import secrets
import time
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import extract, fetch, store, views
from flows.settings import ExtractSettings, FetchSettings, Settings, load_settings

_TASK_OPTIONS = {"persist_result": False, "cache_policy": NO_CACHE}


@task(name="fetch", **_TASK_OPTIONS)
def fetch_batch(urls: list[str], settings: FetchSettings) -> tuple[list[fetch.FetchResult], float]:
    started = time.perf_counter()
    return fetch.fetch_all(urls, settings), time.perf_counter() - started


@task(name="extract", **_TASK_OPTIONS)
def extract_batch(results: list[fetch.FetchResult], settings: ExtractSettings, pool: Executor) -> list[extract.Extraction | None]:
    fetched = [result for result in results if result.ok]
    extractions = iter(
        pool.map(
            extract.extract_article,
            [result.html for result in fetched],
            [result.final_url or result.url for result in fetched],
            repeat(settings),
            chunksize=4,
        )
    )
    return [next(extractions) if result.ok else None for result in results]


@task(name="store", **_TASK_OPTIONS)
def store_batch(
    root: Path, run_id: str, batch_id: str, results: list[fetch.FetchResult], extractions: list[extract.Extraction | None]
) -> list[dict]:
    fetch_rows, article_rows = [], []
    for result, extraction in zip(results, extractions):
        html_sha256 = store.archive_html(root, result.html) if result.html is not None else None
        fetch_row = _fetch_log_row(result, run_id, batch_id, html_sha256)
        if extraction is not None and extraction.status != "ok":
            fetch_row.update(status=extraction.status, error=extraction.error)
        elif extraction is not None:
            article_rows.append(_article_row(extraction.article, result, run_id, batch_id, html_sha256))
            fetch_row["article_id"] = extraction.article["article_id"]
        fetch_rows.append(fetch_row)
    store.write_batch(root, run_id, batch_id, {"articles": article_rows, "fetch_log": fetch_rows})
    return fetch_rows


@task(name="build-views", **_TASK_OPTIONS)
def build_views(root: Path) -> Path:
    return views.build_views(root)


@flow(name="ingest")
def ingest(urls: list[str], settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fetch, extract and store `urls` into the warehouse; return the run's summary."""
    logger = get_run_logger()
    config = Settings.model_validate(settings) if settings else load_settings()
    root = store.init_warehouse(config.warehouse)
    run_id = new_run_id()
    started = time.perf_counter()
    to_fetch, decided = fetch.plan_inputs(urls)
    batches = [to_fetch[i : i + config.run.batch_size] for i in range(0, len(to_fetch), config.run.batch_size)] or [[]]
    logger.info("run %s: %d inputs, %d to fetch in %d batch(es) -> %s", run_id, len(urls), len(to_fetch), len(batches), root)
    stage_seconds: Counter[str] = Counter()
    rows: list[dict] = []
    with _extraction_pool(config.extract.workers) as pool:
        pending = fetch_batch.submit(batches[0], config.fetch)
        for number, batch in enumerate(batches, start=1):
            results, fetch_seconds = pending.result()
            if number < len(batches):  # fetch the next batch while this one is extracted
                pending = fetch_batch.submit(batches[number], config.fetch)
            if number == 1:
                results = [*decided, *results]
            stage_seconds["fetch"] += fetch_seconds
            batch_rows = _process_batch(root, run_id, f"{run_id}-{number:04d}", results, config, pool, stage_seconds)
            rows.extend(batch_rows)
            logger.info("batch %d/%d: %s", number, len(batches), _status_line(batch_rows))
    timer = time.perf_counter()
    build_views(root)
    stage_seconds["views"] += time.perf_counter() - timer
    summary = _summary(run_id, root, rows, stage_seconds, time.perf_counter() - started)
    logger.info("run %s done: %s; %d articles stored", run_id, _status_line(rows), summary["article_count"])
    return summary


def _process_batch(root, run_id, batch_id, results, config: Settings, pool, stage_seconds) -> list[dict]:
    timer = time.perf_counter()
    extractions = extract_batch(results, config.extract, pool)
    stage_seconds["extract"] += time.perf_counter() - timer
    timer = time.perf_counter()
    batch_rows = store_batch(root, run_id, batch_id, results, extractions)
    stage_seconds["store"] += time.perf_counter() - timer
    return batch_rows


def run_ingest(urls: list[str], settings: Settings) -> dict[str, Any]:
    """Run the flow in this process (ephemeral Prefect unless PREFECT_API_URL names a server)."""
    return ingest(urls, settings.model_dump(mode="json"))


def new_run_id() -> str:
    """Sortable by start time, unique across machines."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


class _extraction_pool:
    """Worker processes for extraction, started by `spawn` (forking a process that runs Prefect's
    threads is unsafe) and warmed at once so their imports overlap the first fetch."""

    def __init__(self, workers: int):
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(workers):
            self.pool.submit(extract.detect_language, "warm up")

    def __enter__(self) -> ProcessPoolExecutor:
        return self.pool

    def __exit__(self, *exc_info) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _fetch_log_row(result: fetch.FetchResult, run_id: str, batch_id: str, html_sha256: str | None) -> dict:
    row = asdict(result)
    row.pop("html")
    return {**row, "run_id": run_id, "batch_id": batch_id, "html_sha256": html_sha256, "article_id": None}


def _article_row(article: dict, result: fetch.FetchResult, run_id: str, batch_id: str, html_sha256: str | None) -> dict:
    return {
        **article,
        "final_url": result.final_url,
        "html_sha256": html_sha256,
        "fetched_at": result.fetched_at,
        "run_id": run_id,
        "batch_id": batch_id,
    }


def _status_line(rows: list[dict]) -> str:
    counts = Counter(row["status"] for row in rows)
    return ", ".join(f"{status} {count}" for status, count in counts.most_common()) or "no inputs"


def _summary(run_id: str, root: Path, rows: list[dict], stage_seconds: Counter, wall_seconds: float) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "warehouse": str(root),
        "input_count": len(rows),
        "status_counts": dict(Counter(row["status"] for row in rows).most_common()),
        "article_count": sum(1 for row in rows if row["article_id"]),
        "failures": [
            {"input_url": row["input_url"], "status": row["status"], "error": row["error"]}
            for row in rows
            if row["status"] != "ok"
        ],
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in stage_seconds.items()},
        "wall_seconds": round(wall_seconds, 3),
    }
