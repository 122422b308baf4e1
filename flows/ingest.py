"""The Prefect flows: composition, progress, reports and deployments. The only module that imports
Prefect.

- `ingest`: URLs, feeds, sitemaps and WARC files in batches; each batch is fetched (network I/O), each page
  extracted and analysed in worker processes the moment it arrives (CPU, one process per core) or, with
  run.task_runner = "dask", as process-pages tasks on a Dask cluster; the batch is committed to the
  warehouse while the next one downloads. A killed run keeps every batch it committed; runs on one
  warehouse take turns; URLs already stored are not fetched again; with a Prefect server, per-host limits
  hold across runs.
- `ingest-urls`, `nightly-ingest` and `reprocess`: the deployments' entry points (a typed form; the
  enabled sources; `analyze` on the configured task runner).
- `analyze`: entities, events and quotes again over stored articles, without refetching.
"""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
import time
from collections import Counter
from concurrent.futures import Executor, Future
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import prefect.settings
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote
from pydantic import BaseModel, Field

from flows import discover, entities, extract, fetch, places, resolve, store, views, worker
from flows.settings import (
    ConfigError,
    EntitySettings,
    Settings,
    Source,
    load_curated_entities,
    load_settings,
    load_sources,
)
from flows.warehouse import Warehouse, as_warehouse

# Batches, registries and row lists are large: `quote` keeps Prefect from walking through them in
# search of futures at every task call (with a 50,000-name registry that walk cost seconds per batch).
_TASK_OPTIONS = {"persist_result": False, "cache_policy": NO_CACHE}
_TEMPORARY_API_URLS: set[str] = set()  # servers this process started for one run, shared with nobody
_SETTLED_WITHOUT_ARTICLE = ("empty_text", "other_language")  # fetched fine, nothing to store: not fetched again


@dataclass
class Discovery:
    documents: list[fetch.FetchResult] = field(default_factory=list)  # the feeds and sitemaps read
    sources: dict[str, str] = field(default_factory=dict)  # article URL -> the feed or sitemap listing it
    languages: dict[str, str] = field(default_factory=dict)  # article URL -> the language its source expects


@dataclass
class EntityContext:
    """What resolving a batch's entities needs, loaded once per run."""

    settings: EntitySettings
    registry: entities.Registry
    gazetteer: tuple[Path, Path]  # places and names Parquet
    pinned: dict[int, places.Candidate]  # the GeoNames places the alias table pins
    nlp_version: str


def load_entity_context(root: Warehouse, config: Settings) -> EntityContext:
    places_path, names_path = resolve.ensure_gazetteer(config.entities.gazetteer_dir)
    entries = load_curated_entities(config.entities.aliases_file)
    registry = resolve.load_registry(store.read_rows(root, "entity_names"), entries)
    pinned = resolve.pinned_places(entries, places_path)
    return EntityContext(
        config.entities, registry, (places_path, names_path), pinned, entities.nlp_version(config.entities)
    )


@dataclass
class FetchedBatch:
    results: list[fetch.FetchResult]
    extractions: list[Future | None]  # one per result: its page's extraction, under way
    seconds: float


class SharedHostLimits:
    """fetch_all's host_slot: the Prefect global concurrency limit `newsflow-host:<host>`, which every
    run reporting to the same Prefect server draws on, whatever its warehouse or machine.

    A run holds all of a host's slots (fetch.max_connections_per_host) while it has requests for that
    host under way or waiting in a fetch call, and gives them back when that host's queue empties: one
    acquisition per host per batch, so overlapping runs take turns on a host batch by batch. (A slot
    per request cost about 200 ms a request: bench/host_limits.py.) Each limit is created (or resized)
    at its first use in a run; a killed run's slots come back when their 60 s lease runs out."""

    def __init__(self, slots: int, wait_s: float):
        self.slots, self.wait_s = slots, wait_s
        self.created: set[str] = set()
        self.error: str | None = None  # set when the server failed us: the run goes on with its own limits
        self._holds: dict[str, _HostHold] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    @asynccontextmanager
    async def __call__(self, host: str):
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # each fetch_all call runs its own event loop
            self._loop, self._holds = loop, {}
        if self.error is not None:
            yield
            return
        hold = self._holds.get(host)
        if hold is None:
            hold = self._holds[host] = _HostHold()
            hold.task = loop.create_task(self._hold(f"newsflow-host:{host}", hold))
        hold.users += 1
        try:
            await self._until_held(hold)
            yield
        finally:
            hold.users -= 1
            if hold.users == 0:  # the host's queue is empty: give its slots back now
                del self._holds[host]
                hold.done.set()
                await asyncio.wait({hold.task})
                self._note_failure(hold.task)

    async def _hold(self, name: str, hold: _HostHold) -> None:
        # The slots are taken and given back in this one task: Prefect's lease renewal needs that.
        from prefect.client.orchestration import get_client
        from prefect.concurrency.asyncio import concurrency

        if name not in self.created:
            async with get_client() as client:
                await client.upsert_global_concurrency_limit_by_name(name, self.slots)
            self.created.add(name)
        try:
            slots = concurrency(name, occupy=self.slots, timeout_seconds=self.wait_s, lease_duration=60, strict=True)
            async with slots:
                hold.held.set()
                await hold.done.wait()
        except TimeoutError as exc:
            raise TimeoutError(f"no slots of {name} within fetch.shared_slot_wait_s ({self.wait_s:g} s)") from exc

    async def _until_held(self, hold: _HostHold) -> None:
        held = asyncio.ensure_future(hold.held.wait())
        await asyncio.wait({held, hold.task}, return_when=asyncio.FIRST_COMPLETED)
        if not hold.held.is_set():  # the server failed us: go on under the run's own per-host limit
            held.cancel()
            self._note_failure(hold.task)

    def _note_failure(self, task: asyncio.Task) -> None:
        if task.done() and not task.cancelled() and task.exception() is not None and self.error is None:
            self.error = f"{type(task.exception()).__name__}: {task.exception()}"


@dataclass
class _HostHold:
    task: asyncio.Task | None = None
    users: int = 0  # requests for the host under way or waiting in this fetch call
    held: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)


def _shared_host_limits(config: Settings) -> SharedHostLimits | None:
    """Only a Prefect server that outlives the run can share limits with other runs; without one, runs
    on one warehouse take turns on its lock and the per-host limit holds within each run."""
    api_url = prefect.settings.PREFECT_API_URL.value()
    if not config.fetch.shared_host_limits or not api_url or api_url in _TEMPORARY_API_URLS:
        return None
    return SharedHostLimits(config.fetch.max_connections_per_host, config.fetch.shared_slot_wait_s)


@task(name="fetch", **_TASK_OPTIONS)
def fetch_batch(
    targets: list[tuple[str, str]],
    config: Settings,
    root: Warehouse,
    pool: Executor | None,
    robots: dict,
    host_limits: SharedHostLimits | None = None,
) -> FetchedBatch:
    """Download the batch; with a local `pool`, each page goes to an extraction process the moment
    it arrives (without one, the flow hands the pages to its task runner once the batch is in)."""
    started = time.perf_counter()
    extractions: dict[int, Future] = {}

    def start_extraction(result: fetch.FetchResult) -> None:
        if result.ok and pool is not None:
            page_url = result.final_url or result.url
            extractions[id(result)] = pool.submit(worker.process_page, root, result.html, page_url, config)

    results = fetch.fetch_all(targets, config.fetch, on_result=start_extraction, robots=robots, host_slot=host_limits)
    if host_limits is not None and host_limits.error:
        get_run_logger().warning("per-host limits no longer shared with other runs: %s", host_limits.error)
    return FetchedBatch(results, [extractions.get(id(result)) for result in results], time.perf_counter() - started)


@task(name="extract", **_TASK_OPTIONS)
def extract_batch(batch: FetchedBatch) -> list[worker.PageOutcome | None]:
    """Wait for the batch's extractions; None for pages that were not fetched. A page whose
    extraction failed outright (a crashed worker process) gets status extract_error."""
    return [_outcome_of(future) if future else None for future in batch.extractions]


def _outcome_of(future: Future) -> worker.PageOutcome:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop a run
        return worker.failed_outcome(exc)


@task(name="process-pages", **_TASK_OPTIONS)
def process_pages(root: Warehouse, pages: list[tuple[str, str]], config: Settings) -> list[worker.PageOutcome]:
    """Archive, extract and analyse a chunk of pages where the flow's task runner puts it (a Dask worker)."""
    return worker.process_pages(root, pages, config)


@task(name="analyze-texts", **_TASK_OPTIONS)
def analyze_texts(texts: list[str], settings: EntitySettings, published: list) -> list[entities.Analysis]:
    return worker.analyze_texts(texts, settings, published)


@dataclass
class _PageOfChunk:
    """One page's outcome inside a process-pages task's result: waits like a future."""

    chunk: Any
    index: int

    def result(self) -> worker.PageOutcome:
        return self.chunk.result()[self.index]


def _start_page_work(fetched: FetchedBatch, root: Warehouse, config: Settings, pool: Executor | None) -> FetchedBatch:
    """Start the extraction of every fetched page not yet under way: on the local pool, or as
    process-pages tasks on the flow's task runner, a chunk of pages per task."""
    waiting = [i for i, (r, e) in enumerate(zip(fetched.results, fetched.extractions, strict=True)) if r.ok and not e]
    pages = [(fetched.results[i].html, fetched.results[i].final_url or fetched.results[i].url) for i in waiting]
    extractions = list(fetched.extractions)
    if pool is not None:
        for i, (html, url) in zip(waiting, pages, strict=True):
            extractions[i] = pool.submit(worker.process_page, root, html, url, config)
        return FetchedBatch(fetched.results, extractions, fetched.seconds)
    size = config.run.dask_pages_per_task
    for start in range(0, len(pages), size):
        # No `quote` here: prefect-dask hands a quoted parameter to the task still wrapped.
        chunk = process_pages.submit(root, pages[start : start + size], config)
        for offset, i in enumerate(waiting[start : start + size]):
            extractions[i] = _PageOfChunk(chunk, offset)
    return FetchedBatch(fetched.results, extractions, fetched.seconds)


def _analyze_chunks(texts: list[list[str]], published: list[list], config: Settings, pool: Executor | None) -> list:
    """worker.analyze_texts over chunks of texts: on the local pool, or as tasks on the flow's task runner."""
    if pool is not None:
        parts = pool.map(worker.analyze_texts, texts, repeat(config.entities), published)
    else:
        futures = [analyze_texts.submit(t, config.entities, p) for t, p in zip(texts, published, strict=True)]
        parts = [future.result() for future in futures]
    return [analysis for part in parts for analysis in part]


@task(name="discover", **_TASK_OPTIONS)
def discover_urls(
    feeds: list[str],
    sitemaps: list[str],
    config: Settings,
    limits: dict[str, dict] | None = None,
    sites: list[str] | None = None,
    host_limits: SharedHostLimits | None = None,
) -> Discovery:
    """Read feeds and sitemaps (following sitemap indexes) for article URLs, and the feeds and sitemaps
    that `sites` announce (home page, robots.txt). `limits`: per feed, sitemap or site URL,
    max_articles, allowed_domains and language (from config/sources.toml)."""
    limits = {fetch.normalize_url(url) or url: limit for url, limit in (limits or {}).items()}
    discovery, queue = Discovery(), []
    for kind, urls in (("site", sites or []), ("feed", feeds), ("sitemap", sitemaps)):
        targets, decided = fetch.plan_inputs(urls)
        discovery.documents += _as_kind(decided, kind)
        queue += [(url, kind, None, url) for _, url in targets]
    sitemap_budget = config.discover.max_sitemaps - sum(kind == "sitemap" for _, kind, *_ in queue)
    taken: Counter[str] = Counter()
    robots: dict = {}  # read once per site: its Sitemap lines are a site's sitemaps
    while queue:
        results = fetch.fetch_documents([url for url, *_ in queue], config.fetch, robots, host_limits)
        next_queue = []
        for (_, kind, parent, root), result in zip(queue, results, strict=True):
            result.input_kind, result.source_url = kind, parent
            discovery.documents.append(result)
            limit = {"max_articles": config.discover.max_urls_per_source, **limits.get(root, {})}
            for next_url, next_kind in _read_document(result, discovery, limit, taken, root, robots):
                if next_kind == "sitemap" and sitemap_budget <= 0:
                    continue
                sitemap_budget -= next_kind == "sitemap"
                next_queue.append((next_url, next_kind, result.url, root))
        queue = next_queue
    return discovery


def _read_document(result: fetch.FetchResult, discovery: Discovery, limit: dict, taken: Counter, root: str, robots):
    """Record the pages a fetched feed or sitemap lists, within its source's limits; return the
    (URL, kind) of the feeds and sitemaps it points to."""
    if not result.ok:
        return []
    base_url = result.final_url or result.url
    if result.input_kind == "site":
        home_page, _ = fetch.decode_html(result.document, fetch.charset_of(result.content_type))
        result.document = None
        found = discover.site_feeds_and_sitemaps(home_page, base_url, fetch.robots_sitemaps(robots, base_url))
        return [*((url, "feed") for url in found.feed_urls), *((url, "sitemap") for url in found.sitemap_urls)]
    found = discover.parse_feed_or_sitemap(result.document, base_url)
    result.document = None
    if found.kind == "unknown":
        result.status, result.error = "not_a_feed", "the document is neither an RSS/Atom feed nor a sitemap"
    domains = limit.get("allowed_domains") or []
    for page_url in found.page_urls:
        if taken[root] >= (limit.get("max_articles") or math.inf):
            break
        if domains and not _on_domains(page_url, domains):
            continue
        if page_url not in discovery.sources:
            discovery.sources[page_url] = result.url
            taken[root] += 1
            if limit.get("language"):
                discovery.languages[page_url] = limit["language"]
    return [(url, "sitemap") for url in found.sitemap_urls]


def _on_domains(url: str, domains: list[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def _split_stored(root: Warehouse, targets: list[tuple[str, str]], config: Settings, read_archive: bool = True):
    """(to fetch, already stored, to re-extract from the archive): incremental runs cost what is new.
    One query for just these URLs, so its cost follows the run's inputs, not the warehouse's size."""
    if config.run.refetch_after_days <= 0 or not targets:
        return targets, [], []
    stored = _stored_pages(root, [url for _, url in targets], config.run.refetch_after_days)
    current = {"extractor": extract.EXTRACTOR_VERSION, "nlp": entities.nlp_version(config.entities)}
    to_fetch, unchanged, from_archive = [], [], []
    for input_url, url in targets:
        page = stored.get(url)
        if page is None:
            to_fetch.append((input_url, url))
            continue
        up_to_date = page["status"] != "ok" or (
            page["extractor_version"] == current["extractor"]
            and (not config.entities.enabled or page["nlp_version"] == current["nlp"])
        )
        result = fetch.FetchResult(input_url, url, final_url=page["final_url"], http_status=page["http_status"])
        result.content_type, result.charset, result.bytes = page["content_type"], page["charset"], page["bytes"]
        if up_to_date:
            result.status = "already_stored"
            outcome = "stored" if page["status"] == "ok" else f"archived ({page['status']}: no article)"
            result.error = f"{outcome} on {page['fetched_at']:%Y-%m-%d}; fetched again after run.refetch_after_days"
            result.archived_sha256, result.article_id = page["html_sha256"], page["article_id"]
            unchanged.append(result)
        else:
            if read_archive:  # a WARC brings its own copy of the page
                result.html = store.read_archived_html(root, page["html_sha256"])
            result.fetched_at = page["fetched_at"]
            from_archive.append(result)
    return to_fetch, unchanged, from_archive


def _stored_pages(root: Warehouse, urls: list[str], max_age_days: float) -> dict[str, dict]:
    """The latest recent fetch of each of `urls` that gave an article, or that settled the page as one
    without (an empty or other-language page: fetching it again each night would change nothing)."""
    rows = views.read_dicts(
        root,
        """
        select f.url, f.final_url, f.http_status, f.content_type, f.charset, f.bytes, f.html_sha256,
            f.fetched_at, f.article_id, f.status, a.extractor_version, s.nlp_version
        from stg_fetch_log f
        left join articles a on a.article_id = f.article_id
        left join (select distinct article_id, nlp_version from sentences) s on s.article_id = f.article_id
        where ((f.is_ok and a.article_id is not null) or f.status in (select unnest($settled)))
            and f.url in (select unnest($urls))
            and f.fetched_at >= now() - to_seconds(cast($days * 86400 as bigint))
        qualify row_number() over (partition by f.url order by f.fetched_at desc) = 1
        """,
        {"urls": urls, "days": max_age_days, "settled": list(_SETTLED_WITHOUT_ARTICLE)},
    )
    return {row["url"]: row for row in rows}


def _warc_pages(root: Warehouse, paths: list[str], config: Settings, limits: dict[str, dict] | None = None):
    """(pages to process, already stored) from local WARC files: captured pages, never refetched, within
    their source's max_articles and allowed_domains."""
    pages, invalid = [], []
    for path in paths:
        limit = (limits or {}).get(path, {})
        domains = limit.get("allowed_domains") or []
        captured = discover.read_warc(Path(path), limit.get("max_articles") or config.discover.max_urls_per_source)
        for page in captured:
            if domains and not _on_domains(page.url, domains):
                continue
            url = fetch.normalize_url(page.url)
            result = fetch.FetchResult(page.url, url, input_kind="warc", source_url=str(path))
            result.final_url, result.http_status, result.content_type = url, page.http_status, page.content_type
            result.bytes, result.attempt_count = len(page.body), 0
            result.fetched_at = page.captured_at or result.fetched_at
            if url is None:
                result.status, result.error = "invalid_url", f"not a valid http(s) URL in {path}: {page.url!r}"
                invalid.append(result)
                continue
            result.html, result.charset = fetch.decode_html(page.body, fetch.charset_of(page.content_type))
            pages.append(result)
    new, unchanged, changed = _split_stored(root, [(p.input_url, p.url) for p in pages], config, read_archive=False)
    wanted = {url for _, url in new} | {result.url for result in changed}
    source_of = {page.url: page.source_url for page in pages}
    for result in unchanged:
        result.input_kind, result.source_url = "warc", source_of[result.url]
    return [p for p in pages if p.url in wanted], [*invalid, *unchanged]


def _with_archived(fetched: FetchedBatch, results: list[fetch.FetchResult]) -> FetchedBatch:
    """The batch with pages read from the archive or a WARC file, their extraction not yet started."""
    return FetchedBatch([*fetched.results, *results], [*fetched.extractions, *[None] * len(results)], fetched.seconds)


def _with_sources(results: list[fetch.FetchResult], listed: dict[str, str]) -> list[fetch.FetchResult]:
    for result in results:
        result.source_url = result.source_url or listed.get(result.input_url)
    return results


def _as_kind(results: list[fetch.FetchResult], kind: str) -> list[fetch.FetchResult]:
    for result in results:
        result.input_kind = kind
    return results


@task(name="entities", **_TASK_OPTIONS)
def resolve_entities(articles: list[resolve.ArticleAnalysis], context: EntityContext) -> dict[str, list[dict]]:
    """Geocode the batch's places, give every mention its corpus-wide entity id, and resolve the
    events' and quotes' actors, targets, places and speakers to those ids."""
    tables = resolve.resolve_articles(articles, context.registry, context.gazetteer, context.pinned, context.settings)
    for name in ("mentions", "events", "quotes"):
        for row in tables[name]:
            row["nlp_version"] = context.nlp_version
    return tables


@task(name="store", **_TASK_OPTIONS)
def store_batch(root: Warehouse, run_id: str, batch_id: str, tables: dict[str, list[dict]]) -> None:
    store.write_batch(root, run_id, batch_id, "ingest", tables)


def _batch_tables(results: list[fetch.FetchResult], outcomes: list[worker.PageOutcome | None], nlp_version: str):
    """fetch_log, articles and sentences rows of a batch, and the analyses still to resolve."""
    fetch_rows, article_rows, sentence_rows, analyses = [], [], [], []
    for result, outcome in zip(results, outcomes, strict=True):
        html_sha256, extraction = (outcome.html_sha256, outcome.extraction) if outcome else (None, None)
        fetch_row = _fetch_log_row(result, html_sha256)
        if extraction is not None and extraction.status != "ok":
            fetch_row.update(status=extraction.status, error=extraction.error)
        elif extraction is not None:
            article = extraction.article
            article_rows.append(_article_row(article, result, html_sha256))
            fetch_row["article_id"] = article["article_id"]
            if outcome.analysis is not None:
                analysis = resolve.ArticleAnalysis(article["article_id"], article["content_hash"], outcome.analysis)
                analyses.append(analysis)
                sentence_rows.extend(_sentence_rows(analysis, nlp_version))
        fetch_rows.append(fetch_row)
    return {"fetch_log": fetch_rows, "articles": article_rows, "sentences": sentence_rows}, analyses


def _sentence_rows(article: resolve.ArticleAnalysis, nlp_version: str) -> list[dict]:
    return [
        {
            "article_id": article.article_id,
            "sentence_index": number,
            "start_char": start,
            "end_char": end,
            "content_hash": article.content_hash,
            "nlp_version": nlp_version,
        }
        for number, (start, end) in enumerate(article.analysis.sentences)
    ]


@task(name="build-views", **_TASK_OPTIONS)
def build_views(root: Warehouse) -> Path:
    return views.build_views(root)


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
    files (no fetching); return the run's summary."""
    logger = get_run_logger()
    config = Settings.model_validate(settings) if settings else load_settings()
    root = store.init_warehouse(config.warehouse, config.storage.options)
    with store.warehouse_lock(root, config.run.lock_timeout_s, _log_wait(logger)):
        return _ingest(
            logger, config, root, urls, {"feeds": feeds, "sitemaps": sitemaps, "sites": sites}, limits, warcs
        )


def _log_wait(logger):
    return lambda path: logger.info("another run is using this warehouse (%s): waiting for it to finish", path)


def _ingest(logger, config: Settings, root: Warehouse, urls, listings, limits, warcs) -> dict[str, Any]:
    """`listings`: the feeds, sitemaps and sites to read for article URLs."""
    if not views.database_path(root).exists():  # queryable from the start, even if this run is killed
        build_views(root)
    run_id = new_run_id()
    started = time.perf_counter()
    feeds, sitemaps, sites = (listings[kind] or [] for kind in ("feeds", "sitemaps", "sites"))
    host_limits = _shared_host_limits(config)
    if host_limits is not None:
        logger.info("per-host limits shared with other runs: Prefect global concurrency limits newsflow-host:<host>")
    discovery = Discovery()
    if feeds or sitemaps or sites:
        discovery = discover_urls(feeds, sitemaps, config, limits, sites, quote(host_limits))
    listed = {url: source for url, source in discovery.sources.items() if url not in urls}  # given URLs win
    to_fetch, decided = fetch.plan_inputs([*urls, *listed])
    to_fetch, unchanged, from_archive = _split_stored(root, to_fetch, config)
    in_warcs, warc_unchanged = _warc_pages(root, warcs or [], config, limits)
    decided = [*discovery.documents, *_with_sources([*decided, *unchanged, *warc_unchanged], listed)]
    from_archive += in_warcs
    batches = [to_fetch[i : i + config.run.batch_size] for i in range(0, len(to_fetch), config.run.batch_size)] or [[]]
    logger.info(
        "run %s: %d URLs given, %d listed by feeds and sitemaps, %d already stored, %d to re-extract,"
        " %d to fetch in %d batch(es) -> %s",
        *(run_id, len(urls), len(listed), len(unchanged), len(from_archive), len(to_fetch), len(batches), root),
    )
    stage_seconds: Counter[str] = Counter()
    rows: list[dict] = []
    pool = _local_pool(config)
    context = load_entity_context(root, config) if config.entities.enabled else None
    robots: dict = {}  # each site's robots.txt is read once per run
    languages = {**_expected_languages(limits), **discovery.languages}
    if config.run.task_runner == "dask" and config.run.dask_address and root.is_local:
        logger.warning(
            "the Dask cluster at %s writes raw HTML into %s: every worker must see that directory"
            " (the same machine or a shared file system), or put the warehouse on S3",
            *(config.run.dask_address, root),
        )
    # Downloads run on a thread of this process whatever the task runner: the network I/O, the
    # politeness limits and the robots.txt cache stay in one place; the CPU work is what spreads.
    with ThreadPoolTaskRunner(max_workers=1) as downloads:

        def download(targets: list[tuple[str, str]]):
            parameters = {"targets": targets, "config": config, "root": root, "pool": quote(pool)}
            shared = {"robots": quote(robots), "host_limits": quote(host_limits)}
            return downloads.submit(fetch_batch, {**parameters, **shared})

        pending = download(batches[0])
        for number in range(1, len(batches) + 1):
            fetched = pending.result()
            if number == 1 and from_archive:  # re-extracted from the archive, in the first batch
                fetched = _with_archived(fetched, from_archive)
            fetched = _start_page_work(fetched, root, config, pool)
            if number < len(batches):  # the next batch downloads while this one is extracted
                pending = download(batches[number])
            _with_sources(fetched.results, listed)
            batch_id, decided_here = f"{run_id}-{number:04d}", decided if number == 1 else []
            batch_rows = _finish_batch(root, run_id, batch_id, fetched, decided_here, context, stage_seconds, languages)
            rows.extend(batch_rows)
            logger.info("batch %d/%d: %s", number, len(batches), _status_line(batch_rows))
    timer = time.perf_counter()
    build_views(root)
    stage_seconds["views"] += time.perf_counter() - timer
    summary = _summary(run_id, root, rows, stage_seconds, time.perf_counter() - started)
    logger.info("run %s done: %s; %d articles stored", run_id, _status_line(rows), summary["article_count"])
    _publish_report(summary, root)
    return summary


def _publish_report(summary: dict[str, Any], root: Warehouse) -> None:
    """The run's report on its Prefect page: a summary, the failed URLs, the newest events."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    lines = [
        f"## newsflow run {summary['run_id']}",
        "",
        "| inputs | articles | " + " | ".join(summary["status_counts"]) + " |",
        "| --- | --- | " + " | ".join("---" for _ in summary["status_counts"]) + " |",
        f"| {summary['input_count']} | {summary['article_count']} | "
        + " | ".join(str(count) for count in summary["status_counts"].values())
        + " |",
        "",
        "| stage | seconds |",
        "| --- | --- |",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in summary["stage_seconds"].items()),
        "",
        f"Warehouse: `{summary['warehouse']}`",
    ]
    create_markdown_artifact("\n".join(lines), key="ingest-summary", description="newsflow run summary")
    if summary["failures"]:
        create_table_artifact(summary["failures"][:500], key="ingest-failures", description="URLs that failed, and why")
    newest = _newest_events(root, summary["run_id"])
    if newest:
        create_table_artifact(newest, key="newest-events", description="Events found in this run")


def _newest_events(root: Warehouse, run_id: str) -> list[dict]:
    rows = views.read_dicts(
        root,
        "select event_date, event_type, actor, trigger, location, attributed_to from events"
        " where run_id = ? order by event_date desc nulls last limit 50",
        [run_id],
    )
    return [{key: None if value is None else str(value) for key, value in row.items()} for row in rows]


def _expected_languages(limits: dict[str, dict] | None) -> dict[str, str]:
    """Page URL, or WARC file path -> the language its source expects (config/sources.toml)."""
    return {url: limit["language"] for url, limit in (limits or {}).items() if limit.get("language")}


def _language_checked(result: fetch.FetchResult, outcome, languages: dict[str, str]):
    """The outcome, or other_language when the page's source expects another language than its text's
    (its raw HTML is archived all the same)."""
    expected = languages.get(result.input_url) or languages.get(result.source_url or "")
    article = outcome.extraction.article if outcome else None
    if not expected or article is None or article["language"] == expected:
        return outcome
    found = article["language"] or "no language we can tell"
    error = f"the article reads as {found}; its source expects {expected}"
    return worker.PageOutcome(outcome.html_sha256, extract.Extraction("other_language", error))


def _finish_batch(
    root, run_id, batch_id, fetched: FetchedBatch, decided, context: EntityContext | None, stage_seconds, languages
) -> list[dict]:
    timer = time.perf_counter()
    outcomes = extract_batch(quote(fetched))
    outcomes = [
        _language_checked(result, out, languages) for result, out in zip(fetched.results, outcomes, strict=True)
    ]
    stage_seconds["fetch"] += fetched.seconds
    stage_seconds["extract+nlp (after fetch)"] += time.perf_counter() - timer
    stage_seconds["extract (worker)"] += sum(outcome.extract_seconds for outcome in outcomes if outcome)
    stage_seconds["nlp (worker)"] += sum(outcome.nlp_seconds for outcome in outcomes if outcome)
    nlp_version = context.nlp_version if context else ""
    tables, analyses = _batch_tables([*decided, *fetched.results], [None] * len(decided) + outcomes, nlp_version)
    if context is not None:
        timer = time.perf_counter()
        tables.update(resolve_entities(quote(analyses), quote(context)))
        stage_seconds["entities"] += time.perf_counter() - timer
    timer = time.perf_counter()
    store_batch(root, run_id, batch_id, quote(tables))
    stage_seconds["store"] += time.perf_counter() - timer
    return tables["fetch_log"]


class IngestRequest(BaseModel):
    """What to ingest. The Prefect UI renders this as the ingest-urls deployment's form."""

    urls: list[str] = Field(default_factory=list, description="Article URLs, in any form people paste")
    sources: list[str] = Field(default_factory=list, description="Names of sources in config/sources.toml")
    feeds: list[str] = Field(default_factory=list, description="RSS or Atom feed URLs")
    sitemaps: list[str] = Field(default_factory=list, description="Sitemap or sitemap index URLs")
    sites: list[str] = Field(
        default_factory=list, description="Site home pages: the feeds and sitemaps they announce are read"
    )
    max_articles: int | None = Field(None, ge=1, le=100_000, description="At most this many articles per feed")
    warehouse: str | None = Field(None, description="Warehouse directory (default: the configured one)")
    language: str | None = Field(
        None, pattern=r"^[a-z]{2}$", description="Keep only articles in this language (ISO 639-1 code, e.g. en)"
    )
    allow_private_hosts: bool = Field(False, description="Allow private and loopback addresses (intranet sources)")


@flow(name="ingest-urls")
def ingest_urls(request: IngestRequest) -> dict[str, Any]:
    """Ad-hoc run from the Prefect UI or API: URLs, named sources, feeds and sitemaps."""
    overrides: dict[str, Any] = {"warehouse": request.warehouse}
    if request.allow_private_hosts:
        overrides["fetch"] = {"allow_private_hosts": True}
    config = load_settings(**overrides)
    chosen = {name for name in request.sources}
    sources = [source for source in load_sources(config.schedule.sources_file) if source.name in chosen]
    missing = chosen - {source.name for source in sources}
    if missing:
        raise ValueError(f"unknown source(s) {sorted(missing)}: see {config.schedule.sources_file}")
    inputs, limits = _source_inputs(sources)
    for url in [*request.urls, *request.feeds, *request.sitemaps, *request.sites]:
        limits.setdefault(url, {"max_articles": request.max_articles, "language": request.language})
    return with_task_runner(ingest, config)(
        [*request.urls, *inputs["urls"]],
        config.model_dump(mode="json"),
        feeds=[*request.feeds, *inputs["feed"]],
        sitemaps=[*request.sitemaps, *inputs["sitemap"]],
        limits=limits,
        warcs=inputs["warc"],
        sites=[*request.sites, *inputs["site"]],
    )


@flow(name="nightly-ingest")
def nightly_ingest(warehouse: str | None = None) -> dict[str, Any]:
    """The scheduled run: every enabled source of config/sources.toml."""
    config = load_settings(warehouse=warehouse)
    sources = [source for source in load_sources(config.schedule.sources_file) if source.enabled]
    get_run_logger().info("nightly run over %d enabled source(s): %s", len(sources), [s.name for s in sources])
    inputs, limits = _source_inputs(sources)
    return with_task_runner(ingest, config)(
        inputs["urls"],
        config.model_dump(mode="json"),
        feeds=inputs["feed"],
        sitemaps=inputs["sitemap"],
        limits=limits,
        warcs=inputs["warc"],
        sites=inputs["site"],
    )


@flow(name="reprocess")
def reprocess(warehouse: str | None = None) -> dict[str, Any]:
    """The reprocess deployment: `analyze` over the stored articles, on the configured task runner."""
    config = load_settings(warehouse=warehouse)
    return with_task_runner(analyze, config)(config.model_dump(mode="json"))


def _source_inputs(sources: list[Source]) -> tuple[dict[str, list[str]], dict[str, dict]]:
    """The inputs of `sources` by kind (urls, feed, sitemap, site, warc), and their limits: for each
    page, feed, sitemap and site URL and WARC path, the options of its source."""
    inputs: dict[str, list[str]] = {"urls": [], "feed": [], "sitemap": [], "site": [], "warc": []}
    limits: dict[str, dict] = {}
    for source in sources:
        urls = source.urls
        if source.kind == "urls":
            urls = [u for u in urls if not source.allowed_domains or _on_domains(u, source.allowed_domains)]
            urls = urls[: source.max_articles]
        inputs[source.kind] += urls
        options = {"max_articles": source.max_articles, "allowed_domains": source.allowed_domains}
        limits.update({url: {**options, "language": source.language} for url in urls})
    return inputs, limits


def serve_deployments(config: Settings) -> None:
    """Register and serve the deployments with the Prefect API in PREFECT_API_URL (blocks)."""
    from prefect import serve
    from prefect.schedules import Cron

    if not prefect.settings.PREFECT_API_URL.value():
        raise ValueError(
            "PREFECT_API_URL is not set: start a server (prefect server start) and export"
            " PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    warehouse = {"warehouse": as_warehouse(config.warehouse).url}
    serve(
        nightly_ingest.to_deployment(
            name="nightly-ingest",
            schedules=[Cron(config.schedule.cron, timezone=config.schedule.timezone)],
            parameters=warehouse,
            description="Every enabled source of config/sources.toml, on a schedule.",
        ),
        ingest_urls.to_deployment(
            name="ingest-urls",
            parameters={"request": IngestRequest(**warehouse).model_dump()},
            description="Ingest the URLs, sources, feeds and sitemaps given in the form.",
        ),
        reprocess.to_deployment(
            name="reprocess",
            parameters=warehouse,
            description="Entities, events and quotes again over stored articles, without refetching.",
        ),
    )


@flow(name="analyze")
def analyze(settings: dict[str, Any] | None = None, warehouse: str | None = None) -> dict[str, Any]:
    """Run the entity stage again over every stored article, without refetching: after a model,
    alias-table or rule change. Adds a new analysis; the views show each article's latest."""
    logger = get_run_logger()
    config = Settings.model_validate(settings) if settings else load_settings(warehouse=warehouse)
    root = store.init_warehouse(config.warehouse, config.storage.options)
    with store.warehouse_lock(root, config.run.lock_timeout_s, _log_wait(logger)):
        return _analyze(logger, config, root)


def _analyze(logger, config: Settings, root: Warehouse) -> dict[str, Any]:
    build_views(root)
    run_id, started = new_run_id(), time.perf_counter()
    context = load_entity_context(root, config)
    stored = _stored_articles(root)
    pool = _local_pool(config)
    stage_seconds: Counter[str] = Counter()
    mention_count = event_count = 0
    size = config.run.batch_size
    for number, start in enumerate(range(0, len(stored), size), start=1):
        batch = stored[start : start + size]
        timer = time.perf_counter()
        chunks = [batch[i : i + 8] for i in range(0, len(batch), 8)]
        texts = [[text for _, _, text, _ in chunk] for chunk in chunks]
        published = [[published_at for *_, published_at in chunk] for chunk in chunks]
        analyses = _analyze_chunks(texts, published, config, pool)
        stage_seconds["nlp"] += time.perf_counter() - timer
        articles = [resolve.ArticleAnalysis(i, h, a) for (i, h, *_), a in zip(batch, analyses, strict=True)]
        timer = time.perf_counter()
        tables = resolve_entities(quote(articles), quote(context))
        stage_seconds["entities"] += time.perf_counter() - timer
        tables["sentences"] = [row for article in articles for row in _sentence_rows(article, context.nlp_version)]
        store.write_batch(root, run_id, f"{run_id}-{number:04d}", "analyze", tables)
        mention_count += len(tables["mentions"])
        event_count += len({row["event_group_id"] for row in tables["events"]})
        logger.info(
            "batch %d: %d articles, %d mentions, %d events", number, len(batch), mention_count, len(tables["events"])
        )
    build_views(root)
    return {
        "run_id": run_id,
        "warehouse": str(root),
        "article_count": len(stored),
        "mention_count": mention_count,
        "event_count": event_count,
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in stage_seconds.items()},
        "wall_seconds": round(time.perf_counter() - started, 3),
    }


def _stored_articles(root: Warehouse) -> list[tuple]:
    """(article_id, content_hash, text, published_at) of every article, from the articles view."""
    sql = "select article_id, content_hash, text, published_at from articles order by article_id"
    return views.read_query(root, sql)[1]


def run_analyze(settings: Settings) -> dict[str, Any]:
    _local_pool(settings)
    with _prefect_for(settings):
        return with_task_runner(analyze, settings)(settings.model_dump(mode="json"))


def run_ingest(
    urls: list[str],
    settings: Settings,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    warcs: list[str] | None = None,
    sites: list[str] | None = None,
) -> dict[str, Any]:
    """Run the flow in this process (ephemeral Prefect unless PREFECT_API_URL names a server).
    The extraction processes start first, so that they warm up while Prefect starts."""
    _local_pool(settings)
    with _prefect_for(settings):
        listings = {"feeds": feeds or [], "sitemaps": sitemaps or [], "sites": sites or []}
        return with_task_runner(ingest, settings)(urls, settings.model_dump(mode="json"), **listings, warcs=warcs or [])


def _local_pool(config: Settings) -> Executor | None:
    """The worker processes of this machine, unless the CPU work goes to a Dask cluster."""
    return worker.shared_pool(config.extract.workers) if config.run.task_runner == "processes" else None


def with_task_runner(flow_function, config: Settings):
    """`flow_function` on the task runner run.task_runner names: its page work goes there."""
    if config.run.task_runner != "dask":
        return flow_function
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise ConfigError("run.task_runner = 'dask' needs prefect-dask: pip install 'newsflow[dask]'") from exc

    # Dask's INFO lines (and the tracebacks its shutdown races log at INFO) would drown the run's log.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if config.run.dask_address:
        return flow_function.with_options(task_runner=DaskTaskRunner(address=config.run.dask_address))
    local_cluster = {
        "n_workers": config.extract.workers,
        "threads_per_worker": 1,  # spaCy and trafilatura hold the GIL: processes, not threads
        "processes": True,
        "host": "127.0.0.1",
        "dashboard_address": "127.0.0.1:0",  # not 0.0.0.0:8787, the default
        # In the workers too, down to the shutdown race of a heartbeat meeting the closing scheduler
        # (logged as an error); task failures still reach Prefect's log and the fetch log.
        "silence_logs": logging.CRITICAL,
    }
    return flow_function.with_options(task_runner=DaskTaskRunner(cluster_kwargs=local_cluster))


@contextmanager
def _prefect_for(config: Settings):
    """Flow-run heartbeats let a server spot crashed runs; a temporary server is gone when the run
    ends, so they watch nothing, and stopping their thread costs each run about a second. Dask
    workers must report to the same temporary server as the flow, not start one each."""
    if prefect.settings.PREFECT_API_URL.value():
        yield
        return
    updates: dict = {prefect.settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if config.run.task_runner == "dask":
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()  # the one Prefect would start; it stops it at exit, after the logs
        server.start()
        updates[prefect.settings.PREFECT_API_URL] = server.api_url
        _TEMPORARY_API_URLS.add(server.api_url)
    with prefect.settings.temporary_settings(updates=updates):
        yield


def new_run_id() -> str:
    """Sortable by start time, unique across machines."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def _fetch_log_row(result: fetch.FetchResult, html_sha256: str | None) -> dict:
    row = asdict(result)
    for name in ("html", "document", "archived_sha256", "article_id"):
        row.pop(name)
    return {**row, "html_sha256": html_sha256 or result.archived_sha256, "article_id": result.article_id}


def _article_row(article: dict, result: fetch.FetchResult, html_sha256: str | None) -> dict:
    return {**article, "final_url": result.final_url, "html_sha256": html_sha256, "fetched_at": result.fetched_at}


def _status_line(rows: list[dict]) -> str:
    counts = Counter(row["status"] for row in rows)
    return ", ".join(f"{status} {count}" for status, count in counts.most_common()) or "no inputs"


def _summary(
    run_id: str, root: Warehouse, rows: list[dict], stage_seconds: Counter, wall_seconds: float
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "warehouse": str(root),
        "input_count": len(rows),
        "status_counts": dict(Counter(row["status"] for row in rows).most_common()),
        "article_count": sum(1 for row in rows if row["article_id"] and row["status"] == "ok"),
        "failures": [
            {"input_url": row["input_url"], "status": row["status"], "error": row["error"]}
            for row in rows
            if row["status"] != "ok"
        ],
        "stage_seconds": {stage: round(seconds, 3) for stage, seconds in stage_seconds.items()},
        "wall_seconds": round(wall_seconds, 3),
    }
