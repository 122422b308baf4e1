"""The Prefect flows `ingest` and `analyze`: they compose the stages through the pipeline core
(pipeline.py), put network I/O and CPU work where they belong, retry I/O and report. No parsing,
extraction or NLP happens here.

- `ingest`: URLs, feeds, sitemaps, sites and WARC files in batches; each batch is downloaded on a
  thread of this process while the previous one is processed; each page goes to a worker process
  the moment it arrives (or, with run.task_runner = "dask", to process-pages tasks on a Dask
  cluster); the batch's tables are committed while the next one downloads. A killed run keeps every
  batch it committed; runs on one warehouse take turns; URLs already stored are not fetched again.
- `analyze`: entities, events and quotes again over stored articles, without refetching.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from newsflow import fetch, ids, pipeline, resolve, store, views, worker
from newsflow.inputs import crawl
from newsflow.inputs.planning import expected_languages, split_stored
from newsflow.inputs.warc import warc_pages
from newsflow.orchestration import early_fetch, reports
from newsflow.orchestration.host_limits import SharedHostLimits, shared_host_limits
from newsflow.orchestration.runtime import local_pool, prefect_for, with_task_runner
from newsflow.records import FetchResult, SourceLimits, Target
from newsflow.settings import NlpSettings, Settings, load_settings
from newsflow.vocab import InputKind
from newsflow.warehouse import Warehouse

# Batches, registries and row lists are large: `quote` keeps Prefect from walking through them in
# search of futures at every task call (with a 50,000-name registry that walk cost seconds per batch).
_TASK_OPTIONS = {"persist_result": False, "cache_policy": NO_CACHE}
# Writes are idempotent (a batch's files have fixed names), so a failed write is safe to try again.
_WRITE_RETRIES = {"retries": 2, "retry_delay_seconds": 2}


@dataclass
class FetchedBatch:
    results: list[FetchResult]
    extractions: list[Future | None]  # one per result: its page's processing, under way
    seconds: float


@task(name="fetch", **_TASK_OPTIONS)
def fetch_batch(
    targets: list[Target],
    config: Settings,
    root: Warehouse,
    pool: Executor | None,
    robots: dict,
    host_limits: SharedHostLimits | None = None,
    fetched_early: list[FetchResult] | None = None,
) -> FetchedBatch:
    """Download the batch; with a local `pool`, each page goes to a worker process the moment it
    arrives (without one, the flow hands the pages to its task runner once the batch is in). Pages
    `fetched_early` (as the command started: early_fetch.py) go to the workers at once."""
    started = time.perf_counter()
    extractions: dict[int, Future] = {}

    def start_processing(result: FetchResult) -> None:
        if result.ok and pool is not None:
            extractions[id(result)] = _submit_page(config, root, result.html, result.page_url)

    if fetched_early is not None:
        results = fetched_early
        for result in results:
            start_processing(result)
    else:
        results = fetch.fetch_all(
            targets, config.fetch, on_result=start_processing, robots=robots, host_slot=host_limits
        )
    if host_limits is not None and host_limits.error:
        get_run_logger().warning("per-host limits no longer shared with other runs: %s", host_limits.error)
    return FetchedBatch(results, [extractions.get(id(result)) for result in results], time.perf_counter() - started)


@task(name="extract", **_TASK_OPTIONS)
def extract_batch(batch: FetchedBatch, config: Settings, root: Warehouse) -> list[pipeline.PageOutcome | None]:
    """Wait for the batch's page work; None for pages that were not fetched. A page whose worker process
    died (the OOM killer, a crash) is tried once more on a fresh pool; a page whose processing failed
    outright gets status extract_error."""
    return [
        _outcome_of(future, result, config, root) if future else None
        for result, future in zip(batch.results, batch.extractions, strict=True)
    ]


def _outcome_of(future: Future, result: FetchResult, config: Settings, root: Warehouse) -> pipeline.PageOutcome:
    try:
        return future.result()
    except BrokenProcessPool:
        try:
            return _submit_page(config, root, result.html, result.page_url).result()
        except BrokenProcessPool:
            return pipeline.failed_outcome(_WORKER_DIED_TWICE)
        except Exception as exc:  # noqa: BLE001 - one bad page must never stop a run
            return pipeline.failed_outcome(exc)
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop a run
        return pipeline.failed_outcome(exc)


_WORKER_DIED_TWICE = (
    "the worker process died twice on this page (out of memory, a crash, or past its CPU-time backstop)"
)


def _submit_page(config: Settings, root: Warehouse, html: str, url: str) -> Future:
    """A page to the local worker pool, a fresh one if a dead worker broke the last (worker.shared_pool)."""
    return local_pool(config).submit(worker.process_page, root, html, url, config)


@task(name="process-pages", **_TASK_OPTIONS)
def process_pages(root: Warehouse, pages: list[tuple[str, str]], config: Settings) -> list[pipeline.PageOutcome]:
    """Archive, extract and analyse a chunk of pages where the flow's task runner puts it (a Dask worker)."""
    return pipeline.process_pages(root, pages, config)


@task(name="analyze-texts", **_TASK_OPTIONS)
def analyze_texts(texts: list[str], settings: NlpSettings, published: list) -> list:
    return pipeline.analyze_texts(texts, settings, published)


@dataclass
class _PageOfChunk:
    """One page's outcome inside a process-pages task's result: waits like a future."""

    chunk: Any
    index: int

    def result(self) -> pipeline.PageOutcome:
        return self.chunk.result()[self.index]


def _start_page_work(fetched: FetchedBatch, root: Warehouse, config: Settings, pool: Executor | None) -> FetchedBatch:
    """Start the processing of every fetched page not yet under way: on the local pool, or as
    process-pages tasks on the flow's task runner, run.pages_per_task pages per task."""
    waiting = [i for i, (r, e) in enumerate(zip(fetched.results, fetched.extractions, strict=True)) if r.ok and not e]
    pages = [(fetched.results[i].html, fetched.results[i].page_url) for i in waiting]
    extractions = list(fetched.extractions)
    if pool is not None:
        for i, (html, url) in zip(waiting, pages, strict=True):
            extractions[i] = _submit_page(config, root, html, url)
        return FetchedBatch(fetched.results, extractions, fetched.seconds)
    size = config.run.pages_per_task
    for start in range(0, len(pages), size):
        # No `quote` here: prefect-dask hands a quoted parameter to the task still wrapped.
        chunk = process_pages.submit(root, pages[start : start + size], config)
        for offset, i in enumerate(waiting[start : start + size]):
            extractions[i] = _PageOfChunk(chunk, offset)
    return FetchedBatch(fetched.results, extractions, fetched.seconds)


def _analyze_chunks(texts: list[list[str]], published: list[list], config: Settings, pool: Executor | None) -> list:
    """pipeline.analyze_texts over chunks of texts: on the local pool, or as tasks on the task runner."""
    if pool is not None:
        parts = pool.map(worker.analyze_texts, texts, repeat(config.nlp), published)
    else:
        futures = [analyze_texts.submit(t, config.nlp, p) for t, p in zip(texts, published, strict=True)]
        parts = [future.result() for future in futures]
    return [analysis for part in parts for analysis in part]


@task(name="discover", **_TASK_OPTIONS)
def discover_urls(
    listings: dict[InputKind, list[str]],
    config: Settings,
    limits: dict[str, SourceLimits],
    host_limits: SharedHostLimits | None = None,
) -> crawl.Discovery:
    """Read sites, feeds and sitemaps (following sitemap indexes) for article URLs."""
    return crawl.crawl(listings, config, limits, host_limits)


@task(name="tables", **_TASK_OPTIONS)
def make_tables(results: list[FetchResult], outcomes, context, run_id: str, batch_id: str, languages) -> dict:
    """The batch's tables (pipeline.batch_tables): its entities resolved against the run's registry."""
    return pipeline.batch_tables(results, outcomes, context, run_id, batch_id, languages)


@task(name="store", **_TASK_OPTIONS, **_WRITE_RETRIES)
def store_batch(root: Warehouse, run_id: str, batch_id: str, flow_name: str, tables: dict[str, list[dict]]) -> None:
    store.write_batch(root, run_id, batch_id, flow_name, tables)


@task(name="build-views", **_TASK_OPTIONS, **_WRITE_RETRIES)
def build_views(root: Warehouse, only_if_changed: bool = False) -> Path:
    return views.build_views(root, only_if_changed=only_if_changed)


@flow(name="ingest")
def ingest(
    urls: list[str],
    settings: dict[str, Any] | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    limits: dict[str, dict] | None = None,
    warcs: list[str] | None = None,
    sites: list[str] | None = None,
) -> dict[str, Any]:
    """Fetch, extract and store `urls` and the articles that `feeds` and `sitemaps` list into the
    warehouse, those of the feeds and sitemaps that `sites` announce, and the pages of local `warcs`
    files (no fetching); return the run's summary. `limits`: per feed, sitemap, site or page URL or
    WARC path, its source's limits (records.SourceLimits fields)."""
    logger = get_run_logger()
    config = Settings.model_validate(settings) if settings else load_settings()
    root = store.init_warehouse(config.warehouse, config.storage.options)
    listings = {InputKind.FEED: feeds or [], InputKind.SITEMAP: sitemaps or [], InputKind.SITE: sites or []}
    source_limits = {url: SourceLimits.model_validate(limit) for url, limit in (limits or {}).items()}
    with store.warehouse_lock(root, config.run.lock_timeout_s, _log_wait(logger)):
        return _ingest(logger, config, root, urls, listings, source_limits, warcs or [])


def _log_wait(logger):
    return lambda path: logger.info("another run is using this warehouse (%s): waiting for it to finish", path)


def _ingest(logger, config: Settings, root: Warehouse, urls, listings, limits, warcs) -> dict[str, Any]:
    # Batches a killed run committed are folded into the current state first, so planning finds them
    # stored; and the warehouse is queryable from the start, even if this run is killed.
    build_views(root, only_if_changed=True)
    run_id, started = ids.run_id(), time.perf_counter()
    host_limits = shared_host_limits(config)
    if host_limits is not None:
        logger.info("per-host limits shared with other runs: Prefect global concurrency limits newsflow-host:<host>")
    discovery = crawl.Discovery()
    if any(listings.values()):
        discovery = discover_urls(listings, config, quote(limits), quote(host_limits))
    listed = {url: source for url, source in discovery.sources.items() if url not in urls}  # given URLs win
    to_fetch, decided = fetch.plan_inputs([*urls, *listed])
    to_fetch, unchanged, from_archive = split_stored(root, to_fetch, config)
    in_warcs, warc_decided = warc_pages(root, warcs, config, limits)
    decided = [*discovery.documents, *_with_sources([*decided, *unchanged, *warc_decided], listed)]
    from_archive += in_warcs
    size = config.run.batch_size
    batches = [to_fetch[i : i + size] for i in range(0, len(to_fetch), size)] or [[]]
    logger.info(
        "run %s: %d URLs given, %d listed by feeds and sitemaps, %d already stored, %d to re-extract,"
        " %d to fetch in %d batch(es) -> %s",
        *(run_id, len(urls), len(listed), len(unchanged), len(from_archive), len(to_fetch), len(batches), root),
    )
    stage_seconds: Counter[str] = Counter()
    rows: list[dict] = []
    pool = local_pool(config)
    context = pipeline.load_nlp_context(config, root) if config.nlp.enabled else None
    robots: dict = {}  # each site's robots.txt is read once per run
    languages = {**expected_languages(limits), **discovery.languages}
    _warn_of_remote_cluster(logger, config, root)
    # Downloads run on a thread of this process whatever the task runner: the network I/O, the
    # politeness limits and the robots.txt cache stay in one place; the CPU work is what spreads.
    early = early_fetch.take(batches[0]) if batches[0] else None
    if early is not None:
        robots.update(early[1])
        logger.info("batch 1: its %d pages were fetched as the command started", len(early[0]))
    with ThreadPoolTaskRunner(max_workers=1) as downloads:

        def download(targets: list[Target], fetched_early: list[FetchResult] | None = None):
            parameters = {"targets": targets, "config": config, "root": root, "pool": quote(pool)}
            shared = {"robots": quote(robots), "host_limits": quote(host_limits)}
            return downloads.submit(fetch_batch, {**parameters, **shared, "fetched_early": quote(fetched_early)})

        pending = download(batches[0], early[0] if early is not None else None)
        for number in range(1, len(batches) + 1):
            fetched = pending.result()
            if number == 1:  # pages read from the archive or WARC files go with the first batch
                extractions = [*fetched.extractions, *[None] * len(from_archive)]
                fetched = FetchedBatch([*fetched.results, *from_archive], extractions, fetched.seconds)
            fetched = _start_page_work(fetched, root, config, pool)
            if number < len(batches):  # the next batch downloads while this one is processed
                pending = download(batches[number])
            _with_sources(fetched.results, listed)
            batch_id = ids.batch_id(run_id, number)
            decided_here = decided if number == 1 else []  # inputs settled without a fetch
            batch_rows = _finish_batch(
                config, root, run_id, batch_id, fetched, decided_here, context, stage_seconds, languages
            )
            rows.extend(batch_rows)
            logger.info("batch %d/%d: %s", number, len(batches), reports.status_line(batch_rows))
    timer = time.perf_counter()
    build_views(root)
    stage_seconds["views"] += time.perf_counter() - timer
    summary = reports.summary_of(run_id, root, rows, stage_seconds, time.perf_counter() - started)
    summary["dropped_sitemap_count"] = discovery.dropped_sitemap_count
    if discovery.dropped_sitemap_count:
        logger.warning("%d sitemaps listed past discover.max_sitemaps were not read", discovery.dropped_sitemap_count)
    logger.info("run %s done: %s; %d articles stored", run_id, reports.status_line(rows), summary["article_count"])
    if config.run.write_report:
        timer = time.perf_counter()
        summary["report_path"] = reports.write_html_report(root, logger)
        stage_seconds["report"] += time.perf_counter() - timer
        summary["stage_seconds"]["report"] = round(stage_seconds["report"], 3)
    reports.publish_report(summary, root)
    return summary


def _finish_batch(
    config: Settings,
    root,
    run_id,
    batch_id,
    fetched: FetchedBatch,
    decided: list[FetchResult],
    context,
    stage_seconds,
    languages,
) -> list[dict]:
    timer = time.perf_counter()
    outcomes = extract_batch(quote(fetched), config, root)
    stage_seconds["fetch"] += fetched.seconds
    stage_seconds["extract+nlp (after fetch)"] += time.perf_counter() - timer
    stage_seconds["extract (worker)"] += sum(outcome.extract_seconds for outcome in outcomes if outcome)
    stage_seconds["nlp (worker)"] += sum(outcome.nlp_seconds for outcome in outcomes if outcome)
    timer = time.perf_counter()
    results, outcomes = [*decided, *fetched.results], [None] * len(decided) + outcomes
    tables = make_tables(quote(results), quote(outcomes), quote(context), run_id, batch_id, quote(languages))
    stage_seconds["entities"] += time.perf_counter() - timer
    timer = time.perf_counter()
    store_batch(root, run_id, batch_id, "ingest", quote(tables))
    stage_seconds["store"] += time.perf_counter() - timer
    return tables["fetch_log"]


def _with_sources(results: list[FetchResult], listed: dict[str, str]) -> list[FetchResult]:
    for result in results:
        result.source_url = result.source_url or listed.get(result.input_url)
    return results


def _warn_of_remote_cluster(logger, config: Settings, root: Warehouse) -> None:
    if config.run.task_runner == "dask" and config.run.dask_address and root.is_local:
        logger.warning(
            "the Dask cluster at %s writes raw HTML into %s: every worker must see that directory"
            " (the same machine or a shared file system), or put the warehouse on S3",
            *(config.run.dask_address, root),
        )


@flow(name="analyze")
def analyze(settings: dict[str, Any] | None = None, warehouse: str | None = None) -> dict[str, Any]:
    """Run the NLP stages again over every stored article, without refetching: after a model,
    alias-table or rule change. Adds a new analysis; the views show each article's latest."""
    logger = get_run_logger()
    config = Settings.model_validate(settings) if settings else load_settings(warehouse=warehouse)
    root = store.init_warehouse(config.warehouse, config.storage.options)
    with store.warehouse_lock(root, config.run.lock_timeout_s, _log_wait(logger)):
        return _analyze(logger, config, root)


def _analyze(logger, config: Settings, root: Warehouse) -> dict[str, Any]:
    build_views(root)
    run_id, started = ids.run_id(), time.perf_counter()
    context = pipeline.load_nlp_context(config, root)
    stored = _stored_articles(root, config.nlp.languages)
    pool = local_pool(config)
    stage_seconds: Counter[str] = Counter()
    mention_count = event_count = 0
    timed_out: list[str] = []
    size, chunk = config.run.batch_size, config.run.pages_per_task
    for number, start in enumerate(range(0, len(stored), size), start=1):
        batch = stored[start : start + size]
        timer = time.perf_counter()
        chunks = [batch[i : i + chunk] for i in range(0, len(batch), chunk)]
        texts = [[pipeline.analysed_text(text, config.nlp.max_chars) for _, _, text, _ in part] for part in chunks]
        published = [[published_at for *_, published_at in part] for part in chunks]
        analyses = _analyze_chunks(texts, published, config, pool)
        stage_seconds["nlp"] += time.perf_counter() - timer
        pairs = list(zip(batch, analyses, strict=True))
        articles = [resolve.ArticleAnalysis(i, h, a) for (i, h, *_), a in pairs if a is not None]
        timed_out += [article_id for (article_id, *_), a in pairs if a is None]  # they keep their last analysis
        timer = time.perf_counter()
        batch_id = ids.batch_id(run_id, number)
        tables = pipeline.analysis_tables(articles, context, run_id, batch_id)
        stage_seconds["entities"] += time.perf_counter() - timer
        store_batch(root, run_id, batch_id, "analyze", quote(tables))
        mention_count += len(tables["mentions"])
        event_count += len({row["event_group_id"] for row in tables["events"]})
        logger.info("batch %d: %d articles, %d mentions, %d events", number, len(batch), mention_count, event_count)
    build_views(root)
    if timed_out:
        message = "%d articles took over nlp.page_timeout_s and keep their last analysis: %s"
        logger.warning(message, len(timed_out), timed_out)
    return {
        "run_id": run_id,
        "warehouse": str(root),
        "article_count": len(stored),
        "timed_out_article_ids": timed_out,
        "mention_count": mention_count,
        "event_count": event_count,
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in stage_seconds.items()},
        "wall_seconds": round(time.perf_counter() - started, 3),
    }


def _stored_articles(root: Warehouse, languages: list[str]) -> list[tuple]:
    """(article_id, content_hash, text, published_at) of every article in a language the model reads."""
    sql = (
        "select article_id, content_hash, text, published_at from articles"
        " where language in (select unnest($languages)) order by article_id"
    )
    return views.read_query(root, sql, {"languages": languages})[1]


def run_ingest(
    urls: list[str],
    settings: Settings,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    warcs: list[str] | None = None,
    sites: list[str] | None = None,
) -> dict[str, Any]:
    """Run the flow in this process (ephemeral Prefect unless PREFECT_API_URL names a server).
    The worker processes start first, so that they warm up while Prefect starts."""
    local_pool(settings)
    with prefect_for(settings):
        listings = {"feeds": feeds or [], "sitemaps": sitemaps or [], "sites": sites or []}
        return with_task_runner(ingest, settings)(urls, settings.model_dump(mode="json"), **listings, warcs=warcs or [])


def run_analyze(settings: Settings) -> dict[str, Any]:
    local_pool(settings)
    with prefect_for(settings):
        return with_task_runner(analyze, settings)(settings.model_dump(mode="json"))
